"""A trained model, ready for raw rows, and the workflow that trains one on a table.

    raw row -> standardize -> network -> probabilities -> class name      (classifier)
                                      -> value, un-standardized           (regression)

A Pipeline carries everything a prediction needs besides the weights: the
column names it expects, the training split's means and standard deviations,
and the names of the classes.  fit_pipeline() makes one from a table: split
(stratified by class), standardize with the training rows' statistics, train,
and score the validation and test rows.

Glossary: rows raw feature rows, as in the data file; X standardized rows;
y class indices (classification) or standardized targets (regression).
"""
from math import isfinite

from nn_pure.checks import NNPureError, check_choice, check_matrix
from nn_pure.losses import LOSSES, mse_loss
from nn_pure.matrix import argmax
from nn_pure.metrics import accuracy, confusion_matrix
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
    training: a dict describing how the model was trained, kept in model files.
    >>> net = NeuralNetwork(w1=0, w2=1, w3=0, w4=1, w5=0, w6=1, b1=0, b2=0, b3=0)
    >>> Pipeline(net, class_names=["M", "F"]).predict([[2, 3]])    # o1 = 0.72 > 1/2
    ['F']
    """

    def __init__(self, network, feature_names=None, class_names=None, standardizer=None, *,
                 target_name=None, target_standardizer=None, training=None):
        if getattr(network, "task", None) not in ("classification", "regression"):
            raise TypeError("Pipeline(): network must be an MLP or a NeuralNetwork, got %s"
                            % type(network).__name__)
        self.network = network
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
        return self.sizes[0]

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
        """Return raw rows checked and standardized: what the network takes."""
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
                 seed=0, standardize=True, splits=None, on_start=None, report=None):
    """Split, standardize, train and score; return (pipeline, history, metrics).

    rows are raw feature rows; targets the class name (classification) or
    number (regression) of each.  loss is a name in LOSSES (default: 'softmax'
    for classification, 'mse' for regression); optimizer an update rule from
    nn_pure.optim (default: plain SGD at learn_rate); dropout, schedule,
    clip_norm, patience and restore_best go to the model and to train_epochs.
    resume, if given, is a Pipeline saved by an earlier run (with the same
    seed and data): training goes on from its weights, standardization,
    optimizer state and random state, so that 10 epochs and 10 more equal 20.
    splits, if given, is
    three lists of row indices (train, validation, test) to use instead of a
    seeded split.  on_start(pipeline, splits), if given, is called once the
    data is split and the model built, before training; report(epoch, history)
    after each epoch.  history has per epoch 'loss', 'val_loss' and
    (classification) 'val_accuracy'.
    metrics maps 'val' and 'test' to {'accuracy', 'confusion'} or {'mse'}
    (in the target's own units), or to None when that split is empty.
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
    rows = check_matrix(where, "rows", rows)
    if len(targets) != len(rows):
        raise NNPureError("%s: %d rows but %d targets; pass one target per row"
                          % (where, len(rows), len(targets)))
    rng = RNG(seed)

    if task == "classification":
        class_names, y = class_labels(targets)
        if len(class_names) < 2:
            raise NNPureError("%s: every row has the class %r; a classifier needs at least two "
                              "classes in the target column" % (where, class_names[0]))
        n_outputs = LOSSES[loss]().n_outputs(where, len(class_names))
        strata = [class_names[c] for c in y]        # so that an error can name the class
    else:
        class_names, n_outputs, strata = None, 1, None
        y = list(targets)
    if splits is None:
        splits = split_indices(strata if strata is not None else y, val_fraction,
                               test_fraction, rng, task == "classification")
    train, val, test = splits

    def part(indices, values):
        return [values[i] for i in indices]

    standardizer = Standardizer.fit(part(train, rows)) if standardize else None
    X = standardizer.transform(rows) if standardize else rows
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
    pipeline = Pipeline(network, feature_names, class_names, standardizer,
                        target_name=target_name, target_standardizer=target_standardizer)
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
    metrics = {"val": score(pipeline, part(val, rows), part(val, targets)),
               "test": score(pipeline, part(test, rows), part(test, targets))}
    pipeline.training = {
        "kind": kind, "task": task, "hidden": list(hidden) if kind == "mlp" else [],
        "activation": activation if kind == "mlp" else None, "loss": loss, "epochs": epochs,
        "batch_size": batch_size if kind != "network" else 1, "learn_rate": learn_rate,
        "seed": seed, "rows": {"train": len(train), "val": len(val), "test": len(test)},
        "final_loss": history["loss"][-1] if history["loss"] else None,
        "best_epoch": history.get("best_epoch"), "last_epoch": history.get("stopped_epoch"),
        "optimizer_state": optimizer.state() if kind != "network" else None,
        "rng_state": "%016x" % rng.state,     # text: JSON readers lose 64-bit integers
        "val": metrics["val"], "test": metrics["test"]}
    return pipeline, history, metrics


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
            report(epoch + 1, history)

    net.train(X, [float(label) for label in y], epochs, learn_rate, report_every=1,
              report=after_epoch)
    return history


def score(pipeline, rows, targets):
    """Accuracy and confusion matrix, or MSE in the target's units; None for no rows."""
    if not rows:
        return None
    predictions = pipeline.predict(rows)
    if pipeline.task == "regression":
        return {"mse": mse_loss(targets, predictions)}
    _, y_true = class_labels(targets)
    index = {name: c for c, name in enumerate(pipeline.class_names)}
    y_pred = [index[name] for name in predictions]
    return {"accuracy": accuracy(y_true, y_pred),
            "confusion": confusion_matrix(y_true, y_pred, len(pipeline.class_names))}
