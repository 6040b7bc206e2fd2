import math
import unittest

from nn_pure import RNG, ReLU, Sigmoid, Tanh, deriv_sigmoid, sigmoid

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
