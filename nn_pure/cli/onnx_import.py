"""Reading an ONNX MLP, written by nn_pure or anything else, as an nn_pure model file.

    python -m nn_pure.convert IN.onnx --output OUT.json [--features a,b] [--classes x,y]

Three steps, three modules.  nn_pure.cli.onnx_proto decodes the bytes;
nn_pure.cli.onnx_graph walks the graph's nodes in order, following the one
chain of values that starts at the input, with what each op does to that
chain in nn_pure.cli.onnx_ops; this module turns where the chain ends (its
layers, the input's standardization, the output's kind) into the model file
document that nn_pure.cli.modelfile reads, naming the features and classes.

The supported ops: Gemm (alpha, beta, transB; transA only 0), MatMul + Add,
Relu, LeakyRelu, PRelu (one slope), Tanh, Sigmoid, Softmax (last axis),
Identity, Cast, Flatten and Reshape of [N, k], Sub/Div/Mul/Add with constants
(preprocessing at the input, the two-class tail, the target's scale), Constant,
and skl2onnx's classifier tail (ArgMax, ArrayFeatureExtractor, Cast, Reshape;
ZipMap too).  Anything else is refused, naming the op and the node.

nn_pure's model has one activation between all its layers, and leaky ReLU's
slope is 0.01; a model that mixes activations or has another slope is refused
with that reason.  A final one-unit Sigmoid is read as a two-class classifier
(p is class 1's probability), unless nn_pure's own metadata says regression.

Glossary: final the State where the chain ends (nn_pure.cli.onnx_ops); layers
its (W, b, activation) triples; own the nn_pure.* metadata entries, decoded;
meta every metadata entry as text.
"""
import json
import os

from nn_pure.checks import NNPureError
from nn_pure.cli.modelfile import check_nesting
from nn_pure.cli.onnx_encoding import encoding_document
from nn_pure.cli.onnx_graph import Reader
from nn_pure.cli.outputs import check_input

MAX_FILE_BYTES = 256 * 1024 * 1024      # 32 million doubles: far past a pure-Python MLP


