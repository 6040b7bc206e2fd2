"""A multi-layer perceptron: Linear layers with activations between them.

Tutorial B ends by saying its single Linear layer is the start of something
bigger.  This is that: MLP([4, 8, 3]) is

    X -> Linear(4, 8) -> activation -> Linear(8, 3) -> logits -> loss

forward runs the layers in order; backward runs the loss's backward, then each
layer's backward in reverse, each handing dL/d(its input) to the layer below
and keeping dW, db for the update.  MLP([4, 2]) is Tutorial B's linear softmax
classifier exactly, and MLP.from_network() shows that Tutorial A's 2-2-1
network is a [2, 2, 1] sigmoid MLP trained with MSE.

Glossary: sizes the width of each layer, inputs first; X a batch of rows;
y the labels (class indices for the softmax loss, numbers for MSE).
"""
import math

from nn_pure.activations import ACTIVATIONS
from nn_pure.checks import (NNPureError, check_count, check_matrix, check_same_length,
                            check_vector)
from nn_pure.linear import Linear
from nn_pure.losses import MSE, SoftmaxCrossEntropy, check_labels, log_sum_exp_and_softmax
from nn_pure.matrix import argmax
from nn_pure.rng import RNG

LOSSES = ("softmax", "mse")


class MLP:
    """A stack of Linear and activation layers with a loss on top.

    activation: 'tanh', 'sigmoid' or 'relu' between Linear layers.
    loss: 'softmax' (softmax cross-entropy; classes 0 .. sizes[-1]-1) or 'mse'
    (one output; regression, or Tutorial A's squared error).
    output: an activation after the last Linear layer, or None.  With the
    softmax loss it must be None: the softmax is part of the loss.
    weight_scale: the standard deviation of the initial weights; by default
    1/sqrt(n_in) for each layer, so every weighted sum starts with a spread
    near 1 however many inputs it adds up (Tutorial B's 1.0 saturates wide layers).

    >>> model = MLP([2, 3, 2], rng=RNG(0))
    >>> [type(layer).__name__ for layer in model.layers]
    ['Linear', 'Tanh', 'Linear']
    >>> round(model.loss([[0.5, -1.0]], [1]), 6)
    0.649716
    >>> model.predict([[0.5, -1.0]])
    [1]
    """

    def __init__(self, sizes, activation="tanh", loss="softmax", output=None, rng=None,
                 weight_scale=None):
        where = "MLP()"
        if not isinstance(sizes, (list, tuple)) or len(sizes) < 2:
            raise NNPureError("%s: sizes is %r; give at least two layer widths, inputs first "
                             "and outputs last, e.g. [4, 8, 3]" % (where, sizes))
        for i, size in enumerate(sizes):
            check_count(where, "sizes[%d]" % i, size, 1)
        _check_choice(where, "activation", activation, sorted(ACTIVATIONS))
        _check_choice(where, "loss", loss, LOSSES)
        if output is not None:
            _check_choice(where, "output", output, sorted(ACTIVATIONS))
            if loss == "softmax":
                raise NNPureError("%s: output=%r cannot go with loss='softmax', which applies "
                                 "the softmax itself; use output=None" % (where, output))
        if loss == "mse" and sizes[-1] != 1:
            raise NNPureError("%s: loss='mse' predicts one number, but sizes ends in %d; "
                             "end sizes with 1" % (where, sizes[-1]))
        if loss == "softmax" and sizes[-1] < 2:
            raise NNPureError("%s: loss='softmax' needs at least two classes, but sizes ends "
                             "in %d" % (where, sizes[-1]))
        self.sizes = list(sizes)
        self.activation, self.loss_name, self.output = activation, loss, output
        rng = rng if rng is not None else RNG(0)

        self.layers = []
        self.linears = []           # the layers that hold parameters, inputs first
        for n_in, n_out in zip(self.sizes[:-1], self.sizes[1:]):
            scale = weight_scale if weight_scale is not None else 1.0 / math.sqrt(n_in)
            linear = Linear(n_in, n_out, rng, scale)
            self.linears.append(linear)
            self.layers.append(linear)
            if len(self.linears) < len(self.sizes) - 1:     # no activation after the last
                self.layers.append(ACTIVATIONS[activation]())
        if output is not None:
            self.layers.append(ACTIVATIONS[output]())
        self.loss_layer = SoftmaxCrossEntropy() if loss == "softmax" else MSE()

    @classmethod
    def from_network(cls, net):
        """Return the [2, 2, 1] sigmoid MLP with MSE that computes exactly what net does.

        Hidden layer: W = [[w1, w3], [w2, w4]] (row i: input x_i's weights to h1, h2),
        b = [b1, b2].  Output layer: W = [[w5], [w6]], b = [b3].
        """
        model = cls([2, 2, 1], activation="sigmoid", loss="mse", output="sigmoid")
        hidden, out = model.linears
        hidden.W = [[net.w1, net.w3], [net.w2, net.w4]]
        hidden.b = [net.b1, net.b2]
        out.W = [[net.w5], [net.w6]]
        out.b = [net.b3]
        return model

    # ---- forward and loss ------------------------------------------------

    def forward(self, X):
        """Return the last layer's output for a batch X: logits (softmax loss) or predictions."""
        return self._forward(check_matrix("MLP.forward()", "X", X, self.sizes[0]))

    def _forward(self, X):
        for layer in self.layers:
            X = layer.forward(X)
        return X

    def loss(self, X, y):
        """Return the mean loss over the batch X with labels y (and keep what backward needs)."""
        X, y = self.check_data("MLP.loss()", X, y)
        return self._loss(X, y)

    def _loss(self, X, y):
        outputs = self._forward(X)
        if self.loss_name == "mse":
            return self.loss_layer.forward(outputs, [[t] for t in y])
        return self.loss_layer.forward(outputs, y)

    # ---- backward ----------------------------------------------------------

    def backward(self):
        """Backpropagate the last loss(): set every Linear layer's dW and db."""
        d = self.loss_layer.backward()
        for layer in reversed(self.layers[1:]):
            d = layer.backward(d)
        # The first layer's input is the data: nothing below it needs dL/dX.
        self.layers[0].backward(d, input_gradient=False)

    def parameters(self):
        """Return [W, b] of every Linear layer, inputs first: [W1, b1, W2, b2, ...]."""
        params = []
        for linear in self.linears:
            params += linear.parameters()
        return params

    def gradients(self):
        """Return [dW1, db1, dW2, db2, ...] from the last backward(), shaped like parameters()."""
        grads = []
        for linear in self.linears:
            grads += linear.gradients()
        return grads

    # ---- using a trained model ---------------------------------------------

    def predict_proba(self, X):
        """Return each row's class probabilities (softmax loss) or predicted value (MSE)."""
        outputs = self.forward(X)
        if self.loss_name == "mse":
            return [row[0] for row in outputs]
        return log_sum_exp_and_softmax(outputs)[1]

    def predict(self, X):
        """Return each row's most likely class (softmax loss) or predicted value (MSE)."""
        outputs = self.forward(X)
        if self.loss_name == "mse":
            return [row[0] for row in outputs]
        return [argmax(z) for z in outputs]     # the largest logit is the largest probability

    def check_data(self, where, X, y):
        """Return X and y checked against this model: rows of sizes[0] finite numbers,
        and one label per row (a class index, or a finite number for MSE)."""
        X = check_matrix(where, "X", X, self.sizes[0])
        if self.loss_name == "mse":
            y = check_vector(where, "y", y)
            check_same_length(where, "X", X, "y", y)
        else:
            check_labels(where, y, len(X), self.sizes[-1])
        return X, y


def _check_choice(where, name, value, choices):
    if value not in choices:
        raise NNPureError("%s: %s is %r; choose one of %s"
                         % (where, name, value, ", ".join(repr(c) for c in choices)))
