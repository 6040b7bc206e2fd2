"""The tutorial's 2-2-1 network, trained by backpropagation written out by hand.

Two inputs x1, x2 feed two hidden sigmoid neurons h1, h2, which feed one
output neuron o1:

    h1 = f(w1*x1 + w2*x2 + b1)
    h2 = f(w3*x1 + w4*x2 + b2)
    o1 = f(w5*h1 + w6*h2 + b3)          y_pred = o1

The loss of one sample is the squared error L = (y_true - y_pred)^2.  Training
is stochastic gradient descent: for each sample in turn, compute the nine
partial derivatives dL/dw1 .. dL/db3 with the chain rule and step every
parameter against its own:  w <- w - learn_rate * dL/dw.

(The same network is a [2, 2, 1] MLP with hidden weight matrix
W = [[w1, w3], [w2, w4]]: row i holds input x_i's weights, column j hidden h_j's.)

Glossary: x = (x1, x2) one sample; y_true its label; sum_h1 the pre-activation
of h1; f_prime_h1 = f'(sum_h1); d_L_d_w1 = dL/dw1; d_ypred_d_h1 = dy_pred/dh1.
"""
from nn_pure.activations import sigmoid
from nn_pure.checks import (NNPureError, check_count, check_matrix, check_number, check_positive,
                            check_same_length, check_vector)
from nn_pure.losses import MSE
from nn_pure.rng import RNG

PARAM_NAMES = ("w1", "w2", "w3", "w4", "w5", "w6", "b1", "b2", "b3")


