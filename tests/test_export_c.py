"""python -m nn_pure.export --format c: one C header, equal to the library (issue 18).

The header tests compile with gcc and g++, which Debian's build-essential puts on
this machine and on CI's.  They never skip: without a compiler they fail, saying
what to install.  Every model kind goes into one C program (one gcc run, one g++
run) that prints each model's outputs on its rows; those must equal the library's
to 1e-12 in double and 1e-5 in float (relative, for values in a target's units).
"""
import json
import os
import shutil
import subprocess
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
C_FLAGS = ["-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic", "-Wshadow",
           "-Wdouble-promotion"]
CXX_FLAGS = ["-std=c++11", "-Wall", "-Wextra", "-Werror"]


def compiler(name):
    """The path of gcc or g++; fail (never skip) when it is missing."""
    path = shutil.which(name)
    if path is None:
        raise AssertionError("%s is not installed; these tests compile the exported header "
                             "(apt-get install build-essential)" % name)
    return path


def build_and_run(folder, source, language):
    """Compile source (C text) as C99 or C++11 with the strict flags, run it, return stdout."""
    path = os.path.join(folder, "program." + ("c" if language == "c" else "cpp"))
    with open(path, "w", encoding="ascii") as f:
        f.write(source)
    program = os.path.join(folder, "program_" + language)
    command = ([compiler("gcc")] + C_FLAGS if language == "c" else
               [compiler("g++")] + CXX_FLAGS)
    done = subprocess.run(command + ["-O1", "-I", folder, path, "-o", program, "-lm"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, timeout=120)
    if done.returncode != 0:
        raise AssertionError("%s failed:\n%s" % (" ".join(command), done.stderr[-3000:]))
    run = subprocess.run([program], stdout=subprocess.PIPE, timeout=60)
    assert run.returncode == 0, run.returncode
    return run.stdout


def c_literal(v):
    """A C double literal for v, NAN (from <math.h>) for NaN."""
    return "NAN" if v != v else repr(float(v))


def program(models):
    """C source that includes each (prefix, header file, rows) and prints its outputs,
    one line per row: the predicted class (classifiers) then every output, %.17g."""
    lines = ["#include <math.h>", "#include <stdio.h>"]
    for prefix, header, _, _ in models:
        lines.append('#include "%s"' % header)
    lines.append("int main(void)\n{")
    for prefix, _, rows, c_type in models:
        P = prefix.upper()
        lines.append("    {")
        lines.append("        static const %s rows[%d][%s_N_FEATURES] = {%s};" % (
            c_type, len(rows), P, ", ".join("{%s}" % ", ".join(c_literal(v) for v in row)
                                            for row in rows)))
        lines.append("        %s out[%s_N_OUTPUTS];" % (c_type, P))
        lines.append("        int s, j;")
        lines.append("        for (s = 0; s < %d; s++) {" % len(rows))
        lines.append("            %s_forward(rows[s], out);" % prefix)
        lines.append("            printf(\"%%d\", %s);" % (
            "%s_predict(rows[s])" % prefix if "predict" in models_with_predict(prefix, models)
            else "-2"))
        lines.append("            for (j = 0; j < %s_N_OUTPUTS; j++)" % P)
        lines.append("                printf(\" %.17g\", (double)out[j]);")
        lines.append("            printf(\"\\n\");")
        lines.append("        }")
        lines.append("    }")
    lines.append("    return 0;\n}\n")
    return "\n".join(lines)


def models_with_predict(prefix, models):
    for p, header, _, _ in models:
        if p == prefix:
            with open(header, encoding="ascii") as f:
                return "predict" if ("%s_predict(" % prefix) in f.read() else ""
    return ""


def float_rows(rows):
    """rows with every number rounded to the nearest float (as a float program reads them);
    category names and missing cells stay as they are."""
    import struct         # tests only: the float a C program stores for each value
    return [[struct.unpack("f", struct.pack("f", v))[0] if isinstance(v, float) and v == v
             else v for v in row] for row in rows]


def c_rows(pipeline, rows):
    """Raw rows as a C program passes them to PREFIX_forward: numbers as they are, a
    category as its index in the header's list (-1 if unseen), NaN for a missing cell."""
    if pipeline.encoder is None:
        return rows
    nan = float("nan")
    out = []
    for row in rows:
        x = []
        for column, cell in zip(pipeline.encoder.columns, row):
            if cell is None:
                x.append(nan)
            elif column.categories is None:
                x.append(float(cell))
            else:
                x.append(float(column.categories.index(cell)) if cell in column.categories
                         else -1.0)
        out.append(x)
    return out


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


class TestCHeaderEqualsTheLibrary(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.mkdtemp()
        cls.kinds = every_kind()

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.folder)

    def test_every_kind_in_float_and_double_as_c_and_cxx(self):
        # Issue 18: the same classes, and outputs within 1e-12 (double) or 1e-5 (float).
        models, expected = [], []
        for label, pipeline, rows in self.kinds:
            for c_type in ("double", "float"):
                prefix = "%s_%s" % (label, c_type[0])
                header = os.path.join(self.folder, prefix + ".h")
                with open(header, "w", encoding="ascii") as f:
                    f.write(c_header(pipeline, prefix, c_type))
                seen = rows if c_type == "double" else float_rows(rows)
                models.append((prefix, header, c_rows(pipeline, rows), c_type))
                expected.append((prefix, c_type, pipeline, seen))
        source = program(models)
        for language in ("c", "cxx"):
            lines = build_and_run(self.folder, source, language).decode("ascii").split("\n")
            for prefix, c_type, pipeline, rows in expected:
                with self.subTest(model=prefix, language=language):
                    got = [line.split() for line in lines[:len(rows)]]
                    self.check(pipeline, rows, got, 1e-12 if c_type == "double" else 1e-5)
                lines = lines[len(rows):]
            self.assertEqual(lines, [""])

    def check(self, pipeline, rows, got, tolerance):
        if pipeline.task == "classification":
            want = pipeline.predict_proba(rows)
            classes = [pipeline.class_names.index(name) for name in pipeline.predict(rows)]
            self.assertEqual([int(line[0]) for line in got], classes)
        else:
            want = [[v] for v in pipeline.predict(rows)]
        worst = 0.0
        for line, row in zip(got, want):
            self.assertEqual(len(line) - 1, len(row))
            for text, value in zip(line[1:], row):
                worst = max(worst, abs(float(text) - value) / max(1.0, abs(value)))
        self.assertLessEqual(worst, tolerance)

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

    def test_unrolled_layers_compute_the_same(self):
        # The unrolled form (measured against loops in docs/c-export.md) is the same arithmetic.
        label, pipeline, rows = self.kinds[4]
        folder = os.path.join(self.folder, "unrolled")
        os.mkdir(folder)
        header = os.path.join(folder, "deep_u.h")
        with open(header, "w", encoding="ascii") as f:
            f.write(c_header(pipeline, "deep_u", "double", unroll=True))
        got = build_and_run(folder, program([("deep_u", header, rows, "double")]), "c")
        self.check(pipeline, rows, [line.split() for line in got.decode().split("\n")[:-1]],
                   1e-12)

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

    def test_predict_c_reads_a_mixed_csv_as_predict_does(self):
        # tests/c/predict.c (what CI runs on the shipped tables) against python -m
        # nn_pure.predict on a file that differs from the training file: columns in
        # another order, an extra column, quoted names with commas, missing spellings,
        # a category never seen in training, a line break inside a quoted name.
        from nn_pure.predict import main as predict_main
        from nn_pure.train import main as train_main
        folder = os.path.join(self.folder, "csv")
        os.mkdir(folder)
        rows, classes, _ = mixed_table(40, RNG(9))
        train_csv, new_csv = os.path.join(folder, "train.csv"), os.path.join(folder, "new.csv")

        def cell(v):
            text = "NA" if v is None else ("%.6g" % v if isinstance(v, float) else v)
            return '"%s"' % text.replace('"', '""') if any(c in text for c in ',"\n') else text
        with open(train_csv, "w", encoding="utf-8") as f:
            f.write("colour,size,shape,class\n")
            for row, name in zip(rows, classes):
                f.write(",".join([cell(v) for v in row] + [name]) + "\n")
        new_rows = ['"round, or not",4,  ,NA,small,x', "flat,?,red,12.5,big,y",
                    'round,2,"blue\n""b""??/",3.5,big,z', "cube,4.0,green,,small,w", ""]
        with open(new_csv, "w", encoding="utf-8") as f:
            f.write("shape,shape_id,colour,size,class,note\n" + "\n".join(new_rows) + "\n")
        model, header = os.path.join(folder, "m.json"), os.path.join(folder, "m.h")
        for main_function, argv in ((train_main, ["--data", train_csv, "--target", "class",
                                                  "--epochs", "5", "--save", model, "--quiet"]),
                                    (main, [model, "--format", "c", "--c-type", "double",
                                            "--output", header])):
            status, _, err = call_main(main_function, argv)
            self.assertEqual(status, 0, err)
        status, want, err = call_main(predict_main, [model, new_csv])
        self.assertEqual(status, 0, err)
        self.assertIn("was not seen in training", err)          # cube, 'round, or not'
        program_path = os.path.join(folder, "predict")
        done = subprocess.run([compiler("gcc")] + C_FLAGS + [
            '-DMODEL_HEADER="m.h"', "-DPREFIX=m", "-DUPREFIX=M", "-DSCALAR=double",
            "-DCLASSIFIER", "-DCATEGORIES", "-I", folder,
            os.path.join(ROOT, "tests", "c", "predict.c"), "-o", program_path, "-lm"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True, timeout=120)
        self.assertEqual(done.returncode, 0, done.stderr[-3000:])
        with open(new_csv, "rb") as f:
            got = subprocess.run([program_path], stdin=f, stdout=subprocess.PIPE,
                                 timeout=60).stdout.decode("utf-8")
        want_lines, got_lines = want.splitlines(), got.splitlines()
        self.assertEqual(got_lines[0], want_lines[0])           # class,prediction,p_big,p_small
        self.assertEqual(len(got_lines), 5)
        for want_line, got_line in zip(want_lines[1:], got_lines[1:]):
            want_cells, got_cells = want_line.split(","), got_line.split(",")
            self.assertEqual(got_cells[:2], want_cells[:2])     # the target, the class
            for a, b in zip(want_cells[2:], got_cells[2:]):
                self.assertAlmostEqual(float(a), float(b), delta=1e-12)

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
