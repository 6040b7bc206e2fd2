"""Issue 13: real CSV files as people export them.

Every encoding and imputation rule (nn_pure/encode.py), reading such files
(nn_pure/cli/csvfile.py: index columns, delimiters; nn_pure/cli/csvcolumns.py:
IDs, the all-problems report), the metrics in the report, --json and the model file, --cv,
--class-weight, and model files written before the encoding existed.
"""
import contextlib
import io
import json
import os
import shutil
import tempfile
import unittest

from nn_pure.checks import NNPureError
from nn_pure.cli.csvfile import read_table
from nn_pure.cli.modelfile import dumps_model, load_model, loads_model
from nn_pure.encode import MISSING, Encoder, category_name, median, parse_cell
from nn_pure.export import export_source
from nn_pure.crossval import cross_validate, kfold_indices
from nn_pure.fitting import balanced_weights, fit_pipeline
from nn_pure.predict import main as predict_main
from nn_pure.rng import RNG
from nn_pure.train import main as train_main
from tests.helpers import ROOT, call_main

DATA = os.path.join(ROOT, "examples", "data")
IRIS = os.path.join(DATA, "iris.csv")
OLD_MODEL = os.path.join(ROOT, "tests", "old_format_iris.json")


def animals(n=40):
    """A small table of mixed columns: colour (words), legs (a number), size with gaps."""
    rows, targets = [], []
    for i in range(n):
        colour = ("red", "green", "blue")[i % 3]
        legs = float(2 + 2 * (i % 2))
        size = None if i % 7 == 0 else float(i % 5)
        rows.append([colour, legs, size])
        targets.append("bird" if legs == 2.0 else "cat")
    return rows, targets


class TestEncodingRules(unittest.TestCase):
    def test_missing_spellings_and_none_is_a_category(self):
        # "None" and "none" are real categories in survey.csv, cars93.csv and leaf.csv.
        for text in MISSING:
            self.assertIsNone(parse_cell(text))
        self.assertEqual(parse_cell("None"), "None")
        self.assertEqual(parse_cell("none"), "none")
        self.assertEqual(parse_cell("-"), "-")
        self.assertEqual(parse_cell(" 2.5 "), 2.5)

    def test_numbers_name_categories_by_value(self):
        self.assertEqual([category_name(v) for v in (4.0, 4, 2.5, "04")], ["4", "4", "2.5", "04"])
        enc = Encoder.fit(["cyl"], [["4"], [4.0], ["rotary"], ["6"]])
        self.assertEqual(enc.columns[0].categories, ["4", "6", "rotary"])
        self.assertEqual(enc.transform("t", [["4.0"], [6]]), [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])

    def test_median_fills_numbers_most_frequent_fills_categories(self):
        enc = Encoder.fit(["a", "b"], [[1.0, "x"], [10.0, "y"], [2.0, "y"], [None, None]])
        self.assertEqual(enc.columns[0].fill, 2.0)                  # median of 1, 2, 10
        self.assertEqual(enc.columns[1].fill, "y")
        self.assertEqual(enc.transform("t", [[None, "NA"], [float("nan"), ""]]),
                         [[2.0, 0.0, 1.0], [2.0, 0.0, 1.0]])
        self.assertEqual(median([4.0, 1.0, 3.0, 2.0]), 2.5)

    def test_categories_sorted_and_forced(self):
        enc = Encoder.fit(["zip", "n"], [[2134.0, 1.0], [1001.0, 2.0], [2134.0, 3.0]],
                          categorical=["zip"])
        self.assertEqual(enc.columns[0].categories, ["1001", "2134"])
        self.assertIsNone(enc.columns[1].categories)
        self.assertEqual(enc.input_names(), ["zip=1001", "zip=2134", "n"])

    def test_unseen_category_is_all_zeros_and_noted_once(self):
        enc = Encoder.fit(["c"], [["a"], ["b"]])
        self.assertEqual(enc.transform("t", [["z"], ["q"], ["a"]]),
                         [[0.0, 0.0], [0.0, 0.0], [1.0, 0.0]])
        self.assertEqual(enc.unseen, {"c": "z"})

    def test_text_in_a_numeric_column_names_every_column(self):
        enc = Encoder.fit(["a", "b"], [[1.0, 2.0], [3.0, 4.0]])
        with self.assertRaises(NNPureError) as context:
            enc.transform("t", [["x", "y"]])
        self.assertIn("column 'a', row 0: 'x'", str(context.exception))
        self.assertIn("column 'b', row 0: 'y'", str(context.exception))


