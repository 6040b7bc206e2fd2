"""The tutorials' small data sets, written out so every run sees the same numbers.

Tutorial A: four people, each described by weight and height, labelled 1 for
female and 0 for male.  The features are shifted to sit near zero (weight in
pounds minus 135, height in inches minus 66), which keeps the sigmoids out of
their flat, slow-learning tails.

Tutorial B: sixteen points with four binary features, split in order into
training, validation and test sets.  And XOR, the classic problem that needs
a hidden layer.

Glossary: X rows of features (one row per sample), y the labels.
"""

# Tutorial A: [weight - 135 lb, height - 66 in] -> 1 female, 0 male.
PEOPLE_NAMES = ["Alice", "Bob", "Charlie", "Diana"]
PEOPLE_X = [[-2.0, -1.0], [25.0, 6.0], [17.0, 4.0], [-15.0, -6.0]]
PEOPLE_Y = [1.0, 0.0, 0.0, 1.0]

# Two people the network never saw, to predict after training.
EMILY = [-7.0, -3.0]    # 128 lb, 63 in: female
FRANK = [20.0, 2.0]     # 155 lb, 68 in: male

# Tutorial B: 16 points with 4 binary features; the label is the third feature.
TOY_X = [[1, 1, 0, 1], [0, 1, 0, 1], [0, 1, 0, 1], [1, 0, 1, 0],
         [0, 1, 1, 0], [1, 0, 1, 1], [0, 0, 0, 0], [1, 1, 1, 0],
         [0, 0, 1, 1], [1, 1, 0, 1], [0, 0, 1, 0], [1, 0, 0, 0],
         [1, 1, 1, 1], [0, 1, 1, 1], [1, 0, 0, 1], [1, 0, 0, 1]]
TOY_Y = [0, 0, 0, 1, 1, 1, 0, 1, 1, 0, 1, 0, 1, 1, 0, 0]


def toy_split():
    """Return Tutorial B's split, in order: rows 0-7 train, 8-11 validate, 12-15 test.

    Each part is a pair (X, y).
    >>> train, val, test = toy_split()
    >>> len(train[0]), len(val[0]), len(test[0]), val[1]
    (8, 4, 4, [1, 0, 1, 0])
    """
    return (TOY_X[:8], TOY_Y[:8]), (TOY_X[8:12], TOY_Y[8:12]), (TOY_X[12:], TOY_Y[12:])


def make_xor(n, rng, noise=0.25):
    """Return (X, y): n noisy points around the corners (+-1, +-1), labelled by XOR.

    Class 1 where the two coordinates have opposite signs, 0 where they agree:
    no straight line separates the classes, so a linear model cannot learn it.
    The corners take turns, so each holds n/4 points.
    >>> from nn_pure.rng import RNG
    >>> X, y = make_xor(8, RNG(0))
    >>> y
    [0, 1, 1, 0, 0, 1, 1, 0]
    """
    corners = [(-1.0, -1.0), (-1.0, 1.0), (1.0, -1.0), (1.0, 1.0)]
    X, y = [], []
    for s in range(n):
        c1, c2 = corners[s % 4]
        X.append([c1 + noise * rng.normal(), c2 + noise * rng.normal()])
        y.append(0 if c1 == c2 else 1)
    return X, y


def xor_split(rng):
    """Return noisy XOR split three ways: train (40 rows), validation (20), test (20).

    Each part is a pair (X, y), all drawn from rng in that order.
    """
    return make_xor(40, rng), make_xor(20, rng), make_xor(20, rng)
