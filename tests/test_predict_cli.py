"""python -m nn_pure.predict agrees with the Python API, and rejects what does not fit."""
import csv
import io
import os
import shutil
import tempfile
import unittest

from nn_pure.cli.csvfile import read_table
from nn_pure.cli.modelfile import load_model
from nn_pure.fitting import fit_pipeline
from nn_pure.cli.modelfile import save_model
from nn_pure.predict import main

from tests.helpers import ROOT, call_main, run_python
from tests.test_pipeline import smooth_regression_rows

IRIS = os.path.join(ROOT, "examples", "data", "iris.csv")


class TestPredict(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.mkdtemp()
        table = read_table(IRIS, "species")
        pipeline, _, _ = fit_pipeline(table.rows, table.targets,
                                      feature_names=table.feature_names, target_name="species", epochs=20, seed=1)
        cls.model = os.path.join(cls.folder, "iris.json")
        save_model(pipeline, cls.model)
        cls.table = table

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.folder)

    def test_command_line_agrees_with_the_api_on_every_row(self):
        status, out, err = run_python(["-m", "nn_pure.predict", self.model, IRIS])
        self.assertEqual((status, err), (0, ""))
        rows = list(csv.reader(io.StringIO(out)))
        self.assertEqual(rows[0], ["species", "prediction", "p_setosa", "p_versicolor",
                                   "p_virginica"])
        pipeline = load_model(self.model)
        names = pipeline.predict(self.table.rows)
        probs = pipeline.predict_proba(self.table.rows)
        self.assertEqual(len(rows), 151)
        for row, name, p, truth in zip(rows[1:], names, probs, self.table.targets):
            self.assertEqual(row[0], truth)
            self.assertEqual(row[1], name)
            self.assertEqual([float(v) for v in row[2:]], p)     # every bit

    def test_columns_are_matched_by_name(self):
        path = os.path.join(self.folder, "shuffled.csv")
        with open(path, "w") as f:
            f.write("petal_width,sepal_length,petal_length,sepal_width\n0.2,5.1,1.4,3.5\n")
        status, out, _ = call_main(main, [self.model, path])
        self.assertEqual(status, 0)
        _, by_values, _ = call_main(main, [self.model, "--values", "5.1,3.5,1.4,0.2"])
        self.assertEqual(out, by_values)
        self.assertTrue(out.startswith("prediction,p_setosa"))

    def test_output_file(self):
        path = os.path.join(self.folder, "out.csv")
        status, out, _ = call_main(main, [self.model, IRIS, "--output", path])
        self.assertEqual((status, out), (0, ""))
        with open(path) as f:
            self.assertEqual(len(f.read().splitlines()), 151)

    def test_regression_model(self):
        rows, y = smooth_regression_rows(40, seed=2)
        pipeline, _, _ = fit_pipeline(rows, y, feature_names=["a", "b"], target_name="y",
                                      task="regression", epochs=3)
        path = os.path.join(self.folder, "reg.json")
        save_model(pipeline, path)
        status, out, _ = call_main(main, [path, "--values", "0.5,-1"])
        self.assertEqual(status, 0)
        self.assertEqual(out.splitlines(), ["prediction",
                                            repr(pipeline.predict([[0.5, -1.0]])[0])])

    def test_bad_input(self):
        def write(text):
            path = os.path.join(self.folder, "bad%d.csv" % len(os.listdir(self.folder)))
            with open(path, "w") as f:
                f.write(text)
            return path
        cases = [
            ([write("sepal_length,sepal_width,petal_length\n1,2,3\n")],
             "lacks the column(s) petal_width that the model was trained on"),
            ([write("sepal_length,sepal_width,petal_length,petal_width\n1,2,x,4\n")],
             ".csv, line 2, column 'petal_length': 'x' is not a number"),
            (["--values", "1,2,3"], "--values has 3 values but the model"),
            (["--values", "1,2,3,abc"], "column 'petal_width': 'abc' is not a number"),
            # A value the model's standardization cannot scale: both files are named.
            ([write("sepal_length,sepal_width,petal_length,petal_width\n"
                    "1,2,3,4\n1e308,-1e308,1e308,1e308\n")],
             "iris.json on %s" % os.path.join(self.folder, "bad")),
            ([], "give either FILE.csv or --values"),
        ]
        for argv, message in cases:
            with self.subTest(message=message):
                status, out, err = call_main(main, [self.model] + argv)
                self.assertEqual((status, out), (2, ""))
                self.assertIn(message, err)
                self.assertEqual(len(err.splitlines()), 1)
        status, _, err = call_main(main, [IRIS, "--values", "1,2,3,4"])
        self.assertEqual(status, 2)
        self.assertIn("is not valid JSON", err)
