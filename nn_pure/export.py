"""Export a trained model as a standalone Python module that needs only `math`.

    python -m nn_pure.export MODEL.json [--output predict_iris.py]

For a device with no room for the library: the module holds the weights,
the standardization and the class names as plain lists, and two functions,
predict(row) and predict_proba(row).  It runs on CPython, PyPy and
MicroPython.  Its arithmetic is the library's, step for step and in the same
order, so on any one interpreter its answers equal Pipeline.predict_proba's
to the last bit.

export_source(pipeline) only builds a string, so this module is part of the
core; the command line (json, argparse, files) is imported inside main().

A model file is data, and exporting it must not turn any of it into code.  So
every name it holds (the features, the classes, the target, and the file's own
name) appears in the module once, as a Python literal written by repr(), and
nowhere else: not in the docstring, not in a comment.  repr() gives a literal
that reads back as the same string, whatever the string holds (quotes, triple
quotes, backslashes, newlines, NUL, non-ASCII), so the module always compiles.
The docstring and comments name those constants instead.

Glossary: row one sample's raw feature values, in FEATURES order.
"""
from nn_pure.checks import NNPureError
from nn_pure.encode import MISSING
from nn_pure.network import PARAM_NAMES

# The activations, written as the library computes them (see activations.py).
ACTIVATION_SOURCE = {
    "sigmoid": '''def _sigmoid(x):
    if x >= 0.0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)             # x < 0: e^x cannot overflow
    return z / (1.0 + z)
''',
    "tanh": '''def _tanh(x):
    return math.tanh(x)
''',
    "leaky_relu": '''def _leaky_relu(x):
    return x if x > 0.0 else 0.01 * x     # LeakyReLU's default slope, as the library's
''',
    "relu": '''def _relu(x):
    return x if x > 0.0 else 0.0
''',
}

HEADER = '''"""{module}: a trained nn_pure model as standalone Python; it needs only math.

Exported by `python -m nn_pure.export`{from_source}.
Model: {description}.

Use it (CPython, PyPy or MicroPython):

    import {module}
    {module}.predict([{example}]){predict_comment}{proba_use}
"""
import math

# Every name from the model file, written by repr() as a Python literal, so that
# whatever a name holds it stays a string and never becomes code.
{names}
'''

STANDARDIZE = '''
# Standardization: predict() first turns each value x of a row into (x - MEAN) / STD.
MEAN = %s
STD = %s
'''

MLP_BODY = '''
# Layer n computes y = x W + b: W has one row per input and one column per output.
LAYERS = [
{layers}]


def _forward(row):
    """Standardize row, then run it through every layer; return the last layer's output."""
    if len(row) != len(FEATURES):
        raise ValueError("expected %d values (%s), got %d"
                         % (len(FEATURES), ", ".join(FEATURES), len(row)))
    x = {standardize}
    for n, (W, b) in enumerate(LAYERS):
        y = b
        for x_i, W_row in zip(x, W):
            y = [y_j + x_i * w_ij for y_j, w_ij in zip(y, W_row)]
        for v in y:             # as the library does: stop rather than answer inf or NaN
            if not math.isfinite(v):
                raise ValueError("layer %d gives %r: its weights times these inputs are "
                                 "beyond the largest float" % (n + 1, v))
        x = y if n == len(LAYERS) - 1 else [{activation}(v) for v in y]
    return {output}
'''

NETWORK_BODY = '''
# Tutorial A's 2-2-1 network: h1 = f(w1*x1 + w2*x2 + b1), h2 = f(w3*x1 + w4*x2 + b2),
# o1 = f(w5*h1 + w6*h2 + b3), f the sigmoid; o1 is the probability of CLASSES[1].
{params}


def _forward(row):
    if len(row) != len(FEATURES):
        raise ValueError("expected %d values (%s), got %d"
                         % (len(FEATURES), ", ".join(FEATURES), len(row)))
    x1, x2 = {standardize}
    h1 = _sigmoid(w1 * x1 + w2 * x2 + b1)
    h2 = _sigmoid(w3 * x1 + w4 * x2 + b2)
    o1 = _sigmoid(w5 * h1 + w6 * h2 + b3)
    if o1 != o1:                # NaN: inf - inf in a weighted sum, as the library refuses
        raise ValueError("the weighted sums are beyond the largest float")
    return o1
'''

CLASSIFIER_TAIL = '''

def predict_proba(row):
    """Return the probability of each class, in CLASSES order."""
{proba_body}


def predict(row):
    """Return the name of the most likely class (the first, if two tie)."""
    p = predict_proba(row)
    best = 0
    for c in range(1, len(p)):
        if p[c] > p[best]:
            best = c
    return CLASSES[best]
'''

SOFTMAX_PROBA = '''    z = _forward(row)
    m = max(z)                  # shift by the largest score, so exp cannot overflow
    exps = [math.exp(z_j - m) for z_j in z]
    total = 0.0
    for e in exps:              # added left to right, as the library does
        total += e
    return [e / total for e in exps]'''

