"""The export fuzz (issue 10): no name in a model file can become code in the exported module.

Claim: whatever a model file's names hold (quotes, triple quotes, backslashes,
newlines, NUL, format characters, non-ASCII, lone surrogates, 10,000
characters, Python code), each name put in each place a name can go (a
feature, a class, the target, the model file's own name) gives a module that
compiles, imports with no side effect, and predicts exactly what the library
predicts.

The names are hand-picked, built (a string closer followed by code that would
print), and drawn at random from the characters that matter to a tokenizer.
Each model goes through the model file's text (json, then loads_model), as a
hostile file would.  Importing runs in one child process for all the modules:
its stdout and stderr must stay empty (every payload prints or writes a
file), it imports nothing but the module itself, and each module holds only
the names a benign export holds.
"""
import ast
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

from nn_pure.cli.modelfile import dumps_model, loads_model, save_model
from nn_pure.export import export_source, main
from nn_pure.fitting import fit_pipeline

from tests.hostile_names import adversarial_names
from tests.helpers import call_main

# Code that, if it ever ran, would show: output, a file, or an early exit.
PAYLOADS = ['print("PWN" "ED")',
            '__import__("os").system("echo PWN" "ED")',
            'open("PWNED", "w").close()',
            'raise SystemExit("PWN" "ED")']

# What could end a string, a docstring, a comment or a line, in front of a payload.
CLOSERS = ['"""', "'''", '"', "'", "\\", "\n", "\r", "\r\n", "#", ")", "]", "}", "\\\n",
           "\x00", "{", "%", "\t", "\u2028", "\x0c", '"""\n', "'''\n", '"]\n', "']\n",
           "\\'", '\\"', "'''\"\"\"", "\"\"\"'''"]

HAND_PICKED = [
    '"""; import os; os.system("echo PWNED")#',
    "'''; import os; os.system(\"echo PWNED\")#",
    '"""\nprint("PWNED")\n"""', "'''\nprint('PWNED')\n'''",
    '"""\n__import__("os").system("echo PWNED")\n#',
    "CORP\\Ulrich", "trailing\\", "\\", "\\\\", "\\\\\\", "\\n", "\\x00", "\\N{BULLET}",
    "\\u0041", "\\'", '\\"', '"', "'", '""', "''", '"""', "'''", "\"'", "'\"\"\"'",
    "", " ", "\t", "\n", "\r", "\r\n", "\x00", "a\x00b", "\x7f", "\x1b[31mred\x1b[0m",
    "\x0b\x0c", "\x1c\x1d\x1e", "\x85", "\u2028", "\u2029",
    "#", "# comment", "# -*- coding: latin-1 -*-", "#!/bin/sh", "# type: ignore",
    "{}", "{0}", "{module}", "{names}", "{example}", "{proba_body}", "{{", "}}",
    "%s", "%r", "%d", "%(x)s", "%%", "%", "{!r}", "{0.__class__}",
    "\u00e9", "na\u00efve", "\u05e9\u05dc\u05d5\u05dd", "\u0645\u0631\u062d\u0628\u0627",
    "\u202eevil\u202c", "abc\u202edcb", "\u2066\u2069", "\u200b", "\ufeff", "\U0001f99c",
    "\U0001f469\u200d\U0001f469\u200d\U0001f467", "e\u0301", "\u0130", "\u00df", "\ufb01",
    "\ud800", "\udfff", "a\udcffb", "\U0010ffff", "\ufffe",
    "a" * 10000, '"' * 10000, "\\" * 10000, "'''" * 3334, "\u00e9" * 10000,
    "\n" * 10000, "\U0001f99c" * 10000, '"""' + "x" * 9994 + '"""',
    "None", "True", "1", "1.0", "nan", "-inf", "__import__", "math", "FEATURES", "CLASSES",
    "TARGET", "predict", "_forward", "os", "__name__", "x = 1", "import os",
    "exec('print(1)')", "lambda: 0", "];print('PWNED');x=[", "');print('PWNED');('",
]


ALPHABET = list("\"'\\\n\r\t\x00#{}%()[];: ab\u00e9\u202e\U0001f99c") + ['"""', "'''"]
NAMES = adversarial_names(HAND_PICKED, CLOSERS, [payload + "  #" for payload in PAYLOADS],
                          ALPHABET, separator="; ", n_random=80, seed=10)

