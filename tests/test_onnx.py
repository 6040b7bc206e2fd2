"""ONNX and PyTorch export, and python -m nn_pure.convert: the way out and the way back in.

Nothing here needs onnx, onnxruntime or torch: the ONNX files from PyTorch's
exporter and skl2onnx, and onnxruntime's outputs for them, were written by
dev/onnx_models.py into tests/data/onnx/.  onnxruntime and torch themselves
check nn_pure's exports in CI (dev/onnx_check.py).
"""
import ast
import json
import os
import shutil
import struct
import tempfile
import unittest

from nn_pure.checks import NNPureError
from nn_pure.cli.csvfile import choose_task, read_table
from nn_pure.cli.modelfile import dumps_model, load_model, loads_model, save_model
from nn_pure.cli.onnx_export import export_onnx
from nn_pure.cli.onnx_import import model_document
from nn_pure.cli.onnx_proto import Decoder, bytes_field, int_field, string_field, varint
from nn_pure.cli.torch_export import torch_source
from nn_pure.convert import main as convert_main
from nn_pure.export import main as export_main
from nn_pure.mlp import MLP
from nn_pure.fitting import fit_pipeline
from nn_pure.pipeline import Pipeline
from nn_pure.preprocess import Standardizer
from nn_pure.rng import RNG

from tests.helpers import ROOT, call_main, run_python
from tests.test_pipeline import smooth_regression_rows

IRIS = os.path.join(ROOT, "examples", "data", "iris.csv")
PENGUINS = os.path.join(ROOT, "examples", "data", "penguins.csv")
TIPS = os.path.join(ROOT, "examples", "data", "tips.csv")
DATA = os.path.join(ROOT, "tests", "data", "onnx")


def every_kind():
    """(label, pipeline, rows): one small model of every kind nn_pure saves."""
    rows, y = smooth_regression_rows(30, seed=3)
    sides = ["lo" if a < 0 else "hi" for a, _ in rows]
    rng = RNG(1)
    scaler = Standardizer.fit(rows)
    out = []
    for activation in ("tanh", "sigmoid", "relu", "leaky_relu"):
        model = MLP([2, 4, 3, 3], activation=activation, rng=rng)
        out.append(("mlp " + activation, Pipeline(model, ["a", "b"], ["x", "y", "z"], scaler,
                                                  target_name="t"), rows))
    out.append(("softmax", Pipeline(MLP([2, 3], rng=rng), None, None, scaler), rows))
    out.append(("binary", Pipeline(MLP([2, 3, 1], loss="binary-cross-entropy", rng=rng),
                                   ["a", "b"], ["lo", "hi"]), rows))
    for output in (None, "tanh"):
        out.append(("regression output %s" % output,
                    fit_pipeline(rows, y, feature_names=["a", "b"], target_name="y",
                                 task="regression", hidden=(3,), activation="leaky_relu",
                                 epochs=2)[0] if output is None else
                    Pipeline(MLP([2, 3, 1], loss="mse", output=output, rng=rng), ["a", "b"],
                             target_name="y"), rows))
    out.append(("network", fit_pipeline(rows, sides, feature_names=["a", "b"],
                                        target_name="side", kind="network", epochs=2)[0], rows))
    gaps = [[None, b] if s % 4 == 0 else [a, b] for s, (a, b) in enumerate(rows)]
    out.append(("numbers with gaps", fit_pipeline(gaps, sides, feature_names=["a", "b"],
                                                  target_name="side", epochs=2)[0], gaps))
    return out + mixed_kinds()


MIXED = []      # mixed_kinds()'s models, trained once: no test changes them


def mixed_kinds():
    """(label, pipeline, rows): issue 13's encoding on shipped tables with categories and gaps."""
    if MIXED:
        return MIXED
    out = MIXED
    for path, target, task, loss in ((PENGUINS, "species", "classification", None),
                                     (PENGUINS, "sex", "classification", "binary-cross-entropy"),
                                     (TIPS, "tip", "regression", None)):
        table = read_table(path, target)
        _, targets = choose_task(table)
        out.append(("%s %s" % (os.path.basename(path), target),
                    fit_pipeline(table.rows, targets, feature_names=table.feature_names,
                                 target_name=target, task=task, loss=loss, epochs=2)[0],
                    table.rows))
    return out




