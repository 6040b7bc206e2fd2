"""Reading an ONNX MLP, written by nn_pure or anything else, as an nn_pure model file.

    python -m nn_pure.convert IN.onnx --output OUT.json [--features a,b] [--classes x,y]

The bytes are decoded by nn_pure.cli.onnx_proto; this module reads the graph.
It walks the nodes in order and follows the one chain of values that starts
at the graph's input, knowing at each value where in an MLP it is:

    pre     the input, maybe shifted and scaled:  (x - mean) / std
    matmul  x W, waiting for its bias (MatMul, then Add)
    z       a layer's output x W + b (Gemm, or MatMul then Add)
    h       an activation of z (Relu, LeakyRelu, PRelu, Tanh, Sigmoid)
    q       1 - p, for p a one-unit Sigmoid (the two-class tail)
    prob    class probabilities (Softmax of z, or Concat(1 - p, p))
    index   ArgMax of prob;   label   the class label (ArrayFeatureExtractor)
    values  z or h scaled back to the target's units: v * std + mean (Mul, Add)

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

Glossary: t a decoded TensorProto; const name -> Tensor of the initializers and
Constant nodes; state value name -> State.
"""
import json
import os
import struct

from nn_pure.checks import NNPureError
from nn_pure.cli.onnx_encoding import encoding_document, read_encoding
from nn_pure.cli.onnx_proto import DATA_TYPE_NAMES, DOUBLE, FLOAT, INT64, STRING, Decoder
from nn_pure.cli.outputs import check_input

MAX_FILE_BYTES = 256 * 1024 * 1024      # 32 million doubles: far past a pure-Python MLP
MAX_ELEMENTS = 10000000                 # in one tensor; MAX_PARAMETERS of nn_pure.train
MAX_NODES = 10000
LEAKY_RELU_SLOPE = 0.01
ACTIVATIONS = {"Relu": "relu", "Tanh": "tanh", "Sigmoid": "sigmoid", "LeakyRelu": "leaky_relu",
               "PRelu": "leaky_relu"}


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


class Tensor:
    """A constant: dims, its values flat in row-major order, and its data type."""

    def __init__(self, dims, values, data_type):
        self.dims, self.values, self.data_type = dims, values, data_type

    def matrix(self):
        rows, cols = self.dims
        return [self.values[i * cols:(i + 1) * cols] for i in range(rows)]


class State:
    """Where a value stands in the MLP: its stage and everything learned on the way."""

    def __init__(self, stage, width, layers=(), mean=None, std=None, **extra):
        self.stage, self.width, self.layers = stage, width, layers
        self.mean, self.std = mean, std
        self.pending = extra.get("pending")         # matmul: its W
        self.loss = extra.get("loss")               # prob: 'softmax' or 'binary-cross-entropy'
        self.labels = extra.get("labels")           # label: the class labels
        self.scale = extra.get("scale")             # values: v * scale + offset
        self.offset = extra.get("offset")
        self.output = extra.get("output")           # values: the activation before them

    def but(self, **changes):
        """A copy with some fields changed."""
        fields = dict(stage=self.stage, width=self.width, layers=self.layers, mean=self.mean,
                      std=self.std, pending=self.pending, loss=self.loss, labels=self.labels,
                      scale=self.scale, offset=self.offset, output=self.output)
        fields.update(changes)
        return State(**fields)


