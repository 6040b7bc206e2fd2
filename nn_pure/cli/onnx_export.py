"""A trained Pipeline as an ONNX model: the graph, written with nn_pure.cli.onnx_proto.

    python -m nn_pure.export MODEL.json --format onnx --output M.onnx [--onnx-type double]

The graph has one input and computes, node by node, what Pipeline does:

    features [N, n_features]
      -> Sub(mean) -> Div(std)                  standardization (if the model has one)
      -> Gemm(W1, b1) -> Tanh -> Gemm(W2, b2)   the layers: y = x W + b, W one row per
         ...                                    input as in nn_pure (transB = 0)
    classifier, softmax loss:  -> Softmax(axis 1)                     -> probabilities [N, C]
    classifier, one sigmoid:   -> Sigmoid -> p;  Concat(Sub(1, p), p)  -> probabilities [N, 2]
                               ArgMax(probabilities, axis 1)          -> label [N] (int64)
    regression:                -> [output activation] -> Mul(target std) -> Add(target mean)
                                                                      -> values [N, 1]

Tutorial A's network is the [2, 2, 1] case with Sigmoid after both layers; its
o1 is class 1's probability, so its tail is the one-sigmoid tail.  The label is
the class's index; the class names are in the metadata (below), in order.

Opset 7 of the default domain has every op used here (Gemm-7 and Sub/Div-7 are
the first with numpy-style broadcasting), with IR version 4, the first that
lets weights be initializers without also listing them as graph inputs.

Leaky ReLU is LeakyRelu(alpha 0.01) in a float model.  In a double model it is
PRelu with a one-element double slope of 0.01 instead, at opset 16: LeakyRelu's
alpha is a 32-bit float attribute (0.0099999998), which would move every
negative output by 2e-8 of itself, and ONNX Runtime runs PRelu on doubles only
from PRelu-16.

Missing cells and categorical columns (issue 13's Encoder) are in the graph
too, before the standardization.  `features` holds one number per raw column:
the value of a numeric column (NaN where missing), and for a categorical
column the category's index in the model's sorted category list, as the C
export takes it (the names are in metadata_props, nn_pure.categories):

    features -> Where(IsNaN(features), fill, features)   NaN -> the training median,
                                                          or the fill category's index
      numeric columns j..k:  Gather(axis 1, [j..k])                    -> [N, k - j + 1]
      categorical column j:  v = Gather(axis 1, [j])                   -> [N, 1]
                             v = Where(Equal(v, -1), fill index, v)    -1 is missing too
                             Cast(Equal(v, [0, 1, ..., C-1]))          -> one-hot [N, C]
      -> Concat(axis 1) -> encoded -> the standardization and the layers

An index that is no category's (7 of 3, 1.5, -2) matches none, so its
one-hot is all zeros: what the library does with a category it never saw.
The opset is then 9 if the model fills numbers only (IsNaN-9 and Where-9 are
the first of their ops) and 11 with a categorical column: Equal-11 is the
first Equal that compares floats, and comparing the index exactly is what
makes 1.5 or -1.5 match nothing; casting it to int64 first (Equal-7 takes
int64) would truncate 1.5 to category 1 and -1.5 to missing.

metadata_props records the producer (nn_pure and its version) and, as JSON,
the feature, class and target names, the kind and loss, and the training
record: convert reads them back, so nn_pure's own files come back with every
name.

--onnx-type float rounds every weight to 32 bits (what most ONNX consumers
run), and refuses a number that no float holds (beyond 3.4e38, or so close to
zero that it would become 0); double keeps every bit, so nn_pure -> ONNX ->
nn_pure is exact.
"""
import json
import os
import struct

import nn_pure
from nn_pure import cli
from nn_pure.cli.float32 import check_float32
from nn_pure.cli.modelfile import load_model, training_record
from nn_pure.cli.outputs import check_outputs, write_all
from nn_pure.cli.onnx_proto import (ATTR_FLOAT, ATTR_INT, DOUBLE, FLOAT, INT64, bytes_field,
                                    float_field, int_field, packed_ints_field, string_field)

OPSET = 7
OPSET_FILL = 9                     # IsNaN-9, Where-9: a model that fills missing cells
OPSET_CATEGORIES = 11              # Equal-11 compares floats: a categorical column
OPSET_DOUBLE_LEAKY_RELU = 16       # PRelu-16: see the module docstring
IR_VERSION = 4
ONNX_TYPES = {"float": FLOAT, "double": DOUBLE}
ACTIVATION_OPS = {"sigmoid": "Sigmoid", "tanh": "Tanh", "relu": "Relu",
                  "leaky_relu": "LeakyRelu"}
LEAKY_RELU_SLOPE = 0.01     # nn_pure's LeakyReLU default, and so every model file's


