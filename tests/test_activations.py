import math
import unittest

from nn_pure import RNG, ReLU, Sigmoid, Tanh, deriv_sigmoid, sigmoid
from nn_pure.activations import ACTIVATIONS, LeakyReLU, init_scale
from nn_pure.checks import NNPureError

from tests.helpers import assert_gradients_match, matrix_checks, random_matrix


class TestSigmoid(unittest.TestCase):
    def test_tutorial_neuron_value(self):
        # Tutorial A: w = [0, 1], b = 4, x = [2, 3] gives f(7) = 0.9990889488055994.
        self.assertAlmostEqual(sigmoid(7.0), 0.9990889488055994, delta=1e-15)

    def test_extreme_inputs_do_not_overflow(self):
        # Property: finite input of any size gives a value in [0, 1], never an exception.
        for x in (-1e308, -1000.0, -710.0, 710.0, 1000.0, 1e308):
            with self.subTest(x=x):
                y = sigmoid(x)
                self.assertTrue(0.0 <= y <= 1.0)
        self.assertEqual(sigmoid(-1000.0), 0.0)
        self.assertEqual(sigmoid(1000.0), 1.0)

    def test_symmetry(self):
        # Property: f(-x) = 1 - f(x).
        for x in (0.1, 1.0, 3.5, 20.0):
            self.assertAlmostEqual(sigmoid(-x), 1.0 - sigmoid(x), delta=1e-15)

    def test_both_branches_agree_with_the_textbook_formula(self):
        # The stable form must equal 1 / (1 + e^-x) wherever that formula works.
        for x in (-30.0, -5.0, -0.5, 0.0, 0.5, 5.0, 30.0):
            self.assertAlmostEqual(sigmoid(x), 1.0 / (1.0 + math.exp(-x)), delta=1e-15)


class TestDerivSigmoid(unittest.TestCase):
    def test_matches_central_difference(self):
        # Property: f'(x) equals (f(x + h) - f(x - h)) / 2h.
        h = 1e-6
        for x in (-6.0, -1.0, 0.0, 0.3, 2.0, 6.0):
            numeric = (sigmoid(x + h) - sigmoid(x - h)) / (2 * h)
            self.assertAlmostEqual(deriv_sigmoid(x), numeric, places=9)

    def test_peak_and_tails(self):
        self.assertEqual(deriv_sigmoid(0.0), 0.25)
        self.assertEqual(deriv_sigmoid(-1000.0), 0.0)
        self.assertEqual(deriv_sigmoid(1000.0), 0.0)


class TestActivationLayers(unittest.TestCase):
    def test_forward_applies_the_function_to_every_element(self):
        X = [[-2.0, 0.0, 3.0], [0.5, -0.5, 1.0]]
        for layer, f in ((Sigmoid(), sigmoid), (Tanh(), math.tanh),
                         (ReLU(), lambda x: max(0.0, x))):
            with self.subTest(layer=type(layer).__name__):
                self.assertEqual(layer.forward(X), [[f(x) for x in row] for row in X])

    def test_backward_matches_finite_differences(self):
        # Property: dX from backward(dY) equals d/dX of sum(forward(X) * dY), for each layer.
        rng = RNG(21)
        X = random_matrix(rng, 3, 4, 2.0)
        dY = random_matrix(rng, 3, 4)
        for make in (Sigmoid, Tanh, ReLU):
            layer = make()

            def loss():
                total = 0.0
                for y_row, d_row in zip(make().forward(X), dY):
                    total += sum(y * d for y, d in zip(y_row, d_row))
                return total

            layer.forward(X)
            dX = layer.backward(dY)
            with self.subTest(layer=make.__name__):
                assert_gradients_match(self, loss, matrix_checks("X", X, dX))

    def test_saturation_never_overflows(self):
        for layer in (Sigmoid(), Tanh(), ReLU()):
            out = layer.forward([[-1e300, 1e300]])
            self.assertTrue(all(math.isfinite(v) for v in out[0]))


