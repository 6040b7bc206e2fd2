"""A trained Pipeline as a PyTorch module: the way on, when pure Python is too slow.

    python -m nn_pure.export MODEL.json --format torch --output iris_torch.py

The file imports only torch.  Its build() returns an nn.Module in float64 whose
forward takes raw feature rows and returns what Pipeline.predict_proba (or,
for regression, Pipeline.predict) returns.  A model that fills missing cells
and one-hot encodes categories (nn_pure.encode) takes its rows as the ONNX
export does (nn_pure/cli/onnx_export.py): NaN where a cell is missing, and a
category as its index in the model's sorted list (CATEGORIES in the file).
The standardization is a buffer and the weights are parameters, so
torch.optim trains them; its loss() is nn_pure's loss for the model, a mean
over the batch, so one torch.optim.SGD step is one nn_pure SGD step.  torch.nn.Linear keeps its weight as
[outputs, inputs], nn_pure's W transposed: the file says so where it copies.

As in the Python export (nn_pure/export.py), every name from the model file
is written once, by repr(), as a Python literal, and nothing else from the
file becomes code: the activations' code comes from the table below, by a
name the model file loader has already checked.
"""
from nn_pure.checks import NNPureError
from nn_pure.cli.modelfile import load_model
from nn_pure.cli.outputs import check_outputs, write_all

TORCH_ACTIVATIONS = {"sigmoid": "torch.nn.Sigmoid()", "tanh": "torch.nn.Tanh()",
                     "relu": "torch.nn.ReLU()",
                     "leaky_relu": "torch.nn.LeakyReLU(0.01)"}   # nn_pure's slope, torch's default

TEMPLATE = '''"""{module}: a trained nn_pure model as a PyTorch module, in float64.

Exported by `python -m nn_pure.export --format torch`.  It needs only torch.
The model: {description}.

    import torch, {module}
    model = {module}.build()
    rows = torch.tensor([[{example}]], dtype=torch.float64)   # FEATURES{rows_note}
    model(rows)                       # {returns}

Continue training with any torch.optim optimizer.  model.loss() is nn_pure's
loss ({loss}), a mean over the batch, on raw rows and {targets}:

    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    for epoch in range(100):
        optimizer.zero_grad()
        model.loss(rows, targets).backward()
        optimizer.step()

Come back to nn_pure (for a board, or to predict without torch) through ONNX:

    torch.onnx.export(model, (rows,), "model.onnx", input_names=["features"],
                      dynamic_axes={{"features": {{0: "N"}}}}, dynamo=False)
    python -m nn_pure.convert model.onnx --output model.json \\\\
        --features <FEATURES, comma-separated>{classes_flag}
{back_note}
The names below came from the model file and are only ever data.
"""
import torch

{names}
{encoding}# Standardization: forward first turns each value x into (x - MEAN) / STD.
MEAN = {mean}
STD = {std}
{target_scale}
# Layer n computes y = x W + b: W has one row per input and one column per output.
LAYERS = [
{layers}]


class Model(torch.nn.Module):
    """{description_line}"""

    def __init__(self):
        super().__init__()
        self.register_buffer("mean", torch.tensor(MEAN, dtype=torch.float64))
        self.register_buffer("std", torch.tensor(STD, dtype=torch.float64))
{fill_buffer}{target_buffers}        self.layers = torch.nn.ModuleList()
        for W, b in LAYERS:
            layer = torch.nn.Linear(len(W), len(b), dtype=torch.float64)
            with torch.no_grad():
                # torch.nn.Linear computes x A^T + b with A = [outputs, inputs]: W transposed.
                layer.weight.copy_(torch.tensor(W, dtype=torch.float64).T)
                layer.bias.copy_(torch.tensor(b, dtype=torch.float64))
            self.layers.append(layer)
        self.activation = {activation}
{output_module}{encode_method}
    def scores(self, rows):
        """The last layer's output{scores_note}, from raw rows."""
        x = ({encode_call} - self.mean) / self.std
        for n, layer in enumerate(self.layers):
            x = layer(x)
            if n < len(self.layers) - 1:
                x = self.activation(x)
{output_call}        return x

    def forward(self, rows):
        """{forward_doc}"""
{forward}

    def loss(self, rows, targets):
        """nn_pure's loss ({loss}), the mean over the batch."""
{loss_body}


def build():
    """Return the model, in float64, with the trained weights."""
    return Model()
'''

