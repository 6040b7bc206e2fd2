"""Time the bench's C and D with nn_pure's kernels against a copy of the kernels before
issue 16 (plain loops, one output per pass, checks on every internal call), alternating
in one run; also time the blocked baselines.  Prints the median ratios.

    python dev/speed_before_after.py [quick]          (CPython, PyPy; from the repo root)
    micropython -X heapsize=256M dev/speed_before_after.py quick   (MICROPYPATH=<repo>)

A development tool: the numbers in docs/speed.md and the blocked_dots docstring
come from it.  It swaps Linear's methods for the old ones and puts them back.
"""
import sys

try:
    from time import perf_counter as now
except ImportError:                     # MicroPython
    from time import ticks_us

    def now():
        return ticks_us() / 1e6

sys.path.insert(0, ".")
# Read baselines_mlp.py as a file: importing it as nn_pure.cli.baselines_mlp would run
# nn_pure/cli/__init__.py, which imports argparse, and MicroPython has none.
_baselines = {"__name__": "baselines_mlp"}
with open("nn_pure/cli/baselines_mlp.py") as _f:
    exec(_f.read(), _baselines)
c_baseline, c_model, d_baseline, synthetic_rows = (
    _baselines["c_baseline"], _baselines["c_model"], _baselines["d_baseline"],
    _baselines["synthetic_rows"])
from nn_pure.linear import Linear  # noqa
from nn_pure.matrix import dots  # noqa
from nn_pure.mlp import MLP  # noqa
from nn_pure.rng import RNG  # noqa
from nn_pure.training import train_epochs  # noqa


# ---- the kernels before: nn_pure at 5911a4f ------------------------------------------

old_dots = dots          # the plain kernel then, and still matrix.py's reference for it


def old_forward(self, X):
    self._check_width("forward", "X", X, self.n_in, "inputs")
    self.X = X
    W_columns = list(zip(*self.W))
    Y = []
    for x in X:
        y = []
        for W_column, b_j in zip(W_columns, self.b):
            y_j = b_j
            for x_i, w_ij in zip(x, W_column):
                y_j += x_i * w_ij
            y.append(y_j)
        Y.append(y)
    return Y


def old_backward(self, dY, input_gradient=True):
    self._check_width("backward", "dY", dY, self.n_out, "outputs")
    self.dW = self.db = None
    dY_columns = list(zip(*dY))
    self.dW = old_dots(list(zip(*self.X)), dY_columns)
    self.db = []
    for dY_column in dY_columns:
        db_j = 0.0
        for dy_sj in dY_column:
            db_j += dy_sj
        self.db.append(db_j)
    if not input_gradient:
        return None
    return old_dots(dY, self.W)


def old_batch_loss(self, X, y):
    X = self._old_forward_all(X)
    return self.loss_layer.forward(X, y)            # re-checks the labels


def old_forward_all(self, X):
    for layer in self.layers:
        X = layer.forward(X)
    return X


def old_backward_all(self):
    d = self.loss_layer.backward()
    for layer in reversed(self.layers[1:]):
        d = layer.backward(d)
    self.layers[0].backward(d, False)


NEW = (Linear.forward_unchecked, Linear.backward_unchecked, MLP.batch_loss, MLP._forward,
       MLP.backward)


def use(old):
    if old:
        Linear.forward_unchecked, Linear.backward_unchecked = old_forward, old_backward
        MLP._old_forward_all = old_forward_all
        MLP.batch_loss, MLP._forward, MLP.backward = old_batch_loss, old_forward_all, \
            old_backward_all
    else:
        (Linear.forward_unchecked, Linear.backward_unchecked, MLP.batch_loss, MLP._forward,
         MLP.backward) = NEW


# ---- the workloads ----------------------------------------------------------------

def c_run(X, y):
    model = c_model()
    train_epochs(model, X, y, epochs=1, batch_size=32, learn_rate=0.1, rng=RNG(12))
    return [w for linear in model.linears for row in linear.W for w in row]


def timed(run):
    t0 = now()
    result = run()
    return now() - t0, result


def median(values):
    values = sorted(values)
    return values[len(values) // 2]


def main():
    quick = "quick" in sys.argv
    rows, d_rows, pairs = (200, 500, 5) if quick else (2000, 10000, 7)
    X, y = synthetic_rows(rows)
    X_d, _ = synthetic_rows(d_rows, seed=8)
    model = c_model()
    train_epochs(model, X, y, epochs=1, batch_size=32, learn_rate=0.1, rng=RNG(12))
    runs = {"C": (lambda: c_run(X, y), lambda: c_baseline(X, y)),
            "D": (lambda: model.predict(X_d), lambda: d_baseline(model, X_d))}
    print("%s %s: median of %d alternating runs" % (sys.implementation.name,
                                                     ".".join(str(v) for v in
                                                              sys.implementation.version[:3]),
                                                     pairs))
    for key in ("C", "D"):
        ours, baseline = runs[key]
        new_over_old, new_over_base, times = [], [], []
        for _ in range(pairs):
            use(True)
            t_old, r_old = timed(ours)
            use(False)
            t_new, r_new = timed(ours)
            t_base, r_base = timed(baseline)
            if key == "C":
                r_base = None                       # c_baseline returns b too; check below
            if r_old != r_new:
                raise SystemExit("%s: the new kernels changed the result" % key)
            new_over_old.append(t_new / t_old)
            new_over_base.append(t_new / t_base)
            times.append((t_old, t_new, t_base))
        best = [min(t[i] for t in times) for i in range(3)]
        print("%s  before %.3fs  now %.3fs  blocked baseline %.3fs   now/before %.2f   "
              "now/baseline %.2f" % (key, best[0], best[1], best[2], median(new_over_old),
                                     median(new_over_base)))


def sumprod_predict(model, X):
    """D with math.sumprod (CPython 3.12+) for every dot product: not the default anywhere,
    because sumprod rounds its sum differently (it compensates), so its bits differ."""
    import math
    first, second = model.linears
    W1T, W2T = list(zip(*first.W)), list(zip(*second.W))
    b1, b2, tanh, sumprod = first.b, second.b, math.tanh, math.sumprod
    predictions = []
    for x in X:
        h = [tanh(b + sumprod(x, column)) for column, b in zip(W1T, b1)]
        z = [b + sumprod(h, column) for column, b in zip(W2T, b2)]
        best = 0
        for j in range(1, len(z)):
            if z[j] > z[best]:
                best = j
        predictions.append(best)
    return predictions, h, z


def sumprod_note():
    import math
    if not hasattr(math, "sumprod"):
        return
    X, y = synthetic_rows(2000)
    X_d, _ = synthetic_rows(10000, seed=8)
    model = c_model()
    train_epochs(model, X, y, epochs=1, batch_size=32, learn_rate=0.1, rng=RNG(12))
    ratios = []
    for _ in range(7):
        t_new, ours = timed(lambda: model.predict(X_d))
        t_sum, theirs = timed(lambda: sumprod_predict(model, X_d))
        ratios.append(t_sum / t_new)
    differ = 0
    for x in X_d[:200]:
        logits = model.forward([x])[0]
        _, _, z = sumprod_predict(model, [x])
        differ += sum(1 for a, b in zip(logits, z) if a != b)
    changed = sum(1 for a, b in zip(model.predict(X_d), theirs[0]) if a != b)
    print("sumprod: D in %.2f of nn_pure's time; %d of 2000 logits differ in their last bits, "
          "%d of %d predictions change" % (median(ratios), differ, changed, len(X_d)))


main()
sumprod_note()