def export_onnx(pipeline, onnx_type="float", source=None):
    """Return the bytes of an ONNX ModelProto computing pipeline's predictions.

    source, if given, is the model file's name, kept in the metadata; a float
    model refuses, naming it, a number that no float holds (nn_pure.cli.float32).
    """
    if onnx_type == "float":
        check_float32(pipeline, source, "--onnx-type double")
    graph = Graph(ONNX_TYPES[onnx_type])
    network = pipeline.network
    x = "features"
    opset = OPSET
    if pipeline.encoder is not None:
        x = encode(graph, pipeline.encoder, x)
        opset = OPSET_CATEGORIES if "Equal" in graph.ops else OPSET_FILL
    if pipeline.standardizer is not None:
        x = graph.node("Sub", [x, graph.constant("mean", pipeline.standardizer.mean)],
                       "centered")
        x = graph.node("Div", [x, graph.constant("std", pipeline.standardizer.std)],
                       "standardized")
    parameters = network.parameters()
    n_layers = len(parameters) // 2
    activation = network.activation
    for n in range(n_layers):
        W, b = parameters[2 * n], parameters[2 * n + 1]
        x = graph.node("Gemm", [x, graph.constant("W%d" % (n + 1), W),
                                graph.constant("b%d" % (n + 1), b)], "layer%d" % (n + 1))
        if n < n_layers - 1:
            x = graph.activation(activation, x, "hidden%d" % (n + 1))
    if pipeline.kind != "network" and network.output is not None:
        x = graph.activation(network.output, x, "output")
    if pipeline.task == "classification":
        if pipeline.kind == "network" or network.loss_layer.name == "binary-cross-entropy":
            p = graph.node("Sigmoid", [x], "p")
            q = graph.node("Sub", [graph.constant("one", [1.0]), p], "q")
            graph.node("Concat", [q, p], "probabilities", axis=1)
        else:
            graph.node("Softmax", [x], "probabilities", axis=1)
        graph.node("ArgMax", ["probabilities"], "label", axis=1, keepdims=0)
        outputs = [graph.value_info("label", INT64, ["N"]),
                   graph.value_info("probabilities", graph.dtype,
                                    ["N", len(pipeline.class_names)])]
    else:
        scale = pipeline.target_standardizer
        if scale is not None:
            x = graph.node("Mul", [x, graph.constant("target_std", scale.std)], "scaled")
            graph.node("Add", [x, graph.constant("target_mean", scale.mean)], "values")
        else:
            graph.node("Identity", [x], "values")
        outputs = [graph.value_info("values", graph.dtype, ["N", 1])]
    inputs = [graph.value_info("features", graph.dtype, ["N", pipeline.n_features])]
    if graph.dtype == DOUBLE and "leaky_relu" in (activation, network.output):
        opset = OPSET_DOUBLE_LEAKY_RELU
    return model_proto(graph.proto("nn_pure", inputs, outputs), opset,
                       metadata(pipeline, source))


def encode(graph, encoder, x):
    """Add the nodes that fill and one-hot encode the raw columns x; return 'encoded'.

    A categorical column's cell holds its category's index, so the fill vector
    holds that index for it, and the training median for a numeric column.
    """
    fills = []
    for column in encoder.columns:
        fills.append(column.fill if column.categories is None
                     else float(column.index[column.fill]))
    missing = graph.node("IsNaN", [x], "missing")
    categorical = [c for c, column in enumerate(encoder.columns) if column.categories]
    filled = graph.node("Where", [missing, graph.constant("fill", fills), x],
                        "filled" if categorical else "encoded")
    if not categorical:
        return filled
    pieces = []
    j, n = 0, len(encoder.columns)
    while j < n:
        column = encoder.columns[j]
        if column.categories is None:           # a run of numeric columns: one Gather
            k = j
            while k + 1 < n and encoder.columns[k + 1].categories is None:
                k += 1
            pieces.append(graph.node("Gather", [filled, graph.constant(
                "columns%d" % j, list(range(j, k + 1)), INT64)], "numbers%d" % j, axis=1))
            j = k + 1
            continue
        v = graph.node("Gather", [filled, graph.constant("column%d" % j, [j], INT64)],
                       "raw%d" % j, axis=1)
        if "minus_one" not in graph.names:
            graph.constant("minus_one", [-1.0])
        minus_one = graph.node("Equal", [v, "minus_one"], "missing%d" % j)
        v = graph.node("Where", [minus_one, graph.constant(
            "fill%d" % j, [float(column.index[column.fill])]), v], "index%d" % j)
        hot = graph.node("Equal", [v, graph.constant(
            "categories%d" % j, [float(c) for c in range(len(column.categories))])],
            "is%d" % j)
        pieces.append(graph.node("Cast", [hot], "onehot%d" % j, to=graph.dtype))
        j += 1
    return graph.node("Concat", pieces, "encoded", axis=1)


