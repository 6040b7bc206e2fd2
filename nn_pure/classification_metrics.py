"""Scoring a classifier: how often, and how surely, it names the right class.

Training minimizes a loss; these say how good the result is in terms a reader
knows.  First the scores of predicted labels (accuracy, the confusion matrix,
precision, recall and F1, their balanced and macro means) with the baseline to
beat, a classifier that always answers the most frequent training class; then
the scores of probabilities (log-loss, ROC AUC).  Every function takes
(y_true, y_pred) in that order, as scikit-learn's do.  nn_pure.metrics gathers
them into one report; nn_pure.regression_metrics scores numbers instead.

Sums are explicit loops, never sum(): CPython 3.12 changed sum()'s rounding
of floats, and results must agree bit for bit across interpreters.

Glossary: y_true the true class index (0..k-1) of each sample, y_pred the
predicted one, k = n_classes, n samples, TP/FP/FN a class's true positives,
false positives and false negatives, p a row of probabilities.
"""
from math import log

from nn_pure.checks import NNPureError, check_count, check_matrix, check_same_length, \
    check_vector

# Probabilities are clipped to [EPS, 1] before the log: log(0) is an error, and
# one confident mistake costs at most -log(1e-15) = 34.5 instead of infinity.
EPS = 1e-15


# ---- predicted labels ----

def accuracy(y_true, y_pred):
    """Return the fraction of predictions that equal the true label, in [0, 1].

        accuracy = (number of samples with y_pred == y_true) / n
    >>> accuracy([0, 1, 0, 0], [0, 1, 1, 0])     # 3 of 4 right
    0.75
    """
    _check_pair("accuracy()", y_true, y_pred)
    correct = 0
    for t, p in zip(y_true, y_pred):
        if t == p:
            correct += 1
    return correct / len(y_true)


def confusion_matrix(y_true, y_pred, n_classes):
    """Return counts[t][p]: how many samples of true class t were predicted as class p.

    The diagonal holds the correct predictions; row t shows where class t went.
    >>> confusion_matrix([0, 0, 1, 1], [0, 1, 1, 1], 2)
    [[1, 1], [0, 2]]
    """
    check_labels("confusion_matrix()", y_true, y_pred, n_classes)
    return _confusion(y_true, y_pred, n_classes)


def _confusion(y_true, y_pred, n_classes):
    counts = []
    for _ in range(n_classes):
        counts.append([0] * n_classes)
    for t, p in zip(y_true, y_pred):
        counts[t][p] += 1
    return counts


def precision_recall_f1(y_true, y_pred, n_classes):
    """Return three lists (precision, recall, f1), one value per class c.

        precision_c = TP / (TP + FP)   of the samples predicted c, the fraction truly c
        recall_c    = TP / (TP + FN)   of the samples truly c, the fraction predicted c
        f1_c        = 2 TP / (2 TP + FP + FN)   (= 2 P R / (P + R), their harmonic mean)

    A ratio 0 / 0 (a class never predicted, or never present) counts as 0.0,
    as scikit-learn's zero_division=0.  Below, class 2 is never predicted.
    >>> p, r, f = precision_recall_f1([0, 0, 1, 1, 2], [0, 1, 1, 1, 0], 3)
    >>> [round(v, 6) for v in p], r, f
    ([0.5, 0.666667, 0.0], [0.5, 1.0, 0.0], [0.5, 0.8, 0.0])
    """
    check_labels("precision_recall_f1()", y_true, y_pred, n_classes)
    return _precision_recall_f1(y_true, y_pred, n_classes)


def _precision_recall_f1(y_true, y_pred, n_classes):
    counts = _confusion(y_true, y_pred, n_classes)
    precision, recall, f1 = [], [], []
    for c in range(n_classes):
        tp = counts[c][c]
        fn = -tp                        # row c holds the truly-c samples, tp among them
        for p in range(n_classes):
            fn += counts[c][p]
        fp = -tp                        # column c holds the predicted-c samples
        for t in range(n_classes):
            fp += counts[t][c]
        # Counts are whole numbers: each ratio is one exact division, no rounding before it.
        precision.append(_ratio(tp, tp + fp))
        recall.append(_ratio(tp, tp + fn))
        f1.append(_ratio(2 * tp, 2 * tp + fp + fn))
    return precision, recall, f1


