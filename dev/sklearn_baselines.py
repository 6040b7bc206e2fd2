"""scikit-learn at its defaults on the example tables, on exactly nn_pure's test split.

How to run it (a development tool: nn_pure and its tests never import it):

    /work/devtools-venv/bin/python dev/sklearn_baselines.py            # prints, writes the .md
    /work/devtools-venv/bin/python dev/sklearn_baselines.py --seed 7 --out /tmp/b.md
    /work/devtools-venv/bin/python dev/sklearn_baselines.py --repo /work/main   # its nn_pure

(dev/make_datasets.py says how to make the venv.)  For each table in
examples/data/ (the ones dev/make_datasets.py writes, and iris.csv):

- rows whose target cell is missing are dropped, then the rows are split with
  nn_pure's own split_indices(targets, 0.2, 0.2, RNG(seed), stratify): targets
  are the target cells as strings (classification, stratified) or floats
  (regression), the seed 42 unless --seed says otherwise;
- the features are every other column except ID columns (one distinct value
  per row: words, or whole numbers such as pandas' unnamed index); a column is
  numeric when every non-missing cell is a number, else categorical;
- scikit-learn's pipeline at its defaults: numeric columns SimpleImputer(median)
  then StandardScaler; categorical ones SimpleImputer(most_frequent) then
  OneHotEncoder(handle_unknown='ignore'); then MLPClassifier or MLPRegressor
  with default hyperparameters and random_state=0.  When a fit stops at
  max_iter=200 without converging, it is fitted again with max_iter=2000 and
  the table says so;
- it is fitted on train rows only, and on train + validation rows (nn_pure holds
  validation rows out for early stopping), and scored on the test rows:
  accuracy, or R^2.  For regression also with the target standardized
  (TransformedTargetRegressor with StandardScaler, as nn_pure standardizes its
  regression target), because MLPRegressor at its defaults does not;
- for reference, a linear model on the same preprocessing and rows (train +
  validation): LogisticRegression (max_iter=10000, else defaults) or Ridge();
- the baseline is always answering the training rows' most frequent class, or
  their mean.

The table goes to stdout and to dev/sklearn_baselines.md (no timings in the
file, so that re-running gives the same bytes; the seconds are printed).
"""

import argparse
import os
import sys

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")          # one thread: the same floats every run

import time       # noqa: E402
import warnings   # noqa: E402

import numpy as np   # noqa: E402
import pandas as pd   # noqa: E402
import sklearn       # noqa: E402
from sklearn.compose import ColumnTransformer, TransformedTargetRegressor   # noqa: E402
from sklearn.exceptions import ConvergenceWarning   # noqa: E402
from sklearn.impute import SimpleImputer   # noqa: E402
from sklearn.metrics import accuracy_score, r2_score   # noqa: E402
from sklearn.linear_model import LogisticRegression, Ridge   # noqa: E402
from sklearn.neural_network import MLPClassifier, MLPRegressor   # noqa: E402
from sklearn.pipeline import Pipeline, make_pipeline   # noqa: E402
from sklearn.preprocessing import OneHotEncoder, StandardScaler   # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from tables import DATA_DIR, MISSING, REPO, TABLES, facts, is_number, read_cells   # noqa: E402

RAISED_MAX_ITER = 2000
# Iris (the project's own file), and Cars93 without the two columns whose mean is
# the target to within 0.05 (Price ~ (Min.Price + Max.Price) / 2 in the source): the
# small regression table with the leak taken out, as `--ignore` would.
EXTRA = [dict(file="iris.csv", target="species", task="classification"),
         dict(file="cars93.csv", target="Price", task="regression",
              ignore=["Min.Price", "Max.Price"])]


def nn_pure_split(repo, targets, seed, stratify):
    """nn_pure's (train, val, test) row indices, from the nn_pure in repo."""
    if repo not in sys.path:
        sys.path.insert(0, repo)
    from nn_pure.rng import RNG
    from nn_pure.preprocess import split_indices
    return split_indices(targets, 0.2, 0.2, RNG(seed), stratify)


def load(entry):
    """Return (features as a DataFrame, numeric names, categorical names, targets, facts)."""
    path = os.path.join(DATA_DIR, entry["file"])
    f = facts(path, entry["target"])
    header, rows = read_cells(path)
    t = header.index(entry["target"])
    rows = [row for row in rows if row[t] not in MISSING]
    if entry["task"] == "classification":
        targets = [row[t] for row in rows]
    else:
        targets = [float(row[t]) for row in rows]
    ids = set(f["ids"])
    numeric, categorical, num_cols, cat_cols = [], [], [], []
    for j, name in enumerate(header):
        if j == t or (name if name else "(unnamed)") in ids or name in entry.get("ignore", ()):
            continue
        cells = [row[j] for row in rows]
        present = [c for c in cells if c not in MISSING]
        if all(is_number(c) for c in present):
            numeric.append(name)
            num_cols.append(np.array([float(c) if c not in MISSING else np.nan for c in cells]))
        else:
            categorical.append(name)
            cat_cols.append(np.array([c if c not in MISSING else np.nan for c in cells],
                                     dtype=object))
    columns = num_cols + cat_cols
    frame = pd.DataFrame({name: col for name, col in zip(numeric + categorical, columns)})
    return frame, numeric, categorical, targets, f


