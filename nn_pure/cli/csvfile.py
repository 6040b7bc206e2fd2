"""Reading a CSV file into rows of numbers, with errors that point at the bad cell.

The file has a header row.  For training, one column is the target (numbers
or class names) and every other column is a numeric feature.  For
prediction, the columns are matched to a model's features by name, so their
order does not matter.  Every problem is a ValueError naming the file, the
line and the column, and saying what to do.

Command-line side: it uses the `csv` module, which MicroPython lacks, so the
core never imports it.

Glossary: cells the strings of one row; line the 1-based line number in the
file (the header is line 1); target the column to predict.
"""
import csv
import io
import math

from nn_pure.checks import NNPureError
from nn_pure.cli.outputs import read_text

# With no --task, a numeric target with more distinct values than this (or any
# fractional value) is treated as a regression target; otherwise as classes.
MAX_CLASSES_FOR_NUMBERS = 10



class Table:
    """A training table: feature_names, rows (lists of floats), and the target column.

    targets holds the target cells as text; lines the file line of each row.
    """

    def __init__(self, path, feature_names, rows, target_name, targets, lines):
        self.path, self.feature_names, self.rows = path, feature_names, rows
        self.target_name, self.targets, self.lines = target_name, targets, lines


def read_table(path, target):
    """Read a training CSV: every column but `target` must hold numbers."""
    header, records = read_csv(path)
    if target not in header:
        raise NNPureError("%s has no column %r; its columns are %s; pass one of them as --target"
                         % (path, target, ", ".join(header)))
    target_index = header.index(target)
    feature_names = [name for name in header if name != target]
    if not feature_names:
        raise NNPureError("%s has only the target column %r; add at least one feature column"
                         % (path, target))
    rows, targets, lines = [], [], []
    for line, cells in records:
        row = []
        for name, cell in zip(header, cells):
            if name != target:
                row.append(parse_number(path, line, name, cell))
        if cells[target_index] == "":
            raise NNPureError("%s, line %d, column %r: the target is empty; fill it in or remove "
                             "the row" % (path, line, target))
        rows.append(row)
        targets.append(cells[target_index])
        lines.append(line)
    return Table(path, feature_names, rows, target, targets, lines)


def read_features(path, feature_names, target=None):
    """Read a CSV for prediction; return (rows, target cells or None).

    Columns are found by name.  A column the model does not know is an error
    (it may be a misspelling), except the model's own target column, which is
    returned so that predictions can be compared with it.
    """
    header, records = read_csv(path)
    missing = [name for name in feature_names if name not in header]
    if missing:
        raise NNPureError("%s lacks the column(s) %s that the model was trained on; its columns "
                         "are %s" % (path, ", ".join(missing), ", ".join(header)))
    extra = [name for name in header if name not in feature_names and name != target]
    if extra:
        raise NNPureError("%s has column(s) %s that the model does not use; the model expects "
                         "%s (and optionally %r); remove the others"
                         % (path, ", ".join(extra), ", ".join(feature_names), target))
    positions = [header.index(name) for name in feature_names]
    rows = []
    for line, cells in records:
        rows.append([parse_number(path, line, header[p], cells[p]) for p in positions])
    targets = None
    if target in header:
        targets = [cells[header.index(target)] for _, cells in records]
    return rows, targets


def read_csv(path):
    """Return (header, [(line, cells), ...]) with cells stripped, checked rectangular."""
    reader = csv.reader(io.StringIO(read_text(path, "a CSV file"), newline=""))
    lines = []
    try:
        for cells in reader:
            lines.append((reader.line_num, cells))
    except csv.Error as error:
        raise NNPureError("%s, line %d: not valid CSV (%s)" % (path, reader.line_num, error))
    # Blank lines (often one at the end) carry nothing; skip them.
    lines = [(line, [cell.strip() for cell in cells]) for line, cells in lines
             if any(cell.strip() for cell in cells)]
    if not lines:
        raise NNPureError("%s is empty; it needs a header row of column names and rows of data"
                         % path)
    header_line, header = lines[0]
    for i, name in enumerate(header):
        if name == "":
            raise NNPureError("%s, line %d: column %d has no name; every column needs a name in "
                             "the header row" % (path, header_line, i + 1))
        if name in header[:i]:
            raise NNPureError("%s, line %d: the column name %r appears twice; rename one"
                             % (path, header_line, name))
    records = lines[1:]
    if not records:
        raise NNPureError("%s has a header row but no data rows" % path)
    for line, cells in records:
        if len(cells) != len(header):
            raise NNPureError("%s, line %d: %d cells but the header has %d columns; every row "
                             "needs one cell per column" % (path, line, len(cells), len(header)))
    return header, records


