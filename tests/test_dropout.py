"""Tests for nn_pure.dropout: inverted dropout, its backward pass, and prediction mode."""
import unittest

from nn_pure.checks import NNPureError
from nn_pure.dropout import Dropout
from nn_pure.rng import RNG

from tests.helpers import assert_gradients_match, matrix_checks, random_matrix


class CountingRNG(RNG):
    """An RNG that counts its draws."""
    draws = 0

    def random(self):
        self.draws += 1
        return RNG.random(self)


class TestForward(unittest.TestCase):
    def test_values_are_dropped_or_scaled_by_one_over_keep_probability(self):
        # Definition: each Y value is 0 or X / (1 - rate), and the mask says which.
        X = random_matrix(RNG(1), 5, 6)
        layer = Dropout(0.25, RNG(2))
        Y = layer.forward(X)
        for x_row, y_row, mask_row in zip(X, Y, layer.mask):
            for x, y, m in zip(x_row, y_row, mask_row):
                self.assertIn(m, (0.0, 1.0 / 0.75))
                self.assertEqual(y, x * m)

    def test_mask_is_drawn_from_the_rng_as_documented(self):
        # rng.random() < rate drops, row by row, left to right.
        rng = RNG(9)
        expected = []
        for _ in range(3):
            expected.append([0.0 if rng.random() < 0.4 else 1.0 / 0.6 for _ in range(4)])
        layer = Dropout(0.4, RNG(9))
        layer.forward([[1.0] * 4] * 3)
        self.assertEqual(layer.mask, expected)

    def test_expected_value_is_unchanged(self):
        # Property: inverted dropout keeps the mean: E[Y] = X (here within 2%).
        layer = Dropout(0.3, RNG(4))
        total = 0.0
        n = 20000
        for _ in range(n // 100):
            for value in layer.forward([[1.0] * 100])[0]:
                total += value
        self.assertAlmostEqual(total / n, 1.0, delta=0.02)

    def test_drop_fraction_is_near_rate(self):
        layer = Dropout(0.2, RNG(5))
        dropped = 0
        for value in layer.forward([[1.0] * 5000])[0]:
            dropped += value == 0.0
        self.assertAlmostEqual(dropped / 5000.0, 0.2, delta=0.02)

    def test_prediction_is_the_identity(self):
        layer = Dropout(0.5, RNG(1))
        layer.training = False
        X = [[1.0, -2.0], [3.0, 4.0]]
        self.assertEqual(layer.forward(X), X)
        self.assertEqual(layer.backward([[5.0, 6.0], [7.0, 8.0]]), [[5.0, 6.0], [7.0, 8.0]])

    def test_rate_zero_is_exactly_the_identity_and_draws_nothing(self):
        # So a run with Dropout(0) gives the same bits as a run without the layer.
        rng = CountingRNG(3)
        layer = Dropout(0.0, rng)
        X = random_matrix(RNG(1), 4, 3)
        self.assertEqual(layer.forward(X), X)
        self.assertEqual(layer.backward(X), X)
        self.assertEqual(rng.draws, 0)

    def test_each_forward_draws_a_new_mask_unless_it_is_held(self):
        layer = Dropout(0.5, RNG(6))
        X = [[1.0] * 20]
        first, second = layer.forward(X), layer.forward(X)
        self.assertNotEqual(first, second)
        layer.fixed_mask = True
        held = layer.forward(X)
        self.assertEqual(layer.forward(X), held)
        self.assertEqual(held, second)          # the last mask is the one held

    def test_same_seed_same_masks(self):
        X = [[1.0] * 8] * 4
        self.assertEqual(Dropout(0.5, RNG(11)).forward(X), Dropout(0.5, RNG(11)).forward(X))


class TestBackward(unittest.TestCase):
    def test_backward_matches_finite_differences_with_the_mask_held(self):
        # With the mask fixed, Y is linear in X: dX from backward(dY) must equal
        # d/dX of sum(forward(X) * dY), measured by central differences.
        rng = RNG(21)
        X = random_matrix(rng, 3, 5, 2.0)
        dY = random_matrix(rng, 3, 5)
        layer = Dropout(0.4, RNG(8))
        layer.fixed_mask = True
        layer.forward(X)                        # draws the mask that is then held

        def loss():
            total = 0.0
            for y_row, d_row in zip(layer.forward(X), dY):
                for y, d in zip(y_row, d_row):
                    total += y * d
            return total

        loss()
        dX = layer.backward(dY)
        self.assertIn(0.0, dX[0] + dX[1] + dX[2])       # something was dropped
        assert_gradients_match(self, loss, matrix_checks("X", X, dX))

    def test_dropped_units_get_no_gradient(self):
        layer = Dropout(0.5, RNG(3))
        layer.forward([[1.0, 2.0, 3.0, 4.0]])
        dX = layer.backward([[1.0, 1.0, 1.0, 1.0]])
        for m, d in zip(layer.mask[0], dX[0]):
            self.assertEqual(d, m)


class TestErrors(unittest.TestCase):
    def test_bad_rates_and_rngs_are_named_with_a_fix(self):
        cases = [
            (lambda: Dropout(1.0, RNG(0)), NNPureError,
             r"Dropout\(\): rate is 1.0 but must lie in \[0, 1\): it is the probability of "
             r"dropping a value; 0.1 to 0.5 is usual"),
            (lambda: Dropout(-0.1, RNG(0)), NNPureError, r"rate is -0.1"),
            (lambda: Dropout("0.5", RNG(0)), TypeError, r"Dropout\(\): rate must be a number"),
            (lambda: Dropout(0.5, 42), TypeError,
             r"Dropout\(\): rng must be nn_pure's seeded RNG .* got int; pass RNG\(seed\)"),
        ]
        for make, error, message in cases:
            with self.subTest(message=message):
                with self.assertRaisesRegex(error, message):
                    make()

    def test_a_held_mask_of_another_shape_is_refused(self):
        layer = Dropout(0.5, RNG(0))
        layer.fixed_mask = True
        layer.forward([[1.0, 2.0]])
        with self.assertRaisesRegex(NNPureError, r"Dropout.forward\(\): X has 2 rows of 2 values "
                                                 r"but the mask has 1 rows of 2; fixed_mask is "
                                                 r"set: set fixed_mask = False"):
            layer.forward([[1.0, 2.0], [3.0, 4.0]])

    def test_backward_of_another_batch_is_refused(self):
        layer = Dropout(0.5, RNG(0))
        layer.forward([[1.0, 2.0]])
        with self.assertRaisesRegex(NNPureError, r"Dropout.backward\(\): dY has 1 rows of 3 "
                                                 r"values but the mask has 1 rows of 2; call "
                                                 r"forward\(\) on this batch first"):
            layer.backward([[1.0, 2.0, 3.0]])


if __name__ == "__main__":
    unittest.main()
