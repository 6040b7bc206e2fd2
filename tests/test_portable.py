"""The core's claims, in a form every Python runs: CPython, PyPy and MicroPython.

CPython and PyPy find this module like any other.  MicroPython's unittest has
no discovery and fewer assertions, so tests/run_portable.py runs these classes
there (CI does, on the unix and WebAssembly ports), and this file uses only
assertEqual, assertAlmostEqual, assertTrue, assertFalse, assertIn and
assertRaises: no subTest, no assertRaisesRegex, no os or tempfile.  Workloads
are kept small, since MicroPython runs these loops 5-30x slower than CPython.
"""
import math
import unittest

from nn_pure import (EMILY, FRANK, MLP, MSE, PARAM_NAMES, PEOPLE_X, PEOPLE_Y, RNG, Linear,
                     NeuralNetwork, Neuron, SoftmaxCrossEntropy, accuracy, mse_loss,
                     numerical_derivative, relative_error, sigmoid, softmax, toy_split,
                     train_epochs, xor_split)
from nn_pure.export import export_source
from nn_pure.fitting import fit_pipeline
from nn_pure.training import train_tutorial_b

# Which float this interpreter has: 64-bit (CPython, PyPy, MicroPython's unix and WebAssembly
# ports) or 32-bit, about 7 significant digits (most boards: ESP32, RP2040, many STM32).
# MicroPython has no sys.float_info; 1e-8 is lost when added to 1.0 only in 32 bits.
FLOAT32 = 1.0 + 1e-8 == 1.0


def tolerance(float64, float32):
    """What an assertion allows: as strict as ever with 64-bit floats, else float32's figure."""
    return float32 if FLOAT32 else float64


# A gradient check's central difference has two errors: the truncation, h^2 times the third
# derivative, and the rounding in L, about (machine epsilon * |L|) / h.  With 64-bit floats
# h = 1e-5 makes both tiny.  With 32-bit floats (epsilon 6e-8) that step would give mostly
# rounding noise, so the step is larger and the threshold looser, where the math still shows:
# a wrong gradient is off by tens of percent, not by a few hundredths of one.
# (Measured on the float32 unix port with h = 1e-2: the worst of these checks errs by 9e-4.)
GRADIENT_STEP = tolerance(1e-5, 1e-2)
GRADIENT_THRESHOLD = tolerance(1e-6, 1e-2)
GRADIENT_FLOOR = tolerance(1e-4, 1e-2)      # below it, relative_error becomes absolute

# A number whose square overflows to inf, where it still exists (float32 stops near 3.4e38).
HUGE = 1e30 if FLOAT32 else 1e300

# Values: 64-bit floats agree to the last few bits; 32-bit ones to about 1e-6; a trajectory
# of 1000 updates to about 1e-5 (measured: 3.3e-6 on the float32 unix port).
VALUE = tolerance(1e-12, 1e-6)
TRAJECTORY = tolerance(1e-9, 1e-5)

HERE = __file__[:__file__.rfind("/") + 1] if "/" in __file__ else ""
IRIS = HERE + "../examples/data/iris.csv"

START = dict(w1=0.5, w2=-0.3, w3=0.8, w4=0.1, w5=-0.6, w6=0.9, b1=0.05, b2=-0.2, b3=0.3)
AFTER_1000 = dict(w1=1.5519908825952882, w2=0.22509324178410375, w3=1.2067522166950866,
                  w4=0.30337559843323264, w5=-3.8076341878517543, w6=-2.3016367514639584,
                  b1=-0.4728471375490459, b2=-0.403373358722883, b3=2.9216253612740104)


def read_iris():
    """Iris as (rows, species), parsed by hand: MicroPython has no csv module."""
    rows, species = [], []
    with open(IRIS) as f:
        lines = f.read().split("\n")
    for line in lines[1:]:
        if line:
            cells = line.split(",")
            rows.append([float(cell) for cell in cells[:4]])
            species.append(cells[4])
    return rows, species


class PortableTestCase(unittest.TestCase):
    def assert_gradient(self, loss, owner, key, analytic, label):
        numeric = numerical_derivative(loss, owner, key, h=GRADIENT_STEP)
        error = relative_error(analytic, numeric, floor=GRADIENT_FLOOR)
        self.assertTrue(error < GRADIENT_THRESHOLD,
                        "%s: analytic %r, numeric %r" % (label, analytic, numeric))


