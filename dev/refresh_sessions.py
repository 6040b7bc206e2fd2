"""Re-run the shell sessions shown in README.md and docs/, and write their real output back.

    python dev/refresh_sessions.py            (from the repository root)

A session is a line `$ python -m nn_pure.<program> ...` in a ```text block and
the lines after it, up to the next `$` line or the end of the block, exactly
as tests/test_readme.py reads them.  Sessions with elided output ('...' or
'(chart)') and the bench are left as they are.  Run it after a change that
moves the numbers a session prints (a new default, say), then read the diff:
the test fails until the pages show what the programs print.
"""
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
from tests.test_readme import pages  # noqa: E402  (the same pages the test reads)


def refresh(page):
    path = os.path.join(ROOT, page)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    folder = tempfile.mkdtemp()
    os.symlink(os.path.join(ROOT, "examples"), os.path.join(folder, "examples"))
    os.symlink(os.path.join(ROOT, "examples", "data", "iris.csv"),
               os.path.join(folder, "iris.csv"))
    env = dict(os.environ, PYTHONPATH=ROOT)

    def run_block(match):
        lines = match.group(1).splitlines()
        out, i = [], 0
        while i < len(lines):
            line = lines[i]
            out.append(line)
            i += 1
            if not line.startswith("$ python -m nn_pure.") or "nn_pure.bench" in line:
                continue
            j = i
            while j < len(lines) and not lines[j].startswith("$"):
                j += 1
            shown = lines[i:j]
            trailing = []
            while shown and not shown[-1].strip():
                trailing.append(shown.pop())
            if any(s.strip() in ("...", "(chart)") for s in shown):
                out += lines[i:j]
            else:
                done = subprocess.run([sys.executable] + shlex.split(line[1:])[1:], cwd=folder,
                                      env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                      universal_newlines=True)
                out += [l.rstrip() for l in (done.stdout + done.stderr).splitlines()] + trailing
            i = j
        return "```text\n" + "\n".join(out) + "\n```"

    new = re.sub(r"```text\n(.*?)\n```", run_block, text, flags=re.S)
    shutil.rmtree(folder)
    if new != text:
        with open(path, "w", encoding="utf-8") as f:
            f.write(new)
        print("refreshed", page)


if __name__ == "__main__":
    for page in pages():
        refresh(page)
