import unittest

from nn_pure import mse_loss


class TestMSE(unittest.TestCase):
    def test_tutorial_value(self):
        # Tutorial A: labels [1, 0, 0, 1] against predictions of 0 give 0.5.
        self.assertEqual(mse_loss([1, 0, 0, 1], [0, 0, 0, 0]), 0.5)

    def test_zero_for_perfect_predictions_and_a_mean_not_a_sum(self):
        self.assertEqual(mse_loss([0.25, 0.75], [0.25, 0.75]), 0.0)
        # Doubling the data set (same rows twice) must not change a mean.
        self.assertEqual(mse_loss([1, 0] * 2, [0.5, 0.25] * 2), mse_loss([1, 0], [0.5, 0.25]))

    def test_bad_input(self):
        with self.assertRaisesRegex(ValueError, "y_true has 2 rows but y_pred has 3"):
            mse_loss([1, 0], [1, 0, 0])
        with self.assertRaisesRegex(ValueError, "empty"):
            mse_loss([], [])
        with self.assertRaisesRegex(ValueError, r"y_pred\[0\] is inf"):
            mse_loss([1], [float("inf")])
