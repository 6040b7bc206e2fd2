import unittest

from nn_pure import MLP, PARAM_NAMES, RNG, NeuralNetwork, softmax

from tests.helpers import assert_gradients_match, matrix_checks, random_matrix, vector_checks


def all_parameter_checks(model):
    checks = []
    for n, linear in enumerate(model.linears):
        checks += matrix_checks("W%d" % (n + 1), linear.W, linear.dW)
        checks += vector_checks("b%d" % (n + 1), linear.b, linear.db)
    return checks


class TestMLPStructure(unittest.TestCase):
    def test_layers_follow_sizes(self):
        model = MLP([4, 8, 5, 3], activation="relu")
        self.assertEqual([type(layer).__name__ for layer in model.layers],
                         ["Linear", "ReLU", "Linear", "ReLU", "Linear"])
        self.assertEqual([(lin.n_in, lin.n_out) for lin in model.linears], [(4, 8), (8, 5), (5, 3)])
        self.assertEqual(len(model.parameters()), 6)

    def test_two_sizes_is_tutorial_b_linear_softmax(self):
        model = MLP([4, 2], weight_scale=1.0, rng=RNG(5))
        self.assertEqual([type(layer).__name__ for layer in model.layers], ["Linear"])
        rng = RNG(5)
        self.assertEqual(model.linears[0].W, [[rng.normal(), rng.normal()] for _ in range(4)])

    def test_predict_proba_is_softmax_of_forward_and_predict_its_argmax(self):
        model = MLP([3, 4, 3], rng=RNG(6))
        X = random_matrix(RNG(7), 5, 3)
        probs = model.predict_proba(X)
        self.assertEqual(probs, softmax(model.forward(X)))
        self.assertEqual(model.predict(X), [p.index(max(p)) for p in probs])

    def test_same_rng_seed_same_model(self):
        self.assertEqual(MLP([3, 5, 2], rng=RNG(1)).parameters(),
                         MLP([3, 5, 2], rng=RNG(1)).parameters())
        self.assertNotEqual(MLP([3, 5, 2], rng=RNG(1)).parameters(),
                            MLP([3, 5, 2], rng=RNG(2)).parameters())


class TestMLPGradients(unittest.TestCase):
    def test_two_hidden_layers_softmax_against_finite_differences(self):
        # Every weight and bias of a 3-5-4-3 MLP, for each activation.
        for activation in ("tanh", "sigmoid", "relu"):
            model = MLP([3, 5, 4, 3], activation=activation, rng=RNG(8))
            for linear in model.linears:                   # non-zero biases exercise db
                linear.b = [0.1 * (j + 1) for j in range(linear.n_out)]
            X = random_matrix(RNG(9), 6, 3)
            y = [0, 1, 2, 2, 1, 0]
            model.loss(X, y)
            model.backward()
            with self.subTest(activation=activation):
                assert_gradients_match(self, lambda: model.loss(X, y), all_parameter_checks(model))

    def test_mse_regression_against_finite_differences(self):
        model = MLP([2, 4, 1], activation="tanh", loss="mse", rng=RNG(10))
        X = random_matrix(RNG(11), 5, 2)
        y = [0.5, -1.0, 2.0, 0.0, 1.5]
        model.loss(X, y)
        model.backward()
        assert_gradients_match(self, lambda: model.loss(X, y), all_parameter_checks(model))


class TestBridgeToTutorialA(unittest.TestCase):
    def test_network_and_its_mlp_twin_agree(self):
        # The 2-2-1 network is a [2, 2, 1] sigmoid MLP with MSE: outputs and all nine
        # gradients agree to 1e-12, hidden W = [[w1, w3], [w2, w4]].
        for seed in range(5):
            net = NeuralNetwork.from_seed(seed)
            model = MLP.from_network(net)
            rng = RNG(seed + 100)
            x = [3.0 * rng.normal(), 3.0 * rng.normal()]
            y_true = float(rng.randrange(2))
            with self.subTest(seed=seed):
                self.assertAlmostEqual(model.forward([x])[0][0], net.feedforward(x), delta=1e-12)
                model.loss([x], [y_true])
                model.backward()
                dW1, db1, dW2, db2 = model.gradients()
                as_named = {"w1": dW1[0][0], "w2": dW1[1][0], "w3": dW1[0][1], "w4": dW1[1][1],
                            "w5": dW2[0][0], "w6": dW2[1][0],
                            "b1": db1[0], "b2": db1[1], "b3": db2[0]}
                grads = net.partial_derivatives(x, y_true)
                for name in PARAM_NAMES:
                    self.assertAlmostEqual(as_named[name], grads[name], delta=1e-12)