class TestPortableTutorialA(PortableTestCase):
    def test_neuron_feedforward_and_mse(self):
        # docs/reference.md, Tutorial A.
        self.assertAlmostEqual(Neuron([0, 1], 4).feedforward([2, 3]), 0.9990889488055994,
                               delta=tolerance(1e-15, 1e-6))
        net = NeuralNetwork(w1=0, w2=1, w3=0, w4=1, w5=0, w6=1, b1=0, b2=0, b3=0)
        self.assertAlmostEqual(net.feedforward([2, 3]), 0.7216325609518421,
                               delta=tolerance(1e-15, 1e-6))
        self.assertEqual(mse_loss([1, 0, 0, 1], [0, 0, 0, 0]), 0.5)

    def test_worked_backprop_factors(self):
        q = NeuralNetwork(w1=1, w2=1, w3=1, w4=1, w5=1, w6=1, b1=0, b2=0, b3=0).backprop([-2, -1], 1)
        self.assertAlmostEqual(q["h1"], 0.04742587317756678, delta=VALUE)
        self.assertAlmostEqual(q["y_pred"], 0.5236951740839997, delta=VALUE)
        self.assertAlmostEqual(q["d_L_d_ypred"], -0.9526096518320006, delta=VALUE)
        self.assertAlmostEqual(q["d_ypred_d_h1"], 0.24943853872512894, delta=VALUE)
        self.assertAlmostEqual(q["d_h1_d_w1"], -0.09035331946182427, delta=VALUE)
        self.assertAlmostEqual(q["d_L_d_w1"], 0.02146953526581111, delta=VALUE)

    def test_reference_trajectory(self):
        net = NeuralNetwork(**START)
        losses = net.train(PEOPLE_X, PEOPLE_Y, epochs=1000, learn_rate=0.1)
        for name in PARAM_NAMES:
            self.assertAlmostEqual(getattr(net, name), AFTER_1000[name], delta=TRAJECTORY)
        self.assertAlmostEqual(losses[0], 0.28865502563171563, delta=VALUE)
        self.assertAlmostEqual(losses[990], 0.0023798600233657973, delta=VALUE)
        self.assertAlmostEqual(net.feedforward(EMILY), 0.9488976044299745, delta=TRAJECTORY)
        self.assertAlmostEqual(net.feedforward(FRANK), 0.03963329766783712, delta=TRAJECTORY)


class TestPortableNumerics(PortableTestCase):
    def test_nothing_overflows(self):
        self.assertEqual(sigmoid(-1000.0), 0.0)
        self.assertEqual(sigmoid(1000.0), 1.0)
        self.assertEqual(softmax([1000.0, -1000.0]), [1.0, 0.0])
        self.assertEqual(SoftmaxCrossEntropy().forward([[1000.0, -1000.0]], [1]), 2000.0)
        self.assertTrue(math.isinf(mse_loss([HUGE], [-HUGE])))

    def test_generator_is_the_same_everywhere(self):
        self.assertEqual(RNG(0).next_uint64(), 0xe220a8397b1dcdaf)    # splitmix64's reference
        rng = RNG(42)
        self.assertEqual([rng.next_uint64() for _ in range(3)],
                         [13679457532755275413, 2949826092126892291, 5139283748462763858])
        self.assertEqual(RNG(42).random(), 0.7415648787718233)

    def test_uniforms_stay_below_one_in_every_precision(self):
        # This seed's first 53 bits are 2^53 - 1: over 2^53 in 32-bit floats that rounded to
        # exactly 1.0, and normal() then took log(0), randrange(n) returned n.
        seed = 0x31628AF67B2131AB
        self.assertTrue(RNG(seed).random() < 1.0)
        for n in (1, 2, 3, 10, 1000):
            self.assertTrue(0 <= RNG(seed).randrange(n) < n, "randrange(%d)" % n)
        self.assertTrue(math.isfinite(RNG(seed).normal()))
        items = [0, 1, 2]
        RNG(seed).shuffle(items)
        self.assertEqual(sorted(items), [0, 1, 2])

    def test_errors_name_the_problem(self):
        with self.assertRaises(ValueError) as context:
            NeuralNetwork.from_seed(0).train(PEOPLE_X, PEOPLE_Y, learn_rate=0)
        self.assertIn("learn_rate is 0.0 but must be positive", str(context.exception))
        with self.assertRaises(ValueError) as context:
            NeuralNetwork.from_seed(0).feedforward([1.0, float("nan")])
        self.assertIn("x[1] is nan", str(context.exception))
        with self.assertRaises(ValueError) as context:      # float() raises, or gives inf
            NeuralNetwork.from_seed(0).feedforward([10 ** 400, 1.0])
        self.assertIn("x[0] is an integer past the largest float", str(context.exception))