def read_onnx(path):
    """Return the bytes of the ONNX file at path (a regular file of at most 256 MB)."""
    check_input(path, "an ONNX file")
    with open(path, "rb") as f:
        # The size first, then the bytes: f.read(limit) would have PyPy allocate the whole
        # limit (256 MB) for every file, however small.
        size = os.fstat(f.fileno()).st_size
        data = f.read(size + 1) if size <= MAX_FILE_BYTES else b""
    if size > MAX_FILE_BYTES or len(data) > MAX_FILE_BYTES:
        raise NNPureError("%s is larger than %d MB; no MLP that nn_pure trains or runs is "
                          "that large" % (path, MAX_FILE_BYTES // (1024 * 1024)))
    return data


def model_document(data, path, features=None, classes=None):
    """Return (document, notes): an nn_pure model file's contents for the ONNX model in
    data, and lines saying where the names came from.  features and classes, if given,
    are lists of names that override the file's."""
    reader = Reader(path, data)
    final, input_name, meta = reader.read()
    own = {}
    for key in ("kind", "task", "loss", "features", "categories", "classes", "target",
                "training"):
        if "nn_pure." + key in meta:
            own[key] = parse_json(path, "metadata_props nn_pure." + key, meta["nn_pure." + key])
    layers = list(final.layers)
    if final.stage in ("prob", "label", "index"):
        task, loss = "classification", final.loss
    elif own.get("task") != "regression" and final.stage == "h" and final.width == 1 and \
            layers[-1][2] == "sigmoid":
        task, loss = "classification", "binary-cross-entropy"
    else:
        task, loss = "regression", "mse"
    hidden = [act for _, _, act in layers[:-1]]
    if None in hidden:
        n = hidden.index(None)
        reader.fail("the graph", "has layers %d and %d with no activation between them; "
                                 "nn_pure's MLP has one after every hidden layer" % (n + 1, n + 2))
    if len(set(hidden)) > 1:
        reader.fail("the graph", "mixes the activations %s; nn_pure's MLP uses one between "
                                 "all its layers" % ", ".join(sorted(set(hidden))))
    output = None
    if loss == "binary-cross-entropy":          # the sigmoid is the loss's, not a layer's
        W, b, act = layers[-1]
        if act != "sigmoid" or final.width not in (1, 2) or len(W[0]) != 1:
            reader.fail("the graph", "ends in two probabilities that are not 1 - p and p of "
                                     "one sigmoid unit")
        layers[-1] = (W, b, None)
    elif task == "regression":
        output = final.output if final.stage == "values" else layers[-1][2]
        W, b, _ = layers[-1]
        layers[-1] = (W, b, None)
        if len(W[0]) != 1:
            reader.fail("the graph", "predicts %d numbers per row; nn_pure's regression "
                                     "predicts one" % len(W[0]))
    if layers[-1][2] is not None:
        reader.fail("the graph", "has a %s after its last layer where a classifier needs "
                                 "logits" % layers[-1][2])
    sizes = [len(layers[0][0])] + [len(W[0]) for W, _, _ in layers]
    kind = "softmax" if len(layers) == 1 and loss == "softmax" else "mlp"
    activation = hidden[0] if hidden else "tanh"
    if own.get("kind") == "network":
        if sizes != [2, 2, 1] or activation != "sigmoid" or loss != "binary-cross-entropy":
            reader.fail("metadata_props nn_pure.kind", "says Tutorial A's network, but the "
                                                       "graph is not its 2-2-1 sigmoid net")
        kind, loss, output = "network", "mse", "sigmoid"
    elif own.get("loss") in ("mse", "softmax", "binary-cross-entropy") and own["loss"] != loss:
        reader.fail("metadata_props nn_pure.loss", "says %r, but the graph computes %r"
                    % (own["loss"], loss))

    notes = []
    n_classes = {"softmax": sizes[-1], "binary-cross-entropy": 2}.get(loss, 2)
    encoding = None
    n_features = sizes[0]
    if reader.columns is not None:              # raw columns, filled and encoded in the graph
        encoding, notes = encoding_document(path, reader.columns, own.get("categories"))
        n_features = len(encoding)
    if features is None:
        features = own.get("features")
        if features is None:
            features = ["x%d" % i for i in range(n_features)]
            notes.append("features named x0..x%d (name them with --features)" % (n_features - 1))
    elif len(features) != n_features:
        raise NNPureError("--features names %d columns, but %s takes %d features"
                          % (len(features), path, n_features))
    class_names = None
    if classes is not None and task != "classification":
        raise NNPureError("--classes names classes, but %s is a regression model: it predicts a "
                          "number, not a class; leave --classes out" % path)
    if task == "classification":
        class_names = classes or own.get("classes") or final.labels
        if classes is not None and len(classes) != n_classes:
            raise NNPureError("--classes names %d classes, but %s tells %d apart"
                              % (len(classes), path, n_classes))
        if class_names is None:
            class_names = ["%d" % c for c in range(n_classes)]
            notes.append("classes named 0..%d (name them with --classes)" % (n_classes - 1))
    training = own.get("training")
    if not isinstance(training, dict):
        model = reader.model
        training = {"converted_from": os.path.basename(path),
                    "producer": ("%s %s" % (model.get("producer_name", ""),
                                            model.get("producer_version", ""))).strip()}
    document = {
        "format": "nn_pure.model", "version": 1, "kind": kind, "task": task,
        "features": features, "classes": class_names, "target": own.get("target"),
        "standardization": standardization(final.mean, final.std),
        "target_standardization": None, "training": training,
        "architecture": {"sizes": sizes, "activation": activation, "loss": loss,
                         "output": output},
        "layers": [{"W": W, "b": b} for W, b, _ in layers],
    }
    if encoding is not None:
        document["encoding"] = encoding
    if final.stage == "values" and (final.scale != [1.0] or final.offset != [0.0]):
        if final.scale[0] <= 0.0:
            reader.fail("the graph", "scales its output by %r; nn_pure's target scale must be "
                                     "positive" % final.scale[0])
        document["target_standardization"] = {"mean": final.offset, "std": final.scale}
    return document, notes


def standardization(mean, std):
    if mean is None and std is None:
        return None
    return {"mean": mean, "std": std}


def parse_json(path, where, text):
    """A metadata value's JSON, refusing what only a damaged or hostile file holds."""
    if len(text) > 10000000:
        raise NNPureError("%s: %s is over 10 MB" % (path, where))
    try:
        value = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise NNPureError("%s: %s is not valid JSON (%s)" % (path, where,
                                                              str(error).split("\n")[0][:80]))
    check_nesting(value, "%s: %s" % (path, where))     # as deep as a model file may hold
    return value
