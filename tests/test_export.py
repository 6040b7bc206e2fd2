"""python -m nn_pure.export: a standalone module equal to the library, needing only math."""
import ast
import importlib
import keyword
import os
import shutil
import sys
import tempfile
import unittest

from nn_pure.cli.csvfile import choose_task, read_table
from nn_pure.cli.modelfile import load_model, save_model
from nn_pure.fitting import fit_pipeline
from nn_pure.cli.export import KEYWORDS
from nn_pure.export import main

from tests.helpers import ROOT, call_main, run_python
from tests.test_pipeline import smooth_regression_rows

IRIS = os.path.join(ROOT, "examples", "data", "iris.csv")


class TestExport(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.folder)
        sys.path.insert(0, self.folder)
        self.addCleanup(sys.path.remove, self.folder)

    def export(self, pipeline, module):
        model = os.path.join(self.folder, module + ".json")
        save_model(pipeline, model)
        status, out, err = call_main(main, [model, "--output",
                                            os.path.join(self.folder, module + ".py")])
        self.assertEqual((status, out, err), (0, "", ""))
        return load_model(model), importlib.import_module(module)

    def test_iris_mlp_and_softmax_match_the_library_on_every_row(self):
        table = read_table(IRIS, "species")
        task, targets = choose_task(table)
        for kind in ("mlp", "softmax"):
            pipeline = fit_pipeline(table.rows, targets, feature_names=table.feature_names,
                                    target_name="species", task=task, kind=kind, epochs=30, seed=4)[0]
            loaded, module = self.export(pipeline, "predict_iris_" + kind)
            with self.subTest(kind=kind):
                self.assertEqual([module.predict_proba(r) for r in table.rows],
                                 loaded.predict_proba(table.rows))
                self.assertEqual([module.predict(r) for r in table.rows],
                                 loaded.predict(table.rows))

    def test_network_and_regression_kinds(self):
        rows, y = smooth_regression_rows(40, seed=5)
        regression = fit_pipeline(rows, y, feature_names=["a", "b"], target_name="y",
                                  task="regression", epochs=5)[0]
        loaded, module = self.export(regression, "predict_y")
        self.assertEqual([module.predict(r) for r in rows], loaded.predict(rows))
        names = ["lo" if a < 0 else "hi" for a, _ in rows]
        network = fit_pipeline(rows, names, feature_names=["a", "b"], target_name="side",
                               kind="network", epochs=5)[0]
        loaded, module = self.export(network, "predict_side")
        self.assertEqual([module.predict_proba(r) for r in rows], loaded.predict_proba(rows))
        self.assertEqual([module.predict(r) for r in rows], loaded.predict(rows))

    def test_module_imports_only_math_and_says_how_to_use_it(self):
        table = read_table(IRIS, "species")
        pipeline = fit_pipeline(table.rows, table.targets, feature_names=table.feature_names,
                                target_name="species", epochs=2)[0]
        self.export(pipeline, "predict_flowers")
        path = os.path.join(self.folder, "predict_flowers.py")
        with open(path) as f:
            source = f.read()
        tree = ast.parse(source)
        imported = [alias.name for node in ast.walk(tree)
                    if isinstance(node, (ast.Import, ast.ImportFrom)) for alias in node.names]
        self.assertEqual(imported, ["math"])
        docstring = ast.get_docstring(tree)
        self.assertIn("import predict_flowers", docstring)
        self.assertIn("from a row of FEATURES it predicts TARGET,\none of CLASSES", docstring)
        # The names are there once each, as literals, and the docstring names the constants.
        self.assertIn("\nSOURCE = 'predict_flowers.json'\n", source)
        self.assertIn("\nTARGET = 'species'\n", source)
        self.assertIn("\nFEATURES = ['sepal_length', 'sepal_width', 'petal_length', "
                      "'petal_width']\n", source)
        self.assertIn("\nCLASSES = ['setosa', 'versicolor', 'virginica']\n", source)
        self.assertEqual(source.count("sepal_width"), 1)
        self.assertEqual(source.count("virginica"), 1)
        # And it runs where nn_pure is not importable at all.
        status, out, err = run_python(["-I", "-c", "import sys; sys.path.insert(0, %r); "
                                       "import predict_flowers as m; "
                                       "print(m.predict([5.1, 3.5, 1.4, 0.2]))" % self.folder],
                                      cwd=self.folder)
        self.assertEqual((status, err), (0, ""))
        self.assertIn(out.strip(), ["setosa", "versicolor", "virginica"])

    def test_wrong_row_length(self):
        table = read_table(IRIS, "species")
        pipeline = fit_pipeline(table.rows, table.targets, feature_names=table.feature_names,
                                epochs=1)[0]
        _, module = self.export(pipeline, "predict_short")
        with self.assertRaisesRegex(ValueError, "expected 4 values"):
            module.predict([1.0, 2.0])

    def saved_iris_model(self):
        """The path of m.json in the test's folder: an Iris MLP trained for one epoch."""
        table = read_table(IRIS, "species")
        pipeline = fit_pipeline(table.rows, table.targets, feature_names=table.feature_names,
                                epochs=1)[0]
        model = os.path.join(self.folder, "m.json")
        save_model(pipeline, model)
        return model

    def test_output_that_import_cannot_load_is_refused_with_a_name_that_works(self):
        # Issue 10: --output must give an importable module name; the message suggests one.
        model = self.saved_iris_model()
        cases = [("class.py", "class is a Python keyword", "predict_class.py"),
                 ("1-bad.py", "'1-bad' is not a module name", "predict_1_bad.py"),
                 ("my-model.py", "'my-model' is not a module name", "my_model.py"),
                 ("math.py", "math is a module Python already has", "predict_math.py"),
                 ("sys.py", "sys is a module Python already has", "predict_sys.py"),
                 ("pr\u00e9dire.py", "is not a module name: use ASCII", "pr_dire.py"),
                 ("predict.txt", "ends in .py", "predict.py"),
                 ("", "name the file to write", "predict_model.py")]
        for name, problem, suggestion in cases:
            with self.subTest(output=name):
                output = os.path.join(self.folder, name)
                status, out, err = call_main(main, [model, "--output", output])
                self.assertEqual((status, out), (2, ""))
                self.assertIn(problem, err)
                self.assertIn("choose a name such as %s" % os.path.join(self.folder, suggestion),
                              err)
                self.assertEqual(len(err.splitlines()), 1)
        self.assertEqual(sorted(os.listdir(self.folder)), ["m.json"])
        # The command line's own list of keywords holds all of this Python's.
        # (3.9 lists __peg_parser__, an easter egg of its new parser, not a keyword to refuse)
        self.assertLessEqual(set(keyword.kwlist) - {"__peg_parser__"}, set(KEYWORDS))

    def test_output_named_as_another_kind_of_nn_pure_file_is_refused_for_every_format(self):
        # `--format onnx --output x.json` put an ONNX file where a model file is expected.
        model = self.saved_iris_model()
        cases = [("onnx", "x.json", "a model file", "x.onnx"),
                 ("onnx", "x.py", "a Python module", "x.onnx"),
                 ("c", "x.py", "a Python module", "x.h"),
                 ("c", "x.onnx", "an ONNX model", "x.h"),
                 ("c", "x.JSON", "a model file", "x.h"),
                 ("python", "x.h", "a C header", "x.py"),
                 ("python", "my-model.json", "a model file", "my_model.py"),
                 ("torch", "x.onnx", "an ONNX model", "x.py")]
        for file_format, name, named, suggestion in cases:
            with self.subTest(format=file_format, output=name):
                status, out, err = call_main(main, [model, "--format", file_format, "--output",
                                                    os.path.join(self.folder, name)])
                self.assertEqual((status, out), (2, ""))
                self.assertIn("%s names %s; choose a name such as %s"
                              % (os.path.splitext(name)[1], named,
                                 os.path.join(self.folder, suggestion)), err)
                self.assertEqual(len(err.splitlines()), 1)
        self.assertEqual(sorted(os.listdir(self.folder)), ["m.json"])
        # An extension no other nn_pure file has is the user's choice.
        for file_format, name in (("c", "x.hpp"), ("onnx", "x.bin")):
            status, out, err = call_main(main, [model, "--format", file_format, "--output",
                                                os.path.join(self.folder, name)])
            self.assertEqual((status, out, err), (0, "", ""))

    def test_output_is_checked_against_the_model_file_before_loading_it(self):
        # Issue 10: the output path goes through check_outputs, with the model as an input.
        table = read_table(IRIS, "species")
        pipeline = fit_pipeline(table.rows, table.targets, feature_names=table.feature_names,
                                epochs=1)[0]
        model = os.path.join(self.folder, "predict_m.py")      # a model file, oddly named
        save_model(pipeline, model)
        with open(model) as f:
            before = f.read()
        status, out, err = call_main(main, [model, "--output", model])
        self.assertEqual((status, out), (2, ""))
        self.assertIn("is also the model file", err)
        with open(model) as f:
            self.assertEqual(f.read(), before)
        status, _, err = call_main(main, [os.path.join(self.folder, "missing.json"), "--output",
                                          os.path.join(self.folder, "no_folder", "p.py")])
        self.assertEqual(status, 2)
        self.assertIn("does not exist; create it first", err)


