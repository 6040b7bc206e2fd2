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

Categorical columns (issue 13): the graph's features are numbers.  A Pipeline
that encodes categories or fills missing cells is refused for now
(check_numeric); its graph is to take the encoded columns (docs/outgrow.md).

metadata_props records the producer (nn_pure and its version) and, as JSON,
the feature, class and target names, the kind and loss, and the training
record: convert reads them back, so nn_pure's own files come back with every
name.

--onnx-type float rounds every weight to 32 bits (what most ONNX consumers
run); double keeps every bit, so nn_pure -> ONNX -> nn_pure is exact.
"""
import json
import os
import struct

import nn_pure
from nn_pure import cli
from nn_pure.checks import NNPureError
from nn_pure.cli.modelfile import load_model
from nn_pure.cli.outputs import check_outputs, write_all
from nn_pure.cli.onnx_proto import (ATTR_FLOAT, ATTR_INT, DOUBLE, FLOAT, INT64, bytes_field,
                                    float_field, int_field, packed_ints_field, string_field)

OPSET = 7
OPSET_DOUBLE_LEAKY_RELU = 16       # PRelu-16: see the module docstring
IR_VERSION = 4
ONNX_TYPES = {"float": FLOAT, "double": DOUBLE}
ACTIVATION_OPS = {"sigmoid": "Sigmoid", "tanh": "Tanh", "relu": "Relu",
                  "leaky_relu": "LeakyRelu"}
LEAKY_RELU_SLOPE = 0.01     # nn_pure's LeakyReLU default, and so every model file's


def export_onnx(pipeline, onnx_type="float", source=None):
    """Return the bytes of an ONNX ModelProto computing pipeline's predictions."""
    check_numeric(pipeline, "ONNX")
    graph = Graph(ONNX_TYPES[onnx_type])
    network = pipeline.network
    x = "features"
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
    opset = OPSET
    if graph.dtype == DOUBLE and "leaky_relu" in (activation, network.output):
        opset = OPSET_DOUBLE_LEAKY_RELU
    return model_proto(graph.proto("nn_pure", inputs, outputs), opset,
                       metadata(pipeline, source))


def check_numeric(pipeline, what):
    """Refuse a Pipeline that encodes categories or fills missing cells (issue 13's
    Encoder): its graph would take the encoded columns, which is not written yet."""
    if getattr(pipeline, "encoder", None) is not None:
        raise NNPureError("this model encodes categorical columns or fills missing cells, "
                          "which the %s export does not write yet; export it with --format "
                          "python, or train on numeric columns only" % what)


def metadata(pipeline, source):
    """The metadata_props entries: names and how it was trained, each value JSON."""
    network = pipeline.network
    entries = [("nn_pure.kind", pipeline.kind), ("nn_pure.task", pipeline.task),
               ("nn_pure.loss", network.loss_layer.name),
               ("nn_pure.features", pipeline.feature_names),
               ("nn_pure.classes", pipeline.class_names),
               ("nn_pure.target", pipeline.target_name),
               ("nn_pure.training", pipeline.training)]
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
        self.nodes, self.initializers, self.names = [], [], []

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
        return output

    def activation(self, name, x, output):
        if name == "leaky_relu" and self.dtype == DOUBLE:
            slope = self.constant("slope", [LEAKY_RELU_SLOPE]) if "slope" not in self.names \
                else "slope"
            return self.node("PRelu", [x, slope], output)
        if name == "leaky_relu":
            return self.node("LeakyRelu", [x], output, alpha=LEAKY_RELU_SLOPE)
        return self.node(ACTIVATION_OPS[name], [x], output)

    def constant(self, name, values):
        """Add a TensorProto initializer (dims 1, data_type 2, name 8, raw_data 9: the
        values little-endian, row after row); return its name."""
        if values and isinstance(values[0], list):
            dims, flat = [len(values), len(values[0])], [v for row in values for v in row]
        else:
            dims, flat = [len(values)], list(values)
        code = "<%d%s" % (len(flat), "d" if self.dtype == DOUBLE else "f")
        self.initializers.append(packed_ints_field(1, dims) + int_field(2, self.dtype)
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
    check_outputs([("--output", args.output)], [("the model file", args.model)])
    write_all([(args.output, export_onnx(load_model(args.model), args.onnx_type,
                                         os.path.basename(args.model)))])
    return 0
