"""Run every docstring example in the package as part of `python -m unittest`."""
import doctest
import importlib

MODULES = ["activations", "checks", "data", "gradcheck", "linear", "losses", "matrix",
           "metrics", "mlp", "network", "neuron", "pipeline", "preprocess", "rng", "textplot",
           "training"]


def load_tests(loader, tests, ignore):
    # The load_tests protocol, as CPython's test_statistics.py uses it for its doctests.
    for name in MODULES:
        tests.addTests(doctest.DocTestSuite(importlib.import_module("nn_pure." + name)))
    return tests