SIGMOID_PROBA = '''    (z,) = _forward(row)
    p = _sigmoid(z)             # binary cross-entropy's one logit: p is class 1's probability
    return [1.0 - p, p]'''

# How a classifier's outputs become probabilities, by the name of its loss (losses.LOSSES).
PROBA_SOURCE = {"softmax": SOFTMAX_PROBA, "binary-cross-entropy": SIGMOID_PROBA}

NETWORK_PROBA = '''    o1 = _forward(row)
    return [1.0 - o1, o1]'''

ENCODE = '''
# Encoding (nn_pure/encode.py): a raw row holds numbers, category names and missing
# cells (None, or a spelling in MISSING).  CATEGORIES[j] is None for a numeric column,
# else its categories in order, one input each; FILLS[j] fills a missing cell (the
# training median, or the most frequent category).  A category not seen in training
# becomes all zeros, with one warning per column.
MISSING = %s
CATEGORIES = %s
FILLS = %s
UNSEEN = {}


def _unsigned(text):
    return text[1:] if text[:1] in ("+", "-") else text


def _digits(text):
    return text.strip("0123456789") == ""


def _decimal(cell):
    """The float a decimal number such as -1.5e3 spells, or None (as the library reads it)."""
    mantissa, exponent = cell, None
    for e in "eE":
        if e in cell:
            mantissa, _, exponent = cell.partition(e)
            break
    whole, _, fraction = _unsigned(mantissa).partition(".")
    if not (whole or fraction) or not (_digits(whole) and _digits(fraction)):
        return None
    if exponent is not None and not (_unsigned(exponent) and _digits(_unsigned(exponent))):
        return None
    return float(cell)


def _encode(row):
    """The raw row as the network's inputs: missing cells filled, categories one-hot."""
    if len(row) != len(FEATURES):
        raise ValueError("expected %%d values (%%s), got %%d"
                         %% (len(FEATURES), ", ".join(FEATURES), len(row)))
    x = []
    for j in range(len(row)):
        value, categories = row[j], CATEGORIES[j]
        if isinstance(value, str):
            value = value.strip()
            if value in MISSING:
                value = None
            else:
                number = _decimal(value)
                value = value if number is None else number
        elif isinstance(value, float) and value != value:
            value = None                            # NaN: missing
        if categories is None:
            if isinstance(value, str):
                raise ValueError("%%s is %%r, not a number" %% (FEATURES[j], value))
            x.append(FILLS[j] if value is None else float(value))
            continue
        if value is None:
            name = FILLS[j]
        elif isinstance(value, str):
            name = value
        elif value == int(value) and abs(value) < 1e15:
            name = "%%d" %% int(value)                # 4, 4.0 and "04" are the category "4"
        else:
            name = repr(float(value))
        if name not in categories and FEATURES[j] not in UNSEEN:
            UNSEEN[FEATURES[j]] = name
            print("warning: %%s: %%r was not seen in training; encoded as all zeros"
                  %% (FEATURES[j], name))
        for category in categories:
            x.append(1.0 if category == name else 0.0)
    return x
'''

REGRESSION_TAIL = '''

def predict(row):
    """Return the predicted value of TARGET."""
    return _forward(row)[0]
'''

SCALED_REGRESSION_TAIL = '''

# The target was standardized for training: predict() turns the network's output z
# back into TARGET's units, z * TARGET_STD + TARGET_MEAN.
TARGET_MEAN = {mean}
TARGET_STD = {std}


def predict(row):
    """Return the predicted value of TARGET."""
    z = _forward(row)[0]
    value = z * TARGET_STD + TARGET_MEAN
    if not math.isfinite(value):
        # z * TARGET_STD alone can overflow although the value would not, so the
        # library's Standardizer.inverse_value tries again with halves; as here.
        value = 2.0 * (z * (0.5 * TARGET_STD) + 0.5 * TARGET_MEAN)
    if not math.isfinite(value):    # as the library does: stop rather than answer inf
        raise ValueError("the prediction is %r in the units of %s, beyond the largest float"
                         % (value, TARGET or "the target"))
    return value
'''


