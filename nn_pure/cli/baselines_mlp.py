"""The bench's C and D baselines: an MLP 64-32-10 trained and asked, in the fastest loops known.

The blocked form of nn_pure.matrix.blocked_dots, fused: four outputs of a
layer per pass over its inputs (the remainder one at a time), tanh and the
softmax applied as each row is made, the tanh derivative multiplied in as
each gradient is made, and the argmax taken as the outputs come, so that no
intermediate matrix is built that the next step could do without.  Every sum
is accumulated in nn_pure's order, so the results are the same to the last
bit (tests/test_bench.py), and nn_pure / baseline measures what nn_pure's
layers, lists and checks cost on top of the same arithmetic.

Only math and the core are imported, so that MicroPython can time them too
(dev/speed_before_after.py).
"""
import math

from nn_pure.checks import NNPureError
from nn_pure.matrix import blocked_dots, columns_of
from nn_pure.mlp import MLP
from nn_pure.rng import RNG


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


def blocks_of_four(columns, starts):
    """(blocks, rest): columns and their starting values gathered four at a time,
    (column0, .., column3, start0, .., start3), and the last 0 to 3 as (column, start)."""
    n_blocked = len(columns) - len(columns) % 4
    blocks = []
    for j in range(0, n_blocked, 4):
        blocks.append((columns[j], columns[j + 1], columns[j + 2], columns[j + 3],
                       starts[j], starts[j + 1], starts[j + 2], starts[j + 3]))
    return blocks, list(zip(columns[n_blocked:], starts[n_blocked:]))


def transposed_times(A, D):
    """(A^T D, column sums of D): a layer's dW and db from its inputs A and gradients D.
    dW has nothing to fuse with, so it is nn_pure's own kernel."""
    D_columns = columns_of(D)
    dW = blocked_dots(columns_of(A), D_columns)
    db = []
    for d_column in D_columns:
        total = 0.0
        for d in d_column:
            total += d
        db.append(total)
    return dW, db


def sgd_update(rate):
    """C's update, in place: p <- p - rate * g."""
    def update(parameters, gradients):
        for P, G in zip(parameters, gradients):
            if type(P[0]) is list:
                for p_row, g_row in zip(P, G):
                    for j, g in enumerate(g_row):
                        p_row[j] -= rate * g
            else:
                for j, g in enumerate(G):
                    P[j] -= rate * g
    return update


def adam_update(lr, beta1=0.9, beta2=0.999, eps=1e-8):
    """Adam's update with no weight decay, fused and in place: the same arithmetic, in the
    same order, as nn_pure.optim.Adam, with its moments in plain lists."""
    moments = []        # [m, v] per parameter, created at the first step
    t = [0]
    sqrt = math.sqrt

    def update(parameters, gradients):
        if not moments:
            for P in parameters:
                rows = P if type(P[0]) is list else [P]
                moments.append(([[0.0] * len(r) for r in rows], [[0.0] * len(r) for r in rows]))
        t[0] += 1
        step_size = lr / (1.0 - beta1 ** t[0])
        correction = (1.0 - beta2 ** t[0]) ** 0.5
        a1, a2 = 1.0 - beta1, 1.0 - beta2
        for P, G, (M, V) in zip(parameters, gradients, moments):
            rows = zip(P, G, M, V) if type(P[0]) is list else [(P, G, M[0], V[0])]
            for p_row, g_row, m_row, v_row in rows:
                for j, g in enumerate(g_row):
                    m = beta1 * m_row[j] + a1 * g
                    v = beta2 * v_row[j] + a2 * g * g
                    m_row[j] = m
                    v_row[j] = v
                    p_row[j] = p_row[j] - step_size * m / (sqrt(v) / correction + eps)
    return update


