"""Training a Pipeline on a table: split, learn the encoding and standardization, train, score.

fit_pipeline() makes a Pipeline from raw rows: a seeded split (stratified by
class), the encoding and standardization learned from the training rows
only, a network trained by epochs (keeping the epoch with the best
validation loss when asked), and every metric on the validation and test
rows.  It can also go on training a saved Pipeline (resume=), exactly.

Glossary: rows raw feature rows, as in the data file; X standardized rows;
y class indices (classification) or standardized targets (regression).
"""
from nn_pure.checks import NNPureError, check_choice, check_matrix
from nn_pure.encode import Encoder
from nn_pure.losses import LOSSES, mse_loss
from nn_pure.classification_metrics import accuracy
from nn_pure.pipeline import KINDS, Pipeline, class_labels, make_model, score
from nn_pure.preprocess import Standardizer, split_indices
from nn_pure.rng import RNG
from nn_pure.training import BATCH_SIZE, EPOCHS, LEARN_RATE, train_epochs, update_rule


def fit_pipeline(rows, targets, *, feature_names=None, target_name=None,
                 task="classification", kind="mlp", hidden=(8,), activation="tanh", loss=None,
                 epochs=EPOCHS, batch_size=BATCH_SIZE, learn_rate=LEARN_RATE, optimizer=None,
                 dropout=0.0, schedule=None, clip_norm=None, patience=None,
                 restore_best=False, resume=None, val_fraction=0.2, test_fraction=0.2,
                 seed=0, standardize=True, splits=None, encode=None, categorical=(),
                 class_weight=None, on_start=None, report=None):
    """Split, encode, standardize, train and score; return (pipeline, history, metrics).

    rows are raw feature rows; targets the class name (classification) or
    number (regression) of each.  A cell may be a number, a category name, or
    missing (None, or a spelling in nn_pure.encode.MISSING); encode (default:
    whenever some cell is not a number, or `categorical` names a column) puts
    an Encoder in front of the network, learned from the training rows:
    categorical lists the feature names to treat as categories even where
    they hold numbers.  loss is a name in LOSSES (default: 'softmax' for
    classification, 'mse' for regression); optimizer an update rule from
    nn_pure.optim (default: plain SGD at learn_rate); dropout, schedule,
    clip_norm, patience and restore_best go to the model and to train_epochs
    (kind 'network' learns by Tutorial A's own per-sample SGD and ignores them,
    and optimizer and batch_size too; its history has no 'best_epoch').
    restore_best keeps the weights of the epoch with the lowest validation
    loss, when there are validation rows (python -m nn_pure.train --data turns
    it on unless --keep-last: small tables overfit within a few epochs).
    class_weight 'balanced' weights each training row's loss by n / (k * n_c),
    n_c the rows of its class among n of k classes, so every class weighs the same.
    resume, if given, is a Pipeline saved by an earlier run (with the same
    seed and data): training goes on from its weights, standardization,
    optimizer state and random state, so that 10 epochs and 10 more equal 20.
    splits, if given, is three lists of row indices (train, validation, test)
    to use instead of a seeded split.  on_start(pipeline, splits), if given, is
    called once the data is split and the model built, before training;
    report(epoch, history) after each epoch.  history has per epoch 'loss',
    'val_loss' and (classification) 'val_accuracy', and 'best_epoch'.
    metrics maps 'val' and 'test' to metrics.classification_report() or
    regression_report() (in the target's own units), or to None when that
    split is empty.
    """
    where = "fit_pipeline()"
    check_choice(where, "kind", kind, KINDS)
    if kind == "mlp" and not isinstance(hidden, (list, tuple)):
        raise TypeError("%s: hidden must list the hidden layers' widths, such as (8,) or "
                        "[16, 8], got %r" % (where, hidden))
    if resume is not None and not isinstance(resume, Pipeline):
        raise TypeError("%s: resume must be a Pipeline (nn_pure.cli.modelfile.load_model(path) "
                        "reads one from a model file), got %r" % (where, resume))
    check_choice(where, "task", task, ("classification", "regression"))
    if loss is None:
        loss = "softmax" if task == "classification" else "mse"
    check_choice(where, "loss", loss, LOSSES)
    if LOSSES[loss].task != task:
        raise NNPureError("%s: the %r loss is for %s, but the task is %s; choose a %s loss"
                          % (where, loss, LOSSES[loss].task, task, task))
    if kind == "softmax" and loss != "softmax":
        raise NNPureError("%s: kind 'softmax' is Tutorial B's softmax classifier; use kind "
                          "'mlp' for the %r loss" % (where, loss))
    if class_weight is not None:
        check_choice(where, "class_weight", class_weight, ("balanced",))
        if task != "classification" or kind == "network":
            raise NNPureError("%s: class_weight weighs each class's rows, so it applies to "
                              "classifiers of kind 'mlp' or 'softmax'; this is %s"
                              % (where, "a regression: the target holds numbers"
                                 if task != "classification" else "kind 'network'"))
    if encode is None:
        encode = bool(categorical) or not _all_numbers(rows)
    if not encode:
        rows = check_matrix(where, "rows", rows)
    elif not isinstance(rows, (list, tuple)) or not rows:
        raise NNPureError("%s: rows must be a non-empty list of rows" % where)
    if len(targets) != len(rows):
        raise NNPureError("%s: %d rows but %d targets; pass one target per row"
                          % (where, len(rows), len(targets)))
    rng = RNG(seed)

    class_names, y, n_outputs, strata = prepare_targets(where, task, loss, targets)
    if splits is None:
        splits = split_indices(strata if strata is not None else y, val_fraction,
                               test_fraction, rng, task == "classification")
    train, val, test = splits

    def part(indices, values):
        return [values[i] for i in indices]

    encoder = None
    if encode:
        if feature_names is None:
            feature_names = ["x%d" % (i + 1) for i in range(len(rows[0]))]
        encoder = Encoder.fit(feature_names, part(train, rows), categorical)
        rows = encoder.transform(where, rows)
        encoder.unseen = {}     # categories met only in validation or test rows: no warning
    standardizer = Standardizer.fit(part(train, rows)) if standardize else None
    X = standardizer.transform(rows) if standardize else rows
    values = y if task == "regression" else strata      # in the target's own terms
    target_standardizer = None
    if task == "regression":
        target_standardizer = Standardizer.fit([[t] for t in part(train, y)])
        y = [target_standardizer.transform_value(t, 0) for t in y]

    X_train, y_train = part(train, X), part(train, y)
    X_val, y_val = (part(val, X), part(val, y)) if val else (None, None)
    if kind == "network" and (class_names is None or len(class_names) != 2 or len(X[0]) != 2):
        raise NNPureError("%s: kind 'network' is Tutorial A's 2-2-1 network: it needs exactly "
                          "2 feature columns and 2 classes; use kind 'mlp' for other shapes"
                          % where)
    if kind == "network":
        sizes = [2, 2, 1]
    else:
        sizes = [len(X[0])] + (list(hidden) if kind == "mlp" else []) + [n_outputs]
    first_epoch = 1
    if resume is None:
        network = make_model(kind, sizes, activation=activation, loss=loss, rng=rng,
                             seed=seed, dropout=dropout)
    else:
        network, first_epoch = resumed(where, resume, sizes, loss, optimizer, rng, kind,
                                       encoder, class_names)
        # The saved run's statistics, not this data's: its weights were learned on inputs
        # standardized by them, or on raw inputs if it had none (built-in data, say).
        # (Only now, after resumed() has compared the encodings: this data's rows may not
        # fit the saved statistics, and the encoding's message says why.)
        standardizer = resume.standardizer
        X = standardizer.transform(rows) if standardizer is not None else rows
        X_train = part(train, X)
        X_val = part(val, X) if val else None
    weights = None
    if class_weight == "balanced":
        weights = balanced_weights(y_train, len(class_names))
        network.loss_layer.class_weights = weights
    pipeline = Pipeline(network, None if encoder else feature_names, class_names, standardizer,
                        target_name=target_name, target_standardizer=target_standardizer,
                        encoder=encoder)
    if on_start is not None:
        on_start(pipeline, splits)

    if kind == "network":       # Tutorial A's network learns by its own per-sample SGD
        history = train_network(network, X_train, y_train, X_val, y_val, epochs=epochs,
                                learn_rate=learn_rate, report=report)
    else:
        optimizer = update_rule(where, optimizer, learn_rate)
        history = train_epochs(network, X_train, y_train, epochs=epochs, batch_size=batch_size,
                               optimizer=optimizer, rng=rng, X_val=X_val, y_val=y_val,
                               schedule=schedule, clip_norm=clip_norm, patience=patience,
                               restore_best=restore_best and X_val is not None,
                               first_epoch=first_epoch, report=report)
    if weights is not None:
        network.loss_layer.class_weights = None     # a weight shapes training, not the model
    train_values = part(train, values)
    metrics = {"val": score(pipeline, part(val, rows), part(val, values), train_values,
                            encoded=True),
               "test": score(pipeline, part(test, rows), part(test, values), train_values,
                             encoded=True)}
    pipeline.training = {
        "kind": kind, "task": task, "hidden": list(hidden) if kind == "mlp" else [],
        "activation": activation if kind == "mlp" else None, "loss": loss, "epochs": epochs,
        "batch_size": batch_size if kind != "network" else 1, "learn_rate": learn_rate,
        "seed": seed, "rows": {"train": len(train), "val": len(val), "test": len(test)},
        "final_loss": history["loss"][-1] if history["loss"] else None,
        "best_epoch": history.get("best_epoch"), "last_epoch": history.get("stopped_epoch"),
        "optimizer_state": optimizer.state() if kind != "network" else None,
        "rng_state": "%016x" % rng.state,     # text: JSON readers lose 64-bit integers
        "class_weights": weights,
        "val": metrics["val"], "test": metrics["test"]}
    return pipeline, history, metrics


