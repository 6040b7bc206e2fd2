"""The bench's workload E: the command line end to end on a generated CSV, stage by stage.

Real users wait on a file: python -m nn_pure.train --data reads it, checks
it, standardizes it and trains; python -m nn_pure.predict reads it again and
scores every row.  This writes a table of n rows (default 100,000) of 20
features and a class name, runs both programs on it in this process (one
epoch, the default MLP), and reports their total and rows per second.  Then
it repeats the same work one stage at a time, with the functions the
programs call, to say where the time goes.

Command-line side: it uses os, sys, io, tempfile and time.
"""
import io
import os
import sys
import tempfile
import time

from nn_pure.checks import NNPureError, check_matrix
from nn_pure.pipeline import Pipeline, class_labels
from nn_pure.preprocess import Standardizer, split_indices
from nn_pure.rng import RNG
from nn_pure.mlp import MLP
from nn_pure.optim import OPTIMIZERS
from nn_pure.training import (TABLE_BATCH_SIZE, TABLE_HIDDEN, TABLE_LEARN_RATE,
                              TABLE_OPTIMIZER, train_epochs)

N_FEATURES = 20
BYTES_PER_ROW = 181     # what write_table writes: 18.1 MB for 100,000 rows


def write_table(path, n_rows, seed=5):
    """Write n_rows of N_FEATURES numbers and a class ('a', 'b' or 'c') that depends on them."""
    rng = RNG(seed)
    centers = [[rng.normal() for _ in range(N_FEATURES)] for _ in range(3)]
    lines = [",".join(["x%d" % (i + 1) for i in range(N_FEATURES)] + ["class"])]
    for s in range(n_rows):
        label = s % 3
        lines.append(",".join(["%.6g" % (c + rng.normal()) for c in centers[label]]
                              + ["abc"[label]]))
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def _quietly(program, main, argv, folder):
    """Run a program's main(argv) with its output captured; raise if it fails."""
    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        status = main(argv)
    finally:
        sys.stdout, sys.stderr = saved
    if status != 0:             # its own one-line message, passed on with where it ran
        message = (err.getvalue().strip().splitlines() or ["status %d" % status])[-1]
        message = message.split(": error: ", 1)[-1]     # its own "nn_pure.train: error: "
        raise NNPureError("%s failed on the generated table in %s: %s (if that folder is "
                          "full, set TMPDIR to one with room)" % (program, folder, message))


def run_csv(n_rows=100000, report=print):
    """Time train and predict on a generated table; return the figures as a dict."""
    from nn_pure.cli import csvfile, predict, train
    from nn_pure.cli.bench import peak_memory
    with tempfile.TemporaryDirectory() as folder:
        data = os.path.join(folder, "table.csv")
        model = os.path.join(folder, "model.json")
        output = os.path.join(folder, "predictions.csv")
        try:
            write_table(data, n_rows)
        except OSError as error:
            raise NNPureError("cannot write the generated table of %d rows (about %.1f MB) to "
                              "%s: %s; set TMPDIR to a folder with room, or give fewer rows"
                              % (n_rows, n_rows * BYTES_PER_ROW / 1e6, data,
                                 error.strerror or error)) from None
        megabytes = os.path.getsize(data) / 1e6

        t0 = time.perf_counter()
        _quietly("python -m nn_pure.train", train.main,
                 ["--data", data, "--target", "class", "--epochs", "1", "--quiet", "--save", model],
                 folder)
        t1 = time.perf_counter()
        _quietly("python -m nn_pure.predict", predict.main, [model, data, "--output", output],
                 folder)
        t2 = time.perf_counter()

        # The same work again, one stage at a time, as fit_pipeline and predict do it.
        stages = []

        def stage(name, started):
            now = time.perf_counter()
            stages.append((name, now - started))
            return now

        t = time.perf_counter()
        table = csvfile.read_table(data, "class")
        t = stage("read and parse the CSV (train)", t)
        rows = check_matrix("fit_pipeline()", "rows", table.rows)
        class_names, y = class_labels(table.targets)
        t = stage("check rows, find the classes", t)
        rng = RNG(0)
        train_rows, val_rows, _ = split_indices([class_names[c] for c in y], 0.2, 0.2, rng, True)
        standardizer = Standardizer.fit([rows[i] for i in train_rows])
        X = standardizer.transform(rows)
        t = stage("split, standardize", t)
        # The network, optimizer and batches train --data chooses for a table by default.
        network = MLP([N_FEATURES] + list(TABLE_HIDDEN) + [3], rng=rng)
        train_epochs(network, [X[i] for i in train_rows], [y[i] for i in train_rows], epochs=1,
                     batch_size=TABLE_BATCH_SIZE,
                     optimizer=OPTIMIZERS[TABLE_OPTIMIZER](TABLE_LEARN_RATE), rng=rng,
                     X_val=[X[i] for i in val_rows], y_val=[y[i] for i in val_rows])
        t = stage("one epoch (and the validation loss)", t)
        pipeline = Pipeline(network, table.feature_names, class_names, standardizer,
                            target_name="class")
        rows, _, _ = csvfile.read_features(data, pipeline)
        t = stage("read and parse the CSV (predict)", t)
        pipeline.predict_proba(rows)
        stage("predict every row", t)
        del rows, table, X
        peak = peak_memory(lambda: csvfile.read_table(data, "class"))

    total = t2 - t0
    staged = 0.0
    for _, seconds in stages:
        staged += seconds
    results = {"rows": n_rows, "features": N_FEATURES, "megabytes": megabytes,
               "train_seconds": t1 - t0, "predict_seconds": t2 - t1,
               "rows_per_second": n_rows / total,
               "read_peak_bytes_per_row": peak / n_rows if peak is not None else None,
               "stages": [{"stage": name, "seconds": seconds, "share": seconds / staged}
                          for name, seconds in stages]}
    report("E   CSV end to end: %d rows x %d features (%.1f MB), train 1 epoch %.2fs, predict "
           "%.2fs: %.0f rows/s" % (n_rows, N_FEATURES, megabytes, t1 - t0, t2 - t1,
                                    n_rows / total))
    for name, seconds in stages:
        report("      %-38s %7.2fs  %3.0f%%" % (name, seconds, 100 * seconds / staged))
    if peak is None:
        report("      memory: not measured, this Python has no tracemalloc")
    else:
        report("      reading the CSV peaks at %.0f bytes a row (%.1f times the file's %.0f "
               "bytes a row)" % (peak / n_rows, peak / (megabytes * 1e6),
                                 megabytes * 1e6 / n_rows))
    return results