class NeuralNetwork:
    """The 2-2-1 sigmoid network of Tutorial A, parameters w1..w6 and b1..b3.

    Build it from all nine values, or draw them from a seed:
    >>> net = NeuralNetwork(w1=0, w2=1, w3=0, w4=1, w5=0, w6=1, b1=0, b2=0, b3=0)
    >>> round(net.feedforward([2, 3]), 6)       # the tutorial's 0.7216
    0.721633
    >>> NeuralNetwork.from_seed(1).w1 == NeuralNetwork.from_seed(1).w1
    True
    """

    def __init__(self, *, w1, w2, w3, w4, w5, w6, b1, b2, b3):
        where = "NeuralNetwork()"
        self.w1 = check_number(where, "w1", w1)     # x1 -> h1
        self.w2 = check_number(where, "w2", w2)     # x2 -> h1
        self.w3 = check_number(where, "w3", w3)     # x1 -> h2
        self.w4 = check_number(where, "w4", w4)     # x2 -> h2
        self.w5 = check_number(where, "w5", w5)     # h1 -> o1
        self.w6 = check_number(where, "w6", w6)     # h2 -> o1
        self.b1 = check_number(where, "b1", b1)
        self.b2 = check_number(where, "b2", b2)
        self.b3 = check_number(where, "b3", b3)

    @classmethod
    def from_seed(cls, seed):
        """Return a network whose nine parameters are standard normal draws, w1 first."""
        rng = RNG(seed)
        w1, w2, w3, w4, w5, w6 = [rng.normal() for _ in range(6)]
        b1, b2, b3 = [rng.normal() for _ in range(3)]
        return cls(w1=w1, w2=w2, w3=w3, w4=w4, w5=w5, w6=w6, b1=b1, b2=b2, b3=b3)

    # ---- what every nn_pure model answers (see MLP) -----------------------
    # The same questions an MLP answers, so that a Pipeline, a model file or an
    # export can hold either without asking which it has.  As a layer, the hidden
    # neurons are W = [[w1, w3], [w2, w4]] (row i: input x_i's weights to h1, h2).

    kind = "network"
    task = "classification"     # o1 is the probability of class 1 (Tutorial A: female)
    n_classes = 2
    activation = output = "sigmoid"
    loss_layer = MSE()          # its name for model files; train() computes the loss itself

    @property
    def sizes(self):
        """The layer widths, inputs first, as MLP.sizes gives them."""
        return [2, 2, 1]

    def parameters(self):
        """Return [W1, b1, W2, b2] as new lists: the nine numbers, shaped like an MLP's.

        >>> net = NeuralNetwork(w1=1, w2=2, w3=3, w4=4, w5=5, w6=6, b1=7, b2=8, b3=9)
        >>> net.parameters()
        [[[1.0, 3.0], [2.0, 4.0]], [7.0, 8.0], [[5.0], [6.0]], [9.0]]
        """
        return [[[self.w1, self.w3], [self.w2, self.w4]], [self.b1, self.b2],
                [[self.w5], [self.w6]], [self.b3]]

    def set_parameters(self, parameters):
        """Set the nine numbers from [W1, b1, W2, b2], shaped as parameters() returns them."""
        ((w1, w3), (w2, w4)), (b1, b2), ((w5,), (w6,)), (b3,) = parameters
        where = "NeuralNetwork.set_parameters()"
        self.w1, self.w2 = check_number(where, "w1", w1), check_number(where, "w2", w2)
        self.w3, self.w4 = check_number(where, "w3", w3), check_number(where, "w4", w4)
        self.w5, self.w6 = check_number(where, "w5", w5), check_number(where, "w6", w6)
        self.b1, self.b2 = check_number(where, "b1", b1), check_number(where, "b2", b2)
        self.b3 = check_number(where, "b3", b3)

    def named_parameters(self):
        """Return the nine parameters as a dict keyed 'w1' .. 'b3'."""
        return {name: getattr(self, name) for name in PARAM_NAMES}

    def forward(self, X, *, checked=False):
        """Return [[o1]] for each row [x1, x2] of the batch X (checked: as MLP.forward's)."""
        if not checked:
            X = check_matrix("NeuralNetwork.forward()", "X", X, 2)
        outputs = [[self._feedforward(x1, x2)] for x1, x2 in X]
        for s, (o1,) in enumerate(outputs):
            if o1 != o1:                # NaN: inf - inf inside a weighted sum
                raise NNPureError("NeuralNetwork.forward(): row %d gives NaN: its weighted sums "
                                  "are beyond the largest float; check that the inputs are in "
                                  "the units the network was trained on" % s)
        return outputs

    def predict_proba(self, X, *, checked=False):
        """Return [1 - o1, o1] for each row: the probabilities of classes 0 and 1."""
        return [[1.0 - o1, o1] for (o1,) in self.forward(X, checked=checked)]

    def predict(self, X, *, checked=False):
        """Return 1 (Tutorial A: female) where o1 > 1/2, else 0."""
        return [1 if o1 > 0.5 else 0 for (o1,) in self.forward(X, checked=checked)]

    # ---- forward -------------------------------------------------------

    def feedforward(self, x):
        """Return y_pred = o1 for one sample x = [x1, x2]."""
        x1, x2 = check_vector("NeuralNetwork.feedforward()", "x", x, 2)
        return self._feedforward(x1, x2)

    def _feedforward(self, x1, x2):
        h1 = sigmoid(self.w1 * x1 + self.w2 * x2 + self.b1)
        h2 = sigmoid(self.w3 * x1 + self.w4 * x2 + self.b2)
        return sigmoid(self.w5 * h1 + self.w6 * h2 + self.b3)

    def loss(self, data, y_trues):
        """Return the mean squared error over a data set: (1/n) sum (y_true - y_pred)^2.

        backward() then finds its gradient.
        """
        data, y_trues = _check_data("NeuralNetwork.loss()", data, y_trues)
        self.batch = data, y_trues
        return self._loss(data, y_trues)

    def _loss(self, data, y_trues):
        total = 0.0
        for (x1, x2), y_true in zip(data, y_trues):
            error = y_true - self._feedforward(x1, x2)
            total += error * error
        return total / len(data)

    # ---- backward ------------------------------------------------------

    def backprop(self, x, y_true):
        """Return every named quantity of the chain rule for one sample, as a dict.

        The tutorial's worked example: Alice (-2, -1), female (1), every
        weight 1 and every bias 0.
        >>> net = NeuralNetwork(w1=1, w2=1, w3=1, w4=1, w5=1, w6=1, b1=0, b2=0, b3=0)
        >>> q = net.backprop([-2, -1], 1)
        >>> [round(q[k], 4) for k in ('h1', 'y_pred', 'd_L_d_ypred', 'd_ypred_d_h1')]
        [0.0474, 0.5237, -0.9526, 0.2494]
        >>> round(q['d_h1_d_w1'], 4), round(q['d_L_d_w1'], 4)
        (-0.0904, 0.0215)
        """
        where = "NeuralNetwork.backprop()"
        x1, x2 = check_vector(where, "x", x, 2)
        quantities = {}
        self._backprop(x1, x2, check_number(where, "y_true", y_true), quantities)
        return quantities

    def partial_derivatives(self, x, y_true):
        """Return the nine partial derivatives dL/dw1 .. dL/db3 for one sample,
        as a dict keyed 'w1' .. 'b3'."""
        where = "NeuralNetwork.partial_derivatives()"
        x1, x2 = check_vector(where, "x", x, 2)
        grads = self._backprop(x1, x2, check_number(where, "y_true", y_true))
        return dict(zip(PARAM_NAMES, grads))

    def _backprop(self, x1, x2, y_true, quantities=None):
        """Return (d_L_d_w1, ..., d_L_d_b3); fill `quantities` with every factor if given."""
        # Forward, keeping what the chain rule needs.
        sum_h1 = self.w1 * x1 + self.w2 * x2 + self.b1
        h1 = sigmoid(sum_h1)
        sum_h2 = self.w3 * x1 + self.w4 * x2 + self.b2
        h2 = sigmoid(sum_h2)
        sum_o1 = self.w5 * h1 + self.w6 * h2 + self.b3
        o1 = sigmoid(sum_o1)
        y_pred = o1

        # f'(s) = f(s) * (1 - f(s)) and h1 = f(sum_h1), so f_prime_h1 is
        # deriv_sigmoid(sum_h1), the tutorial's f'(w1*x1 + w2*x2 + b1), bit for bit:
        # computed from h1, it costs no second exp.  The same holds for h2 and o1.
        f_prime_h1 = h1 * (1.0 - h1)
        f_prime_h2 = h2 * (1.0 - h2)
        f_prime_o1 = o1 * (1.0 - o1)

        # L = (y_true - y_pred)^2
        d_L_d_ypred = -2.0 * (y_true - y_pred)

        # Output neuron: y_pred = f(w5*h1 + w6*h2 + b3)
        d_ypred_d_w5 = h1 * f_prime_o1
        d_ypred_d_w6 = h2 * f_prime_o1
        d_ypred_d_b3 = f_prime_o1
        d_ypred_d_h1 = self.w5 * f_prime_o1
        d_ypred_d_h2 = self.w6 * f_prime_o1

        # Hidden neuron h1 = f(w1*x1 + w2*x2 + b1)
        d_h1_d_w1 = x1 * f_prime_h1
        d_h1_d_w2 = x2 * f_prime_h1
        d_h1_d_b1 = f_prime_h1

        # Hidden neuron h2 = f(w3*x1 + w4*x2 + b2)
        d_h2_d_w3 = x1 * f_prime_h2
        d_h2_d_w4 = x2 * f_prime_h2
        d_h2_d_b2 = f_prime_h2

        # Chain rule: a hidden weight reaches L through its neuron, then y_pred:
        # dL/dw1 = dL/dy_pred * dy_pred/dh1 * dh1/dw1.  The first two factors are the
        # same for w1, w2 and b1; computing them once, as dL/dh1, is backpropagation.
        d_L_d_h1 = d_L_d_ypred * d_ypred_d_h1
        d_L_d_h2 = d_L_d_ypred * d_ypred_d_h2
        d_L_d_w1 = d_L_d_h1 * d_h1_d_w1
        d_L_d_w2 = d_L_d_h1 * d_h1_d_w2
        d_L_d_b1 = d_L_d_h1 * d_h1_d_b1
        d_L_d_w3 = d_L_d_h2 * d_h2_d_w3
        d_L_d_w4 = d_L_d_h2 * d_h2_d_w4
        d_L_d_b2 = d_L_d_h2 * d_h2_d_b2
        d_L_d_w5 = d_L_d_ypred * d_ypred_d_w5
        d_L_d_w6 = d_L_d_ypred * d_ypred_d_w6
        d_L_d_b3 = d_L_d_ypred * d_ypred_d_b3

        if quantities is not None:      # for readers and tests: every factor, by name
            quantities.update({
                "sum_h1": sum_h1, "h1": h1, "sum_h2": sum_h2, "h2": h2,
                "sum_o1": sum_o1, "o1": o1, "y_pred": y_pred,
                "d_L_d_ypred": d_L_d_ypred,
                "d_ypred_d_w5": d_ypred_d_w5, "d_ypred_d_w6": d_ypred_d_w6,
                "d_ypred_d_b3": d_ypred_d_b3,
                "d_ypred_d_h1": d_ypred_d_h1, "d_ypred_d_h2": d_ypred_d_h2,
                "d_L_d_h1": d_L_d_h1, "d_L_d_h2": d_L_d_h2,
                "d_h1_d_w1": d_h1_d_w1, "d_h1_d_w2": d_h1_d_w2, "d_h1_d_b1": d_h1_d_b1,
                "d_h2_d_w3": d_h2_d_w3, "d_h2_d_w4": d_h2_d_w4, "d_h2_d_b2": d_h2_d_b2,
                "d_L_d_w1": d_L_d_w1, "d_L_d_w2": d_L_d_w2, "d_L_d_w3": d_L_d_w3,
                "d_L_d_w4": d_L_d_w4, "d_L_d_w5": d_L_d_w5, "d_L_d_w6": d_L_d_w6,
                "d_L_d_b1": d_L_d_b1, "d_L_d_b2": d_L_d_b2, "d_L_d_b3": d_L_d_b3,
            })
        return (d_L_d_w1, d_L_d_w2, d_L_d_w3, d_L_d_w4, d_L_d_w5, d_L_d_w6,
                d_L_d_b1, d_L_d_b2, d_L_d_b3)

    def backward(self):
        """Find the gradient of the last loss(): the mean of each sample's nine partials."""
        data, y_trues = self.batch
        totals = [0.0] * 9
        for (x1, x2), y_true in zip(data, y_trues):
            for k, d in enumerate(self._backprop(x1, x2, y_true)):
                totals[k] += d
        self.d_L_d = [t / len(data) for t in totals]

    def gradients(self):
        """Return the last backward()'s gradient, shaped like parameters()."""
        d_w1, d_w2, d_w3, d_w4, d_w5, d_w6, d_b1, d_b2, d_b3 = self.d_L_d
        return [[[d_w1, d_w3], [d_w2, d_w4]], [d_b1, d_b2], [[d_w5], [d_w6]], [d_b3]]

    # ---- update --------------------------------------------------------

    def train(self, data, y_trues, epochs=1000, learn_rate=0.1, report_every=0, report=None):
        """Train by per-sample SGD in data-set order; return the loss after each epoch.

        data is a list of [x1, x2] samples and y_trues their labels.  Each
        epoch visits every sample once and updates all nine parameters after
        each.  The returned list holds, for every epoch, the mean squared
        error over the whole data set at the end of that epoch.  If report is
        a function and report_every is above 0 (the default 0 reports nothing),
        it is called as report(epoch, loss) after the first epoch,
        every report_every epochs and after the last, with epochs counted from 1
        as every nn_pure loop counts them: epochs=250, report_every=100 reports
        epochs 1, 100, 200 and 250.

        >>> net = NeuralNetwork.from_seed(0)
        >>> losses = net.train([[-2, -1], [25, 6]], [1, 0], epochs=50)
        >>> len(losses), losses[-1] < losses[0]
        (50, True)
        """
        where = "NeuralNetwork.train()"
        data, y_trues = _check_data(where, data, y_trues)
        check_count(where, "epochs", epochs)
        learn_rate = check_positive(where, "learn_rate", learn_rate)
        check_count(where, "report_every", report_every)

        losses = [0.0] * epochs     # allocated once: see train_random_batches in training.py
        backprop, loss = self._backprop, self._loss     # looked up once, not 1000s of times
        for epoch in range(epochs):
            for (x1, x2), y_true in zip(data, y_trues):
                (d_L_d_w1, d_L_d_w2, d_L_d_w3, d_L_d_w4, d_L_d_w5, d_L_d_w6,
                 d_L_d_b1, d_L_d_b2, d_L_d_b3) = backprop(x1, x2, y_true)
                # SGD: step each parameter against its own partial derivative.
                self.w1 -= learn_rate * d_L_d_w1
                self.w2 -= learn_rate * d_L_d_w2
                self.w3 -= learn_rate * d_L_d_w3
                self.w4 -= learn_rate * d_L_d_w4
                self.w5 -= learn_rate * d_L_d_w5
                self.w6 -= learn_rate * d_L_d_w6
                self.b1 -= learn_rate * d_L_d_b1
                self.b2 -= learn_rate * d_L_d_b2
                self.b3 -= learn_rate * d_L_d_b3
            # The sigmoid keeps y_pred in (0, 1), so this loss cannot diverge.
            losses[epoch] = loss(data, y_trues)
            done = epoch + 1            # epochs finished: the count a report shows
            if report is not None and report_every and (
                    done == 1 or done % report_every == 0 or done == epochs):
                report(done, losses[epoch])
        return losses


def _check_data(where, data, y_trues):
    """Return data (rows of two finite numbers) and y_trues (finite numbers) as floats."""
    data = check_matrix(where, "data", data, 2)
    y_trues = check_vector(where, "y_trues", y_trues)
    check_same_length(where, "data", data, "y_trues", y_trues)
    return data, y_trues