def metadata(pipeline, source):
    """The metadata_props entries: names and how it was trained, each value JSON."""
    network = pipeline.network
    entries = [("nn_pure.kind", pipeline.kind), ("nn_pure.task", pipeline.task),
               ("nn_pure.loss", network.loss_layer.name),
               ("nn_pure.features", pipeline.feature_names),
               ("nn_pure.classes", pipeline.class_names),
               ("nn_pure.target", pipeline.target_name),
               ("nn_pure.training", training_record(pipeline))]   # as a model file has it
    if pipeline.encoder is not None:    # only then: numeric models' files keep their bytes
        entries.append(("nn_pure.categories", [column.categories
                                               for column in pipeline.encoder.columns]))
    if source is not None:
        entries.append(("nn_pure.source", source))
    return [(k, json.dumps(v, sort_keys=True, allow_nan=False)) for k, v in entries]


def model_proto(graph, opset, metadata_props):
    """ModelProto: ir_version 1, producer_name 2, producer_version 3, graph 7,
    opset_import 8 (OperatorSetIdProto: domain 1, version 2), metadata_props 14
    (StringStringEntryProto: key 1, value 2)."""
    out = int_field(1, IR_VERSION)
    out += string_field(2, "nn_pure") + string_field(3, nn_pure.__version__)
    out += bytes_field(7, graph)
    out += bytes_field(8, string_field(1, "") + int_field(2, opset))
    for k, v in metadata_props:
        out += bytes_field(14, string_field(1, k) + string_field(2, v))
    return out


class Graph:
    """A GraphProto being built: nodes in order, and the weights as initializers."""

    def __init__(self, dtype):
        self.dtype = dtype
        self.nodes, self.initializers, self.names, self.ops = [], [], [], set()

    def node(self, op_type, inputs, output, **attributes):
        """Add a NodeProto (input 1, output 2, name 3, op_type 4, attribute 5); return
        its output's name.  Attributes (AttributeProto: name 1, f 2, i 3, type 20) are
        ints or floats."""
        out = b"".join(string_field(1, name) for name in inputs)
        out += string_field(2, output) + string_field(3, output) + string_field(4, op_type)
        for name in sorted(attributes):
            value = attributes[name]
            if isinstance(value, float):
                body = string_field(1, name) + float_field(2, value) + int_field(20, ATTR_FLOAT)
            else:
                body = string_field(1, name) + int_field(3, value) + int_field(20, ATTR_INT)
            out += bytes_field(5, body)
        self.nodes.append(out)
        self.ops.add(op_type)
        return output

    def activation(self, name, x, output):
        if name == "leaky_relu" and self.dtype == DOUBLE:
            slope = self.constant("slope", [LEAKY_RELU_SLOPE]) if "slope" not in self.names \
                else "slope"
            return self.node("PRelu", [x, slope], output)
        if name == "leaky_relu":
            return self.node("LeakyRelu", [x], output, alpha=LEAKY_RELU_SLOPE)
        return self.node(ACTIVATION_OPS[name], [x], output)

    def constant(self, name, values, dtype=None):
        """Add a TensorProto initializer (dims 1, data_type 2, name 8, raw_data 9: the
        values little-endian, row after row) of the graph's type, or dtype; return its name."""
        dtype = dtype or self.dtype
        if values and isinstance(values[0], list):
            dims, flat = [len(values), len(values[0])], [v for row in values for v in row]
        else:
            dims, flat = [len(values)], list(values)
        code = "<%d%s" % (len(flat), {DOUBLE: "d", FLOAT: "f", INT64: "q"}[dtype])
        self.initializers.append(packed_ints_field(1, dims) + int_field(2, dtype)
                                 + string_field(8, name) + bytes_field(9, struct.pack(code, *flat)))
        self.names.append(name)
        return name

    def value_info(self, name, elem_type, dims):
        """ValueInfoProto (name 1, type 2) of a tensor: TypeProto.tensor_type 1 ->
        elem_type 1, shape 2 -> dim 1 -> dim_value 1 or dim_param 2."""
        shape = b""
        for d in dims:
            shape += bytes_field(1, string_field(2, d) if isinstance(d, str) else int_field(1, d))
        tensor = int_field(1, elem_type) + bytes_field(2, shape)
        return string_field(1, name) + bytes_field(2, bytes_field(1, tensor))

    def proto(self, name, inputs, outputs):
        """GraphProto: node 1, name 2, initializer 5, input 11, output 12."""
        out = b"".join(bytes_field(1, n) for n in self.nodes) + string_field(2, name)
        out += b"".join(bytes_field(5, t) for t in self.initializers)
        out += b"".join(bytes_field(11, v) for v in inputs)
        out += b"".join(bytes_field(12, v) for v in outputs)
        return out


def export_onnx_command(args):
    """`python -m nn_pure.export MODEL.json --format onnx --output M.onnx`."""
    if args.output is None:
        raise cli.UsageError("--format onnx writes a binary file; name it with --output M.onnx")
    check_outputs([("--output", args.output, ".onnx")], [("the model file", args.model)])
    write_all([(args.output, export_onnx(load_model(args.model), args.onnx_type,
                                         os.path.basename(args.model)))])
    return 0
