"""The reference problem each optimizer is held to: PyTorch's float64 torch.optim numbers.

dev/torch_optimizer_golden.py runs these settings through PyTorch and writes
tests/golden_optimizers.py; tests/test_optim.py (CPython, PyPy) and
tests/test_portable.py (MicroPython too) run them through nn_pure.optim and
compare.  Plain Python and math only, so that every interpreter can import it.
"""
import math

from nn_pure.optim import OPTIMIZERS


# ---- the reference problem that dev/torch_optimizer_golden.py runs through PyTorch ----------
# An MLP-shaped parameter list, W1 3x4, b1 4, W2 4x2, b2 2, from these fixed values.
START = [
    [[0.5, -0.3, 0.8, -1.2], [0.1, 0.9, -0.7, 0.4], [-0.6, 0.2, 1.1, -0.05]],
    [0.05, -0.1, 0.2, 0.0],
    [[1.0, -0.8], [-0.4, 0.6], [0.3, 0.7], [-0.9, -0.2]],
    [0.3, -0.25],
]
GOLDEN_STEPS = 100

# (name, optimizer, options, lr_factor): at step t the learning rate is
# options' learn_rate * lr_factor ** (t - 1), so some cases also follow a schedule.
GOLDEN_SETTINGS = [
    ("sgd", "sgd", {"learn_rate": 0.1}, 1.0),
    ("sgd_momentum_decay", "sgd", {"learn_rate": 0.05, "momentum": 0.9, "weight_decay": 0.01},
     1.0),
    ("sgd_dampening_scheduled", "sgd", {"learn_rate": 0.1, "momentum": 0.5, "dampening": 0.3},
     0.98),
    ("sgd_nesterov_decay_biases", "sgd", {"learn_rate": 0.05, "momentum": 0.9, "nesterov": True,
                                          "weight_decay": 0.02, "decay_biases": True}, 1.0),
    ("adagrad", "adagrad", {"learn_rate": 0.1}, 1.0),
    ("adagrad_decay_accumulator", "adagrad",
     {"learn_rate": 0.05, "eps": 1e-6, "weight_decay": 0.01, "initial_accumulator": 0.1}, 0.99),
    ("rmsprop", "rmsprop", {"learn_rate": 0.01}, 1.0),
    ("rmsprop_centered_momentum_decay", "rmsprop",
     {"learn_rate": 0.005, "alpha": 0.9, "momentum": 0.8, "centered": True,
      "weight_decay": 0.01}, 1.0),
    ("rmsprop_centered", "rmsprop", {"learn_rate": 0.01, "centered": True, "eps": 1e-6}, 0.99),
    ("adam", "adam", {"learn_rate": 0.01}, 1.0),
    ("adam_decay_scheduled", "adam",
     {"learn_rate": 0.02, "betas": (0.8, 0.99), "eps": 1e-6, "weight_decay": 0.01}, 0.97),
    ("adam_decay_biases", "adam", {"learn_rate": 0.01, "weight_decay": 0.1,
                                   "decay_biases": True}, 1.0),
    ("adamw", "adamw", {"learn_rate": 0.01}, 1.0),
    ("adamw_decay_biases_scheduled", "adamw",
     {"learn_rate": 0.01, "betas": (0.85, 0.995), "weight_decay": 0.1, "decay_biases": True},
     0.98),
]


def golden_gradient(parameters, t):
    """The gradient at step t: g = 0.5 * p + 0.1 * cos(t + k), k counting every element
    of every parameter in order (a bowl that pulls toward 0, plus a wobble)."""
    gradients = []
    k = 0
    for P in parameters:
        rows = P if isinstance(P[0], list) else [P]
        G = []
        for row in rows:
            g_row = []
            for p in row:
                g_row.append(0.5 * p + 0.1 * math.cos(t + k))
                k += 1
            G.append(g_row)
        gradients.append(G if isinstance(P[0], list) else G[0])
    return gradients


def copy_parameters(parameters):
    return [[list(row) for row in P] if isinstance(P[0], list) else list(P) for P in parameters]


def run_golden(name, kind, options, lr_factor, steps=GOLDEN_STEPS):
    """Take `steps` steps of the reference problem with nn_pure; return the parameters."""
    options = dict(options)
    learn_rate = options.pop("learn_rate")
    optimizer = OPTIMIZERS[kind](learn_rate, **options)
    parameters = copy_parameters(START)
    for t in range(1, steps + 1):
        optimizer.learn_rate = learn_rate * lr_factor ** (t - 1)
        optimizer.step(parameters, golden_gradient(parameters, t))
    return parameters


def flatten(parameters):
    values = []
    for P in parameters:
        for row in (P if isinstance(P[0], list) else [P]):
            values.extend(row)
    return values
