"""A multi-layer perceptron: Linear layers with activations between them.

Tutorial B ends by saying its single Linear layer is the start of something
bigger.  This is that: MLP([4, 8, 3]) is

    X -> Linear(4, 8) -> activation -> Linear(8, 3) -> logits -> loss

forward runs the layers in order; backward runs the loss's backward, then each
layer's backward in reverse, each handing dL/d(its input) to the layer below
and keeping dW, db for the update.  MLP([4, 2], weight_scale=1.0) is Tutorial
B's linear softmax classifier exactly, and MLP.from_network() shows that
Tutorial A's 2-2-1 network is a [2, 2, 1] sigmoid MLP trained with MSE.

Glossary: sizes the width of each layer, inputs first; X a batch of rows;
y the labels (class indices for the softmax loss, numbers for MSE).
"""
from math import isfinite

from nn_pure.activations import ACTIVATIONS, init_scale
from nn_pure.checks import (NNPureError, check_choice, check_count, check_matrix, check_number,
                            check_vector)
from nn_pure.dropout import Dropout
from nn_pure.linear import Linear
from nn_pure.losses import LOSSES, SoftmaxCrossEntropy
from nn_pure.rng import RNG


class MLP:
    """A stack of Linear and activation layers with a loss on top.

    activation: a name in ACTIVATIONS ('tanh', 'sigmoid', 'relu', ...) between
    Linear layers.
    loss: a name in LOSSES: 'softmax' (softmax cross-entropy; classes
    0 .. sizes[-1]-1), 'binary-cross-entropy' (one output, classes 0 and 1) or
    'mse' (one output; regression, or Tutorial A's squared error).
    output: an activation after the last Linear layer, or None.  With a
    classifier's loss it must be None: the loss makes the probabilities.
    weight_scale: the standard deviation of the initial weights.  By default it
    is chosen by the activation that follows each layer (init_scale in
    activations.py): He's sqrt(2 / n_in) for ReLU and leaky ReLU, Glorot's
    sqrt(2 / (n_in + n_out)) for tanh, sigmoid and the last layer, so every
    weighted sum starts with a spread near 1 however many inputs it adds up.
    Tutorial B's 1.0 saturates wide layers.
    dropout: the share of each hidden layer's outputs dropped at random while
    training (inverted dropout, see dropout.py); 0 (the default) adds no layer,
    and prediction never drops.

    >>> model = MLP([2, 3, 2], rng=RNG(0))
    >>> [type(layer).__name__ for layer in model.layers]
    ['Linear', 'Tanh', 'Linear']
    >>> round(model.loss([[0.5, -1.0]], [1]), 6)
    0.648896
    >>> model.predict([[0.5, -1.0]])
    [1]
    """

    def __init__(self, sizes, *, activation="tanh", loss="softmax", output=None, rng=None,
                 weight_scale=None, dropout=0.0):
        where = "MLP()"
        if not isinstance(sizes, (list, tuple)) or len(sizes) < 2:
            raise NNPureError("%s: sizes is %r; give at least two layer widths, inputs first "
                              "and outputs last, e.g. [4, 8, 3]" % (where, sizes))
        for i, size in enumerate(sizes):
            check_count(where, "sizes[%d]" % i, size, 1)
        check_choice(where, "activation", activation, ACTIVATIONS)
        check_choice(where, "loss", loss, LOSSES)
        self.loss_layer = LOSSES[loss]()
        self.loss_layer.check_outputs(where, sizes[-1])
        if output is not None:
            check_choice(where, "output", output, ACTIVATIONS)
            if self.loss_layer.task == "classification":
                raise NNPureError("%s: output=%r cannot go with loss=%r, which turns the outputs "
                                  "into probabilities itself; use output=None"
                                  % (where, output, loss))
        self.sizes = list(sizes)
        self.activation, self.output = activation, output
        rng = rng if rng is not None else RNG(0)
        if not callable(getattr(rng, "normal", None)):
            raise TypeError("%s: rng must be nn_pure's RNG, such as RNG(5), got %r"
                            % (where, rng))

        self.dropout = check_number(where, "dropout", dropout)
        if not 0.0 <= self.dropout < 1.0:
            raise NNPureError("%s: dropout is %r; give the share of hidden values to drop, "
                              "from 0 (none) up to but not including 1, such as 0.2"
                              % (where, dropout))

        self.layers = []
        self.linears = []           # the layers that hold parameters, inputs first
        for n_in, n_out in zip(self.sizes[:-1], self.sizes[1:]):
            hidden = len(self.linears) < len(self.sizes) - 2    # an activation follows
            if weight_scale is not None:
                scale = weight_scale
            elif hidden:            # He for ReLU and its kin, Glorot for tanh and sigmoid
                scale = init_scale(activation, n_in, n_out)
            else:                   # the logits: Glorot keeps their spread near 1 too
                scale = init_scale("tanh", n_in, n_out)
            linear = Linear(n_in, n_out, rng, scale)
            self.linears.append(linear)
            self.layers.append(linear)
            if hidden:
                self.layers.append(ACTIVATIONS[activation]())
                if self.dropout > 0.0:      # inverted dropout between hidden layers
                    self.layers.append(Dropout(self.dropout, rng))
        if output is not None:
            self.layers.append(ACTIVATIONS[output]())

    @property
    def task(self):
        """'classification' or 'regression': the loss decides."""
        return self.loss_layer.task

    @property
    def kind(self):
        """'softmax' for Tutorial B's one linear layer with the softmax loss, else 'mlp'."""
        if len(self.sizes) == 2 and isinstance(self.loss_layer, SoftmaxCrossEntropy):
            return "softmax"
        return "mlp"

    @property
    def n_classes(self):
        """How many classes a classifier tells apart (None for regression)."""
        if self.task != "classification":
            return None
        return self.loss_layer.n_classes(self.sizes[-1])

    @classmethod
    def from_network(cls, net):
        """Return the [2, 2, 1] sigmoid MLP with MSE that computes exactly what net does.

        Hidden layer: W = [[w1, w3], [w2, w4]] (row i: input x_i's weights to h1, h2),
        b = [b1, b2].  Output layer: W = [[w5], [w6]], b = [b3].
        """
        model = cls([2, 2, 1], activation="sigmoid", loss="mse", output="sigmoid")
        model.set_parameters(net.parameters())
        return model

    # ---- forward and loss ------------------------------------------------

    def forward(self, X, *, checked=False):
        """Return the last layer's output for a batch X: logits (softmax loss) or predictions.

        Finite inputs can still overflow: weights of 1e200 times an input of 1e200
        are past the largest float.  Then no answer would be right, so this stops
        and says which layer overflowed, rather than return inf or NaN.
        checked=True: X has been checked already, rows of sizes[0] finite floats
        (a Pipeline's rows after its own checks, or data that check_data()
        returned), so it is not checked a second time.  It trusts the caller:
        rows of the wrong width or holding NaN then give wrong answers, not errors.
        """
        if not checked:
            X = check_matrix("MLP.forward()", "X", X, self.sizes[0])
        outputs = self._forward(X)
        for row in outputs:
            for v in row:
                if not isfinite(v):
                    self.explain_overflow(X)
        return outputs

    def explain_overflow(self, X):
        """Raise an error naming the first layer whose output is not finite for batch X."""
        for n, layer in enumerate(self.layers):
            if type(layer) is Dropout:
                continue            # off when predicting, as in _forward
            X = layer.forward(X)
            for s, row in enumerate(X):
                for v in row:
                    if not isfinite(v):
                        raise NNPureError(
                            "MLP.forward(): layer %d (%s) gives %r for row %d: its weights "
                            "times its inputs are beyond the largest float, so no prediction "
                            "can be computed (the model's weights are too large for these "
                            "inputs)" % (n + 1, type(layer).__name__, v, s))

    def _forward(self, X, training=False):
        # X is checked (forward, check_data): the Linear layers need not check it again.
        # Dropout acts only while training: a prediction uses every unit.
        for layer in self.layers:
            if type(layer) is Linear:
                X = layer.forward_unchecked(X)
            elif training or type(layer) is not Dropout:
                X = layer.forward(X)
        return X

    def loss(self, X, y):
        """Return the mean loss over the batch X with labels y (and keep what backward needs).

        This is the training loss: with dropout, a fresh mask drops units.
        """
        X, y = self.check_data("MLP.loss()", X, y)
        return self.batch_loss(X, y)

    def batch_loss(self, X, y, training=True):
        """loss(X, y) for a batch that check_data() has already checked (the trainers'
        call: each step's rows were checked once, with the whole data set).  With
        training=False, dropout is off: the loss of the model as it predicts."""
        return self.loss_layer.forward_unchecked(self._forward(X, training), y)

    # ---- backward ----------------------------------------------------------

    def backward(self):
        """Backpropagate the last loss(): set every Linear layer's dW and db."""
        d = self.loss_layer.backward()
        # Each d was made by this model's own layers from its own forward pass, so its
        # shape is right: the Linear layers skip their checks (backward_unchecked).
        for layer in reversed(self.layers[1:]):
            d = layer.backward_unchecked(d) if type(layer) is Linear else layer.backward(d)
        # The first layer's input is the data: nothing below it needs dL/dX.
        self.layers[0].backward_unchecked(d, input_gradient=False)

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

    def set_parameters(self, parameters):
        """Take [W1, b1, W2, b2, ...] (shaped like parameters()) as this model's own."""
        if len(parameters) != 2 * len(self.linears):
            raise NNPureError("MLP.set_parameters(): %d lists for %d layers; pass W and b for "
                              "each layer" % (len(parameters), len(self.linears)))
        for n, linear in enumerate(self.linears):
            where = "MLP.set_parameters()"
            linear.W = check_matrix(where, "W%d" % (n + 1), parameters[2 * n], linear.n_out)
            if len(linear.W) != linear.n_in:
                raise NNPureError("%s: W%d has %d rows but layer %d has %d inputs"
                                  % (where, n + 1, len(linear.W), n + 1, linear.n_in))
            linear.b = check_vector(where, "b%d" % (n + 1), parameters[2 * n + 1], linear.n_out)

    # ---- using a trained model ---------------------------------------------

    def predict_proba(self, X, *, checked=False):
        """Return each row's class probabilities (or, for regression, its predicted value).
        checked: as for forward()."""
        outputs = self.forward(X, checked=checked)
        if self.task != "classification":
            return self.loss_layer.predictions(outputs)
        return self.loss_layer.probabilities(outputs)

    def predict(self, X, *, checked=False):
        """Return each row's most likely class, or its predicted value for regression.
        checked: as for forward()."""
        return self.loss_layer.predictions(self.forward(X, checked=checked))

    def check_data(self, where, X, y):
        """Return X and y checked against this model: rows of sizes[0] finite numbers, and
        one target per row in the form the loss takes (see its check_targets)."""
        X = check_matrix(where, "X", X, self.sizes[0])
        return X, self.loss_layer.check_targets(where, y, len(X), self.sizes[-1])
