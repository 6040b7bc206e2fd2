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
import math

from nn_pure.checks import NNPureError, check_matrix, check_number


class Standardizer:
    """Shift and scale each column to mean 0 and standard deviation 1.

    >>> s = Standardizer.fit([[1.0, 5.0], [3.0, 5.0]])
    >>> s.mean, s.std          # the second column is constant: std 1, not 0
    ([2.0, 5.0], [1.0, 1.0])
    >>> s.transform([[3.0, 5.0]])
    [[1.0, 0.0]]
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
        """Return a Standardizer with each column's mean and (population) std in X."""
        X = check_matrix("Standardizer.fit()", "X", X)
        n = len(X)
        mean = [0.0] * len(X[0])
        for row in X:
            mean = [m + x for m, x in zip(mean, row)]
        mean = [m / n for m in mean]
        # Two passes, sum((x - mean)^2) / n: the one-pass E[x^2] - E[x]^2 cancels
        # catastrophically when the mean is large next to the spread.
        squares = [0.0] * len(X[0])
        for row in X:
            squares = [q + (x - m) * (x - m) for q, x, m in zip(squares, row, mean)]
        # A constant column has std 0; use 1 so it becomes all zeros instead of 0 / 0.
        std = [math.sqrt(q / n) or 1.0 for q in squares]
        return cls(mean, std)

    def transform(self, X):
        """Return X standardized: x' = (x - mean) / std in every column."""
        out = []
        for row in X:
            out.append([(x - m) / s for x, m, s in zip(row, self.mean, self.std)])
        return out

    def transform_value(self, x, j):
        """Standardize one value x of column j."""
        return (x - self.mean[j]) / self.std[j]

    def inverse_value(self, z, j):
        """Undo the standardization of one value of column j: z * std + mean."""
        return z * self.std[j] + self.mean[j]


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
