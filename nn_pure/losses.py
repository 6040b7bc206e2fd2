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

Each loss is a class that owns everything about itself: its forward and
backward passes, how a model's raw outputs become an answer (predictions, and
probabilities for a classifier), what its targets must look like, and its
name in model files and on the command line (`LOSSES`, at the end).  A model
and the programs ask the loss; none of them needs to know which one it is.

Glossary: n samples in a batch, z one row of logits, y a class index,
p a row of probabilities, m = max(z).
"""
from math import exp, log

from nn_pure.activations import sigmoid
from nn_pure.checks import NNPureError, check_matrix, check_same_length, check_vector
from nn_pure.matrix import argmax_rows
from nn_pure.regression_metrics import check_values


def mse_loss(y_true, y_pred):
    """Return the mean of (y_true - y_pred)^2 over the samples.

    The tutorial's example: labels 1, 0, 0, 1 against predictions of all 0.
    >>> mse_loss([1, 0, 0, 1], [0, 0, 0, 0])
    0.5
    """
    y_true, y_pred = check_values("mse_loss()", y_true, y_pred)
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

    class_weights, if set (one number w_c per class), weights each row's term
    by w_y, still dividing by n: class_weight='balanced' (fitting.py's fit_pipeline).
    """
    name = "softmax"                    # in model files and for --loss
    task = "classification"
    class_weights = None

    def check_outputs(self, where, n_outputs):
        """Raise unless a model with n_outputs outputs can use this loss: one per class."""
        if n_outputs < 2:
            raise NNPureError("%s: loss='softmax' needs at least two classes, but the last "
                              "layer has %d output(s); give it one output per class"
                              % (where, n_outputs))

    def n_classes(self, n_outputs):
        return n_outputs

    def n_outputs(self, where, n_classes):
        """The last layer's width for n_classes classes: one logit each."""
        return n_classes

    def check_targets(self, where, y, n_rows, n_outputs):
        """Return y, checked to hold one class index in range(n_outputs) per row."""
        check_labels(where, y, n_rows, n_outputs)
        return y

    def probabilities(self, logits):
        """Return each row's class probabilities: the softmax of its logits."""
        return log_sum_exp_and_softmax(logits)[1]

    def predictions(self, outputs):
        """Return each row's most likely class: its largest logit."""
        return argmax_rows(outputs)

    def last_predictions(self):
        """Return predictions for the rows of the last forward(), from its probabilities."""
        return argmax_rows(self.probs)

    def forward(self, logits, labels):
        where = "SoftmaxCrossEntropy.forward()"
        if not logits:
            raise NNPureError("%s: the batch is empty; pass at least one row of logits" % where)
        check_labels(where, labels, len(logits), len(logits[0]))
        return self.forward_unchecked(logits, labels)

    def forward_unchecked(self, logits, labels):
        # forward() without its checks: an MLP checked the labels with its data.
        log_sum_exps, self.probs = log_sum_exp_and_softmax(logits)
        self.labels = labels
        total = 0.0
        weights = self.class_weights
        for log_sum_exp, z, y in zip(log_sum_exps, logits, labels):
            if weights is None:
                total += log_sum_exp - z[y]                # -log p_y = log sum_j e^(z_j) - z_y
            else:
                total += weights[y] * (log_sum_exp - z[y])
        return total / len(logits)                         # the mean over the batch

    def backward(self):
        n = len(self.probs)
        weights = self.class_weights                       # looked up once, as in forward
        dlogits = []
        for p, y in zip(self.probs, self.labels):
            d = []                                         # a loop, for the reason given
            for p_j in p:                                  # in log_sum_exp_and_softmax
                d.append(p_j / n)
            d[y] -= 1.0 / n                                # (p - onehot(y)) / n
            if weights is not None:                        # times w_y, when classes are weighted
                w = weights[y]
                d = [w * d_j for d_j in d]
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
    name = "mse"
    task = "regression"

    def n_outputs(self, where, n_classes):
        """The last layer's width: one predicted number (n_classes is None for regression)."""
        return 1

    def check_outputs(self, where, n_outputs):
        """Raise unless the model predicts one number per row (what a target column holds)."""
        if n_outputs != 1:
            raise NNPureError("%s: loss='mse' predicts one number, but the last layer has %d "
                              "outputs; end the layer sizes with 1" % (where, n_outputs))

    def check_targets(self, where, y, n_rows, n_outputs):
        """Return y (one finite number per row) as the rows of one target that forward takes."""
        y = check_vector(where, "y", y)
        check_same_length(where, "X", [None] * n_rows, "y", y)
        return [[t] for t in y]

    def predictions(self, outputs):
        """Return each row's predicted value: its one output."""
        return [row[0] for row in outputs]

    def last_predictions(self):
        return self.predictions(self.Y_pred)

    def forward(self, Y_pred, Y_true):
        where = "MSE.forward()"
        check_same_length(where, "Y_pred", Y_pred, "Y_true", Y_true)
        if not Y_pred:
            raise NNPureError("%s: the batch is empty; pass at least one row" % where)
        for pred_row, true_row in zip(Y_pred, Y_true):
            if len(pred_row) != len(true_row):
                raise NNPureError("%s: a prediction has %d values but its target has %d; give "
                                 "one target per output" % (where, len(pred_row), len(true_row)))
        return self.forward_unchecked(Y_pred, Y_true)

    def forward_unchecked(self, Y_pred, Y_true):
        # forward() without its checks: an MLP checked the targets with its data.
        total = 0.0
        for pred_row, true_row in zip(Y_pred, Y_true):
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


