"""python -m nn_pure.bench: how close nn_pure's loops come to the interpreter's ceiling.

For each workload it times nn_pure and, in the same run, a baseline doing
the same arithmetic as the fastest explicit loops known for it, one
hand-fused function written for speed alone (baselines.py, baselines_mlp.py):
locals instead of attributes, no calls in the inner loops, no checks, no
intermediate lists it can avoid, and for C and D nn_pure's blocked kernel,
fused.  The two alternate, at least three times and for at least a second (a
quarter with --quick), and the median of the time ratios (nn_pure /
baseline) is reported: 1.0 would mean nn_pure's readable layers cost
nothing.  Each baseline also returns its result, and the bench checks that
it equals nn_pure's (to 1e-9; C and D agree to the last bit), so both really
do the same work.

    A  Tutorial A: the 2-2-1 network, per-sample SGD, 1000 epochs
    B  Tutorial B: the softmax classifier, 4000 iterations of batches of 4
    C  an MLP 64-32-10 (tanh, softmax), minibatches of 32, 2000 synthetic rows, one epoch
    C+Adam  the same epoch with Adam: against a fused Adam baseline, and as a multiple
       of nn_pure's own SGD epoch (at most 1.3: what Adam's moments cost)
    D  inference: predict() on 10,000 rows with the model of C
    E  (--csv) python -m nn_pure.train and predict on a generated CSV, end to end,
       stage by stage (bench_csv.py)

Then the peak memory (tracemalloc) of C's model and batches trained for 1 and
for 5 epochs, on 160 rows by default (--memory-rows 2000 for all of C's).
The baselines use explicit loops like nn_pure's.  (On CPython a dot product
written as sum(map(operator.mul, a, b)) is faster still, but it is not a loop,
MicroPython's unix port has no operator module, and on PyPy it is slower.
math.sumprod, CPython 3.12+, is faster again but rounds differently: see
sumprod_note and docs/speed.md.)

Command-line side: it uses argparse, json, time and tracemalloc.
"""
import time

from nn_pure.cli.baselines import a_baseline, b_baseline
from nn_pure.cli.baselines_mlp import (adam_update, c_baseline, c_model, d_baseline,
                                       synthetic_rows)
from nn_pure.data import PEOPLE_X, PEOPLE_Y, toy_split
from nn_pure.mlp import MLP
from nn_pure.network import PARAM_NAMES, NeuralNetwork
from nn_pure.optim import Adam
from nn_pure.rng import RNG
from nn_pure.training import TUTORIAL_B_LEARN_RATE, train_epochs, train_random_batches

PROG = "nn_pure.bench"
LIMITS = {"A": 1.5, "B": 2.5, "C": 1.5, "C+Adam": 1.5, "D": 1.3}   # most nn_pure / baseline
ADAM_OVER_SGD_LIMIT = 1.3       # an Adam epoch of C may cost at most this many SGD epochs
CSV_MAX_ROWS = 10000000         # --csv: 100 times the default, a few GB of CSV at most
MEMORY_MAX_ROWS = 2000          # --memory-rows: all of C's rows


# ---- A: Tutorial A ----------------------------------------------------------------

def a_nn_pure(epochs):
    net = NeuralNetwork.from_seed(1)
    losses = net.train(PEOPLE_X, PEOPLE_Y, epochs=epochs, learn_rate=0.1)
    return [getattr(net, name) for name in PARAM_NAMES] + losses


# ---- B: Tutorial B ----------------------------------------------------------------

def b_nn_pure(iterations):
    (X, y), _, _ = toy_split()
    rng = RNG(3)
    model = MLP([4, 2], rng=rng, weight_scale=1.0)
    train_random_batches(model, X, y, iterations=iterations, batch_size=4,
                         learn_rate=TUTORIAL_B_LEARN_RATE, rng=rng, report_every=0,
                         validate_every=0)
    return _flat(model)


# ---- C and D: an MLP 64-32-10 ----------------------------------------------------------

def c_nn_pure(X, y, epochs=1, adam=False):
    model = c_model()
    train_epochs(model, X, y, epochs=epochs, batch_size=32, learn_rate=0.1, rng=RNG(12),
                 optimizer=Adam(0.01) if adam else None)
    return _flat(model)


def d_nn_pure(model, X):
    return model.predict(X)


def _flat(model):
    values = []
    for linear in model.linears:
        for row in linear.W:
            values += row
        values += linear.b
    return values


# ---- measuring ------------------------------------------------------------------------

