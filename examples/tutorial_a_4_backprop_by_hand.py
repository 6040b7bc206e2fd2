"""Tutorial A, step 4: one backward pass, factor by factor.

Alice (x = [-2, -1], y_true = 1) meets a network with every weight 1 and
every bias 0.  The chain rule splits dL/dw1 into three factors:

    dL/dw1 = dL/dy_pred * dy_pred/dh1 * dh1/dw1
           = -0.9526    * 0.2494      * -0.0904     = 0.0215

Prints each factor (full precision), then checks dL/dw1 against a finite difference.
"""
import os
import sys

# Find nn_pure in this checkout: the examples run with no install step.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from nn_pure import NeuralNetwork, numerical_derivative

net = NeuralNetwork(w1=1, w2=1, w3=1, w4=1, w5=1, w6=1, b1=0, b2=0, b3=0)
x, y_true = [-2, -1], 1
q = net.backprop(x, y_true)
for name in ("h1", "h2", "y_pred", "d_L_d_ypred", "d_ypred_d_h1", "d_h1_d_w1", "d_L_d_w1"):
    print("%-13s = %r" % (name, q[name]))

numeric = numerical_derivative(lambda: (y_true - net.feedforward(x)) ** 2, net, "w1")
print("finite difference of L in w1 = %.10f" % numeric)
