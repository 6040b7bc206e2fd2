"""Loss functions: one number saying how wrong the predictions are.

Tutorial A scores its network with the mean squared error

    MSE = (1/n) * sum_s (y_true[s] - y_pred[s])^2

Tutorial B turns each row of scores (logits) z into probabilities with the
softmax, p_j = e^(z_j) / sum_k e^(z_k), and scores the probability p_y given to
the correct class y with the cross-entropy -log p_y, averaged over the batch.

Two numerical traps, both avoided here:
- e^(z_j) overflows for z_j above about 709.  Softmax is unchanged by subtracting
  a constant from every z_j, so we subtract m = max(z) first: every exponent is
  then <= 0 and the largest term is exactly 1.
- log(p_y) fails when p_y underflows to 0.  Written as a log-sum-exp,
  -log p_y = log(sum_j e^(z_j - m)) + m - z_y, it never takes the log of
  anything below 1.

Glossary: n samples in a batch, z one row of logits, y a class index,
p a row of probabilities, m = max(z).
"""
from math import exp, log

from nn_pure.checks import NNPureError, check_matrix, check_same_length, check_vector


def mse_loss(y_true, y_pred):
    """Return the mean of (y_true - y_pred)^2 over the samples.

    The tutorial's example: labels 1, 0, 0, 1 against predictions of all 0.
    >>> mse_loss([1, 0, 0, 1], [0, 0, 0, 0])
    0.5
    """
    y_true = check_vector("mse_loss()", "y_true", y_true)
    y_pred = check_vector("mse_loss()", "y_pred", y_pred)
    check_same_length("mse_loss()", "y_true", y_true, "y_pred", y_pred)
    if not y_true:
        raise NNPureError("mse_loss(): y_true and y_pred are empty; pass at least one sample")
    total = 0.0
    for t, p in zip(y_true, y_pred):
        error = t - p
        total += error * error      # not error ** 2: float ** raises OverflowError, * gives inf
    return total / len(y_true)      # a mean, not a sum: comparable across data sets


def softmax(logits):
    """Return the softmax of one row of logits, or of each row of a batch.

    p_j = e^(z_j - m) / sum_k e^(z_k - m), with m = max(z) so nothing overflows.
    >>> [round(p, 6) for p in softmax([1.0, 2.0, 3.0])]
    [0.090031, 0.244728, 0.665241]
    >>> softmax([[1000.0, -1000.0]])       # e^1000 would overflow; the shift makes it 1
    [[1.0, 0.0]]
    """
    if logits and isinstance(logits[0], (list, tuple)):
        return log_sum_exp_and_softmax(check_matrix("softmax()", "logits", logits))[1]
    z = check_vector("softmax()", "logits", logits)
    if not z:
        raise NNPureError("softmax(): logits is empty; pass one score per class")
    return log_sum_exp_and_softmax([z])[1][0]


def log_sum_exp_and_softmax(logits):
    """Return, for a batch of rows z, the lists of log(sum_j e^(z_j)) and of softmax(z).

    Both shifted by m = max(z), so that no e^x overflows and no log sees 0.
    """
    # Loops rather than comprehensions: on CPython 3.11 and older each comprehension is
    # a function call, and on rows of two or three logits that call is most of the cost.
    log_sum_exps, probs = [], []
    for z in logits:
        m = max(z)
        # The total is added up in the loop, not by sum(): CPython 3.12+'s sum() compensates
        # its rounding, and the same seed must give the same bits on every Python.
        exps = []
        total = 0.0                 # >= 1, since the largest term is e^0
        for z_j in z:
            e = exp(z_j - m)
            exps.append(e)
            total += e
        log_sum_exps.append(log(total) + m)
        p = []
        for e in exps:
            p.append(e / total)
        probs.append(p)
    return log_sum_exps, probs