class TestExportedOverflow(unittest.TestCase):
    def test_an_overflowing_prediction_stops_as_the_librarys_does(self):
        # Issue 10: finite weights whose products overflow give an error, never NaN.
        import types
        from nn_pure import MLP, RNG
        from nn_pure.export import export_source
        from nn_pure.pipeline import Pipeline
        model = MLP([2, 3, 2], activation="relu", rng=RNG(0))
        model.linears[0].W = [[1e300] * 3, [1e300] * 3]
        module = types.ModuleType("over")
        exec(compile(export_source(Pipeline(model), "over"), "over", "exec"), module.__dict__)
        with self.assertRaisesRegex(ValueError, r"layer 1 gives inf"):
            module.predict_proba([1e10, 1.0])
        with self.assertRaisesRegex(ValueError, r"layer 1 \(Linear\) gives inf"):
            model.predict_proba([[1e10, 1.0]])
        self.assertEqual(module.predict_proba([0.5, -0.5]), model.predict_proba([[0.5, -0.5]])[0])

    def test_a_value_beyond_the_largest_float_in_the_targets_units_stops_too(self):
        # The network's output is finite, but undoing the target's standardization
        # (z * std + mean) overflows: the module returned inf where the library raises.
        import types
        from nn_pure import MLP, RNG
        from nn_pure.export import export_source
        from nn_pure.pipeline import Pipeline
        from nn_pure.preprocess import Standardizer
        for bias, mean, want in ((5.0, 1e308, None), (2.0, -1e308, 1e308)):
            model = MLP([2, 1], loss="mse", rng=RNG(0))
            model.linears[0].W, model.linears[0].b = [[0.0], [0.0]], [bias]
            pipeline = Pipeline(model, target_standardizer=Standardizer([mean], [1e308]))
            module = types.ModuleType("far")
            exec(compile(export_source(pipeline, "far"), "far", "exec"), module.__dict__)
            with self.subTest(bias=bias, mean=mean):
                if want is None:
                    with self.assertRaisesRegex(ValueError, "prediction is inf in the units of "
                                                            "the target, beyond the largest"):
                        module.predict([0.5, 0.5])
                    with self.assertRaisesRegex(ValueError, "prediction is inf"):
                        pipeline.predict([[0.5, 0.5]])
                else:       # 2 * 1e308 overflows, 2 * 1e308 - 1e308 does not
                    self.assertEqual(module.predict([0.5, 0.5]), want)
                    self.assertEqual(pipeline.predict([[0.5, 0.5]]), [want])
