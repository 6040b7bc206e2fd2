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
