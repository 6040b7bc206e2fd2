"""What each ONNX op does to a value on the way from an MLP's input to its output.

nn_pure.cli.onnx_graph walks a graph's nodes in order and follows the one
chain of values that starts at the input.  Each value has a State: where in
an MLP it stands, and what has been learned on the way there (the layers so
far, the input's shift and scale).  An op, one function here found by its
name in OPS, takes the State of its input to the State of its output, or
refuses the node, naming why:

    pre     the input, maybe shifted and scaled:  (x - mean) / std
    matmul  x W, waiting for its bias (MatMul, then Add)
    z       a layer's output x W + b (Gemm, or MatMul then Add)
    h       an activation of z (Relu, LeakyRelu, PRelu, Tanh, Sigmoid)
    q       1 - p, for p a one-unit Sigmoid (the two-class tail)
    prob    class probabilities (Softmax of z, or Concat(1 - p, p))
    index   ArgMax of prob;   label   the class label (ArrayFeatureExtractor)
    values  z or h scaled back to the target's units: v * std + mean (Mul, Add)

nn_pure's model has one activation between all its layers, and leaky ReLU's
slope is 0.01; a slope other than that is refused here, and a model that
mixes activations by nn_pure.cli.onnx_import.

Glossary: s a State; W, b a layer's weights and bias (W has one row per
input); c a constant as one number per value; every op takes (reader, node,
states, consts, attrs): the Reader (for its errors), the node, and for each
of the node's inputs its State or None, its constant Tensor or None, and the
node's attributes.
"""
from nn_pure.cli.onnx_proto import DOUBLE, FLOAT, INT64

LEAKY_RELU_SLOPE = 0.01
ACTIVATIONS = {"Relu": "relu", "Tanh": "tanh", "Sigmoid": "sigmoid", "LeakyRelu": "leaky_relu",
               "PRelu": "leaky_relu"}
STAGES = ("pre", "matmul", "z", "h", "q", "prob", "index", "label", "values")


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


def identity(reader, node, states, consts, attrs):
    return reader.only(node, states, STAGES)


def dropout(reader, node, states, consts, attrs):
    return reader.only(node, states, ("pre", "z", "h"))


def flatten(reader, node, states, consts, attrs):
    s = reader.only(node, states, STAGES)
    if reader.attr(attrs, "axis", "i", 1) != 1:
        reader.refuse(node, "flattens from axis %d; nn_pure reads Flatten(axis=1) of [N, k]"
                      % reader.attr(attrs, "axis", "i", 1))
    return s


def reshape(reader, node, states, consts, attrs):
    s = reader.only(node, states, STAGES)
    shape = consts[1] if len(consts) > 1 else None
    if shape is None or shape.data_type != INT64:
        reader.refuse(node, "reshapes to a computed shape; nn_pure reads Reshape to a "
                            "constant [N, k] or [N]")
    dims = shape.values
    if s.stage in ("index", "label") and len(dims) == 1 and dims[0] in (-1, 0):
        return s
    if len(dims) == 2 and dims[0] in (-1, 0) and dims[1] in (s.width, -1) and \
            s.stage not in ("index", "label"):
        return s
    reader.refuse(node, "reshapes to %r; nn_pure reads only a reshape that keeps rows of "
                        "%s values" % (dims, s.width))


def gemm(reader, node, states, consts, attrs):
    if len(states) < 2 or states[0] is None or consts[1] is None:
        reader.refuse(node, "multiplies by a computed matrix; nn_pure reads Gemm(x, W, b) "
                            "with constant W and b")
    s = reader.only(node, states, ("pre", "h"))
    if reader.attr(attrs, "transA", "i", 0) != 0:
        reader.refuse(node, "has transA=1, which would multiply the batch's columns; nn_pure "
                            "reads rows of features, transA=0")
    W = weights(reader, node, consts[1], bool(reader.attr(attrs, "transB", "i", 0)), s.width)
    alpha = reader.attr(attrs, "alpha", "f", 1.0)
    beta = reader.attr(attrs, "beta", "f", 1.0)
    if alpha != 1.0:
        W = [[alpha * w for w in row] for row in W]
    b = [0.0] * len(W[0])
    if len(consts) > 2 and consts[2] is not None:
        b = reader.vector(node, consts[2], len(W[0]))
        if beta != 1.0:
            b = [beta * v for v in b]
    elif len(states) > 2 and states[2] is not None:
        reader.refuse(node, "adds a computed C; nn_pure reads a constant bias")
    return layer(node, s, W, b)