def balanced_accuracy(y_true, y_pred, n_classes):
    """Return the mean of the recalls of the classes present in y_true, in [0, 1].

        balanced_accuracy = (1/m) * sum over the m classes in y_true of recall_c

    Every class counts equally however rare it is, so always answering the
    majority class scores 1/m, not the majority's share.  As in scikit-learn.
    >>> balanced_accuracy([0, 0, 0, 1], [0, 0, 0, 0], 2)     # recalls 1 and 0
    0.5
    """
    check_labels("balanced_accuracy()", y_true, y_pred, n_classes)
    recall = _precision_recall_f1(y_true, y_pred, n_classes)[1]
    return _mean_at(recall, _classes_in(y_true, n_classes))


def macro_f1(y_true, y_pred, n_classes):
    """Return the unweighted mean of F1 over the classes in y_true or y_pred.

        macro_f1 = (1/m) * sum over those m classes of f1_c

    Classes in neither list are left out, as scikit-learn's f1_score(average=
    'macro') leaves them out when it is not given labels.  Classes 0, 1 and 2
    have F1 0.5, 0.8 and 0 (see precision_recall_f1):
    >>> round(macro_f1([0, 0, 1, 1, 2], [0, 1, 1, 1, 0], 3), 6)     # 1.3 / 3
    0.433333
    """
    check_labels("macro_f1()", y_true, y_pred, n_classes)
    f1 = _precision_recall_f1(y_true, y_pred, n_classes)[2]
    seen = _classes_in(y_true, n_classes)
    for c, there in enumerate(_classes_in(y_pred, n_classes)):
        seen[c] = seen[c] or there
    return _mean_at(f1, seen)


def most_frequent(names):
    """Return the most frequent name; a tie goes to the first in sorted order.

    >>> most_frequent(["b", "a", "b", "a", "c"])
    'a'
    """
    counts = {}
    for name in names:
        counts[name] = counts.get(name, 0) + 1
    best = None
    for name in sorted(counts):          # sorted: MicroPython's dicts have no order
        if best is None or counts[name] > counts[best]:
            best = name
    return best


def most_frequent_baseline(y_true, y_train):
    """Return the accuracy on y_true of always answering y_train's most frequent class.

        baseline = (number of samples in y_true of the majority class of y_train) / n

    A model must beat this to have learned anything (a tie goes to the smaller label).
    >>> round(most_frequent_baseline([1, 0, 1], [0, 1, 1, 2]), 6)     # 1 is right 2 of 3
    0.666667
    """
    where = "most_frequent_baseline()"
    _check_list(where, "y_true", y_true)
    _check_list(where, "y_train", y_train)
    majority = most_frequent(y_train)   # the encoder's fill uses the same count and tie rule
    return accuracy(y_true, [majority] * len(y_true))


# ---- probabilities and scores ----

def log_loss(y_true, probabilities):
    """Return the mean cross-entropy of the probabilities given to the true classes.

        log_loss = -(1/n) * sum_i log(max(p_i[y_i], EPS))     EPS = 1e-15

    Each row of probabilities holds one probability per class and sums to 1.
    Clipping at EPS keeps log(0) away: a sure mistake costs 34.5, not infinity.
    scikit-learn clips too (at 1e-15 in older releases, at the float's machine
    epsilon 2.2e-16 in newer ones).  Given logits rather than probabilities,
    losses.SoftmaxCrossEntropy().forward(logits, y_true) is the same mean with
    no clipping.  Here -(log 0.8 + log 0.6) / 2:
    >>> round(log_loss([0, 1], [[0.8, 0.2], [0.4, 0.6]]), 6)
    0.366985
    >>> round(log_loss([0], [[0.0, 1.0]]), 6)                   # -log(1e-15)
    34.538776
    """
    probabilities = check_probabilities("log_loss()", y_true, probabilities, None)
    total = 0.0
    for y, p in zip(y_true, probabilities):
        total -= log(max(p[y], EPS))
    return total / len(y_true)