class TestLeakyReLU(unittest.TestCase):
    def test_forward_is_x_or_slope_times_x(self):
        X = [[-2.0, 0.0, 3.0], [0.5, -0.5, -100.0]]
        for slope in (0.01, 0.2, 0.0):
            with self.subTest(slope=slope):
                self.assertEqual(LeakyReLU(slope).forward(X),
                                 [[x if x > 0 else slope * x for x in row] for row in X])

    def test_default_slope_is_pytorchs(self):
        self.assertEqual(LeakyReLU().negative_slope, 0.01)
        self.assertIs(ACTIVATIONS["leaky_relu"], LeakyReLU)

    def test_slope_zero_is_relu(self):
        X = [[-2.0, 0.0, 3.0]]
        self.assertEqual(LeakyReLU(0.0).forward(X), ReLU().forward(X))

    def test_backward_matches_finite_differences(self):
        # Property: dX from backward(dY) equals d/dX of sum(forward(X) * dY), both sides of 0.
        rng = RNG(22)
        X = random_matrix(rng, 3, 4, 2.0)
        dY = random_matrix(rng, 3, 4)
        self.assertTrue(any(x < 0 for row in X for x in row))
        self.assertTrue(any(x > 0 for row in X for x in row))
        for slope in (0.01, 0.3):
            layer = LeakyReLU(slope)

            def loss():
                total = 0.0
                for y_row, d_row in zip(LeakyReLU(slope).forward(X), dY):
                    for y, d in zip(y_row, d_row):
                        total += y * d
                return total

            layer.forward(X)
            dX = layer.backward(dY)
            with self.subTest(slope=slope):
                assert_gradients_match(self, loss, matrix_checks("X", X, dX))

    def test_bad_slopes_are_named_with_a_fix(self):
        for slope in (-0.1, 1.0):
            with self.assertRaisesRegex(NNPureError, r"LeakyReLU\(\): negative_slope is %r but "
                                                     r"must lie in \[0, 1\): the slope for x < 0; 0.01 is PyTorch's"
                                        % slope):
                LeakyReLU(slope)
        with self.assertRaisesRegex(TypeError, r"LeakyReLU\(\): negative_slope must be a number"):
            LeakyReLU("0.01")


class TestInitialization(unittest.TestCase):
    def test_each_activation_names_its_initialization(self):
        self.assertEqual({name: cls.init for name, cls in ACTIVATIONS.items()},
                         {"relu": "he", "leaky_relu": "he", "tanh": "glorot",
                          "sigmoid": "glorot"})

    def test_scales_match_the_formulas(self):
        # He: sqrt(2 / n_in).  Glorot normal: sqrt(2 / (n_in + n_out)).
        for n_in, n_out in ((1, 1), (20, 64), (64, 32), (784, 10)):
            with self.subTest(n_in=n_in, n_out=n_out):
                for name in ("relu", "leaky_relu"):
                    self.assertEqual(init_scale(name, n_in, n_out), math.sqrt(2.0 / n_in))
                for name in ("tanh", "sigmoid"):
                    self.assertEqual(init_scale(name, n_in, n_out),
                                     math.sqrt(2.0 / (n_in + n_out)))

    def test_he_keeps_a_relu_layers_signal_steady(self):
        # Property (He et al. 2015): with standard-normal inputs and He weights, the mean
        # square of ReLU(x W) is about that of x (1): here within 15% over 8 x 200 values.
        rng = RNG(12)
        n_in, n_out = 200, 200
        scale = init_scale("relu", n_in, n_out)
        W = random_matrix(rng, n_in, n_out, scale)
        W_columns = list(zip(*W))
        total = 0.0
        count = 0
        for _ in range(8):
            x = [rng.normal() for _ in range(n_in)]
            for column in W_columns:
                s = 0.0
                for x_i, w in zip(x, column):
                    s += x_i * w
                y = max(0.0, s)
                total += y * y
                count += 1
        self.assertAlmostEqual(total / count, 1.0, delta=0.15)

    def test_bad_arguments_are_named_with_a_fix(self):
        with self.assertRaisesRegex(NNPureError, r"init_scale\(\): no activation named 'gelu'; "
                                                 r"choose one of 'leaky_relu', 'relu', "
                                                 r"'sigmoid', 'tanh'"):
            init_scale("gelu", 3, 4)
        with self.assertRaisesRegex(NNPureError, r"init_scale\(\): n_in is 0 but must be at "
                                                 r"least 1"):
            init_scale("relu", 0, 4)
        with self.assertRaisesRegex(TypeError, r"init_scale\(\): n_out must be a whole number"):
            init_scale("relu", 3, 4.0)