# One child runs this for every module: import it, then report what it holds and predicts.
CHILD = r'''
import ast, math, sys
folder, plan_path, results_path = sys.argv[1:4]
sys.path.insert(0, folder)
with open(plan_path, encoding="ascii") as f:
    plan = ast.literal_eval(f.read())
results = []
for name, rows in plan:
    before = set(sys.modules)
    module = __import__(name)
    imported = sorted(set(sys.modules) - before)
    held = sorted(n for n in vars(module) if not n.startswith("__"))
    proba = [module.predict_proba(r) for r in rows] if hasattr(module, "predict_proba") else None
    results.append((imported, held, getattr(module, "SOURCE", None), module.TARGET,
                    module.FEATURES, getattr(module, "CLASSES", None),
                    [module.predict(r) for r in rows], proba))
with open(results_path, "w", encoding="ascii") as f:
    f.write(ascii(results))
'''


def tiny_rows(n_features):
    return [[((i * 7 + j * 3) % 11) / 5.0 - 1.0 for j in range(n_features)] for i in range(32)]


def templates():
    """Four small trained models, one per code path of the exporter: (label, pipeline, rows)."""
    rows8, rows2 = tiny_rows(8), tiny_rows(2)
    mlp = fit_pipeline(rows8, ["c%d" % (i % 8) for i in range(32)], hidden=(3,), epochs=1)[0]
    softmax = fit_pipeline(rows8, ["c%d" % (i % 3) for i in range(32)], kind="softmax",
                           epochs=1)[0]
    network = fit_pipeline(rows2, ["c%d" % (i % 2) for i in range(32)], kind="network",
                           epochs=1)[0]
    regression = fit_pipeline(rows8, [r[0] * 2.0 + r[1] for r in rows8], task="regression",
                              hidden=(3,), epochs=1)[0]
    return [("mlp", mlp, rows8[:3]), ("softmax", softmax, rows8[:3]),
            ("network", network, rows2[:3]), ("regression", regression, rows8[:3])]


def with_names(pipeline, features=None, classes=None, target=None):
    """pipeline's model file with some names replaced, loaded back as a hostile file would be."""
    document = json.loads(dumps_model(pipeline))
    if features is not None:
        document["features"] = features
    if classes is not None:
        document["classes"] = classes
    if target is not None:
        document["target"] = target
    return loads_model(json.dumps(document), "fuzz.json")


def placements(names, templates):
    """(template label, pipeline, rows, source) for every name in every place a name can go."""
    found = []
    # Feature names, then class names: as many names per model as it has places for them.
    for role in ("features", "classes"):
        cycle = [t for t in templates if role == "features" or t[1].class_names]
        stream, n = list(names), 0
        while stream:
            label, pipeline, rows = cycle[n % len(cycle)]
            n += 1
            size = len(getattr(pipeline, "feature_names" if role == "features" else "class_names"))
            chosen = stream[:size]
            stream = stream[size:]
            while len(chosen) < size:           # the last model: plain names fill the rest
                chosen.append("plain %d" % len(chosen))
            found.append((label, with_names(pipeline, **{role: chosen}), rows, None))
    # The target's name and the model file's name: one of each per model.
    for n, name in enumerate(names):
        label, pipeline, rows = templates[n % len(templates)]
        source = names[(n + 1) % len(names)]
        found.append((label, with_names(pipeline, target=name), rows, source))
    return found


NAME_LINES = ("SOURCE = ", "TARGET = ", "FEATURES = ", "CLASSES = ")


def split_names(text, module):
    """(the module's text without its name lines, under the module name "benign"; the
    values of those lines).  A repr() holds no line break, so each is one line."""
    lines, names = [], {}
    for line in text.split("\n"):
        if line.startswith(NAME_LINES):
            constant, literal = line.split(" = ", 1)
            names[constant] = ast.literal_eval(literal)
        else:
            lines.append(line)
    return "\n".join(lines).replace(module, "benign"), names


