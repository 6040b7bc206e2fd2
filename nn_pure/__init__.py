"""nn_pure: neural networks in pure Python, with every loop written out.

Import the public names from here.  Reading order for a learner:
activations -> neuron -> losses -> network (Tutorial A), then gradcheck.
This file only gathers names; the command-line programs (train) are
separate modules and are not imported here.
"""
from nn_pure.activations import deriv_sigmoid, sigmoid
from nn_pure.data import EMILY, FRANK, PEOPLE_NAMES, PEOPLE_X, PEOPLE_Y
from nn_pure.gradcheck import numerical_derivative, relative_error
from nn_pure.losses import mse_loss
from nn_pure.matrix import dot
from nn_pure.network import PARAM_NAMES, NeuralNetwork
from nn_pure.neuron import Neuron
from nn_pure.rng import RNG

__version__ = "0.1.0"
