"""The bench's baselines: the fastest explicit loops known for each workload's arithmetic.

python -m nn_pure.bench times nn_pure against these.  Each is one hand-fused
function written for speed alone: locals instead of attributes, no calls or
checks in the inner loops, no list it can avoid.  Each computes exactly what
nn_pure computes (tests/test_bench.py checks it), so the ratio
nn_pure / baseline is the price of nn_pure's readable layers, and a baseline
that nn_pure overtook would be replaced by the faster loop.

Here: A (Tutorial A's 2-2-1 network) and B (Tutorial B's softmax classifier,
unrolled for its 4x2 shape).  C and D, the MLP 64-32-10, are in
baselines_mlp.py.  Only math and the core are imported.
"""
import math

from nn_pure.checks import NNPureError
from nn_pure.data import PEOPLE_X, PEOPLE_Y, toy_split
from nn_pure.mlp import MLP
from nn_pure.network import PARAM_NAMES, NeuralNetwork
from nn_pure.rng import MASK, RNG
from nn_pure.training import TUTORIAL_B_LEARN_RATE


# ---- A: Tutorial A ----------------------------------------------------------------

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