class SoftmaxCrossEntropy:
    """Softmax followed by cross-entropy, as one layer: Tutorial B's loss, made exact.

    forward(logits, labels) = (1/n) sum_s -log softmax(z_s)[y_s]
    backward()              = (softmax(z) - onehot(y)) / n      (dL/dlogits)

    Tutorial B's code divides by the number of classes instead of the batch
    size, and its indexing broadcasts labels of shape (n, 1), so the loss it
    reports and the gradient it returns are not those of the mean
    cross-entropy.  Here the loss is the true mean, and its gradient is
    checked against finite differences in the tests.
    >>> loss = SoftmaxCrossEntropy()
    >>> round(loss.forward([[2.0, 0.0], [0.0, 0.0]], [0, 1]), 6)   # (0.126928 + 0.693147) / 2
    0.410038
    >>> [[round(g, 6) for g in row] for row in loss.backward()]
    [[-0.059601, 0.059601], [0.25, -0.25]]
    """

    def forward(self, logits, labels):
        where = "SoftmaxCrossEntropy.forward()"
        if not logits:
            raise NNPureError("%s: the batch is empty; pass at least one row of logits" % where)
        check_labels(where, labels, len(logits), len(logits[0]))
        log_sum_exps, self.probs = log_sum_exp_and_softmax(logits)
        self.labels = labels
        total = 0.0
        for log_sum_exp, z, y in zip(log_sum_exps, logits, labels):
            total += log_sum_exp - z[y]                    # -log p_y = log sum_j e^(z_j) - z_y
        return total / len(logits)                         # the mean over the batch

    def backward(self):
        n = len(self.probs)
        dlogits = []
        for p, y in zip(self.probs, self.labels):
            d = []                                         # a loop, for the reason given
            for p_j in p:                                  # in log_sum_exp_and_softmax
                d.append(p_j / n)
            d[y] -= 1.0 / n                                # (p - onehot(y)) / n
            dlogits.append(d)
        return dlogits


class MSE:
    """Mean squared error as a layer, for predictions and targets given as rows.

    forward(Y_pred, Y_true) = (1/n) sum_s sum_j (Y_pred[s][j] - Y_true[s][j])^2
    backward()              = 2 (Y_pred - Y_true) / n                (dL/dY_pred)

    With one output per sample this is Tutorial A's loss.
    >>> loss = MSE()
    >>> loss.forward([[0.0], [0.0], [0.0], [0.0]], [[1.0], [0.0], [0.0], [1.0]])
    0.5
    >>> loss.backward()
    [[-0.5], [0.0], [0.0], [-0.5]]
    """

    def forward(self, Y_pred, Y_true):
        where = "MSE.forward()"
        check_same_length(where, "Y_pred", Y_pred, "Y_true", Y_true)
        if not Y_pred:
            raise NNPureError("%s: the batch is empty; pass at least one row" % where)
        total = 0.0
        for pred_row, true_row in zip(Y_pred, Y_true):
            if len(pred_row) != len(true_row):
                raise NNPureError("%s: a prediction has %d values but its target has %d; give "
                                 "one target per output" % (where, len(pred_row), len(true_row)))
            for p, t in zip(pred_row, true_row):
                error = p - t
                total += error * error      # a diverging run yields inf, caught by the trainer
        self.Y_pred, self.Y_true = Y_pred, Y_true
        return total / len(Y_pred)

    def backward(self):
        scale = 2.0 / len(self.Y_pred)
        dY = []
        for pred_row, true_row in zip(self.Y_pred, self.Y_true):
            dY.append([scale * (p - t) for p, t in zip(pred_row, true_row)])
        return dY


def check_labels(where, labels, n_rows, n_classes):
    """Raise unless labels holds n_rows class indices, each in range(n_classes)."""
    if not isinstance(labels, (list, tuple)):
        raise TypeError("%s: labels must be a list of class indices, got %s"
                        % (where, type(labels).__name__))
    if len(labels) != n_rows:
        raise NNPureError("%s: there are %d rows but %d labels; pass one label per row"
                         % (where, n_rows, len(labels)))
    for y in labels:                # one quick pass; the loop below finds and names a culprit
        if type(y) is not int or not 0 <= y < n_classes:
            break
    else:
        return
    for s, y in enumerate(labels):
        if isinstance(y, bool) or not isinstance(y, int):
            raise TypeError("%s: labels[%d] is %r; labels must be whole numbers (class indices)"
                            % (where, s, y))
        if not 0 <= y < n_classes:
            raise NNPureError("%s: labels[%d] is %d but there are %d classes; labels must be in "
                             "range(%d)" % (where, s, y, n_classes, n_classes))
