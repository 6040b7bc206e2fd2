"""Vectors and matrices as plain Python lists, with the loops written out.

A vector is a list of floats; a matrix is a list of rows, all the same length.
Rows are samples: a batch X of n samples with k features is n lists of k
numbers, and a layer's weights W have one row per input and one column per
output, so that a whole batch goes through a layer as the product X W.

Glossary: a, b vectors; A, B, M matrices; i indexes rows, j columns, k the
inner dimension that a product sums over.
"""
from nn_pure.checks import NNPureError



def dot(a, b):
    """Return the dot product a . b = a[0]*b[0] + a[1]*b[1] + ...

    The tutorial's neuron: weights [0, 1] against inputs [2, 3].
    >>> dot([0, 1], [2, 3])
    3
    """
    if len(a) != len(b):
        raise NNPureError("dot(a, b): a has %d values but b has %d; the vectors must be "
                         "the same length" % (len(a), len(b)))
    total = 0
    for a_k, b_k in zip(a, b):
        total += a_k * b_k
    return total


def shape(M):
    """Return (rows, columns) of the matrix M, or raise if its rows differ in length.

    >>> shape([[1, 2, 3], [4, 5, 6]])
    (2, 3)
    """
    if not isinstance(M, (list, tuple)) or not M or not isinstance(M[0], (list, tuple)):
        raise TypeError("shape(): expected a matrix (a non-empty list of rows), got %r" % (M,))
    n_cols = len(M[0])
    for i, row in enumerate(M):
        if len(row) != n_cols:
            raise NNPureError("the matrix is ragged: row 0 has %d values but row %d has %d; "
                             "every row needs the same number of columns"
                             % (n_cols, i, len(row)))
    return len(M), n_cols


def matmul(A, B):
    """Return the matrix product C = A B, where C[i][j] = sum_k A[i][k] * B[k][j].

    >>> matmul([[1, 2], [3, 4]], [[5, 6], [7, 8]])
    [[19, 22], [43, 50]]
    """
    n, inner = shape(A)
    inner_b, m = shape(B)
    if inner != inner_b:
        raise NNPureError("matmul(A, B): A is %dx%d and B is %dx%d; A's columns (%d) must "
                         "equal B's rows (%d)" % (n, inner, inner_b, m, inner, inner_b))
    return dots(A, columns_of(B))


def dots(rows, columns):
    """Return the matrix whose [i][j] is rows[i] . columns[j], unchecked (the kernel of
    matmul, and the plain reference that blocked_dots must match bit for bit).

    Each sum is added left to right, starting from 0.
    >>> dots([[1, 2], [3, 4]], [[5, 7], [6, 8]])      # the columns of [[5, 6], [7, 8]]
    [[19, 22], [43, 50]]
    """
    M = []
    for row in rows:
        M_row = []
        for column in columns:
            m_ij = 0
            for a, b in zip(row, column):
                m_ij += a * b
            M_row.append(m_ij)
        M.append(M_row)
    return M


