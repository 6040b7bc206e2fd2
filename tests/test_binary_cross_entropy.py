"""Binary cross-entropy on one sigmoid output: the loss that came in through the LOSSES registry.

Its proof of the seam: it is one class in losses.py and one name in LOSSES,
and it trains, saves, predicts and exports through code that never asks which
loss it has.
"""
import os
import shutil
import tempfile
import unittest

from nn_pure import MLP, RNG, BinaryCrossEntropy, SoftmaxCrossEntropy, make_xor, train_epochs
from nn_pure.cli.modelfile import load_model
from nn_pure.train import main as train_main

from tests.helpers import assert_gradients_match, call_main


class TestLoss(unittest.TestCase):
    def test_equals_two_class_softmax_of_zero_and_the_logit(self):
        # Property: sigmoid(z) is softmax([0, z])[1], so the two losses agree.
        for z, y in ((0.0, 1), (2.5, 0), (-3.0, 1), (40.0, 0)):
            with self.subTest(z=z, y=y):
                self.assertAlmostEqual(BinaryCrossEntropy().forward([[z]], [y]),
                                       SoftmaxCrossEntropy().forward([[0.0, z]], [y]), places=12)

    def test_gradient_matches_finite_differences(self):
        rng = RNG(4)
        outputs = [[2.0 * rng.normal()] for _ in range(5)]
        labels = [0, 1, 1, 0, 1]
        layer = BinaryCrossEntropy()
        layer.forward(outputs, labels)
        d = layer.backward()
        assert_gradients_match(self, lambda: BinaryCrossEntropy().forward(outputs, labels),
                               [("z[%d]" % s, outputs[s], 0, d[s][0]) for s in range(5)])

    def test_huge_logits_stay_finite(self):
        # The log is taken of 1 + e^(-|z|), never of a probability that underflowed to 0.
        self.assertEqual(BinaryCrossEntropy().forward([[-1000.0]], [1]), 1000.0)
        self.assertEqual(BinaryCrossEntropy().forward([[1000.0]], [1]), 0.0)
        self.assertEqual(BinaryCrossEntropy().probabilities([[-1000.0], [1000.0]]),
                         [[1.0, 0.0], [0.0, 1.0]])

    def test_needs_one_output_and_two_classes(self):
        with self.assertRaisesRegex(ValueError, "binary cross-entropy needs one output"):
            MLP([2, 2], loss="binary-cross-entropy")
        with self.assertRaisesRegex(ValueError, r"labels\[0\] is 2"):
            BinaryCrossEntropy().forward([[0.0]], [2])


class TestTraining(unittest.TestCase):
    def test_an_mlp_learns_xor_with_it(self):
        rng = RNG(0)
        X, y = make_xor(40, rng)
        model = MLP([2, 4, 1], loss="binary-cross-entropy", rng=rng)
        history = train_epochs(model, X, y, epochs=200, batch_size=4, learn_rate=0.3, rng=rng)
        self.assertLess(history["loss"][-1], history["loss"][0] / 4)
        self.assertEqual(model.predict(X), y)
        self.assertEqual(len(model.predict_proba(X)[0]), 2)


class TestCommandLine(unittest.TestCase):
    def test_train_save_and_load_a_two_class_table(self):
        folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, folder)
        rng = RNG(1)
        data = os.path.join(folder, "two.csv")
        with open(data, "w") as f:
            f.write("a,b,side\n")
            for i in range(60):
                f.write("%r,%r,%s\n" % (rng.normal() + 2 * (i % 2), rng.normal(),
                                        "left" if i % 2 else "right"))
        model = os.path.join(folder, "m.json")
        status, out, err = call_main(train_main, ["--data", data, "--target", "side",
                                                  "--loss", "binary-cross-entropy",
                                                  "--save", model, "--quiet"])
        self.assertEqual((status, err), (0, ""))
        pipeline = load_model(model)
        self.assertEqual(pipeline.network.loss_layer.name, "binary-cross-entropy")
        self.assertEqual(pipeline.sizes, [2, 32, 1])       # the --data default width, 32
        self.assertEqual(pipeline.class_names, ["left", "right"])
        self.assertIn("test:       accuracy", out)


class TestExport(unittest.TestCase):
    def test_the_exported_module_equals_the_library(self):
        import types
        from nn_pure.export import export_source
        from nn_pure.fitting import fit_pipeline
        rng = RNG(1)
        rows = [[rng.normal() + 2 * (i % 2), rng.normal()] for i in range(60)]
        names = ["left" if i % 2 else "right" for i in range(60)]
        pipeline = fit_pipeline(rows, names, loss="binary-cross-entropy", epochs=5)[0]
        module = types.ModuleType("predict_side")
        exec(compile(export_source(pipeline, "predict_side"), "predict_side", "exec"),
             module.__dict__)
        self.assertEqual([module.predict_proba(r) for r in rows], pipeline.predict_proba(rows))
        self.assertEqual([module.predict(r) for r in rows], pipeline.predict(rows))
