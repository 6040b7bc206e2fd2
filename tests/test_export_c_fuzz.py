"""The C export fuzz (issue 18): no name in a model file can become code in the C header.

Claim: whatever a model file's names hold (quotes, backslashes, */ and /*,
trigraphs such as ??/, newlines, #define, NUL, non-ASCII, lone surrogates,
10,000 characters), each name as a class, a feature, a category (issue 13's
encoding), the target and the model file's own name gives a header that differs
from a benign export only inside string literals.  That is checked here, on the
header's text, with nothing but Python.

tests/compiled_c.py, which CI runs (.ci/run; by hand: python -m unittest
tests.compiled_c), compiles the same headers, all in one program, as C99 and C++
with the strict flags (one gcc run and one g++ run in all), checks that each
defines no macro but its own (the include guard and two sizes, and for a category
column its count and one numbered index constant per category), and reads every
name back from the running program: each equals the model's, or its documented
truncation: cut to MAX_NAME_BYTES bytes of UTF-8 at a character boundary, and,
being a C string, ending at its first NUL.
"""
import json
import re
import unittest

from nn_pure.cli.export_c import c_header
from nn_pure.cli.modelfile import dumps_model, loads_model
from nn_pure.encode import Column, Encoder
from nn_pure.mlp import MLP
from nn_pure.pipeline import Pipeline
from nn_pure.rng import RNG

from tests.hostile_names import adversarial_names

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


def hostile_headers():
    """[(prefix, pipeline, source, plain)]: every name of NAMES as a class, a feature, a
    category and (one header each) the target and the model file's name (source); plain
    is the same model with plain names, whose header's code every hostile one must share."""
    k = len(NAMES)
    classes = Pipeline(MLP([2, k], rng=RNG(1)))
    features = Pipeline(MLP([k, 2], rng=RNG(2)))
    small = Pipeline(MLP([2, 2], rng=RNG(3)), target_name="plain")
    # A number and a category column whose categories are the names (fill: the sixth).
    categories = Pipeline(MLP([1 + k, 2], rng=RNG(4)), encoder=Encoder(
        [Column("n", None, 0.5), Column("c", ["c%d" % i for i in range(k)], "c5")]))
    headers = [("fz_classes", hostile(classes, classes=NAMES), None, classes),
               ("fz_features", hostile(features, features=NAMES), None, features),
               ("fz_categories", hostile(categories, encoding=[
                   {"categories": None, "fill": 0.5},
                   {"categories": NAMES, "fill": NAMES[5]}]), None, categories)]
    for n, name in enumerate(NAMES):
        headers.append(("fz_%03d" % n, hostile(small, target=name), NAMES[(n + 1) % k], small))
    return headers


class TestCExportFuzz(unittest.TestCase):
    def test_at_least_200_names_of_every_kind(self):
        self.assertGreaterEqual(len(NAMES), 200)
        for piece in ['"', "\\", "*/", "??/", "\n", "#define", "\x00", "\u00e9", "\ud800"]:
            self.assertTrue(any(piece in name for name in NAMES), repr(piece))
        self.assertTrue(any(len(name) >= 10000 for name in NAMES))

    def test_every_name_stays_inside_string_literals(self):
        # Property (issue 18): a name is data; it reaches C only inside a string literal.
        headers = hostile_headers()
        self.assertEqual(headers[2][1].encoder.columns[1].categories, NAMES)
        for prefix, pipeline, source, plain in headers:
            # What the same model exports with plain names: the code every header must have.
            benign = c_header(plain, prefix, "float", None if source is None else "plain.json")
            self.assertEqual(code_only(c_header(pipeline, prefix, "float", source)),
                             code_only(benign), prefix)


if __name__ == "__main__":
    unittest.main()