def outputs(pipeline, rows):
    if pipeline.task == "classification":
        return pipeline.predict_proba(rows)
    return [[v] for v in pipeline.predict(rows)]


def convert(data, path="m.onnx", **names):
    document, _ = model_document(data, path, **names)
    return loads_model(json.dumps(document), path)


class TestRoundTrip(unittest.TestCase):
    def test_double_round_trip_gives_back_the_same_model_file_byte_for_byte(self):
        # Issue 19: nn_pure -> ONNX (double) -> nn_pure is bit-exact, names included.
        for label, pipeline, _ in every_kind():
            with self.subTest(model=label):
                back = convert(export_onnx(pipeline, "double"))
                self.assertEqual(dumps_model(back), dumps_model(pipeline))

    def test_float_round_trip_predicts_within_float_rounding(self):
        # Property: float weights differ from the doubles by 2^-24 of themselves at most.
        for label, pipeline, rows in every_kind():
            with self.subTest(model=label):
                back = convert(export_onnx(pipeline, "float"))
                for got, want in zip(outputs(back, rows), outputs(pipeline, rows)):
                    for g, w in zip(got, want):
                        self.assertLess(abs(g - w), 1e-5 * max(1.0, abs(w)))

    def test_the_file_records_producer_opset_and_names(self):
        # Issue 19: producer nn_pure and its version, the lowest opset, names in metadata.
        import nn_pure
        label, pipeline, _ = every_kind()[0]
        model = Decoder("m.onnx").message(export_onnx(pipeline, "float"), "ModelProto")
        self.assertEqual((model["producer_name"], model["producer_version"], model["ir_version"]),
                         ("nn_pure", nn_pure.__version__, 4))
        self.assertEqual([o["version"] for o in model["opset_import"]], [7])
        meta = {e["key"]: json.loads(e["value"]) for e in model["metadata_props"]}
        self.assertEqual((meta["nn_pure.features"], meta["nn_pure.classes"]),
                         (["a", "b"], ["x", "y", "z"]))
        ops = [n["op_type"] for n in model["graph"]["node"]]
        self.assertEqual(ops, ["Sub", "Div", "Gemm", "Tanh", "Gemm", "Tanh", "Gemm", "Softmax",
                               "ArgMax"])


