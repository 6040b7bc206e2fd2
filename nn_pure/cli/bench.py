"""python -m nn_pure.bench: how close nn_pure's loops come to the interpreter's ceiling.

For each workload it times nn_pure and, in the same run, a baseline doing
the same arithmetic as one hand-fused function written for speed alone:
locals instead of attributes, no calls in the inner loops, no checks, no
intermediate lists it can avoid.  The two alternate, at least three times
and for at least a second (a quarter with --quick), and the median of the
time ratios (nn_pure / baseline) is reported: 1.0 would mean nn_pure's
readable loops cost nothing.  Each baseline also returns its
result, and the bench checks that it equals nn_pure's (to 1e-9), so both
really do the same work.

    A  Tutorial A: the 2-2-1 network, per-sample SGD, 1000 epochs
    B  Tutorial B: the softmax classifier, 4000 iterations of batches of 4
    C  an MLP 64-32-10 (tanh, softmax), minibatches of 32, 2000 synthetic rows, one epoch
    D  inference: predict() on 10,000 rows with the model of C

Then the peak memory (tracemalloc) of C's model and batches trained for 1 and
for 5 epochs, on 160 rows by default (--memory-rows 2000 for all of C's).
The baselines use explicit loops like nn_pure's.  (On CPython a dot product
written as sum(map(operator.mul, a, b)) is faster still, but it is not a loop,
MicroPython's unix port has no operator module, and on PyPy it is slower.)

Command-line side: it uses argparse, json, time and tracemalloc.
"""
import math
import time

from nn_pure.checks import NNPureError
from nn_pure.data import PEOPLE_X, PEOPLE_Y, toy_split
from nn_pure.mlp import MLP
from nn_pure.network import PARAM_NAMES, NeuralNetwork
from nn_pure.rng import MASK, RNG
from nn_pure.training import TUTORIAL_B_LEARN_RATE, train_epochs, train_random_batches

PROG = "nn_pure.bench"
LIMITS = {"A": 1.5, "B": 2.5, "C": 1.5, "D": 1.3}     # the most nn_pure / baseline may be


# ---- A: Tutorial A ----------------------------------------------------------------

def a_nn_pure(epochs):
    net = NeuralNetwork.from_seed(1)
    losses = net.train(PEOPLE_X, PEOPLE_Y, epochs=epochs, learn_rate=0.1)
    return [getattr(net, name) for name in PARAM_NAMES] + losses


def a_baseline(epochs):
    """Everything inline: the forward pass is written out twice, for training and for the
    epoch's loss, because a shared helper would be the call this baseline leaves out."""
    start = NeuralNetwork.from_seed(1)
    w1, w2, w3, w4, w5, w6, b1, b2, b3 = [getattr(start, name) for name in PARAM_NAMES]
    exp, rate = math.exp, 0.1
    samples = list(zip(PEOPLE_X, PEOPLE_Y))
    n = len(samples)
    losses = []
    for _ in range(epochs):
        for (x1, x2), y_true in samples:
            s = w1 * x1 + w2 * x2 + b1
            if s >= 0.0:
                h1 = 1.0 / (1.0 + exp(-s))
            else:
                z = exp(s)
                h1 = z / (1.0 + z)
            s = w3 * x1 + w4 * x2 + b2
            if s >= 0.0:
                h2 = 1.0 / (1.0 + exp(-s))
            else:
                z = exp(s)
                h2 = z / (1.0 + z)
            s = w5 * h1 + w6 * h2 + b3
            if s >= 0.0:
                o1 = 1.0 / (1.0 + exp(-s))
            else:
                z = exp(s)
                o1 = z / (1.0 + z)
            d_o = -2.0 * (y_true - o1) * (o1 * (1.0 - o1))
            d_h1 = d_o * w5 * (h1 * (1.0 - h1))
            d_h2 = d_o * w6 * (h2 * (1.0 - h2))
            w1 -= rate * d_h1 * x1
            w2 -= rate * d_h1 * x2
            b1 -= rate * d_h1
            w3 -= rate * d_h2 * x1
            w4 -= rate * d_h2 * x2
            b2 -= rate * d_h2
            w5 -= rate * d_o * h1
            w6 -= rate * d_o * h2
            b3 -= rate * d_o
        total = 0.0
        for (x1, x2), y_true in samples:
            s = w1 * x1 + w2 * x2 + b1
            if s >= 0.0:
                h1 = 1.0 / (1.0 + exp(-s))
            else:
                z = exp(s)
                h1 = z / (1.0 + z)
            s = w3 * x1 + w4 * x2 + b2
            if s >= 0.0:
                h2 = 1.0 / (1.0 + exp(-s))
            else:
                z = exp(s)
                h2 = z / (1.0 + z)
            s = w5 * h1 + w6 * h2 + b3
            if s >= 0.0:
                o1 = 1.0 / (1.0 + exp(-s))
            else:
                z = exp(s)
                o1 = z / (1.0 + z)
            error = y_true - o1
            total += error * error
        losses.append(total / n)
    return [w1, w2, w3, w4, w5, w6, b1, b2, b3] + losses


