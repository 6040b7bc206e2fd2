"""nn_pure: neural networks in pure Python, with every loop written out.

The public names, all importable from here, in a learner's reading order:

Tutorial A, a neuron and a 2-2-1 network:
    sigmoid, deriv_sigmoid          the activation and its slope (activations)
    dot                             the weighted sum (matrix)
    Neuron                          one neuron (neuron)
    mse_loss                        the mean squared error (losses)
    NeuralNetwork, PARAM_NAMES      w1..w6, b1..b3 and hand-derived backprop (network)
    numerical_derivative, relative_error   the finite-difference oracle (gradcheck)
    PEOPLE_NAMES, PEOPLE_X, PEOPLE_Y, EMILY, FRANK   the tutorial's people (data)
    train_people                    the tutorial's run (training)

Tutorial B and beyond, layers trained on batches:
    matmul, transpose, argmax       lists as matrices (matrix)
    Linear                          X W + b and its backward pass (linear)
    Sigmoid, Tanh, ReLU, LeakyReLU  activation layers (activations)
    softmax, SoftmaxCrossEntropy, BinaryCrossEntropy, MSE, LOSSES   losses (losses)
    MLP                             layers stacked, with a loss on top (mlp)
    SGD, AdaGrad, RMSprop, Adam, AdamW, OPTIMIZERS, clip_by_global_norm
                                    update rules, in the order they were invented (optim)
    sgd_step, train_random_batches, train_epochs, train_tutorial_b,
    TUTORIAL_B_LEARN_RATE           the training loops (training)
    accuracy                        scoring (classification_metrics)
    TOY_X, TOY_Y, toy_split, make_xor, xor_split   small data sets (data)
    RNG                             the seeded random numbers every run uses (rng)

Your own data: nn_pure.encode (missing cells and categories),
nn_pure.preprocess (split, standardize), nn_pure.pipeline (Pipeline),
nn_pure.fitting (fit_pipeline) and nn_pure.crossval (cross_validate).
Errors: NNPureError, a ValueError, for anything wrong in what nn_pure was given.

Everything else, in any module, is implementation detail and may change.
This file only gathers names: importing nn_pure trains, prints and reads
nothing, and loads nothing from nn_pure.cli, the command-line side.
"""
from nn_pure.activations import LeakyReLU, ReLU, Sigmoid, Tanh, deriv_sigmoid, sigmoid
from nn_pure.checks import NNPureError
from nn_pure.classification_metrics import accuracy
from nn_pure.data import (EMILY, FRANK, PEOPLE_NAMES, PEOPLE_X, PEOPLE_Y, TOY_X, TOY_Y,
                          make_xor, toy_split, xor_split)
from nn_pure.gradcheck import numerical_derivative, relative_error
from nn_pure.linear import Linear
from nn_pure.losses import (LOSSES, MSE, BinaryCrossEntropy, SoftmaxCrossEntropy, mse_loss,
                            softmax)
from nn_pure.matrix import argmax, dot, matmul, transpose
from nn_pure.mlp import MLP
from nn_pure.network import PARAM_NAMES, NeuralNetwork
from nn_pure.neuron import Neuron
from nn_pure.optim import OPTIMIZERS, SGD, AdaGrad, Adam, AdamW, RMSprop, clip_by_global_norm
from nn_pure.rng import RNG
from nn_pure.training import (TUTORIAL_B_LEARN_RATE, sgd_step, train_epochs, train_people,
                              train_random_batches, train_tutorial_b)

__version__ = "0.2.0"
