"""What the package promises about itself: standard library only, and a core that a board can run.

The boundary is the folder.  nn_pure/*.py is the core: it runs on MicroPython,
so copying nn_pure/ without nn_pure/cli/ is the whole board install.
nn_pure/cli/ is the command-line side, free to use what CPython has.  A core
module may hold a program's `main()` (train.py, predict.py, export.py,
bench.py), but `main()` reaches the command-line side only when it runs.
"""
import ast
import os
import sys
import unittest

from tests.helpers import ROOT, run_python

PACKAGE = os.path.join(ROOT, "nn_pure")
CLI = os.path.join(PACKAGE, "cli")
# What the core may import: the part of the standard library MicroPython also has.
# (array: Tutorial B keeps its 4000 losses in one, compactly; every MicroPython port has it.)
CORE_STDLIB = {"array", "math"}
# What the command-line side may import.  (sys.stdlib_module_names exists from 3.10 on.)
CLI_STDLIB = {"argparse", "codecs", "csv", "errno", "io", "json", "math", "os", "platform",
              "signal", "stat", "sys", "tempfile", "time", "tracemalloc",
              # struct: ONNX files hold weights as little-endian IEEE floats and doubles,
              # which only struct turns into Python floats bit for bit (issue 19).
              "struct"}


def python_files(folder):
    return sorted(os.path.join(folder, f) for f in os.listdir(folder) if f.endswith(".py"))


def imports(path):
    """[(module, function or None)] for every import in the file, naming the function
    that holds it (None for module level)."""
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read())
    found = []

    def visit(node, function):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef):
                visit(child, function or child.name)
                continue
            if isinstance(child, ast.Import):
                found.extend((alias.name, function) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                found.append(("." * child.level + (child.module or ""), function))
            visit(child, function)
    visit(tree, None)
    return found


class TestBoundary(unittest.TestCase):
    def test_core_imports_only_math_and_the_core(self):
        # Anywhere in a core module but main(): the board has no nn_pure/cli, argparse,
        # csv, json or os, so an import of them outside main() would fail there.
        for path in python_files(PACKAGE):
            for module, function in imports(path):
                with self.subTest(module=os.path.basename(path), imports=module):
                    if function == "main" and module.startswith("nn_pure.cli"):
                        continue
                    top = module.split(".")[0]
                    self.assertTrue(top in CORE_STDLIB or
                                    (top == "nn_pure" and not module.startswith("nn_pure.cli")),
                                    "core module imports %s" % module)

    def test_the_boundary_test_would_catch_an_import(self):
        # The check above, shown to bite on a module that breaks the rule.
        import tempfile
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "bad.py")
            with open(path, "w") as f:
                f.write("import json\n\ndef f():\n    from nn_pure.cli import run\n")
            self.assertEqual(imports(path), [("json", None), ("nn_pure.cli", "f")])

    def test_command_line_side_imports_only_the_standard_library(self):
        for path in python_files(CLI):
            for module, _ in imports(path):
                top = module.split(".")[0]
                with self.subTest(module=os.path.basename(path), imports=module):
                    self.assertTrue(top in CLI_STDLIB or top == "nn_pure",
                                    "%s is not in the standard library list" % module)

    def test_import_nn_pure_loads_no_command_line_module(self):
        code = ("import sys, nn_pure; "
                "print(sorted(m for m in sys.modules if m.startswith('nn_pure.cli') "
                "or m in ('argparse', 'csv', 'json')))")
        status, out, err = run_python(["-c", code])
        self.assertEqual((status, err), (0, ""))
        self.assertEqual(out.strip(), "[]")

    def test_every_program_runs_as_a_module(self):
        for name in ("train", "predict", "export", "bench"):
            with self.subTest(program=name):
                status, out, err = run_python(["-m", "nn_pure." + name, "--help"])
                self.assertEqual((status, err), (0, ""))
                self.assertIn("usage: python -m nn_pure." + name, out)


class TestPublicAPI(unittest.TestCase):
    def test_every_public_name_is_listed_in_the_package_docstring(self):
        import nn_pure
        public = [name for name in dir(nn_pure) if not name.startswith("_")
                  and not isinstance(getattr(nn_pure, name), type(sys))]
        for name in public:
            with self.subTest(name=name):
                self.assertIn(name, nn_pure.__doc__)

    def test_no_module_calls_another_modules_underscore_names(self):
        # A leading underscore means "this module's own business" (PEP 8).
        for path in python_files(PACKAGE) + python_files(CLI):
            with open(path, encoding="utf-8") as f:
                tree = ast.parse(f.read())
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom):
                    for alias in node.names:
                        with self.subTest(module=os.path.basename(path), name=alias.name):
                            self.assertFalse(alias.name.startswith("_"))
                elif (isinstance(node, ast.Attribute) and node.attr.startswith("_")
                      and not node.attr.startswith("__")):
                    with self.subTest(module=os.path.basename(path), name=node.attr):
                        self.assertTrue(isinstance(node.value, ast.Name)
                                        and node.value.id in ("self", "cls"),
                                        "%s uses another object's %s" % (path, node.attr))
