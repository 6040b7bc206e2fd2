"""Raw table cells -> the numbers a network takes: missing values filled, categories one-hot.

A table as people export it holds numbers, words and blank cells.  A network
takes only numbers, so before standardizing, each feature column becomes one
or more numbers:

    numeric column       x         -> x;   missing -> the training rows' median
    categorical column   'Dream'   -> [0, 1, 0]   a 1 at the category's place among
                                                  the training rows' categories, sorted
                         unseen    -> [0, 0, 0]   (and noted in Encoder.unseen)
                         missing   -> the training rows' most frequent category

Everything is learned from the training rows only, so validation and test
rows stay unseen, and stored in the model file, so that predict and an
exported module fill and encode a new row exactly as training did.

Why these choices: the median is what scikit-learn's usual pipeline uses and
is not dragged by outliers; the most frequent category keeps the one-hot
width unchanged (an extra "missing" category would be an input that is all
zeros in every training row with no gaps).  A category seen only at
prediction time is all zeros, not an error: a new product name in next
month's data must not stop the predictions.  Categories are sorted as text,
so the same file always gives the same encoding.

Missing spellings (MISSING): the empty cell and NA, N/A, n/a, NaN, nan, null,
NULL, ?, #N/A.  Not "None" or "none": in real tables they are categories
(no exercise, no airbags, no leaf apex).  Not "-": it is a dash in ratings
and codes as often as a gap.

Glossary: cell one raw value (a float, a string, or None for missing); row a
list of cells in feature order; column one Column; X the encoded rows.
This is a core module: it runs on MicroPython (no csv, no re).
"""
from math import isfinite, isnan

from nn_pure.checks import NNPureError
from nn_pure.classification_metrics import most_frequent

MISSING = ("", "NA", "N/A", "n/a", "NaN", "nan", "null", "NULL", "?", "#N/A")


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


def parse_cell(text):
    """Return a cell's value: None if missing, a float if a decimal number, else the text.

    >>> parse_cell(" 3.5 "), parse_cell("NA"), parse_cell("None"), parse_cell("")
    (3.5, None, 'None', None)
    """
    text = text.strip()
    if text in MISSING:
        return None
    value = decimal(text)
    return text if value is None else value


def category_name(value):
    """The category a cell stands for: its text, or a number written as usual.

    A number in a categorical column names its category by value, so that 4,
    4.0 and 04 are one category in training and at prediction alike.
    >>> category_name(4.0), category_name(2.5), category_name("rotary")
    ('4', '2.5', 'rotary')
    """
    if isinstance(value, str):
        return value
    if value == int(value) and abs(value) < 1e15:
        return "%d" % int(value)       # int() first: MicroPython's %d takes no float
    return repr(value)


def median(values):
    """Return the middle value of the sorted values (the mean of the two middle ones).

    >>> median([3.0, 1.0, 2.0]), median([4.0, 1.0, 2.0, 3.0])
    (2.0, 2.5)
    """
    ordered = sorted(values)
    n = len(ordered)
    middle = n // 2
    if n % 2:
        return ordered[middle]
    return ordered[middle - 1] / 2.0 + ordered[middle] / 2.0   # halves first: no overflow


class Column:
    """One feature column: its name, and how a cell of it becomes numbers.

    categories is None for a numeric column (one input, filled with `fill`,
    the training median), else the sorted category names (one input each,
    missing cells taking `fill`, the most frequent training category).
    """

    def __init__(self, name, categories=None, fill=None):
        self.name = name
        self.categories = None if categories is None else list(categories)
        self.fill = fill
        if self.categories is not None:
            self.index = {}
            for c, category in enumerate(self.categories):
                self.index[category] = c

    @property
    def width(self):
        """How many network inputs this column becomes."""
        return 1 if self.categories is None else len(self.categories)

    def input_names(self):
        """The names of those inputs: the column's, or 'column=category' for each category."""
        if self.categories is None:
            return [self.name]
        return ["%s=%s" % (self.name, category) for category in self.categories]


