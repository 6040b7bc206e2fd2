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
from nn_pure.checks import NNPureError, check_matrix
from nn_pure.matrix import argmax
from nn_pure.metrics import accuracy, confusion_matrix
from nn_pure.mlp import MLP
from nn_pure.network import NeuralNetwork
from nn_pure.losses import mse_loss
from nn_pure.preprocess import Standardizer, split_indices
from nn_pure.rng import RNG
from nn_pure.training import train_epochs

KINDS = ("network", "softmax", "mlp")


class Pipeline:
    """Standardize raw rows, run the network, and name its answer.

    network: an MLP or a NeuralNetwork.  class_names: one per class, in the
    order of the network's outputs (None for regression).  standardizer: the
    features' Standardizer (None: use the rows as they are).
    target_standardizer: for regression, the target's one-column Standardizer.
    training: a dict describing how the model was trained, kept in model files.
    >>> net = NeuralNetwork(w1=0, w2=1, w3=0, w4=1, w5=0, w6=1, b1=0, b2=0, b3=0)
    >>> Pipeline(net, class_names=["M", "F"]).predict([[2, 3]])    # o1 = 0.72 > 1/2
    ['F']
    """

    def __init__(self, network, feature_names=None, class_names=None, standardizer=None,
                 target_name=None, target_standardizer=None, training=None):
        if not isinstance(network, (MLP, NeuralNetwork)):
            raise TypeError("Pipeline(): network must be an MLP or a NeuralNetwork, got %s"
                            % type(network).__name__)
        self.network = network
        n_features = self.n_features
        self.feature_names = list(feature_names or ["x%d" % (i + 1) for i in range(n_features)])
        if len(self.feature_names) != n_features:
            raise NNPureError("Pipeline(): %d feature names for a network with %d inputs"
                             % (len(self.feature_names), n_features))
        if self.task == "classification":
            n_classes = 2 if isinstance(network, NeuralNetwork) else network.sizes[-1]
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
        if isinstance(self.network, NeuralNetwork):
            return "network"
        if len(self.network.sizes) == 2 and self.network.loss_name == "softmax":
            return "softmax"
        return "mlp"

    @property
    def task(self):
        """'regression' for an MLP trained with MSE, else 'classification'."""
        if isinstance(self.network, MLP) and self.network.loss_name == "mse":
            return "regression"
        return "classification"

    @property
    def sizes(self):
        """The layer widths, inputs first: [2, 2, 1] for Tutorial A's network."""
        return [2, 2, 1] if isinstance(self.network, NeuralNetwork) else self.network.sizes

    @property
    def n_features(self):
        return self.sizes[0]

    def predict_proba(self, rows):
        """Return each row's list of class probabilities, in class_names order."""
        if self.task != "classification":
            raise NNPureError("Pipeline.predict_proba(): a regression model predicts values, "
                             "not probabilities; use predict()")
        X = self._inputs("Pipeline.predict_proba()", rows)
        if isinstance(self.network, NeuralNetwork):
            # o1 is the probability of class 1 (Tutorial A: female); class 0 gets the rest.
            outputs = [self.network._feedforward(x1, x2) for x1, x2 in X]
            return [[1.0 - o1, o1] for o1 in outputs]
        return self.network.predict_proba(X)

    def predict(self, rows):
        """Return each row's predicted class name, or its predicted value for regression."""
        if self.task == "regression":
            values = self.network.predict(self._inputs("Pipeline.predict()", rows))
            if self.target_standardizer is None:
                return values
            return [self.target_standardizer.inverse_value(v, 0) for v in values]
        return [self.class_names[argmax(p)] for p in self.predict_proba(rows)]

    def _inputs(self, where, rows):
        X = check_matrix(where, "rows", rows, self.n_features)
        return X if self.standardizer is None else self.standardizer.transform(X)


def sort_class_names(names):
    """Return the distinct names sorted: numerically if all are numbers, else as text.

    >>> sort_class_names(["10", "9", "10", "2"])
    ['2', '9', '10']
    >>> sort_class_names(["virginica", "setosa"])
    ['setosa', 'virginica']
    """
    distinct = sorted(set(names))
    try:
        return sorted(distinct, key=float)
    except ValueError:
        return distinct


