"""The C export fuzz (issue 18): no name in a model file can become code in the C header.

Claim: whatever a model file's names hold (quotes, backslashes, */ and /*,
trigraphs such as ??/, newlines, #define, NUL, non-ASCII, lone surrogates,
10,000 characters), each name as a class, a feature, a category (issue 13's
encoding), the target and the model file's own name gives a header that
compiles as C99 and C++ with the strict flags, defines no macro but its own
(the include guard and two sizes, and for a category column its count and one
numbered index constant per category), and differs from a benign export only
inside string literals.  The compiled program prints every name back, and each
equals the model's, or its documented truncation: cut to MAX_NAME_BYTES bytes
of UTF-8 at a character boundary, and, being a C string, ending at its first NUL.

All the headers go into one program: one gcc run and one g++ run in all.
"""
import json
import os
import re
import shutil
import subprocess
import tempfile
import unittest

from nn_pure.cli.export_c import c_header
from nn_pure.cli.export_c_names import MAX_NAME_BYTES
from nn_pure.cli.modelfile import dumps_model, loads_model
from nn_pure.encode import Column, Encoder
from nn_pure.mlp import MLP
from nn_pure.pipeline import Pipeline
from nn_pure.rng import RNG

from tests.hostile_names import adversarial_names
from tests.test_export_c import C_FLAGS, CXX_FLAGS, compiler

# What could end a string literal, a comment or a line in C, or start a directive.
CLOSERS = ['"', "\\", "*/", "/*", "//", "\n", "\r", "\r\n", "\\\n", "??/", "??=", "??'",
           "??(", "\x00", "'", "\\\"", "%:", "<%", "\t", "\x0c", "\u2028", "\"\n#"]
PAYLOADS = ["#define PWNED 1", "int pwned(void) { return 1; }", "#include <stdlib.h>",
            "#error PWNED"]
HAND_PICKED = [
    "", " ", '"', '""', "\\", "\\\\", "trailing\\", "*/", "/*", "/* */", "//", "??/", "??=",
    "??/\n", "???", "?", "a\x00b", "\x00", "\x001", "\x7f", "\x1b[31mred\x1b[0m", "\n",
    "\r\n", "\t", "\u00e9", "na\u00efve", "\u202eevil\u202c", "\U0001f99c", "\ud800",
    "\udfff", "\ufeff", "\u200b", "e\u0301", "#define N_FEATURES 99", "#undef MODEL_N_OUTPUTS",
    "#pragma once", "#include \"/etc/passwd\"", "%s%n", "\\x41", "\\0", "\\101", "\\u0041",
    "main", "NULL", "0", "int", "class", "R\"(raw)\"", "u8\"x\"", "'\\''", "\"; int x = 1; //",
    "a" * 10000, '"' * 10000, "\\" * 10000, "\u00e9" * 10000, "\U0001f99c" * 10000,
    "?" * 10000, "\x00" * 100, "a" * 4095, "a" * 4096, "\u00e9" * 2048,
]


ALPHABET = list("\"'\\\n\r\t\x00#?/*(){}%:<>; ab\u00e9\u202e\U0001f99c") + ["??/", "*/"]
NAMES = adversarial_names(HAND_PICKED, CLOSERS, PAYLOADS, ALPHABET, separator="", n_random=60,
                          seed=18)


def read_back(name):
    """The bytes a C program sees for name: UTF-8, cut as the header documents."""
    data = name.encode("utf-8", "surrogatepass")
    if len(data) > MAX_NAME_BYTES:
        end = MAX_NAME_BYTES
        while end > 0 and 0x80 <= data[end] < 0xC0:
            end -= 1
        data = data[:end]
    return data.split(b"\x00")[0]


def hostile(pipeline, **names):
    """pipeline's model file with names replaced, loaded back as a hostile file would be."""
    document = json.loads(dumps_model(pipeline))
    document.update(names)
    return loads_model(json.dumps(document), "fuzz.json")


LITERAL = re.compile(r'"(?:[^"\\\n]|\\.)*"')


def code_only(text):
    """The header without its string literals and without the list of names it cut."""
    lines = [line for line in text.split("\n")
             if not line.startswith(" * Cut to their first") and not line.startswith(" *   ")]
    return LITERAL.sub('""', "\n".join(lines))


class TestCExportFuzz(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.folder)

    def test_at_least_200_names_of_every_kind(self):
        self.assertGreaterEqual(len(NAMES), 200)
        for piece in ['"', "\\", "*/", "??/", "\n", "#define", "\x00", "\u00e9", "\ud800"]:
            self.assertTrue(any(piece in name for name in NAMES), repr(piece))
        self.assertTrue(any(len(name) >= 10000 for name in NAMES))

    def test_every_name_compiles_defines_nothing_and_reads_back(self):
        # Property (issue 18): a name is data; it reaches C only inside a string literal.
        k = len(NAMES)
        classes = Pipeline(MLP([2, k], rng=RNG(1)))
        features = Pipeline(MLP([k, 2], rng=RNG(2)))
        small = Pipeline(MLP([2, 2], rng=RNG(3)), target_name="plain")
        # A number and a category column whose categories are the names (fill: the sixth).
        categories = Pipeline(MLP([1 + k, 2], rng=RNG(4)), encoder=Encoder(
            [Column("n", None, 0.5), Column("c", ["c%d" % i for i in range(k)], "c5")]))
        headers = [("fz_classes", hostile(classes, classes=NAMES), None),
                   ("fz_features", hostile(features, features=NAMES), None),
                   ("fz_categories", hostile(categories, encoding=[
                       {"categories": None, "fill": 0.5},
                       {"categories": NAMES, "fill": NAMES[5]}]), None)]
        self.assertEqual(headers[2][1].encoder.columns[1].categories, NAMES)
        for n, name in enumerate(NAMES):
            headers.append(("fz_%03d" % n, hostile(small, target=name),
                            NAMES[(n + 1) % k]))
        # What the same models export with plain names: the code every header must have.
        benign = {"fz_classes": code_only(c_header(classes, "fz_classes", "float")),
                  "fz_features": code_only(c_header(features, "fz_features", "float")),
                  "fz_categories": code_only(c_header(categories, "fz_categories", "float"))}
        for prefix, _, _ in headers[3:]:
            benign[prefix] = code_only(c_header(small, prefix, "float", "plain.json"))
        lines = ["#include <stdio.h>", "#include <string.h>"]
        body, expected = [], []
        for prefix, pipeline, source in headers:
            text = c_header(pipeline, prefix, "float", source)
            self.assertEqual(code_only(text), benign[prefix], prefix)
            with open(os.path.join(self.folder, prefix + ".h"), "w", encoding="ascii") as f:
                f.write(text)
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
        for prefix, _, _ in headers:
            P = prefix.upper()
            want |= {P + "_NN_PURE_H", P + "_N_FEATURES", P + "_N_OUTPUTS"}
        want.add("FZ_CATEGORIES_N_CATEGORIES_1")
        want |= {"FZ_CATEGORIES_FEATURE_1_CATEGORY_%d" % i for i in range(k)}
        self.assertEqual(macros, want)


if __name__ == "__main__":
    unittest.main()
