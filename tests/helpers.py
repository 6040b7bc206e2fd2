"""Shared by the test modules: run a command-line program and capture what it says."""
import contextlib
import io
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def call_main(main, argv):
    """Run main(argv) in this process; return (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(argv)
    return status, out.getvalue(), err.getvalue()


def run_python(args, cwd=ROOT, timeout=120):
    """Run this Python on args in a child process; return (exit status, stdout, stderr)."""
    done = subprocess.run([sys.executable] + list(args), cwd=cwd, timeout=timeout,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True)
    return done.returncode, done.stdout, done.stderr


def assert_gradients_match(test, loss, checks, tolerance=1e-6):
    """Assert each analytic derivative matches a central difference of loss().

    checks is a list of (label, owner, key, analytic): the parameter owner[key]
    (a list element) or getattr(owner, key), and its hand-derived dL/dparam.
    """
    from nn_pure.gradcheck import numerical_derivative, relative_error
    test.assertTrue(checks, "nothing to check")
    for label, owner, key, analytic in checks:
        with test.subTest(param=label):
            numeric = numerical_derivative(loss, owner, key)
            test.assertLess(relative_error(analytic, numeric), tolerance,
                            "%s: analytic %r, numeric %r" % (label, analytic, numeric))


def matrix_checks(name, M, dM):
    """(label, owner, key, analytic) for every element of matrix M with gradient dM."""
    return [("%s[%d][%d]" % (name, i, j), M[i], j, dM[i][j])
            for i in range(len(M)) for j in range(len(M[0]))]


def vector_checks(name, v, dv):
    return [("%s[%d]" % (name, j), v, j, dv[j]) for j in range(len(v))]


def random_matrix(rng, n, m, scale=1.0):
    return [[scale * rng.normal() for _ in range(m)] for _ in range(n)]
