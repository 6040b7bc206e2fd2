"""Scoring predictions against the truth: the numbers a report shows.

Training minimizes a loss; these say how good the result is in terms a reader
knows.  Every function takes (y_true, y_pred) in that order, as scikit-learn's
do, and every one comes with a baseline to beat: a classifier that always
answers the most frequent training class, a regressor that always answers the
training mean.  classification_report() and regression_report() gather them
into one dict of lists and floats, ready for json.dumps.

Sums are explicit loops, never sum(): CPython 3.12 changed sum()'s rounding
of floats, and results must agree bit for bit across interpreters.

Glossary: y_true the true class index (0..k-1) or value of each sample, y_pred
the predicted one, k = n_classes, n samples, TP/FP/FN a class's true
positives, false positives and false negatives, p a row of probabilities.
"""
from math import log, sqrt

from nn_pure.checks import NNPureError, check_count, check_matrix, check_number, \
    check_same_length, check_vector

# Probabilities are clipped to [EPS, 1] before the log: log(0) is an error, and
# one confident mistake costs at most -log(1e-15) = 34.5 instead of infinity.
EPS = 1e-15


# ---- classification: predicted labels ----

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
    _check_labels("confusion_matrix()", y_true, y_pred, n_classes)
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
    _check_labels("precision_recall_f1()", y_true, y_pred, n_classes)
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
    _check_labels("balanced_accuracy()", y_true, y_pred, n_classes)
    return _balanced_accuracy(y_true, y_pred, n_classes)


def _balanced_accuracy(y_true, y_pred, n_classes):
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
    _check_labels("macro_f1()", y_true, y_pred, n_classes)
    return _macro_f1(y_true, y_pred, n_classes)


def _macro_f1(y_true, y_pred, n_classes):
    f1 = _precision_recall_f1(y_true, y_pred, n_classes)[2]
    seen = _classes_in(y_true, n_classes)
    for c, there in enumerate(_classes_in(y_pred, n_classes)):
        seen[c] = seen[c] or there
    return _mean_at(f1, seen)


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
    counts = {}
    for label in y_train:
        counts[label] = counts.get(label, 0) + 1
    majority = None
    for label in sorted(counts):        # sorted: MicroPython's dicts have no order
        if majority is None or counts[label] > counts[majority]:
            majority = label
    return accuracy(y_true, [majority] * len(y_true))


# ---- classification: probabilities and scores ----

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
    return _log_loss("log_loss()", y_true, probabilities, None)


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
    _check_label_values(where, "y_true", y_true, 2)
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


# ---- regression ----

def mse(y_true, y_pred):
    """Return the mean squared error: (1/n) * sum_i (y_true_i - y_pred_i)^2.

    Errors 0.5, -0.5, 0 and -1: (0.25 + 0.25 + 0 + 1) / 4.
    >>> mse([3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0])
    0.375
    """
    y_true, y_pred = _check_values("mse()", y_true, y_pred)
    return _mean_squared_error(y_true, y_pred)


def rmse(y_true, y_pred):
    """Return the root of the mean squared error, in the units of y: sqrt(mse).

    >>> round(rmse([3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0]), 6)     # sqrt(0.375)
    0.612372
    """
    y_true, y_pred = _check_values("rmse()", y_true, y_pred)
    return sqrt(_mean_squared_error(y_true, y_pred))


def mae(y_true, y_pred):
    """Return the mean absolute error: (1/n) * sum_i |y_true_i - y_pred_i|.

    >>> mae([3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0])     # (0.5 + 0.5 + 0 + 1) / 4
    0.5
    """
    y_true, y_pred = _check_values("mae()", y_true, y_pred)
    total = 0.0
    for t, p in zip(y_true, y_pred):
        total += abs(t - p)
    return total / len(y_true)


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
    y_true, y_pred = _check_values("r2()", y_true, y_pred)
    mean = _mean(y_true)
    ss_res = ss_tot = 0.0
    for t, p in zip(y_true, y_pred):
        ss_res += (t - p) * (t - p)
        ss_tot += (t - mean) * (t - mean)
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


# ---- reports ----