def matmul(reader, node, states, consts, attrs):
    if len(states) != 2 or states[0] is None or consts[1] is None:
        reader.refuse(node, "is not x times a constant matrix")
    s = reader.only(node, states, ("pre", "h"))
    W = weights(reader, node, consts[1], False, s.width)
    return s.but(stage="matmul", pending=W, width=len(W[0]))


def weights(reader, node, tensor, transposed, width):
    if tensor.data_type not in (FLOAT, DOUBLE) or len(tensor.dims) != 2 or \
            0 in tensor.dims:
        reader.refuse(node, "has weights of shape %r; nn_pure reads a 2-D float or double "
                            "matrix" % (tensor.dims,))
    W = tensor.matrix()
    if transposed:
        W = [list(column) for column in zip(*W)]
    if width is not None and len(W) != width:
        reader.refuse(node, "multiplies %s values by a matrix with %d rows"
                      % (width, len(W)))
    return W


def layer(node, s, W, b):
    """The state after a linear layer x W + b."""
    if s.stage == "pre":
        mean = s.mean if s.mean is not None else None
        return State("z", len(W[0]), s.layers + ((W, b, None),), mean, s.std)
    return s.but(stage="z", width=len(W[0]), layers=s.layers + ((W, b, None),))


def activation(node, s, name):
    if s.stage == "matmul":
        s = layer(node, s, s.pending, [0.0] * s.width)
    W, b, _ = s.layers[-1]
    return s.but(stage="h", layers=s.layers[:-1] + ((W, b, name),))


def relu(reader, node, states, consts, attrs):
    return activation(node, reader.only(node, states, ("z", "matmul")),
                      ACTIVATIONS[node["op_type"]])


def leaky_relu(reader, node, states, consts, attrs):
    check_slope(reader, node, [reader.attr(attrs, "alpha", "f", LEAKY_RELU_SLOPE)])
    return relu(reader, node, states, consts, attrs)


def prelu(reader, node, states, consts, attrs):
    s = reader.only(node, states, ("z", "matmul"))
    check_slope(reader, node, reader.vector(node, consts[1] if len(consts) > 1 else None, None))
    return activation(node, s, "leaky_relu")


def check_slope(reader, node, slopes):
    for slope in slopes:
        if abs(slope - LEAKY_RELU_SLOPE) > 1e-6:    # a float32 0.01 is 0.0099999998
            reader.refuse(node, "has slope %r; nn_pure's leaky ReLU has slope 0.01"
                          % slope)


def softmax(reader, node, states, consts, attrs):
    s = reader.only(node, states, ("z", "matmul"))
    axis = reader.attr(attrs, "axis", "i", -1 if reader.opset() >= 13 else 1)
    if axis not in (-1, 1):
        reader.refuse(node, "is over axis %d; nn_pure reads Softmax over the last axis "
                            "of [N, classes]" % axis)
    if s.stage == "matmul":
        s = layer(node, s, s.pending, [0.0] * s.width)
    return s.but(stage="prob", loss="softmax")


def add(reader, node, states, consts, attrs):
    s = reader.only(node, states, ("pre", "matmul", "z", "h", "values"))
    c = reader.vector(node, consts[1] if states[0] is not None else consts[0],
                      s.width)
    if s.stage == "pre":                    # (x - m) / s + c = (x - (m - c s)) / s
        return shift(s, [-v for v in c])
    if s.stage == "matmul":
        return layer(node, s, s.pending, c)
    if s.stage == "z":                      # a second bias, folded into the first
        W, b, _ = s.layers[-1]
        return s.but(layers=s.layers[:-1] + ((W, [x + y for x, y in zip(b, c)], None),))
    s = values(reader, s)
    return s.but(offset=[o + v for o, v in zip(s.offset, c)])


