"""A trained model, ready for raw rows, and the workflow that trains one on a table.

    raw row -> encode -> standardize -> network -> probabilities -> class name  (classifier)
                                                -> value, un-standardized       (regression)

A Pipeline carries everything a prediction needs besides the weights: the
column names it expects, how to fill their missing cells and one-hot encode
their categories (nn_pure.encode), the training split's means and standard
deviations, and the names of the classes.  fit_pipeline() makes one from a
table: split (stratified by class), learn the encoding and standardization
from the training rows, train (keeping the epoch with the best validation
loss), and score the validation and test rows with every metric of
nn_pure.metrics.  cross_validate() scores the same recipe over K folds.

Glossary: rows raw feature rows, as in the data file; X standardized rows;
y class indices (classification) or standardized targets (regression).
"""
from math import isfinite

from nn_pure.checks import NNPureError, check_choice, check_count, check_matrix
from nn_pure.encode import Encoder
from nn_pure.losses import LOSSES, mse_loss
from nn_pure.matrix import argmax
from nn_pure.metrics import accuracy, classification_report, regression_report
from nn_pure.mlp import MLP
from nn_pure.network import NeuralNetwork
from nn_pure.optim import SGD
from nn_pure.preprocess import Standardizer, split_indices
from nn_pure.rng import RNG
from nn_pure.training import BATCH_SIZE, EPOCHS, LEARN_RATE, train_epochs

KINDS = ("network", "softmax", "mlp")


class Pipeline:
    """Standardize raw rows, run the network, and name its answer.

    network: an MLP or a NeuralNetwork (anything that answers sizes, task,
    n_classes, predict and predict_proba as they do).  class_names: one per
    class, in the order of the network's outputs (None for regression).
    standardizer: the features' Standardizer (None: use the rows as they are).
    target_standardizer: for regression, the target's one-column Standardizer.
    encoder: an nn_pure.encode.Encoder that turns raw rows (numbers, category
    names, missing cells) into the network's inputs; feature_names are then
    its columns.  None: rows are numbers already, one per input.
    training: a dict describing how the model was trained, kept in model files.
    >>> net = NeuralNetwork(w1=0, w2=1, w3=0, w4=1, w5=0, w6=1, b1=0, b2=0, b3=0)
    >>> Pipeline(net, class_names=["M", "F"]).predict([[2, 3]])    # o1 = 0.72 > 1/2
    ['F']
    """

    def __init__(self, network, feature_names=None, class_names=None, standardizer=None, *,
                 target_name=None, target_standardizer=None, training=None, encoder=None):
        if getattr(network, "task", None) not in ("classification", "regression"):
            raise TypeError("Pipeline(): network must be an MLP or a NeuralNetwork, got %s"
                            % type(network).__name__)
        self.network = network
        self.encoder = encoder
        if encoder is not None:
            if feature_names is None:
                feature_names = encoder.names
            if encoder.width != self.sizes[0]:
                raise NNPureError("Pipeline(): the encoding makes %d inputs for a network with "
                                  "%d" % (encoder.width, self.sizes[0]))
        n_features = self.n_features
        self.feature_names = list(feature_names or ["x%d" % (i + 1) for i in range(n_features)])
        if len(self.feature_names) != n_features:
            raise NNPureError("Pipeline(): %d feature names for a network with %d inputs"
                              % (len(self.feature_names), n_features))
        if self.task == "classification":
            n_classes = network.n_classes
            self.class_names = list(class_names or [str(c) for c in range(n_classes)])
            if len(self.class_names) != n_classes:
                raise NNPureError("Pipeline(): %d class names for a network with %d classes"
                                  % (len(self.class_names), n_classes))
        else:
            self.class_names = None
        self.standardizer = standardizer
        self.target_name = target_name
        self.target_standardizer = target_standardizer
        self.training = training or {}

    @property
    def kind(self):
        """'network' (Tutorial A's 2-2-1), 'softmax' (one Linear layer) or 'mlp'."""
        return self.network.kind

    @property
    def task(self):
        """'classification' or 'regression', as the network's loss says."""
        return self.network.task

    @property
    def sizes(self):
        """The layer widths, inputs first: [2, 2, 1] for Tutorial A's network."""
        return self.network.sizes

    @property
    def n_features(self):
        """How many values a raw row holds: the encoder's columns, or the network's inputs."""
        return self.sizes[0] if self.encoder is None else len(self.encoder.columns)

    def predict_proba(self, rows):
        """Return each row's list of class probabilities, in class_names order."""
        if self.task != "classification":
            raise NNPureError("Pipeline.predict_proba(): a regression model predicts values, "
                              "not probabilities; use predict()")
        return self.network.predict_proba(self.inputs("Pipeline.predict_proba()", rows))

    def predict(self, rows):
        """Return each row's predicted class name, or its predicted value for regression."""
        if self.task == "regression":
            values = self.network.predict(self.inputs("Pipeline.predict()", rows))
            if self.target_standardizer is not None:
                values = [self.target_standardizer.inverse_value(v, 0) for v in values]
            for s, v in enumerate(values):
                if not isfinite(v):
                    raise NNPureError("Pipeline.predict(): row %d's prediction is %r in the "
                                      "target's units, beyond the largest float" % (s, v))
            return values
        return [self.class_names[argmax(p)] for p in self.predict_proba(rows)]

    def inputs(self, where, rows):
        """Return raw rows checked, encoded and standardized: what the network takes."""
        if self.encoder is not None:
            X = self.encoder.transform(where, rows)
        else:
            X = check_matrix(where, "rows", rows, self.n_features)
        return X if self.standardizer is None else self.standardizer.transform(X)


