"""Measure candidate defaults for `python -m nn_pure.train --data` on the shipped tables.

    python dev/measure_defaults.py [--seeds 3] [--tables iris,digits,...] > dev/defaults.md

For each table and each candidate setting (flags added to the command line),
it trains with seeds 42, 43, ... in this process (nn_pure.cli.train.main,
with --json) and prints a Markdown table: the mean test score (accuracy, or
R^2 for regression) over the seeds, its spread, the epochs actually run (early
stopping may end a run sooner) and the seconds per run.  Standard library and
nn_pure only; scikit-learn's scores on the same split are in
dev/sklearn_baselines.md (seed 42).
"""
import argparse
import io
import json
import os
import sys
import time
from contextlib import redirect_stdout

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
from nn_pure.cli.train import main  # noqa: E402

# (table, target): the numeric and the mixed tables of examples/data (SOURCES.md).
TABLES = [("iris", "species"), ("breast_cancer", "diagnosis"), ("digits", "digit"),
          ("leaf", "species"), ("penguins", "species"), ("titanic", "survived"),
          ("biopsy", "class"), ("diabetes", "progression"), ("tips", "tip"),
          ("diamonds", "price"), ("cars93", "Price")]

CANDIDATES = [
    ("sgd 0.1, batch 8, 100 epochs", ["--optimizer", "sgd", "--learn-rate", "0.1",
                                      "--batch-size", "8", "--epochs", "100", "--patience", "0"]),
    ("sgd 0.1, batch 8, 100 epochs, patience 20", ["--optimizer", "sgd", "--learn-rate", "0.1",
                                                   "--batch-size", "8", "--epochs", "100",
                                                   "--patience", "20"]),
    ("adam 0.01, batch 16, 100 epochs, patience 20", ["--optimizer", "adam", "--learn-rate",
                                                      "0.01", "--batch-size", "16", "--epochs",
                                                      "100", "--patience", "20"]),
    ("adam 0.001, batch 16, 200 epochs, patience 20", ["--optimizer", "adam", "--learn-rate",
                                                       "0.001", "--batch-size", "16", "--epochs",
                                                       "200", "--patience", "20"]),
    ("adam 0.01, hidden 32, batch 16, 100 epochs, patience 20",
     ["--optimizer", "adam", "--learn-rate", "0.01", "--hidden", "32", "--batch-size", "16",
      "--epochs", "100", "--patience", "20"]),
]


def score(run):
    test = run["test"]
    for key in ("accuracy", "r2"):
        if key in test:
            return test[key]
    raise KeyError("no accuracy or r2 in %r" % sorted(test))


def measure(table, target, flags, seeds):
    scores, epochs, seconds = [], [], []
    for seed in seeds:
        out = io.StringIO()
        started = time.perf_counter()
        with redirect_stdout(out):
            status = main(["--data", os.path.join(ROOT, "examples", "data", table + ".csv"),
                           "--target", target, "--json", "--seed", str(seed)] + flags)
        seconds.append(time.perf_counter() - started)
        if status != 0:
            return None
        run = json.loads(out.getvalue())
        scores.append(score(run))
        epochs.append(run.get("last_epoch") or run.get("epochs"))
    mean = 0.0
    for s in scores:
        mean += s
    mean /= len(scores)
    spread = max(scores) - min(scores)
    return mean, spread, sum(epochs) / len(epochs), sum(seconds) / len(seconds)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--tables", help="comma-separated names (default: all)")
    args = parser.parse_args()
    chosen = args.tables.split(",") if args.tables else [t for t, _ in TABLES]
    seeds = list(range(42, 42 + args.seeds))
    print("| table | setting | test score (mean of %d seeds) | spread | epochs run | s per run |"
          % len(seeds))
    print("| --- | --- | --- | --- | --- | --- |")
    for table, target in TABLES:
        if table not in chosen:
            continue
        for name, flags in CANDIDATES:
            result = measure(table, target, flags, seeds)
            if result is None:
                print("| %s | %s | failed | | | |" % (table, name))
            else:
                print("| %s | %s | %.3f | %.3f | %.0f | %.1f |" % ((table, name) + result))
            sys.stdout.flush()