def _all_numbers(rows):
    """True if rows is a list of rows of finite numbers only (no text, no missing cell)."""
    if not isinstance(rows, (list, tuple)):
        return True             # let check_matrix say what is wrong
    for row in rows:
        if not isinstance(row, (list, tuple)):
            return True
        for cell in row:
            if cell is None or isinstance(cell, str) or cell != cell:    # NaN != NaN
                return False
    return True


def prepare_targets(where, task, loss, targets):
    """Return (class_names, y, n_outputs, strata): y class indices or numbers."""
    if task == "classification":
        class_names, y = class_labels(targets)
        if len(class_names) < 2:
            raise NNPureError("%s: every row has the class %r; a classifier needs at least two "
                              "classes in the target column" % (where, class_names[0]))
        n_outputs = LOSSES[loss]().n_outputs(where, len(class_names))
        strata = [class_names[c] for c in y]        # so that an error can name the class
        return class_names, y, n_outputs, strata
    return None, list(targets), 1, None


def balanced_weights(y, n_classes):
    """Return each class's weight n / (k * n_c): rarer classes weigh more, the mean is 1.

    >>> balanced_weights([0, 0, 0, 1], 2)        # 4 / (2 * 3) and 4 / (2 * 1)
    [0.6666666666666666, 2.0]
    """
    counts = [0] * n_classes
    for label in y:
        counts[label] += 1
    return [len(y) / (n_classes * count) if count else 1.0 for count in counts]


