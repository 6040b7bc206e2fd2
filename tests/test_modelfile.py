import json
import os
import shutil
import tempfile
import unittest

from nn_pure import MLP, RNG, NeuralNetwork
from nn_pure.cli.modelfile import dumps_model, load_model, loads_model, save_model
from nn_pure.fitting import fit_pipeline

from tests.helpers import ROOT, run_python
from tests.test_pipeline import smooth_regression_rows


def trained_pipelines():
    """One small trained pipeline of every kind: network, softmax, mlp, and mlp regression."""
    rng = RNG(5)
    rows = [[rng.normal() + 2 * (i % 2), rng.normal()] for i in range(40)]
    names = ["a" if i % 2 == 0 else "b" for i in range(40)]
    pipelines = {kind: fit_pipeline(rows, names, feature_names=["u", "v"], target_name="letter", kind=kind, epochs=5,
                                    seed=2)[0]
                 for kind in ("network", "softmax", "mlp")}
    reg_rows, y = smooth_regression_rows(60, seed=1)
    pipelines["regression"] = fit_pipeline(reg_rows, y, feature_names=["a", "b"], target_name="y",
                                           task="regression",
                                           epochs=5, seed=3)[0]
    return pipelines, rows


class TestRoundTrip(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.folder)

    def test_same_predictions_to_the_last_bit_and_same_bytes(self):
        pipelines, rows = trained_pipelines()
        for kind, pipeline in pipelines.items():
            with self.subTest(kind=kind):
                path = os.path.join(self.folder, kind + ".json")
                save_model(pipeline, path)
                loaded = load_model(path)
                self.assertEqual(loaded.kind, pipeline.kind)
                self.assertEqual(loaded.predict(rows), pipeline.predict(rows))
                if pipeline.task == "classification":
                    self.assertEqual(loaded.predict_proba(rows), pipeline.predict_proba(rows))
                again = os.path.join(self.folder, kind + "-again.json")
                save_model(loaded, again)
                with open(path, "rb") as a, open(again, "rb") as b:
                    self.assertEqual(a.read(), b.read())

    def test_file_records_what_the_issue_lists(self):
        pipelines, _ = trained_pipelines()
        document = json.loads(dumps_model(pipelines["mlp"]))
        self.assertEqual((document["format"], document["version"]), ("nn_pure.model", 1))
        self.assertEqual(document["architecture"]["sizes"], [2, 8, 2])
        self.assertEqual(document["features"], ["u", "v"])
        self.assertEqual(document["classes"], ["a", "b"])
        self.assertEqual(len(document["standardization"]["mean"]), 2)
        self.assertEqual(document["training"]["epochs"], 5)
        self.assertIn("accuracy", document["training"]["test"])

    def test_bare_networks_can_be_saved(self):
        path = os.path.join(self.folder, "bare.json")
        net = NeuralNetwork.from_seed(0)
        save_model(net, path)
        self.assertEqual(load_model(path).network.parameters(), net.parameters())
        save_model(MLP([3, 4, 2], rng=RNG(1)), path)
        self.assertEqual(load_model(path).network.sizes, [3, 4, 2])


class TestAtomicSave(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.folder)
        self.path = os.path.join(self.folder, "model.json")
        save_model(MLP([2, 3, 2], rng=RNG(0)), self.path)
        with open(self.path, "rb") as f:
            self.before = f.read()

    def assert_untouched(self):
        with open(self.path, "rb") as f:
            self.assertEqual(f.read(), self.before)
        self.assertEqual(os.listdir(self.folder), ["model.json"])      # no stray temp file

    def test_a_failing_save_leaves_the_earlier_file(self):
        broken = MLP([2, 3, 2], rng=RNG(1))
        broken.linears[0].W[0][0] = float("nan")
        with self.assertRaisesRegex(ValueError, "holds NaN or infinite numbers"):
            save_model(broken, self.path)
        self.assert_untouched()

    def test_a_killed_save_leaves_the_earlier_file(self):
        # A child process writes the new model, then dies (os._exit, no clean-up) at the
        # moment it would rename the temporary file into place.
        code = ("import os, nn_pure.cli.outputs as files\n"
                "from nn_pure import MLP, RNG\n"
                "from nn_pure.cli.modelfile import save_model\n"
                "os.replace = lambda a, b: os._exit(9)\n"
                "save_model(MLP([2, 3, 2], rng=RNG(2)), %r)\n" % self.path)
        status, _, _ = run_python(["-c", code])
        self.assertEqual(status, 9)
        with open(self.path, "rb") as f:
            self.assertEqual(f.read(), self.before)
        self.assertEqual(load_model(self.path).network.sizes, [2, 3, 2])


