"""The README's sessions are real: each documented command prints what the README shows.

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


def readme_sessions():
    """Return [(command words, expected output lines)] for the complete sessions."""
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
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
    def test_sessions_print_what_the_readme_shows(self):
        sessions = readme_sessions()
        self.assertGreaterEqual(len(sessions), 4)           # Tutorial A, Iris, two predicts
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
            with self.subTest(command=" ".join(command)):
                status, out, err = run_python(command, cwd=folder)
                is_error = bool(expected) and ": error: " in expected[0]
                self.assertEqual(status, 2 if is_error else 0, err)
                self.assertEqual(masked(out.splitlines() + err.splitlines()), masked(expected))