def pipeline(numeric, categorical, task, max_iter, scale_target=False, linear=False):
    steps = []
    if numeric:
        steps.append(("num", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()),
                      numeric))
    if categorical:
        steps.append(("cat", make_pipeline(SimpleImputer(strategy="most_frequent"),
                                           OneHotEncoder(handle_unknown="ignore")),
                      categorical))
    if linear:
        model = (LogisticRegression(max_iter=10000) if task == "classification" else Ridge())
    elif task == "classification":
        model = MLPClassifier(random_state=0, max_iter=max_iter)
    else:
        model = MLPRegressor(random_state=0, max_iter=max_iter)
        if scale_target:
            model = TransformedTargetRegressor(regressor=model, transformer=StandardScaler())
    return Pipeline([("prep", ColumnTransformer(steps)), ("mlp", model)])


def fit_score(X_tr, y_tr, X_te, y_te, numeric, categorical, task, scale_target=False):
    """Fit at max_iter=200, again at RAISED_MAX_ITER if that did not converge.

    Returns (score, iterations, max_iter used, converged, score at 200 if raised).
    """
    first = None
    for max_iter in (200, RAISED_MAX_ITER):
        model = pipeline(numeric, categorical, task, max_iter, scale_target)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ConvergenceWarning)
            model.fit(X_tr, y_tr)
        converged = not any(issubclass(w.category, ConvergenceWarning) for w in caught)
        pred = model.predict(X_te)
        score = accuracy_score(y_te, pred) if task == "classification" else r2_score(y_te, pred)
        mlp = model.named_steps["mlp"]
        mlp = getattr(mlp, "regressor_", mlp)
        if converged or max_iter == RAISED_MAX_ITER:
            return score, mlp.n_iter_, max_iter, converged, first
        first = score


def linear_score(X_tr, y_tr, X_te, y_te, numeric, categorical, task):
    """The same preprocessing, then LogisticRegression or Ridge at their defaults."""
    model = pipeline(numeric, categorical, task, None, linear=True).fit(X_tr, y_tr)
    pred = model.predict(X_te)
    return accuracy_score(y_te, pred) if task == "classification" else r2_score(y_te, pred)


def baseline(y_tr, y_te, task):
    if task == "classification":
        counts = {}
        for label in y_tr:
            counts[label] = counts.get(label, 0) + 1
        top = sorted(counts, key=lambda k: (-counts[k], k))[0]
        return sum(1 for y in y_te if y == top) / len(y_te)
    mean = sum(y_tr) / len(y_tr)
    return r2_score(y_te, [mean] * len(y_te))


def fmt(score, task):
    return "%.1f%%" % (100 * score) if task == "classification" else "%.3f" % score


def fmt_fit(result, task):
    score, iters, max_iter, converged, first = result
    text = fmt(score, task)
    if max_iter != 200:
        text += " (max_iter %d%s; at 200: %s)" % (max_iter, "" if converged else ", not converged",
                                                 fmt(first, task))
    return text, iters


