import unittest

from nn_pure import (EMILY, FRANK, PARAM_NAMES, PEOPLE_X, PEOPLE_Y, RNG, NeuralNetwork,
                     numerical_derivative, relative_error)

from tests.helpers import assert_gradients_match

ALL_ONES = dict(w1=1, w2=1, w3=1, w4=1, w5=1, w6=1, b1=0, b2=0, b3=0)
# docs/reference.md, Tutorial A: the fixed start of the reference trajectory ...
START = dict(w1=0.5, w2=-0.3, w3=0.8, w4=0.1, w5=-0.6, w6=0.9, b1=0.05, b2=-0.2, b3=0.3)
# ... and where 1000 epochs at learning rate 0.1 take it.
AFTER_1000 = dict(w1=1.5519908825952882, w2=0.22509324178410375, w3=1.2067522166950866,
                  w4=0.30337559843323264, w5=-3.8076341878517543, w6=-2.3016367514639584,
                  b1=-0.4728471375490459, b2=-0.403373358722883, b3=2.9216253612740104)


class TestFeedforward(unittest.TestCase):
    def test_tutorial_feedforward(self):
        # Tutorial A: every neuron w = [0, 1], b = 0, x = [2, 3]: h1 = h2 = 0.95257..., o1 = 0.72163...
        net = NeuralNetwork(w1=0, w2=1, w3=0, w4=1, w5=0, w6=1, b1=0, b2=0, b3=0)
        q = net.backprop([2, 3], 0)
        self.assertAlmostEqual(q["h1"], 0.9525741268224334, delta=1e-15)
        self.assertAlmostEqual(q["h2"], 0.9525741268224334, delta=1e-15)
        self.assertAlmostEqual(net.feedforward([2, 3]), 0.7216325609518421, delta=1e-15)

    def test_from_seed_draws_all_nine_and_repeats(self):
        a, b = NeuralNetwork.from_seed(3), NeuralNetwork.from_seed(3)
        self.assertEqual(a.parameters(), b.parameters())
        self.assertEqual(len(set(a.named_parameters().values())), 9)
        self.assertNotEqual(a.parameters(), NeuralNetwork.from_seed(4).parameters())


class TestWorkedBackprop(unittest.TestCase):
    def test_every_factor_of_the_worked_example(self):
        # Tutorial A's worked example: Alice, all weights 1, all biases 0 (docs/reference.md, to 1e-12).
        q = NeuralNetwork(**ALL_ONES).backprop([-2, -1], 1)
        expected = {"h1": 0.04742587317756678, "h2": 0.04742587317756678,
                    "y_pred": 0.5236951740839997, "d_L_d_ypred": -0.9526096518320006,
                    "d_ypred_d_h1": 0.24943853872512894, "d_h1_d_w1": -0.09035331946182427,
                    "d_L_d_w1": 0.02146953526581111}
        for name, value in expected.items():
            with self.subTest(quantity=name):
                self.assertAlmostEqual(q[name], value, delta=1e-12)

    def test_partial_derivatives_are_the_nine_named_gradients(self):
        net = NeuralNetwork(**ALL_ONES)
        grads = net.partial_derivatives([-2, -1], 1)
        self.assertEqual(sorted(grads), sorted(PARAM_NAMES))
        q = net.backprop([-2, -1], 1)
        for name in PARAM_NAMES:
            self.assertEqual(grads[name], q["d_L_d_" + name])


class TestGradientCheck(unittest.TestCase):
    def test_all_nine_partials_match_central_differences(self):
        # Property: each hand-derived dL/dp equals (L(p+h) - L(p-h)) / 2h, relative error < 1e-6,
        # on random parameters and random samples from several seeds.
        for seed in range(8):
            rng = RNG(1000 + seed)
            net = NeuralNetwork.from_seed(seed)
            x = [3.0 * rng.normal(), 3.0 * rng.normal()]
            y_true = float(rng.randrange(2))
            grads = net.partial_derivatives(x, y_true)
            for name in PARAM_NAMES:
                with self.subTest(seed=seed, param=name):
                    numeric = numerical_derivative(
                        lambda: (y_true - net.feedforward(x)) ** 2, net, name)
                    self.assertLess(relative_error(grads[name], numeric), 1e-6)

    def test_checker_leaves_the_parameter_unchanged(self):
        net = NeuralNetwork.from_seed(1)
        before = net.parameters()
        numerical_derivative(lambda: net.feedforward([1.0, 2.0]), net, "w3")
        self.assertEqual(net.parameters(), before)


