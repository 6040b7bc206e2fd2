"""Print the final parameters of three seeded training runs, one `name value` per line.

    python -m tests.seeded_run                 (CPython, PyPy; from the repository root)
    micropython tests/seeded_run.py            (with MICROPYPATH=<repo>:<repo>/tests)

CI runs this on every interpreter (CPython 3.6-3.13, PyPy, both MicroPython
builds) and .ci/compare_runs.py checks that they agree to 1e-9: same seed,
same numbers, everywhere.  The runs: Tutorial A (seed 42, 1000 epochs),
Tutorial B (seed 0, 4000 iterations), an MLP 2-4-2 on XOR (seed 0,
100 epochs), and the same MLP trained by Adam with weight decay, a cosine
schedule and gradient clipping (seed 1, 50 epochs).
"""
from nn_pure import MLP, PARAM_NAMES, RNG, Adam, train_epochs, xor_split
from nn_pure.schedules import make_schedule
from nn_pure.training import train_people, train_tutorial_b


def seeded_parameters():
    """Return [(name, value)] for every trained parameter of the three runs."""
    values = []
    # Keep only the network: on MicroPython every float in the 1000-epoch loss history
    # is its own heap object, and held on, they fragment a small heap (see README).
    net = train_people(seed=42, epochs=1000, learn_rate=0.1)[0]
    for name in PARAM_NAMES:
        values.append(("tutorial_a." + name, getattr(net, name)))
    model = train_tutorial_b(seed=0)[0]
    values += _layers("tutorial_b", model)
    rng = RNG(0)
    (X, y), _, _ = xor_split(rng)
    model = MLP([2, 4, 2], rng=rng)
    train_epochs(model, X, y, epochs=100, batch_size=4, learn_rate=0.2, rng=rng)
    values += _layers("xor_mlp", model)
    rng = RNG(1)
    (X, y), _, _ = xor_split(rng)
    model = MLP([2, 4, 2], rng=rng)
    train_epochs(model, X, y, epochs=50, batch_size=4, rng=rng,
                 optimizer=Adam(0.05, weight_decay=0.01), clip_norm=2.0,
                 schedule=make_schedule("cosine", 0.05, 50))
    values += _layers("xor_adam", model)
    return values


def _layers(prefix, model):
    values = []
    for n, linear in enumerate(model.linears):
        for i, row in enumerate(linear.W):
            for j, w in enumerate(row):
                values.append(("%s.W%d[%d][%d]" % (prefix, n + 1, i, j), w))
        for j, b in enumerate(linear.b):
            values.append(("%s.b%d[%d]" % (prefix, n + 1, j), b))
    return values


if __name__ == "__main__":
    for name, value in seeded_parameters():
        print("%s %r" % (name, value))
