import unittest

from nn_pure import RNG, Linear, matmul, transpose

from tests.helpers import assert_gradients_match, matrix_checks, random_matrix, vector_checks


def weighted_sum_loss(Y, R):
    """L = sum_s sum_j Y[s][j] * R[s][j], whose gradient dL/dY is exactly R."""
    total = 0.0
    for y_row, r_row in zip(Y, R):
        for y, r in zip(y_row, r_row):
            total += y * r
    return total


class TestLinear(unittest.TestCase):
    def test_forward_is_X_W_plus_b(self):
        layer = Linear(3, 2, RNG(1))
        layer.b = [0.5, -1.0]
        X = random_matrix(RNG(2), 4, 3)
        expected = [[v + b for v, b in zip(row, layer.b)] for row in matmul(X, layer.W)]
        for got, want in zip(layer.forward(X), expected):
            for g, w in zip(got, want):
                self.assertAlmostEqual(g, w, places=12)

    def test_initial_weights_are_standard_normal_draws_and_zero_bias(self):
        # Tutorial B: W = randn(n_in, n_out), b = zeros(n_out); drawn row by row from the rng.
        rng = RNG(9)
        layer = Linear(4, 2, RNG(9))
        self.assertEqual(layer.W, [[rng.normal(), rng.normal()] for _ in range(4)])
        self.assertEqual(layer.b, [0.0, 0.0])

    def test_backward_matches_the_matrix_formulas(self):
        # dW = X^T dY, db = column sums of dY, dX = dY W^T.
        layer = Linear(3, 2, RNG(3))
        X = random_matrix(RNG(4), 5, 3)
        dY = random_matrix(RNG(5), 5, 2)
        layer.forward(X)
        dX = layer.backward(dY)
        for got, want in ((layer.dW, matmul(transpose(X), dY)),
                          (dX, matmul(dY, transpose(layer.W)))):
            for got_row, want_row in zip(got, want):
                for g, w in zip(got_row, want_row):
                    self.assertAlmostEqual(g, w, places=12)
        for j in range(2):
            self.assertAlmostEqual(layer.db[j], sum(row[j] for row in dY), places=12)

    def test_every_parameter_and_input_against_finite_differences(self):
        # Property: dW, db and dX all equal central differences of a loss with known dL/dY.
        for seed in range(3):
            layer = Linear(3, 4, RNG(seed))
            layer.b = [RNG(seed + 50).normal() for _ in range(4)]
            X = random_matrix(RNG(seed + 10), 5, 3)
            R = random_matrix(RNG(seed + 20), 5, 4)

            def loss():
                return weighted_sum_loss(layer.forward(X), R)

            loss()
            dX = layer.backward(R)
            checks = (matrix_checks("W", layer.W, layer.dW) + vector_checks("b", layer.b, layer.db)
                      + matrix_checks("X", X, dX))
            assert_gradients_match(self, loss, checks)

    def test_bad_shapes_are_named(self):
        layer = Linear(3, 2)
        with self.assertRaisesRegex(ValueError, r"X\[1\] has 2 values but this layer has 3 inputs"):
            layer.forward([[1, 2, 3], [1, 2]])
        layer.forward([[1, 2, 3]])
        with self.assertRaisesRegex(ValueError, r"dY\[0\] has 3 values but this layer has 2 outputs"):
            layer.backward([[1, 2, 3]])
        with self.assertRaisesRegex(ValueError, "dY has 2 rows but the last forward"):
            layer.backward([[1, 2], [3, 4]])
        with self.assertRaisesRegex(ValueError, "n_in is 0 but must be at least 1"):
            Linear(0, 2)