class TestExportFuzz(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.templates = templates()
        cls.benign = {}         # (label, source given): (text without names, what it holds)
        for label, pipeline, _ in cls.templates:
            for source in (None, "benign.json"):
                text = export_source(pipeline, "benign", source)
                namespace = {}
                exec(compile(text, "benign.py", "exec"), namespace)
                cls.benign[label, source is not None] = (
                    split_names(text, "benign")[0],
                    sorted(n for n in namespace if not n.startswith("__")))

    def setUp(self):
        self.folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.folder)

    def test_at_least_200_names_of_every_kind(self):
        # The issue asks for 200 generated names; check the fuzz holds the kinds it promises.
        self.assertGreaterEqual(len(NAMES), 200)
        for piece in ['"""', "'''", "\\", "\n", "\r", "\x00", "\t", "#", "{", "%", "\u202e",
                      "\U0001f99c", "\ud800", "PWNED"]:
            self.assertTrue(any(piece in name for name in NAMES), piece)
        self.assertTrue(any(name.endswith("\\") for name in NAMES))
        self.assertTrue(any(len(name) >= 10000 for name in NAMES))

    def test_every_name_in_every_place_compiles_imports_quietly_and_predicts_as_the_library(self):
        # Property (issue 10): a name is data; it never becomes code in the exported module.
        placed = placements(NAMES, self.templates)
        for role in ("feature_names", "class_names", "target_name"):
            held = set()
            for _, pipeline, _, _ in placed:
                value = getattr(pipeline, role)
                held.update(value if isinstance(value, list) else [value])
            self.assertLessEqual(set(NAMES), held, role)
        self.assertLessEqual(set(NAMES), set(source for _, _, _, source in placed))
        expected, plan = [], []
        for n, (label, pipeline, rows, source) in enumerate(placed):
            module = "fuzz_%03d" % n
            text = export_source(pipeline, module, source)
            compile(text, module + ".py", "exec")
            # The names are in their own lines, as literals, and nowhere else: the rest of the
            # text (docstring and comments too) is a benign export's, character for character.
            rest, names = split_names(text, module)
            self.assertEqual(rest, self.benign[label, source is not None][0], module)
            self.assertEqual(names.get("SOURCE"), source)
            self.assertEqual(names["TARGET"], pipeline.target_name)
            self.assertEqual(names["FEATURES"], pipeline.feature_names)
            self.assertEqual(names.get("CLASSES"), pipeline.class_names)
            with open(os.path.join(self.folder, module + ".py"), "w", encoding="utf-8") as f:
                f.write(text)
            plan.append((module, rows))
            expected.append(self.expect(label, pipeline, rows, source, module))
        self.import_in_child(plan, expected)

    def test_hostile_model_file_names_through_the_command_line(self):
        # The command line puts the model file's own name in the module (as SOURCE).
        usable = [name for name in NAMES if self.can_name_a_file(name)]
        self.assertGreaterEqual(len(usable), 20)
        label, template, rows = self.templates[0]
        expected, plan = [], []
        for n, name in enumerate(usable[:20]):
            pipeline = with_names(template, classes=[usable[(n + k) % len(usable)]
                                                     for k in range(8)], target=name)
            model = os.path.join(self.folder, name)
            save_model(pipeline, model)
            module = "fuzz_cli_%d" % n
            status, out, err = call_main(main, [model, "--output",
                                                os.path.join(self.folder, module + ".py")])
            self.assertEqual((status, out, err), (0, "", ""), repr(name))
            plan.append((module, rows))
            expected.append(self.expect(label, pipeline, rows, name, module))
        self.import_in_child(plan, expected)

    def expect(self, label, pipeline, rows, source, module):
        """What the child should report for this module: the library's own answers."""
        classifier = pipeline.task == "classification"
        return ([module], self.benign[label, source is not None][1], source,
                pipeline.target_name, pipeline.feature_names, pipeline.class_names,
                pipeline.predict(rows), pipeline.predict_proba(rows) if classifier else None)

    def import_in_child(self, plan, expected):
        plan_path = os.path.join(self.folder, "plan.txt")
        results_path = os.path.join(self.folder, "results.txt")
        with open(plan_path, "w", encoding="ascii") as f:
            f.write(ascii(plan))
        before = set(os.listdir(self.folder))
        done = subprocess.run([sys.executable, "-I", "-B", "-c", CHILD, self.folder, plan_path,
                               results_path], cwd=self.folder, timeout=120,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        # Every payload prints, writes a file or exits: none of that may happen.
        self.assertEqual((done.returncode, done.stdout, done.stderr[-2000:]), (0, b"", b""))
        made = set(os.listdir(self.folder)) - before - {"results.txt"}
        self.assertEqual(made, set())
        with open(results_path, encoding="ascii") as f:
            results = ast.literal_eval(f.read())
        self.assertEqual(len(results), len(expected))
        for (module, _), got, want in zip(plan, results, expected):
            # Same names back, bit for bit; the same classes and probabilities as the library.
            self.assertEqual(got, tuple(want), module)

    def can_name_a_file(self, name):
        if not name or name in (".", "..") or "/" in name or "\x00" in name:
            return False
        try:
            encoded = name.encode(sys.getfilesystemencoding(), "surrogateescape")
        except UnicodeEncodeError:
            return False
        return len(encoded) < 200 and any(c in name for c in "\"'\\\n#{%")


if __name__ == "__main__":
    unittest.main()