def fit_pipeline(rows, targets, feature_names=None, target_name=None, task="classification",
                 kind="mlp", hidden=(8,), activation="tanh", epochs=100, batch_size=16,
                 learn_rate=0.1, val_fraction=0.2, test_fraction=0.2, seed=0,
                 standardize=True, splits=None, on_start=None, report=None):
    """Split, standardize, train and score; return (pipeline, history, metrics).

    rows are raw feature rows; targets the class name (classification) or
    number (regression) of each.  splits, if given, is three lists of row
    indices (train, validation, test) to use instead of a seeded split.
    on_start(pipeline, splits), if given, is called once the data is split
    and the model built, before training; report(epoch, history) after each
    epoch.  history has per epoch 'loss', 'val_loss' and (classification)
    'val_accuracy'.
    metrics maps 'val' and 'test' to {'accuracy', 'confusion'} or {'mse'}
    (in the target's own units), or to None when that split is empty.
    """
    where = "fit_pipeline()"
    if kind not in KINDS:
        raise NNPureError("%s: kind is %r; choose one of %s" % (where, kind, ", ".join(KINDS)))
    if task not in ("classification", "regression"):
        raise NNPureError("%s: task is %r; choose 'classification' or 'regression'" % (where, task))
    if task == "regression" and kind == "softmax":
        raise NNPureError("%s: kind 'softmax' is a classifier; use kind 'mlp' for a "
                         "regression target" % where)
    rows = check_matrix(where, "rows", rows)
    if len(targets) != len(rows):
        raise NNPureError("%s: %d rows but %d targets; pass one target per row"
                         % (where, len(rows), len(targets)))
    rng = RNG(seed)

    if task == "classification":
        class_names = sort_class_names(targets)
        if len(class_names) < 2:
            raise NNPureError("%s: every row has the class %r; a classifier needs at least two "
                             "classes in the target column" % (where, class_names[0]))
        index = {name: c for c, name in enumerate(class_names)}
        y = [index[name] for name in targets]
    else:
        class_names = None
        y = list(targets)
    if splits is None:      # stratified by the class names, so an error can name the class
        splits = split_indices(list(targets), val_fraction, test_fraction, rng,
                               task == "classification")
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
    n_outputs = len(class_names) if class_names else 1
    if kind == "network":
        network = _network_for(where, X, class_names, seed)
    else:
        sizes = [len(X[0])] + ([] if kind == "softmax" else list(hidden)) + [n_outputs]
        network = MLP(sizes, activation=activation,
                      loss="softmax" if task == "classification" else "mse", rng=rng)
    pipeline = Pipeline(network, feature_names, class_names, standardizer, target_name,
                        target_standardizer)
    if on_start is not None:
        on_start(pipeline, splits)

    if kind == "network":
        history = _train_network(network, X_train, y_train, X_val, y_val, epochs, learn_rate,
                                 report)
    else:
        history = train_epochs(network, X_train, y_train, epochs, batch_size, learn_rate, rng,
                               X_val, y_val, report)
    metrics = {"val": _score(pipeline, part(val, rows), part(val, targets)),
               "test": _score(pipeline, part(test, rows), part(test, targets))}
    pipeline.training = {
        "kind": kind, "task": task, "hidden": list(hidden) if kind == "mlp" else [],
        "activation": activation if kind == "mlp" else None, "epochs": epochs,
        "batch_size": batch_size if kind != "network" else 1, "learn_rate": learn_rate,
        "seed": seed, "rows": {"train": len(train), "val": len(val), "test": len(test)},
        "final_loss": history["loss"][-1] if history["loss"] else None,
        "val": metrics["val"], "test": metrics["test"]}
    return pipeline, history, metrics


def _network_for(where, X, class_names, seed):
    if class_names is None or len(class_names) != 2 or len(X[0]) != 2:
        raise NNPureError("%s: kind 'network' is Tutorial A's 2-2-1 network: it needs exactly 2 "
                         "feature columns and 2 classes; use kind 'mlp' for other shapes" % where)
    return NeuralNetwork.from_seed(seed)


def _train_network(net, X, y, X_val, y_val, epochs, learn_rate, report):
    """Tutorial A's per-sample SGD, one epoch at a time, scoring the validation rows."""
    history = {"loss": [], "val_loss": [], "val_accuracy": []}

    def after_epoch(epoch, loss):
        history["loss"].append(loss)
        if X_val is not None:
            outputs = [net._feedforward(x1, x2) for x1, x2 in X_val]
            history["val_loss"].append(mse_loss(y_val, outputs))
            history["val_accuracy"].append(accuracy([int(o > 0.5) for o in outputs], y_val))
        if report is not None:
            report(epoch + 1, history)

    net.train(X, [float(label) for label in y], epochs, learn_rate, report_every=1,
              report=after_epoch)
    return history


def _score(pipeline, rows, targets):
    """Accuracy and confusion matrix, or MSE in the target's units; None for no rows."""
    if not rows:
        return None
    predictions = pipeline.predict(rows)
    if pipeline.task == "regression":
        return {"mse": mse_loss(targets, predictions)}
    index = {name: c for c, name in enumerate(pipeline.class_names)}
    y_true = [index[name] for name in targets]
    y_pred = [index[name] for name in predictions]
    return {"accuracy": accuracy(y_pred, y_true),
            "confusion": confusion_matrix(y_true, y_pred, len(pipeline.class_names))}
