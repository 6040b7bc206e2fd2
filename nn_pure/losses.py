"""Loss functions: one number saying how wrong the predictions are.

Tutorial A scores its network with the mean squared error

    MSE = (1/n) * sum_i (y_true[i] - y_pred[i])^2

which is 0 for perfect predictions and grows with every miss.

Glossary: y_true the labels, y_pred the network's outputs, n the sample count.
"""
from nn_pure.checks import check_same_length, check_vector


def mse_loss(y_true, y_pred):
    """Return the mean of (y_true - y_pred)^2 over the samples.

    The tutorial's example: labels 1, 0, 0, 1 against predictions of all 0.
    >>> mse_loss([1, 0, 0, 1], [0, 0, 0, 0])
    0.5
    """
    y_true = check_vector("mse_loss()", "y_true", y_true)
    y_pred = check_vector("mse_loss()", "y_pred", y_pred)
    check_same_length("mse_loss()", "y_true", y_true, "y_pred", y_pred)
    if not y_true:
        raise ValueError("mse_loss(): y_true and y_pred are empty; pass at least one sample")
    total = 0.0
    for t, p in zip(y_true, y_pred):
        total += (t - p) ** 2
    return total / len(y_true)      # a mean, not a sum: comparable across data sets