class TestEncoding(unittest.TestCase):
    """Issue 13's fills and one-hot categories in the graph, and back (issue 19)."""

    @classmethod
    def setUpClass(cls):
        cls.penguins = mixed_kinds()[0][1]

    def ops_opset_meta(self, data):
        model = Decoder("m.onnx").message(data, "ModelProto")
        return ([n["op_type"] for n in model["graph"]["node"]],
                [o["version"] for o in model["opset_import"]],
                {e["key"]: json.loads(e["value"]) for e in model["metadata_props"]})

    def test_categories_need_opset_11_and_are_named_in_the_metadata(self):
        # Equal-11 is the first Equal on floats; the names are data, in metadata_props.
        ops, opset, meta = self.ops_opset_meta(export_onnx(self.penguins, "float"))
        self.assertEqual(opset, [11])
        # island, 4 numbers, sex, year: IsNaN and Where once, then per piece.
        self.assertEqual(ops[:17], ["IsNaN", "Where",
                                    "Gather", "Equal", "Where", "Equal", "Cast",
                                    "Gather",
                                    "Gather", "Equal", "Where", "Equal", "Cast",
                                    "Gather", "Concat", "Sub", "Div"])
        self.assertEqual(meta["nn_pure.categories"],
                         [["Biscoe", "Dream", "Torgersen"], None, None, None, None,
                          ["female", "male"], None])
        self.assertEqual(meta["nn_pure.features"][0], "island")

    def test_fills_alone_need_opset_9(self):
        # IsNaN-9 and Where-9: a numeric model with gaps has no Equal, so no opset 11.
        label, pipeline, _ = [k for k in every_kind() if k[0] == "numbers with gaps"][0]
        ops, opset, meta = self.ops_opset_meta(export_onnx(pipeline, "double"))
        self.assertEqual((opset, ops[:4]), ([9], ["IsNaN", "Where", "Sub", "Div"]))
        self.assertEqual(meta["nn_pure.categories"], [None, None])

    def test_numeric_models_keep_opset_7_and_no_category_metadata(self):
        ops, opset, meta = self.ops_opset_meta(export_onnx(every_kind()[0][1], "float"))
        self.assertEqual(opset, [7])
        self.assertNotIn("nn_pure.categories", meta)

    def test_names_that_disagree_with_the_graph_are_refused(self):
        # The graph compares island with 3 indices; the metadata must name 3 categories.
        data = export_onnx(self.penguins, "double")
        forged = data.replace(b'"Dream", "Torgersen"', b'"Dream__Torgersen__"')
        self.assertNotEqual(forged, data)
        with self.assertRaisesRegex(NNPureError, r"m.onnx: metadata_props "
                                    r"nn_pure.categories\[0\] must list the 3 category names"):
            convert(forged)

    def test_without_names_the_categories_are_their_indices(self):
        # A file whose metadata does not name the categories: "0", "1", ... and a note.
        data = export_onnx(self.penguins, "double").replace(b"nn_pure.categories",
                                                            b"nn_pure.categorieX")
        document, notes = model_document(data, "m.onnx")
        self.assertIn("categories named by their indices 0, 1, ... (the file does not name "
                      "them)", notes)
        back = loads_model(json.dumps(document), "m")
        self.assertEqual(back.encoder.columns[0].categories, ["0", "1", "2"])
        self.assertEqual(back.encoder.columns[5].fill, "0")       # female, the first
        row = ["Dream", 46.5, 17.9, 192.0, 3500.0, "female", 2007.0]
        as_indices = ["1", 46.5, 17.9, 192.0, 3500.0, "0", 2007.0]
        self.assertEqual(back.predict_proba([as_indices]), self.penguins.predict_proba([row]))

    def test_torch_export_encodes_with_data_only(self):
        # The categories and fills are literals the module reads, never code.
        text = torch_source(self.penguins, "penguins_torch")
        tree = ast.parse(text)
        self.assertIn("CATEGORIES = [['Biscoe', 'Dream', 'Torgersen'], None", text)
        self.assertIn("FILL = [", text)
        self.assertIn("x = (self.encode(rows) - self.mean) / self.std", text)
        imports = [alias.name for node in ast.walk(tree)
                   if isinstance(node, (ast.Import, ast.ImportFrom)) for alias in node.names]
        self.assertEqual(imports, ["torch"])


class TestForeignFiles(unittest.TestCase):
    """Files from PyTorch's exporter and skl2onnx, with onnxruntime's outputs (dev/onnx_models.py)."""

    @classmethod
    def setUpClass(cls):
        with open(os.path.join(DATA, "expected.json")) as f:
            cls.expected = json.load(f)

    def test_six_files_from_pytorch_and_skl2onnx_predict_as_onnxruntime_to_1e6(self):
        self.assertEqual(len(self.expected), 6)
        for name, expected in sorted(self.expected.items()):
            with self.subTest(model=name):
                with open(os.path.join(DATA, name + ".onnx"), "rb") as f:
                    pipeline = convert(f.read(), name)
                got = outputs(pipeline, expected["rows"])
                if len(expected["outputs"][0]) == 1 and pipeline.task == "classification":
                    got = [[p1] for _, p1 in got]       # PyTorch's sigmoid gives p alone
                self.assertEqual(len(got), 150)
                for got_row, want_row in zip(got, expected["outputs"]):
                    for g, w in zip(got_row, want_row):
                        self.assertAlmostEqual(g, w, delta=1e-6)
                if "labels" in expected:                # skl2onnx keeps the class labels
                    self.assertEqual(pipeline.class_names, expected["labels"])

    def test_each_architecture_is_read_as_written(self):
        found = {}
        for name in self.expected:
            with open(os.path.join(DATA, name + ".onnx"), "rb") as f:
                p = convert(f.read(), name)
            found[name] = (p.sizes, p.network.activation if len(p.sizes) > 2 else None,
                           p.network.loss_layer.name, p.standardizer is not None)
        self.assertEqual(found["torch_tanh_softmax"], ([4, 8, 3], "tanh", "softmax", True))
        self.assertEqual(found["torch_leaky_relu_deep"],
                         ([4, 6, 5, 3], "leaky_relu", "softmax", False))
        self.assertEqual(found["torch_sigmoid_binary"],
                         ([4, 5, 1], "sigmoid", "binary-cross-entropy", False))
        self.assertEqual(found["sklearn_mlp_regressor"], ([3, 5, 4, 1], "tanh", "mse", False))


