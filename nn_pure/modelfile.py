"""Model files: a trained Pipeline saved as JSON, and loaded back safely.

The file is plain JSON (readable, diffable, loadable by anything) holding a
format name and version, the kind of model and its architecture, every
weight, the feature names and standardization, the class names, and how it
was trained.  Keys are sorted and floats written with repr's shortest
round-tripping digits, so loading gives back every weight bit for bit, and
saving a loaded model writes the same bytes.

Loading executes nothing from the file: it parses JSON and checks every field
(format, version, shapes, finite numbers) before building the model, and a
file that fails says what was wrong with it.

Command-line side: it uses `json` with options MicroPython lacks.

Glossary: a "layer" entry is {"W": rows, "b": values} of one Linear layer.
"""
import json
import math

from nn_pure.checks import NNPureError
from nn_pure.files import write_atomically
from nn_pure.mlp import LOSSES, MLP
from nn_pure.network import PARAM_NAMES, NeuralNetwork
from nn_pure.pipeline import KINDS, Pipeline
from nn_pure.preprocess import Standardizer

FORMAT = "nn_pure.model"
VERSION = 1


def save_model(model, path):
    """Write model (a Pipeline, or a bare MLP or NeuralNetwork) to path as JSON, atomically."""
    if not isinstance(model, Pipeline):
        model = Pipeline(model)
    write_atomically(path, dumps_model(model))


def dumps_model(pipeline):
    """Return the model file's text for a Pipeline."""
    network = pipeline.network
    document = {
        "format": FORMAT,
        "version": VERSION,
        "kind": pipeline.kind,
        "task": pipeline.task,
        "features": pipeline.feature_names,
        "target": pipeline.target_name,
        "classes": pipeline.class_names,
        "standardization": _standardization(pipeline.standardizer),
        "target_standardization": _standardization(pipeline.target_standardizer),
        "training": pipeline.training,
    }
    if isinstance(network, NeuralNetwork):
        document["architecture"] = {"sizes": pipeline.sizes, "activation": "sigmoid",
                                    "loss": "mse", "output": "sigmoid"}
        document["parameters"] = network.parameters()
    else:
        document["architecture"] = {"sizes": network.sizes, "activation": network.activation,
                                    "loss": network.loss_name, "output": network.output}
        document["layers"] = [{"W": linear.W, "b": linear.b} for linear in network.linears]
    try:
        return json.dumps(document, indent=1, sort_keys=True, allow_nan=False) + "\n"
    except ValueError:
        raise NNPureError("save_model(): the model holds NaN or infinite numbers, which a model "
                         "file cannot store; retrain with a lower learning rate")


def _standardization(standardizer):
    if standardizer is None:
        return None
    return {"mean": standardizer.mean, "std": standardizer.std}