class TestPortableGradients(PortableTestCase):
    def test_network_partials(self):
        for seed in range(3):
            rng = RNG(1000 + seed)
            net = NeuralNetwork.from_seed(seed)
            x = [3.0 * rng.normal(), 3.0 * rng.normal()]
            y_true = float(rng.randrange(2))
            grads = net.partial_derivatives(x, y_true)
            for name in PARAM_NAMES:
                self.assert_gradient(lambda: (y_true - net.feedforward(x)) ** 2, net, name,
                                     grads[name], "seed %d %s" % (seed, name))

    def test_mlp_two_hidden_layers_softmax(self):
        model = MLP([3, 4, 3, 2], activation="tanh", rng=RNG(8))
        rng = RNG(9)
        X = [[rng.normal() for _ in range(3)] for _ in range(4)]
        y = [0, 1, 1, 0]
        model.loss(X, y)
        model.backward()
        for n, linear in enumerate(model.linears):
            for i in range(linear.n_in):
                for j in range(linear.n_out):
                    self.assert_gradient(lambda: model.loss(X, y), linear.W[i], j,
                                         linear.dW[i][j], "W%d[%d][%d]" % (n + 1, i, j))
            for j in range(linear.n_out):
                self.assert_gradient(lambda: model.loss(X, y), linear.b, j, linear.db[j],
                                     "b%d[%d]" % (n + 1, j))

    def test_loss_layers_with_respect_to_their_inputs(self):
        rng = RNG(12)
        logits = [[2 * rng.normal() for _ in range(3)] for _ in range(3)]
        labels = [0, 2, 1]
        layer = SoftmaxCrossEntropy()
        layer.forward(logits, labels)
        dlogits = layer.backward()
        targets = [[rng.normal()] for _ in range(3)]
        mse = MSE()
        mse.forward(logits, [[t[0]] * 3 for t in targets])
        dmse = mse.backward()
        for s in range(3):
            for j in range(3):
                self.assert_gradient(lambda: SoftmaxCrossEntropy().forward(logits, labels),
                                     logits[s], j, dlogits[s][j], "logits[%d][%d]" % (s, j))
                self.assert_gradient(lambda: MSE().forward(logits, [[t[0]] * 3 for t in targets]),
                                     logits[s], j, dmse[s][j], "mse[%d][%d]" % (s, j))

    def test_linear_layer(self):
        layer = Linear(3, 2, RNG(3))
        layer.b = [0.5, -0.25]
        X = [[1.0, -2.0, 0.5], [0.25, 0.0, 3.0]]
        R = [[1.0, -1.0], [0.5, 2.0]]           # L = sum(Y * R), so dL/dY = R

        def loss():
            total = 0.0
            for y_row, r_row in zip(layer.forward(X), R):
                for y, r in zip(y_row, r_row):
                    total += y * r
            return total

        loss()
        dX = layer.backward(R)
        for i in range(3):
            for j in range(2):
                self.assert_gradient(loss, layer.W[i], j, layer.dW[i][j], "W[%d][%d]" % (i, j))
        for j in range(2):
            self.assert_gradient(loss, layer.b, j, layer.db[j], "b[%d]" % j)
        for s in range(2):
            for i in range(3):
                self.assert_gradient(loss, X[s], i, dX[s][i], "X[%d][%d]" % (s, i))


class TestPortableTraining(PortableTestCase):
    def test_tutorial_b_reaches_full_accuracy(self):
        (_, _), (X_val, y_val), (_, _) = toy_split()
        model, history, test_accuracy = train_tutorial_b(seed=0)
        self.assertEqual(accuracy(model.predict(X_val), y_val), 1.0)
        self.assertEqual(test_accuracy, 1.0)

    def test_mlp_learns_xor(self):
        rng = RNG(0)
        (X, y), _, (X_test, y_test) = xor_split(rng)
        model = MLP([2, 4, 2], rng=rng)
        train_epochs(model, X, y, epochs=100, batch_size=4, learn_rate=0.2, rng=rng)
        self.assertEqual(accuracy(model.predict(X_test), y_test), 1.0)

    def test_network_is_a_2_2_1_sigmoid_mlp(self):
        net = NeuralNetwork.from_seed(4)
        model = MLP.from_network(net)
        self.assertAlmostEqual(model.forward([[-2.0, -1.0]])[0][0], net.feedforward([-2, -1]),
                               delta=VALUE)
        model.loss([[-2.0, -1.0]], [1.0])
        model.backward()
        grads = net.partial_derivatives([-2, -1], 1)
        self.assertAlmostEqual(model.linears[0].dW[1][0], grads["w2"], delta=VALUE)
        self.assertAlmostEqual(model.linears[1].db[0], grads["b3"], delta=VALUE)


