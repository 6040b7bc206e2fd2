"""Vectors and matrices as plain Python lists, with the loops written out.

A vector is a list of floats; a matrix is a list of rows.  Rows are samples:
a batch X of n samples with k features is n lists of k numbers.

Glossary: a, b vectors; i indexes inputs, j outputs.
"""


def dot(a, b):
    """Return the dot product a . b = a[0]*b[0] + a[1]*b[1] + ...

    The tutorial's neuron: weights [0, 1] against inputs [2, 3].
    >>> dot([0, 1], [2, 3])
    3
    """
    if len(a) != len(b):
        raise ValueError("dot(a, b): a has %d values but b has %d; the vectors must be "
                         "the same length" % (len(a), len(b)))
    total = 0
    for a_i, b_i in zip(a, b):
        total += a_i * b_i
    return total