def load_model(path):
    """Read a model file written by save_model; return its Pipeline."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    return loads_model(text, path)


def loads_model(text, path="<model>"):
    """Build a Pipeline from a model file's text, checking every field first."""
    def no_constants(name):
        raise NNPureError("%s holds %s; a model file may only hold finite numbers" % (path, name))

    try:
        document = json.loads(text, parse_constant=no_constants)
    except json.JSONDecodeError as error:
        raise NNPureError("%s is not valid JSON (line %d, column %d: %s); is it a model file "
                         "saved by nn_pure?" % (path, error.lineno, error.colno, error.msg))
    check = _Checker(path)
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        found = document.get("format") if isinstance(document, dict) else type(document).__name__
        raise NNPureError("%s is not an nn_pure model file: its format is %r, not %r"
                         % (path, found, FORMAT))
    if document.get("version") != VERSION:
        raise NNPureError("%s is model format version %r, but this nn_pure reads version %d; "
                         "retrain and save it with this version"
                         % (path, document.get("version"), VERSION))
    kind = check.choice(document, "kind", KINDS)
    task = check.choice(document, "task", ("classification", "regression"))
    architecture = check.field(document, "architecture", dict)
    sizes = check.field(architecture, "sizes", list, "architecture")
    if len(sizes) < 2 or not all(isinstance(n, int) and not isinstance(n, bool) and n >= 1
                                 for n in sizes):
        check.fail("architecture.sizes is %r; it must list two or more positive whole numbers"
                   % (sizes,))
    features = check.names(document, "features", sizes[0])

    if kind == "network":
        if sizes != [2, 2, 1]:
            check.fail("a 'network' model has sizes [2, 2, 1], not %r" % (sizes,))
        params = check.field(document, "parameters", dict)
        values = {name: check.number(params.get(name), "parameters.%s" % name)
                  for name in PARAM_NAMES}
        network = NeuralNetwork(**values)
    else:
        loss = check.choice(architecture, "loss", LOSSES, "architecture")
        layers = check.field(document, "layers", list)
        if len(layers) != len(sizes) - 1:
            check.fail("architecture.sizes %r needs %d layers but the file has %d"
                       % (sizes, len(sizes) - 1, len(layers)))
        try:
            network = MLP(sizes, activation=architecture.get("activation"), loss=loss,
                          output=architecture.get("output"))
        except ValueError as error:
            check.fail("its architecture is not valid: %s" % error)
        for n, (layer, linear) in enumerate(zip(layers, network.linears)):
            where = "layers[%d]" % n
            if not isinstance(layer, dict):
                check.fail("%s must be an object with W and b" % where)
            linear.W = check.matrix(layer.get("W"), where + ".W", linear.n_in, linear.n_out)
            linear.b = check.vector(layer.get("b"), where + ".b", linear.n_out)
    if (task == "regression") != (kind == "mlp" and network.loss_name == "mse"):
        check.fail("task %r does not match its architecture" % task)

    classes = None
    if task == "classification":
        classes = check.names(document, "classes", 2 if kind == "network" else sizes[-1])
    target = document.get("target")
    if target is not None and not isinstance(target, str):
        check.fail("target must be a column name or null")
    training = document.get("training", {})
    if not isinstance(training, dict):
        check.fail("training must be an object")
    return Pipeline(network, features, classes,
                    check.standardization(document, "standardization", len(features)), target,
                    check.standardization(document, "target_standardization", 1), training)


class _Checker:
    """Field checks for one model file; every failure names the file and the field."""

    def __init__(self, path):
        self.path = path

    def fail(self, message):
        raise NNPureError("%s is not a valid model file: %s" % (self.path, message))

    def field(self, parent, key, kind, prefix=""):
        value = parent.get(key)
        if not isinstance(value, kind):
            self.fail("%s%s is missing or not %s" % (prefix + "." if prefix else "", key,
                                                     "an object" if kind is dict else "a list"))
        return value

    def choice(self, parent, key, choices, prefix=""):
        value = parent.get(key)
        if value not in choices:
            self.fail("%s%s is %r; expected one of %s" % (prefix + "." if prefix else "", key,
                                                         value, ", ".join(choices)))
        return value

    def number(self, value, where):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.fail("%s is %r, not a number" % (where, value))
        if not math.isfinite(value):
            self.fail("%s is %r, not a finite number" % (where, value))
        return float(value)

    def vector(self, value, where, length):
        if not isinstance(value, list) or len(value) != length:
            self.fail("%s must be a list of %d numbers" % (where, length))
        return [self.number(v, "%s[%d]" % (where, j)) for j, v in enumerate(value)]

    def matrix(self, value, where, n_rows, n_cols):
        if not isinstance(value, list) or len(value) != n_rows:
            self.fail("%s must have %d rows (one per input), found %s"
                      % (where, n_rows, len(value) if isinstance(value, list) else value))
        return [self.vector(row, "%s[%d]" % (where, i), n_cols) for i, row in enumerate(value)]

    def names(self, parent, key, length):
        value = parent.get(key)
        if (not isinstance(value, list) or len(value) != length
                or not all(isinstance(name, str) for name in value)):
            self.fail("%s must be a list of %d names, found %r" % (key, length, value))
        return value

    def standardization(self, parent, key, length):
        value = parent.get(key)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.fail("%s must be an object with mean and std, or null" % key)
        mean = self.vector(value.get("mean"), key + ".mean", length)
        std = self.vector(value.get("std"), key + ".std", length)
        if min(std) <= 0.0:
            self.fail("%s.std holds %r; standard deviations must be positive" % (key, min(std)))
        return Standardizer(mean, std)