class TestTraining(unittest.TestCase):
    def test_reference_trajectory(self):
        # docs/reference.md: 1000 epochs from START at learning rate 0.1 (parameters to 1e-9).
        net = NeuralNetwork(**START)
        losses = net.train(PEOPLE_X, PEOPLE_Y, epochs=1000, learn_rate=0.1)
        self.assertEqual(len(losses), 1000)
        for name, value in AFTER_1000.items():
            with self.subTest(param=name):
                self.assertAlmostEqual(getattr(net, name), value, delta=1e-9)
        self.assertAlmostEqual(losses[0], 0.28865502563171563, delta=1e-12)
        self.assertAlmostEqual(losses[990], 0.0023798600233657973, delta=1e-12)
        self.assertAlmostEqual(net.feedforward(EMILY), 0.9488976044299745, delta=1e-9)
        self.assertAlmostEqual(net.feedforward(FRANK), 0.03963329766783712, delta=1e-9)

    def test_random_starts_learn_the_task(self):
        # Property: from any of 10 seeds, Emily ends up F (> 0.5), Frank M (< 0.5),
        # and the final loss is below a tenth of the first.
        for seed in range(10):
            with self.subTest(seed=seed):
                net = NeuralNetwork.from_seed(seed)
                losses = net.train(PEOPLE_X, PEOPLE_Y)
                self.assertGreater(net.feedforward(EMILY), 0.5)
                self.assertLess(net.feedforward(FRANK), 0.5)
                self.assertLess(losses[-1], losses[0] / 10)

    def test_one_step_lowers_that_samples_loss(self):
        net = NeuralNetwork.from_seed(2)
        x, y_true = PEOPLE_X[0], PEOPLE_Y[0]
        before = (y_true - net.feedforward(x)) ** 2
        net.train([x], [y_true], epochs=1, learn_rate=0.1)
        self.assertLess((y_true - net.feedforward(x)) ** 2, before)

    def test_same_seed_same_bits(self):
        # Bit for bit: the golden values were recorded from this seed and hold on every
        # CPython from 3.6 (CI runs this suite on each); repr compares all 17 digits.
        net = NeuralNetwork.from_seed(42)
        losses = net.train(PEOPLE_X, PEOPLE_Y, epochs=200)
        again = NeuralNetwork.from_seed(42)
        self.assertEqual(again.train(PEOPLE_X, PEOPLE_Y, epochs=200), losses)
        self.assertEqual(again.parameters(), net.parameters())
        self.assertEqual(repr(losses[-1]), GOLDEN_LOSS_SEED_42_EPOCH_199)
        self.assertEqual(repr(net.w1), GOLDEN_W1_SEED_42_EPOCH_199)

    def test_report_every(self):
        seen = []
        NeuralNetwork.from_seed(0).train(PEOPLE_X, PEOPLE_Y, epochs=250, report_every=100,
                                         report=lambda epoch, loss: seen.append(epoch))
        self.assertEqual(seen, [1, 100, 200, 250])     # counted from 1

    def test_zero_epochs_changes_nothing(self):
        net = NeuralNetwork.from_seed(0)
        before = net.parameters()
        self.assertEqual(net.train(PEOPLE_X, PEOPLE_Y, epochs=0), [])
        self.assertEqual(net.parameters(), before)


GOLDEN_LOSS_SEED_42_EPOCH_199 = "0.015123964036674972"
GOLDEN_W1_SEED_42_EPOCH_199 = "1.1719515706729147"