def make_model(kind, sizes, *, activation="tanh", loss="softmax", output=None, rng=None,
               seed=0, dropout=0.0):
    """Return an untrained model of the given kind ('network', 'softmax' or 'mlp').

    The one place that maps a kind to its class: Tutorial A's network is its
    own class with named parameters, drawn from its own seed as Tutorial A
    does; the others are MLPs, drawn from rng.
    """
    check_choice("make_model()", "kind", kind, KINDS)
    if kind == "network":
        if list(sizes) != [2, 2, 1]:
            raise NNPureError("make_model(): a 'network' has sizes [2, 2, 1], not %r" % (sizes,))
        return NeuralNetwork.from_seed(seed)
    return MLP(sizes, activation=activation, loss=loss, output=output, rng=rng, dropout=dropout)


def class_labels(targets):
    """Return (class_names, labels): the distinct classes sorted, and each target's index.

    Targets that are all numbers are compared as numbers, so 1, 1.0 and 01
    are one class, named as a number is usually written, and sorted by value;
    other targets are sorted as text.
    >>> class_labels(["10", "9", "10.0", "2"])
    (['2', '9', '10'], [2, 1, 2, 0])
    >>> class_labels(["virginica", "setosa"])
    (['setosa', 'virginica'], [1, 0])
    """
    try:
        values = [float(t) for t in targets]
        for t, v in zip(targets, values):
            if not isfinite(v) or (isinstance(t, str) and "_" in t):
                raise ValueError(t)     # 'nan', 'inf', '5_1': Python reads them, CSV does not
    except ValueError:
        names = sorted(set(targets))
        index = {name: c for c, name in enumerate(names)}
        return names, [index[t] for t in targets]
    distinct = sorted(set(values))
    names = ["%d" % v if v == int(v) and abs(v) < 1e15 else repr(v) for v in distinct]
    index = {v: c for c, v in enumerate(distinct)}
    return names, [index[v] for v in values]


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
    clip_norm, patience and restore_best go to the model and to train_epochs.
    restore_best keeps the weights of the epoch with the lowest validation
    loss, when there are validation rows (python -m nn_pure.train --data turns
    it on unless --keep-last: small tables overfit within a few epochs).  class_weight 'balanced' weights each training row's
    loss by n / (k * n_c), n_c the rows of its class among n of k classes, so
    every class weighs the same.
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
            raise NNPureError("%s: class_weight applies to classifiers of kind 'mlp' or "
                              "'softmax'" % where)
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

    class_names, y, n_outputs, strata = _targets(where, task, loss, targets)
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
        network, first_epoch = resumed(where, resume, sizes, loss, optimizer, rng, kind)
        if standardize:         # the saved run's statistics, not this data's
            standardizer = resume.standardizer
            X = standardizer.transform(rows)
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
        optimizer = optimizer or SGD(learn_rate)
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


def _targets(where, task, loss, targets):
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


def kfold_indices(labels, k, rng, stratify):
    """Return k lists of positions 0..len(labels)-1: the folds, shuffled by rng.

    With stratify, each class's positions are shuffled and dealt out in turn,
    so every fold keeps the class proportions (to within one row per class).
    >>> from nn_pure.rng import RNG
    >>> folds = kfold_indices([0] * 6 + [1] * 4, 2, RNG(0), True)
    >>> [len(f) for f in folds], sorted(folds[0] + folds[1]) == list(range(10))
    ([5, 5], True)
    """
    where = "kfold_indices()"
    check_count(where, "k", k, 2)
    if len(labels) < k:
        raise NNPureError("%s: %d rows cannot make %d folds; use fewer folds" % (where,
                                                                               len(labels), k))
    if stratify:
        by_class = {}
        for i, label in enumerate(labels):
            by_class.setdefault(label, []).append(i)
        groups = [by_class[label] for label in sorted(by_class)]
    else:
        groups = [list(range(len(labels)))]
    folds = [[] for _ in range(k)]
    turn = 0
    for group in groups:
        rng.shuffle(group)
        for i in group:                 # dealt like cards, continuing across classes
            folds[turn].append(i)
            turn = (turn + 1) % k
    return folds


