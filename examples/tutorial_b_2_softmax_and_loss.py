"""Tutorial B, step 2: softmax turns scores into probabilities; cross-entropy scores them.

For logits [2, 0] the softmax gives [0.8808, 0.1192].  If the right class is
0, the loss is -log 0.8808 = 0.1269; if it is 1, -log 0.1192 = 2.1269.  Then
the fault in the tutorial's code, fixed: logits of +-1000 would overflow a
plain e^z, but nn_pure's max-shifted softmax and log-sum-exp loss give
[1.0, 0.0] and a loss of exactly 2000.0 for the wrong class.
"""
import os
import sys

# Find nn_pure in this checkout: the examples run with no install step.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from nn_pure import SoftmaxCrossEntropy, softmax

print("softmax([2, 0]) = [%.4f, %.4f]" % tuple(softmax([2.0, 0.0])))
for label in (0, 1):
    loss = SoftmaxCrossEntropy().forward([[2.0, 0.0]], [label])
    print("loss if the class is %d: %.4f" % (label, loss))
print("softmax([1000, -1000]) =", softmax([1000.0, -1000.0]))
print("loss of a confident mistake:", SoftmaxCrossEntropy().forward([[1000.0, -1000.0]], [1]))
