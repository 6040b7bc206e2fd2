"""Activation functions: the non-linearity each neuron applies to its weighted sum.

Tutorial A uses one, the sigmoid f(x) = 1 / (1 + e^(-x)), and its derivative
f'(x) = f(x) * (1 - f(x)), which backpropagation multiplies in at every neuron.
Below them are the layer versions for an MLP: Sigmoid, Tanh and ReLU, each
with a forward pass over a batch and the backward pass that undoes it.

Glossary: x is a pre-activation (a neuron's weighted sum plus bias), y = f(x);
X, Y, dY, dX are batches (lists of rows) of those and of dL/dy, dL/dx.
"""
from math import exp, tanh


def sigmoid(x):
    """Return f(x) = 1 / (1 + e^(-x)), squashing any real x into [0, 1].

    The tutorial's neuron: w = [0, 1], b = 4, x = [2, 3], so w.x + b = 7.
    >>> round(sigmoid(7.0), 6)
    0.999089
    >>> sigmoid(-1000.0)        # the one-line formula raises OverflowError here
    0.0
    """
    if x >= 0.0:
        return 1.0 / (1.0 + exp(-x))
    # For x < 0, e^(-x) can overflow; rewrite with z = e^x, which lies in (0, 1).
    z = exp(x)
    return z / (1.0 + z)


def deriv_sigmoid(x):
    """Return f'(x) = f(x) * (1 - f(x)), the slope of the sigmoid at x.

    >>> deriv_sigmoid(0.0)      # steepest at 0, where f(0) = 1/2
    0.25
    >>> deriv_sigmoid(1000.0)   # saturated: a neuron this sure stops learning
    0.0
    """
    f = sigmoid(x)
    return f * (1.0 - f)


# ---- activation layers ------------------------------------------------------
# The same functions applied to a whole batch (a list of rows), as layers that an
# MLP stacks between its Linear layers.  Each keeps its output Y, because every
# derivative here is cheapest written in terms of the output: backward multiplies
# the incoming gradient dY, element by element, by f'(x) expressed through y = f(x).

class Sigmoid:
    """y = 1 / (1 + e^(-x)) element-wise;  dL/dx = dL/dy * y * (1 - y).

    >>> layer = Sigmoid()
    >>> layer.forward([[0.0, 1000.0]])
    [[0.5, 1.0]]
    >>> layer.backward([[1.0, 1.0]])
    [[0.25, 0.0]]
    """

    def forward(self, X):
        self.Y = []
        for row in X:
            self.Y.append([sigmoid(x) for x in row])
        return self.Y

    def backward(self, dY):
        dX = []
        for dy_row, y_row in zip(dY, self.Y):
            dX.append([d * y * (1.0 - y) for d, y in zip(dy_row, y_row)])
        return dX


class Tanh:
    """y = tanh(x) element-wise;  dL/dx = dL/dy * (1 - y^2).

    >>> layer = Tanh()
    >>> layer.forward([[0.0, -1000.0]])
    [[0.0, -1.0]]
    >>> layer.backward([[2.0, 2.0]])
    [[2.0, 0.0]]
    """

    def forward(self, X):
        self.Y = []
        for row in X:
            self.Y.append([tanh(x) for x in row])     # math.tanh saturates, never overflows
        return self.Y

    def backward(self, dY):
        dX = []
        for dy_row, y_row in zip(dY, self.Y):
            dX.append([d * (1.0 - y * y) for d, y in zip(dy_row, y_row)])
        return dX


class ReLU:
    """y = max(0, x) element-wise;  dL/dx = dL/dy where x > 0, else 0.

    (At x = 0 exactly the derivative is undefined; we take 0, as is usual.)
    >>> layer = ReLU()
    >>> layer.forward([[-2.0, 3.0]])
    [[0.0, 3.0]]
    >>> layer.backward([[5.0, 5.0]])
    [[0.0, 5.0]]
    """

    def forward(self, X):
        self.Y = []
        for row in X:
            self.Y.append([x if x > 0.0 else 0.0 for x in row])
        return self.Y

    def backward(self, dY):
        dX = []
        for dy_row, y_row in zip(dY, self.Y):
            dX.append([d if y > 0.0 else 0.0 for d, y in zip(dy_row, y_row)])
        return dX


ACTIVATIONS = {"sigmoid": Sigmoid, "tanh": Tanh, "relu": ReLU}
