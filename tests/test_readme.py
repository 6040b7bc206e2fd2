"""The sessions in README.md and docs/ are real: each command prints what the page shows.

A session is a line `$ python -m nn_pure.<program> ...` in a text block, followed by
its output.  Sessions with elided output ('...' or '(chart)') and the bench (whose
times vary) are left out; elapsed and remaining times are masked.  Commands run in a
scratch folder that sees the repository's examples/ (and iris.csv, as the Embedding
section's project folder has it), so files they save land there.
"""
import os
import re
import shlex
import shutil
import tempfile
import unittest

from tests.helpers import ROOT, run_python


def pages():
    """README.md and every Markdown page under docs/, as paths from the repository root."""
    found = ["README.md"]
    for folder, _, files in os.walk(os.path.join(ROOT, "docs")):
        found += sorted(os.path.relpath(os.path.join(folder, f), ROOT)
                        for f in files if f.endswith(".md"))
    return found


def readme_sessions(page="README.md"):
    """Return [(command words, expected output lines)] for the page's complete sessions."""
    with open(os.path.join(ROOT, page), encoding="utf-8") as f:
        text = f.read()
    sessions = []
    for block in re.findall(r"```text\n(.*?)```", text, re.S):
        command, output = None, []
        for line in block.splitlines() + ["$"]:
            if line.startswith("$"):
                while output and not output[-1].strip():    # the blank line between sessions
                    output.pop()
                if command and not any(out.strip() in ("...", "(chart)") for out in output):
                    sessions.append((command, output))
                command, output = None, []
                if line.startswith("$ python -m nn_pure.") and "nn_pure.bench" not in line:
                    command = shlex.split(line[1:])[1:]         # drop "python"
            elif command:
                output.append(line)
    return sessions


def masked(lines):
    return [re.sub(r"elapsed \S+  remaining \S+", "elapsed -  remaining -", line).rstrip()
            for line in lines]


class TestReadmeSessions(unittest.TestCase):
    def test_sessions_print_what_the_pages_show(self):
        counted = 0
        for page in pages():
            sessions = readme_sessions(page)
            counted += len(sessions)
            self.check_sessions(page, sessions)
        self.assertGreaterEqual(counted, 5)     # Tutorial A twice, Iris, two predicts

    def check_sessions(self, page, sessions):
        # Each page's sessions run in order, in a scratch folder of their own.
        folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, folder)
        os.symlink(os.path.join(ROOT, "examples"), os.path.join(folder, "examples"))
        # The Embedding section works in a project folder with iris.csv beside it.
        os.symlink(os.path.join(ROOT, "examples", "data", "iris.csv"),
                   os.path.join(folder, "iris.csv"))
        env_path = os.environ.get("PYTHONPATH")
        os.environ["PYTHONPATH"] = ROOT + (os.pathsep + env_path if env_path else "")
        self.addCleanup(lambda: os.environ.__setitem__("PYTHONPATH", env_path)
                        if env_path is not None else os.environ.pop("PYTHONPATH"))
        for command, expected in sessions:
            with self.subTest(page=page, command=" ".join(command)):
                status, out, err = run_python(command, cwd=folder)
                is_error = bool(expected) and ": error: " in expected[0]
                self.assertEqual(status, 2 if is_error else 0, err)
                self.assertEqual(masked(out.splitlines() + err.splitlines()), masked(expected))
