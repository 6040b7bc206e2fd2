"""Tutorial A, step 5: training on the four people, then meeting Emily and Frank.

Starts from the fixed parameters used as nn_pure's reference trajectory,
trains 1000 epochs of per-sample SGD at learning rate 0.1 (the loss falls
from 0.2887 after epoch 0 to 0.0024 by epoch 990) and prints every 100th
epoch, then Emily (0.949, F) and Frank (0.040, M).
"""
import os
import sys

# Find nn_pure in this checkout: the examples run with no install step.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from nn_pure import EMILY, FRANK, PEOPLE_X, PEOPLE_Y, NeuralNetwork

net = NeuralNetwork(w1=0.5, w2=-0.3, w3=0.8, w4=0.1, w5=-0.6, w6=0.9, b1=0.05, b2=-0.2, b3=0.3)


def report(epoch, loss):
    print("epoch %3d  loss %.4f" % (epoch, loss))


net.train(PEOPLE_X, PEOPLE_Y, epochs=1000, learn_rate=0.1, report_every=100, report=report)
for name, x in (("Emily", EMILY), ("Frank", FRANK)):
    y_pred = net.feedforward(x)
    print("%s: %.3f  %s" % (name, y_pred, "F" if y_pred > 0.5 else "M"))