def cross_validate(rows, targets, k, *, task="classification", val_fraction=0.2,
                   test_fraction=0.2, seed=0, loss=None, new_optimizer=None, report=None,
                   **fit_args):
    """Score fit_pipeline's recipe over k folds of the rows that are not test rows.

    The test rows are the ones fit_pipeline(seed=seed) holds out, so they stay
    unseen here too.  The rest is split into k folds (stratified by class for
    classification) from RNG(seed + 1); fold i is scored by a model trained on
    the other folds, which hold out their own validation share for keeping the
    best epoch.  Returns a list of k scores: accuracy, or R^2 for regression.
    report(i, score), if given, is called after each fold.  new_optimizer(), if
    given, makes each fold's update rule (an optimizer keeps state: one per fold).
    """
    where = "cross_validate()"
    check_choice(where, "task", task, ("classification", "regression"))
    if loss is None:
        loss = "softmax" if task == "classification" else "mse"
    check_choice(where, "loss", loss, LOSSES)
    _, y, _, strata = _targets(where, task, loss, targets)
    labels = strata if strata is not None else y
    stratify = task == "classification"
    train, val, _ = split_indices(labels, val_fraction, test_fraction, RNG(seed), stratify)
    pool = sorted(train + val)
    folds = kfold_indices([labels[i] for i in pool], k, RNG(seed + 1), stratify)
    # The validation share of what is left once a fold is out: as in the final model.
    share = val_fraction / (1.0 - test_fraction)
    scores = []
    for i, fold in enumerate(folds):
        rest = []
        for j, other in enumerate(folds):
            if j != i:
                rest += [pool[p] for p in other]
        inner_train, inner_val, _ = split_indices([labels[r] for r in rest], share, 0.0,
                                                  RNG(seed + 2 + i), stratify)
        splits = ([rest[p] for p in inner_train], [rest[p] for p in inner_val],
                  [pool[p] for p in fold])
        if new_optimizer is not None:
            fit_args["optimizer"] = new_optimizer()
        _, _, metrics = fit_pipeline(rows, targets, task=task, loss=loss, seed=seed + 2 + i,
                                     splits=splits, **fit_args)
        value = metrics["test"]["accuracy" if stratify else "r2"]
        scores.append(value)
        if report is not None:
            report(i, value)
    return scores


def resumed(where, pipeline, sizes, loss, optimizer, rng, kind):
    """Return (network, first epoch) to go on training a saved pipeline, after checking
    that it fits this run; restore the optimizer's and the random generator's state."""
    network = pipeline.network
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
            learn_rate = optimizer.learn_rate
            optimizer.load_state(state, network.parameters())
            optimizer.learn_rate = learn_rate       # this run's rate, as asked for
    state = training.get("rng_state")
    if isinstance(state, str) and len(state) == 16:
        try:
            rng.state = int(state, 16)
        except ValueError:
            raise NNPureError("%s: the model's training.rng_state %r is not 16 hex digits"
                              % (where, state))
    last = training.get("last_epoch")
    return network, (last + 1 if type(last) is int and last >= 0 else 1)


def train_network(net, X, y, X_val, y_val, *, epochs, learn_rate, report=None):
    """Tutorial A's per-sample SGD, one epoch at a time, scoring the validation rows."""
    history = {"loss": [], "val_loss": [], "val_accuracy": []}

    def after_epoch(epoch, loss):
        history["loss"].append(loss)
        if X_val is not None:
            outputs = [o1 for (o1,) in net.forward(X_val)]
            history["val_loss"].append(mse_loss(y_val, outputs))
            history["val_accuracy"].append(accuracy(y_val, [int(o > 0.5) for o in outputs]))
        if report is not None:
            report(epoch, history)

    net.train(X, [float(label) for label in y], epochs, learn_rate, report_every=1,
              report=after_epoch)
    return history


def score(pipeline, rows, targets, train_targets=None, *, encoded=False):
    """Every metric of the predictions for rows: a classification or regression report.

    targets are the true class names (classification) or values; the
    baselines come from train_targets, the training rows' (the most frequent
    class, the mean), when given.  encoded: rows are already encoded (inside
    fit_pipeline).  None for no rows.
    """
    if not rows:
        return None
    encoder = pipeline.encoder
    if encoded:
        pipeline.encoder = None
    try:
        if pipeline.task == "regression":
            predictions = pipeline.predict(rows)
            reference = train_targets if train_targets else targets
            total = 0.0
            for t in reference:
                total += t
            return regression_report(list(targets), predictions, total / len(reference))
        probabilities = pipeline.predict_proba(rows)
    finally:
        pipeline.encoder = encoder
    index = _class_index(pipeline.class_names)
    y_true = [_class_of(index, t) for t in targets]
    y_pred = [argmax(p) for p in probabilities]
    y_train = None if train_targets is None else [_class_of(index, t) for t in train_targets]
    return classification_report(y_true, y_pred, probabilities, len(pipeline.class_names),
                                 y_train=y_train)


def _class_of(index, target):
    """The class index of a target: by its name, or by value ('1.0' and 1 are class '1')."""
    if target in index:
        return index[target]
    names, _ = class_labels([target])
    if names[0] not in index:
        raise NNPureError("score(): %r is none of the model's classes %s"
                          % (target, ", ".join(index)))
    return index[names[0]]


def _class_index(class_names):
    index = {}
    for c, name in enumerate(class_names):
        index[name] = c
    return index
