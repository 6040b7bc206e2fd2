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
    # zip(*B) takes the first value of every row, then the second, ...: B's columns.
    return dots(A, list(zip(*B)))


def dots(rows, columns):
    """Return the matrix whose [i][j] is rows[i] . columns[j], unchecked (the kernel of
    matmul, and of Linear's backward pass, whose inputs are already checked).

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


def transpose(M):
    """Return M^T, whose row j is column j of M.

    >>> transpose([[1, 2, 3], [4, 5, 6]])
    [[1, 4], [2, 5], [3, 6]]
    """
    shape(M)                        # raises unless M is a proper matrix
    # zip(*M) takes the first value of every row, then the second, ...: M's columns.
    return [list(column) for column in zip(*M)]


def argmax(v):
    """Return the index of the largest value in v (the first, if several tie).

    >>> argmax([0.1, 0.7, 0.2])
    1
    """
    if not v:
        raise NNPureError("argmax(): the vector is empty; pass at least one value")
    best = 0
    for j in range(1, len(v)):
        if v[j] > v[best]:
            best = j
    return best