def parse_number(path, line, column, cell):
    """Return cell as a float, or raise an error pointing at it (path and line; line None
    for a cell that is not in a file, such as one of predict's --values)."""
    where = path if line is None else "%s, line %d" % (path, line)
    if cell == "":
        raise NNPureError("%s, column %r: the cell is empty; fill it in or remove the row"
                          % (where, column))
    value = decimal(cell)
    if value is None:
        if cell.lower().lstrip("+-") in ("nan", "inf", "infinity"):
            raise NNPureError("%s, column %r: %r is not a finite number; replace it or remove "
                              "the row" % (where, column, cell))
        raise NNPureError("%s, column %r: %r is not a number; write numbers as decimals such "
                          "as -1.5 or 2e-3" % (where, column, cell))
    if not math.isfinite(value):
        raise NNPureError("%s, column %r: %r is beyond the largest number nn_pure holds "
                          "(about 1.8e308); rescale the column" % (where, column, cell))
    return value


def decimal(cell):
    """Return the float that the decimal number in cell spells, or None if it spells none.

    A decimal number is a sign, digits, a point and an exponent, as in -1.5e3
    (surrounding spaces are stripped before).  That is not Python's float()
    syntax, which also takes 5_1 (as 51), "infinity", "nan" and digits of other
    scripts: a cell holding those is a mistake to point at, not a number to guess.
    >>> decimal("-1.5e3"), decimal(".5"), decimal("5_1"), decimal("0x10"), decimal("nan")
    (-1500.0, 0.5, None, None, None)
    """
    mantissa, exponent = cell, None
    for e in "eE":
        if e in cell:
            mantissa, _, exponent = cell.partition(e)
            break
    whole, _, fraction = _unsigned(mantissa).partition(".")
    if not (whole or fraction) or not (_digits(whole) and _digits(fraction)):
        return None
    if exponent is not None and not (_unsigned(exponent) and _digits(_unsigned(exponent))):
        return None
    return float(cell)


def _unsigned(text):
    """text without one leading sign."""
    return text[1:] if text[:1] in ("+", "-") else text


def _digits(text):
    """True if text is empty or only the digits 0-9 (str.isdigit also takes other scripts')."""
    return text.strip("0123456789") == ""


def choose_task(table, task=None):
    """Return (task, targets): the task, and the targets as class names or as numbers.

    task None decides from the values: numbers that are fractional or take more
    than MAX_CLASSES_FOR_NUMBERS distinct values mean regression; anything
    else (names, or a few whole numbers) means classes.
    """
    numbers = None
    if all(_looks_numeric(cell) for cell in table.targets):
        # Decimal numbers, or mistakes such as 5_1 or nan that the core would also read
        # as numbers (class 5_1 would become 51): parse_number refuses the mistakes.
        numbers = [parse_number(table.path, line, table.target_name, cell)
                   for line, cell in zip(table.lines, table.targets)]
    elif task == "regression":
        for line, cell in zip(table.lines, table.targets):
            if not _looks_numeric(cell):
                raise NNPureError("%s, line %d, column %r: %r is not a number, so it cannot be "
                                  "a regression target; use --task classification"
                                  % (table.path, line, table.target_name, cell))
    if task is None:
        task = "classification"
        if numbers is not None and (len(set(numbers)) > MAX_CLASSES_FOR_NUMBERS
                                    or any(v != int(v) for v in numbers)):
            task = "regression"
    if task == "regression":
        return task, numbers
    if len(set(numbers or table.targets)) < 2:
        raise NNPureError("%s: every row's %r is %r, so there is only one class; a classifier "
                         "needs at least two" % (table.path, table.target_name, table.targets[0]))
    return task, table.targets


def _looks_numeric(cell):
    """True if float() takes cell: a decimal number, or Python-only syntax like 5_1 or inf."""
    try:
        float(cell)
    except ValueError:
        return False
    return True