class Reader:
    """One file's model: decode, check, walk the graph, and return a model file document."""

    def __init__(self, path, data):
        self.path = path
        self.columns = None         # each raw column's encoding, if the graph has one
        self.model = Decoder(path).message(data, "ModelProto")

    def fail(self, where, message):
        raise NNPureError("%s: %s %s" % (self.path, where, message))

    def refuse(self, node, message):
        op = node.get("op_type")
        if not isinstance(op, str) or not op.isprintable():   # a damaged file's: one line
            op = repr(op)
        self.fail("node %r (%s)" % (node.get("name") or node.get("output", ["?"])[0], op),
                  message)

    # ---- tensors -----------------------------------------------------------------

    def tensor(self, t, where):
        """Return a Tensor from a decoded TensorProto, checking its size against its data."""
        if t.get("data_location") == 1 or t.get("external_data"):
            self.fail(where, "keeps its data in an external file, which nn_pure does not read; "
                             "save the model with every tensor inside it (in Python: "
                             "onnx.save_model(model, path, save_as_external_data=False))")
        dims = t.get("dims", [])
        count = 1
        for d in dims:
            if d < 0:
                self.fail(where + ".dims", "holds %d; a dimension cannot be negative" % d)
            count *= d
            if count > MAX_ELEMENTS:
                self.fail(where + ".dims", "declares %r, over %d values; nn_pure reads tensors "
                                           "of at most %d" % (dims, MAX_ELEMENTS, MAX_ELEMENTS))
        data_type = t.get("data_type", 0)
        raw = t.get("raw_data")
        if data_type in (FLOAT, DOUBLE, INT64):
            size, code, field = {FLOAT: (4, "f", "float_data"), DOUBLE: (8, "d", "double_data"),
                                 INT64: (8, "q", "int64_data")}[data_type]
            if raw is not None:
                if len(raw) != count * size:
                    self.fail(where + ".raw_data", "holds %d bytes, but dims %r of %s need %d"
                              % (len(raw), dims, DATA_TYPE_NAMES[data_type], count * size))
                values = list(struct.unpack("<%d%s" % (count, code), raw))
            else:
                values = t.get(field, [])
        elif data_type == STRING:
            values = []
            for s in t.get("string_data", []):
                try:
                    values.append(s.decode("utf-8"))
                except UnicodeDecodeError:
                    self.fail(where + ".string_data", "is not UTF-8 text")
        else:
            self.fail(where + ".data_type", "is %s; nn_pure reads float, double, int64 and "
                      "string tensors" % DATA_TYPE_NAMES.get(data_type, "%d" % data_type))
        if len(values) != count:
            self.fail(where, "has %d values, but its dims %r need %d" % (len(values), dims, count))
        if data_type in (FLOAT, DOUBLE):
            for v in values:
                if v != v or v in (float("inf"), float("-inf")):
                    self.fail(where, "holds %r; a model's numbers must be finite" % v)
        return Tensor(dims, values, data_type)

    # ---- the graph ---------------------------------------------------------------

    def read(self):
        """Walk the graph; return (final State, graph input's name, metadata dict)."""
        model = self.model
        graph = model.get("graph")
        if graph is None:
            self.fail("the file", "holds no graph (field ModelProto.graph); is it an ONNX "
                                  "model?")
        for n, opset in enumerate(model.get("opset_import", [])):
            if opset.get("domain", "") not in ("", "ai.onnx", "ai.onnx.ml"):
                self.fail("opset_import[%d]" % n, "imports the domain %r, which nn_pure does "
                                                  "not know" % opset.get("domain"))
        if graph.get("sparse_initializer"):
            self.fail("graph.sparse_initializer", "holds sparse tensors, which nn_pure does not "
                                                  "read")
        const = {}
        for n, t in enumerate(graph.get("initializer", [])):
            const[t.get("name", "")] = self.tensor(t, "graph.initializer[%d]" % n)
        inputs = [v for v in graph.get("input", []) if v.get("name") not in const]
        if len(inputs) != 1:
            self.fail("graph.input", "lists %d inputs besides the weights (%s); nn_pure reads "
                      "models with one input, a batch of feature rows"
                      % (len(inputs), ", ".join(repr(v.get("name")) for v in inputs)))
        name = inputs[0].get("name", "")
        width = self.input_width(inputs[0])
        nodes = graph.get("node", [])
        if len(nodes) > MAX_NODES:
            self.fail("graph.node", "has %d nodes; an MLP needs a few dozen" % len(nodes))
        # nn_pure's own fill and one-hot nodes come first, if any (nn_pure/cli/onnx_encoding.py)
        start, encoded, encoded_width, self.columns = read_encoding(self, nodes, const, name,
                                                                    width)
        state = {encoded: State("pre", encoded_width)}
        for n, node in enumerate(nodes[start:], start):
            self.step(node, n, const, state)
        outputs = [v.get("name") for v in graph.get("output", [])]
        finals = [state[o] for o in outputs if o in state]
        for stage in ("prob", "label", "index", "values", "h", "z"):
            for s in finals:
                if s.stage == stage:
                    return self.finish(s, finals), name, self.metadata()
        self.fail("graph.output", "%r: none is computed from the input by the ops nn_pure "
                  "reads" % (outputs,))

    def input_width(self, value):
        """The k of the input's declared shape [N, k], or None if not declared."""
        dims = value.get("type", {}).get("tensor_type", {}).get("shape", {}).get("dim")
        if dims is None:
            return None
        if len(dims) != 2:
            self.fail("graph.input %r" % value.get("name"), "has %d dimensions; nn_pure reads "
                      "a batch of rows, [N, features]" % len(dims))
        return dims[1].get("dim_value")

    def step(self, node, n, const, state):
        """Apply one node: record what its output is, or refuse it."""
        op = node.get("op_type", "")
        inputs, outputs = node.get("input", []), node.get("output", [])
        attrs = {}
        for a, attribute in enumerate(node.get("attribute", [])):
            attrs[attribute.get("name", "")] = (attribute, "graph.node[%d].attribute[%d]" % (n, a))
        if node.get("domain", "") not in ("", "ai.onnx", "ai.onnx.ml"):
            self.refuse(node, "is in the domain %r; nn_pure reads only standard ONNX ops"
                        % node.get("domain"))
        if op == "Constant":
            if "value" not in attrs or len(outputs) != 1:
                self.refuse(node, "is a Constant without a tensor 'value'; nn_pure reads only "
                                  "tensor constants")
            attribute, where = attrs["value"]
            const[outputs[0]] = self.tensor(attribute.get("t", {}), where + ".t")
            return
        if not outputs:
            self.refuse(node, "has no output")
        known = [x for x in inputs if x in state]
        if not known:
            missing = [x for x in inputs if x not in const]
            if missing:
                self.refuse(node, "reads %r before any node computes it (nodes must come in "
                                  "order)" % missing[0])
            self.refuse(node, "computes only from constants; nn_pure reads ops on the input")
        for x in inputs:
            if x and x not in state and x not in const:
                self.refuse(node, "reads %r before any node computes it" % x)
        handler = getattr(self, "op_" + op, None) if op.isalnum() else None
        if handler is None:
            self.refuse(node, "is an op nn_pure does not read; it reads Gemm, MatMul, Add, Sub, "
                              "Mul, Div, Relu, LeakyRelu, PRelu, Tanh, Sigmoid, Softmax, "
                              "Identity, Cast, Flatten, Reshape, Concat, ArgMax, "
                              "ArrayFeatureExtractor, ZipMap and Constant")
        result = handler(node, [state.get(x) for x in inputs], [const.get(x) for x in inputs],
                         attrs)
        state[outputs[0]] = result

    def attr(self, attrs, name, kind, default):
        """The int ('i') or float ('f') attribute name, or default."""
        if name not in attrs:
            return default
        attribute, where = attrs[name]
        if kind not in attribute:
            self.fail(where, "%r has no %s value" % (name, "int" if kind == "i" else "float"))
        return attribute[kind]

    def vector(self, node, tensor, width):
        """A constant as width numbers: a scalar or [1] broadcast, or [width] / [1, width]."""
        if tensor is None or tensor.data_type not in (FLOAT, DOUBLE):
            self.refuse(node, "needs a float or double constant here")
        shape = [d for d in tensor.dims if d != 1] or [1]
        if len(shape) != 1 or (shape[0] != 1 and width is not None and shape[0] != width):
            self.refuse(node, "has a constant of shape %r where %s values are needed"
                        % (tensor.dims, width))
        values = list(tensor.values)
        if len(values) == 1 and width is not None:
            values = values * width
        return values

    def only(self, node, states, stages):
        """The one input that is on the chain, refusing if it is not at one of stages."""
        on = [s for s in states if s is not None]
        if len(on) != 1 and node.get("op_type") != "Concat":
            self.refuse(node, "combines two computed values; nn_pure reads a chain of layers")
        if on[0].stage not in stages:
            self.refuse(node, "comes where nn_pure's MLP cannot have it (after a %s value)"
                        % on[0].stage)
        return on[0]

    # ---- the ops -------------------------------------------------------------------

    def op_Identity(self, node, states, consts, attrs):
        return self.only(node, states, STAGES)

    op_Cast = op_Identity

    def op_Dropout(self, node, states, consts, attrs):
        return self.only(node, states, ("pre", "z", "h"))

    def op_Flatten(self, node, states, consts, attrs):
        s = self.only(node, states, STAGES)
        if self.attr(attrs, "axis", "i", 1) != 1:
            self.refuse(node, "flattens from axis %d; nn_pure reads Flatten(axis=1) of [N, k]"
                        % self.attr(attrs, "axis", "i", 1))
        return s

    def op_Reshape(self, node, states, consts, attrs):
        s = self.only(node, states, STAGES)
        shape = consts[1] if len(consts) > 1 else None
        if shape is None or shape.data_type != INT64:
            self.refuse(node, "reshapes to a computed shape; nn_pure reads Reshape to a "
                              "constant [N, k] or [N]")
        dims = shape.values
        if s.stage in ("index", "label") and len(dims) == 1 and dims[0] in (-1, 0):
            return s
        if len(dims) == 2 and dims[0] in (-1, 0) and dims[1] in (s.width, -1) and \
                s.stage not in ("index", "label"):
            return s
        self.refuse(node, "reshapes to %r; nn_pure reads only a reshape that keeps rows of "
                          "%s values" % (dims, s.width))

    def op_Gemm(self, node, states, consts, attrs):
        if len(states) < 2 or states[0] is None or consts[1] is None:
            self.refuse(node, "multiplies by a computed matrix; nn_pure reads Gemm(x, W, b) "
                              "with constant W and b")
        s = self.only(node, states, ("pre", "h"))
        if self.attr(attrs, "transA", "i", 0) != 0:
            self.refuse(node, "has transA=1, which would multiply the batch's columns; nn_pure "
                              "reads rows of features, transA=0")
        W = self.weights(node, consts[1], bool(self.attr(attrs, "transB", "i", 0)), s.width)
        alpha = self.attr(attrs, "alpha", "f", 1.0)
        beta = self.attr(attrs, "beta", "f", 1.0)
        if alpha != 1.0:
            W = [[alpha * w for w in row] for row in W]
        b = [0.0] * len(W[0])
        if len(consts) > 2 and consts[2] is not None:
            b = self.vector(node, consts[2], len(W[0]))
            if beta != 1.0:
                b = [beta * v for v in b]
        elif len(states) > 2 and states[2] is not None:
            self.refuse(node, "adds a computed C; nn_pure reads a constant bias")
        return self.layer(node, s, W, b)

    def op_MatMul(self, node, states, consts, attrs):
        if len(states) != 2 or states[0] is None or consts[1] is None:
            self.refuse(node, "is not x times a constant matrix")
        s = self.only(node, states, ("pre", "h"))
        W = self.weights(node, consts[1], False, s.width)
        return s.but(stage="matmul", pending=W, width=len(W[0]))

    def weights(self, node, tensor, transposed, width):
        if tensor.data_type not in (FLOAT, DOUBLE) or len(tensor.dims) != 2 or \
                0 in tensor.dims:
            self.refuse(node, "has weights of shape %r; nn_pure reads a 2-D float or double "
                              "matrix" % (tensor.dims,))
        W = tensor.matrix()
        if transposed:
            W = [list(column) for column in zip(*W)]
        if width is not None and len(W) != width:
            self.refuse(node, "multiplies %s values by a matrix with %d rows"
                        % (width, len(W)))
        return W

    def layer(self, node, s, W, b):
        """The state after a linear layer x W + b."""
        if s.stage == "pre":
            mean = s.mean if s.mean is not None else None
            return State("z", len(W[0]), s.layers + ((W, b, None),), mean, s.std)
        return s.but(stage="z", width=len(W[0]), layers=s.layers + ((W, b, None),))

    def activation(self, node, s, name):
        if s.stage == "matmul":
            s = self.layer(node, s, s.pending, [0.0] * s.width)
        W, b, _ = s.layers[-1]
        return s.but(stage="h", layers=s.layers[:-1] + ((W, b, name),))

    def op_Relu(self, node, states, consts, attrs):
        return self.activation(node, self.only(node, states, ("z", "matmul")),
                               ACTIVATIONS[node["op_type"]])

    op_Tanh = op_Sigmoid = op_Relu

    def op_LeakyRelu(self, node, states, consts, attrs):
        self.check_slope(node, [self.attr(attrs, "alpha", "f", LEAKY_RELU_SLOPE)])
        return self.op_Relu(node, states, consts, attrs)

    def op_PRelu(self, node, states, consts, attrs):
        s = self.only(node, states, ("z", "matmul"))
        self.check_slope(node, self.vector(node, consts[1] if len(consts) > 1 else None, None))
        return self.activation(node, s, "leaky_relu")

    def check_slope(self, node, slopes):
        for slope in slopes:
            if abs(slope - LEAKY_RELU_SLOPE) > 1e-6:    # a float32 0.01 is 0.0099999998
                self.refuse(node, "has slope %r; nn_pure's leaky ReLU has slope 0.01"
                            % slope)

    def op_Softmax(self, node, states, consts, attrs):
        s = self.only(node, states, ("z", "matmul"))
        axis = self.attr(attrs, "axis", "i", -1 if self.opset() >= 13 else 1)
        if axis not in (-1, 1):
            self.refuse(node, "is over axis %d; nn_pure reads Softmax over the last axis "
                              "of [N, classes]" % axis)
        if s.stage == "matmul":
            s = self.layer(node, s, s.pending, [0.0] * s.width)
        return s.but(stage="prob", loss="softmax")

    def op_Add(self, node, states, consts, attrs):
        s = self.only(node, states, ("pre", "matmul", "z", "h", "values"))
        c = self.vector(node, consts[1] if states[0] is not None else consts[0],
                        s.width)
        if s.stage == "pre":                    # (x - m) / s + c = (x - (m - c s)) / s
            return self.shift(s, [-v for v in c])
        if s.stage == "matmul":
            return self.layer(node, s, s.pending, c)
        if s.stage == "z":                      # a second bias, folded into the first
            W, b, _ = s.layers[-1]
            return s.but(layers=s.layers[:-1] + ((W, [x + y for x, y in zip(b, c)], None),))
        s = self.values(s)
        return s.but(offset=[o + v for o, v in zip(s.offset, c)])

    def op_Sub(self, node, states, consts, attrs):
        if states[0] is None:                   # c - p: the two-class tail's 1 - p
            s = self.only(node, states, ("h",))
            if s.width != 1 or s.layers[-1][2] != "sigmoid" or \
                    self.vector(node, consts[0], 1) != [1.0]:
                self.refuse(node, "subtracts a computed value from a constant; nn_pure reads "
                                  "this only as 1 - p, p a one-unit Sigmoid")
            return s.but(stage="q")
        s = self.only(node, states, ("pre", "z", "h", "values"))
        c = self.vector(node, consts[1], s.width)
        if s.stage == "pre":
            return self.shift(s, c)
        s = self.values(s)
        return s.but(offset=[o - v for o, v in zip(s.offset, c)])

    def shift(self, s, c):
        """(x - mean) / std - c = (x - (mean + c std)) / std."""
        mean = s.mean or [0.0] * len(c)
        std = s.std or [1.0] * len(c)
        return s.but(mean=[m + v * d for m, v, d in zip(mean, c, std)], std=std,
                     width=len(c))

    def op_Mul(self, node, states, consts, attrs):
        s = self.only(node, states, ("pre", "z", "h", "values"))
        c = self.vector(node, consts[1] if states[0] is not None else consts[0], s.width)
        if s.stage == "pre":                    # (x - m) / s * c = (x - m) / (s / c)
            if 0.0 in c:
                self.refuse(node, "multiplies an input by 0, which leaves the feature out")
            return self.scale(s, [1.0 / v for v in c])
        s = self.values(s)
        return s.but(scale=[a * v for a, v in zip(s.scale, c)],
                     offset=[o * v for o, v in zip(s.offset, c)])

    def op_Div(self, node, states, consts, attrs):
        s = self.only(node, states, ("pre",))
        c = self.vector(node, consts[1], s.width)
        if 0.0 in c:
            self.refuse(node, "divides by 0")
        return self.scale(s, c)

    def scale(self, s, c):
        """(x - mean) / std / c = (x - mean) / (std c)."""
        mean = s.mean or [0.0] * len(c)
        std = s.std or [1.0] * len(c)
        return s.but(mean=mean, std=[d * v for d, v in zip(std, c)], width=len(c))

    def values(self, s):
        """s as values in the target's units: v = z * scale + offset."""
        if s.stage == "values":
            return s
        if s.width != 1:
            self.fail("the graph", "scales %d outputs; nn_pure's regression predicts one "
                                   "number" % s.width)
        W, b, output = s.layers[-1]
        return s.but(stage="values", scale=[1.0], offset=[0.0], output=output)

    def op_Concat(self, node, states, consts, attrs):
        on = [x for x in states if x is not None]
        if self.attr(attrs, "axis", "i", None) not in (1, -1) or len(on) != 2 or \
                len(states) != 2 or states[0].stage != "q" or states[1].stage != "h":
            self.refuse(node, "is not the two-class tail Concat(1 - p, p) over axis 1")
        return states[1].but(stage="prob", width=2, loss="binary-cross-entropy")

    def op_ArgMax(self, node, states, consts, attrs):
        s = self.only(node, states, ("prob",))
        if self.attr(attrs, "axis", "i", 0) not in (1, -1):
            self.refuse(node, "is not over the classes (axis 1)")
        return s.but(stage="index")

    def op_ArrayFeatureExtractor(self, node, states, consts, attrs):
        if len(states) != 2 or states[1] is None or states[1].stage != "index" or \
                consts[0] is None:
            self.refuse(node, "is not skl2onnx's label lookup ArrayFeatureExtractor(classes, "
                              "ArgMax(probabilities))")
        labels = consts[0].values
        return states[1].but(stage="label", labels=["%s" % v for v in labels])

    def op_ZipMap(self, node, states, consts, attrs):
        s = self.only(node, states, ("prob",))
        return s.but(stage="zipmap")

    def opset(self):
        for opset in self.model.get("opset_import", []):
            if opset.get("domain", "") in ("", "ai.onnx"):
                return opset.get("version", 0)
        return 0

    # ---- the result ----------------------------------------------------------------

    def finish(self, s, finals):
        """Add the class labels found anywhere among the outputs to the final state."""
        for other in finals:
            if other.labels is not None and s.labels is None:
                s = s.but(labels=other.labels)
        if not s.layers:
            self.fail("the graph", "has no Gemm or MatMul layer between its input and output")
        return s

    def metadata(self):
        """metadata_props as a dict; nn_pure's own entries hold JSON."""
        found = {}
        for entry in self.model.get("metadata_props", []):
            found[entry.get("key", "")] = entry.get("value", "")
        return found


STAGES = ("pre", "matmul", "z", "h", "q", "prob", "index", "label", "values")


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
        return json.loads(text)
    except (ValueError, RecursionError) as error:
        raise NNPureError("%s: %s is not valid JSON (%s)" % (path, where,
                                                              str(error).split("\n")[0][:80]))