def export_source(pipeline, module="model", source=None):
    """Return the text of a standalone module computing pipeline's predictions.

    module is the module's name, as `import` will see it: ASCII letters,
    digits and _, not starting with a digit.  source, if given, is the name of
    the model file, kept in the module as SOURCE.
    """
    network = pipeline.network
    _check_exportable(pipeline, module)
    features = pipeline.feature_names
    encoder = pipeline.encoder
    inputs = "row" if encoder is None else "_encode(row)"
    if pipeline.standardizer is None:
        standardize = "list(%s)" % inputs
    else:
        standardize = "[(v - m) / s for v, m, s in zip(%s, MEAN, STD)]" % inputs
    if encoder is not None:         # a category's name appears only in CATEGORIES and FILLS
        example = ", ".join("None" if column.categories is not None else "%g" % column.fill
                            for column in encoder.columns)
    elif pipeline.standardizer:
        example = ", ".join("%g" % m for m in pipeline.standardizer.mean)
    else:
        example = ", ".join("0" for _ in features)
    classifier = pipeline.task == "classification"
    names = []
    if source is not None:
        names.append("SOURCE = " + repr(source))
    names.append("TARGET = " + repr(pipeline.target_name))
    names.append("FEATURES = " + _literal(features))
    if classifier:
        names.append("CLASSES = " + _literal(pipeline.class_names))
    text = HEADER.format(
        module=module, from_source=" from the model file SOURCE" if source is not None else "",
        description=_describe(pipeline), example=example,
        predict_comment="       # the class name" if classifier else "       # the value",
        proba_use=("\n    %s.predict_proba([%s])  # one probability per class"
                   % (module, example)) if classifier else "",
        names="\n".join(names))
    if encoder is not None:
        text += ENCODE % (repr(MISSING),
                          "[" + ", ".join("None" if column.categories is None
                                          else _literal(column.categories)
                                          for column in encoder.columns) + "]",
                          _literal([column.fill for column in encoder.columns]))
    if pipeline.standardizer is not None:
        text += STANDARDIZE % (_literal(pipeline.standardizer.mean),
                                            _literal(pipeline.standardizer.std))
    if pipeline.kind == "network":
        params = "\n".join("%s = %r" % (name, getattr(network, name)) for name in PARAM_NAMES)
        text += NETWORK_BODY.format(params=params, standardize=standardize)
        text += "\n\n" + ACTIVATION_SOURCE["sigmoid"]
        return text + CLASSIFIER_TAIL.format(proba_body=NETWORK_PROBA)

    layers = ""
    for n, linear in enumerate(network.linears):
        rows = ",\n      ".join(_literal(W_row) for W_row in linear.W)
        layers += ("    # layer %d: %d inputs -> %d outputs\n    ([%s],\n     %s),\n"
                   % (n + 1, linear.n_in, linear.n_out, rows, _literal(linear.b)))
    output = "x"
    if network.output is not None:
        output = "[_%s(v) for v in x]" % network.output
    text += MLP_BODY.format(layers=layers, standardize=standardize,
                            activation="_" + network.activation, output=output)
    proba = PROBA_SOURCE.get(network.loss_layer.name) if classifier else None
    needed = {network.activation, network.output or network.activation}
    if proba is SIGMOID_PROBA:
        needed.add("sigmoid")
    for name in sorted(needed):
        text += "\n\n" + ACTIVATION_SOURCE[name]
    if classifier:
        return text + CLASSIFIER_TAIL.format(proba_body=proba)
    scale = pipeline.target_standardizer
    if scale is None:
        return text + REGRESSION_TAIL
    return text + SCALED_REGRESSION_TAIL.format(mean=repr(scale.mean[0]),
                                                std=repr(scale.std[0]))


def _check_exportable(pipeline, module):
    """Raise unless every word export_source writes outside a literal is one it expects."""
    if not is_module_name(module):
        raise NNPureError("export_source(): module %r is not a module name; use ASCII "
                          "letters, digits and _, not starting with a digit, such as "
                          "'predict_iris'" % (module,))
    network = pipeline.network
    if pipeline.kind != "network":
        for name in (network.activation, network.output):
            if name is not None and name not in ACTIVATION_SOURCE:
                raise NNPureError("export_source(): the activation %r cannot be exported; "
                                  "use one of %s" % (name, ", ".join(sorted(ACTIVATION_SOURCE))))


def is_module_name(name):
    """Return True if `import name` can load name.py on any Python, MicroPython too.

    That is an ASCII identifier: MicroPython's str has no isidentifier(), and
    its names are ASCII.  Keywords are left to the command line (the keyword
    module is not on MicroPython).
    >>> [is_module_name(n) for n in ("predict_iris", "_p2", "1_bad", "my-model", "")]
    [True, True, False, False, False]
    """
    if not name or "0" <= name[0] <= "9":
        return False
    for c in name:
        if not ("a" <= c <= "z" or "A" <= c <= "Z" or "0" <= c <= "9" or c == "_"):
            return False
    return True


def _describe(pipeline):
    """The model in words, for the docstring: its shape and what it predicts, by constant."""
    network = pipeline.network
    if pipeline.kind == "network":
        shape = "Tutorial A's 2-2-1 sigmoid network"
    else:
        shape = "%s %s (%s)" % (pipeline.kind, "-".join(str(n) for n in network.sizes),
                                network.activation if len(network.sizes) > 2 else "linear")
    if pipeline.task == "classification":
        return "%s; from a row of FEATURES it predicts TARGET,\none of CLASSES" % shape
    return "%s; from a row of FEATURES it predicts TARGET,\na number" % shape


def _literal(value):
    """Python source for a list (of lists) of floats or strings, floats with every digit."""
    if isinstance(value, list):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    return repr(value)


def main(argv=None):
    """Run `python -m nn_pure.export` on argv; return the exit status (nn_pure/cli/export.py)."""
    from nn_pure.cli.export import main
    return main(argv)


if __name__ == "__main__":
    raise SystemExit(main())