FORWARD = {
    "softmax": ("Each row's class probabilities, in CLASSES order.",
                "        return torch.softmax(self.scores(rows), dim=1)"),
    "binary-cross-entropy": ("Each row's [1 - p, p]: p = sigmoid(z) is CLASSES[1]'s probability.",
                             "        p = torch.sigmoid(self.scores(rows))\n"
                             "        return torch.cat([1.0 - p, p], dim=1)"),
    "network": ("Each row's [1 - o1, o1]: o1 is CLASSES[1]'s probability.",
                "        o1 = self.scores(rows)\n"
                "        return torch.cat([1.0 - o1, o1], dim=1)"),
    "mse": ("Each row's predicted TARGET, in its own units, as a column [N, 1].",
            "        return self.scores(rows) * self.target_std + self.target_mean"),
}

LOSS = {
    "softmax": ("softmax cross-entropy", "class indices (torch.int64)",
                "        return torch.nn.functional.cross_entropy(self.scores(rows), targets)"),
    "binary-cross-entropy": ("binary cross-entropy on the logit", "class indices, 0 or 1",
                             "        z = self.scores(rows)[:, 0]\n"
                             "        return torch.nn.functional.binary_cross_entropy_with_logits("
                             "\n            z, targets.to(torch.float64))"),
    "network": ("Tutorial A's mean squared error of o1", "class indices, 0 or 1",
                "        o1 = self.scores(rows)[:, 0]\n"
                "        return torch.nn.functional.mse_loss(o1, targets.to(torch.float64))"),
    "mse": ("the mean squared error of the standardized target", "raw TARGET values",
            "        y = (targets.to(torch.float64) - self.target_mean[0]) / self.target_std[0]\n"
            "        return torch.nn.functional.mse_loss(self.scores(rows)[:, 0], y)"),
}


ENCODING = '''# Encoding: a row holds one number per column of FEATURES: a numeric column's
# value (NaN where missing), or, for a categorical column, the index of its
# category in CATEGORIES[j] (NaN or -1 where missing).  An index that is no
# category's gives all zeros, as a category unseen in training does in nn_pure.
CATEGORIES = %s
# A missing cell becomes FILL[j]: the training median, or the most frequent category's index.
FILL = %s
'''

ENCODE_METHOD = '''
    def encode(self, rows):
        """Rows as the network takes them: missing cells filled, categories one-hot."""
        rows = torch.where(torch.isnan(rows), self.fill, rows)
        pieces = []
        for j, categories in enumerate(CATEGORIES):
            v = rows[:, j:j + 1]
            if categories is not None:
                v = torch.where(v == -1.0, self.fill[j], v)
                # Compared as floats, so 1.5 or 7 (of 3 categories) matches none: all zeros.
                index = torch.arange(len(categories), dtype=torch.float64)
                v = (v == index).to(torch.float64)
            pieces.append(v)
        return torch.cat(pieces, dim=1)
'''


