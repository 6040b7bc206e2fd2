"""Tutorial B, step 4: the training regime, start to finish, with the loop written out.

One Linear(4, 2) layer with standard normal weights, the softmax cross-entropy
loss, and plain SGD.  4000 iterations, each on 4 rows drawn with replacement
from the 8 training rows, with a step of 0.04 on the mean gradient (the
tutorial's 0.01 on its summed one).  Prints the training-batch accuracy every
1000 iterations, the validation accuracy every 500, then 100% validation and
100% test accuracy, and the trained weights.

The loop is the one nn_pure.training.train_tutorial_b runs (through
train_random_batches), spelled out: the same seed gives the same batches,
the same weights and the same accuracies (tests/test_examples.py checks it).
"""
import os
import sys

# Find nn_pure in this checkout: the examples run with no install step.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from nn_pure import RNG, SGD, Linear, SoftmaxCrossEntropy, accuracy, toy_split

(X_train, y_train), (X_val, y_val), (X_test, y_test) = toy_split()
rng = RNG(0)                                # one generator: first the weights, then the batches
layer = Linear(4, 2, rng, scale=1.0)        # W: 4x2 standard normal draws, b = [0, 0]
loss_layer = SoftmaxCrossEntropy()
optimizer = SGD(0.04)                       # W <- W - 0.04 * dW,  b <- b - 0.04 * db

for iteration in range(1, 4001):
    rows = [rng.randrange(len(X_train)) for _ in range(4)]     # 4 rows, with replacement
    batch = [X_train[r] for r in rows]
    target = [y_train[r] for r in rows]

    logits = layer.forward(batch)                       # forward pass: X W + b
    loss = loss_layer.forward(logits, target)           # mean cross-entropy of the batch

    dlogits = loss_layer.backward()                     # (softmax - onehot) / 4
    layer.backward(dlogits, input_gradient=False)       # dW = X^T dlogits, db = column sums

    optimizer.step(layer.parameters(), layer.gradients())   # the update

    if iteration % 1000 == 0:           # this batch, scored on the logits computed before the step
        batch_accuracy = accuracy(target, loss_layer.last_predictions())
        print("iteration %4d  training batch accuracy %.0f%%" % (iteration, 100 * batch_accuracy))
    if iteration % 500 == 0:
        val_predictions = loss_layer.predictions(layer.forward(X_val))
        print("iteration %4d  validation accuracy %.0f%%"
              % (iteration, 100 * accuracy(y_val, val_predictions)))

test_predictions = loss_layer.predictions(layer.forward(X_test))
print("Test accuracy: %.0f%%" % (100 * accuracy(y_test, test_predictions)))
# The label is the third feature: its row of W should favour class 1 by far the most.
print("W after training (one row per feature, one column per class):")
for W_row in layer.W:
    print("  [%8.4f %8.4f]" % tuple(W_row))
