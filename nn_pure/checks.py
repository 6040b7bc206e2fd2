"""Input checks for nn_pure's public entry points.

Pure Python fails late and obscurely on bad data: a NaN silently poisons every
weight, a short row raises IndexError three calls deep.  So constructors,
`forward` and `train` check what they are given here, once, and raise an error
that names the function, what it got, what it expected and how to fix it.
Internal calls trust their inputs and stay fast.

NNPureError means a bad value, shape or file; TypeError the wrong kind of thing.
`where` is the name of the calling function, e.g. "NeuralNetwork.train()".
"""
from math import isfinite


class NNPureError(ValueError):
    """A mistake in what nn_pure was given: a value, a shape, a file or a flag.

    A subclass of ValueError, as statistics.StatisticsError is, so code that
    catches ValueError keeps working.  The command-line programs catch this
    (and OSError) only: any other exception is a bug in nn_pure, and keeps its
    traceback for the bug report.
    """


class TrainingDiverged(NNPureError):
    """The loss or the gradients stopped being finite numbers: training diverged.

    Its own class so that a caller can add what it knows of the cause: the
    command line names the model file a resumed run went on from.
    """


def check_number(where, name, x):
    """Return x as a float, or raise if it is not a finite real number."""
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        raise TypeError("%s: %s must be a number, got %s %r"
                        % (where, name, type(x).__name__, x))
    try:
        value = float(x)
    except OverflowError:       # an int past the largest float, such as 10**400 (CPython;
        value = float("inf")    # MicroPython's float() gives inf)
    if not isfinite(value) and isinstance(x, int):      # not printed: it may be huge
        raise NNPureError("%s: %s is an integer past the largest float (about 1.8e308); "
                          "scale it down" % (where, name))
    if not isfinite(value):
        raise NNPureError("%s: %s is %r; values must be finite, so remove or replace "
                         "NaN and infinite values" % (where, name, x))
    return value


def check_vector(where, name, v, length=None):
    """Return v as a list of floats (v itself, if it already is one), or raise if it
    is not a sequence of finite numbers."""
    if not isinstance(v, (list, tuple)):
        raise TypeError("%s: %s must be a list of numbers, got %s %r"
                        % (where, name, type(v).__name__, v))
    if length is not None and len(v) != length:
        raise NNPureError("%s: %s has %d values but %d are expected; pass one value per input"
                         % (where, name, len(v), length))
    if _usual_rows([v], len(v)) == 1:
        return v
    # Anything else (ints, NaN, strings, a tuple) goes through check_number, one by one.
    return [check_number(where, "%s[%d]" % (name, i), a) for i, a in enumerate(v)]


def _usual_rows(M, width):
    """How many of M's first rows are the usual data: lists of `width` finite floats.

    Such a row needs no conversion and is used as it is (nn_pure never changes
    its inputs), so checking a data set does not copy it.  One pass, with no
    call per row: on PyPy that made checking 10,000 rows of 64 values take
    0.8 ms instead of 1.5 (a call holding a loop is not inlined by its JIT).
    """
    for i, row in enumerate(M):
        if type(row) is not list or len(row) != width:
            return i
        for a in row:
            if type(a) is not float or not isfinite(a):
                return i
    return len(M)


def check_matrix(where, name, M, n_cols=None):
    """Return M as a list of rows of floats, or raise if it is empty, ragged or not finite.

    Rows are samples; every row must have n_cols values (or as many as the first row).
    """
    if not isinstance(M, (list, tuple)):
        raise TypeError("%s: %s must be a list of rows (lists of numbers), got %s"
                        % (where, name, type(M).__name__))
    if len(M) == 0:
        raise NNPureError("%s: %s is empty; pass at least one row" % (where, name))
    if n_cols is None:
        if not isinstance(M[0], (list, tuple)):
            raise TypeError("%s: %s[0] must be a list of numbers, got %s %r"
                            % (where, name, type(M[0]).__name__, M[0]))
        n_cols = len(M[0])
    usual = _usual_rows(M, n_cols)
    rows = M[:usual] if type(M) is list else list(M[:usual])    # the usual rows, as they are
    for i in range(usual, len(M)):
        row = M[i]
        if isinstance(row, (list, tuple)) and len(row) != n_cols:
            raise NNPureError("%s: %s[%d] has %d values but %d are expected; every row "
                             "needs one value per column" % (where, name, i, len(row), n_cols))
        rows.append(check_vector(where, "%s[%d]" % (name, i), row))
    return rows


def check_choice(where, name, value, choices):
    """Return value, or raise unless it is one of the names in choices (a registry such as
    LOSSES, or a tuple)."""
    if isinstance(value, str) and value in choices:
        return value
    raise NNPureError("%s: %s is %r; choose one of %s"
                      % (where, name, value, ", ".join(repr(c) for c in sorted(choices))))


def check_same_length(where, name_a, a, name_b, b):
    """Raise unless the sequences a and b are equally long (one label per sample)."""
    if len(a) != len(b):
        raise NNPureError("%s: %s has %d rows but %s has %d; pass one label per sample"
                         % (where, name_a, len(a), name_b, len(b)))


def check_positive(where, name, x):
    """Return x as a float, or raise unless it is a finite number above zero."""
    x = check_number(where, name, x)
    if x <= 0.0:
        raise NNPureError("%s: %s is %r but must be positive; try a small value such as 0.1"
                         % (where, name, x))
    return x


def check_count(where, name, n, minimum=0):
    """Return n, or raise unless it is a whole number >= minimum."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError("%s: %s must be a whole number, got %s %r"
                        % (where, name, type(n).__name__, n))
    if n < minimum:
        raise NNPureError("%s: %s is %d but must be at least %d" % (where, name, n, minimum))
    return n


def check_finite_loss(where, loss, step, learn_rate, weight_decay=0.0):
    """Stop a run whose loss has stopped being a finite number, and say why.

    The suggested rate is a tenth of the one that diverged, but at most 0.01:
    a tenth of an absurd rate such as 1e308 would be absurd too.  A run with
    weight decay is told of it too: the decay also moves every weight.

    >>> try:
    ...     check_finite_loss("f()", float("inf"), 3, 1e308)
    ... except NNPureError as error:
    ...     print(str(error).split("; ")[1])
    training diverged, so lower the learning rate (try 0.01)
    """
    if not isfinite(loss):
        suggestion = learn_rate / 10.0
        if suggestion > 0.01:
            suggestion = 0.01
        decay, or_decay = "", ""
        if weight_decay:
            decay, or_decay = " and weight_decay %r" % weight_decay, " or the weight decay"
        raise TrainingDiverged("%s: the loss became %r at step %d with learn_rate %r%s; "
                               "training diverged, so lower the learning rate (try %r)%s"
                               % (where, loss, step, learn_rate, decay, suggestion, or_decay))