def resumed(where, pipeline, sizes, loss, optimizer, rng, kind, encoder=None,
            class_names=None):
    """Return (network, first epoch) to go on training a saved pipeline, after checking
    that it fits this run; restore the optimizer's and the random generator's state."""
    network = pipeline.network
    if network.kind == kind and list(network.sizes[1:-1]) == list(sizes[1:-1]):
        # Same architecture asked for: say which part of the data makes the sizes differ.
        if network.sizes[0] != sizes[0]:
            raise NNPureError("%s: the model to resume takes %d inputs, but these columns "
                              "encode to %d: %s; resume with the same --categorical, "
                              "--features and category values, or start afresh"
                              % (where, network.sizes[0], sizes[0],
                                 _encoding_difference(pipeline.encoder, encoder)))
        if network.sizes[-1] != sizes[-1] and class_names is not None:
            raise NNPureError("%s: the model to resume predicts the classes %s, but this "
                              "data's target has %s; resume on data with the same classes, "
                              "or start afresh"
                              % (where, ", ".join(pipeline.class_names or ()),
                                 ", ".join(class_names)))
    if network.kind != kind or list(network.sizes) != list(sizes):
        raise NNPureError("%s: the model to resume is a %s %s, but this run asks for a %s %s; "
                          "train with the same --model and --hidden, or start afresh"
                          % (where, network.kind, "-".join(str(n) for n in network.sizes),
                             kind, "-".join(str(n) for n in sizes)))
    if kind != "network" and network.loss_layer.name != loss:
        raise NNPureError("%s: the model to resume was trained with the %r loss, not %r"
                          % (where, network.loss_layer.name, loss))
    training = pipeline.training
    state = training.get("optimizer_state")
    if optimizer is not None and isinstance(state, dict):
        if state.get("optimizer") == type(optimizer).__name__:
            # At this run's rate, as asked for: the state's checks then see the rate
            # its weight decay will step with.
            optimizer.load_state(dict(state, learn_rate=optimizer.learn_rate),
                                 network.parameters())
    state = training.get("rng_state")
    if isinstance(state, str) and len(state) == 16:
        try:
            rng.state = int(state, 16)
        except ValueError:
            raise NNPureError("%s: the model's training.rng_state %r is not 16 hex digits"
                              % (where, state))
    return network, resume_epoch(where, training)