class TestMLPBadInput(unittest.TestCase):
    def test_sizes(self):
        for sizes in ([4], [], 4):
            with self.assertRaisesRegex(ValueError, "give at least two layer widths"):
                MLP(sizes)
        with self.assertRaisesRegex(ValueError, r"sizes\[1\] is 0 but must be at least 1"):
            MLP([4, 0, 2])
        with self.assertRaisesRegex(ValueError, "loss='mse' predicts one number"):
            MLP([4, 3], loss="mse")
        with self.assertRaisesRegex(ValueError, "activation is 'swish'; choose one of"):
            MLP([4, 3], activation="swish")
        with self.assertRaisesRegex(ValueError, "cannot go with loss='softmax'"):
            MLP([4, 3], output="sigmoid")

    def test_data(self):
        model = MLP([2, 3, 2])
        with self.assertRaisesRegex(ValueError, r"X\[1\] has 3 values but 2 are expected"):
            model.loss([[1, 2], [1, 2, 3]], [0, 1])
        with self.assertRaisesRegex(ValueError, r"labels\[0\] is 2 but there are 2 classes"):
            model.loss([[1, 2]], [2])
        with self.assertRaisesRegex(ValueError, r"X\[0\]\[0\] is nan"):
            model.forward([[float("nan"), 1]])
        for huge in (10 ** 400, 10 ** 5000):      # 5000 digits: str() would refuse it
            with self.assertRaisesRegex(ValueError, r"X\[0\]\[1\] is an integer past the "
                                                    r"largest float"):
                model.forward([[1.0, huge]])

    def test_checked_rows_are_not_checked_again(self):
        # checked=True is for rows nn_pure has checked already (a Pipeline's): same answer.
        model = MLP([2, 3, 2], rng=RNG(4))
        X = [[0.5, -1.0], [2.0, 0.25]]
        self.assertEqual(model.forward(X, checked=True), model.forward(X))
        self.assertEqual(model.predict_proba(X, checked=True), model.predict_proba(X))
        self.assertEqual(model.predict(X, checked=True), model.predict(X))
        with self.assertRaisesRegex(ValueError, "has 3 values but 2 are expected"):
            model.forward([[1.0, 2.0, 3.0]])                # unchecked rows still are


class TestOverflow(unittest.TestCase):
    def test_an_overflow_is_named_with_dropout_too(self):
        # explain_overflow re-ran the layers with dropout on: it could drop the units that
        # overflowed, find nothing, and forward() returned inf.
        model = MLP([1, 2, 1], loss="mse", activation="relu", dropout=0.9, rng=RNG(0))
        model.linears[0].W, model.linears[0].b = [[1.0, 1.0]], [0.0, 0.0]
        model.linears[1].W = [[1e308], [1e308]]
        for _ in range(10):         # each re-run would drop both units with chance 0.81
            with self.assertRaisesRegex(ValueError, r"layer 4 \(Linear\) gives inf"):
                model.forward([[1.0]])

    def test_a_prediction_past_the_largest_float_names_the_layer(self):
        # Finite weights and inputs whose products overflow: stop, never print NaN.
        model = MLP([2, 3, 2], activation="relu", rng=RNG(0))
        model.linears[0].W = [[1e300] * 3, [1e300] * 3]
        with self.assertRaisesRegex(ValueError, r"layer 1 \(Linear\) gives inf for row 0"):
            model.predict_proba([[1e10, 1.0]])
