"""Update rules: how a model's parameters move once their gradients are known.

(A first version holding plain SGD; momentum, AdaGrad, RMSprop, Adam and
AdamW join it.)
"""


class SGD:
    """Plain gradient descent: p <- p - learn_rate * g for every number p, g is its gradient.

    >>> W, b = [[1.0, 2.0]], [0.5]
    >>> SGD(0.1).step([W, b], [[[10.0, -10.0]], [1.0]])
    >>> W, b
    ([[0.0, 3.0]], [0.4])
    """

    def __init__(self, learn_rate):
        self.learn_rate = learn_rate

    def step(self, parameters, gradients):
        learn_rate = self.learn_rate
        for p, g in zip(parameters, gradients):
            if type(p[0]) is list:                  # a matrix: one row at a time
                for p_row, g_row in zip(p, g):
                    for j, g_j in enumerate(g_row):
                        p_row[j] -= learn_rate * g_j
            else:
                for j, g_j in enumerate(g):
                    p[j] -= learn_rate * g_j
