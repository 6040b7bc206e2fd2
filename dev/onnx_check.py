"""Check nn_pure's ONNX and PyTorch exports against onnx, onnxruntime and torch (issue 19).

Development tools, never dependencies.  From the repository root:

    /work/onnx-venv/bin/python dev/onnx_check.py          (CI: .ci/tools/onnx-venv)

For every model kind nn_pure saves (an MLP with each activation, Tutorial B's
softmax, binary cross-entropy, regression with and without an output
activation, Tutorial A's network) and for mixed tables that issue 13's
encoding fills and one-hot encodes (penguins' species and sex, tips' tip as
regression), trained briefly on shipped data (examples/data), it checks on
every row of that data (a mixed table's rows as the graph takes them: NaN for
a gap, a category as its index), and on rows of odd indices (-1, NaN, an
index past the last category, 1.5) against the library's missing and unseen
categories:

  1. the ONNX export, float and double, passes onnx.checker.check_model(full_check=True);
  2. onnxruntime's outputs equal nn_pure's to 1e-5 (float) and 1e-12 (double),
     relative to max(1, |value|), and its labels are nn_pure's classes;
  3. the torch export's forward equals nn_pure's to 1e-12 (same measure);
  4. one torch.optim.SGD step on its loss() gives the weights that one nn_pure
     SGD step on the same batch gives, to 1e-12: the gradient conventions
     (a mean over the batch) agree.
It prints one line per model and ends with "N passed, N failed".
"""
import importlib
import os
import sys
import tempfile

import numpy as np
import onnx
import onnxruntime
import torch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from nn_pure.cli.csvfile import choose_task, read_table  # noqa: E402
from nn_pure.cli.onnx_export import export_onnx  # noqa: E402
from nn_pure.cli.torch_export import torch_source  # noqa: E402
from nn_pure.encode import category_name  # noqa: E402
from nn_pure.mlp import MLP  # noqa: E402
from nn_pure.optim import SGD  # noqa: E402
from nn_pure.fitting import fit_pipeline  # noqa: E402
from nn_pure.pipeline import Pipeline
from nn_pure.rng import RNG  # noqa: E402

DATA = os.path.join(ROOT, "examples", "data")


def table(name, target):
    t = read_table(os.path.join(DATA, name), target)
    task, targets = choose_task(t)
    return t, task, targets


def models():
    """(label, pipeline, rows, targets): every kind, on shipped data."""
    iris, task, species = table("iris.csv", "species")
    for activation in ("tanh", "sigmoid", "relu", "leaky_relu"):
        yield ("iris mlp %s" % activation,
               fit_pipeline(iris.rows, species, feature_names=iris.feature_names,
                            target_name="species", hidden=(8, 5), activation=activation,
                            epochs=20, seed=1)[0], iris.rows, species)
    yield ("iris softmax", fit_pipeline(iris.rows, species, feature_names=iris.feature_names,
                                        target_name="species", kind="softmax", epochs=20)[0],
           iris.rows, species)
    cancer, _, diagnosis = table("breast_cancer.csv", "diagnosis")
    yield ("breast_cancer binary-cross-entropy",
           fit_pipeline(cancer.rows, diagnosis, feature_names=cancer.feature_names,
                        target_name="diagnosis", loss="binary-cross-entropy",
                        activation="leaky_relu", epochs=10)[0], cancer.rows, diagnosis)
    diabetes, _, progression = table("diabetes.csv", "progression")
    fitted = fit_pipeline(diabetes.rows, progression, feature_names=diabetes.feature_names,
                          target_name="progression", task="regression", epochs=10)[0]
    yield "diabetes regression", fitted, diabetes.rows, progression
    with_output = Pipeline(MLP(fitted.sizes, activation="relu", loss="mse", output="tanh",
                               rng=RNG(3)), fitted.feature_names, None, fitted.standardizer,
                           target_name="progression",
                           target_standardizer=fitted.target_standardizer)
    yield "diabetes regression, tanh output", with_output, diabetes.rows, progression
    two = [row[2:4] for row in iris.rows]
    setosa = ["setosa" if s == "setosa" else "other" for s in species]
    yield ("iris network (Tutorial A's 2-2-1)",
           fit_pipeline(two, setosa, feature_names=iris.feature_names[2:4], target_name="setosa",
                        kind="network", epochs=20)[0], two, setosa)
    for name, target, task, loss in (("penguins.csv", "species", "classification", None),
                                     ("penguins.csv", "sex", "classification",
                                      "binary-cross-entropy"),
                                     ("tips.csv", "tip", "regression", None)):
        mixed, _, targets = table(name, target)
        yield ("%s %s (encoded)" % (name[:-4], target),
               fit_pipeline(mixed.rows, targets, feature_names=mixed.feature_names,
                            target_name=target, task=task, loss=loss, activation="relu",
                            epochs=20)[0], mixed.rows, targets)


def graph_rows(pipeline, rows):
    """rows as the ONNX graph and the torch module take them: for an encoding model, NaN
    for a gap and a category as its index in the model's list (-2 if unseen)."""
    if pipeline.encoder is None:
        return rows
    out = []
    for row in rows:
        encoded = []
        for column, cell in zip(pipeline.encoder.columns, row):
            if cell is None:
                encoded.append(float("nan"))
            elif column.categories is None:
                encoded.append(float(cell))
            else:
                encoded.append(float(column.index.get(category_name(cell), -2)))
        out.append(encoded)
    return out


