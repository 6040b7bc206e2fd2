"""One neuron: multiply each input by its weight, add a bias, apply the sigmoid.

    y = f(w . x + b) = f(w1*x1 + w2*x2 + ... + b)

This is the first building block of Tutorial A.  Three of them, the outputs
of two feeding the third, are already a network (the Neuron docstring shows
it); network.py writes that 2-2-1 network out with its own w1..w6, b1..b3.

Glossary: w the weights (one per input), b the bias, x the inputs, f the sigmoid.
"""
from nn_pure.activations import sigmoid
from nn_pure.checks import check_number, check_vector
from nn_pure.matrix import dot


class Neuron:
    """A sigmoid neuron with fixed weights and bias.

    The tutorial's neuron, w = [0, 1] and b = 4, fed x = [2, 3]:
    >>> n = Neuron([0, 1], 4)
    >>> round(n.feedforward([2, 3]), 6)     # f(0*2 + 1*3 + 4) = f(7)
    0.999089

    Combining neurons into a network: h1 and h2 read x, o1 reads h1 and h2.
    Every neuron has w = [0, 1] and b = 0, as in the tutorial:
    >>> h1, h2, o1 = Neuron([0, 1], 0), Neuron([0, 1], 0), Neuron([0, 1], 0)
    >>> out_h1, out_h2 = h1.feedforward([2, 3]), h2.feedforward([2, 3])   # f(3) each
    >>> o1.feedforward([out_h1, out_h2])                                   # f(0.9526...)
    0.7216325609518421
    """

    def __init__(self, weights, bias):
        self.weights = check_vector("Neuron()", "weights", weights)
        self.bias = check_number("Neuron()", "bias", bias)

    def feedforward(self, inputs):
        """Return f(w . x + b) for one input vector x."""
        x = check_vector("Neuron.feedforward()", "inputs", inputs, len(self.weights))
        return sigmoid(dot(self.weights, x) + self.bias)
