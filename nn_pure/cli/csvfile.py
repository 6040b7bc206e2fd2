"""Reading a CSV table as people export it: the header, the rows, and the cell that is wrong.

The file has a header row (its delimiter found from it: a comma, semicolon
or tab).  For training, read_table() takes one column as the target and the
others as features: numbers, or words (categories, one-hot encoded by
nn_pure.encode), with missing cells (nn_pure.encode.MISSING: blank, NA,
N/A, NaN, null, ?...) filled in from the training rows.  Rows with no
target are left out.  pandas' unnamed index, a first column with an empty
header and whole numbers increasing down the file (0, 1, 2, ..., or with
gaps after sampling), is left out with a notice.  Which of the other
columns become features (not row numbers, IDs or empty columns), and the
message listing every problem at once, are nn_pure.cli.csvcolumns's.
choose_task() then decides between classes and regression from the target.
The file is read row by row, keeping only numbers and category strings
(each distinct string once), never the whole text.

For prediction, read_features() matches the columns to a model's features
by name, so their order does not matter, and columns the model does not use
are ignored.

Command-line side: it uses the `csv` module, which MicroPython lacks, so the
core never imports it.

Glossary: cells the strings of one row; line the 1-based line number in the
file (the header is line 1); target the column to predict; a raw cell is None
(missing), a float or a category string.
"""
import csv
import math

from nn_pure.checks import NNPureError
from nn_pure.cli.csvcolumns import Column, choose_columns, delimiter_hint, looks_numeric, \
    parse_number, problem_report, unknown_column
from nn_pure.cli.outputs import open_text
from nn_pure.encode import parse_cell

# With no --task, a numeric target with more distinct values than this (or any
# fractional value) is treated as a regression target; otherwise as classes.
MAX_CLASSES_FOR_NUMBERS = 10

# The separators a file is checked for, when --delimiter is not given: the one its
# header row holds most often (outside quotes) wins; a tie or none means a comma.
DELIMITERS = (",", ";", "\t")


def delimiter_flag(text):
    """The separator a --delimiter flag names (None: found from the header), or raise."""
    if text is None:
        return None
    delimiter = {"tab": "\t", "\\t": "\t"}.get(text, text)
    if delimiter not in (",", ";", "\t", "|"):
        raise NNPureError("--delimiter is %r; give , or ; or tab or |" % text)
    return delimiter


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
        for n, name in enumerate(names):
            if name in names[:n]:
                problems.append("%s names %r twice; give each column once" % (flag, name))
            elif name not in header:
                problems.append("%s names %s" % (flag, unknown_column(path, name, header)))
            elif name == target:
                problems.append("%s names %r, the target; the target cannot be a feature"
                                % (flag, name))
    if features and ignore:
        problems.append("--features and --ignore: give one or the other")
    for name in categorical:
        if name in ignore:
            problems.append("--categorical names %r, which --ignore leaves out; give it to one "
                            "of the two" % name)

    chosen = [name for name in header if name != target and name not in ignore]
    if features:
        chosen = [name for name in header if name in features]
    if index_column and "" in chosen and "" not in features:
        chosen.remove("")
    columns = [Column(name, header.index(name)) for name in chosen]
    target_index = header.index(target)
    rows, targets, lines = [], [], []
    dropped = 0
    target_strings = {}
    index_values = Column("", 0) if index_column else None
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
    kept, column_problems, column_notices = choose_columns(
        columns, rows, dropped, features=features, categorical=categorical, missing=missing)
    problems += column_problems
    notices += column_notices
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
                         "are %s%s" % (path, ", ".join(needed),
                                       ", ".join(h for h in header if h),
                                       delimiter_hint(needed, header)))
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

    record = []         # the raw lines of the record being read, to find an unclosed quote

    def all_lines():
        for text in buffered:
            record.append(text)
            yield text
        for text in lines:
            record.append(text)
            yield text

    reader = csv.reader(all_lines(), delimiter=delimiter)
    header = None
    start = 1           # the line the current record begins on
    try:
        for cells in reader:
            check_quotes(path, start, record, header, cells, delimiter)
            start = reader.line_num + 1
            del record[:]
            cells = [cell.strip() for cell in cells]
            if not any(cells):
                continue        # blank lines (often one at the end) carry nothing
            if header is None:
                header = cells
            yield reader.line_num, cells
    except csv.Error as error:
        hint = ("; a cell this long is usually a quote left open, or a file that is not CSV"
                if "field limit" in str(error) else "")
        raise NNPureError("%s, line %d: not valid CSV (%s)%s"
                          % (path, reader.line_num, error, hint))
    if header is None:
        raise NNPureError("%s is empty; it needs a header row of column names and rows of data"
                          % path)


def check_quotes(path, line, record, header, cells, delimiter):
    """Raise if a quote in the record (its raw lines) opens a cell and never closes.

    A quote that opens and never closes makes the csv module read on to the end
    of the file as one cell: without this check the rest of the file would
    become one strange class name or number, and the error would blame that.
    Quotes come in pairs unless one is a plain character in an unquoted cell
    (5'11" is a height) or one is left open, so only a record with an odd
    number is read again, strictly: the csv module then says whether the file
    ended inside a quoted cell.
    """
    if "".join(record).count('"') % 2 == 0:
        return
    try:
        for _ in csv.reader(record, delimiter=delimiter, strict=True):
            pass
        return                          # every quote closed, or a plain character
    except csv.Error as error:
        if "unexpected end of data" not in str(error):
            return                      # another oddity, which the lenient reading took
    column = len(cells) - 1             # the open cell swallowed the rest: it is the last
    name = (repr(header[column]) if header is not None and column < len(header)
            else "%d" % (column + 1))
    raise NNPureError("%s, line %d, column %s: a quote opens and never closes, so %s was "
                      "read into this cell; close the quote or remove it"
                      % (path, line, name, "every line after it" if len(record) > 1
                         else "the rest of the line"))


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


def choose_task(table, task=None):
    """Return (task, targets): the task, and the targets as class names or as numbers.

    task None decides from the values: numbers that are fractional or take more
    than MAX_CLASSES_FOR_NUMBERS distinct values mean regression; anything
    else (names, or a few whole numbers) means classes.
    """
    numbers = None
    if all(looks_numeric(cell) for cell in table.targets):
        # Decimal numbers, or mistakes such as 5_1 or nan that the core would also read
        # as numbers (class 5_1 would become 51): parse_number refuses the mistakes.
        numbers = [parse_number(table.path, line, table.target_name, cell)
                   for line, cell in zip(table.lines, table.targets)]
    elif task == "regression":
        for line, cell in zip(table.lines, table.targets):
            if not looks_numeric(cell):
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