def compare(nn_pure_run, baseline_run, repeats, min_seconds=0.0):
    """Alternate the two runs, at least `repeats` times and for at least min_seconds;
    return (median ratio, best times, whether results agree, number of pairs).

    A run of a few milliseconds is at the mercy of the machine (and, on PyPy, of the
    JIT warming up), so short workloads get many more pairs than long ones.
    """
    ratios, ours, theirs = [], [], []
    started = time.perf_counter()
    while len(ratios) < repeats or time.perf_counter() - started < min_seconds:
        t0 = time.perf_counter()
        result = nn_pure_run()
        t1 = time.perf_counter()
        expected = baseline_run()
        t2 = time.perf_counter()
        ours.append(t1 - t0)
        theirs.append(t2 - t1)
        ratios.append((t1 - t0) / (t2 - t1))
    agree = len(result) == len(expected) and all(
        abs(a - b) <= 1e-9 * max(1.0, abs(b)) for a, b in zip(result, expected))
    ratios.sort()
    return ratios[len(ratios) // 2], min(ours), min(theirs), agree, len(ratios)


def peak_memory(run):
    """Return the peak bytes traced while run() runs, or None where tracemalloc is missing."""
    try:
        import tracemalloc
    except ImportError:                 # PyPy has no tracemalloc
        return None
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def run_bench(quick=False, report=print, memory_rows=None):
    """Run every workload; return the results as a dict (and report each line).

    memory_rows: how many of C's rows to train on under tracemalloc (default 160,
    five batches; 96 with quick).  The peak is the model plus one batch plus
    about 45 bytes a row of bookkeeping, and tracing slows training about 18x,
    so all 2000 rows would add some 45 seconds on CPython for little news.
    """
    repeats, min_seconds = 3, (0.25 if quick else 1.0)
    rows = 600 if quick else 2000
    X, y = synthetic_rows(rows)
    X_d, _ = synthetic_rows(2000 if quick else 10000, seed=8)
    model_d = c_model()
    train_epochs(model_d, X, y, epochs=1, batch_size=32, learn_rate=0.1, rng=RNG(12))
    workloads = [
        ("A", "Tutorial A, 1000 epochs", lambda: a_nn_pure(1000), lambda: a_baseline(1000)),
        ("B", "Tutorial B, 4000 iterations", lambda: b_nn_pure(4000), lambda: b_baseline(4000)),
        ("C", "MLP 64-32-10, %d rows, 1 epoch" % rows, lambda: c_nn_pure(X, y),
         lambda: c_baseline(X, y)),
        ("C+Adam", "the same epoch, Adam at 0.01", lambda: c_nn_pure(X, y, adam=True),
         lambda: c_baseline(X, y, update=adam_update(0.01))),
        ("D", "predict %d rows" % len(X_d), lambda: d_nn_pure(model_d, X_d),
         lambda: d_baseline(model_d, X_d)),
    ]
    results = {"quick": quick, "workloads": {}}
    report("%-6s %-32s %10s %10s %7s %6s %6s  %s" % ("", "workload", "nn_pure", "baseline",
                                                      "ratio", "limit", "pairs", "same result"))
    for key, title, ours, theirs in workloads:
        ratio, t_ours, t_theirs, agree, pairs = compare(ours, theirs, repeats, min_seconds)
        entry = {"title": title, "nn_pure_seconds": t_ours, "baseline_seconds": t_theirs,
                 "ratio": ratio, "limit": LIMITS[key], "pairs": pairs, "same_result": agree}
        if key == "C":
            entry["samples_per_second"] = rows / t_ours
        results["workloads"][key] = entry
        if key == "C+Adam":     # what Adam adds to an SGD epoch, nn_pure's against nn_pure's
            entry["over_sgd_epoch"] = compare(ours, lambda: c_nn_pure(X, y), repeats,
                                              min_seconds)[0]
            entry["over_sgd_limit"] = ADAM_OVER_SGD_LIMIT
        report("%-6s %-32s %9.3fs %9.3fs %7.2f %6.1f %6d  %s%s"
               % (key, title, t_ours, t_theirs, ratio, LIMITS[key], pairs,
                  "yes" if agree else "NO",
                  "   (%.0f samples/s)" % entry["samples_per_second"] if key == "C" else
                  "   (%.2f SGD epochs; limit %.1f)" % (entry["over_sgd_epoch"],
                                                      ADAM_OVER_SGD_LIMIT)
                  if key == "C+Adam" else ""))

    memory_rows = memory_rows or (96 if quick else 160)
    X_memory, y_memory = synthetic_rows(memory_rows)
    one = peak_memory(lambda: c_nn_pure(X_memory, y_memory, epochs=1))
    if one is None:
        results["memory"] = None
        report("memory: not measured, this Python has no tracemalloc (run the bench on CPython)")
        return results
    five = peak_memory(lambda: c_nn_pure(X_memory, y_memory, epochs=5))
    parameters = 64 * 32 + 32 + 32 * 10 + 10
    # A float in a list costs about 32 bytes on 64-bit CPython: 24 for the object, 8 for
    # the slot.  The yardstick: the parameters plus one batch of 32 input rows.
    yardstick = 32 * (parameters + 32 * 64)
    results["memory"] = {"rows": memory_rows, "peak_bytes_1_epoch": one,
                         "peak_bytes_5_epochs": five, "growth": five / one - 1.0,
                         "parameters": parameters,
                         "peak_over_parameters_plus_batch": five / yardstick}
    report("memory: C's peak on %d rows: %.0f KB training 1 epoch, %.0f KB training 5 (%+.1f%%), "
           "%.1fx the %d parameters plus one batch (%.0f KB)"
           % (memory_rows, one / 1024, five / 1024, 100 * (five / one - 1.0),
              five / yardstick, parameters, yardstick / 1024))
    return results


def main(argv=None):
    """Run the command line; return the exit status.

    0 when every workload ran and its baseline computed the same result (the
    ratios are measurements, reported with their limits, not assertions);
    1 when a baseline disagreed, which would make its ratio meaningless; 2 for
    bad input.
    """
    from nn_pure import cli
    return cli.run(PROG, _main, argv)


def _main(argv):
    import json
    import platform
    from nn_pure import cli
    parser = cli.parser("python -m nn_pure.bench",
                        "Time nn_pure against hand-fused loops doing the same arithmetic.",
                        "examples:\n  python -m nn_pure.bench\n  python -m nn_pure.bench --quick\n  python -m nn_pure.bench --csv"
                        "\n  pypy3 -m nn_pure.bench --json > bench.json\n")
    parser.add_argument("--quick", action="store_true",
                        help="shorter timing, smaller C and D, C's memory on 96 rows: a smoke "
                             "test for CI, in seconds")
    parser.add_argument("--memory-rows", type=int, metavar="N",
                        help="rows of C's data to trace memory on (default 160; 2000, all of "
                             "C, adds about 45 s on CPython)")
    parser.add_argument("--csv", type=int, nargs="?", const=100000, metavar="ROWS",
                        help="run only E: train and predict on a generated CSV of ROWS rows "
                             "(default 100000) x 20 features, stage by stage")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    if args.csv is not None and args.csv < 100:
        raise cli.UsageError("--csv is %d; give at least 100 rows" % args.csv)
    # Upper bounds: without them a typo of a few extra digits runs until it is
    # killed (a billion-row CSV would fill the disk long before it finished).
    if args.csv is not None and args.csv > CSV_MAX_ROWS:
        raise cli.UsageError("--csv is %d; give at most %d rows (the default, %d, takes about "
                             "a minute on CPython)" % (args.csv, CSV_MAX_ROWS, 100000))
    if args.memory_rows is not None and args.memory_rows < 32:
        raise cli.UsageError("--memory-rows is %d; give at least 32, one batch of C"
                             % args.memory_rows)
    if args.memory_rows is not None and args.memory_rows > MEMORY_MAX_ROWS:
        raise cli.UsageError("--memory-rows is %d; give at most %d, all of C's rows"
                             % (args.memory_rows, MEMORY_MAX_ROWS))
    implementation = "%s %s" % (platform.python_implementation(), platform.python_version())
    if not args.json:
        print("nn_pure.bench on %s%s" % (implementation, ", quick" if args.quick else ""))
    report = (lambda line: None) if args.json else print
    if args.csv is not None:
        from nn_pure.cli.bench_csv import run_csv
        results = run_csv(args.csv, report)
        results["python"] = implementation
        if args.json:
            print(json.dumps(results))
        return 0
    results = run_bench(args.quick, report, args.memory_rows)
    results["python"] = implementation
    workloads = results["workloads"]
    if args.json:
        print(json.dumps(results))
    else:
        print("within the limits: %s" % ", ".join(
            "%s %s" % (key, "yes" if workloads[key]["ratio"] <= workloads[key]["limit"] else "NO")
            for key in sorted(workloads)))
    return 0 if all(w["same_result"] for w in workloads.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
