"""Tutorial A, step 2: feeding an input forward through the 2-2-1 network.

Every neuron has weights [0, 1] and bias 0, so with x = [2, 3] both hidden
neurons output sigmoid(3) = 0.9525741268224334 and the output neuron gives
sigmoid(0.9526...) = 0.7216325609518421.  Prints h1, h2 and o1.
"""
import os
import sys

# Find nn_pure in this checkout: the examples run with no install step.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from nn_pure import NeuralNetwork

# w1, w2 feed h1; w3, w4 feed h2; w5, w6 feed o1: each neuron's weights are [0, 1].
net = NeuralNetwork(w1=0, w2=1, w3=0, w4=1, w5=0, w6=1, b1=0, b2=0, b3=0)
q = net.backprop([2, 3], y_true=0)      # its forward half: every neuron's output, by name
print("h1 = %r" % q["h1"])
print("h2 = %r" % q["h2"])
print("o1 = %r" % q["o1"])
print("feedforward([2, 3]) = %r" % net.feedforward([2, 3]))
