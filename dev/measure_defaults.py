"""Measure candidate defaults for `python -m nn_pure.train --data` on the shipped tables.

    python dev/measure_defaults.py [--seeds 42,0,1] [--tables iris,digits,...]
                                   [--candidates 0,3,9]

For each table and each candidate setting (flags added to the command line),
it trains with each seed in this process (nn_pure.cli.train.main, with
--json) and prints a Markdown table: the mean test score (accuracy, or R^2
for regression) over the seeds, the lowest and highest, the epochs actually
run (early stopping may end a run sooner) and the seconds per run.  Standard library and
nn_pure only; scikit-learn's scores on the same split are in
dev/sklearn_baselines.md (seed 42).
"""
import argparse
import io
import json
import os
import sys
import time
from contextlib import redirect_stderr, redirect_stdout

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
from nn_pure.cli.train import main  # noqa: E402

# (table, target, flags): every table of examples/data (SOURCES.md); cars93 also without
# Min.Price and Max.Price, the two columns that give its Price away.
TABLES = [("iris", "species", []), ("breast_cancer", "diagnosis", []), ("digits", "digit", []),
          ("leaf", "species", []), ("penguins", "species", []), ("titanic", "survived", []),
          ("credit", "Status", []), ("hmda", "deny", []), ("survey", "Sex", []),
          ("biopsy", "class", []), ("diabetes", "progression", []), ("tips", "tip", []),
          ("diamonds", "price", []), ("cars93", "Price", []),
          ("cars93", "Price", ["--ignore", "Min.Price,Max.Price"])]
REGRESSION = ("diabetes", "tips", "diamonds", "cars93")

# Every candidate names every flag that a default could fill (--hidden, --weight-decay,
# --patience, --epochs), so that it measures the same thing whatever the defaults are.
SGD = ["--optimizer", "sgd", "--learn-rate", "0.1", "--batch-size", "8", "--weight-decay", "0"]
ADAM = ["--optimizer", "adam", "--learn-rate", "0.01", "--batch-size", "16"]

# (name, flags): the defaults before this measurement first, then the candidates; the
# last, "defaults", passes no flag: whatever nn_pure/training.py chooses today.
CANDIDATES = [
    ("sgd 0.1, batch 8, hidden 8, 100 epochs (before)",
     SGD + ["--hidden", "8", "--epochs", "100", "--patience", "0"]),
    ("sgd 0.1, batch 8, hidden 8, 100 epochs, patience 20",
     SGD + ["--hidden", "8", "--epochs", "100", "--patience", "20"]),
    ("adam 0.01, batch 16, hidden 8, 100 epochs, patience 20",
     ADAM + ["--weight-decay", "0", "--hidden", "8", "--epochs", "100", "--patience", "20"]),
    ("adam 0.01, batch 16, hidden 32, 100 epochs, patience 20",
     ADAM + ["--weight-decay", "0", "--hidden", "32", "--epochs", "100", "--patience", "20"]),
    ("adam 0.01, L2 0.01, batch 16, hidden 32, 100 epochs, patience 20",
     ADAM + ["--weight-decay", "0.01", "--hidden", "32", "--epochs", "100", "--patience", "20"]),
    ("adam 0.01, L2 0.1, batch 16, hidden 8, 200 epochs, patience 30",
     ADAM + ["--weight-decay", "0.1", "--hidden", "8", "--epochs", "200", "--patience", "30"]),
    ("adam 0.01, L2 0.1, batch 16, hidden 32, 200 epochs, patience 30",
     ADAM + ["--weight-decay", "0.1", "--hidden", "32", "--epochs", "200", "--patience", "30"]),
    ("adam 0.01, L2 0.3, batch 16, hidden 8, 200 epochs, patience 30",
     ADAM + ["--weight-decay", "0.3", "--hidden", "8", "--epochs", "200", "--patience", "30"]),
    ("adam 0.01, batch 16, hidden 16, 100 epochs, patience 20",
     ADAM + ["--weight-decay", "0", "--hidden", "16", "--epochs", "100", "--patience", "20"]),
    ("defaults", []),
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
        with redirect_stdout(out), redirect_stderr(io.StringIO()):     # notes, warnings
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
    return mean, min(scores), max(scores), sum(epochs) / len(epochs), sum(seconds) / len(seconds)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="42,0,1,2,3,4",
                        help="comma-separated seeds (default 42,0,1,2,3,4)")
    parser.add_argument("--tables", help="comma-separated names (default: all)")
    parser.add_argument("--candidates",
                        help="comma-separated numbers in CANDIDATES, from 0 (default: all)")
    args = parser.parse_args()
    chosen = args.tables.split(",") if args.tables else [t for t, _, _ in TABLES]
    seeds = [int(seed) for seed in args.seeds.split(",")]
    picked = ([CANDIDATES[int(i)] for i in args.candidates.split(",")] if args.candidates
              else CANDIDATES)
    print("| table | setting | test score: mean of seeds %s | lowest | highest | epochs run "
          "| s per run |" % " ".join(str(seed) for seed in seeds))
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for table, target, table_flags in TABLES:
        if table not in chosen:
            continue
        label = table + "".join(" " + flag for flag in table_flags)
        for name, flags in picked:
            result = measure(table, target, table_flags + flags, seeds)
            if result is None:
                print("| %s | %s | failed | | | | |" % (label, name))
            else:
                print("| %s | %s | %.3f | %.3f | %.3f | %.0f | %.1f |" % ((label, name) + result))
            sys.stdout.flush()
