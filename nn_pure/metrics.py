"""Scoring a classifier's predictions against the true labels.

Glossary: y_true the true class of each sample, y_pred the predicted class.
"""
from nn_pure.checks import check_same_length


def accuracy(y_pred, y_true):
    """Return the fraction of predictions that equal the true label, in [0, 1].

    >>> accuracy([0, 1, 1, 0], [0, 1, 0, 0])
    0.75
    """
    check_same_length("accuracy()", "y_pred", y_pred, "y_true", y_true)
    if not y_true:
        raise ValueError("accuracy(): there are no predictions to score; pass at least one")
    correct = 0
    for p, t in zip(y_pred, y_true):
        if p == t:
            correct += 1
    return correct / len(y_true)