def resume_epoch(where, training):
    """The number of the first epoch of a run that goes on from a saved training record:
    one past its last_epoch, or 1 if it has none (a model converted from ONNX, say)."""
    last = training.get("last_epoch")
    if last is None:
        return 1
    if type(last) is not int or last < 0:
        raise NNPureError("%s: the model to resume has training['last_epoch'] %s; it must "
                          "count the epochs it was trained, 0 or more, or be None"
                          % (where, repr(last)[:40]))
    return last + 1


def _encoding_difference(saved, encoder):
    """Name the first column encoded differently by the saved model and by this run."""
    def described(column):
        if column.categories is None:
            return "a number"
        names = column.categories
        return "the categories %s%s" % (", ".join(names[:6]), ", ..." if len(names) > 6 else "")
    saved_columns = saved.columns if saved is not None else []
    columns = encoder.columns if encoder is not None else []
    for old, new in zip(saved_columns, columns):
        if old.categories != new.categories:
            return ("column %r is %s in the model but %s here"
                    % (new.name, described(old), described(new)))
    return "the columns are encoded differently"


def train_network(net, X, y, X_val, y_val, *, epochs, learn_rate, report=None):
    """Tutorial A's per-sample SGD, one epoch at a time, scoring the validation rows."""
    history = {"loss": [], "val_loss": [], "val_accuracy": []}

    def after_epoch(epoch, loss):
        history["loss"].append(loss)
        if X_val is not None:
            outputs = [o1 for (o1,) in net.forward(X_val, checked=True)]    # checked once
            history["val_loss"].append(mse_loss(y_val, outputs))
            history["val_accuracy"].append(accuracy(y_val, [int(o > 0.5) for o in outputs]))
        if report is not None:
            report(epoch, history)

    net.train(X, [float(label) for label in y], epochs, learn_rate, report_every=1,
              report=after_epoch)
    return history