class TestCommandLine(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.folder)

    def path(self, name):
        return os.path.join(self.folder, name)

    def iris_model(self):
        table = read_table(IRIS, "species")
        task, targets = choose_task(table)
        pipeline = fit_pipeline(table.rows, targets, feature_names=table.feature_names,
                                target_name="species", task=task, epochs=3, seed=2)[0]
        save_model(pipeline, self.path("iris.json"))
        return table

    def test_export_convert_predict_through_the_programs(self):
        table = self.iris_model()
        status, out, err = call_main(export_main, [self.path("iris.json"), "--format", "onnx",
                                                   "--onnx-type", "double", "--output",
                                                   self.path("iris.onnx")])
        self.assertEqual((status, out, err), (0, "", ""))
        status, out, err = call_main(convert_main, [self.path("iris.onnx"), "--output",
                                                    self.path("back.json")])
        self.assertEqual((status, out, err), (0, "", ""))
        with open(self.path("iris.json")) as a, open(self.path("back.json")) as b:
            self.assertEqual(a.read(), b.read())
        self.assertEqual(load_model(self.path("back.json")).predict(table.rows[:5]),
                         ["setosa"] * 5)

    def test_a_mixed_model_through_export_convert_and_predict(self):
        # Issue 19 after issue 13: the encoding survives nn_pure -> ONNX -> nn_pure.
        pipeline = mixed_kinds()[0][1]
        save_model(pipeline, self.path("penguins.json"))
        status, out, err = call_main(export_main, [self.path("penguins.json"), "--format",
                                                   "onnx", "--onnx-type", "double", "--output",
                                                   self.path("penguins.onnx")])
        self.assertEqual((status, out, err), (0, "", ""))
        status, out, err = call_main(convert_main, [self.path("penguins.onnx"), "--output",
                                                    self.path("back.json")])
        self.assertEqual((status, out, err), (0, "", ""))
        with open(self.path("penguins.json")) as a, open(self.path("back.json")) as b:
            self.assertEqual(a.read(), b.read())
        gaps = [["Biscoe", None, None, 230.0, 5500.0, None, 2009.0]]
        self.assertEqual(load_model(self.path("back.json")).predict_proba(gaps),
                         pipeline.predict_proba(gaps))

    def test_foreign_file_with_names_from_the_flags(self):
        status, out, err = call_main(convert_main, [
            os.path.join(DATA, "torch_tanh_softmax.onnx"), "--output", self.path("t.json"),
            "--features", "sl,sw,pl,pw", "--classes", "setosa,versicolor,virginica"])
        self.assertEqual((status, err), (0, ""))
        pipeline = load_model(self.path("t.json"))
        self.assertEqual(pipeline.feature_names, ["sl", "sw", "pl", "pw"])
        self.assertEqual(pipeline.predict([[5.1, 3.5, 1.4, 0.2]]), ["setosa"])
        status, out, err = call_main(convert_main, [
            os.path.join(DATA, "torch_tanh_softmax.onnx"), "--output", self.path("u.json")])
        self.assertIn("note: classes named 0..2 (name them with --classes)", out)

    def test_mistakes_are_one_line_naming_the_flag_or_file(self):
        self.iris_model()
        cases = [
            (export_main, [self.path("iris.json"), "--format", "onnx"], "--output M.onnx"),
            (convert_main, [os.path.join(DATA, "torch_tanh_softmax.onnx"), "--output",
                            self.path("x.json"), "--classes", "a,b"], "names 2 classes"),
            (convert_main, [os.path.join(DATA, "torch_tanh_softmax.onnx"), "--output",
                            self.path("x.json"), "--features", "a,,b"], "is empty"),
            (convert_main, [self.path("iris.json"), "--output", self.path("x.json")],
             "iris.json is not a valid ONNX file"),
            (convert_main, [self.path("none.onnx"), "--output", self.path("x.json")],
             "does not exist"),
            (export_main, [self.path("iris.json"), "--format", "torch", "--output",
                           self.path("torch.py")], "import itself"),
        ]
        for main, argv, words in cases:
            with self.subTest(argv=argv[1:]):
                status, out, err = call_main(main, argv)
                self.assertEqual(status, 2)
                self.assertIn(words, err)
                self.assertEqual(err.count("\n"), 1)
        self.assertFalse(os.path.exists(self.path("x.json")))

    def test_float_refuses_numbers_no_float_holds_naming_the_file_and_key(self):
        # A float32 reaches about 3.4e38 and, nonzero, down to 1.4e-45: beyond, a
        # number would overflow (struct raised OverflowError) or become 0 (a std of 0;
        # a weight of 0 is harmless, see test_export_c).
        pipeline = Pipeline(MLP([2, 3], rng=RNG(0)),
                            standardizer=Standardizer([0.0, 0.0], [1.0, 1.0]))
        for key, path, x in (("layers[0].W[1][0]", ("layers", 0, "W", 1, 0), 1e301),
                             ("standardization.std[1]", ("standardization", "std", 1), 1e39),
                             ("standardization.std[0]", ("standardization", "std", 0), 1e-50),
                             ("layers[0].b[2]", ("layers", 0, "b", 2), -1e39)):
            with self.subTest(key=key):
                document = json.loads(dumps_model(pipeline))
                parent = document
                for step in path[:-1]:
                    parent = parent[step]
                parent[path[-1]] = x
                with open(self.path("m.json"), "w") as f:
                    json.dump(document, f)
                argv = [self.path("m.json"), "--format", "onnx", "--output", self.path("m.onnx")]
                status, out, err = call_main(export_main, argv)
                self.assertEqual((status, out), (2, ""))
                self.assertIn("m.json: %s is %r" % (key, x), err)
                self.assertIn("export it with --onnx-type double", err)
                self.assertEqual(err.count("\n"), 1)
                self.assertFalse(os.path.exists(self.path("m.onnx")))
                status, out, err = call_main(export_main, argv + ["--onnx-type", "double"])
                self.assertEqual((status, out, err), (0, "", ""))
                os.remove(self.path("m.onnx"))

    def test_metadata_nested_past_the_bound_is_refused_in_one_line(self):
        # Hostile-user trial: nn_pure.training 500 objects deep crashed convert with
        # RecursionError.  Model files and ONNX metadata share one bound.
        self.iris_model()
        status, _, _ = call_main(export_main, [self.path("iris.json"), "--format", "onnx",
                                               "--output", self.path("iris.onnx")])
        self.assertEqual(status, 0)
        with open(self.path("iris.onnx"), "rb") as f:
            data = f.read()
        deep = '{"a":' * 500 + "1" + "}" * 500
        with open(self.path("deep.onnx"), "wb") as f:
            f.write(data + bytes_field(14, string_field(1, "nn_pure.training")
                                       + string_field(2, deep)))
        status, out, err = call_main(convert_main, [self.path("deep.onnx"), "--output",
                                                    self.path("x.json")])
        self.assertEqual((status, out), (2, ""))
        self.assertEqual(err, "nn_pure.convert: error: %s: metadata_props nn_pure.training "
                              "nests 500 levels deep; at most 32 (was it edited?)\n"
                         % self.path("deep.onnx"))
        self.assertFalse(os.path.exists(self.path("x.json")))
        # ... and export writes no metadata that convert would refuse.
        pipeline = load_model(self.path("iris.json"))
        deep = 1
        for _ in range(40):
            deep = [deep]
        pipeline.training["x"] = deep
        with self.assertRaisesRegex(NNPureError, "training record nests 41 levels deep"):
            export_onnx(pipeline, "double")

    def test_torch_export_keeps_every_name_a_literal(self):
        # Nothing read from a file becomes code: a name full of quotes and newlines stays data.
        hostile = 'x"""\nimport os  # \'\'\''
        table = self.iris_model()
        pipeline = load_model(self.path("iris.json"))
        pipeline.feature_names[0] = hostile
        pipeline.class_names[1] = "\\" + hostile
        text = torch_source(pipeline, "iris_torch")
        tree = ast.parse(text)
        imports = [alias.name for node in ast.walk(tree)
                   if isinstance(node, (ast.Import, ast.ImportFrom)) for alias in node.names]
        self.assertEqual(imports, ["torch"])
        strings = []
        for node in ast.walk(tree):     # ast.Str on 3.6 and 3.7, ast.Constant after
            if type(node).__name__ in ("Str", "Constant"):
                strings.append(getattr(node, "value", getattr(node, "s", None)))
        self.assertIn(hostile, strings)
        self.assertIn("\\" + hostile, strings)
        self.assertEqual(len(table.rows), 150)

    def test_the_outgrow_example_says_what_it_needs_without_torch(self):
        # Issue 19: torch is a tool on the user's side; without it, one clear line.
        script = os.path.join(ROOT, "examples", "outgrow", "continue_in_pytorch.py")
        code = ("import sys, runpy; sys.modules['torch'] = None; sys.argv = [%r]; "
                "runpy.run_path(%r, run_name='__main__')" % (script, script))
        status, out, err = run_python(["-c", code])
        self.assertEqual((status, out), (1, ""))
        self.assertIn("install it with `pip install torch onnx` (nn_pure itself never needs it)",
                      err)

    def test_convert_runs_as_a_module(self):
        status, out, err = run_python(["-m", "nn_pure.convert", "--help"])
        self.assertEqual((status, err), (0, ""))
        self.assertIn("usage: python -m nn_pure.convert", out)


