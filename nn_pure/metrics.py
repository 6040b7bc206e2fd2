"""Scoring a classifier's predictions against the true labels.

Glossary: y_true the true class of each sample, y_pred the predicted class.
"""
from nn_pure.checks import NNPureError, check_same_length


def accuracy(y_pred, y_true):
    """Return the fraction of predictions that equal the true label, in [0, 1].

    >>> accuracy([0, 1, 1, 0], [0, 1, 0, 0])
    0.75
    """
    check_same_length("accuracy()", "y_pred", y_pred, "y_true", y_true)
    if not y_true:
        raise NNPureError("accuracy(): there are no predictions to score; pass at least one")
    correct = 0
    for p, t in zip(y_pred, y_true):
        if p == t:
            correct += 1
    return correct / len(y_true)


def confusion_matrix(y_true, y_pred, n_classes):
    """Return counts[t][p]: how many samples of true class t were predicted as class p.

    The diagonal holds the correct predictions; row t shows where class t went.
    >>> confusion_matrix([0, 0, 1, 1], [0, 1, 1, 1], 2)
    [[1, 1], [0, 2]]
    """
    check_same_length("confusion_matrix()", "y_true", y_true, "y_pred", y_pred)
    counts = []
    for _ in range(n_classes):
        counts.append([0] * n_classes)
    for t, p in zip(y_true, y_pred):
        counts[t][p] += 1
    return counts