class TestMalformedFiles(unittest.TestCase):
    def setUp(self):
        self.good = json.loads(dumps_model(trained_pipelines()[0]["mlp"]))

    def assert_rejected(self, document, message):
        text = document if isinstance(document, str) else json.dumps(document)
        with self.assertRaisesRegex(ValueError, message):
            loads_model(text, "m.json")

    def test_not_json(self):
        self.assert_rejected("{not json", r"m.json is not valid JSON \(line 1, column 2")
        self.assert_rejected("", "m.json is not valid JSON")

    def test_wrong_format_or_version(self):
        self.assert_rejected([1, 2], "not an nn_pure model file: its format is 'list'")
        self.assert_rejected(dict(self.good, format="keras"), "its format is 'keras'")
        self.assert_rejected(dict(self.good, version=2), "format version 2, but this nn_pure "
                                                         "reads version 1")

    def test_wrong_shapes(self):
        bad = json.loads(json.dumps(self.good))
        bad["layers"][0]["W"] = bad["layers"][0]["W"][:1]
        self.assert_rejected(bad, r"layers\[0\].W must have 2 rows")
        bad = json.loads(json.dumps(self.good))
        bad["layers"][1]["b"] = [0.0]
        self.assert_rejected(bad, r"layers\[1\].b must be a list of 2 numbers")
        bad = json.loads(json.dumps(self.good))
        bad["classes"] = ["a"]
        self.assert_rejected(bad, "classes must be a list of 2 names")
        bad = json.loads(json.dumps(self.good))
        del bad["layers"]
        self.assert_rejected(bad, "layers is missing")

    def test_non_finite_numbers(self):
        text = json.dumps(self.good).replace(str(self.good["layers"][0]["b"][0]), "NaN", 1)
        self.assert_rejected(text, "m.json holds NaN; a model file may only hold finite numbers")
        bad = json.loads(json.dumps(self.good))
        bad["layers"][0]["W"][0][0] = "1.5"
        self.assert_rejected(bad, r"layers\[0\].W\[0\]\[0\] is '1.5', not a number")
        bad = json.loads(json.dumps(self.good))
        bad["standardization"]["std"][0] = 0.0
        self.assert_rejected(bad, "standardization.std holds 0.0")


def nested(levels):
    """A value of `levels` lists, each holding the next: [[[...[1]...]]]."""
    value = 1
    for _ in range(levels):
        value = [value]
    return value


class TestNesting(unittest.TestCase):
    """Hostile-user trial: a training record 500 levels deep loaded, then crashed the copy
    that saves it with RecursionError; one bound, on reading and writing, refuses it."""

    def setUp(self):
        self.folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.folder)
        self.pipeline = trained_pipelines()[0]["mlp"]
        self.good = json.loads(dumps_model(self.pipeline))

    def with_training(self, extra):
        document = json.loads(json.dumps(self.good))
        document["training"]["x"] = extra
        return json.dumps(document)

    def test_a_deep_record_is_refused_naming_the_file_and_the_key(self):
        with self.assertRaisesRegex(ValueError, r"^m.json is not a valid model file: training "
                                                r"nests 501 levels deep; at most 32 "):
            loads_model(self.with_training(nested(500)), "m.json")
        with self.assertRaisesRegex(ValueError, "m.json is not a valid model file: features "
                                                "nests 400 levels deep"):
            loads_model(json.dumps(dict(self.good, features=nested(400))), "m.json")

    def test_the_bound_is_32_levels_and_what_loads_saves_again(self):
        loaded = loads_model(self.with_training(nested(31)), "m.json")     # 32 with training
        self.assertEqual(json.loads(dumps_model(loaded))["training"]["x"], nested(31))
        with self.assertRaisesRegex(ValueError, "training nests 33 levels deep; at most 32"):
            loads_model(self.with_training(nested(32)), "m.json")

    def test_the_writer_refuses_what_the_readers_would(self):
        self.pipeline.training = dict(self.pipeline.training, x=nested(40))
        with self.assertRaisesRegex(ValueError, "the model's training record nests 41 levels "
                                                "deep; at most 32"):
            save_model(self.pipeline, os.path.join(self.folder, "m.json"))
        self.assertEqual(os.listdir(self.folder), [])

    def test_every_program_refuses_the_file_in_one_line(self):
        path = os.path.join(self.folder, "deep.json")
        with open(path, "w") as f:      # deep, but within what every json parser reads
            f.write(self.with_training(nested(200)))    # (PyPy's stops near 900)
        iris = os.path.join(ROOT, "examples", "data", "iris.csv")
        for program, argv in (("predict", [path, iris]),
                              ("export", [path, "--format", "onnx", "--output",
                                          os.path.join(self.folder, "m.onnx")]),
                              ("draw", [path, "--output", os.path.join(self.folder, "m.svg")])):
            with self.subTest(program=program):
                status, out, err = run_python(["-m", "nn_pure." + program] + argv)
                self.assertEqual((status, out), (2, ""))
                self.assertEqual(err, "nn_pure.%s: error: %s is not a valid model file: "
                                      "training nests 201 levels deep; at most 32 (was it "
                                      "edited?)\n" % (program, path))
        self.assertEqual(os.listdir(self.folder), ["deep.json"])