class Encoder:
    """Fill missing cells and one-hot encode categories, as learned from training rows.

    >>> enc = Encoder.fit(["island", "mass"], [["Dream", 3.0], ["Biscoe", None],
    ...                                        ["Dream", 5.0]])
    >>> enc.columns[0].categories, enc.columns[1].fill
    (['Biscoe', 'Dream'], 4.0)
    >>> enc.transform("example", [["Biscoe", None], [None, "2"], ["Mars", 1]])
    [[1.0, 0.0, 4.0], [0.0, 1.0, 2.0], [0.0, 0.0, 1.0]]
    >>> enc.unseen
    {'island': 'Mars'}
    """

    def __init__(self, columns):
        self.columns = list(columns)
        self.unseen = {}        # column name -> the first unseen category met, for warnings

    @classmethod
    def fit(cls, names, rows, categorical=()):
        """Learn each column's kind, categories and fill value from the (training) rows.

        A column is categorical when it is named in `categorical` or one of its
        cells is text that is not a number; otherwise numeric.
        """
        where = "Encoder.fit()"
        if not rows:
            raise NNPureError("%s: there are no rows to learn from" % where)
        columns = []
        for j, name in enumerate(names):
            cells = []
            for row in rows:
                cell = _clean(row[j])
                if cell is not None:
                    cells.append(cell)
            if not cells:
                raise NNPureError("%s: column %r is missing in every training row; leave it "
                                  "out" % (where, name))
            words = False
            for cell in cells:
                if isinstance(cell, str):
                    words = True
                    break
            if words or name in categorical:
                names_seen = [category_name(cell) for cell in cells]
                columns.append(Column(name, sorted(set(names_seen)), most_frequent(names_seen)))
            else:
                columns.append(Column(name, None, median(cells)))
        return cls(columns)

    @property
    def names(self):
        """The feature columns a raw row holds, in order."""
        return [column.name for column in self.columns]

    @property
    def width(self):
        """How many numbers an encoded row holds: the network's inputs."""
        total = 0
        for column in self.columns:
            total += column.width
        return total

    def input_names(self):
        names = []
        for column in self.columns:
            names += column.input_names()
        return names

    def transform(self, where, rows):
        """Return the rows encoded as lists of floats; note unseen categories in self.unseen.

        A cell may be None (missing), a number, or text (a number or a category,
        as read from a CSV file; the missing spellings count as missing).
        Every bad cell is reported at once, the first per column.
        """
        if not isinstance(rows, (list, tuple)) or not rows:
            raise NNPureError("%s: rows must be a non-empty list of rows" % where)
        n = len(self.columns)
        X = []
        problems = {}
        for s, row in enumerate(rows):
            if not isinstance(row, (list, tuple)) or len(row) != n:
                raise NNPureError("%s: row %d has %s values but the model takes %d: %s"
                                  % (where, s, len(row) if isinstance(row, (list, tuple))
                                     else "no list of", n, ", ".join(self.names)))
            x = []
            for j, (column, raw) in enumerate(zip(self.columns, row)):
                cell = _clean(raw)
                if column.categories is None:
                    if cell is None:
                        x.append(column.fill)
                    elif isinstance(cell, str):
                        if j not in problems:
                            # The cell as read; a number past the float range as 'inf'.
                            problems[j] = (s, raw if isinstance(raw, str) else cell)
                        x.append(0.0)
                    else:
                        x.append(cell)
                    continue
                name = column.fill if cell is None else category_name(cell)
                hot = column.index.get(name)
                if hot is None and column.name not in self.unseen:
                    self.unseen[column.name] = name
                for c in range(len(column.categories)):
                    x.append(1.0 if c == hot else 0.0)
            X.append(x)
        if problems:
            raise NNPureError("%s: %s" % (where, "; ".join(
                "column %r, row %d: %r is not a number, and the model learned numbers there"
                % (self.columns[j].name, problems[j][0], problems[j][1])
                for j in sorted(problems))))
        return X


def _clean(cell):
    """A cell as None (missing), a finite float, or text that is no number nor missing."""
    if cell is None:
        return None
    if isinstance(cell, str):
        return parse_cell(cell)
    if isinstance(cell, bool):
        return float(cell)
    if isinstance(cell, int):
        try:
            cell = float(cell)
        except OverflowError:           # an int past the largest float, such as 10**400
            return "inf"
    if isinstance(cell, float):
        if isnan(cell):
            return None                 # pandas' and many a user's spelling of missing
        if not isfinite(cell):
            return repr(float(cell))    # 'inf': not a number any column can take
        return float(cell)              # a plain float, also from a subclass (numpy's)
    return str(cell)