def graph_file(nodes, initializers=(), opset=13, inputs=("x",), width=2):
    """A minimal ModelProto around nodes, for the refusals below."""
    graph = b"".join(bytes_field(1, n) for n in nodes)
    graph += b"".join(bytes_field(5, t) for t in initializers)
    for name in inputs:
        dims = bytes_field(1, string_field(2, "N")) + bytes_field(1, int_field(1, width))
        tensor = int_field(1, 11) + bytes_field(2, dims)
        graph += bytes_field(11, string_field(1, name) + bytes_field(2, bytes_field(1, tensor)))
    graph += bytes_field(12, string_field(1, "y"))
    return int_field(1, 7) + bytes_field(7, graph) + bytes_field(8, int_field(2, opset))


def node(op, inputs, output, name="n"):
    return (b"".join(string_field(1, i) for i in inputs) + string_field(2, output)
            + string_field(3, name) + string_field(4, op))


def tensor(name, dims, values):
    return (bytes_field(1, b"".join(varint(d) for d in dims)) + int_field(2, 11)
            + string_field(8, name) + bytes_field(9, struct.pack("<%dd" % len(values), *values)))


class TestRefusals(unittest.TestCase):
    W = tensor("W", [2, 2], [1.0, 2.0, 3.0, 4.0])
    b = tensor("b", [2], [0.0, 0.0])

    def refused(self, data, words):
        with self.assertRaises(ValueError) as caught:
            convert(data, "bad.onnx")
        self.assertIn("bad.onnx", str(caught.exception))
        self.assertIn(words, str(caught.exception))

    def test_an_op_outside_the_subset_is_named_with_its_node(self):
        data = graph_file([node("Gemm", ["x", "W", "b"], "z"), node("Conv", ["z"], "y", "c1")],
                          [self.W, self.b])
        self.refused(data, "node 'c1' (Conv) is an op nn_pure does not read")

    def test_mixed_activations_and_missing_ones_are_refused_with_the_reason(self):
        data = graph_file([node("Gemm", ["x", "W", "b"], "z1"), node("Relu", ["z1"], "h1"),
                           node("Gemm", ["h1", "W", "b"], "z2"), node("Tanh", ["z2"], "h2"),
                           node("Gemm", ["h2", "W", "b"], "y")], [self.W, self.b])
        self.refused(data, "mixes the activations relu, tanh")
        data = graph_file([node("Gemm", ["x", "W", "b"], "z1"),
                           node("Gemm", ["z1", "W", "b"], "y")], [self.W, self.b])
        self.refused(data, "comes where nn_pure's MLP cannot have it")

    def test_external_data_is_refused_with_how_to_fix_it(self):
        external = (bytes_field(1, varint(2) + varint(2)) + int_field(2, 11) + string_field(8, "W")
                    + bytes_field(13, string_field(1, "location") + string_field(2, "w.bin"))
                    + int_field(14, 1))
        self.refused(graph_file([node("Gemm", ["x", "W"], "y")], [external]),
                     "save_as_external_data=False")

    def test_huge_declared_dims_are_refused_before_anything_is_allocated(self):
        huge = tensor("W", [1 << 40, 1 << 40], [1.0])
        self.refused(graph_file([node("Gemm", ["x", "W"], "y")], [huge]), "over 10000000")
        short = tensor("W", [2, 3], [1.0])
        self.refused(graph_file([node("Gemm", ["x", "W"], "y")], [short]), "need 48")

    def test_a_leaky_relu_with_another_slope_is_refused(self):
        alpha = bytes_field(5, string_field(1, "alpha") + key_float(0.2) + int_field(20, 1))
        data = graph_file([node("Gemm", ["x", "W", "b"], "z") + b"",
                           node("LeakyRelu", ["z"], "h") + alpha,
                           node("Gemm", ["h", "W", "b"], "y")], [self.W, self.b])
        self.refused(data, "nn_pure's leaky ReLU has slope 0.01")