def blocked_dots(rows, columns, starts=None):
    """Return the matrix whose [i][j] is starts[j] + rows[i] . columns[j] (starts: zeros
    if None): the numbers dots() gives, bit for bit, in less time.

    The kernel of every layer: Linear's forward pass X W + b (columns: W's
    columns, starts: b), dW = X^T dY and dX = dY W^T.  Unchecked: its callers
    have checked the shapes.
    >>> blocked_dots([[1.0, 2.0]], [[3.0, 4.0]] * 5, [0.5] * 5)    # 0.5 + 1*3 + 2*4
    [[11.5, 11.5, 11.5, 11.5, 11.5]]

    Why it is shaped so: an interpreter's cost is per loop iteration and per
    list access, not per multiply.  dots() pays a trip round the inner loop,
    a zip and a tuple unpacking for every multiply-add; here one trip reads
    rows[i][k] once and feeds four outputs, each kept in its own local, so the
    bookkeeping is paid once per four multiply-adds.  The four columns are
    indexed (column0[k]) rather than zipped with the row: PyPy's zip of five
    lists is several times slower than indexing, and on CPython the two tie.
    The last 1 to 3 outputs, when the width is not a multiple of 4, go one at
    a time, as in dots().

    Every output's sum is still its own: it starts from starts[j] and adds
    rows[i][0] * columns[j][0], then [1], ... left to right, exactly as dots()
    does, so the result is the same to the last bit (floating-point addition is
    not associative, so any other order would change it; tests/test_matrix.py
    checks that it does not).  Measured by dev/speed_before_after.py against
    the unblocked loops (docs/speed.md): an MLP 64-32-10 epoch and its
    predictions take 0.71 and 0.73 of the time on CPython 3.11, 0.74 and 0.79
    on 3.13, 0.92 and 0.94 on 3.6, 0.50 and 0.48 on PyPy, 0.63 and 0.71 on
    MicroPython.  (math.sumprod, CPython 3.12+, is faster still but rounds its sum
    differently, so it would change the bits: never the default.)
    """
    n_columns = len(columns)
    if starts is None:
        starts = [0.0] * n_columns
    n_blocked = n_columns - n_columns % 4
    blocks = []                     # gathered once, used for every row
    for j in range(0, n_blocked, 4):
        blocks.append((columns[j], columns[j + 1], columns[j + 2], columns[j + 3],
                       starts[j], starts[j + 1], starts[j + 2], starts[j + 3]))
    rest = list(zip(columns[n_blocked:], starts[n_blocked:]))
    M = []
    for row in rows:
        M_row = []
        for column0, column1, column2, column3, m0, m1, m2, m3 in blocks:
            for k, a in enumerate(row):         # one trip, four multiply-adds
                m0 += a * column0[k]
                m1 += a * column1[k]
                m2 += a * column2[k]
                m3 += a * column3[k]
            M_row.append(m0)
            M_row.append(m1)
            M_row.append(m2)
            M_row.append(m3)
        for column, m in rest:                  # the remainder, one output at a time
            for a, b in zip(row, column):
                m += a * b
            M_row.append(m)
        M.append(M_row)
    return M


def transpose(M):
    """Return M^T, whose row j is column j of M.

    >>> transpose([[1, 2, 3], [4, 5, 6]])
    [[1, 4], [2, 5], [3, 6]]
    """
    shape(M)                        # raises unless M is a proper matrix
    return columns_of(M)


def columns_of(M):
    """Return the columns of M as lists, unchecked: transpose() for callers that checked M.

    zip(*M) takes the first value of every row, then the second, ...: M's
    columns, as tuples.  They are made lists because blocked_dots() also gets
    lists (a layer's rows and gradients), and PyPy's JIT compiles a loop for
    the kinds of sequence it has seen: fed tuples and lists by turns, it runs
    slower paths.  Measured by the bench's C on PyPy 3.9: an MLP epoch took
    1.9 times the blocked baseline with tuples, and 0.94 with lists (the
    baseline's columns made lists too); on CPython the copies cost nothing
    measurable.

    >>> columns_of([[1, 2, 3], [4, 5, 6]])
    [[1, 4], [2, 5], [3, 6]]
    """
    return [list(column) for column in zip(*M)]


def argmax(v):
    """Return the index of the largest value in v (the first, if several tie).

    >>> argmax([0.1, 0.7, 0.2])
    1
    """
    if not v:
        raise NNPureError("argmax(): the vector is empty; pass at least one value")
    return argmax_rows([v])[0]


def argmax_rows(M):
    """Return argmax of every row of M, unchecked: a class for each sample's scores.

    One loop over the rows, not a call of argmax() per row: PyPy's JIT does not
    inline a call that holds a loop, and for 10,000 rows of 10 the calls took
    5 ms where this takes 1 ms (on CPython the two tie).
    >>> argmax_rows([[0.1, 0.7, 0.2], [3.0, 3.0, 1.0]])       # a tie goes to the first
    [1, 0]
    """
    indices = []
    for v in M:
        best = 0
        for j in range(1, len(v)):
            if v[j] > v[best]:
                best = j
        indices.append(best)
    return indices
