"""Getting a table ready to train on: split it, then standardize its features.

Split first, then fit the standardization on the training rows only: the
validation and test rows must stay unseen, or their scores flatter the model.

    x' = (x - mean) / std            (per column; mean and std from training rows)

A network learns fastest when every input is on a similar scale near 0: the
weighted sums then start in the sigmoid's and tanh's steep middle, and no
single column's units dominate the gradient.

Glossary: X rows of features, y the labels or targets, rng the seeded RNG
that shuffles, mean and std one value per column.
"""
from math import frexp, ldexp, sqrt

from nn_pure.checks import NNPureError, check_matrix, check_number


class Standardizer:
    """Shift and scale each column to mean 0 and standard deviation 1.

    >>> s = Standardizer.fit([[1.0, 5.0], [3.0, 5.0]])
    >>> s.mean, s.std          # the second column is constant: std 1, not 0
    ([2.0, 5.0], [1.0, 1.0])
    >>> s.transform([[3.0, 5.0]])
    [[1.0, 0.0]]

    Any finite column works, even one whose squares or sum overflow:
    >>> s = Standardizer.fit([[1e308], [-1e308]])
    >>> s.mean, s.std
    ([0.0], [1e+308])
    """

    def __init__(self, mean, std):
        self.mean = [check_number("Standardizer()", "mean", m) for m in mean]
        self.std = [check_number("Standardizer()", "std", s) for s in std]
        for j, s in enumerate(self.std):
            if s <= 0.0:
                raise NNPureError("Standardizer(): std[%d] is %r; a standard deviation used to "
                                 "divide must be positive" % (j, s))

    @classmethod
    def fit(cls, X):
        """Return a Standardizer with each column's mean and (population) std in X.

            mean = (x_1 + ... + x_n) / n      std = sqrt(((x_1 - mean)^2 + ...) / n)

        A constant column gets std 1, so it becomes all zeros instead of 0 / 0.
        >>> Standardizer.fit([[1.0], [2.0], [3.0], [6.0]]).std     # sqrt(14 / 4)
        [1.8708286933869707]
        """
        X = check_matrix("Standardizer.fit()", "X", X)
        mean, std = [], []
        for j in range(len(X[0])):
            m, s = _mean_std([row[j] for row in X])
            if s == 0.0:
                # Only subnormal columns get here, such as [5e-324, 1e-323]: std 2.5e-324.
                raise NNPureError(
                    "Standardizer.fit(): column %d's standard deviation is below the smallest "
                    "positive float (its values are about %r); multiply the column by a large "
                    "factor such as 1e300 before standardizing, or leave it out" % (j, m))
            mean.append(m)
            std.append(s)
        return cls(mean, std)

    def transform(self, X):
        """Return X standardized: x' = (x - mean) / std in every column."""
        out = []
        for i, row in enumerate(X):
            z = [(x - m) / s for x, m, s in zip(row, self.mean, self.std)]
            # x - mean overflows to inf for columns spanning most of the float range
            # (1e308 - (-1e308)); two C-level calls find such a row quickly.
            if z and (max(z) == _INF or min(z) == -_INF):
                z = [self.transform_value(x, j, i) for j, x in enumerate(row)]
            out.append(z)
        return out

    def transform_value(self, x, j, i=None):
        """Standardize one value x of column j (of row i, which an error names if given)."""
        z = (x - self.mean[j]) / self.std[j]
        if z == _INF or z == -_INF:
            # x - mean may have overflowed (1e308 - (-1e308)): halve both, divide, and
            # double the quotient.  Halving and doubling are exact for numbers this large,
            # so z is what it would be.  (Not "/ (0.5 * std)": a std of 5e-324, the
            # smallest float, would halve to 0 and divide by zero.)
            z = (0.5 * x - 0.5 * self.mean[j]) / self.std[j] * 2.0
            if z == _INF or z == -_INF:
                raise NNPureError(
                    "Standardizer.transform(): the value %r in %scolumn %d is more than the "
                    "largest float of standard deviations (std %r) from the training mean %r, "
                    "far outside the training rows' range; check this value"
                    % (x, "" if i is None else "row %d, " % i, j, self.std[j], self.mean[j]))
        return z

    def inverse_value(self, z, j):
        """Undo the standardization of one value of column j: z * std + mean."""
        x = z * self.std[j] + self.mean[j]
        if x == _INF or x == -_INF:
            # z * std alone can overflow although the result would not (as in
            # transform_value).  Still inf means the value is past the largest float.
            x = 2.0 * (z * (0.5 * self.std[j]) + 0.5 * self.mean[j])
        return x


_INF = float("inf")

# Columns whose largest |x| lies in this range use the plain two-pass formula: their
# squared deviations stay between about 1e-232 and 4e200 and their sums below
# 1e308 for any realistic n, far from underflow and overflow (64-bit floats).
# Read from text at run time: a board with 32-bit floats reads them as 0 and inf (so
# every column takes the plain path there), but as literals they would not freeze into
# its firmware (mpy-tool cannot pack 1e100 as a 32-bit float).
_PLAIN_LOW, _PLAIN_HIGH = float("1e-100"), float("1e100")