def roc_auc(y_true, scores):
    """Return the area under the ROC curve for labels 0 and 1 and a score per sample.

        AUC = P(score of a random positive > score of a random negative)
            = (pairs (positive, negative) ranked right + 1/2 * pairs tied) / (n_pos * n_neg)

    This is the Mann-Whitney U statistic divided by n_pos * n_neg, and it
    equals the area under the ROC curve: 1 ranks every positive first, 0.5 is
    chance.  Scores are any numbers that grow with the chance of class 1, such
    as its probability.  Instead of comparing all n_pos * n_neg pairs, sort once
    and walk up the scores counting negatives passed: O(n log n).
    >>> roc_auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])     # 0.35 beats 0.1 only: 3 of 4 pairs
    0.75
    >>> roc_auc([0, 1, 0, 1], [0.2, 0.5, 0.5, 0.9])      # one tied pair counts 1/2: 3.5 / 4
    0.875
    """
    where = "roc_auc()"
    _check_pair(where, y_true, scores)
    check_label_values(where, "y_true", y_true, 2)
    scores = check_vector(where, "scores", scores)
    n_pos = 0
    for t in y_true:
        n_pos += t
    n_neg = len(y_true) - n_pos
    if n_pos == 0 or n_neg == 0:
        raise NNPureError("%s: y_true holds only class %d; ROC AUC compares positives with "
                          "negatives, so pass samples of both classes 0 and 1"
                          % (where, y_true[0]))
    ranked = sorted(zip(scores, y_true))       # by score; ties end up next to each other
    wins_times_2 = 0                           # 2 * (pairs ranked right + 1/2 * pairs tied)
    negatives_below = 0
    i = 0
    while i < len(ranked):
        pos = neg = 0                          # the samples sharing the score ranked[i][0]
        j = i
        while j < len(ranked) and ranked[j][0] == ranked[i][0]:
            if ranked[j][1] == 1:
                pos += 1
            else:
                neg += 1
            j += 1
        wins_times_2 += 2 * pos * negatives_below + pos * neg
        negatives_below += neg
        i = j
    return wins_times_2 / (2 * n_pos * n_neg)  # whole numbers until this one division


# ---- helpers: ratios, means and checks ----

def _ratio(a, b):
    """a / b, with 0 / 0 taken as 0.0 (scikit-learn's zero_division=0)."""
    return a / b if b else 0.0


def _classes_in(labels, n_classes):
    """Return present[c]: whether class c occurs in labels."""
    present = [False] * n_classes
    for label in labels:
        present[label] = True
    return present


def _mean_at(values, chosen):
    """The mean of values[c] over the c where chosen[c] is true."""
    total, m = 0.0, 0
    for value, take in zip(values, chosen):
        if take:
            total += value
            m += 1
    return total / m


def check_probabilities(where, y_true, probabilities, n_classes):
    """Return probabilities as rows of floats; raise unless each row is one probability
    per class (n_classes of them, or as many as the first row when n_classes is None)
    summing to 1, and y_true holds one class index of those columns per row."""
    _check_list(where, "y_true", y_true)
    probabilities = check_matrix(where, "probabilities", probabilities, n_classes)
    check_same_length(where, "y_true", y_true, "probabilities", probabilities)
    width = len(probabilities[0])
    check_label_values(where, "y_true", y_true, width)
    for i, p in enumerate(probabilities):
        row_sum = 0.0
        for value in p:
            if not 0.0 <= value <= 1.0:
                raise NNPureError("%s: probabilities[%d] holds %r; probabilities lie in [0, 1] "
                                  "(pass the softmax of the logits, not the logits)"
                                  % (where, i, value))
            row_sum += value
        if abs(row_sum - 1.0) > 1e-6:
            raise NNPureError("%s: probabilities[%d] sums to %r, not 1; pass one row of class "
                              "probabilities per sample, such as a softmax output"
                              % (where, i, row_sum))
    return probabilities


def _check_list(where, name, labels):
    if not isinstance(labels, (list, tuple)):
        raise TypeError("%s: %s must be a list, got %s" % (where, name, type(labels).__name__))
    if not labels:
        raise NNPureError("%s: %s is empty; pass at least one sample" % (where, name))


def _check_pair(where, y_true, y_pred):
    """Both are non-empty lists of the same length."""
    _check_list(where, "y_true", y_true)
    if not isinstance(y_pred, (list, tuple)):
        raise TypeError("%s: y_pred must be a list, got %s" % (where, type(y_pred).__name__))
    check_same_length(where, "y_true", y_true, "y_pred", y_pred)


def check_labels(where, y_true, y_pred, n_classes):
    """Both are equally long, non-empty lists of class indices in range(n_classes)."""
    check_count(where, "n_classes", n_classes, 1)
    _check_pair(where, y_true, y_pred)
    check_label_values(where, "y_true", y_true, n_classes)
    check_label_values(where, "y_pred", y_pred, n_classes)


def check_label_values(where, name, labels, n_classes):
    for i, label in enumerate(labels):
        if isinstance(label, bool) or not isinstance(label, int):
            raise TypeError("%s: %s[%d] is %r; labels must be class indices, whole numbers "
                            "from 0 to %d" % (where, name, i, label, n_classes - 1))
        if not 0 <= label < n_classes:
            raise NNPureError("%s: %s[%d] is %d but there are %d classes; labels must be "
                              "class indices from 0 to %d" % (where, name, i, label, n_classes,
                                                              n_classes - 1))
