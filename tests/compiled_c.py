"""The C export's tests that compile: gcc and g++ on the exported headers (issue 18).

Not part of `python -m unittest`, which needs nothing but Python: discovery
picks only test*.py, and this module's name does not start with "test".  CI
runs it as its own suite (.ci/run); by hand, from the repository root:

    python -m unittest tests.compiled_c

It needs gcc and g++ (Debian's build-essential).  It never skips: without a
compiler it fails, saying what to install.  Every model kind goes into one C
program (one gcc run, one g++ run) that prints each model's outputs on its rows;
those must equal the library's to 1e-12 in double and 1e-5 in float (relative,
for values in a target's units).  The names fuzz (tests/test_export_c_fuzz.py
builds its headers) compiles every hostile name as C99 and C++, checks the
macros each header defines, and reads every name back from the running program.
The header text checks, which need no compiler, stay in tests/test_export_c.py
and tests/test_export_c_fuzz.py.
"""
import os
import re
import shutil
import subprocess
import tempfile
import unittest

from nn_pure.cli.export_c import c_header
from nn_pure.cli.export_c_names import MAX_NAME_BYTES
from nn_pure.export import main
from nn_pure.rng import RNG

from tests.helpers import ROOT, call_main
from tests.test_export_c import every_kind, mixed_table
from tests.test_export_c_fuzz import NAMES, hostile_headers

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


def read_back(name):
    """The bytes a C program sees for name: UTF-8, cut as the header documents."""
    data = name.encode("utf-8", "surrogatepass")
    if len(data) > MAX_NAME_BYTES:
        end = MAX_NAME_BYTES
        while end > 0 and 0x80 <= data[end] < 0xC0:
            end -= 1
        data = data[:end]
    return data.split(b"\x00")[0]


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
        self.assertEqual(len(got), len(want))
        for line, row in zip(got, want):
            self.assertEqual(len(line) - 1, len(row))
            for text, value in zip(line[1:], row):
                # <= fails for a NaN, which a running max() would pass over
                self.assertLessEqual(abs(float(text) - value) / max(1.0, abs(value)), tolerance)

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

class TestCExportFuzzCompiles(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.folder)

    def test_every_name_compiles_defines_nothing_and_reads_back(self):
        # Property (issue 18): a name is data; it reaches C only inside a string literal.
        # (That each header's code equals a benign one's is checked, with no compiler, by
        # tests/test_export_c_fuzz.py.)
        k = len(NAMES)
        headers = hostile_headers()
        lines = ["#include <stdio.h>", "#include <string.h>"]
        body, expected = [], []
        for prefix, pipeline, source, _ in headers:
            with open(os.path.join(self.folder, prefix + ".h"), "w", encoding="ascii") as f:
                f.write(c_header(pipeline, prefix, "float", source))
            lines.append('#include "%s.h"' % prefix)
            if prefix == "fz_classes":
                body.append("for (i = 0; i < FZ_CLASSES_N_OUTPUTS; i++) "
                            "show(fz_classes_class_names[i]);")
                expected += [read_back(name) for name in pipeline.class_names]
            elif prefix == "fz_features":
                body.append("for (i = 0; i < FZ_FEATURES_N_FEATURES; i++) "
                            "show(fz_features_feature_names[i]);")
                expected += [read_back(name) for name in pipeline.feature_names]
            elif prefix == "fz_categories":       # by the column's table, and by the list
                body.append("for (i = 0; i < FZ_CATEGORIES_N_CATEGORIES_1; i++) "
                            "show(fz_categories_categories_1[i]);")
                body.append("for (i = 0; i < fz_categories_n_categories[1]; i++) "
                            "show(fz_categories_category_names[1][i]);")
                expected += 2 * [read_back(name) for name in pipeline.encoder.columns[1].categories]
            else:
                body.append("show(%s_target_name); show(%s_source);" % (prefix, prefix))
                expected += [read_back(pipeline.target_name), read_back(source)]
        lines.append("static void show(const char *s)\n{\n    size_t i, n = strlen(s);\n"
                     "    for (i = 0; i < n; i++)\n        printf(\"%02x\", (unsigned char)s[i]);"
                     "\n    printf(\"\\n\");\n}")
        lines.append("int main(void)\n{\n    int i;\n    " + "\n    ".join(body) +
                     "\n    (void)i;\n    return 0;\n}\n")
        source_path = os.path.join(self.folder, "names.c")
        with open(source_path, "w", encoding="ascii") as f:
            f.write("\n".join(lines))
        for language, command in (("c", [compiler("gcc")] + C_FLAGS),
                                  ("c++", [compiler("g++")] + CXX_FLAGS + ["-x", "c++"])):
            program = os.path.join(self.folder, "names_" + language)
            done = subprocess.run(command + [source_path, "-o", program], timeout=300,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            self.assertEqual((done.returncode, done.stderr[-3000:]), (0, b""), language)
            run = subprocess.run([program], stdout=subprocess.PIPE, timeout=60)
            got = [bytes.fromhex(line) for line in run.stdout.decode("ascii").split("\n")[:-1]]
            self.assertEqual(len(got), len(expected))
            for n, (g, w) in enumerate(zip(got, expected)):
                self.assertEqual(g, w, "name %d, as %s" % (n, language))
        # The only macros: the include guard and the two sizes, for every header, and the
        # category column's count and numbered constants.
        done = subprocess.run([compiler("gcc"), "-std=c99", "-E", "-dM", "-I", self.folder,
                               source_path], stdout=subprocess.PIPE, timeout=120)
        plain = subprocess.run([compiler("gcc"), "-std=c99", "-E", "-dM", "-x", "c", "-"],
                               input=b"#include <stdio.h>\n#include <string.h>\n"
                               b"#include <math.h>\n", stdout=subprocess.PIPE, timeout=120)
        macros = set(re.findall(r"#define (\w+)", done.stdout.decode("latin-1")))
        macros -= set(re.findall(r"#define (\w+)", plain.stdout.decode("latin-1")))
        want = set()
        for prefix, _, _, _ in headers:
            P = prefix.upper()
            want |= {P + "_NN_PURE_H", P + "_N_FEATURES", P + "_N_OUTPUTS"}
        want.add("FZ_CATEGORIES_N_CATEGORIES_1")
        want |= {"FZ_CATEGORIES_FEATURE_1_CATEGORY_%d" % i for i in range(k)}
        self.assertEqual(macros, want)


if __name__ == "__main__":
    unittest.main()
