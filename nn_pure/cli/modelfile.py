"""Model files: a trained Pipeline saved as JSON, and loaded back safely.

The file is plain JSON (readable, diffable, loadable by anything) holding a
format name and version, the kind of model and its architecture, every
weight, the feature names and standardization, the class names, and how it
was trained.  Keys are sorted and floats written with repr's shortest
round-tripping digits, so loading gives back every weight bit for bit, and
saving a loaded model writes the same bytes.

Loading executes nothing from the file: it parses JSON and checks every field
(format, version, names, shapes, finite numbers) against the arrays actually
present before it builds anything, and a file that fails says which file and
which key was wrong.  Files written by earlier versions (Tutorial A's network
with its nine "parameters" by name) still load, and so do files written before
"encoding" (a model of numbers only, one feature per input).

Every value a file holds nests at most MAX_DEPTH levels deep, so that what
reads it (copying, printing, converting) never meets recursion deeper than a
few dozen calls: check_nesting() is that bound, for model files and the JSON
in ONNX metadata alike, and the writers hold to it too.

Glossary: a "layer" entry is {"W": rows, "b": values} of one Linear layer.
"""
import json
import math

from nn_pure.checks import NNPureError
from nn_pure.cli import without_function
from nn_pure.cli.outputs import read_text, write_atomically
from nn_pure.encode import Column, Encoder
from nn_pure.losses import LOSSES
from nn_pure.network import PARAM_NAMES
from nn_pure.pipeline import KINDS, Pipeline, make_model
from nn_pure.preprocess import Standardizer

FORMAT = "nn_pure.model"
VERSION = 1
MAX_INT_DIGITS = 18     # a width or a count in a model file; more digits is not a model
MAX_DEPTH = 32          # lists and objects within one another; nn_pure writes 6 at most


def save_model(model, path):
    """Write model (a Pipeline, or a bare MLP or NeuralNetwork) to path as JSON, atomically."""
    write_atomically(path, dumps_model(model))


def dumps_model(pipeline):
    """Return the model file's text for a Pipeline (or a bare MLP or NeuralNetwork)."""
    if not isinstance(pipeline, Pipeline):
        pipeline = Pipeline(pipeline)
    network = pipeline.network
    parameters = network.parameters()
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
        "training": training_record(pipeline),
        "architecture": {"sizes": network.sizes, "activation": network.activation,
                         "loss": network.loss_layer.name, "output": network.output},
        "layers": [{"W": W, "b": b} for W, b in zip(parameters[::2], parameters[1::2])],
    }
    if pipeline.encoder is not None:    # only then: files of numeric models keep their bytes
        document["encoding"] = [{"categories": column.categories, "fill": column.fill}
                                for column in pipeline.encoder.columns]
    try:
        return json.dumps(document, indent=1, sort_keys=True, allow_nan=False) + "\n"
    except ValueError:
        raise NNPureError("the model holds NaN or infinite numbers, which a model file cannot "
                          "store; retrain with a lower learning rate")


def training_record(pipeline):
    """The pipeline's training record as a file stores it: checked for depth, with
    every infinite or NaN number as null (see finite_or_null)."""
    check_nesting(pipeline.training, "the model's training record")
    return finite_or_null(pipeline.training)


def check_nesting(value, where):
    """Refuse a JSON value (lists and dicts within each other) nested over MAX_DEPTH deep.

    Python's json module reads nesting up to the interpreter's recursion limit
    (about 1000), and any recursive walk of what it read (a copy, repr(),
    json.dumps) then fails with RecursionError; a bound far below that keeps
    every such walk safe.  The depth is measured with a stack of our own, not
    by recursion, so the check itself cannot fail that way.
    """
    deepest = 0
    pending = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, (list, tuple)):
            deepest = max(deepest, depth)
            pending.extend((child, depth + 1) for child in item
                           if isinstance(child, (list, tuple, dict)))
    if deepest > MAX_DEPTH:
        raise NNPureError("%s nests %d levels deep; at most %d (was it edited?)"
                          % (where, deepest, MAX_DEPTH))


