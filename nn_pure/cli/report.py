"""What `python -m nn_pure.train` prints: the banner, progress, the loss chart and the scores.

Everything here only formats and prints; the training itself happens in the
core (nn_pure.training, nn_pure.pipeline), called from train.py.
"""
from nn_pure.cli import printable
from nn_pure.cli.progress import Progress
from nn_pure.textmap import class_map, plane_bounds
from nn_pure.textplot import line_chart

INF = float("inf")
SHAPES = {"network": "the 2-2-1 network", "softmax": "a softmax classifier", "mlp": "an MLP"}


def chart(args, values, title, x_name="epoch", first_x=1):
    """Print the terminal chart of a loss history (not with --quiet or --json); its x axis
    counts from first_x (a resumed run's first epoch)."""
    if args.chatty and values:
        print()
        print(line_chart(values, title=title, x_name=x_name, first_x=first_x))
        print()


def people_map(pipeline, people):
    """Print the weight/height plane as the network sees it, F and M, the people on it.

    people: (name, [x1, x2], class name or None for Emily and Frank, never trained on).
    """
    fills = {"F": ":", "M": "."}
    marks = [(name[0], x[0], x[1]) for name, x, _ in people]
    print("where the network says F (:) and where M (.)")
    for line in class_map(pipeline.predict, plane_bounds([x for _, x, _ in people]), fills,
                          marks):
        print(line)
    print("%sacross: weight - 135 (pounds); up: height - 66 (inches)" % (" " * 6))
    trained = ", ".join("%s %s" % (name[0], name) for name, _, label in people if label)
    new = ", ".join("%s %s" % (name[0], name) for name, _, label in people if not label)
    print("%s%s: trained on; %s: new" % (" " * 6, trained, new))
    print()


def loss_label(kind):
    """What an epoch's loss is called: the two ways of measuring it carry different names.

    train-loss: Tutorial A's network, after the epoch, over every training row.
    batch-loss: an MLP's, the mean of the losses of the epoch's batches, each
    measured just before its step (cheaper, and a little behind the model).
    """
    return "train-loss" if kind == "network" else "batch-loss"


def loss_title(kind):
    """The chart's title for an epoch-by-epoch loss history of a model of this kind."""
    if kind == "network":
        return "train-loss after each epoch"
    return "batch-loss per epoch"


def epoch_progress(args, first_epoch=1):
    """Return report(epoch, history) printing progress, and the Progress to finish(), or
    Nones; first_epoch is the number of the run's first epoch (after 1 if it resumes)."""
    if not args.chatty:
        return None, None
    progress = Progress(args.epochs, every=args.report_every or None, first=first_epoch)

    label = loss_label(args.model)

    def report(epoch, history):
        text = "%s %.4f" % (label, history["loss"][-1])
        if history["val_loss"]:
            text += "  val-loss %.4f" % history["val_loss"][-1]
        if history["val_accuracy"]:
            text += "  val-acc %.3f" % history["val_accuracy"][-1]
        progress.update(epoch, text)
    return report, progress


def banner(args, pipeline, splits, source, task):
    """The three lines that say what is about to be trained, on what, and how."""
    activation = " (%s)" % args.activation if args.model == "mlp" else ""
    print("%s %s%s on %s, %s" % (SHAPES[args.model], "-".join(str(n) for n in pipeline.sizes),
                                 activation, source, task))
    print("%d training, %d validation, %d test rows" % tuple(len(part) for part in splits))
    batch_size = 1 if args.model == "network" else args.batch_size
    optimizer = getattr(args, "optimizer", "sgd") if args.model != "network" else "sgd"
    patience = getattr(args, "patience", None)
    if optimizer == "sgd" and not patience:
        print("seed %d, %d epochs of batches of %d, learn rate %g"
              % (args.seed, args.epochs, batch_size, args.learn_rate))
    else:               # say what differs from plain SGD: the defaults with --data chose it
        print("seed %d, %s%d epochs of batches of %d%s, %s at learn rate %g%s"
              % (args.seed, "up to " if patience else "", args.epochs, batch_size,
                 " (patience %d)" % patience if patience else "", optimizer, args.learn_rate,
                 ", weight decay %g" % args.weight_decay
                 if getattr(args, "weight_decay", None) else ""))