# ---- B: Tutorial B ----------------------------------------------------------------

def b_nn_pure(iterations):
    (X, y), _, _ = toy_split()
    rng = RNG(3)
    model = MLP([4, 2], rng=rng, weight_scale=1.0)
    train_random_batches(model, X, y, iterations=iterations, batch_size=4,
                         learn_rate=TUTORIAL_B_LEARN_RATE, rng=rng, report_every=0,
                         validate_every=0)
    return _flat(model)


def b_baseline(iterations):
    """Unrolled for the tutorial's shape: 4 features, 2 classes, batches of 4."""
    (X, y), _, _ = toy_split()
    rng = RNG(3)
    start = MLP([4, 2], rng=rng, weight_scale=1.0).linears[0]
    (w00, w01), (w10, w11), (w20, w21), (w30, w31) = start.W
    c0, c1 = start.b
    state, n, exp, log = rng.state, len(X), math.exp, math.log
    rate = TUTORIAL_B_LEARN_RATE
    rows = [(float(a), float(b), float(c), float(d), t) for (a, b, c, d), t in zip(X, y)]
    for _ in range(iterations):
        g00 = g01 = g10 = g11 = g20 = g21 = g30 = g31 = gc0 = gc1 = 0.0
        loss = 0.0
        for _ in range(4):
            state = (state + 0x9E3779B97F4A7C15) & MASK          # RNG.randrange, inlined
            z = state
            z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
            x0, x1, x2, x3, t = rows[int(((z ^ (z >> 31)) >> 11) / 9007199254740992.0 * n)]
            z0 = c0 + x0 * w00 + x1 * w10 + x2 * w20 + x3 * w30
            z1 = c1 + x0 * w01 + x1 * w11 + x2 * w21 + x3 * w31
            m = z0 if z0 > z1 else z1
            e0, e1 = exp(z0 - m), exp(z1 - m)
            total = e0 + e1
            loss += log(total) + m - (z1 if t else z0)
            d0 = e0 / total / 4 - (0.0 if t else 0.25)
            d1 = e1 / total / 4 - (0.25 if t else 0.0)
            g00 += x0 * d0
            g01 += x0 * d1
            g10 += x1 * d0
            g11 += x1 * d1
            g20 += x2 * d0
            g21 += x2 * d1
            g30 += x3 * d0
            g31 += x3 * d1
            gc0 += d0
            gc1 += d1
        if not math.isfinite(loss):
            raise NNPureError("diverged")
        w00 -= rate * g00
        w01 -= rate * g01
        w10 -= rate * g10
        w11 -= rate * g11
        w20 -= rate * g20
        w21 -= rate * g21
        w30 -= rate * g30
        w31 -= rate * g31
        c0 -= rate * gc0
        c1 -= rate * gc1
    return [w00, w01, w10, w11, w20, w21, w30, w31, c0, c1]


# ---- C and D: an MLP 64-32-10 ----------------------------------------------------------

def synthetic_rows(n, seed=7):
    """n rows of 64 features and a label in range(10) that depends on them."""
    rng = RNG(seed)
    centers = [[rng.normal() for _ in range(64)] for _ in range(10)]
    X, y = [], []
    for s in range(n):
        label = s % 10
        X.append([c + 0.8 * rng.normal() for c in centers[label]])
        y.append(label)
    return X, y


def c_model():
    return MLP([64, 32, 10], activation="tanh", rng=RNG(11))


def c_nn_pure(X, y, epochs=1):
    model = c_model()
    train_epochs(model, X, y, epochs=epochs, batch_size=32, learn_rate=0.1, rng=RNG(12))
    return _flat(model)


