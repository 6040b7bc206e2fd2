"""Learning-rate schedules: the learning rate as a function of the epoch.

A large step early moves fast; a small step late settles into a minimum
instead of rattling around it.  A schedule says how the rate falls.  Each
function here takes the epoch, counted from 1 (the first epoch is epoch 1),
and returns that epoch's learning rate; the training loop sets
optimizer.learn_rate = schedule(epoch) before the epoch's first step.

    constant_rate       lr                                     the same every epoch
    step_decay          lr * gamma^floor((epoch - 1) / step_size)   drops at fixed epochs
    exponential_decay   lr * gamma^(epoch - 1)                 a steady fall
    cosine_decay        half a cosine from lr down toward min_rate, after an optional
                        linear warm-up

They give the rates PyTorch's StepLR, ExponentialLR and CosineAnnealingLR give
(stepped once per epoch; those count epochs from 0, so their epoch e is our e + 1).

These four are the bare formulas and check nothing.  make_schedule(name,
learn_rate, epochs, **options) checks the options once and returns a function
of the epoch alone, which checks the epoch: what a training loop wants.

Glossary: lr the starting learning rate; epochs the length of the run; gamma
the factor the rate is multiplied by at each drop.
"""
from math import cos, pi

from nn_pure.checks import NNPureError, check_count, check_number, check_positive


def constant_rate(epoch, learn_rate):
    """Return learn_rate, whatever the epoch: plain gradient descent's schedule.

    >>> constant_rate(7, 0.1)
    0.1
    """
    return learn_rate


