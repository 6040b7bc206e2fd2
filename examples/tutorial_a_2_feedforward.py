"""Tutorial A, step 2: combining neurons into a network, and feeding x forward.

Three Neurons, each with weights [0, 1] and bias 0: h1 and h2 both read the
input x = [2, 3], and o1 reads their two outputs.  That wiring is all that
makes them a network.  Both hidden neurons give sigmoid(3) =
0.9525741268224334, and o1 gives sigmoid(0.9526...) = 0.7216325609518421.
Prints h1, h2 and o1, then the same input through NeuralNetwork, the 2-2-1
network with the nine parameters named w1..w6, b1..b3, which agrees to the bit.
"""
import os
import sys

# Find nn_pure in this checkout: the examples run with no install step.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from nn_pure import NeuralNetwork, Neuron

x = [2, 3]
h1 = Neuron([0, 1], 0)
h2 = Neuron([0, 1], 0)
o1 = Neuron([0, 1], 0)

out_h1 = h1.feedforward(x)                  # f(0*2 + 1*3 + 0) = f(3)
out_h2 = h2.feedforward(x)
out_o1 = o1.feedforward([out_h1, out_h2])   # o1's inputs are h1's and h2's outputs
print("h1 = %r" % out_h1)
print("h2 = %r" % out_h2)
print("o1 = %r" % out_o1)

# The same network with its parameters named: w1, w2 feed h1; w3, w4 feed h2; w5, w6 feed o1.
net = NeuralNetwork(w1=0, w2=1, w3=0, w4=1, w5=0, w6=1, b1=0, b2=0, b3=0)
print("NeuralNetwork(...).feedforward([2, 3]) = %r" % net.feedforward(x))
print("the same number: %r" % (net.feedforward(x) == out_o1))