class BinaryCrossEntropy:
    """Cross-entropy on one sigmoid output: the natural loss for a yes/no answer.

    The model's one output z per row is a logit; p = sigmoid(z) is the
    probability of class 1 (Tutorial A's "female") and 1 - p that of class 0.

    forward(Z, labels) = (1/n) sum_s -[y log p + (1 - y) log(1 - p)]
                       = (1/n) sum_s  max(z, 0) - y z + log(1 + e^(-|z|))
    backward()         = (sigmoid(z) - y) / n                   (dL/dz)

    The second form is the same number, computed from the logit: it never
    takes the log of 0 and never exponentiates anything above 0, so a logit
    of +-1000 costs exactly 1000 or 0.  (MicroPython has no log1p, so the last
    term is log(1 + e^(-|z|)); its absolute error stays below 1e-16.)
    Softmax over two logits [0, z] gives the same probabilities: this is the
    two-class softmax with one output fewer.
    >>> loss = BinaryCrossEntropy()
    >>> round(loss.forward([[0.0], [2.0]], [1, 0]), 6)     # (log 2 + 2.126928) / 2
    1.410038
    >>> [[round(g, 6) for g in row] for row in loss.backward()]
    [[-0.25], [0.440399]]
    >>> loss.forward([[-1000.0]], [1]), loss.forward([[1000.0]], [1])
    (1000.0, 0.0)
    """
    name = "binary-cross-entropy"
    task = "classification"
    class_weights = None                # as SoftmaxCrossEntropy's: w_y times each row's term

    def check_outputs(self, where, n_outputs):
        """Raise unless the model has the one output whose sigmoid is p(class 1)."""
        if n_outputs != 1:
            raise NNPureError("%s: binary cross-entropy needs one output (the logit of class "
                              "1), but the last layer has %d; end the layer sizes with 1, or "
                              "use the softmax loss for more classes" % (where, n_outputs))

    def n_classes(self, n_outputs):
        return 2

    def n_outputs(self, where, n_classes):
        """The last layer's width for n_classes classes: 1, which needs exactly two."""
        if n_classes != 2:
            raise NNPureError("%s: binary cross-entropy tells two classes apart, but the target "
                              "has %d; use the softmax loss" % (where, n_classes))
        return 1

    def check_targets(self, where, y, n_rows, n_outputs):
        """Return y, checked to hold one class index, 0 or 1, per row."""
        check_labels(where, y, n_rows, 2)
        return y

    def probabilities(self, outputs):
        """Return each row's [1 - p, p], with p = sigmoid(z)."""
        probs = []
        for (z,) in outputs:
            p = sigmoid(z)
            probs.append([1.0 - p, p])
        return probs

    def predictions(self, outputs):
        """Return 1 where p > 1/2, that is z > 0, else 0 (a tie goes to class 0, as argmax)."""
        return [1 if row[0] > 0.0 else 0 for row in outputs]

    def last_predictions(self):
        return self.predictions(self.outputs)

    def forward(self, outputs, labels):
        where = "BinaryCrossEntropy.forward()"
        if not outputs:
            raise NNPureError("%s: the batch is empty; pass at least one row" % where)
        check_labels(where, labels, len(outputs), 2)
        return self.forward_unchecked(outputs, labels)

    def forward_unchecked(self, outputs, labels):
        # forward() without its checks: an MLP checked the labels with its data.
        self.outputs, self.labels = outputs, labels
        total = 0.0
        weights = self.class_weights
        for (z,), y in zip(outputs, labels):
            term = (z if z > 0.0 else 0.0) - y * z + log(1.0 + exp(-abs(z)))
            total += term if weights is None else weights[y] * term
        return total / len(outputs)

    def backward(self):
        n = len(self.outputs)
        if self.class_weights is None:
            return [[(sigmoid(z) - y) / n] for (z,), y in zip(self.outputs, self.labels)]
        w = self.class_weights
        return [[w[y] * (sigmoid(z) - y) / n] for (z,), y in zip(self.outputs, self.labels)]


# The losses by the name that model files and --loss use.
LOSSES = {loss.name: loss for loss in (SoftmaxCrossEntropy, MSE, BinaryCrossEntropy)}


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