class TestPipelineOnRawRows(unittest.TestCase):
    def test_fit_predict_save_load_export_agree_on_unseen_and_missing(self):
        rows, targets = animals()
        pipeline, _, metrics = fit_pipeline(rows, targets, feature_names=["colour", "legs", "size"],
                                            target_name="kind", epochs=30, seed=3)
        self.assertEqual(metrics["test"]["accuracy"], 1.0)
        new = [["purple", 4.0, None], ["red", "2", "NA"]]
        library = pipeline.predict_proba(new)
        self.assertEqual(pipeline.encoder.unseen, {"colour": "purple"})
        loaded = loads_model(dumps_model(pipeline))
        self.assertEqual(loaded.predict_proba(new), library)
        self.assertEqual(dumps_model(loaded), dumps_model(pipeline))      # same bytes again
        module = {}
        exec(export_source(pipeline, "animals"), module)
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            self.assertEqual([module["predict_proba"](row) for row in new], library)
            module["predict_proba"](["orange", 2.0, 1.0])      # a second unseen: no more lines
        self.assertEqual(module["UNSEEN"], {"colour": "purple"})
        self.assertEqual(printed.getvalue(), "warning: colour: 'purple' was not seen in "
                                             "training; encoded as all zeros\n")


    def test_encoded_rows_skip_the_encoder_and_leave_the_pipeline_alone(self):
        # fit_pipeline scores rows it has encoded already: predict(..., encoded=True).
        rows, targets = animals()
        pipeline = fit_pipeline(rows, targets, feature_names=["colour", "legs", "size"],
                                epochs=5, seed=3)[0]
        encoder = pipeline.encoder
        raw = [["red", 4.0, None], ["blue", "2", 3.0]]
        encoded = encoder.transform("t", raw)
        self.assertEqual(pipeline.predict_proba(encoded, encoded=True),
                         pipeline.predict_proba(raw))
        self.assertEqual(pipeline.predict(encoded, encoded=True), pipeline.predict(raw))
        with self.assertRaises(NNPureError) as context:         # a raw row is no encoded row
            pipeline.predict(raw, encoded=True)
        self.assertIn("rows[0] has 3 values but 5 are expected", str(context.exception))
        self.assertIs(pipeline.encoder, encoder)        # score() no longer swaps it out

    def test_an_int_past_the_largest_float_is_refused(self):
        enc = Encoder.fit(["a"], [[1.0], [3.0]])
        for huge in (10 ** 400, 10 ** 5000):
            with self.assertRaises(NNPureError) as context:
                enc.transform("t", [[huge]])
            self.assertIn("column 'a', row 0: 'inf' is not a number", str(context.exception))


