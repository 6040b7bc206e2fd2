"""Run every docstring example in the package, and in docs/, as part of `python -m unittest`.

The modules are found from the folder, so a new module's examples run without
anyone remembering to list it.
"""
import doctest
import importlib
import os

from tests.helpers import ROOT


def package_modules():
    names = []
    for folder, package in (("nn_pure", "nn_pure"), (os.path.join("nn_pure", "cli"), "nn_pure.cli")):
        for f in sorted(os.listdir(os.path.join(ROOT, folder))):
            if f.endswith(".py"):
                names.append(package if f == "__init__.py" else package + "." + f[:-3])
    return names


def markdown_files():
    found = [os.path.join(ROOT, "README.md")]
    for folder, _, files in os.walk(os.path.join(ROOT, "docs")):
        found += [os.path.join(folder, f) for f in sorted(files) if f.endswith(".md")]
    return found


def load_tests(loader, tests, ignore):
    # The load_tests protocol, as CPython's test_statistics.py uses it for its doctests.
    for name in package_modules():
        tests.addTests(doctest.DocTestSuite(importlib.import_module(name)))
    for path in markdown_files():
        with open(path, encoding="utf-8") as f:
            if ">>> " not in f.read():
                continue        # a page with no examples (CPython 3.13 reports it as skipped)
        tests.addTests(doctest.DocFileSuite(path, module_relative=False, encoding="utf-8"))
    return tests
