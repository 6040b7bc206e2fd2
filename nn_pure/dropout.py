"""Dropout: a layer that, while training, zeroes a random part of its input.

A network that can lose any hidden unit at any step cannot lean on a few of
them; it spreads what it learns, which regularises it (Srivastava, Hinton et
al., 2014).  It goes between hidden layers, after an activation:

    X -> Linear -> ReLU -> Dropout -> Linear -> ... -> loss

Inverted dropout, as PyTorch and Keras do it: while training, each value is
kept with probability 1 - rate and then divided by 1 - rate, so its expected
value is unchanged; at prediction the layer passes its input through as it is,
and nothing needs rescaling.  (The 2014 paper scales the weights at prediction
instead; the two agree in expectation.)

    forward:   mask[s][j] = 0              with probability rate   (dropped)
                          = 1 / (1 - rate) otherwise               (kept, scaled up)
               Y[s][j] = X[s][j] * mask[s][j]
    backward:  dX[s][j] = dY[s][j] * mask[s][j]      (Y is linear in X, given the mask)

Glossary: rate the probability of dropping a value; X, Y, dY, dX batches
(lists of rows), as in activations.py; s a sample (row), j a unit (column).
"""
from nn_pure.checks import NNPureError, check_number


class Dropout:
    """Inverted dropout with rate `rate`, its masks drawn from the seeded rng.

    training: True (the default) drops; False (for prediction) is the identity.
    fixed_mask: when True, forward reuses self.mask instead of drawing a new one
    (drawing it the first time), so a gradient check sees one fixed function.

    Half the values dropped, the rest doubled:
    >>> from nn_pure.rng import RNG
    >>> layer = Dropout(0.5, RNG(3))
    >>> layer.forward([[1.0, 2.0, 3.0, 4.0]])
    [[0.0, 4.0, 6.0, 0.0]]
    >>> layer.backward([[1.0, 1.0, 1.0, 1.0]])
    [[0.0, 2.0, 2.0, 0.0]]
    >>> layer.training = False                  # prediction: the identity
    >>> layer.forward([[1.0, 2.0, 3.0, 4.0]])
    [[1.0, 2.0, 3.0, 4.0]]
    """

    def __init__(self, rate, rng):
        where = "Dropout()"
        rate = check_number(where, "rate", rate)
        if not 0.0 <= rate < 1.0:
            raise NNPureError("%s: rate is %r but must lie in [0, 1): it is the probability "
                              "of dropping a value; 0.1 to 0.5 is usual, 0 turns dropout off"
                              % (where, rate))
        if not callable(getattr(rng, "random", None)):
            raise TypeError("%s: rng must be nn_pure's seeded RNG (or anything with a "
                            "random() method), got %s; pass RNG(seed)"
                            % (where, type(rng).__name__))
        self.rate = rate
        self.rng = rng
        self.training = True
        self.fixed_mask = False
        self.mask = None            # the last mask drawn (rows of 0.0 and 1 / (1 - rate))
        self._applied = None        # the mask the last forward() used; None if it was the identity

    def forward(self, X):
        """Return X with each value dropped (0) or scaled by 1 / (1 - rate); X itself if
        not training or rate is 0."""
        if not self.training or self.rate == 0.0:
            self._applied = None    # rate 0 draws nothing: a run with it equals one without
            return X
        if self.fixed_mask and self.mask is not None:
            self._check_shape("forward", "X", X, self.mask)
        else:
            self.mask = self._draw(X)
        mask = self.mask
        Y = []
        for x_row, mask_row in zip(X, mask):
            Y.append([x * m for x, m in zip(x_row, mask_row)])
        self._applied = mask
        return Y

    def backward(self, dY):
        """Return dX = dY * mask, the same mask as the last forward(): dropped units get no
        gradient, kept ones their gradient times 1 / (1 - rate)."""
        mask = self._applied
        if mask is None:
            return dY
        self._check_shape("backward", "dY", dY, mask)
        dX = []
        for dy_row, mask_row in zip(dY, mask):
            dX.append([d * m for d, m in zip(dy_row, mask_row)])
        return dX

    def _draw(self, X):
        random, rate = self.rng.random, self.rate
        keep_scale = 1.0 / (1.0 - rate)
        mask = []
        for x_row in X:     # row by row, left to right: one seed, one sequence of masks
            mask.append([0.0 if random() < rate else keep_scale for _ in x_row])
        return mask

    def _check_shape(self, method, name, M, mask):
        if len(M) != len(mask) or any(len(row) != len(mask_row)
                                      for row, mask_row in zip(M, mask)):
            raise NNPureError("Dropout.%s(): %s has %d rows of %d values but the mask has %d "
                              "rows of %d; %s"
                              % (method, name, len(M), len(M[0]) if M else 0, len(mask),
                                 len(mask[0]), "call forward() on this batch first"
                                 if method == "backward" else "fixed_mask is set: set "
                                 "fixed_mask = False (or mask = None) to draw a new mask"))