def step_decay(epoch, learn_rate, step_size, gamma=0.1):
    """Return lr * gamma^floor((epoch - 1) / step_size): the rate drops by gamma every
    step_size epochs.

    With step_size 30: epochs 1-30 use lr, 31-60 use lr * gamma, and so on.
    >>> [step_decay(epoch, 0.1, 30) for epoch in (1, 30)]
    [0.1, 0.1]
    >>> round(step_decay(31, 0.1, 30), 6), round(step_decay(61, 0.1, 30), 6)
    (0.01, 0.001)
    """
    return learn_rate * gamma ** ((epoch - 1) // step_size)


def exponential_decay(epoch, learn_rate, gamma):
    """Return lr * gamma^(epoch - 1): the rate is multiplied by gamma after every epoch.

    >>> exponential_decay(1, 0.1, 0.5), exponential_decay(3, 0.1, 0.5)
    (0.1, 0.025)
    """
    return learn_rate * gamma ** (epoch - 1)


def cosine_decay(epoch, learn_rate, epochs, min_rate=0.0, warmup=0):
    """Return the rate on half a cosine wave from learn_rate toward min_rate, after an
    optional linear warm-up.

        warm-up (epoch <= warmup):  lr * epoch / warmup
        afterwards:                 min_rate + (lr - min_rate) * (1 + cos(pi * T / T_max)) / 2
                                    with T = epoch - warmup - 1,  T_max = epochs - warmup
        past the last epoch:        min_rate

    T counts from 0, as in PyTorch's CosineAnnealingLR, so the first epoch after
    the warm-up uses lr itself and the last one a little above min_rate.  The
    warm-up climbs to lr in warmup equal steps: a model with fresh weights and
    an adaptive optimizer's young estimates (Adam's v after one step) can take
    a wild first step at full rate.

    Ten epochs, no warm-up: the rate is halfway down at epoch 6.
    >>> cosine_decay(1, 0.1, 10), round(cosine_decay(6, 0.1, 10), 6)
    (0.1, 0.05)
    >>> [round(cosine_decay(epoch, 0.1, 10, warmup=2), 6) for epoch in (1, 2, 3)]
    [0.05, 0.1, 0.1]
    """
    if epoch <= warmup:
        return learn_rate * epoch / warmup
    if epoch > epochs:
        return min_rate
    T = epoch - warmup - 1
    T_max = epochs - warmup
    return min_rate + (learn_rate - min_rate) * (1.0 + cos(pi * T / T_max)) / 2.0


SCHEDULES = {"constant": constant_rate, "step": step_decay, "exponential": exponential_decay,
             "cosine": cosine_decay}

# The options each schedule takes in make_schedule; None means "worked out from epochs".
OPTIONS = {"constant": {}, "step": {"step_size": None, "gamma": 0.1},
           "exponential": {"gamma": None}, "cosine": {"min_rate": 0.0, "warmup": 0}}


def make_schedule(name, learn_rate, epochs, **options):
    """Return a function epoch -> learning rate for the named schedule, its options checked.

    name: 'constant', 'step', 'exponential' or 'cosine'.  Options, with their defaults:
      step:         step_size (a third of epochs, rounded up: two drops in a run), gamma 0.1
      exponential:  gamma (chosen so that the last epoch's rate is learn_rate / 100)
      cosine:       min_rate 0, warmup 0 (epochs of linear warm-up, fewer than epochs)

    >>> schedule = make_schedule("step", 0.1, 90)
    >>> [round(schedule(epoch), 6) for epoch in (1, 31, 61, 90)]
    [0.1, 0.01, 0.001, 0.001]
    >>> round(make_schedule("exponential", 0.1, 11)(11), 6)
    0.001
    """
    where = "make_schedule()"
    if name not in SCHEDULES:
        raise NNPureError("%s: no schedule named %r; choose one of %s"
                          % (where, name, ", ".join(repr(n) for n in sorted(SCHEDULES))))
    learn_rate = check_positive(where, "learn_rate", learn_rate)
    check_count(where, "epochs", epochs, 1)
    allowed = OPTIONS[name]
    for option in options:
        if option not in allowed:
            raise NNPureError("%s: the %r schedule has no option %r; %s"
                              % (where, name, option,
                                 "it takes " + ", ".join(sorted(allowed)) if allowed
                                 else "it takes none"))
    if name == "constant":
        return lambda epoch: constant_rate(_check_epoch(epoch), learn_rate)

    if name == "step":
        step_size = options.get("step_size")
        step_size = -(-epochs // 3) if step_size is None else step_size     # ceil(epochs / 3)
        check_count(where, "step_size", step_size, 1)
        gamma = _check_gamma(where, options.get("gamma", 0.1))
        return lambda epoch: step_decay(_check_epoch(epoch), learn_rate, step_size, gamma)

    if name == "exponential":
        gamma = options.get("gamma")
        # gamma^(epochs - 1) = 1/100 puts the last epoch's rate at learn_rate / 100.
        if gamma is None:
            gamma = 0.01 ** (1.0 / (epochs - 1)) if epochs > 1 else 1.0
        gamma = _check_gamma(where, gamma)
        return lambda epoch: exponential_decay(_check_epoch(epoch), learn_rate, gamma)

    min_rate = check_number(where, "min_rate", options.get("min_rate", 0.0))
    if not 0.0 <= min_rate <= learn_rate:
        raise NNPureError("%s: min_rate is %r but must lie in [0, learn_rate] = [0, %r]; "
                          "0 is usual" % (where, min_rate, learn_rate))
    warmup = check_count(where, "warmup", options.get("warmup", 0))
    if warmup >= epochs:
        raise NNPureError("%s: warmup is %d epochs but the run has only %d; leave some "
                          "epochs for the cosine, e.g. warmup=%d"
                          % (where, warmup, epochs, epochs // 10))
    return lambda epoch: cosine_decay(_check_epoch(epoch), learn_rate, epochs, min_rate, warmup)


def _check_gamma(where, gamma):
    gamma = check_number(where, "gamma", gamma)
    if not 0.0 < gamma <= 1.0:
        raise NNPureError("%s: gamma is %r but must lie in (0, 1]: the factor the rate is "
                          "multiplied by; 0.1 is usual for 'step', 0.95 for 'exponential'"
                          % (where, gamma))
    return gamma


def _check_epoch(epoch):
    if isinstance(epoch, bool) or not isinstance(epoch, int):
        raise TypeError("schedule(epoch): epoch must be a whole number counted from 1, got "
                        "%s %r" % (type(epoch).__name__, epoch))
    if epoch < 1:
        raise NNPureError("schedule(epoch): epoch is %r; epochs are counted from 1, so pass "
                          "1 for the first" % (epoch,))
    return epoch
