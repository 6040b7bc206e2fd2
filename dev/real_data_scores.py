"""nn_pure at its defaults on the example tables: the scores in docs/real-data.md.

    python dev/real_data_scores.py                 # every table, seeds 42 and 0-4
    python dev/real_data_scores.py penguins.csv    # one table

For each table it runs `python -m nn_pure.train --data FILE --target COLUMN
--json [FLAGS]` (nothing else: the defaults) with --seed 42, the seed of
dev/sklearn_baselines.md's split, and with seeds 0-4 for the spread, and
prints one markdown row: the test accuracy or R^2 at seed 42, the mean and
range over seeds 0-4, the epoch kept, and the seconds of the seed-42 run.
Standard library only, so it runs where nn_pure does; tables run in parallel.
"""
import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TABLES = [("penguins.csv", "species", []), ("titanic.csv", "survived", []),
          ("credit.csv", "Status", []), ("hmda.csv", "deny", []), ("survey.csv", "Sex", []),
          ("biopsy.csv", "class", []), ("leaf.csv", "species", []),
          ("breast_cancer.csv", "diagnosis", []), ("digits.csv", "digit", []),
          ("iris.csv", "species", []), ("cars93.csv", "Price", []),
          ("cars93.csv", "Price", ["--ignore", "Min.Price,Max.Price"]),
          ("diamonds.csv", "price", []), ("tips.csv", "tip", []),
          ("diabetes.csv", "progression", [])]
SEEDS = [42, 0, 1, 2, 3, 4]


def run(name, target, flags, seed):
    start = time.time()
    done = subprocess.run([sys.executable, "-m", "nn_pure.train", "--data",
                           os.path.join("examples", "data", name), "--target", target, "--json",
                           "--seed", str(seed)] + flags, cwd=ROOT, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, universal_newlines=True)
    seconds = time.time() - start
    if done.returncode:
        raise SystemExit("%s: %s" % (name, done.stderr))
    record = json.loads(done.stdout)
    test = record["test"]
    value = test["accuracy"] if "accuracy" in test else test["r2"]
    return value, record.get("best_epoch"), seconds, record["task"]


def row(spec):
    name, target, flags = spec
    results = [run(name, target, flags, seed) for seed in SEEDS]
    value, epoch, seconds, task = results[0]
    others = [r[0] for r in results[1:]]
    total = 0.0
    for v in others:
        total += v
    fmt = (lambda v: "%.1f%%" % (100 * v)) if task == "classification" else (lambda v: "%.3f" % v)
    label = name + ("".join(" " + f for f in flags) if flags else "")
    return "| %s | %s | %s | %s (%s to %s) | %s | %.1f s |" % (
        label, task[:5] + ".", fmt(value), fmt(total / len(others)), fmt(min(others)),
        fmt(max(others)), epoch, seconds)


if __name__ == "__main__":
    chosen = [t for t in TABLES if len(sys.argv) < 2 or t[0] in sys.argv[1:]]
    with ThreadPoolExecutor(max_workers=8) as pool:
        for line in pool.map(row, chosen):
            print(line, flush=True)
