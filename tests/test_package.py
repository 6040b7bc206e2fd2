"""What the package promises about itself: standard library only, a light core."""
import ast
import os
import unittest

from tests.helpers import ROOT, run_python

# The command-line side: front ends and the file handling only they need.
CLI_MODULES = {"cli.py", "train.py", "predict.py", "csvdata.py", "files.py", "modelfile.py",
               "progress.py", "svgplot.py", "bench.py"}
# What the core may import: the part of the standard library MicroPython also has.
CORE_STDLIB = {"math"}


def imports_of(path, top_level_only=False):
    """The top-level packages a module imports (only at module level, if asked)."""
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read())
    names = set()
    for node in (tree.body if top_level_only else ast.walk(tree)):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


class TestImports(unittest.TestCase):
    def package_files(self):
        folder = os.path.join(ROOT, "nn_pure")
        return sorted(f for f in os.listdir(folder) if f.endswith(".py"))

    def test_core_imports_only_math_and_itself(self):
        # Module level, where an import runs when the module loads.  (export.py's main()
        # imports the command-line pieces it needs inside itself, only when it runs.)
        for name in self.package_files():
            if name in CLI_MODULES:
                continue
            with self.subTest(module=name):
                found = imports_of(os.path.join(ROOT, "nn_pure", name), True) - {"nn_pure"}
                self.assertLessEqual(found, CORE_STDLIB)

    def test_front_ends_import_only_the_standard_library(self):
        stdlib = {"argparse", "csv", "io", "json", "math", "os", "platform", "sys", "time",
                  "tracemalloc"}
        for name in sorted(CLI_MODULES):
            with self.subTest(module=name):
                found = imports_of(os.path.join(ROOT, "nn_pure", name)) - {"nn_pure"}
                self.assertLessEqual(found, stdlib)

    def test_import_nn_pure_loads_no_cli_module(self):
        code = ("import sys, nn_pure; "
                "print(sorted(m for m in ('argparse', 'json', 'csv', 'nn_pure.cli', "
                "'nn_pure.train', 'nn_pure.modelfile', 'nn_pure.csvdata') if m in sys.modules))")
        status, out, err = run_python(["-c", code])
        self.assertEqual((status, err), (0, ""))
        self.assertEqual(out.strip(), "[]")
