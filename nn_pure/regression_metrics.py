"""Scoring a regressor: how far its numbers fall from the true ones.

The errors y_true - y_pred, summed up three ways (their mean square, its root
in the units of y, their mean absolute size) and compared with the simplest
model of all in R^2: always answering the mean.  mean_baseline_mse() is the
baseline to beat, always answering the training targets' mean.  Every function
takes (y_true, y_pred) in that order, as scikit-learn's do; nn_pure.metrics
gathers them into one report, and nn_pure.classification_metrics scores
classes instead.

Sums are explicit loops, never sum(): CPython 3.12 changed sum()'s rounding
of floats, and results must agree bit for bit across interpreters.

Glossary: y_true the true value of each sample, y_pred the predicted one,
n samples, mean the mean of y_true, SS a sum of squares.
"""
from math import isfinite, sqrt

from nn_pure.checks import NNPureError, check_number, check_same_length, check_vector


def mse(y_true, y_pred):
    """Return the mean squared error: (1/n) * sum_i (y_true_i - y_pred_i)^2.

    Errors 0.5, -0.5, 0 and -1: (0.25 + 0.25 + 0 + 1) / 4.
    >>> mse([3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0])
    0.375
    """
    y_true, y_pred = check_values("mse()", y_true, y_pred)
    return _mean_squared_error(y_true, y_pred)


def rmse(y_true, y_pred):
    """Return the root of the mean squared error, in the units of y: sqrt(mse).

    >>> round(rmse([3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0]), 6)     # sqrt(0.375)
    0.612372
    """
    y_true, y_pred = check_values("rmse()", y_true, y_pred)
    root = sqrt(_mean_squared_error(y_true, y_pred))
    if isfinite(root):
        return root
    # The squares passed the largest float (targets near 1e19 in float32, 1e154 in
    # float64), though their root may not: the root scales as the values do.
    biggest, y_true, y_pred = _scaled_down(y_true, y_pred)
    return biggest * sqrt(_mean_squared_error(y_true, y_pred))


def mae(y_true, y_pred):
    """Return the mean absolute error: (1/n) * sum_i |y_true_i - y_pred_i|.

    >>> mae([3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0])     # (0.5 + 0.5 + 0 + 1) / 4
    0.5
    """
    y_true, y_pred = check_values("mae()", y_true, y_pred)
    total = 0.0
    for t, p in zip(y_true, y_pred):
        total += abs(t - p)
    if isfinite(total):
        return total / len(y_true)
    biggest, y_true, y_pred = _scaled_down(y_true, y_pred)    # 1e308 - (-1e308) is inf
    return biggest * mae(y_true, y_pred)


def r2(y_true, y_pred):
    """Return the coefficient of determination R^2 = 1 - SS_res / SS_tot.

        SS_res = sum_i (y_true_i - y_pred_i)^2      SS_tot = sum_i (y_true_i - mean)^2

    with mean the mean of y_true.  1 is perfect, 0 is no better than always
    answering that mean, and below 0 is worse.  When y_true is constant,
    SS_tot is 0: R^2 is then 1.0 for perfect predictions and 0.0 otherwise,
    as scikit-learn's r2_score (force_finite=True) defines it.  Here the mean
    is 2.875, SS_tot = 29.1875 and SS_res = 1.5:
    >>> round(r2([3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0]), 6)
    0.948608
    """
    y_true, y_pred = check_values("r2()", y_true, y_pred)
    mean = _mean(y_true)
    ss_res = ss_tot = 0.0
    for t, p in zip(y_true, y_pred):
        ss_res += (t - p) * (t - p)
        ss_tot += (t - mean) * (t - mean)
    if not (isfinite(ss_res) and isfinite(ss_tot) and isfinite(mean)):
        # Past the largest float: R^2 is a ratio of sums of squares, the same for values
        # divided by their largest, which are at most 1.
        _, y_true, y_pred = _scaled_down(y_true, y_pred)
        return r2(y_true, y_pred)
    if ss_tot == 0.0:
        return 1.0 if ss_res == 0.0 else 0.0
    return 1.0 - ss_res / ss_tot


def mean_baseline_mse(y_true, train_mean):
    """Return the mean squared error of answering train_mean for every sample.

        baseline = (1/n) * sum_i (y_true_i - train_mean)^2

    with train_mean the mean of the training targets.  A regressor must beat
    this to have learned anything from the features.
    >>> mean_baseline_mse([3.0, -0.5, 2.0, 7.0], 3.0)     # (0 + 12.25 + 1 + 16) / 4
    7.3125
    """
    where = "mean_baseline_mse()"
    y_true = check_vector(where, "y_true", y_true)
    if not y_true:
        raise NNPureError("%s: y_true is empty; pass at least one sample" % where)
    train_mean = check_number(where, "train_mean", train_mean)
    return _mean_squared_error(y_true, [train_mean] * len(y_true))


# ---- helpers: means and checks ----

def _mean(values):
    total = 0.0
    for v in values:
        total += v
    return total / len(values)


def _mean_squared_error(y_true, y_pred):
    total = 0.0
    for t, p in zip(y_true, y_pred):
        error = t - p
        total += error * error      # not error ** 2: float ** raises OverflowError, * gives inf
    return total / len(y_true)


def _scaled_down(y_true, y_pred):
    """(biggest, y_true / biggest, y_pred / biggest): the values at most 1 in size, for
    sums that would overflow, and the largest size, to scale a result back."""
    biggest = 0.0
    for v in y_true + y_pred:
        if abs(v) > biggest:
            biggest = abs(v)
    return biggest, [t / biggest for t in y_true], [p / biggest for p in y_pred]


def check_values(where, y_true, y_pred):
    """Return both as lists of finite floats, non-empty and equally long."""
    y_true = check_vector(where, "y_true", y_true)
    y_pred = check_vector(where, "y_pred", y_pred)
    check_same_length(where, "y_true", y_true, "y_pred", y_pred)
    if not y_true:
        raise NNPureError("%s: y_true and y_pred are empty; pass at least one sample" % where)
    return y_true, y_pred
