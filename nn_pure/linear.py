"""The linear (fully connected) layer of Tutorial B:  Y = X W + b.

Forward, for a batch X of n rows with n_in values each:

    Y[s][j] = b[j] + sum_i X[s][i] * W[i][j]          (s a sample, j an output)

W has one row per input i and one column per output j, b one value per output.
Backward, given dY = dL/dY from the layer above:

    dW = X^T dY        dW[i][j] = sum_s X[s][i] * dY[s][j]
    db = column sums   db[j]    = sum_s dY[s][j]
    dX = dY W^T        dX[s][i] = sum_j dY[s][j] * W[i][j]   (passed to the layer below)

dW is shaped like W and db like b, so the update is  W <- W - learn_rate * dW.

Glossary: n_in inputs, n_out outputs, X the input batch (kept for backward),
dY the gradient of the loss with respect to this layer's output.
"""
from nn_pure.checks import NNPureError, check_count, check_number
from nn_pure.matrix import blocked_dots, columns_of
from nn_pure.rng import RNG


class Linear:
    """A layer computing X W + b, with W drawn from a normal distribution and b = 0.

    scale multiplies the standard normal draws: 1.0 is Tutorial B's choice;
    MLP passes init_scale()'s He or Glorot value (activations.py), so that
    deep stacks keep their sums near 1.
    >>> layer = Linear(2, 1)
    >>> layer.W = [[0.5], [-1.0]]; layer.b = [0.25]
    >>> layer.forward([[2.0, 3.0]])           # 0.25 + 2*0.5 + 3*(-1)
    [[-1.75]]
    >>> layer.backward([[1.0]])               # returns dX = dY W^T
    [[0.5, -1.0]]
    >>> layer.dW, layer.db                    # X^T dY and the column sums of dY
    ([[2.0], [3.0]], [1.0])
    """

    def __init__(self, n_in, n_out, rng=None, scale=1.0):
        where = "Linear()"
        self.n_in = check_count(where, "n_in", n_in, 1)
        self.n_out = check_count(where, "n_out", n_out, 1)
        scale = check_number(where, "scale", scale)
        rng = rng if rng is not None else RNG(0)
        self.W = []
        for _ in range(n_in):
            self.W.append([scale * rng.normal() for _ in range(n_out)])
        self.b = [0.0] * n_out
        self.dW = None          # set by backward()
        self.db = None
        self.X = None           # the last input batch, kept for backward()

    def forward(self, X):
        """Return Y = X W + b for a batch X (a list of rows of n_in values)."""
        self._check_width("forward", "X", X, self.n_in, "inputs")
        return self.forward_unchecked(X)

    def forward_unchecked(self, X):
        # forward() without its check, for an MLP, which checked X where it came in.
        # What this computes, the plain way (blocked_dots does the same, faster):
        #     for x in X:  for j:  y_j = b_j;  for i:  y_j += x[i] * W[i][j]
        self.X = X
        return blocked_dots(X, columns_of(self.W), self.b)

    def backward(self, dY, input_gradient=True):
        """Set dW = X^T dY and db = column sums of dY; return dX = dY W^T.

        With input_gradient=False, skip dX and return None: the first layer
        of a network has no layer below it to pass dX to.
        """
        self._check_width("backward", "dY", dY, self.n_out, "outputs")
        if self.X is None or len(self.X) != len(dY):
            raise NNPureError("Linear.backward(): dY has %d rows but the last forward() saw %s; "
                             "call forward() on the same batch first"
                             % (len(dY), "no batch" if self.X is None else "%d" % len(self.X)))
        return self.backward_unchecked(dY, input_gradient)

    def backward_unchecked(self, dY, input_gradient=True):
        # backward() without its checks, for an MLP, whose own layers made dY and X.
        self.dW = self.db = None        # let the last batch's gradients go before making new ones
        # dW[i][j] = sum_s X[s][i] * dY[s][j]: column i of X (input i in every sample)
        # dotted with column j of dY (output j's gradient in every sample).
        dY_columns = columns_of(dY)
        self.dW = blocked_dots(columns_of(self.X), dY_columns)
        self.db = []
        for dY_column in dY_columns:
            db_j = 0.0                      # db[j] = sum_s dY[s][j], added left to right:
            for dy_sj in dY_column:         # not sum(), which compensates its rounding on
                db_j += dy_sj               # CPython 3.12+ and so differs by version
            self.db.append(db_j)
        if not input_gradient:
            return None
        return blocked_dots(dY, self.W)     # dX[s][i] = sum_j dY[s][j] * W[i][j] = dY[s] . W[i]

    def parameters(self):
        """Return [W, b], the lists that an update changes in place."""
        return [self.W, self.b]

    def gradients(self):
        """Return [dW, db], shaped like parameters()."""
        return [self.dW, self.db]

    def _check_width(self, method, name, M, width, what):
        # Cheap enough for every call: lengths only.  Values are checked once, where data
        # enters (MLP and the training functions), not on every pass.
        if not isinstance(M, (list, tuple)) or not M:
            raise NNPureError("Linear.%s(): %s must be a non-empty list of rows" % (method, name))
        for s, row in enumerate(M):
            if len(row) != width:
                raise NNPureError("Linear.%s(): %s[%d] has %d values but this layer has %d %s "
                                 "(it is Linear(%d, %d)); pass rows of %d values"
                                 % (method, name, s, len(row), width, what,
                                    self.n_in, self.n_out, width))