class TestBadInput(unittest.TestCase):
    def setUp(self):
        self.net = NeuralNetwork.from_seed(0)

    def test_wrong_input_length(self):
        with self.assertRaisesRegex(ValueError, "x has 3 values but 2 are expected"):
            self.net.feedforward([1, 2, 3])
        with self.assertRaisesRegex(ValueError, r"data\[1\] has 1 values but 2 are expected"):
            self.net.train([[1, 2], [3]], [0, 1])

    def test_empty_and_mismatched_data(self):
        with self.assertRaisesRegex(ValueError, "data is empty"):
            self.net.train([], [])
        with self.assertRaisesRegex(ValueError, "data has 2 rows but y_trues has 1"):
            self.net.train([[1, 2], [3, 4]], [1])

    def test_non_finite_values(self):
        with self.assertRaisesRegex(ValueError, r"data\[0\]\[1\] is nan"):
            self.net.train([[1, float("nan")]], [1])
        with self.assertRaisesRegex(ValueError, r"y_trues\[0\] is inf"):
            self.net.train([[1, 2]], [float("inf")])
        with self.assertRaisesRegex(ValueError, "w2 is nan"):
            NeuralNetwork(**dict(ALL_ONES, w2=float("nan")))

    def test_bad_learning_rate_and_epochs(self):
        for rate in (0, -0.1):
            with self.assertRaisesRegex(ValueError, "learn_rate is .* but must be positive"):
                self.net.train(PEOPLE_X, PEOPLE_Y, learn_rate=rate)
        with self.assertRaisesRegex(ValueError, "epochs is -1 but must be at least 0"):
            self.net.train(PEOPLE_X, PEOPLE_Y, epochs=-1)

    def test_wrong_kinds(self):
        with self.assertRaisesRegex(TypeError, "epochs must be a whole number, got float"):
            self.net.train(PEOPLE_X, PEOPLE_Y, epochs=10.5)
        with self.assertRaisesRegex(TypeError, r"x\[0\] must be a number, got str"):
            self.net.feedforward(["1", 2])
        with self.assertRaises(TypeError):             # a missing parameter: all nine are required
            NeuralNetwork(w1=1)


class TestModelInterface(unittest.TestCase):
    # Property: the 2-2-1 network answers what an MLP answers, with the same shapes.
    def test_parameters_round_trip_and_match_the_mlp_bridge(self):
        from nn_pure import MLP
        net = NeuralNetwork.from_seed(5)
        self.assertEqual(MLP.from_network(net).parameters(), net.parameters())
        other = NeuralNetwork.from_seed(6)
        other.set_parameters(net.parameters())
        self.assertEqual(other.named_parameters(), net.named_parameters())

    def test_batch_gradient_is_the_mean_and_matches_central_differences(self):
        net = NeuralNetwork.from_seed(2)
        data, y_trues = PEOPLE_X, PEOPLE_Y
        net.loss(data, y_trues)
        net.backward()
        (W1, b1, W2, b2) = net.gradients()
        analytic = {"w1": W1[0][0], "w3": W1[0][1], "w2": W1[1][0], "w4": W1[1][1],
                    "b1": b1[0], "b2": b1[1], "w5": W2[0][0], "w6": W2[1][0], "b3": b2[0]}
        assert_gradients_match(self, lambda: net.loss(data, y_trues),
                               [(name, net, name, analytic[name]) for name in PARAM_NAMES])

    def test_predict_proba_and_predict(self):
        net = NeuralNetwork(w1=0, w2=1, w3=0, w4=1, w5=0, w6=1, b1=0, b2=0, b3=0)
        (p,) = net.predict_proba([[2, 3]])
        # h1 = h2 = sigmoid(3), o1 = sigmoid(sigmoid(3)): the tutorial's 0.7216
        self.assertAlmostEqual(p[1], 0.7216325609518421, delta=1e-15)
        self.assertEqual(net.predict([[2, 3]]), [1])

    def test_overflowing_inputs_stop_with_a_message(self):
        # Finite input, but w * x + w * x is inf - inf: NaN, which no answer may be.
        net = NeuralNetwork(w1=1e300, w2=-1e300, w3=0, w4=0, w5=1, w6=1, b1=0, b2=0, b3=0)
        with self.assertRaisesRegex(ValueError, "row 0 gives NaN"):
            net.predict_proba([[1e10, 1e10]])