def odd_rows(pipeline, rows):
    """(raw rows, graph rows) where each categorical cell of the first rows is missing as
    NaN, missing as -1, unseen as an index past the last, and unseen as 1.5, in turn."""
    if pipeline.encoder is None or not any(c.categories for c in pipeline.encoder.columns):
        return [], []
    raw, graph = [], []
    for s, (spelling, value) in enumerate(((None, float("nan")), (None, -1.0),
                                           ("never seen", 99.0), ("never seen", 1.5))):
        row, indices = list(rows[s]), graph_rows(pipeline, [rows[s]])[0]
        for j, column in enumerate(pipeline.encoder.columns):
            if column.categories is not None:
                past_last = float(len(column.categories))
                row[j], indices[j] = spelling, past_last if value == 99.0 else value
        raw.append(row)
        graph.append(indices)
    return raw, graph


def outputs(pipeline, rows):
    if pipeline.task == "classification":
        return np.array(pipeline.predict_proba(rows))
    return np.array([[v] for v in pipeline.predict(rows)])


def worst(got, want):
    """The largest |got - want| / max(1, |want|)."""
    return float(np.max(np.abs(got - want) / np.maximum(1.0, np.abs(want))))


def check_onnx(pipeline, rows):
    odd_raw, odd_graph = odd_rows(pipeline, rows)
    want = outputs(pipeline, rows + odd_raw)
    rows = graph_rows(pipeline, rows) + odd_graph
    errors = {}
    for onnx_type, dtype, tolerance in (("float", np.float32, 1e-5), ("double", np.float64,
                                                                         1e-12)):
        data = export_onnx(pipeline, onnx_type)
        onnx.checker.check_model(onnx.load_from_string(data), full_check=True)
        session = onnxruntime.InferenceSession(data, providers=["CPUExecutionProvider"])
        got = session.run(None, {"features": np.array(rows, dtype=dtype)})
        if pipeline.task == "classification":
            labels, probabilities = got
            expected = np.argmax(want, axis=1)
            # A float model may break a near-tie the other way; count, don't hide, those.
            flipped = int(np.sum(labels != np.array(expected)))
            assert onnx_type == "float" or flipped == 0, "labels differ on %d rows" % flipped
            got = probabilities
        else:
            got = got[0]
        errors[onnx_type] = worst(got, want)
        assert errors[onnx_type] <= tolerance, (onnx_type, errors[onnx_type])
    return errors


def load_torch(pipeline, folder, name):
    path = os.path.join(folder, name + ".py")
    with open(path, "w") as f:
        f.write(torch_source(pipeline, name))
    sys.path.insert(0, folder)
    try:
        return importlib.import_module(name).build()
    finally:
        sys.path.remove(folder)


def check_torch(pipeline, rows, targets, folder, name):
    model = load_torch(pipeline, folder, name)
    odd_raw, odd_graph = odd_rows(pipeline, rows)
    forward = worst(model(torch.tensor(graph_rows(pipeline, rows) + odd_graph,
                                       dtype=torch.float64)).detach().numpy(),
                    outputs(pipeline, rows + odd_raw))
    assert forward <= 1e-12, forward
    # One SGD step on the first 16 rows, in torch and in nn_pure.
    batch_rows, batch_targets = rows[:16], targets[:16]
    X = pipeline.inputs("check", batch_rows)
    if pipeline.task == "classification":
        index = {c: k for k, c in enumerate(pipeline.class_names)}
        y = [index[c] for c in batch_targets]
        torch_targets = torch.tensor(y, dtype=torch.int64)
    else:
        y = [pipeline.target_standardizer.transform_value(t, 0) for t in batch_targets]
        torch_targets = torch.tensor(batch_targets, dtype=torch.float64)
    network = pipeline.network
    network.loss(X, [float(v) for v in y] if pipeline.kind == "network" else y)
    network.backward()
    parameters = network.parameters()
    SGD(0.1).step(parameters, network.gradients())
    network.set_parameters(parameters)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    optimizer.zero_grad()
    model.loss(torch.tensor(graph_rows(pipeline, batch_rows), dtype=torch.float64),
               torch_targets).backward()
    optimizer.step()
    step = 0.0
    for layer, W, b in zip(model.layers, parameters[::2], parameters[1::2]):
        step = max(step, worst(layer.weight.detach().numpy().T, np.array(W)),
                   worst(layer.bias.detach().numpy(), np.array(b)))
    assert step <= 1e-12, step
    return forward, step


def main():
    passed = failed = 0
    with tempfile.TemporaryDirectory() as folder:
        for n, (label, pipeline, rows, targets) in enumerate(models()):
            try:
                errors = check_onnx(pipeline, rows)
                forward, step = check_torch(pipeline, rows, targets, folder, "check_torch_%d" % n)
            except AssertionError as error:
                failed += 1
                print("FAILED %-36s %r" % (label, error.args))
                continue
            passed += 1
            print("ok %-36s %4d rows  onnx float %.1e  double %.1e  torch %.1e  sgd step %.1e"
                  % (label, len(rows), errors["float"], errors["double"], forward, step))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
