"""nn_pure: neural networks in pure Python, with every loop written out.

Import the public names from here.  Reading order for a learner:
Tutorial A: activations -> matrix (dot) -> neuron -> losses -> network -> gradcheck.
Tutorial B and beyond: matrix -> linear -> losses -> mlp -> training -> metrics.
This file only gathers names; the command-line programs (train) are separate
modules and are not imported here.
"""
from nn_pure.activations import ReLU, Sigmoid, Tanh, deriv_sigmoid, sigmoid
from nn_pure.data import (EMILY, FRANK, PEOPLE_NAMES, PEOPLE_X, PEOPLE_Y, TOY_X, TOY_Y,
                          make_xor, toy_split, xor_split)
from nn_pure.gradcheck import numerical_derivative, relative_error
from nn_pure.linear import Linear
from nn_pure.losses import MSE, SoftmaxCrossEntropy, mse_loss, softmax
from nn_pure.matrix import argmax, dot, matmul, transpose
from nn_pure.metrics import accuracy
from nn_pure.mlp import MLP
from nn_pure.network import PARAM_NAMES, NeuralNetwork
from nn_pure.neuron import Neuron
from nn_pure.rng import RNG
from nn_pure.training import (TUTORIAL_B_LEARN_RATE, sgd_step, train_epochs, train_people,
                              train_random_batches, train_tutorial_b)

__version__ = "0.1.0"
