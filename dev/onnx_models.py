"""Write tests/data/onnx/: small ONNX MLPs from PyTorch's exporter and skl2onnx, with
onnxruntime's outputs, which tests/test_onnx.py converts and checks with nothing installed.

PyTorch, scikit-learn, skl2onnx and onnxruntime are development tools, never
dependencies.  From the repository root:

    python -m venv /work/onnx-venv
    /work/onnx-venv/bin/pip install torch==2.13.0 onnx onnxruntime skl2onnx scikit-learn
    /work/onnx-venv/bin/python dev/onnx_models.py

Each model is trained briefly (its numbers only need to be unremarkable) on
Iris, seeded, and written as NAME.onnx; expected.json maps each NAME to its
settings and to onnxruntime's output on ROWS (Iris's 150 rows, its first
feature columns for the narrower models): probabilities for classifiers,
values for regressors.  The files are a few KB each.
"""
import json
import os
import sys

import numpy as np
import onnxruntime
import torch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
OUT = os.path.join(ROOT, "tests", "data", "onnx")

from nn_pure.cli.csvfile import choose_task, read_table  # noqa: E402


def iris():
    table = read_table(os.path.join(ROOT, "examples", "data", "iris.csv"), "species")
    names = sorted(set(table.targets))
    return np.array(table.rows, dtype=np.float32), np.array([names.index(t) for t in
                                                              table.targets]), names


def torch_models():
    """(name, module, n_features, task): three architectures, LeakyReLU and Sigmoid among them."""
    torch.manual_seed(0)
    nn = torch.nn
    yield "torch_tanh_softmax", nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 3),
                                              nn.Softmax(dim=1)), 4, "classification"
    yield "torch_leaky_relu_deep", nn.Sequential(nn.Linear(4, 6), nn.LeakyReLU(),
                                                 nn.Linear(6, 5), nn.LeakyReLU(),
                                                 nn.Linear(5, 3), nn.Softmax(dim=-1)), 4, \
        "classification"
    yield "torch_sigmoid_binary", nn.Sequential(nn.Linear(4, 5), nn.Sigmoid(), nn.Linear(5, 1),
                                                nn.Sigmoid()), 4, "binary"
    yield "torch_relu_regression", nn.Sequential(nn.Flatten(), nn.Linear(3, 7), nn.ReLU(),
                                                 nn.Linear(7, 1)), 3, "regression"


class Standardized(torch.nn.Module):
    """An MLP behind its standardization, as PyTorch users write it: (x - mean) / std."""

    def __init__(self, mean, std, body):
        super().__init__()
        self.register_buffer("mean", torch.tensor(mean))
        self.register_buffer("std", torch.tensor(std))
        self.body = body

    def forward(self, x):
        return self.body((x - self.mean) / self.std)


def train_torch(model, X, y, task):
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    X = torch.tensor(X)
    for _ in range(100):
        optimizer.zero_grad()
        out = model(X)
        if task == "classification":
            loss = torch.nn.functional.nll_loss(torch.log(out + 1e-9), torch.tensor(y))
        elif task == "binary":
            loss = torch.nn.functional.binary_cross_entropy(out[:, 0], torch.tensor(
                (y == 0).astype(np.float32)))
        else:
            loss = torch.nn.functional.mse_loss(out[:, 0], torch.tensor(y))
        loss.backward()
        optimizer.step()


def main():
    X, labels, names = iris()
    expected = {}
    for name, body, n_features, task in torch_models():
        rows = X[:, :n_features]
        target = X[:, 3] if task == "regression" else labels
        if name == "torch_tanh_softmax":
            model = Standardized(rows.mean(0), rows.std(0), body)
        else:
            model = body
        train_torch(model, rows, target, task)
        model.eval()
        path = os.path.join(OUT, name + ".onnx")
        torch.onnx.export(model, (torch.tensor(rows[:2]),), path, input_names=["input"],
                          output_names=["output"], dynamic_axes={"input": {0: "N"}},
                          dynamo=False)
        expected[name] = record(path, rows, n_features, task)
    from sklearn.neural_network import MLPClassifier, MLPRegressor
    from skl2onnx import to_onnx
    sk = [("sklearn_mlp_classifier", MLPClassifier(hidden_layer_sizes=(6,), max_iter=300, random_state=0), X,
           np.array(names)[labels], "classification"),
          ("sklearn_mlp_regressor", MLPRegressor(hidden_layer_sizes=(5, 4), activation="tanh", max_iter=300,
                                                 random_state=0), X[:, :3], X[:, 3],
           "regression")]
    for name, estimator, rows, target, task in sk:
        estimator.fit(rows, target)
        options = {id(estimator): {"zipmap": False}} if task == "classification" else None
        onx = to_onnx(estimator, rows[:1], options=options, target_opset=17)
        path = os.path.join(OUT, name + ".onnx")
        with open(path, "wb") as f:
            f.write(onx.SerializeToString())
        expected[name] = record(path, rows, rows.shape[1], task)
        if task == "classification":
            expected[name]["labels"] = [str(c) for c in estimator.classes_]
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, sort_keys=True)
        f.write("\n")
    for name in sorted(expected):
        print("%-28s %5d bytes" % (name, os.path.getsize(os.path.join(OUT, name + ".onnx"))))


def record(path, rows, n_features, task):
    """onnxruntime's output for rows: the probabilities or the values, as lists."""
    session = onnxruntime.InferenceSession(path, providers=["CPUExecutionProvider"])
    outputs = session.run(None, {session.get_inputs()[0].name: rows})
    if task == "classification":
        out = [o for o in outputs if o.ndim == 2 and o.dtype == np.float32][-1]
    else:
        out = outputs[0]
    return {"task": task, "n_features": n_features, "rows": rows.astype(float).tolist(),
            "outputs": out.astype(float).tolist()}


if __name__ == "__main__":
    main()
