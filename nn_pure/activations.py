"""Activation functions: the non-linearity each neuron applies to its weighted sum.

Tutorial A uses one, the sigmoid f(x) = 1 / (1 + e^(-x)), and its derivative
f'(x) = f(x) * (1 - f(x)), which backpropagation multiplies in at every neuron.

Glossary: x is a pre-activation (a neuron's weighted sum plus bias).
"""
import math


def sigmoid(x):
    """Return f(x) = 1 / (1 + e^(-x)), squashing any real x into [0, 1].

    The tutorial's neuron: w = [0, 1], b = 4, x = [2, 3], so w.x + b = 7.
    >>> round(sigmoid(7.0), 6)
    0.999089
    >>> sigmoid(-1000.0)        # the one-line formula raises OverflowError here
    0.0
    """
    if x >= 0.0:
        return 1.0 / (1.0 + math.exp(-x))
    # For x < 0, e^(-x) can overflow; rewrite with z = e^x, which lies in (0, 1).
    z = math.exp(x)
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