def torch_source(pipeline, module="model_torch"):
    """Return the text of a Python file whose build() is pipeline as a torch module."""
    network = pipeline.network
    key = "network" if pipeline.kind == "network" else network.loss_layer.name
    n = pipeline.n_features
    n_inputs = network.sizes[0]
    if pipeline.standardizer is not None:
        mean, std = pipeline.standardizer.mean, pipeline.standardizer.std
    else:
        mean, std = [0.0] * n_inputs, [1.0] * n_inputs  # subtracting 0, dividing by 1: no change
    example = mean
    encoding = fill_buffer = encode_method = rows_note = back_note = ""
    encode_call = "rows"
    if pipeline.encoder is not None:
        columns = pipeline.encoder.columns
        example = [c.fill if c.categories is None else float(c.index[c.fill]) for c in columns]
        encoding = ENCODING % (literal([c.categories for c in columns]), literal(example))
        fill_buffer = ('        self.register_buffer("fill", torch.tensor(FILL, '
                       'dtype=torch.float64))\n')
        encode_method, encode_call = ENCODE_METHOD, "self.encode(rows)"
        rows_note = ", categories as indices"
        back_note = ("\nconvert reads the layers, not torch's export of encode(): for this "
                     "model, export\nfrom nn_pure again, or copy the trained weights into "
                     "its model file.\n")
    assert len(example) == n
    names = ["TARGET = %r" % (pipeline.target_name,),
             "FEATURES = %s" % literal(pipeline.feature_names)]
    if pipeline.task == "classification":
        names.append("CLASSES = %s" % literal(pipeline.class_names))
    target_scale = target_buffers = ""
    if pipeline.task == "regression":
        scale = pipeline.target_standardizer
        t_mean, t_std = (scale.mean, scale.std) if scale is not None else ([0.0], [1.0])
        target_scale = ("# The target: forward returns z * TARGET_STD + TARGET_MEAN.\n"
                        "TARGET_MEAN = %s\nTARGET_STD = %s\n" % (literal(t_mean), literal(t_std)))
        target_buffers = ('        self.register_buffer("target_mean", torch.tensor(TARGET_MEAN, '
                          'dtype=torch.float64))\n'
                          '        self.register_buffer("target_std", torch.tensor(TARGET_STD, '
                          'dtype=torch.float64))\n')
    parameters = network.parameters()
    layers = ""
    for W, b in zip(parameters[::2], parameters[1::2]):
        layers += "    # %d inputs -> %d outputs\n    (%s,\n     %s),\n" % (
            len(W), len(b), literal(W), literal(b))
    output = network.output if pipeline.kind != "network" else "sigmoid"
    output_module = output_call = ""
    if output is not None:
        output_module = "        self.output = %s\n" % TORCH_ACTIVATIONS[output]
        output_call = "        x = self.output(x)\n"
    hidden = network.activation if len(network.sizes) > 2 else "identity"
    activation = TORCH_ACTIVATIONS.get(hidden, "torch.nn.Identity()      # no hidden layer")
    forward_doc, forward = FORWARD[key]
    loss, targets, loss_body = LOSS[key]
    shape = "-".join(str(s) for s in network.sizes)
    description = "%s %s, %s between layers" % (pipeline.kind, shape, hidden)
    if pipeline.task == "classification":
        returns = "one probability per class, in CLASSES order"
        classes_flag = " \\\\\n        --classes <CLASSES, comma-separated>"
    else:
        returns = "the predicted TARGET, a column"
        classes_flag = ""
    return TEMPLATE.format(
        module=module, description=description, description_line="nn_pure's " + description
        + "; forward(rows) takes raw rows.", example=", ".join("%g" % m for m in example),
        rows_note=rows_note, back_note=back_note, encoding=encoding, fill_buffer=fill_buffer,
        encode_method=encode_method, encode_call=encode_call,
        returns=returns, loss=loss, targets=targets, classes_flag=classes_flag,
        names="\n".join(names), mean=literal(mean), std=literal(std), target_scale=target_scale,
        layers=layers, target_buffers=target_buffers, activation=activation,
        output_module=output_module, output_call=output_call,
        scores_note=" (logits for a classifier)" if key in ("softmax", "binary-cross-entropy")
        else "", forward_doc=forward_doc, forward=forward, loss_body=loss_body)


def literal(value):
    """Python source for a list (of lists) of floats or strings, floats with every digit."""
    if isinstance(value, list):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    return repr(value)


def export_torch_command(args, module_name):
    """`python -m nn_pure.export MODEL.json --format torch [--output M_torch.py]`."""
    module = "model_torch"
    if args.output is not None:
        module = module_name(args.output)
        if module == "torch":
            raise NNPureError("--output %s: the file would import itself instead of PyTorch; "
                              "choose a name such as model_torch.py" % args.output)
        check_outputs([("--output", args.output, ".py")], [("the model file", args.model)])
    text = torch_source(load_model(args.model), module)
    if args.output is not None:
        write_all([(args.output, text)])
    else:
        print(text, end="")
    return 0