def c_baseline(X, y, epochs=1, update=None):
    """One function, blocked loops: forward, softmax, backward and update per batch.

    update(parameters, gradients) is the step, in place (default: SGD at 0.1).
    """
    model = c_model()
    first, second = model.linears
    W1, b1, W2, b2 = first.W, first.b, second.W, second.b
    tanh, exp, log = math.tanh, math.exp, math.log
    update = update or sgd_update(0.1)
    rng = RNG(12)
    zeros = [0.0] * len(W1[0])
    for _ in range(epochs):
        order = list(range(len(X)))     # each epoch shuffles from the file's order
        rng.shuffle(order)
        for start in range(0, len(order), 32):
            rows = order[start:start + 32]
            n = len(rows)
            blocks1, rest1 = blocks_of_four(columns_of(W1), b1)
            blocks2, rest2 = blocks_of_four(columns_of(W2), b2)
            batch, H, dZ = [X[r] for r in rows], [], []
            loss = 0.0
            for x, r in zip(batch, rows):
                h = []
                for c0, c1, c2, c3, m0, m1, m2, m3 in blocks1:
                    for k, a in enumerate(x):
                        m0 += a * c0[k]
                        m1 += a * c1[k]
                        m2 += a * c2[k]
                        m3 += a * c3[k]
                    h.append(tanh(m0))
                    h.append(tanh(m1))
                    h.append(tanh(m2))
                    h.append(tanh(m3))
                for column, m in rest1:
                    for a, w in zip(x, column):
                        m += a * w
                    h.append(tanh(m))
                z = []
                for c0, c1, c2, c3, m0, m1, m2, m3 in blocks2:
                    for k, a in enumerate(h):
                        m0 += a * c0[k]
                        m1 += a * c1[k]
                        m2 += a * c2[k]
                        m3 += a * c3[k]
                    z.append(m0)
                    z.append(m1)
                    z.append(m2)
                    z.append(m3)
                for column, m in rest2:
                    for a, w in zip(h, column):
                        m += a * w
                    z.append(m)
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
            # dW2 = H^T dZ;  dH = dZ W2^T * (1 - h^2), blocked over W2's rows;  dW1 = X^T dH.
            dW2, db2 = transposed_times(H, dZ)
            blocks, rest = blocks_of_four(W2, zeros)
            dH = []
            for dz, h in zip(dZ, H):
                dh = []
                for c0, c1, c2, c3, m0, m1, m2, m3 in blocks:
                    for k, d in enumerate(dz):
                        m0 += d * c0[k]
                        m1 += d * c1[k]
                        m2 += d * c2[k]
                        m3 += d * c3[k]
                    i = len(dh)
                    h0, h1, h2, h3 = h[i], h[i + 1], h[i + 2], h[i + 3]
                    dh.append(m0 * (1.0 - h0 * h0))
                    dh.append(m1 * (1.0 - h1 * h1))
                    dh.append(m2 * (1.0 - h2 * h2))
                    dh.append(m3 * (1.0 - h3 * h3))
                for W_row, m in rest:
                    for d, w in zip(dz, W_row):
                        m += d * w
                    h_i = h[len(dh)]
                    dh.append(m * (1.0 - h_i * h_i))
                dH.append(dh)
            dW1, db1 = transposed_times(batch, dH)
            update([W1, b1, W2, b2], [dW1, db1, dW2, db2])      # in place: no new lists
    return [w for row in W1 for w in row] + b1 + [w for row in W2 for w in row] + b2


def d_baseline(model, X):
    """Predictions, row by row: the hidden layer blocked with tanh fused in, the output
    layer blocked, and the argmax taken as the outputs are made."""
    first, second = model.linears
    blocks1, rest1 = blocks_of_four(columns_of(first.W), first.b)
    blocks2, rest2 = blocks_of_four(columns_of(second.W), second.b)
    tanh = math.tanh
    predictions = []
    for x in X:
        h = []
        for c0, c1, c2, c3, m0, m1, m2, m3 in blocks1:
            for k, a in enumerate(x):
                m0 += a * c0[k]
                m1 += a * c1[k]
                m2 += a * c2[k]
                m3 += a * c3[k]
            h.append(tanh(m0))
            h.append(tanh(m1))
            h.append(tanh(m2))
            h.append(tanh(m3))
        for column, m in rest1:
            for a, w in zip(x, column):
                m += a * w
            h.append(tanh(m))
        best, best_j, j = None, 0, 0
        for c0, c1, c2, c3, m0, m1, m2, m3 in blocks2:
            for k, a in enumerate(h):
                m0 += a * c0[k]
                m1 += a * c1[k]
                m2 += a * c2[k]
                m3 += a * c3[k]
            if best is None or m0 > best:         # the first of equal largest wins, as argmax
                best, best_j = m0, j
            if m1 > best:
                best, best_j = m1, j + 1
            if m2 > best:
                best, best_j = m2, j + 2
            if m3 > best:
                best, best_j = m3, j + 3
            j += 4
        for column, m in rest2:
            for a, w in zip(h, column):
                m += a * w
            if best is None or m > best:
                best, best_j = m, j
            j += 1
        predictions.append(best_j)
    return predictions