def sub(reader, node, states, consts, attrs):
    if states[0] is None:                   # c - p: the two-class tail's 1 - p
        s = reader.only(node, states, ("h",))
        if s.width != 1 or s.layers[-1][2] != "sigmoid" or \
                reader.vector(node, consts[0], 1) != [1.0]:
            reader.refuse(node, "subtracts a computed value from a constant; nn_pure reads "
                                "this only as 1 - p, p a one-unit Sigmoid")
        return s.but(stage="q")
    s = reader.only(node, states, ("pre", "z", "h", "values"))
    c = reader.vector(node, consts[1], s.width)
    if s.stage == "pre":
        return shift(s, c)
    s = values(reader, s)
    return s.but(offset=[o - v for o, v in zip(s.offset, c)])


def shift(s, c):
    """(x - mean) / std - c = (x - (mean + c std)) / std."""
    mean = s.mean or [0.0] * len(c)
    std = s.std or [1.0] * len(c)
    return s.but(mean=[m + v * d for m, v, d in zip(mean, c, std)], std=std,
                 width=len(c))


def mul(reader, node, states, consts, attrs):
    s = reader.only(node, states, ("pre", "z", "h", "values"))
    c = reader.vector(node, consts[1] if states[0] is not None else consts[0], s.width)
    if s.stage == "pre":                    # (x - m) / s * c = (x - m) / (s / c)
        if 0.0 in c:
            reader.refuse(node, "multiplies an input by 0, which leaves the feature out")
        return scale(s, [1.0 / v for v in c])
    s = values(reader, s)
    return s.but(scale=[a * v for a, v in zip(s.scale, c)],
                 offset=[o * v for o, v in zip(s.offset, c)])


def div(reader, node, states, consts, attrs):
    s = reader.only(node, states, ("pre",))
    c = reader.vector(node, consts[1], s.width)
    if 0.0 in c:
        reader.refuse(node, "divides by 0")
    return scale(s, c)


def scale(s, c):
    """(x - mean) / std / c = (x - mean) / (std c)."""
    mean = s.mean or [0.0] * len(c)
    std = s.std or [1.0] * len(c)
    return s.but(mean=mean, std=[d * v for d, v in zip(std, c)], width=len(c))


def values(reader, s):
    """s as values in the target's units: v = z * scale + offset."""
    if s.stage == "values":
        return s
    if s.width != 1:
        reader.fail("the graph", "scales %d outputs; nn_pure's regression predicts one "
                                 "number" % s.width)
    W, b, output = s.layers[-1]
    return s.but(stage="values", scale=[1.0], offset=[0.0], output=output)


def concat(reader, node, states, consts, attrs):
    on = [x for x in states if x is not None]
    if reader.attr(attrs, "axis", "i", None) not in (1, -1) or len(on) != 2 or \
            len(states) != 2 or states[0].stage != "q" or states[1].stage != "h":
        reader.refuse(node, "is not the two-class tail Concat(1 - p, p) over axis 1")
    return states[1].but(stage="prob", width=2, loss="binary-cross-entropy")


def argmax(reader, node, states, consts, attrs):
    s = reader.only(node, states, ("prob",))
    if reader.attr(attrs, "axis", "i", 0) not in (1, -1):
        reader.refuse(node, "is not over the classes (axis 1)")
    return s.but(stage="index")


def array_feature_extractor(reader, node, states, consts, attrs):
    if len(states) != 2 or states[1] is None or states[1].stage != "index" or \
            consts[0] is None:
        reader.refuse(node, "is not skl2onnx's label lookup ArrayFeatureExtractor(classes, "
                            "ArgMax(probabilities))")
    labels = consts[0].values
    return states[1].but(stage="label", labels=["%s" % v for v in labels])


def zipmap(reader, node, states, consts, attrs):
    s = reader.only(node, states, ("prob",))
    return s.but(stage="zipmap")


# The ops by their ONNX names (op_type); Cast and Identity change nothing nn_pure keeps.
OPS = {
    "Identity": identity, "Cast": identity, "Dropout": dropout, "Flatten": flatten,
    "Reshape": reshape, "Gemm": gemm, "MatMul": matmul, "Relu": relu, "Tanh": relu,
    "Sigmoid": relu, "LeakyRelu": leaky_relu, "PRelu": prelu, "Softmax": softmax, "Add": add,
    "Sub": sub, "Mul": mul, "Div": div, "Concat": concat, "ArgMax": argmax,
    "ArrayFeatureExtractor": array_feature_extractor, "ZipMap": zipmap}