def facts_line(entry, f, numeric, categorical):
    missing = ", ".join("%s x%d" % kv for kv in sorted(f["missing"].items())) or "none"
    suspect = "; ".join("%s: %s" % (col, ", ".join('"%s" x%d' % kv for kv in sorted(d.items())))
                        for col, d in f["suspect"].items())
    cats = ", ".join("%s (%d)" % (name, count) for name, _, count in f["categorical"]
                     if (name if name else "(unnamed)") not in f["ids"]) or "-"
    return "| %s | %s | %s | %s | %s |" % (
        entry["file"], cats, ", ".join(f["ids"]) or "-", missing,
        ("not missing, real categories: " + suspect) if suspect else "-")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=42, help="nn_pure's split seed (default 42)")
    parser.add_argument("--repo", default=REPO,
                        help="folder holding the nn_pure package whose split is used "
                             "(default: this checkout, %(default)s)")
    parser.add_argument("--out", default=os.path.join(HERE, "sklearn_baselines.md"),
                        help="markdown file to write (default dev/sklearn_baselines.md)")
    parser.add_argument("--tables", default="",
                        help="comma-separated file names to run (default: all)")
    args = parser.parse_args()
    wanted = set(t if t.endswith(".csv") else t + ".csv" for t in args.tables.split(",") if t)
    entries = [e for e in TABLES + EXTRA if not wanted or e["file"] in wanted]

    rows, fact_rows = [], []
    for entry in entries:
        start = time.perf_counter()
        task = entry["task"]
        frame, numeric, categorical, targets, f = load(entry)
        train, val, test = nn_pure_split(args.repo, targets, args.seed,
                                         task == "classification")
        parts = {"train": train, "trval": train + val, "test": test}
        X = {k: frame.iloc[idx].reset_index(drop=True) for k, idx in parts.items()}
        y = {k: [targets[i] for i in idx] for k, idx in parts.items()}
        nn, nc = len(numeric), len(categorical)
        base = baseline(y["train"], y["test"], task)
        on_train = fit_score(X["train"], y["train"], X["test"], y["test"], numeric, categorical, task)
        on_trval = fit_score(X["trval"], y["trval"], X["test"], y["test"], numeric, categorical, task)
        scaled = (fit_score(X["trval"], y["trval"], X["test"], y["test"], numeric, categorical, task, True)
                  if task == "regression" else None)
        linear = linear_score(X["trval"], y["trval"], X["test"], y["test"], numeric,
                              categorical, task)
        train_text, train_iters = fmt_fit(on_train, task)
        trval_text, trval_iters = fmt_fit(on_trval, task)
        scaled_text = "%s, %d it." % fmt_fit(scaled, task) if scaled else "-"
        dropped = f["rows"] - len(targets)
        classes = len(set(targets)) if task == "classification" else 0
        label = entry["file"] + ("".join(" -%s" % c for c in entry.get("ignore", ())))
        rows.append("| %s | %s | %s | %d/%d/%d%s | %d + %d | %s | %s, %d it. | %s, %d it. | %s | %s |" % (
            label, "class. (%d)" % classes if classes else "regr.",
            entry["target"], len(train), len(val), len(test),
            " (-%d)" % dropped if dropped else "", nn, nc, fmt(base, task),
            train_text, train_iters, trval_text, trval_iters, scaled_text, fmt(linear, task)))
        if not entry.get("ignore"):
            fact_rows.append(facts_line(entry, f, numeric, categorical))
        print(rows[-1], file=sys.stderr)
        print("   %s: %.1f s" % (label, time.perf_counter() - start), file=sys.stderr)

    command = "/work/devtools-venv/bin/python dev/sklearn_baselines.py"
    if args.seed != 42:
        command += " --seed %d" % args.seed
    if args.tables:
        command += " --tables %s" % args.tables
    text = "\n".join([
        "# scikit-learn at its defaults on nn_pure's split",
        "",
        "Made by `%s` (scikit-learn %s, NumPy %s, one BLAS thread)." % (
            command, sklearn.__version__, np.__version__),
        "The docstring of dev/sklearn_baselines.py says exactly what is fitted.",
        "",
        "Split: nn_pure's `split_indices(targets, 0.2, 0.2, RNG(%d), stratify)` after dropping "
        "rows whose target is missing (the count in brackets); train/val/test rows. "
        "Features: numeric + categorical columns used (ID columns left out; \"-COL\" after a "
        "file name: COL left out too). "
        "Scores are on the test rows: accuracy, or R^2. \"it.\" is the iterations "
        "(epochs) the MLP ran. The baseline answers the train rows' most frequent class "
        "or their mean. The last column fits MLPRegressor on a standardized target "
        "(TransformedTargetRegressor), as nn_pure does. For reference, the linear model "
        "is the same preprocessing then LogisticRegression(max_iter=10000) or Ridge() at "
        "their defaults." % args.seed,
        "",
        "| table | task (classes) | target | rows train/val/test | features num + cat "
        "| baseline | sklearn fit on train | sklearn fit on train+val "
        "| regression, target standardized (train+val) | linear model (train+val) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ] + rows + [
        "",
        "## What nn_pure must handle in each file",
        "",
        "Categorical: feature columns with a cell that is neither missing nor a number "
        "(distinct values). IDs: one distinct value per row (words, or whole numbers). "
        "Missing spellings counted: %s." % ", ".join('"%s"' % s for s in MISSING),
        "",
        "| table | categorical columns | ID columns | missing cells by spelling "
        "| spellings that are NOT missing here |",
        "| --- | --- | --- | --- | --- |",
    ] + fact_rows) + "\n"
    print(text)
    with open(args.out, "w", encoding="utf-8", newline="") as out:
        out.write(text)


if __name__ == "__main__":
    main()
