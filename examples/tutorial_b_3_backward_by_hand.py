"""Tutorial B, step 3: one backward pass through the loss and the linear layer.

On a batch of the first four toy rows: dlogits = (softmax - onehot) / 4,
dW = X^T dlogits and db = the column sums of dlogits.  Prints dW and db,
then checks one weight's gradient, dW[2][1], against a finite difference of
the loss (they agree to about 1e-10).
"""
import os
import sys

# Find nn_pure in this checkout: the examples run with no install step.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from nn_pure import RNG, TOY_X, TOY_Y, Linear, SoftmaxCrossEntropy, numerical_derivative

layer, loss = Linear(4, 2, RNG(0)), SoftmaxCrossEntropy()
X, y = TOY_X[:4], TOY_Y[:4]

print("loss =", loss.forward(layer.forward(X), y))
dlogits = loss.backward()               # (softmax - onehot) / batch size
layer.backward(dlogits)                 # sets dW = X^T dlogits and db = column sums
print("dW =")
for row in layer.dW:
    print("  [%9.6f %9.6f]" % tuple(row))
print("db = [%9.6f %9.6f]" % tuple(layer.db))

numeric = numerical_derivative(lambda: SoftmaxCrossEntropy().forward(layer.forward(X), y),
                               layer.W[2], 1)
print("dW[2][1] by hand %.10f, by finite difference %.10f" % (layer.dW[2][1], numeric))
