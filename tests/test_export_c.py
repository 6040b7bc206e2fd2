"""python -m nn_pure.export --format c: one C header, equal to the library (issue 18).

Here, what needs no compiler: the header's text (names as string literals, the
tables a reader looks for, a mixed table's categories), the escaping of names,
the refusals (a bad prefix, a number a float cannot hold) and the command line.
The tests that compile the headers with gcc and g++ and compare what the programs
print with the library are in tests/compiled_c.py, which `python -m unittest`
does not discover (it needs nothing but Python); CI runs them (.ci/run), and by
hand: python -m unittest tests.compiled_c.  every_kind() and mixed_table() build
the models for both.
"""
import json
import os
import shutil
import tempfile
import unittest

from nn_pure.cli.csvfile import read_table
from nn_pure.cli.export_c import c_header
from nn_pure.cli.export_c_names import (C_KEYWORDS, CXX_KEYWORDS, MAX_NAME_BYTES, c_string,
                                        problem_with_prefix)
from nn_pure.cli.modelfile import save_model
from nn_pure.export import main
from nn_pure.mlp import MLP
from nn_pure.fitting import fit_pipeline
from nn_pure.pipeline import Pipeline
from nn_pure.preprocess import Standardizer
from nn_pure.rng import RNG

from tests.helpers import ROOT, call_main

IRIS = os.path.join(ROOT, "examples", "data", "iris.csv")