class TestReadingTables(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.mkdtemp()

    def tearDown(self):
        shutil.rmtree(self.folder)

    def write(self, name, text):
        path = os.path.join(self.folder, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def test_shipped_tables_find_their_ids_and_index_columns(self):
        # The columns dev/sklearn_baselines.md lists as IDs, left out with a notice each.
        for name, target, left_out in (("titanic.csv", "survived", ["name"]),
                                       ("hmda.csv", "deny", ["rownames"]),
                                       ("credit.csv", "Status", [""]),
                                       ("diamonds.csv", "price", [""])):
            with self.subTest(table=name):
                table = read_table(os.path.join(DATA, name), target)
                for column in left_out:
                    self.assertNotIn(column, table.feature_names)
                self.assertEqual(len(table.notices), len(left_out))
        survey = read_table(os.path.join(DATA, "survey.csv"), "Sex")
        self.assertEqual((survey.dropped, len(survey.rows)), (1, 236))
        self.assertIn("Exer", survey.categorical)
        self.assertIn("None", set(row[survey.feature_names.index("Exer")] for row in survey.rows))

    def test_semicolons_and_tabs_are_detected(self):
        for delimiter in (";", "\t"):
            text = "".join(delimiter.join(cells) + "\n" for cells in
                           [["a", "b", "y"]] + [[str(i), "x,z", "py"[i % 2]] for i in range(6)])
            table = read_table(self.write("t.csv", text), "y")
            self.assertEqual(table.feature_names, ["a", "b"])
            self.assertEqual(table.rows[0], [0.0, "x,z"])
        # A semicolon file often writes decimal commas: they are pointed at, not guessed.
        with self.assertRaises(NNPureError) as context:
            read_table(self.write("t.csv", "a;y\n1,5;p\n2;q\n"), "y")
        self.assertIn("line 2, column 'a': '1,5' has a decimal comma", str(context.exception))

    def test_every_unusable_column_in_one_message(self):
        text = "a,b,c,d,y\n" + "1,5_1,0x1F,1e999,p\n" + "2,3,4,5,q\n" * 5
        with self.assertRaises(NNPureError) as context:
            read_table(self.write("t.csv", text), "y", ignore=["nope"])
        message = str(context.exception)
        self.assertIn("t.csv cannot be used: 4 problems", message)
        for part in ("--ignore names 'nope'", "column 'b': '5_1' is not a number",
                     "column 'c': '0x1F' is hexadecimal", "column 'd': '1e999' is beyond"):
            self.assertIn(part, message)
        self.assertNotIn("column 'a'", message)

    def test_missing_error_restores_strictness(self):
        text = "a,b,y\n1,,p\n2,NA,q\n3,4,\n5,6,p\n"
        table = read_table(self.write("t.csv", text), "y")
        self.assertEqual((table.dropped, table.rows[0]), (1, [1.0, None]))
        with self.assertRaises(NNPureError) as context:
            read_table(self.write("t.csv", text), "y", missing="error")
        self.assertIn("line 2, column 'b': an empty cell (2 missing cells)", str(context.exception))
        self.assertIn("line 4, column 'y': the target is missing", str(context.exception))

    def test_reading_keeps_under_1_kb_a_row_of_20_features(self):
        # Issue 13: the file is parsed row by row, keeping numbers and one copy of each
        # category string, never the whole text (measured: about 660 bytes a row).
        lines = [",".join("f%d" % i for i in range(20)) + ",y"]
        for n in range(2000):
            lines.append(",".join(["%.4f" % ((n * 7 + i) % 97 / 97.0) for i in range(15)]
                                  + [("red", "green", "blue", "NA")[(n + i) % 4] for i in range(5)]
                                  + ["ab"[n % 2]]))
        path = self.write("big.csv", "\n".join(lines) + "\n")
        try:
            import tracemalloc
        except ImportError:         # PyPy: the structure checked below is what keeps it small
            tracemalloc = None
        if tracemalloc is not None:
            tracemalloc.start()
        try:
            table = read_table(path, "y")
            peak = tracemalloc.get_traced_memory()[1] if tracemalloc is not None else 0
        finally:
            if tracemalloc is not None:
                tracemalloc.stop()
        self.assertEqual(len(table.rows), 2000)
        self.assertLess(peak / 2000, 1024)
        # What keeps it small, on every Python: numbers as floats, and every cell of one
        # category the very same string object, not a copy per row.
        first, later = table.rows[0], table.rows[8]
        self.assertEqual([type(v) for v in first[:15]], [float] * 15)
        for j in range(15, 20):
            if first[j] is not None and first[j] == later[j]:
                self.assertIs(first[j], later[j])

    def test_features_ignore_and_categorical_flags(self):
        text = "id,code,x,y\n" + "".join("%d,%d,%d,%s\n" % (i, 100 + i % 3, i % 4, "pq"[i % 2])
                                          for i in range(1, 13))
        path = self.write("t.csv", text)
        table = read_table(path, "y", categorical=["code"])
        self.assertEqual(table.feature_names, ["code", "x"])         # id: row numbers, by name
        self.assertEqual(table.categorical, ["code"])
        self.assertEqual(read_table(path, "y", features=["id", "x"]).feature_names, ["id", "x"])
        self.assertEqual(read_table(path, "y", ignore=["x"]).feature_names, ["code"])


class TestCommandLine(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.mkdtemp()

    def tearDown(self):
        shutil.rmtree(self.folder)

    def test_penguins_train_predict_export_agree_on_an_unseen_island(self):
        model = os.path.join(self.folder, "p.json")
        status, out, err = call_main(train_main, ["--data", os.path.join(DATA, "penguins.csv"),
                                                  "--target", "species", "--epochs", "20",
                                                  "--save", model, "--json"])
        self.assertEqual((status, err), (0, ""))
        run = json.loads(out)
        for key in ("accuracy", "balanced_accuracy", "macro_f1", "log_loss", "precision",
                    "recall", "f1", "confusion_matrix", "most_frequent_baseline"):
            self.assertIn(key, run["test"])
        with open(model, encoding="utf-8") as f:
            document = json.load(f)
        self.assertEqual(document["training"]["test"], run["test"])
        self.assertEqual(document["encoding"][0]["categories"], ["Biscoe", "Dream", "Torgersen"])
        data = os.path.join(self.folder, "new.csv")
        with open(data, "w") as f:
            f.write("colour,island,bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g,"
                    "sex,year\nred,Atlantis,39,NA,190,3700,,2008\nblue,Biscoe,50,15,220,5000,"
                    "male,2009\n")
        status, out, err = call_main(predict_main, [model, data])
        self.assertEqual(status, 0)
        self.assertEqual(err.count("\n"), 2, err)
        self.assertIn("ignoring the column(s) 'colour'", err)
        self.assertIn("column 'island': the category 'Atlantis' was not seen", err)
        pipeline = load_model(model)
        rows = [["Atlantis", 39.0, None, 190.0, 3700.0, None, 2008.0],
                ["Biscoe", 50.0, 15.0, 220.0, 5000.0, "male", 2009.0]]
        library = pipeline.predict_proba(rows)
        lines = out.splitlines()[1:]
        self.assertEqual([[float(v) for v in line.split(",")[1:]] for line in lines], library)
        module = {}
        exec(export_source(pipeline, "penguins"), module)
        with contextlib.redirect_stdout(io.StringIO()) as printed:
            self.assertEqual([module["predict_proba"](row) for row in rows], library)
        self.assertIn("island: 'Atlantis' was not seen", printed.getvalue())

    def test_cv_5_on_iris_reports_five_folds_within_the_single_split_spread(self):
        # --hidden 8: eleven runs of the default width (32) would cost four times the time,
        # and the claim is about the folds, not the width.
        status, out, err = call_main(train_main, ["--data", IRIS, "--target", "species",
                                                  "--cv", "5", "--epochs", "40", "--hidden",
                                                  "8", "--json"])
        self.assertEqual((status, err), (0, ""))
        cv = json.loads(out)["cv"]
        self.assertEqual(len(cv["scores"]), 5)
        singles = []
        for seed in range(5):
            status, out, _ = call_main(train_main, ["--data", IRIS, "--target", "species",
                                                    "--epochs", "40", "--seed", str(seed),
                                                    "--hidden", "8", "--json"])
            singles.append(json.loads(out)["test"]["accuracy"])
        self.assertGreaterEqual(cv["mean"], min(singles))
        self.assertLessEqual(cv["mean"], max(singles))
        status, out, _ = call_main(train_main, ["--data", IRIS, "--target", "species",
                                                "--cv", "5", "--epochs", "5"])
        self.assertEqual(out.count("fold "), 5)
        self.assertIn("cross-validation (5 folds): accuracy", out)

    def test_folds_are_stratified_and_cover_every_row(self):
        folds = kfold_indices([0] * 10 + [1] * 5, 5, RNG(1), True)
        self.assertEqual(sorted(i for fold in folds for i in fold), list(range(15)))
        for fold in folds:
            self.assertEqual(sorted(1 if i >= 10 else 0 for i in fold), [0, 0, 1])
        scores = cross_validate([[float(i % 4)] for i in range(40)], ["ab"[i % 2] for i in range(40)],
                                3, epochs=2)
        self.assertEqual(len(scores), 3)

    def test_class_weight_balanced_and_the_baseline_warning(self):
        self.assertEqual(balanced_weights([0, 0, 0, 1], 2), [4 / 6, 2.0])
        path = os.path.join(self.folder, "rare.csv")
        with open(path, "w") as f:      # x says nothing: the model can only answer 'common'
            f.write("x,y\n" + "".join("%d,%s\n" % (i % 5, "rare" if i % 10 == 0 else "common")
                                      for i in range(60)))
        status, out, err = call_main(train_main, ["--data", path, "--target", "y", "--quiet"])
        self.assertEqual(status, 0)
        self.assertIn("does not beat always answering the most frequent class", err)
        status, out, err = call_main(train_main, ["--data", path, "--target", "y", "--json",
                                                  "--class-weight", "balanced"])
        self.assertEqual(status, 0)
        common, rare = json.loads(out)["class_weights"]     # from the 36 training rows
        self.assertEqual((common, rare), (36 / (2 * 32), 36 / (2 * 4)))

    def test_regression_report_and_the_mean_baseline(self):
        status, out, err = call_main(train_main, ["--data", os.path.join(DATA, "diabetes.csv"),
                                                  "--target", "progression", "--epochs", "10",
                                                  "--json"])
        self.assertEqual(status, 0)
        test = json.loads(out)["test"]
        for key in ("mse", "rmse", "mae", "r2", "mean_baseline_mse"):
            self.assertIn(key, test)
        self.assertLess(test["mse"], test["mean_baseline_mse"])

    def test_a_model_file_from_before_the_encoding_predicts_the_same_numbers(self):
        # Written by nn_pure before issue 13 (main at 5911a4f): no "encoding" key; its
        # predictions for three Iris rows, as that version printed them.
        pipeline = load_model(OLD_MODEL)
        self.assertIsNone(pipeline.encoder)
        self.assertEqual(pipeline.predict_proba([[5.1, 3.5, 1.4, 0.2], [7.0, 3.2, 4.7, 1.4],
                                                 [6.3, 3.3, 6.0, 2.5]]),
                         [[0.9611813982804862, 0.03202786919678152, 0.006790732522732102],
                          [0.07765290708551696, 0.5107595723086127, 0.4115875206058703],
                          [0.01278540638349359, 0.08567076693848424, 0.9015438266780222]])
        with open(OLD_MODEL, encoding="utf-8") as f:
            self.assertEqual(dumps_model(pipeline), f.read())


if __name__ == "__main__":
    unittest.main()
