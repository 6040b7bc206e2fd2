import math
import unittest

from nn_pure import MSE, RNG, SoftmaxCrossEntropy, mse_loss, softmax

from tests.helpers import assert_gradients_match, matrix_checks, random_matrix


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


class TestSoftmax(unittest.TestCase):
    def test_sums_to_one_and_ignores_a_shift(self):
        # Properties: probabilities sum to 1; adding a constant to every logit changes nothing.
        z = [1.0, 2.0, 3.0]
        p = softmax(z)
        self.assertAlmostEqual(sum(p), 1.0, places=15)
        for a, b in zip(p, softmax([v + 100.0 for v in z])):
            self.assertAlmostEqual(a, b, places=15)
        self.assertAlmostEqual(p[2], 0.6652409557748219, places=15)   # e^3 / (e + e^2 + e^3)

    def test_batch_is_row_by_row(self):
        self.assertEqual(softmax([[1.0, 2.0], [5.0, 5.0]]), [softmax([1.0, 2.0]), [0.5, 0.5]])

    def test_huge_logits_stay_finite(self):
        # Tutorial B's softmax exponentiates raw logits and overflows here; ours shifts by max.
        self.assertEqual(softmax([1000.0, -1000.0]), [1.0, 0.0])
        self.assertEqual(softmax([-1000.0, -1000.0]), [0.5, 0.5])
        self.assertEqual(softmax([1e308, 0.0]), [1.0, 0.0])

    def test_bad_input(self):
        with self.assertRaisesRegex(ValueError, "empty"):
            softmax([])
        with self.assertRaisesRegex(ValueError, r"logits\[1\] is nan"):
            softmax([1.0, float("nan")])


def per_row_loss(z, y):
    """-log softmax(z)[y] for one row, straight from the definition (small logits only)."""
    return -math.log(math.exp(z[y]) / sum(math.exp(v) for v in z))


class TestSoftmaxCrossEntropy(unittest.TestCase):
    def test_batch_loss_and_gradient_are_the_means_of_the_rows(self):
        # The fault docs/reference.md names: Tutorial B divides by the class count and broadcasts
        # its labels.  Here, for any batch size and class count, the batch loss is the mean of
        # the rows' losses and its gradient the mean of their gradients.
        rng = RNG(11)
        for n_classes in (2, 5):
            for batch_size in (1, 3, 4, 7):
                with self.subTest(n_classes=n_classes, batch_size=batch_size):
                    logits = random_matrix(rng, batch_size, n_classes, 2.0)
                    labels = [rng.randrange(n_classes) for _ in range(batch_size)]
                    layer = SoftmaxCrossEntropy()
                    loss = layer.forward(logits, labels)
                    grad = layer.backward()
                    row_losses, row_grads = [], []
                    for z, y in zip(logits, labels):
                        single = SoftmaxCrossEntropy()
                        row_losses.append(single.forward([z], [y]))
                        row_grads.append(single.backward()[0])
                        self.assertAlmostEqual(row_losses[-1], per_row_loss(z, y), places=12)
                    self.assertAlmostEqual(loss, sum(row_losses) / batch_size, places=12)
                    for s in range(batch_size):
                        for j in range(n_classes):
                            self.assertAlmostEqual(grad[s][j], row_grads[s][j] / batch_size,
                                                   places=12)

    def test_gradient_matches_finite_differences(self):
        rng = RNG(12)
        logits = random_matrix(rng, 4, 3, 2.0)
        labels = [0, 2, 1, 2]
        layer = SoftmaxCrossEntropy()
        layer.forward(logits, labels)
        dlogits = layer.backward()
        assert_gradients_match(self, lambda: SoftmaxCrossEntropy().forward(logits, labels),
                               matrix_checks("logits", logits, dlogits))

    def test_backward_is_softmax_minus_onehot_over_n(self):
        layer = SoftmaxCrossEntropy()
        layer.forward([[0.0, 0.0], [0.0, 0.0]], [0, 1])
        self.assertEqual(layer.backward(), [[-0.25, 0.25], [0.25, -0.25]])

    def test_confidently_wrong_is_large_and_finite(self):
        # -log p_y where p_y = e^-2000 / (1 + e^-2000) underflows: the log-sum-exp gives 2000.
        layer = SoftmaxCrossEntropy()
        self.assertEqual(layer.forward([[1000.0, -1000.0]], [1]), 2000.0)
        self.assertEqual(layer.backward(), [[1.0, -1.0]])
        self.assertEqual(SoftmaxCrossEntropy().forward([[1000.0, -1000.0]], [0]), 0.0)

    def test_bad_labels(self):
        layer = SoftmaxCrossEntropy()
        with self.assertRaisesRegex(ValueError, r"labels\[1\] is 2 but there are 2 classes"):
            layer.forward([[0.0, 1.0], [1.0, 0.0]], [0, 2])
        with self.assertRaisesRegex(ValueError, r"labels\[0\] is -1"):
            layer.forward([[0.0, 1.0]], [-1])
        with self.assertRaisesRegex(ValueError, "2 rows but 1 labels"):
            layer.forward([[0.0, 1.0], [1.0, 0.0]], [0])
        with self.assertRaisesRegex(TypeError, "labels must be whole numbers"):
            layer.forward([[0.0, 1.0]], [0.5])
        with self.assertRaisesRegex(ValueError, "the batch is empty"):
            layer.forward([], [])


class TestMSELayer(unittest.TestCase):
    def test_tutorial_value_and_gradient(self):
        layer = MSE()
        self.assertEqual(layer.forward([[0.0], [0.0], [0.0], [0.0]], [[1], [0], [0], [1]]), 0.5)
        rng = RNG(13)
        Y_pred = random_matrix(rng, 3, 2)
        Y_true = random_matrix(rng, 3, 2)
        layer.forward(Y_pred, Y_true)
        assert_gradients_match(self, lambda: MSE().forward(Y_pred, Y_true),
                               matrix_checks("Y_pred", Y_pred, layer.backward()))

    def test_bad_shapes(self):
        with self.assertRaisesRegex(ValueError, "Y_pred has 2 rows but Y_true has 1"):
            MSE().forward([[1.0], [2.0]], [[1.0]])
        with self.assertRaisesRegex(ValueError, "a prediction has 2 values but its target has 1"):
            MSE().forward([[1.0, 2.0]], [[1.0]])
