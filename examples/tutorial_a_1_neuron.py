"""Tutorial A, step 1: one neuron.

A neuron with weights w = [0, 1] and bias b = 4 receives x = [2, 3].
Its weighted sum is 0*2 + 1*3 + 4 = 7, and the sigmoid squashes 7 to
0.9990889488055994.  Prints the sum and the output.
"""
import os
import sys

# Find nn_pure in this checkout: the examples run with no install step.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from nn_pure import Neuron, dot, sigmoid

weights, bias, x = [0, 1], 4, [2, 3]
total = dot(weights, x) + bias
print("w . x + b =", total)
print("sigmoid(%s) = %r" % (total, sigmoid(total)))
neuron = Neuron(weights, bias)
print("Neuron(%r, %r).feedforward(%r) = %r" % (weights, bias, x, neuron.feedforward(x)))
