"""Tutorial A, step 3: the mean squared error.

Labels 1, 0, 0, 1 against a network that always answers 0: two misses of
size 1 and two hits, so MSE = (1 + 0 + 0 + 1) / 4 = 0.5.  Prints it, and the
loss of an untrained network on the four people.
"""
import os
import sys

# Find nn_pure in this checkout: the examples run with no install step.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from nn_pure import PEOPLE_X, PEOPLE_Y, NeuralNetwork, mse_loss

print("mse_loss([1, 0, 0, 1], [0, 0, 0, 0]) =", mse_loss([1, 0, 0, 1], [0, 0, 0, 0]))
net = NeuralNetwork.from_seed(42)
y_preds = [net.feedforward(x) for x in PEOPLE_X]
print("an untrained network (seed 42) on the four people: MSE =", mse_loss(PEOPLE_Y, y_preds))
