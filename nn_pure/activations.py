"""Activation functions: the non-linearity each neuron applies to its weighted sum.

Tutorial A uses one, the sigmoid f(x) = 1 / (1 + e^(-x)), and its derivative
f'(x) = f(x) * (1 - f(x)), which backpropagation multiplies in at every neuron.
Below them are the layer versions for an MLP: Sigmoid, Tanh, ReLU and
LeakyReLU, each with a forward pass over a batch and the backward pass that
undoes it.  Each layer also names the weight initialization that suits it
(its `init`), and init_scale turns that into a standard deviation.

Glossary: x is a pre-activation (a neuron's weighted sum plus bias), y = f(x);
X, Y, dY, dX are batches (lists of rows) of those and of dL/dy, dL/dx;
n_in and n_out are a Linear layer's numbers of inputs and outputs.
"""
from math import exp, sqrt, tanh

from nn_pure.checks import NNPureError, check_count, check_number


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
    init = "glorot"             # see init_scale

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
    init = "glorot"

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
    init = "he"

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


class LeakyReLU:
    """y = x where x > 0, else negative_slope * x;  dL/dx = dL/dy there, else
    negative_slope * dL/dy.

    ReLU's units that land on the flat side for every input get no gradient and
    stop learning for good ("dead" units); the small slope keeps a trickle of
    gradient flowing.  0.01 is PyTorch's default slope.  With a slope of 0 or
    more, y > 0 exactly where x > 0, so backward can read the sign from Y.
    >>> layer = LeakyReLU()
    >>> layer.forward([[-2.0, 3.0]])
    [[-0.02, 3.0]]
    >>> layer.backward([[5.0, 5.0]])
    [[0.05, 5.0]]
    """
    init = "he"

    def __init__(self, negative_slope=0.01):
        where = "LeakyReLU()"
        negative_slope = check_number(where, "negative_slope", negative_slope)
        if not 0.0 <= negative_slope < 1.0:
            raise NNPureError("%s: negative_slope is %r but must lie in [0, 1): the slope "
                              "for x < 0; 0.01 is PyTorch's default, 0.2 is also common"
                              % (where, negative_slope))
        self.negative_slope = negative_slope

    def forward(self, X):
        a = self.negative_slope
        self.Y = []
        for row in X:
            self.Y.append([x if x > 0.0 else a * x for x in row])
        return self.Y

    def backward(self, dY):
        a = self.negative_slope
        dX = []
        for dy_row, y_row in zip(dY, self.Y):
            dX.append([d if y > 0.0 else a * d for d, y in zip(dy_row, y_row)])
        return dX


ACTIVATIONS = {"sigmoid": Sigmoid, "tanh": Tanh, "relu": ReLU, "leaky_relu": LeakyReLU}


# ---- initialization ---------------------------------------------------------------
# A layer's weighted sum adds n_in terms, so with weights of variance s^2 its variance
# is about n_in * s^2 times its inputs'.  Too large and it grows layer after layer until
# tanh and sigmoid saturate (and their gradients vanish); too small and the signal fades.
# The two standard choices keep it steady, each for its kind of activation:
#
#   Glorot (Xavier) normal, for tanh and sigmoid:   s = sqrt(2 / (n_in + n_out))
#     Glorot and Bengio (2010) treat the activation as linear near 0 (tanh is: slope 1).
#     Keeping the forward signal steady needs s^2 = 1/n_in, keeping the backward
#     gradient steady needs 1/n_out; this is the compromise between the two.  They
#     derived it for tanh; it is the usual choice for the sigmoid too.
#   He (Kaiming) normal, for ReLU and leaky ReLU:   s = sqrt(2 / n_in)
#     He et al. (2015): ReLU zeroes about half of its inputs, halving the signal's
#     variance at every layer, so the weights' variance is doubled to make up for it.
#     For leaky ReLU the exact factor is 2 / (1 + slope^2), which for slope 0.01
#     differs from 2 by 0.01%; like Keras's he_normal and PyTorch's
#     kaiming_normal_ default, we use 2.
#
# These are PyTorch's xavier_normal_ and kaiming_normal_ (fan_in mode) scales; Keras's
# glorot_normal and he_normal give the same spread, drawn from a truncated normal.


def init_scale(activation_name, n_in, n_out):
    """Return the standard deviation for a Linear(n_in, n_out) layer's initial weights
    when activation_name follows it: He's sqrt(2 / n_in) for ReLU and leaky ReLU,
    Glorot's sqrt(2 / (n_in + n_out)) for tanh and sigmoid (why: the note above).

    >>> init_scale("relu", 50, 10)              # sqrt(2 / 50)
    0.2
    >>> init_scale("tanh", 30, 20)              # sqrt(2 / (30 + 20))
    0.2
    >>> ACTIVATIONS["leaky_relu"].init, ACTIVATIONS["sigmoid"].init
    ('he', 'glorot')
    """
    where = "init_scale()"
    if activation_name not in ACTIVATIONS:
        raise NNPureError("%s: no activation named %r; choose one of %s"
                          % (where, activation_name,
                             ", ".join(repr(name) for name in sorted(ACTIVATIONS))))
    check_count(where, "n_in", n_in, 1)
    check_count(where, "n_out", n_out, 1)
    if ACTIVATIONS[activation_name].init == "he":
        return sqrt(2.0 / n_in)
    return sqrt(2.0 / (n_in + n_out))          # "glorot"