def mixed_table(n, rng):
    """n rows of a small table like the shipped ones: a category with a name that needs
    escaping in C, a number, another category; some cells missing (None)."""
    colours, shapes = ["red", "green", 'blue\n"b"??/'], ["round", "flat"]
    rows, classes, values = [], [], []
    for s in range(n):
        colour, size, shape = colours[s % 3], rng.normal() * 4.0 + 10.0, shapes[(s // 3) % 2]
        classes.append("big" if size + (3.0 if colour == "red" else 0.0) > 11.0 else "small")
        values.append(size * 2.0 + (5.0 if shape == "flat" else 0.0))
        rows.append([None if s % 7 == 3 else colour, None if s % 5 == 1 else size,
                     None if s % 11 == 4 else shape])
    return rows, classes, values


def every_kind():
    """(label, pipeline, rows): every model kind, activation and loss the header handles."""
    table = read_table(IRIS, "species")
    iris = fit_pipeline(table.rows, table.targets, feature_names=table.feature_names,
                        target_name="species", epochs=20, seed=3)[0]
    softmax = fit_pipeline(table.rows, table.targets, feature_names=table.feature_names,
                           kind="softmax", epochs=20, seed=3)[0]
    two = [[r[0], r[2]] for r in table.rows[:100]]
    network = fit_pipeline(two, table.targets[:100], kind="network", epochs=20, seed=3)[0]
    bce = fit_pipeline(two, table.targets[:100], loss="binary-cross-entropy", hidden=(4,),
                       activation="leaky_relu", epochs=20, seed=3)[0]
    rng = RNG(7)
    rows5 = [[rng.normal() * 3.0 for _ in range(5)] for _ in range(40)]
    deep = Pipeline(MLP([5, 7, 6, 4], activation="relu", rng=RNG(1)),
                    class_names=["a", "b", "c", "d"], standardizer=Standardizer.fit(rows5))
    sigmoid = Pipeline(MLP([5, 3, 2], activation="sigmoid", rng=RNG(2), weight_scale=3.0))
    regression = Pipeline(MLP([5, 6, 4, 1], activation="leaky_relu", loss="mse", output="tanh",
                              rng=RNG(3)), standardizer=Standardizer.fit(rows5),
                          target_standardizer=Standardizer([250.0], [75.5]))
    plain = Pipeline(MLP([5, 1], loss="mse", rng=RNG(4)))
    # Issue 13's encoding: NaN filled, categories one-hot; new rows with an unseen category
    # (all zeros in the library) and every cell missing.
    rows, classes, values = mixed_table(60, RNG(8))
    names = ["colour", "size", "shape"]
    mixed = fit_pipeline(rows, classes, feature_names=names, epochs=20, seed=3)[0]
    mixed_regression = fit_pipeline(rows, values, feature_names=names, task="regression",
                                    hidden=(5, 3), activation="sigmoid", epochs=20, seed=3)[0]
    new = rows + [["purple", 9.5, "flat"], [None, None, None], ["red", 30.0, "cube"]]
    return [("iris", iris, table.rows), ("softmax", softmax, table.rows[::7]),
            ("network", network, two[::5]), ("bce", bce, two[::5]),
            ("deep", deep, rows5), ("sigmoid", sigmoid, rows5),
            ("regression", regression, rows5), ("plain", plain, rows5),
            ("mixed", mixed, new), ("mixed_regression", mixed_regression, new)]


class TestCHeaderText(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.kinds = every_kind()

    def test_header_holds_names_as_literals_and_the_tables_a_reader_looks_for(self):
        label, pipeline, _ = self.kinds[0]
        text = c_header(pipeline, "iris", "float", "iris.json")
        for piece in ("#ifndef IRIS_NN_PURE_H", "#include <math.h>", "#define IRIS_N_FEATURES 4",
                      "#define IRIS_N_OUTPUTS 3", "static const float iris_W1[4 * 8]",
                      "static inline void iris_forward(const float x[IRIS_N_FEATURES], "
                      "float out[IRIS_N_OUTPUTS])",
                      "static inline int iris_predict(const float x[IRIS_N_FEATURES])",
                      "static const char *const iris_class_names[IRIS_N_OUTPUTS]",
                      '"virginica"', 'static const char *const iris_source = "iris.json";',
                      "Model: mlp 4-8-3, tanh between layers", "tanhf(v)", "expf("):
            self.assertIn(piece, text)
        self.assertEqual(text.count("virginica"), 1)       # in the table, not in a comment
        self.assertEqual(text.count("#include <"), 1)
        self.assertNotIn("malloc", text)
        double = c_header(pipeline, "iris", "double")
        self.assertNotIn("expf", double)
        self.assertNotIn("0f", double.split("#ifndef")[1])    # no float literal in double

    def test_a_mixed_tables_header_names_each_category_and_says_how_to_pass_gaps(self):
        # Issue 18 with issue 13: the category constants, the name tables, NAN documented.
        label, pipeline, _ = self.kinds[-2]
        text = c_header(pipeline, "mixed", "float")
        for piece in ("#define MIXED_N_FEATURES 3", "#define MIXED_N_CATEGORIES_0 3",
                      "#define MIXED_FEATURE_0_CATEGORY_2 2", "#define MIXED_N_CATEGORIES_2 2",
                      "static const char *const mixed_categories_0[MIXED_N_CATEGORIES_0]",
                      '"blue\\012\\"b\\"\\?\\?/"',
                      "static const char *const *const mixed_category_names[MIXED_N_FEATURES] "
                      "= {mixed_categories_0, 0, mixed_categories_2};",
                      "static const int mixed_n_categories[MIXED_N_FEATURES] = {3, 0, 2};",
                      "A missing value, number or category, is NAN",
                      "seen in training is -1", "static const float mixed_mean[6]"):
            self.assertIn(piece, text)
        self.assertNotIn("mixed_categories_1", text)         # size is a number
        self.assertEqual(text.count("round"), 1)             # a name, once, in its table

    def test_float_export_refuses_a_weight_beyond_the_largest_float(self):
        pipeline = Pipeline(MLP([2, 2], rng=RNG(0)))
        pipeline.network.linears[0].b[0] = 1e39
        with self.assertRaisesRegex(ValueError, r"^big.json: layers\[0\]\.b\[0\] is 1e\+39 \(a layer "
                                    r"1 bias\), beyond the largest float.*--c-type double$"):
            c_header(pipeline, "big", "float", "big.json")
        self.assertIn("1e+39", c_header(pipeline, "big", "double"))


class TestCNames(unittest.TestCase):
    def test_string_literals_escape_everything_but_printable_ascii(self):
        cases = [("plain name", '"plain name"'), ('a"b', '"a\\"b"'), ("a\\b", '"a\\\\b"'),
                 ("??/", '"\\?\\?/"'), ("*/ #define X", '"*/ #define X"'),
                 ("a\nb\x00c", '"a\\012b\\000c"'), ("\x001", '"\\0001"'),
                 ("\u00e9", '"\\303\\251"'), ("\ud800", '"\\355\\240\\200"')]
        for name, literal in cases:
            with self.subTest(name=name):
                self.assertEqual(c_string(name), (literal, False))

    def test_a_long_name_is_cut_at_a_character_boundary(self):
        literal, cut = c_string("\u00e9" * 3000)         # 6000 bytes of UTF-8
        self.assertTrue(cut)
        self.assertEqual(literal.count("\\303\\251"), MAX_NAME_BYTES // 2)
        self.assertEqual(c_string("a" * MAX_NAME_BYTES), ('"%s"' % ("a" * MAX_NAME_BYTES), False))

    def test_prefix_must_be_a_c_identifier_and_no_keyword(self):
        for name in ("", "1x", "my-model", "caf\u00e9", "a b", "_Bool", "a__b", "int", "class",
                     "namespace", "bool", "typeof", "_iris", "_", "iris_"):
            with self.subTest(name=name):
                self.assertIsNotNone(problem_with_prefix(name))
        for name in ("iris", "Iris2", "model_v1", "x", "x_1"):
            self.assertIsNone(problem_with_prefix(name))
        self.assertLessEqual({"restrict", "inline", "while"}, C_KEYWORDS)
        self.assertLessEqual({"template", "operator", "co_await"}, CXX_KEYWORDS)


class TestCommandLine(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        table = read_table(IRIS, "species")
        cls.pipeline = fit_pipeline(table.rows, table.targets, feature_names=table.feature_names,
                                    epochs=1)[0]

    def setUp(self):
        self.folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.folder)
        self.model = os.path.join(self.folder, "m.json")
        save_model(self.pipeline, self.model)

    def test_default_prefix_is_the_output_files_stem_made_an_identifier(self):
        for file_name, prefix in (("iris.h", "iris"), ("my-model.h", "my_model"),
                                  ("2024.h", "model_2024"), ("class.h", "class_model")):
            with self.subTest(output=file_name):
                output = os.path.join(self.folder, file_name)
                status, out, err = call_main(main, [self.model, "--format", "c", "--output",
                                                    output])
                self.assertEqual((status, out, err), (0, "", ""))
                with open(output, encoding="ascii") as f:
                    self.assertIn("static inline int %s_predict(" % prefix, f.read())

    def test_bad_name_is_refused_with_a_suggestion_and_nothing_written(self):
        for name, problem, suggestion in (("class", "C++ keyword", "class_model"),
                                          ("my-model", "not a C identifier", "my_model"),
                                          ("__x", "reserved", "x"),
                                          # _X_N_FEATURES, __NN_PURE_H, X__NN_PURE_H:
                                          ("_x", "starts with _", "x"), ("_", "reserved", "model"),
                                          ("x_", "double underscore", "x")):
            with self.subTest(name=name):
                status, out, err = call_main(main, [self.model, "--format", "c", "--name", name,
                                                    "--output",
                                                    os.path.join(self.folder, "o.h")])
                self.assertEqual((status, out), (2, ""))
                self.assertIn(problem, err)
                self.assertIn("choose a name such as %s" % suggestion, err)
                self.assertEqual(len(err.splitlines()), 1)
        self.assertEqual(os.listdir(self.folder), ["m.json"])

    def test_output_goes_through_the_guards(self):
        model = os.path.join(self.folder, "model.h")       # a model file, oddly named
        save_model(self.pipeline, model)
        status, out, err = call_main(main, [model, "--format", "c", "--output", model])
        self.assertEqual((status, out), (2, ""))
        self.assertIn("is also the model file", err)
        status, _, err = call_main(main, [self.model, "--format", "c", "--output",
                                          os.path.join(self.folder, "no", "m.h")])
        self.assertEqual(status, 2)
        self.assertIn("does not exist; create it first", err)

    def test_float_refuses_a_number_a_float_holds_as_zero_naming_the_file_and_key(self):
        # gcc only warned "floating constant truncated to zero", and the header
        # divided by a std of 0.
        with open(self.model) as f:
            document = json.load(f)
        document["standardization"]["std"][2] = 1e-50
        with open(self.model, "w") as f:
            json.dump(document, f)
        output = os.path.join(self.folder, "tiny.h")
        status, out, err = call_main(main, [self.model, "--format", "c", "--output", output])
        self.assertEqual((status, out), (2, ""))
        self.assertIn("m.json: standardization.std[2] is 1e-50 (a standardization std), so "
                      "close to zero that a float holds it as 0", err)
        self.assertIn("export it with --c-type double", err)
        self.assertEqual(len(err.splitlines()), 1)
        self.assertEqual(os.listdir(self.folder), ["m.json"])
        status, out, err = call_main(main, [self.model, "--format", "c", "--c-type", "double",
                                            "--output", output])
        self.assertEqual((status, out, err), (0, "", ""))
        with open(output, encoding="ascii") as f:
            self.assertIn("1e-50", f.read())
        # A weight as small (weight decay shrinks unused ones) is 0 in a float, which
        # changes nothing that it adds or multiplies: exported, not refused.
        document["standardization"]["std"][2] = 1.0
        document["layers"][0]["W"][0][0] = 1e-50
        with open(self.model, "w") as f:
            json.dump(document, f)
        status, out, err = call_main(main, [self.model, "--format", "c", "--output", output])
        self.assertEqual((status, out, err), (0, "", ""))
        with open(output, encoding="ascii") as f:
            header = f.read()
        # Written as the 0 it becomes: gcc -Werror refuses "1e-50f" (truncated to zero).
        self.assertNotIn("1e-50f", header)

    def test_c_flags_need_format_c_and_python_stays_the_default(self):
        status, _, err = call_main(main, [self.model, "--name", "iris"])
        self.assertEqual(status, 2)
        self.assertIn("--name and --c-type are for --format c", err)
        status, out, _ = call_main(main, [self.model])
        self.assertEqual(status, 0)
        self.assertIn("import math", out)
        status, out, _ = call_main(main, [self.model, "--format", "c", "--c-type", "double"])
        self.assertEqual(status, 0)
        self.assertIn("static inline void model_forward(const double x[MODEL_N_FEATURES]", out)


if __name__ == "__main__":
    unittest.main()