def metrics(pipeline, scores_by_split):
    """Print the validation and test scores, the test rows' metrics in full, and warnings.

    Classification: accuracy, balanced accuracy, macro F1, log-loss (and ROC
    AUC for two classes) per split, then per-class precision, recall and F1
    and the confusion matrix of the test rows.  Regression: R^2, RMSE, MAE
    and MSE, and what always answering the training mean would score.
    """
    for name in ("val", "test"):
        scores = scores_by_split[name]
        label = {"val": "validation:", "test": "test:"}[name]
        if scores is None:
            print("%s no rows" % label)
        elif "mse" in scores:
            print("%-11s R^2 %.3f  RMSE %.6g  MAE %.6g  MSE %.6g"
                  % (label, scores["r2"], scores["rmse"], scores["mae"], scores["mse"]))
        else:
            right = 0
            for c, row in enumerate(scores["confusion_matrix"]):
                right += row[c]
            text = "%-11s accuracy %.3f (%d of %d)  balanced %.3f  macro F1 %.3f  log-loss %.4f" \
                % (label, scores["accuracy"], right, scores["n_samples"],
                   scores["balanced_accuracy"], scores["macro_f1"], scores["log_loss"])
            if scores["roc_auc"] is not None:
                text += "  ROC AUC %.3f" % scores["roc_auc"]
            print(text)
    test = scores_by_split["test"]
    if not test:
        return
    if "mse" in test:
        print("%-11s MSE %.6g when always answering the training rows' mean"
              % ("", test["mean_baseline_mse"]))
        return
    if test["most_frequent_baseline"] is not None:
        print("%-11s accuracy %.3f when always answering the most frequent class"
              % ("", test["most_frequent_baseline"]))
    print()
    print(class_table(pipeline.class_names, test))
    print()
    print(confusion_table(pipeline.class_names, test["confusion_matrix"]))


def warnings(scores_by_split, class_weight=None):
    """Lines warning that the test score does not beat the trivial baseline, if it does not.

    class_weight: the run's --class-weight, so that the advice offers only what
    the run did not already do.
    """
    test = scores_by_split["test"]
    if not test:
        return []
    if "mse" in test:
        mse, baseline = test["mse"], test["mean_baseline_mse"]
        if mse in (None, INF) or baseline in (None, INF):
            # Past the largest float (targets near 1e308) the MSEs cannot be compared;
            # R^2, computed on scaled values, says the same thing: above 0 beats the mean.
            if test["r2"] <= 0.0:
                return ["the test R^2 %.3f is not above 0, no better than always answering "
                        "the mean: the model has learned nothing useful from the features"
                        % test["r2"]]
        elif mse >= baseline:
            return ["the test MSE %.6g is no better than always answering the training mean "
                    "(%.6g): the model has learned nothing useful from the features"
                    % (mse, baseline)]
        return []
    baseline = test["most_frequent_baseline"]
    if baseline is not None and test["accuracy"] <= baseline:
        advice = "more --epochs or another --learn-rate"
        if class_weight != "balanced":
            advice = "--class-weight balanced, " + advice
        return ["the test accuracy %.3f does not beat always answering the most frequent "
                "class (%.3f); try %s" % (test["accuracy"], baseline, advice)]
    return []


def class_table(class_names, scores):
    """Per-class precision, recall, F1 and support of the test rows."""
    class_names = [printable(name) for name in class_names]      # names come from a file
    width = max(max(len(name) for name in class_names), 5)
    lines = ["test rows by class",
             "%-*s  precision  recall     F1  support" % (width, "")]
    for c, name in enumerate(class_names):
        lines.append("%-*s  %9.3f  %6.3f  %5.3f  %7d"
                     % (width, name, scores["precision"][c], scores["recall"][c],
                        scores["f1"][c], scores["support"][c]))
    return "\n".join(lines)


def cross_validation(task, k, scores):
    """Print each fold's score and their mean and standard deviation."""
    name = "accuracy" if task == "classification" else "R^2"
    for i, value in enumerate(scores):
        print("fold %d/%d: %s %.3f" % (i + 1, k, name, value))
    mean, std = mean_std(scores)
    print("cross-validation (%d folds): %s %.3f +- %.3f (mean +- std)" % (k, name, mean, std))


def mean_std(values):
    """The mean and the population standard deviation, summed in explicit loops."""
    total = 0.0
    for v in values:
        total += v
    mean = total / len(values)
    squares = 0.0
    for v in values:
        squares += (v - mean) * (v - mean)
    return mean, (squares / len(values)) ** 0.5


def confusion_table(class_names, counts):
    """Format a confusion matrix: rows are true classes, columns predicted ones."""
    class_names = [printable(name) for name in class_names]      # names come from a file
    width = max(max(len(name) for name in class_names), 5)
    lines = ["test confusion matrix (rows: true class, columns: predicted)",
             " " * width + "".join("  %*s" % (width, name) for name in class_names)]
    for name, row in zip(class_names, counts):
        lines.append("%-*s" % (width, name) + "".join("  %*d" % (width, n) for n in row))
    return "\n".join(lines)
