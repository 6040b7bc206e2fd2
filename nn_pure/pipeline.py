"""A trained model, ready for raw rows: encode, standardize, run the network, name the answer.

    raw row -> encode -> standardize -> network -> probabilities -> class name  (classifier)
                                                -> value, un-standardized       (regression)

A Pipeline carries everything a prediction needs besides the weights: the
column names it expects, how to fill their missing cells and one-hot encode
their categories (nn_pure.encode), the training split's means and standard
deviations, and the names of the classes.  The function score(pipeline, rows,
targets) grades its predictions with nn_pure.metrics' classification_report()
or regression_report().  Training one on a table is nn_pure.fitting's
fit_pipeline(); scoring the recipe over K folds is nn_pure.crossval's
cross_validate().

Glossary: rows raw feature rows, as in the data file; X standardized rows;
y class indices (classification) or standardized targets (regression).
"""
from math import isfinite

from nn_pure.checks import NNPureError, check_choice, check_matrix
from nn_pure.matrix import argmax_rows
from nn_pure.metrics import classification_report, regression_report
from nn_pure.mlp import MLP
from nn_pure.network import NeuralNetwork
from nn_pure.preprocess import Standardizer

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

    def predict_proba(self, rows, *, encoded=False):
        """Return each row's list of class probabilities, in class_names order.

        encoded=True: the rows are encoded already, one number per network input
        (as fit_pipeline holds them), so the encoder is skipped.
        """
        if self.task != "classification":
            raise NNPureError("Pipeline.predict_proba(): a regression model predicts values, "
                              "not probabilities; use predict()")
        X = self.inputs("Pipeline.predict_proba()", rows, encoded)
        return self.network.predict_proba(X, checked=True)

    def predict(self, rows, *, encoded=False):
        """Return each row's predicted class name, or its predicted value for regression.
        encoded: as for predict_proba()."""
        if self.task == "regression":
            values = self.network.predict(self.inputs("Pipeline.predict()", rows, encoded),
                                          checked=True)
            if self.target_standardizer is not None:
                values = [self.target_standardizer.inverse_value(v, 0) for v in values]
            for s, v in enumerate(values):
                if not isfinite(v):
                    raise NNPureError("Pipeline.predict(): row %d's prediction is %r in the "
                                      "target's units, beyond the largest float" % (s, v))
            return values
        return [self.class_names[c]
                for c in argmax_rows(self.predict_proba(rows, encoded=encoded))]

    def inputs(self, where, rows, encoded=False):
        """Return raw rows checked, encoded and standardized: what the network takes.

        Checked here, once: the encoder and the standardizer make finite floats
        (or raise), so the network is called with checked=True.
        """
        if self.encoder is not None and not encoded:
            X = self.encoder.transform(where, rows)
        else:
            X = check_matrix(where, "rows", rows, self.sizes[0])
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
    # encode.category_name's rule, written here so that `import nn_pure` need not load
    # the encoder (a board's heap); int() first: MicroPython's %d takes no float.
    names = ["%d" % int(v) if v == int(v) and abs(v) < 1e15 else repr(v) for v in distinct]
    index = {v: c for c, v in enumerate(distinct)}
    return names, [index[v] for v in values]


def score(pipeline, rows, targets, train_targets=None, *, encoded=False):
    """Every metric of the predictions for rows: a classification or regression report.

    targets are the true class names (classification) or values; the
    baselines come from train_targets, the training rows' (the most frequent
    class, the mean), when given.  encoded: rows are already encoded (inside
    fit_pipeline).  Returns None when rows is empty (an empty split).
    """
    if not rows:
        return None
    if pipeline.task == "regression":
        predictions = pipeline.predict(rows, encoded=encoded)
        reference = train_targets if train_targets else targets
        total = 0.0
        for t in reference:
            total += t
        mean = total / len(reference)
        if not isfinite(mean):      # the sum overflowed (targets near +-1e308)
            mean = Standardizer.fit([[t] for t in reference]).mean[0]
        return regression_report(list(targets), predictions, mean)
    probabilities = pipeline.predict_proba(rows, encoded=encoded)
    index = _class_index(pipeline.class_names)
    y_true = [_class_of(index, t) for t in targets]
    y_pred = argmax_rows(probabilities)
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