class TestPortableExport(PortableTestCase):
    def test_exported_module_equals_the_library_on_iris(self):
        # For an MLP and a softmax model: the standalone module's probabilities and classes
        # equal the library's exactly, on every row, on whichever Python runs this.  With
        # 32-bit floats the weights' repr() does not always read back as the same float, so
        # there the probabilities agree to the board's precision and the classes exactly.
        rows, species = read_iris()
        for kind in ("mlp", "softmax"):
            pipeline, _, _ = fit_pipeline(rows, species, feature_names=["sepal_length", "sepal_width",
                                                                        "petal_length", "petal_width"],
                                          target_name="species", kind=kind, epochs=8, seed=1)
            source = export_source(pipeline, "predict_iris")
            module = {}
            exec(source, module)
            exported = [module["predict_proba"](row) for row in rows]
            library = pipeline.predict_proba(rows)
            if FLOAT32:
                for a, b in zip(exported, library):
                    for p, q in zip(a, b):
                        self.assertAlmostEqual(p, q, delta=1e-6)
            else:
                self.assertEqual(exported, library)
            self.assertEqual([module["predict"](row) for row in rows], pipeline.predict(rows))

    def test_exported_module_encodes_as_the_library_does(self):
        # Issue 13: categories one-hot, missing cells filled, an unseen category all zeros;
        # the exported module, the Pipeline and (tests/test_encode.py) predict agree.
        rows, kinds = [], []
        for i in range(30):
            legs = 2.0 + 2.0 * (i % 2)
            size = None if i % 7 == 0 else 1.0 * (i % 5)
            rows.append([("red", "green", "blue")[i % 3], legs, size])
            kinds.append("bird" if legs == 2.0 else "cat")
        pipeline, _, _ = fit_pipeline(rows, kinds, feature_names=["colour", "legs", "size"],
                                      epochs=3, seed=2)
        self.assertEqual(pipeline.encoder.columns[0].categories, ["blue", "green", "red"])
        module = {}
        exec(export_source(pipeline, "animals"), module)
        new = [["purple", 4.0, None], ["red", "2", "NA"], [None, 4, 3.0]]
        exported = [module["predict_proba"](row) for row in new]
        library = pipeline.predict_proba(new)
        for a, b in zip(exported, library):
            for p, q in zip(a, b):
                self.assertAlmostEqual(p, q, delta=VALUE)
        self.assertEqual(module["UNSEEN"], {"colour": "purple"})
        self.assertEqual(pipeline.encoder.unseen, {"colour": "purple"})
        self.assertEqual([module["predict"](row) for row in new], pipeline.predict(new))

    def test_exported_module_imports_only_math(self):
        pipeline, _, _ = fit_pipeline([[0.0, 1.0], [1.0, 0.0], [0.5, 0.5]] * 3,
                                      ["a", "b", "a"] * 3, epochs=1)
        # Top-level statements start in column 0; the usage example in the docstring is indented.
        imports = [line for line in export_source(pipeline).split("\n")
                   if line.startswith("import ") or line.startswith("from ")]
        self.assertEqual(imports, ["import math"])


class TestPortableTrainingOptions(PortableTestCase):
    def test_every_optimizer_follows_pytorchs_float64_numbers(self):
        # tests/golden_optimizers.py: 100 steps of torch.optim in float64 (issue 12).  With
        # 32-bit floats the same steps drift by their rounding, so the bar is looser there.
        from tests import golden_optimizers as golden
        from tests.optim_problem import GOLDEN_SETTINGS, flatten, run_golden
        for name, kind, options, lr_factor in GOLDEN_SETTINGS:
            ours, theirs = flatten(run_golden(name, kind, options, lr_factor)), \
                flatten(golden.FINAL[name])
            self.assertEqual(len(ours), len(theirs))
            errors = [abs(a - b) for a, b in zip(ours, theirs)]
            # all(), not max(): max() would pass over a NaN, which fails every <=
            self.assertTrue(all(e <= tolerance(1e-12, 1e-3) for e in errors),
                            "%s: off by %r" % (name, max(errors)))

    def test_dropout_schedules_and_clipping_run_here(self):
        from nn_pure.optim import Adam
        from nn_pure.schedules import make_schedule
        rng = RNG(0)
        (X, y), _, _ = xor_split(rng)
        model = MLP([2, 6, 2], rng=rng, dropout=0.2)
        history = train_epochs(model, X, y, epochs=30, batch_size=4, optimizer=Adam(0.05),
                               rng=rng, schedule=make_schedule("cosine", 0.05, 30),
                               clip_norm=5.0, X_val=X, y_val=y, patience=30,
                               restore_best=True)
        self.assertTrue(history["loss"][-1] < history["loss"][0])
        self.assertEqual(model.predict(X), model.predict(X))    # prediction drops nothing