def finite_or_null(value):
    """A copy of value (a training record, train's --json) with every infinite or NaN
    number as null (None).

    A score can overflow where the weights do not: the MSE of targets near 1e308
    is beyond the largest float.  The record says "not a number" for it, so the
    model still saves and --json stays JSON (which has no inf); the weights are
    checked as they are.
    (Its recursion is as deep as the record, which check_nesting bounds.)
    """
    if isinstance(value, dict):
        return dict((key, finite_or_null(item)) for key, item in value.items())
    if isinstance(value, list):
        return [finite_or_null(item) for item in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _standardization(standardizer):
    if standardizer is None:
        return None
    return {"mean": standardizer.mean, "std": standardizer.std}


def load_model(path):
    """Read a model file written by dumps_model (through the programs' --save)."""
    return loads_model(read_text(path, "a model file"), path)


def loads_model(text, path="<model>"):
    """Build a Pipeline from a model file's text, checking every field first."""
    check = _Checker(path)
    document = check.parse(text)
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        found = document.get("format") if isinstance(document, dict) else type(document).__name__
        raise NNPureError("%s is not an nn_pure model file: its format is %r, not %r"
                          % (path, found, FORMAT))
    version = document.get("version")
    if type(version) is not int or version != VERSION:
        raise NNPureError("%s is model format version %r, but this nn_pure reads version %d; "
                          "retrain and save it with this version" % (path, version, VERSION))
    kind = check.choice(document, "kind", KINDS)
    task = check.choice(document, "task", ("classification", "regression"))
    architecture = check.field(document, "architecture", dict)
    sizes = check.field(architecture, "sizes", list, "architecture")
    if len(sizes) < 2 or not all(type(n) is int and n >= 1 for n in sizes):
        check.fail("architecture.sizes", "is %r; it must list two or more positive whole "
                                         "numbers" % (sizes,))
    encoding = document.get("encoding")
    if encoding is not None:
        if not isinstance(encoding, list) or not encoding:
            check.fail("encoding", "must be a list with one entry per feature, or absent")
        features = check.names(document, "features", len(encoding))
        encoder = check.encoder(encoding, features, sizes[0])
    else:
        features = check.names(document, "features", sizes[0])
        encoder = None

    # The arrays first, against the declared sizes, before anything is built from them.
    if kind == "network" and "layers" not in document:
        parameters = check.named_parameters(document)       # files from before "layers"
    else:
        layers = check.field(document, "layers", list)
        if len(layers) != len(sizes) - 1:
            check.fail("layers", "has %d entries but architecture.sizes %r needs %d"
                       % (len(layers), sizes, len(sizes) - 1))
        parameters = []
        for n, layer in enumerate(layers):
            where = "layers[%d]" % n
            if not isinstance(layer, dict):
                check.fail(where, "must be an object with W and b")
            parameters.append(check.matrix(layer.get("W"), where + ".W", sizes[n], sizes[n + 1]))
            parameters.append(check.vector(layer.get("b"), where + ".b", sizes[n + 1]))
    loss = check.choice(architecture, "loss", LOSSES, "architecture")
    try:
        network = make_model(kind, sizes, activation=architecture.get("activation"), loss=loss,
                             output=architecture.get("output"))
    except (NNPureError, TypeError) as error:     # the reason, without the function's name
        check.fail("kind %r with architecture" % kind, "does not make a model: %s"
                   % without_function(str(error)))
    network.set_parameters(parameters)
    if network.kind != kind:
        check.fail("kind", "is %r but its layers make a %r model" % (kind, network.kind))
    if network.task != task:
        check.fail("task", "is %r but its loss %r is for %s" % (task, loss, network.task))

    classes = None
    if task == "classification":
        classes = check.names(document, "classes", network.n_classes)
    target = document.get("target")
    if target is not None and not isinstance(target, str):
        check.fail("target", "must be a column name or null")
    training = document.get("training", {})
    if not isinstance(training, dict):
        check.fail("training", "must be an object")
    return Pipeline(network, features, classes,
                    check.standardization(document, "standardization", sizes[0]),
                    target_name=target, training=training, encoder=encoder,
                    target_standardizer=check.standardization(document,
                                                              "target_standardization", 1))


class _Checker:
    """Field checks for one model file; every failure names the file and the key."""

    def __init__(self, path):
        self.path = path

    def fail(self, key, message):
        raise NNPureError("%s is not a valid model file: %s %s" % (self.path, key, message))

    def parse(self, text):
        """Return the JSON document, refusing what only a damaged or hostile file holds."""
        def no_constants(name):
            raise NNPureError("%s holds %s; a model file may only hold finite numbers"
                              % (self.path, name))

        def small_int(digits):
            if len(digits.lstrip("-")) > MAX_INT_DIGITS:
                raise NNPureError("%s holds an integer of %d digits; no model file needs one "
                                  "(is it damaged?)" % (self.path, len(digits.lstrip("-"))))
            return int(digits)

        def unique_keys(pairs):
            document = {}
            for key, value in pairs:
                if key in document:
                    raise NNPureError("%s is not a valid model file: the key %r appears twice "
                                      "in one object" % (self.path, key))
                document[key] = value
            return document

        try:
            document = json.loads(text, parse_constant=no_constants, parse_int=small_int,
                                  object_pairs_hook=unique_keys)
        except json.JSONDecodeError as error:
            raise NNPureError("%s is not valid JSON (line %d, column %d: %s); is it a model "
                              "file saved by nn_pure?"
                              % (self.path, error.lineno, error.colno, error.msg))
        except RecursionError:
            raise NNPureError("%s is not a valid model file: its brackets nest thousands deep"
                              % self.path)
        # Before any other check: a message may print a value, and printing recurses.
        if isinstance(document, dict):
            for key, value in document.items():
                check_nesting(value, "%s is not a valid model file: %s" % (self.path, key))
        return document

    def field(self, parent, key, kind, prefix=""):
        value = parent.get(key)
        if not isinstance(value, kind):
            self.fail(prefix + "." + key if prefix else key,
                      "is missing or not %s" % ("an object" if kind is dict else "a list"))
        return value

    def choice(self, parent, key, choices, prefix=""):
        value = parent.get(key)
        if not isinstance(value, str) or value not in choices:
            self.fail(prefix + "." + key if prefix else key, "is %r; expected one of %s"
                      % (value, ", ".join(sorted(choices))))
        return value

    def number(self, value, where):
        if type(value) not in (int, float):
            self.fail(where, "is %r, not a number" % (value,))
        value = float(value)
        if not math.isfinite(value):
            self.fail(where, "is %r, not a finite number" % value)
        return value

    def vector(self, value, where, length):
        if not isinstance(value, list) or len(value) != length:
            self.fail(where, "must be a list of %d numbers" % length)
        return [self.number(v, "%s[%d]" % (where, j)) for j, v in enumerate(value)]

    def matrix(self, value, where, n_rows, n_cols):
        if not isinstance(value, list) or len(value) != n_rows:
            self.fail(where, "must have %d rows (one per input), found %s"
                      % (n_rows, len(value) if isinstance(value, list) else repr(value)[:40]))
        return [self.vector(row, "%s[%d]" % (where, i), n_cols) for i, row in enumerate(value)]

    def named_parameters(self, document):
        """Tutorial A's nine numbers by name, as version 1 files before "layers" hold them."""
        params = self.field(document, "parameters", dict)
        w1, w2, w3, w4, w5, w6, b1, b2, b3 = [
            self.number(params.get(name), "parameters." + name) for name in PARAM_NAMES]
        return [[[w1, w3], [w2, w4]], [b1, b2], [[w5], [w6]], [b3]]

    def names(self, parent, key, length):
        value = parent.get(key)
        if (not isinstance(value, list) or len(value) != length
                or not all(isinstance(name, str) for name in value)):
            self.fail(key, "must be a list of %d names, found %s" % (length, repr(value)[:80]))
        for i, name in enumerate(value):
            if name in value[:i]:
                self.fail(key, "names %r twice; every name must be different" % name)
        return value

    def encoder(self, encoding, features, n_inputs):
        """An Encoder from the "encoding" list, checked entry by entry against the inputs."""
        columns = []
        width = 0
        for j, (entry, name) in enumerate(zip(encoding, features)):
            where = "encoding[%d]" % j
            if not isinstance(entry, dict) or set(entry) != {"categories", "fill"}:
                self.fail(where, "must be an object with categories and fill")
            categories, fill = entry["categories"], entry["fill"]
            if categories is None:
                columns.append(Column(name, None, self.number(fill, where + ".fill")))
                width += 1
                continue
            if not isinstance(categories, list) or not categories \
                    or not all(isinstance(c, str) for c in categories):
                self.fail(where + ".categories", "must be null or a list of category names")
            if len(set(categories)) != len(categories):
                self.fail(where + ".categories", "names a category twice")
            if fill not in categories:
                # %s of a cut repr: %r of it would quote it twice ("'Biscoe'")
                self.fail(where + ".fill", "is %s, which is none of its categories"
                          % (repr(fill)[:40],))
            width += len(categories)
            if width > n_inputs:
                break
            columns.append(Column(name, categories, fill))
        if width != n_inputs:
            self.fail("encoding", "makes %d inputs but architecture.sizes starts with %d"
                      % (width, n_inputs))
        return Encoder(columns)

    def standardization(self, parent, key, length):
        value = parent.get(key)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.fail(key, "must be an object with mean and std, or null")
        mean = self.vector(value.get("mean"), key + ".mean", length)
        std = self.vector(value.get("std"), key + ".std", length)
        if min(std) <= 0.0:
            self.fail(key + ".std", "holds %r; standard deviations must be positive" % min(std))
        return Standardizer(mean, std)