def key_float(x):
    return varint(2 << 3 | 5) + struct.pack("<f", x)


class TestDecoderFuzz(unittest.TestCase):
    """Issue 19: truncated, bit-flipped and forged files, each refused in one line."""

    @classmethod
    def setUpClass(cls):
        label, pipeline, _ = every_kind()[0]
        cls.own = export_onnx(pipeline, "double")
        with open(os.path.join(DATA, "sklearn_mlp_classifier.onnx"), "rb") as f:
            cls.foreign = f.read()

    def setUp(self):
        self.folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.folder)
        self.count = 0

    def run_convert(self, data):
        """(status, stderr) of the program on data; a success must write a loadable model."""
        # A new file for each case: rewriting one file costs milliseconds on some disks.
        self.count += 1
        path = os.path.join(self.folder, "fuzz%d.onnx" % self.count)
        out = os.path.join(self.folder, "out%d.json" % self.count)
        with open(path, "wb") as f:
            f.write(data)
        status, _, err = call_main(convert_main, [path, "--output", out])
        self.assertNotIn("Traceback", err)
        if status == 0:
            load_model(out)
        else:
            self.assertEqual(status, 2)
            self.assertEqual(err.count("\n"), 1, err)
            self.assertTrue(err.startswith("nn_pure.convert: error: %s" % path), err)
            self.assertFalse(os.path.exists(out))
        return status, err

    def forged(self):
        """Files no writer makes: lengths past the end, huge dims, deep nesting, wrong wire
        types, overlong varints, groups."""
        out = []
        for length in (1 << 62, (1 << 64) - 1, 1 << 31, 10 ** 6):
            out.append(int_field(1, 7) + varint(7 << 3 | 2) + varint(length) + b"\x0a\x00")
        for dims in ([1 << 62, 4], [-1, 4], [1 << 31, 1 << 31, 1 << 31], [3, 0]):
            big = bytes_field(1, b"".join(varint(d) for d in dims)) + int_field(2, 11) + \
                string_field(8, "W") + bytes_field(9, b"\0" * 16)
            out.append(graph_file([node("Gemm", ["x", "W"], "y")], [big]))
        nested = b""
        for _ in range(2000):               # deep nesting under a known field and unknown ones
            nested = bytes_field(7, nested)
        out.append(nested)
        out.append(bytes_field(7, bytes_field(99, nested)))
        for wire_type in (0, 1, 3, 4, 5, 6, 7):
            out.append(int_field(1, 7) + varint(7 << 3 | wire_type) + b"\x01" * 9)
        out.append(b"\x08" + b"\xff" * 11)  # an 11-byte varint
        out.append(b"\x00\x00")             # field number 0
        out.append(b"")
        out.append(b"\xff" * 64)
        return out

    def test_over_1000_damaged_files_are_each_refused_in_one_line(self):
        # Every case goes through the converter, which the program wraps; every tenth goes
        # through the program itself too (exit 2, one line, nothing written).  Running all
        # of them as programs costs minutes on PyPy, and shows nothing more.
        refused, accepted = 0, {}
        rng = RNG(19)
        cases = [("forged", data) for data in self.forged()]
        for original in (self.own, self.foreign):
            step = max(1, len(original) // 600)         # truncations all along the file
            cases += [("cut", original[:n]) for n in range(0, len(original), step)]
            for _ in range(100):                        # one bit flipped anywhere
                position = int(rng.random() * len(original))
                flipped = bytearray(original)
                flipped[position] ^= 1 << int(rng.random() * 8)
                cases.append(("flip", bytes(flipped)))
        for number, (kind, data) in enumerate(cases):
            try:
                convert(data, "damaged.onnx")
                ok = True
            except NNPureError as error:
                ok = False
                message = str(error)
                self.assertTrue(message.startswith("damaged.onnx"), message)
                self.assertNotIn("\n", message)
            if number % 10 == 0 or kind == "forged":
                status, _ = self.run_convert(data)
                self.assertEqual(status, 0 if ok else 2)
            refused += not ok
            accepted[kind] = accepted.get(kind, 0) + ok
            if kind == "forged":
                self.assertFalse(ok, "forged file accepted")
        self.assertGreaterEqual(refused, 1000)
        # A flipped bit inside a weight, or a cut after the graph, can leave a valid file:
        # those must convert to a model file that loads (run_convert checks), and be few.
        self.assertLess(accepted.get("flip", 0) + accepted.get("cut", 0), 200, accepted)

    def test_damaged_encoding_nodes_are_each_refused_in_one_line(self):
        # Issue 19 after issue 13: the fill and one-hot nodes are read from untrusted bytes
        # too.  Cuts and flipped bits where they lie (the graph's first nodes, up to the
        # Concat that makes 'encoded'); a flip that leaves a valid file must still convert.
        data = export_onnx(mixed_kinds()[0][1], "double")
        end = data.index(b"encoded") + len(b"encoded")
        start = data.index(b"IsNaN") - 40
        rng = RNG(13)
        cases = [data[:n] for n in range(start, end, 3)]
        for _ in range(500):
            position = start + int(rng.random() * (end - start))
            flipped = bytearray(data)
            flipped[position] ^= 1 << int(rng.random() * 8)
            cases.append(bytes(flipped))
        refused = 0
        for data in cases:
            try:
                convert(data, "damaged.onnx")
            except NNPureError as error:
                refused += 1
                message = str(error)
                self.assertTrue(message.startswith("damaged.onnx"), message)
                self.assertNotIn("\n", message)
        self.assertGreater(refused, len(cases) // 2)

    def test_every_cut_inside_the_graph_is_refused(self):
        # The graph is one length-delimited field: any cut inside it leaves it short.
        model = Decoder("m").message(self.own[:0], "ModelProto")
        self.assertEqual(model, {})
        start = self.own.index(b"\x3a")     # field 7, wire type 2: the graph
        for n in range(start + 1, start + 200):
            with self.subTest(cut=n):
                self.assertEqual(self.run_convert(self.own[:n])[0], 2)

    def test_huge_dims_cost_no_memory(self):
        forged = self.forged()

        def refuse_all():
            for data in forged:
                with self.assertRaises(ValueError):
                    convert(data, "f.onnx")
        try:
            import tracemalloc
        except ImportError:     # PyPy: the process's peak size instead, far coarser
            import resource
            before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            refuse_all()
            grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
            self.assertLess(grown_kb, 64 * 1024)        # a 2^62-element tensor would be EB
            return
        tracemalloc.start()
        try:
            refuse_all()
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        self.assertLess(peak, 2 * 1024 * 1024)


if __name__ == "__main__":
    unittest.main()
