"""Tutorial B, step 1: a linear layer turns 4 features into 2 class scores.

Builds Linear(4, 2) with weights drawn from a standard normal (seed 0) and
zero biases, and feeds it a batch of the first four rows of the toy data:
a 4x4 batch times a 4x2 weight matrix gives 4x2 logits, one row per sample.
Prints W, the logits, and checks them against matmul(X, W) + b.
"""
import os
import sys

# Find nn_pure in this checkout: the examples run with no install step.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from nn_pure import RNG, TOY_X, Linear, matmul

layer = Linear(4, 2, RNG(0))
X = TOY_X[:4]
logits = layer.forward(X)
print("W (one row per input, one column per class):")
for row in layer.W:
    print("  [%8.4f %8.4f]" % tuple(row))
print("logits = X W + b, one row per sample:")
for row in logits:
    print("  [%8.4f %8.4f]" % tuple(row))
print("equal to matmul(X, W) + b:", logits == matmul(X, layer.W))   # b is still zero
