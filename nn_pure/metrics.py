"""Scoring predictions against the truth: the reports a run shows, in one call each.

Training minimizes a loss; the scores say how good the result is in terms a
reader knows.  They live in two modules, one per task:

    nn_pure.classification_metrics   accuracy, confusion_matrix,
        precision_recall_f1, balanced_accuracy, macro_f1,
        most_frequent_baseline; log_loss and roc_auc from probabilities
    nn_pure.regression_metrics       mse, rmse, mae, r2, mean_baseline_mse

Every one takes (y_true, y_pred) in that order, as scikit-learn's do, and
every report comes with a baseline to beat: a classifier that always answers
the most frequent training class, a regressor that always answers the
training mean.  classification_report() and regression_report() gather them
into one dict of lists and floats, ready for json.dumps; pipeline.py's score()
calls them, and fit_pipeline scores the validation and test rows with it.

Glossary: y_true the true class index (0..k-1) or value of each sample, y_pred
the predicted one, k = n_classes, probabilities one row of class probabilities
per sample, support how many samples of each class y_true holds.
"""
from nn_pure.checks import check_same_length
from nn_pure.classification_metrics import accuracy, balanced_accuracy, check_label_values, \
    check_labels, check_probabilities, confusion_matrix, log_loss, macro_f1, \
    most_frequent_baseline, precision_recall_f1, roc_auc
from nn_pure.regression_metrics import check_values, mae, mean_baseline_mse, mse, r2, rmse


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
    # Checked once here, so that a mistake is reported as this function's; the
    # scores below check again, and find nothing.
    check_labels(where, y_true, y_pred, n_classes)
    precision, recall, f1 = precision_recall_f1(y_true, y_pred, n_classes)
    counts = confusion_matrix(y_true, y_pred, n_classes)
    support = []
    for row in counts:
        total = 0
        for count in row:
            total += count
        support.append(total)
    report = {
        "n_samples": len(y_true),
        "accuracy": accuracy(y_true, y_pred),
        "balanced_accuracy": balanced_accuracy(y_true, y_pred, n_classes),
        "precision": precision, "recall": recall, "f1": f1, "support": support,
        "macro_f1": macro_f1(y_true, y_pred, n_classes),
        "confusion_matrix": counts,
        "log_loss": None, "roc_auc": None, "most_frequent_baseline": None}
    if probabilities is not None:
        check_same_length(where, "y_true", y_true, "probabilities", probabilities)
        check_probabilities(where, y_true, probabilities, n_classes)
        report["log_loss"] = log_loss(y_true, probabilities)
        if n_classes == 2 and 0 < support[1] < len(y_true):
            report["roc_auc"] = roc_auc(y_true, [row[1] for row in probabilities])
    if y_train is not None:
        check_label_values(where, "y_train", y_train, n_classes)
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
    y_true, y_pred = check_values(where, y_true, y_pred)
    return {"n_samples": len(y_true),
            "mse": mse(y_true, y_pred), "rmse": rmse(y_true, y_pred),
            "mae": mae(y_true, y_pred), "r2": r2(y_true, y_pred),
            "mean_baseline_mse": mean_baseline_mse(y_true, train_mean)}