def c_baseline(X, y, epochs=1):
    """One function, explicit loops: forward, softmax, backward and update per batch."""
    model = c_model()
    first, second = model.linears
    W1, b1, W2, b2 = first.W, first.b, second.W, second.b
    tanh, exp, log, rate = math.tanh, math.exp, math.log, 0.1
    rng = RNG(12)

    def inputs_t_times(A, D):
        """(A^T D, column sums of D): a layer's dW and db from its inputs A and gradients D."""
        D_columns = list(zip(*D))
        dW = []
        for a_column in zip(*A):
            row = []
            for d_column in D_columns:
                total = 0.0
                for a, d in zip(a_column, d_column):
                    total += a * d
                row.append(total)
            dW.append(row)
        db = []
        for d_column in D_columns:
            total = 0.0
            for d in d_column:
                total += d
            db.append(total)
        return dW, db

    for _ in range(epochs):
        order = list(range(len(X)))     # each epoch shuffles from the file's order
        rng.shuffle(order)
        for start in range(0, len(order), 32):
            rows = order[start:start + 32]
            n = len(rows)
            W1_columns, W2_columns = list(zip(*W1)), list(zip(*W2))
            batch, H, dZ = [X[r] for r in rows], [], []
            loss = 0.0
            for x, r in zip(batch, rows):
                h = []
                for column, b in zip(W1_columns, b1):
                    total = b
                    for x_i, w in zip(x, column):
                        total += x_i * w
                    h.append(tanh(total))
                z = []
                for column, b in zip(W2_columns, b2):
                    total = b
                    for h_i, w in zip(h, column):
                        total += h_i * w
                    z.append(total)
                m = max(z)
                exps = [exp(v - m) for v in z]
                sum_exps = 0.0
                for e in exps:
                    sum_exps += e
                label = y[r]
                loss += log(sum_exps) + m - z[label]
                dz = [e / sum_exps / n for e in exps]
                dz[label] -= 1.0 / n
                H.append(h)
                dZ.append(dz)
            if not math.isfinite(loss):
                raise NNPureError("diverged")
            # Gradients: dW2 = H^T dZ, dH = dZ W2^T * (1 - h^2), dW1 = X^T dH, as column dots.
            dW2, db2 = inputs_t_times(H, dZ)
            dH = []
            for dz, h in zip(dZ, H):
                dh = []
                for W_row, h_i in zip(W2, h):
                    total = 0.0
                    for d, w in zip(dz, W_row):
                        total += d * w
                    dh.append(total * (1.0 - h_i * h_i))
                dH.append(dh)
            dW1, db1 = inputs_t_times(batch, dH)
            for W, dW in ((W1, dW1), (W2, dW2)):          # in place: no new lists
                for W_row, dW_row in zip(W, dW):
                    for j, g in enumerate(dW_row):
                        W_row[j] -= rate * g
            for b, db in ((b1, db1), (b2, db2)):
                for j, g in enumerate(db):
                    b[j] -= rate * g
    return [w for row in W1 for w in row] + b1 + [w for row in W2 for w in row] + b2


def d_nn_pure(model, X):
    return model.predict(X)


def d_baseline(model, X):
    first, second = model.linears
    W1T = [list(column) for column in zip(*first.W)]
    W2T = [list(column) for column in zip(*second.W)]
    b1, b2, tanh = first.b, second.b, math.tanh
    predictions = []
    for x in X:
        h = []
        for column, b in zip(W1T, b1):
            total = b
            for x_i, w in zip(x, column):
                total += x_i * w
            h.append(tanh(total))
        best, best_j = None, 0
        for j, (column, b) in enumerate(zip(W2T, b2)):
            total = b
            for h_i, w in zip(h, column):
                total += h_i * w
            if best is None or total > best:
                best, best_j = total, j
        predictions.append(best_j)
    return predictions


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
        ("D", "predict %d rows" % len(X_d), lambda: d_nn_pure(model_d, X_d),
         lambda: d_baseline(model_d, X_d)),
    ]
    results = {"quick": quick, "workloads": {}}
    report("%-3s %-32s %10s %10s %7s %6s %6s  %s" % ("", "workload", "nn_pure", "baseline",
                                                      "ratio", "limit", "pairs", "same result"))
    for key, title, ours, theirs in workloads:
        ratio, t_ours, t_theirs, agree, pairs = compare(ours, theirs, repeats, min_seconds)
        entry = {"title": title, "nn_pure_seconds": t_ours, "baseline_seconds": t_theirs,
                 "ratio": ratio, "limit": LIMITS[key], "pairs": pairs, "same_result": agree}
        if key == "C":
            entry["samples_per_second"] = rows / t_ours
        results["workloads"][key] = entry
        report("%-3s %-32s %9.3fs %9.3fs %7.2f %6.1f %6d  %s%s"
               % (key, title, t_ours, t_theirs, ratio, LIMITS[key], pairs,
                  "yes" if agree else "NO",
                  "   (%.0f samples/s)" % entry["samples_per_second"] if key == "C" else ""))

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
                        "examples:\n  python -m nn_pure.bench\n  python -m nn_pure.bench --quick"
                        "\n  pypy3 -m nn_pure.bench --json > bench.json\n")
    parser.add_argument("--quick", action="store_true",
                        help="shorter timing, smaller C and D, C's memory on 96 rows: a smoke "
                             "test for CI, in seconds")
    parser.add_argument("--memory-rows", type=int, metavar="N",
                        help="rows of C's data to trace memory on (default 160; 2000, all of "
                             "C, adds about 45 s on CPython)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    if args.memory_rows is not None and args.memory_rows < 32:
        raise cli.UsageError("--memory-rows is %d; give at least 32, one batch of C"
                             % args.memory_rows)
    implementation = "%s %s" % (platform.python_implementation(), platform.python_version())
    if not args.json:
        print("nn_pure.bench on %s%s" % (implementation, ", quick" if args.quick else ""))
    results = run_bench(args.quick, (lambda line: None) if args.json else print,
                        args.memory_rows)
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