def _mean_std(column):
    """Return (mean, std) of a list of finite floats, finite for any finite column.

    Columns outside [1e-100, 1e100] are first scaled by a power of two 2^-e that
    brings their largest |x| into [0.5, 1).  Scaling by a power of two is exact
    (except for values too small next to the largest to change the result), so
    mean = 2^e * mean(x / 2^e) and std = 2^e * std(x / 2^e), and nothing in
    between can overflow (squares of 1e308 would) or underflow (those of 1e-300).
    CPython's statistics module gets the same safety from exact fractions.
    """
    low, high = min(column), max(column)
    if low == high:
        # Constant: the mean is that value exactly.  Adding it up n times and dividing
        # by n can miss it by an ulp (0.1 * 3 / 3 is 0.10000000000000002), which would
        # make std a tiny number instead of 0.
        return low, 1.0
    largest = max(-low, high)
    if _PLAIN_LOW <= largest <= _PLAIN_HIGH:
        return _two_pass(column, low, high)        # ordinary data: no scaling at all
    e = frexp(largest)[1]                          # largest = f * 2^e with 0.5 <= f < 1
    scaled = [ldexp(x, -e) for x in column]
    low, high = ldexp(low, -e), ldexp(high, -e)
    m, s = _two_pass(scaled, low, high)
    # The population std is at most half the range (Popoviciu's inequality), which is
    # at most the largest |x|: the bound keeps rounding from carrying 2^e * std past
    # the largest float.
    s = min(s, 0.5 * (high - low))
    return ldexp(m, e), ldexp(s, e)


def _two_pass(column, low, high):
    """Return (mean, std) of a column of moderate values with low <= x <= high."""
    n = len(column)
    total = 0.0
    for x in column:
        total += x
    mean = total / n
    # The exact mean lies in [low, high]; rounding must not push it past the largest
    # float when the column is scaled back up.
    mean = min(max(mean, low), high)
    # Two passes, sum((x - mean)^2) / n: the one-pass E[x^2] - E[x]^2 cancels
    # catastrophically when the mean is large next to the spread.
    squares = 0.0
    for x in column:
        squares += (x - mean) * (x - mean)
    return mean, sqrt(squares / n)


def split_indices(y, val_fraction, test_fraction, rng, stratify):
    """Return three lists of row indices (train, validation, test), shuffled by rng.

    With stratify, each class is split on its own, so every split keeps the
    class proportions, and every class with at least three rows appears in all
    three splits (fewer raises an error saying so).  Sizes are
    n * fraction rounded half up, at least one row for a fraction above 0.
    >>> from nn_pure.rng import RNG
    >>> train, val, test = split_indices([0] * 6 + [1] * 4, 0.25, 0.25, RNG(0), True)
    >>> len(train), len(val), len(test)
    (4, 3, 3)
    >>> sorted(train + val + test) == list(range(10))
    True
    """
    where = "split_indices()"
    for name, fraction in (("val_fraction", val_fraction), ("test_fraction", test_fraction)):
        fraction = check_number(where, name, fraction)
        if not 0.0 <= fraction < 1.0:
            raise NNPureError("%s: %s is %r; give a fraction from 0 up to (not including) 1, "
                             "such as 0.2" % (where, name, fraction))
    if val_fraction + test_fraction >= 1.0:
        raise NNPureError("%s: val_fraction + test_fraction is %r, which leaves no rows to "
                         "train on; keep their sum below 1" % (where, val_fraction + test_fraction))
    if not y:
        raise NNPureError("%s: there are no rows to split" % where)

    if stratify:
        by_class = {}
        for i, label in enumerate(y):
            by_class.setdefault(label, []).append(i)
        # Visit classes in sorted order: MicroPython's dicts do not keep insertion order.
        groups = [(label, by_class[label]) for label in sorted(by_class)]
    else:
        groups = [(None, list(range(len(y))))]
    needed = 1 + (val_fraction > 0.0) + (test_fraction > 0.0)   # rows for one in each split

    train, val, test = [], [], []
    for label, rows in groups:
        if len(rows) < needed:
            if stratify:
                raise NNPureError(
                    "%s: class %r has only %d row(s), too few to appear in every split; "
                    "a stratified split needs at least %d rows of each class (add rows, or "
                    "set the validation or test fraction to 0)" % (where, label, len(rows), needed))
            raise NNPureError("%s: %d row(s) are too few to split three ways; add rows or set "
                             "the validation or test fraction to 0" % (where, len(rows)))
        rng.shuffle(rows)
        n_test = _part(len(rows), test_fraction)
        n_val = _part(len(rows), val_fraction)
        while n_test + n_val > len(rows) - 1:       # leave at least one row to train on
            if n_test >= n_val:
                n_test -= 1
            else:
                n_val -= 1
        test += rows[:n_test]
        val += rows[n_test:n_test + n_val]
        train += rows[n_test + n_val:]
    return train, val, test


def _part(n, fraction):
    """Rows for a split: n * fraction rounded half up, at least 1 when fraction > 0."""
    if fraction <= 0.0:
        return 0
    return max(1, int(n * fraction + 0.5))      # not round(): it rounds half to even
