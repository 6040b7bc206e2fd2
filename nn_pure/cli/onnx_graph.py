"""Reading an ONNX file's graph: its constants, its nodes in order, and where its output is.

The bytes are decoded by nn_pure.cli.onnx_proto into dicts named as onnx.proto
names its fields.  A Reader checks what an MLP's graph needs (one input, ops
of the standard domains, tensors whose data matches their dims, every value
computed before it is read), turns each constant into a Tensor, and walks
the nodes in order.  Each value on the chain from the graph's input gets a
State, and each node's op, looked up in nn_pure.cli.onnx_ops.OPS, says what
its output's State is or refuses the node.  nn_pure's own fill and one-hot
nodes, at the start, are nn_pure.cli.onnx_encoding's.  What the final State
becomes in a model file is nn_pure.cli.onnx_import's.

Every error names the file and where in it: a field path such as
graph.initializer[2].dims, or a node by its name and op.

Glossary: t a decoded TensorProto; const name -> Tensor of the initializers and
Constant nodes; state value name -> State; attrs an attribute's name ->
(attribute, its field path).
"""
import struct

from nn_pure.checks import NNPureError
from nn_pure.cli.onnx_encoding import read_encoding
from nn_pure.cli.onnx_ops import OPS, State
from nn_pure.cli.onnx_proto import DATA_TYPE_NAMES, DOUBLE, FLOAT, INT64, STRING, Decoder

MAX_ELEMENTS = 10000000                 # in one tensor; MAX_PARAMETERS of nn_pure.train
MAX_NODES = 10000


class Tensor:
    """A constant: dims, its values flat in row-major order, and its data type."""

    def __init__(self, dims, values, data_type):
        self.dims, self.values, self.data_type = dims, values, data_type

    def matrix(self):
        rows, cols = self.dims
        return [self.values[i * cols:(i + 1) * cols] for i in range(rows)]


class Reader:
    """One file's graph: decode it, check it, and walk it to the State of its output."""

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
        handler = OPS.get(op) if op.isalnum() else None
        if handler is None:
            self.refuse(node, "is an op nn_pure does not read; it reads Gemm, MatMul, Add, Sub, "
                              "Mul, Div, Relu, LeakyRelu, PRelu, Tanh, Sigmoid, Softmax, "
                              "Identity, Cast, Flatten, Reshape, Concat, ArgMax, "
                              "ArrayFeatureExtractor, ZipMap and Constant")
        result = handler(self, node, [state.get(x) for x in inputs],
                         [const.get(x) for x in inputs], attrs)
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

    def opset(self):
        """The version of the standard ONNX opset the file imports, or 0."""
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