def classification_report(y_true, y_pred, probabilities, n_classes, y_train=None):
    """Return every classification metric in one dict of ints, floats and lists.

    Keys: n_samples, accuracy, balanced_accuracy, precision, recall, f1 and
    support (lists, one value per class; support counts each class in y_true),
    macro_f1, confusion_matrix (counts[true][predicted]), log_loss, roc_auc and
    most_frequent_baseline.  log_loss is None without probabilities (a list of
    rows, one probability per class); roc_auc is None unless there are two
    classes, probabilities, and both classes in y_true (it uses column 1);
    most_frequent_baseline is None without y_train, the training labels.
    The dict goes to json.dumps as it is; its key order is not fixed.
    >>> report = classification_report([0, 1, 1], [0, 1, 0], None, 2, y_train=[1, 1, 0])
    >>> report["accuracy"], report["recall"], report["most_frequent_baseline"]
    (0.6666666666666666, [1.0, 0.5], 0.6666666666666666)
    """
    where = "classification_report()"
    _check_labels(where, y_true, y_pred, n_classes)
    precision, recall, f1 = _precision_recall_f1(y_true, y_pred, n_classes)
    counts = _confusion(y_true, y_pred, n_classes)
    support = []
    for row in counts:
        total = 0
        for count in row:
            total += count
        support.append(total)
    report = {
        "n_samples": len(y_true),
        "accuracy": accuracy(y_true, y_pred),
        "balanced_accuracy": _balanced_accuracy(y_true, y_pred, n_classes),
        "precision": precision, "recall": recall, "f1": f1, "support": support,
        "macro_f1": _macro_f1(y_true, y_pred, n_classes),
        "confusion_matrix": counts,
        "log_loss": None, "roc_auc": None, "most_frequent_baseline": None}
    if probabilities is not None:
        check_same_length(where, "y_true", y_true, "probabilities", probabilities)
        report["log_loss"] = _log_loss(where, y_true, probabilities, n_classes)
        if n_classes == 2 and 0 < support[1] < len(y_true):
            report["roc_auc"] = roc_auc(y_true, [row[1] for row in probabilities])
    if y_train is not None:
        _check_label_values(where, "y_train", y_train, n_classes)
        report["most_frequent_baseline"] = most_frequent_baseline(y_true, y_train)
    return report


def regression_report(y_true, y_pred, train_mean):
    """Return every regression metric in one dict of floats.

    Keys: n_samples, mse, rmse, mae, r2 and mean_baseline_mse (the MSE of
    always answering train_mean, the mean of the training targets: the model
    should have a lower mse).  Ready for json.dumps; key order not fixed.
    >>> report = regression_report([3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0], 3.0)
    >>> report["mse"], report["mae"], report["mean_baseline_mse"]
    (0.375, 0.5, 7.3125)
    """
    where = "regression_report()"
    y_true, y_pred = _check_values(where, y_true, y_pred)
    return {"n_samples": len(y_true),
            "mse": mse(y_true, y_pred), "rmse": rmse(y_true, y_pred),
            "mae": mae(y_true, y_pred), "r2": r2(y_true, y_pred),
            "mean_baseline_mse": mean_baseline_mse(y_true, train_mean)}


# ---- helpers: sums, means and checks ----

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


def _log_loss(where, y_true, probabilities, n_classes):
    _check_list(where, "y_true", y_true)
    probabilities = check_matrix(where, "probabilities", probabilities, n_classes)
    check_same_length(where, "y_true", y_true, "probabilities", probabilities)
    width = len(probabilities[0])
    _check_label_values(where, "y_true", y_true, width)
    total = 0.0
    for i, (y, p) in enumerate(zip(y_true, probabilities)):
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
        total -= log(max(p[y], EPS))
    return total / len(y_true)


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


def _check_labels(where, y_true, y_pred, n_classes):
    """Both are equally long, non-empty lists of class indices in range(n_classes)."""
    check_count(where, "n_classes", n_classes, 1)
    _check_pair(where, y_true, y_pred)
    _check_label_values(where, "y_true", y_true, n_classes)
    _check_label_values(where, "y_pred", y_pred, n_classes)


def _check_label_values(where, name, labels, n_classes):
    for i, label in enumerate(labels):
        if isinstance(label, bool) or not isinstance(label, int):
            raise TypeError("%s: %s[%d] is %r; labels must be class indices, whole numbers "
                            "from 0 to %d" % (where, name, i, label, n_classes - 1))
        if not 0 <= label < n_classes:
            raise NNPureError("%s: %s[%d] is %d but there are %d classes; labels must be "
                              "class indices from 0 to %d" % (where, name, i, label, n_classes,
                                                              n_classes - 1))


def _check_values(where, y_true, y_pred):
    """Return both as lists of finite floats, non-empty and equally long."""
    y_true = check_vector(where, "y_true", y_true)
    y_pred = check_vector(where, "y_pred", y_pred)
    check_same_length(where, "y_true", y_true, "y_pred", y_pred)
    if not y_true:
        raise NNPureError("%s: y_true and y_pred are empty; pass at least one sample" % where)
    return y_true, y_pred
