"""Hostile or careless input to train, predict and export is refused, and loses nothing (issue 10).

Every case below is one claim: the program exits with status 2, says in one
line (or a few) on stderr what was wrong, naming the file (with line and
column for a CSV, the key for a model file) or the flag, shows no traceback,
no temporary file's name and no advice meant for Python programmers, and
leaves its folder exactly as it was: no file created, changed or left behind.

The cases are tables (program, argv, the words the message must hold); each
row becomes one test method, so a failure names its case.  In argv and the
words, {d} is the test's own folder, which holds data.csv (x1, x2 -> y),
model.json (trained on it), old.json (an earlier model), a FIFO, a folder sub/
and link.csv, a symbolic link to data.csv.
"""
import json
import os
import shutil
import stat
import tempfile
import time
import unittest

from nn_pure.cli.modelfile import dumps_model
from nn_pure.export import main as export_main
from nn_pure.fitting import fit_pipeline
from nn_pure.predict import main as predict_main
from nn_pure.train import main as train_main

from tests.helpers import call_main

MAINS = {"train": train_main, "predict": predict_main, "export": export_main}
DATA = "x1,x2,y\n" + "".join("%d,%d,%s\n" % (i % 5, i % 3, "ab"[i % 2]) for i in range(12))


def model_text():
    """The text of model.json: an MLP 2-3-2 trained for one epoch on DATA."""
    rows = [[i % 5, i % 3] for i in range(12)]
    pipeline, _, _ = fit_pipeline(rows, ["ab"[i % 2] for i in range(12)],
                                  feature_names=["x1", "x2"], target_name="y", hidden=[3],
                                  epochs=1, seed=1)
    return dumps_model(pipeline)


MODEL = model_text()        # the cases below are variations of it


def model_with(change):
    """The model file's text after change(document) edits its parsed JSON."""
    document = json.loads(MODEL)
    change(document)
    return json.dumps(document)


def model_text_with(old, new):
    """The model file's text with its first `old` replaced by `new`."""
    compact = json.dumps(json.loads(MODEL), sort_keys=True)
    assert old in compact, old
    return compact.replace(old, new, 1)


def first_weight(document, value):
    document["layers"][0]["W"][0][0] = value


class HostileCase(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.mkdtemp()
        self.write("data.csv", DATA)
        self.write("model.json", MODEL)
        self.write("old.json", MODEL)
        os.mkfifo(self.path("fifo"))
        os.mkdir(self.path("sub"))
        os.symlink(self.path("data.csv"), self.path("link.csv"))

    def tearDown(self):
        shutil.rmtree(self.folder)

    def path(self, name):
        return os.path.join(self.folder, name)

    def write(self, name, content):
        mode = "wb" if isinstance(content, bytes) else "w"
        with open(self.path(name), mode, **({} if mode == "wb" else {"encoding": "utf-8"})) as f:
            f.write(content)

    def snapshot(self):
        """Every entry under the folder: its kind and bytes (or a link's target)."""
        entries = {}
        for top, folders, files in os.walk(self.folder):
            for name in folders + files:
                path = os.path.join(top, name)
                mode = os.lstat(path).st_mode
                if stat.S_ISLNK(mode):
                    entries[path] = ("link", os.readlink(path))
                elif stat.S_ISREG(mode):
                    with open(path, "rb") as f:
                        entries[path] = ("file", f.read())
                else:
                    entries[path] = (stat.S_IFMT(mode), None)
        return entries

    def assert_refused(self, program, argv, words, files=None):
        for name, content in (files or {}).items():
            self.write(name, content)
        argv = [arg.format(d=self.folder) for arg in argv]
        before = self.snapshot()
        status, out, err = call_main(MAINS[program], argv)
        self.assertEqual(status, 2, err)
        lines = err.splitlines()
        self.assertTrue(1 <= len(lines) <= 3, err)
        self.assertTrue(err.startswith("nn_pure.%s: error: " % program), err)
        self.assertLess(len(err), 600, err)
        for word in words:
            self.assertIn(word.format(d=self.folder), err)
        for leak in ("Traceback", ".tmp", "sys.", "set_int_max_str_digits", "Errno"):
            self.assertNotIn(leak, err)
        self.assertEqual(self.snapshot(), before)       # nothing created, changed or left
        for device in ("/dev/null", "/dev/full"):
            if os.path.exists(device):
                self.assertTrue(stat.S_ISCHR(os.stat(device).st_mode), device)
        return err


def add_cases(cls, program, cases, **defaults):
    """Make one test method per (name, argv, words[, files]) row of cases."""
    for case in cases:
        name, argv, words = case[:3]
        files = case[3] if len(case) > 3 else None

        def test(self, argv=argv, words=words, files=files):
            self.assert_refused(program, argv, words, files)
        test.__name__ = "test_%s_%s" % (program, name)
        test.__doc__ = ("%s %s" % (program, " ".join(argv)))[:100]
        assert not hasattr(cls, test.__name__), test.__name__
        setattr(cls, test.__name__, test)


# ---- train: output paths -------------------------------------------------------

TRAIN = ["--data", "{d}/data.csv", "--target", "y", "--quiet"]

TRAIN_OUTPUTS = [
    ("save_is_the_data", TRAIN + ["--save", "{d}/data.csv"], ["--save", "is also --data"]),
    ("save_is_the_data_spelled_otherwise", TRAIN + ["--save", "{d}/sub/../data.csv"],
     ["--save {d}/sub/../data.csv is also --data"]),
    ("save_is_the_data_with_dot", TRAIN + ["--save", "{d}/./data.csv"], ["is also --data"]),
    ("save_is_a_link_to_the_data", TRAIN + ["--save", "{d}/link.csv"],
     ["--save {d}/link.csv is also --data"]),
    ("data_is_a_link_to_the_save", ["--data", "{d}/link.csv", "--target", "y",
                                    "--save", "{d}/data.csv"], ["is also --data"]),
    ("plot_is_the_data", TRAIN + ["--plot", "{d}/data.csv"], ["--plot", "is also --data"]),
    ("save_is_the_plot", TRAIN + ["--save", "{d}/old.json", "--plot", "{d}/old.json"],
     ["--plot {d}/old.json is also --save"]),
    ("save_is_the_plot_by_a_link", TRAIN + ["--save", "{d}/old.json", "--plot", "{d}/l.svg"],
     ["is also --save"], {}),
    ("save_is_a_folder", TRAIN + ["--save", "{d}/sub"], ["--save {d}/sub is a folder"]),
    ("plot_is_a_folder", TRAIN + ["--plot", "{d}/sub"], ["--plot {d}/sub is a folder"]),
    ("save_is_the_current_folder", TRAIN + ["--save", "."], ["--save", "folder"]),
    ("save_is_a_fifo", TRAIN + ["--save", "{d}/fifo"], ["--save {d}/fifo is not a regular"]),
    ("plot_is_a_fifo", TRAIN + ["--plot", "{d}/fifo"], ["--plot {d}/fifo is not a regular"]),
    ("save_is_dev_null", TRAIN + ["--save", "/dev/null"], ["--save /dev/null is not a regular"]),
    ("save_is_dev_full", TRAIN + ["--save", "/dev/full"], ["--save /dev/full is not a regular"]),
    ("plot_is_dev_null", TRAIN + ["--plot", "/dev/null"], ["--plot /dev/null"]),
    ("save_in_a_missing_folder", TRAIN + ["--save", "{d}/no/m.json"],
     ["--save {d}/no/m.json", "does not exist"]),
    ("plot_in_a_missing_folder", TRAIN + ["--plot", "{d}/no/c.svg"], ["--plot", "does not exist"]),
    ("save_under_a_file", TRAIN + ["--save", "{d}/old.json/m.json"], ["--save", "does not exist"]),
    ("save_is_empty", TRAIN + ["--save", ""], ["--save ''", "name of a file"]),
    ("plot_is_empty", TRAIN + ["--plot", ""], ["--plot ''", "name of a file"]),
    ("save_has_a_trailing_slash", TRAIN + ["--save", "{d}/m.json/"], ["--save", "name of a file"]),
    ("save_is_a_broken_link", TRAIN + ["--save", "{d}/broken"], ["--save {d}/broken is a broken"]),
    ("builtin_run_save_is_a_fifo", ["--save", "{d}/fifo"], ["--save {d}/fifo"]),
    ("builtin_run_save_is_the_plot", ["--save", "{d}/a", "--plot", "{d}/a"], ["is also --save"]),
]


# ---- train: flags ------------------------------------------------------------------

TRAIN_FLAGS = [
    ("epochs_of_23_digits", ["--epochs", "99999999999999999999999"], ["--epochs", "accepts"]),
    ("epochs_a_billion", ["--epochs", "1000000000"], ["--epochs is 1000000000"]),
    ("epochs_a_billion_on_data", TRAIN + ["--epochs", "1000000000"], ["--epochs"]),
    ("epochs_of_5000_digits", ["--epochs", "9" * 5000], ["--epochs", "characters)"]),
    ("epochs_negative", ["--epochs", "-1"], ["--epochs is -1"]),
    ("epochs_fractional", ["--epochs", "1.5"], ["--epochs", "1.5"]),
    ("iterations_of_23_digits", ["--model", "softmax", "--iterations", "9" * 23],
     ["--iterations", "accepts"]),
    ("iterations_a_billion", ["--model", "softmax", "--iterations", "1000000000"],
     ["--iterations is 1000000000"]),
    ("hidden_a_billion", ["--model", "mlp", "--hidden", "1000000000"], ["--hidden", "100000"]),
    ("hidden_two_wide_layers", ["--model", "mlp", "--hidden", "50000,50000"],
     ["--hidden 50000,50000", "weights"]),
    ("hidden_of_30_digits", ["--model", "mlp", "--hidden", "9" * 30], ["--hidden"]),
    ("hidden_empty_part", ["--model", "mlp", "--hidden", "1,,2"], ["--hidden is '1,,2'"]),
    ("hidden_empty", ["--model", "mlp", "--hidden", ""], ["--hidden is ''"]),
    ("hidden_zero", ["--model", "mlp", "--hidden", "0"], ["--hidden is '0'"]),
    ("hidden_negative", ["--model", "mlp", "--hidden", "-3"], ["--hidden is '-3'"]),
    ("hidden_underscore", ["--model", "mlp", "--hidden", "1_0"], ["--hidden is '1_0'"]),
    ("hidden_superscript", ["--model", "mlp", "--hidden", "\u00b2"], ["--hidden"]),
    ("hidden_on_network", ["--hidden", "8"], ["--hidden applies to --model mlp"]),
    ("learn_rate_nan", ["--learn-rate", "nan"], ["--learn-rate"]),
    ("learn_rate_inf", ["--learn-rate", "inf"], ["--learn-rate"]),
    ("learn_rate_1e400", ["--learn-rate", "1e400"], ["--learn-rate"]),
    ("learn_rate_negative", ["--learn-rate", "-1"], ["--learn-rate", "positive"]),
    ("learn_rate_zero", ["--learn-rate", "0"], ["--learn-rate", "positive"]),
    ("learn_rate_text", ["--learn-rate", "fast"], ["--learn-rate"]),
    ("val_fraction_above_one", TRAIN + ["--val-fraction", "1.5"], ["--val-fraction is 1.5"]),
    ("val_fraction_nan", TRAIN + ["--val-fraction", "nan"], ["--val-fraction is nan"]),
    ("test_fraction_negative", TRAIN + ["--test-fraction", "-0.1"], ["--test-fraction"]),
    ("fractions_leave_nothing", TRAIN + ["--val-fraction", "0.5", "--test-fraction", "0.5"],
     ["--val-fraction and --test-fraction"]),
    ("val_fraction_on_builtin_data", ["--val-fraction", "0.2"], ["--val-fraction applies"]),
    ("task_on_builtin_data", ["--task", "regression"], ["--task applies to --data"]),
    ("iterations_with_data", TRAIN + ["--iterations", "10"], ["--iterations"]),
    ("epochs_on_softmax", ["--model", "softmax", "--epochs", "10"], ["--epochs"]),
    ("batch_size_zero", ["--model", "mlp", "--batch-size", "0"], ["--batch-size"]),
    ("batch_size_huge", ["--model", "mlp", "--batch-size", "9" * 20], ["--batch-size"]),
    ("batch_size_on_network", ["--batch-size", "4"], ["--batch-size"]),
    ("report_every_negative", ["--report-every", "-1"], ["--report-every"]),
    ("data_without_target", ["--data", "{d}/data.csv"], ["--data and --target"]),
    ("target_without_data", ["--target", "y"], ["--data and --target"]),
    ("data_and_dataset", TRAIN + ["--dataset", "xor"], ["--dataset"]),
    ("dataset_people_on_mlp", ["--model", "mlp", "--dataset", "people"], ["--dataset people"]),
    ("loss_on_network", ["--loss", "softmax"], ["--loss"]),
    ("unknown_flag", ["--epoch", "5", "--frobnicate"], ["--frobnicate"]),
    ("unknown_model", ["--model", "transformer"], ["--model", "transformer"]),
]


# ---- train: CSV files ----------------------------------------------------------------

HEAD = "x1,x2,y\n"
ROWS = DATA[len(HEAD):]
BAD_CSV = ["--data", "{d}/bad.csv", "--target", "y", "--save", "{d}/m.json"]


def csv_case(name, text, words, flags=()):
    return (name, BAD_CSV + list(flags), ["{d}/bad.csv"] + words, {"bad.csv": text})


TRAIN_CSV = [
    csv_case("empty", "", ["is empty"]),
    csv_case("only_blank_lines", "\n\n  \n", ["is empty"]),
    csv_case("header_only", HEAD, ["header row but no data rows"]),
    csv_case("ragged_short_row", HEAD + ROWS + "1,2\n", ["line 14", "2 cells", "3 columns"]),
    csv_case("ragged_long_row", HEAD + "1,2,a,4\n" + ROWS, ["line 2", "4 cells"]),
    csv_case("duplicate_header", "x1,x1,y\n" + ROWS, ["line 1", "'x1' appears twice"]),
    csv_case("duplicate_header_after_spaces", "x1, x1 ,y\n" + ROWS, ["'x1' appears twice"]),
    csv_case("unnamed_column", "x1,,y\n" + ROWS, ["line 1", "column 2 has no name"]),
    csv_case("underscore_number", HEAD + "5_1,2,a\n" + ROWS,
             ["line 2, column 'x1'", "'5_1' is not a number"]),
    csv_case("thousands_underscore", HEAD + ROWS + "1,1_000,b\n",
             ["line 14, column 'x2'", "'1_000'"]),
    csv_case("hexadecimal", HEAD + "0x10,2,a\n" + ROWS, ["line 2, column 'x1'", "'0x10'"]),
    csv_case("infinity", HEAD + "infinity,2,a\n" + ROWS, ["line 2", "not a finite number"]),
    csv_case("minus_inf", HEAD + "1,-inf,a\n" + ROWS, ["column 'x2'", "not a finite number"]),
    csv_case("nan_with_missing_error", HEAD + "nan,2,a\n" + ROWS,
             ["line 2", "column 'x1'", "'nan', a missing value"], ["--missing", "error"]),
    csv_case("overflowing_1e999", HEAD + "1e999,2,a\n" + ROWS, ["line 2, column 'x1'", "1e999",
                                                                "largest"]),
    csv_case("arabic_indic_digit", HEAD + "\u0663,2,a\n" + ROWS, ["line 2, column 'x1'"]),
    csv_case("fullwidth_digit", HEAD + "\uff11,2,a\n" + ROWS, ["line 2, column 'x1'"]),
    csv_case("decimal_comma", HEAD + '"1,5",2,a\n' + ROWS, ["line 2, column 'x1'", "'1,5'"]),
    csv_case("empty_cell_with_missing_error", HEAD + "1,,a\n" + ROWS,
             ["line 2, column 'x2'", "empty cell"], ["--missing", "error"]),
    csv_case("empty_target_with_missing_error", HEAD + "1,2,\n" + ROWS,
             ["line 2, column 'y'", "target is missing"], ["--missing", "error"]),
    csv_case("one_class", HEAD + "1,2,a\n3,4,a\n5,6,a\n", ["only one class"]),
    csv_case("one_class_as_numbers", HEAD + "1,2,1\n3,4,1.0\n5,6,01\n", ["only one class"]),
    csv_case("target_inf", HEAD.replace("y", "y") + "1,2,1\n3,4,inf\n5,6,2\n",
             ["line 3, column 'y'", "not a finite number"]),
    csv_case("target_underscore", HEAD + "1,2,1\n3,4,5_1\n5,6,2\n", ["line 3, column 'y'", "5_1"]),
    csv_case("target_1e999", HEAD + "1,2,1.5\n3,4,1e999\n5,6,2\n", ["line 3, column 'y'"]),
    csv_case("only_the_target", "y\na\nb\n", ["only the target column"]),
    csv_case("utf16", (HEAD + ROWS).encode("utf-16"), ["UTF-16"]),
    csv_case("utf16_big_endian", b"\xfe\xff" + (HEAD + ROWS).encode("utf-16-be"), ["UTF-16"]),
    csv_case("utf32", (HEAD + ROWS).encode("utf-32"), ["UTF-32"]),
    csv_case("utf16_without_bom", (HEAD + ROWS).encode("utf-16-le"), ["line 1", "NUL"]),
    csv_case("invalid_utf8", (HEAD + "1,2,caf\xe9\n").encode("latin-1") + ROWS.encode(),
             ["line 2, column 8", "0xe9", "not UTF-8"]),
    csv_case("binary", bytes(range(256)) * 4, ["NUL", "binary"]),
    csv_case("gzip", b"\x1f\x8b\x08\x00" + bytes(100), ["{d}/bad.csv"]),
    csv_case("unterminated_quote_huge_cell", HEAD + '1,"' + "9" * 200000 + "\n",
             ["line", "not valid CSV"]),
    csv_case("huge_cell", HEAD + "1,2,a\n" + "9" * 100000 + "_1,2,b\n" + ROWS,
             ["line 3, column 'x1'", "(100004 characters)"]),
    csv_case("huge_header", "%s,%s,y\n" % ("x" * 100000, "x" * 100000) + ROWS,
             ["line 1", "(100002 characters) appears twice"]),
    csv_case("a_class_of_one_row", HEAD + ROWS + "1,2,c\n", ["class 'c' has only 1 row"]),
    ("unknown_target", TRAIN + ["--target", "species"], ["{d}/data.csv has no column 'species'"]),
    ("data_is_a_folder", ["--data", "{d}/sub", "--target", "y"], ["{d}/sub is a folder"]),
    ("data_is_a_fifo", ["--data", "{d}/fifo", "--target", "y"], ["{d}/fifo is not a regular"]),
    ("data_is_dev_zero", ["--data", "/dev/zero", "--target", "y"], ["/dev/zero is not a regular"]),
    ("data_is_missing", ["--data", "{d}/none.csv", "--target", "y"], ["{d}/none.csv does not"]),
    ("data_is_empty_string", ["--data", "", "--target", "y"], ["--data"]),
]


# ---- model files: for predict and for export alike ------------------------------------

MODEL_FILES = [
    ("not_json", "{not json", ["not valid JSON", "line 1, column 2"]),
    ("empty", "", ["not valid JSON"]),
    ("truncated", MODEL[:len(MODEL) // 2], ["not valid JSON", "line"]),
    ("a_csv_file", DATA, ["not valid JSON"]),
    ("deeply_nested", "[" * 100000 + "]" * 100000, ["nest"]),
    ("deeply_nested_objects", '{"a":' * 100000 + "1" + "}" * 100000, ["nest"]),
    ("integer_of_400_digits", model_text_with('"version": 1', '"version": 1' + "0" * 399),
     ["400 digits"]),
    ("integer_of_5000_digits", model_text_with('"version": 1', '"version": 1' + "0" * 4999),
     ["5000 digits"]),
    ("version_true", model_with(lambda d: d.update(version=True)), ["version"]),
    ("version_float", model_with(lambda d: d.update(version=1.0)), ["version"]),
    ("version_text", model_with(lambda d: d.update(version="1")), ["version"]),
    ("version_2", model_with(lambda d: d.update(version=2)), ["version 2"]),
    ("format_other", model_with(lambda d: d.update(format="keras")), ["'keras'"]),
    ("a_list", "[1, 2]", ["not an nn_pure model file"]),
    ("a_number", "3", ["not an nn_pure model file"]),
    ("billion_units_tiny_arrays",
     model_with(lambda d: d["architecture"].update(sizes=[2, 10 ** 9, 2])), ["layers[0].W[0]"]),
    ("billion_inputs",
     model_with(lambda d: d["architecture"].update(sizes=[10 ** 9, 3, 2])), ["features"]),
    ("sizes_of_18_digits",
     model_with(lambda d: d["architecture"].update(sizes=[2, 10 ** 17, 2])), ["layers[0]"]),
    ("sizes_hold_true", model_with(lambda d: d["architecture"].update(sizes=[2, True, 2])),
     ["architecture.sizes"]),
    ("sizes_hold_text", model_with(lambda d: d["architecture"].update(sizes=[2, "3", 2])),
     ["architecture.sizes"]),
    ("sizes_one_layer", model_with(lambda d: d["architecture"].update(sizes=[2])),
     ["architecture.sizes"]),
    ("sizes_missing", model_with(lambda d: d["architecture"].pop("sizes")),
     ["architecture.sizes"]),
    ("architecture_a_list", model_with(lambda d: d.update(architecture=[])), ["architecture"]),
    ("nan_literal", model_text_with('"b": [', '"b": [NaN, '), ["NaN"]),
    ("infinity_literal", model_text_with('"b": [', '"b": [Infinity, '), ["Infinity"]),
    ("minus_infinity_literal", model_text_with('"b": [', '"b": [-Infinity, '), ["-Infinity"]),
    ("weight_1e400", model_text_with('"W": [[', '"W": [[1e400, '), ["layers[0].W[0]"]),
    ("weight_text", model_with(lambda d: first_weight(d, "0.5")), ["layers[0].W[0][0]"]),
    ("weight_true", model_with(lambda d: first_weight(d, True)), ["layers[0].W[0][0]"]),
    ("weight_null", model_with(lambda d: first_weight(d, None)), ["layers[0].W[0][0]"]),
    ("weight_row_short", model_with(lambda d: d["layers"][0]["W"][1].pop()),
     ["layers[0].W[1]"]),
    ("bias_missing", model_with(lambda d: d["layers"][1].pop("b")), ["layers[1].b"]),
    ("layers_missing", model_with(lambda d: d.pop("layers")), ["layers"]),
    ("layer_not_an_object", model_with(lambda d: d["layers"].__setitem__(0, [])), ["layers[0]"]),
    ("extra_layer", model_with(lambda d: d["layers"].append(d["layers"][-1])), ["layers has 3"]),
    ("duplicate_class_names", model_with(lambda d: d.update(classes=["a", "a"])),
     ["classes", "'a' twice"]),
    ("duplicate_feature_names", model_with(lambda d: d.update(features=["x1", "x1"])),
     ["features", "'x1' twice"]),
    ("class_names_not_text", model_with(lambda d: d.update(classes=[1, 2])), ["classes"]),
    ("too_few_features", model_with(lambda d: d.update(features=["x1"])), ["features"]),
    ("duplicate_keys", model_text_with('"kind": "mlp"', '"kind": "mlp", "kind": "mlp"'),
     ["'kind' appears twice"]),
    ("kind_softmax_with_hidden_layers", model_with(lambda d: d.update(kind="softmax")),
     ["kind"]),
    ("kind_network_with_mlp_layers", model_with(lambda d: d.update(kind="network")),
     ["kind 'network'", "[2, 3, 2]"]),
    ("kind_unknown", model_with(lambda d: d.update(kind="cnn")), ["kind", "'cnn'"]),
    ("task_regression_with_softmax",
     model_with(lambda d: d.update(task="regression")), ["task"]),
    ("activation_unknown", model_with(lambda d: d["architecture"].update(activation="gelu")),
     ["architecture", "gelu"]),
    ("loss_unknown", model_with(lambda d: d["architecture"].update(loss="hinge")),
     ["architecture.loss", "hinge"]),
    ("std_zero", model_with(lambda d: d["standardization"]["std"].__setitem__(0, 0.0)),
     ["standardization.std"]),
    ("std_negative", model_with(lambda d: d["standardization"]["std"].__setitem__(0, -1.0)),
     ["standardization.std"]),
    ("mean_too_short", model_with(lambda d: d["standardization"]["mean"].pop()),
     ["standardization.mean"]),
    ("standardization_text", model_with(lambda d: d.update(standardization="z-score")),
     ["standardization"]),
    ("target_a_number", model_with(lambda d: d.update(target=7)), ["target"]),
    ("training_a_list", model_with(lambda d: d.update(training=[])), ["training"]),
    ("utf16", MODEL.encode("utf-16"), ["UTF-16"]),
    ("invalid_utf8", MODEL.replace('"x1"', '"x\xe9"').encode("latin-1"), ["not UTF-8", "line"]),
    ("binary", bytes(range(256)) * 4, ["NUL"]),
]


def model_cases(program, argv):
    """One case per bad model file, for program run as argv on {d}/bad.json."""
    cases = []
    for name, content, words in MODEL_FILES:
        cases.append(("model_" + name, argv, ["{d}/bad.json"] + words, {"bad.json": content}))
    return cases


MODEL_PATHS = [
    ("model_is_a_folder", "{d}/sub", ["{d}/sub is a folder"]),
    ("model_is_a_fifo", "{d}/fifo", ["{d}/fifo is not a regular"]),
    ("model_is_missing", "{d}/none.json", ["{d}/none.json does not exist"]),
    ("model_is_empty_string", "", ["model file"]),
]


# ---- predict -------------------------------------------------------------------------

PREDICT = ["{d}/model.json", "{d}/data.csv"]

PREDICT_CASES = model_cases("predict", ["{d}/bad.json", "--values", "1,2",
                                        "--output", "{d}/out.csv"]) + [
    (name, [path, "--values", "1,2"], words) for name, path, words in MODEL_PATHS] + [
    ("output_is_the_model", PREDICT + ["--output", "{d}/model.json"],
     ["--output {d}/model.json is also the model file"]),
    ("output_is_the_model_without_loading_it", ["{d}/bad.json", "{d}/data.csv", "--output",
                                                "{d}/bad.json"], ["is also the model file"],
     {"bad.json": "not even JSON"}),
    ("output_is_the_data", PREDICT + ["--output", "{d}/data.csv"], ["is also the data file"]),
    ("output_is_a_link_to_the_data", PREDICT + ["--output", "{d}/link.csv"],
     ["--output {d}/link.csv is also the data file"]),
    ("output_is_the_model_spelled_otherwise", PREDICT + ["--output", "{d}/sub/../model.json"],
     ["is also the model file"]),
    ("output_is_a_folder", PREDICT + ["--output", "{d}/sub"], ["--output {d}/sub is a folder"]),
    ("output_is_a_fifo", PREDICT + ["--output", "{d}/fifo"], ["--output {d}/fifo is not"]),
    ("output_is_dev_null", PREDICT + ["--output", "/dev/null"], ["--output /dev/null is not"]),
    ("output_is_dev_full", PREDICT + ["--output", "/dev/full"], ["--output /dev/full is not"]),
    ("output_in_a_missing_folder", PREDICT + ["--output", "{d}/no/p.csv"], ["does not exist"]),
    ("output_is_empty", PREDICT + ["--output", ""], ["--output ''"]),
    ("output_has_a_trailing_slash", PREDICT + ["--output", "{d}/p.csv/"], ["--output"]),
    ("values_too_few", ["{d}/model.json", "--values", "1"], ["--values has 1", "{d}/model.json",
                                                             "expects 2"]),
    ("values_too_many", ["{d}/model.json", "--values", "1,2,3"], ["--values has 3"]),
    ("values_nan", ["{d}/model.json", "--values", "nan,2"], ["--values, column 'x1'", "'nan'"]),
    ("values_inf", ["{d}/model.json", "--values", "1,-inf"], ["--values, column 'x2'"]),
    ("values_underscore", ["{d}/model.json", "--values", "5_1,2"], ["--values", "'5_1'"]),
    ("values_1e999", ["{d}/model.json", "--values", "1e999,2"], ["--values", "1e999"]),
    ("values_text_for_a_number", ["{d}/model.json", "--values", "1,two"], ["--values", "'two'"]),
    ("values_and_data", PREDICT + ["--values", "1,2"], ["either FILE.csv or --values"]),
    ("neither_values_nor_data", ["{d}/model.json"], ["either FILE.csv or --values"]),
    ("data_is_a_fifo", ["{d}/model.json", "{d}/fifo"], ["{d}/fifo is not a regular"]),
    ("data_is_a_folder", ["{d}/model.json", "{d}/sub"], ["{d}/sub is a folder"]),
    ("data_lacks_a_feature", ["{d}/model.json", "{d}/bad.csv"], ["{d}/bad.csv lacks", "x2"],
     {"bad.csv": "x1,y\n1,a\n"}),
    ("data_cell_underscore", ["{d}/model.json", "{d}/bad.csv"],
     ["{d}/bad.csv, line 3, column 'x2'", "'5_1'"], {"bad.csv": "x1,x2\n1,2\n3,5_1\n"}),
    ("data_utf16", ["{d}/model.json", "{d}/bad.csv"], ["{d}/bad.csv", "UTF-16"],
     {"bad.csv": "x1,x2\n1,2\n".encode("utf-16")}),
]


# ---- export (its command-line input handling; the code it writes is tested elsewhere) ---

EXPORT_CASES = model_cases("export", ["{d}/bad.json", "--output", "{d}/out.py"]) + [
    (name, [path, "--output", "{d}/out.py"], words) for name, path, words in MODEL_PATHS] + [
    ("output_is_a_folder", ["{d}/model.json", "--output", "{d}/sub/"], ["--output"]),
    ("output_is_a_folder_named_py", ["{d}/model.json", "--output", "{d}/pkg.py"],
     ["{d}/pkg.py is a folder"], {}),
    ("output_is_a_fifo", ["{d}/model.json", "--output", "{d}/pipe.py"], ["{d}/pipe.py is not"]),
    ("output_in_a_missing_folder", ["{d}/model.json", "--output", "{d}/no/m.py"],
     ["{d}/no/m.py", "does not exist"]),
    ("output_not_py", ["{d}/model.json", "--output", "{d}/m.txt"], ["--output {d}/m.txt"]),
    ("output_is_dev_null", ["{d}/model.json", "--output", "/dev/null"], ["--output /dev/null"]),
    ("unknown_flag", ["{d}/model.json", "--format", "rust"], ["--format", "rust"]),
    ("no_model", [], ["MODEL.json"]),
]


class TestHostileTrain(HostileCase):
    def setUp(self):
        super().setUp()
        os.symlink(self.path("nowhere"), self.path("broken"))
        os.symlink(self.path("old.json"), self.path("l.svg"))   # --plot l.svg is old.json


class TestHostilePredict(HostileCase):
    pass


class TestHostileExport(HostileCase):
    def setUp(self):
        super().setUp()
        os.mkdir(self.path("pkg.py"))
        os.mkfifo(self.path("pipe.py"))


add_cases(TestHostileTrain, "train", TRAIN_OUTPUTS + TRAIN_FLAGS + TRAIN_CSV)
add_cases(TestHostilePredict, "predict", PREDICT_CASES)
add_cases(TestHostileExport, "export", EXPORT_CASES)


# ---- the second hostile review (findings 6-15) -----------------------------------------

def category_model_text():
    """A model with a category column c (p or q) beside the number column x1."""
    rows = [[i % 5, "pq"[i % 3 == 0]] for i in range(12)]
    pipeline, _, _ = fit_pipeline(rows, ["ab"[i % 2] for i in range(12)],
                                  feature_names=["x1", "c"], target_name="y", hidden=[3],
                                  epochs=1, seed=1)
    return dumps_model(pipeline)


def regression_model_text():
    """A regression model on x1, x2 -> y."""
    rows = [[i % 5, i % 3] for i in range(12)]
    pipeline, _, _ = fit_pipeline(rows, [float(i % 4) for i in range(12)],
                                  feature_names=["x1", "x2"], target_name="y", hidden=[3],
                                  epochs=1, seed=1, task="regression")
    return dumps_model(pipeline)


class TestSecondReview(HostileCase):
    """Each test failed before its fix; the finding's number is in the name."""

    def refused(self, main, argv, words):
        argv = [arg.format(d=self.folder) for arg in argv]
        before = self.snapshot()
        status, out, err = call_main(main, argv)
        self.assertEqual(status, 2, err)
        self.assertEqual(len(err.splitlines()), 1, err)
        self.assertNotIn("Traceback", err)
        for word in words:
            self.assertIn(word.format(d=self.folder), err)
        self.assertEqual(self.snapshot(), before)
        return err

    def run_train(self, argv):
        return call_main(train_main, [arg.format(d=self.folder) for arg in argv])

    def test_6_bench_rows_have_an_upper_bound(self):
        from nn_pure.bench import main as bench_main
        self.refused(bench_main, ["--csv", "99999999999999999999999"], ["--csv", "at most"])
        self.refused(bench_main, ["--memory-rows", "999999999999999999999"],
                     ["--memory-rows", "at most 2000"])

    def test_7_val_fraction_0_keeps_the_last_epoch(self):
        status, out, err = self.run_train(TRAIN + ["--val-fraction", "0", "--epochs", "2"])
        self.assertEqual(status, 0, err)
        self.assertIn("test:", out)
        self.assertNotIn("X_val", err)
        self.refused(train_main, TRAIN + ["--val-fraction", "0", "--patience", "3"],
                     ["--patience 3", "--val-fraction 0"])

    def test_8_unclosed_quote_is_named(self):
        self.write("bad.csv", 'a,b,y\n1,2,"x\n3,4,y\n')
        err = self.refused(train_main, ["--data", "{d}/bad.csv", "--target", "y"],
                           ["bad.csv, line 2, column 'y'", "never closes"])
        self.assertNotIn("one class", err)
        # a quoted cell over two lines, and doubled quotes, are still CSV
        from nn_pure.cli.csvfile import read_csv
        self.write("ok.csv", 'a,y\n1,"x\ny"\n2,"p""q"\n')
        self.assertEqual([cells for _, cells in read_csv(self.path("ok.csv"))],
                         [["a", "y"], ["1", "x\ny"], ["2", 'p"q']])

    def test_10_cv_quiet_prints_the_fold_scores(self):
        status, out, err = self.run_train(TRAIN + ["--cv", "2", "--epochs", "1"])
        self.assertEqual(status, 0, err)
        self.assertIn("fold 2/2: accuracy", out)
        self.assertIn("cross-validation (2 folds): accuracy", out)

    def test_11_convert_refuses_classes_for_regression(self):
        from nn_pure.convert import main as convert_main
        self.write("reg.json", regression_model_text())
        status, _, err = call_main(export_main, [self.path("reg.json"), "--format", "onnx",
                                                 "--output", self.path("reg.onnx")])
        self.assertEqual(status, 0, err)
        self.refused(convert_main, ["{d}/reg.onnx", "--output", "{d}/o.json", "--classes", "a,b"],
                     ["--classes", "regression"])
        err = self.refused(convert_main, ["{d}/reg.onnx", "--output", "{d}/sub"],
                           ["out.json"])
        self.assertNotIn("out.csv", err)

    def test_12_predict_values_names_the_flag(self):
        self.write("cat.json", category_model_text())
        err = self.refused(predict_main, ["{d}/cat.json", "--values", "1e999,p"],
                           ["--values", "column 'x1'", "'1e999' is beyond the largest number"])
        self.assertNotIn("row 0", err)

    def test_13_advice_offers_what_the_run_did_not_do(self):
        from nn_pure.checks import NNPureError, check_finite_loss
        from nn_pure.cli.report import warnings
        scores = {"test": {"accuracy": 0.5, "most_frequent_baseline": 0.6}}
        self.assertIn("--class-weight balanced", warnings(scores)[0])
        self.assertNotIn("--class-weight", warnings(scores, "balanced")[0])
        with self.assertRaises(NNPureError) as caught:
            check_finite_loss("f()", float("inf"), 1, 1e308)
        self.assertIn("(try 0.01)", str(caught.exception))

    def test_14_wrong_delimiter_is_suggested(self):
        self.write("pipes.csv", DATA.replace(",", "|"))
        self.refused(train_main, ["--data", "{d}/pipes.csv", "--target", "y"],
                     ["has no column 'y'", "--delimiter '|'"])
        self.write("tabs.csv", DATA.replace(",", "\t"))
        self.refused(train_main, ["--data", "{d}/tabs.csv", "--target", "y", "--delimiter", ","],
                     ["--delimiter tab"])

    def test_15_bad_fill_is_quoted_once(self):
        document = json.loads(category_model_text())
        document["encoding"][1]["fill"] = "Biscoe"
        self.write("bad.json", json.dumps(document))
        err = self.refused(predict_main, ["{d}/bad.json", "--values", "1,p"],
                           ["encoding[1].fill", "is 'Biscoe', which"])
        self.assertNotIn("\"'Biscoe'\"", err)



class TestThirdReview(HostileCase):
    """A third hostile-user trial; each test failed before its fix."""

    refused = TestSecondReview.refused          # the same two helpers
    run_train = TestSecondReview.run_train

    def test_terminal_escapes_from_a_file_are_shown_not_obeyed(self):
        # Column and class names come from the file: escape sequences in them could clear
        # the screen or hide a message.  Messages and the report's tables escape them.
        rows = "".join("%d,%d,%s\n" % (i % 5, i % 3, ("p\x1b[8m", "q")[i % 2])
                       for i in range(30))
        self.write("esc.csv", '"\x1b[2Jx1",x2,y\n' + rows)
        status, out, err = self.run_train(["--data", "{d}/esc.csv", "--target", "y", "--epochs",
                                           "2", "--save", "{d}/esc.json"])
        self.assertEqual(status, 0, err)
        self.assertNotIn("\x1b", out + err)
        self.assertIn("p\\x1b[8m", out)                   # the class table shows it escaped
        err = self.refused(predict_main, ["{d}/esc.json", "--values", "1"],
                           ["expects 2: \\x1b[2Jx1, x2"])
        self.assertNotIn("\x1b", err)

    def test_a_network_too_wide_to_draw_is_refused_before_training_naming_the_file(self):
        from nn_pure.draw import main as draw_main
        err = self.refused(train_main, TRAIN + ["--hidden", "65", "--epochs", "3",
                                                "--report-every", "1",
                                                "--plot-network", "{d}/net.svg"],
                           ["{d}/data.csv: the network has a layer of 65 neurons"])
        self.run_train(TRAIN + ["--hidden", "65", "--epochs", "1", "--save", "{d}/wide.json"])
        self.refused(draw_main, ["{d}/wide.json"],
                     ["{d}/wide.json: the network has a layer of 65 neurons"])

    def test_a_quote_left_open_on_the_last_line_is_named(self):
        # Read as the cell "6,p" before: trained, or mis-blamed on the cell count.
        self.write("open.csv", DATA + '5,"1,a\n')
        self.refused(train_main, ["--data", "{d}/open.csv", "--target", "y"],
                     ["open.csv, line 14, column 'x2': a quote opens and never closes, so the "
                      "rest of the line"])
        self.write("noend.csv", DATA + '5,"1,a')          # no line end after the quote
        self.refused(train_main, ["--data", "{d}/noend.csv", "--target", "y"],
                     ["noend.csv, line 14, column 'x2': a quote opens and never closes"])
        self.write("height.csv", DATA.replace("x1,x2,y\n0,", "x1,x2,y\n5'11\",", 1))
        status, _, err = self.run_train(["--data", "{d}/height.csv", "--target", "y",
                                         "--epochs", "1", "--categorical", "x1"])
        self.assertEqual(status, 0, err)        # one quote on one line, closing nothing: a cell
        # ... and in a record over two lines, beside a quoted cell that holds a line end
        self.write("height2.csv", DATA.replace("x1,x2,y\n0,0,", 'x1,x2,y\n"5\n6",5\'11",', 1))
        status, _, err = self.run_train(["--data", "{d}/height2.csv", "--target", "y",
                                         "--epochs", "1", "--categorical", "x1,x2"])
        self.assertEqual(status, 0, err)
        self.write("long.csv", "x1,x2,y\n" + "1," + "9" * 200000 + ",a\n")
        self.refused(train_main, ["--data", "{d}/long.csv", "--target", "y"],
                     ["long.csv, line 2: not valid CSV", "usually a quote left open"])

    def test_a_column_name_with_a_comma_is_named_in_quotes(self):
        # "x,1" could not be named in --ignore, and the hint suggested --delimiter , (in use).
        self.write("comma.csv", DATA.replace("x1,x2,y", '"x,1",x2,y', 1))
        err = self.refused(train_main, ["--data", "{d}/comma.csv", "--target", "y",
                                        "--ignore", "x,1"],
                           ["the column 'x,1' holds a comma: in a flag, put its name in "
                            "double quotes, as '\"x,1\"'"])
        self.assertNotIn("--delimiter", err)
        status, out, err = self.run_train(["--data", "{d}/comma.csv", "--target", "y",
                                           "--ignore", '"x,1"', "--epochs", "1"])
        self.assertEqual(status, 0, err)
        self.assertIn("an MLP 1-32-2", out)           # x2 only: "x,1" was left out

    def test_a_column_named_twice_or_by_flags_that_disagree_is_refused(self):
        # Both were accepted silently: the duplicate dropped, --categorical ignored.
        self.refused(train_main, TRAIN + ["--features", "x1,x1"],
                     ["--features names 'x1' twice; give each column once"])
        self.refused(train_main, TRAIN + ["--categorical", "x2", "--ignore", "x2"],
                     ["--categorical names 'x2', which --ignore leaves out"])

    def test_targets_near_the_largest_float_give_finite_scores_and_valid_json(self):
        # Printed "R^2 nan  RMSE inf", and --json wrote Infinity and NaN, which JSON lacks.
        sizes = (1e308, -1e308, 1.7e308, 5e307)
        self.write("huge.csv", "x1,x2,y\n" + "".join(
            "%d.5,%d,%r\n" % (i % 7, i % 5, sizes[i % 4] / 10 * (i % 9 + 1)) for i in range(60)))
        status, out, err = self.run_train(["--data", "{d}/huge.csv", "--target", "y",
                                           "--epochs", "2", "--json"])
        self.assertEqual(status, 0, err)

        def refuse(constant):
            raise ValueError("not JSON: %s" % constant)
        run = json.loads(out, parse_constant=refuse)
        self.assertIsNone(run["test"]["mse"])                   # past the largest float
        for key in ("r2", "rmse", "mae"):
            self.assertIsInstance(run["test"][key], float, key)
        # The MSEs (inf and inf) cannot say whether the model beats the mean; R^2 can.
        from nn_pure.cli.report import warnings
        scores = {"test": {"mse": float("inf"), "mean_baseline_mse": float("inf"), "r2": 0.5}}
        self.assertEqual(warnings(scores), [])
        scores["test"]["r2"] = -0.2
        self.assertIn("the test R^2 -0.200 is not above 0", warnings(scores)[0])

    def test_resuming_says_which_flags_the_saved_optimizer_overrides(self):
        # --weight-decay was silently ignored (and recorded in --json as if used), and a
        # saved state the run was about to drop was refused at this run's learn rate.
        status, _, err = self.run_train(TRAIN + ["--epochs", "2", "--weight-decay", "0.1",
                                                 "--save", "{d}/r.json"])
        self.assertEqual(status, 0, err)
        status, out, err = self.run_train(TRAIN[:-1] + ["--epochs", "1", "--init", "{d}/r.json",
                                                        "--weight-decay", "0", "--json"])
        self.assertEqual(status, 0, err)
        self.assertIn("--weight-decay 0.0 is not used: the optimizer resumed from", err)
        self.assertEqual(json.loads(out)["weight_decay"], 0.1)
        status, _, err = self.run_train(TRAIN + ["--epochs", "1", "--init", "{d}/r.json",
                                                 "--optimizer", "sgd", "--learn-rate", "20",
                                                 "--weight-decay", "0"])
        self.assertEqual(status, 0, err)
        self.assertIn("saved Adam's optimizer state, but this run uses SGD", err)

    def test_predict_checks_its_delimiter_as_train_does(self):
        # predict passed --delimiter to the csv module unchecked: a TypeError traceback.
        for bad in ('"', "ab", ""):
            self.refused(predict_main, ["{d}/model.json", "{d}/data.csv", "--delimiter", bad],
                         ["--delimiter is %r; give , or ; or tab or |" % bad])

    def test_a_name_standard_output_cannot_show_is_one_line_and_exit_2(self):
        # With an ASCII stdout, a class name such as 'x\xe9' ended in UnicodeEncodeError.
        import contextlib
        import io
        import sys
        self.write("accents.csv", DATA.replace(",a\n", ",x\xe9\n"))
        status, _, err = self.run_train(TRAIN[:1] + ["{d}/accents.csv"] + TRAIN[2:]
                                        + ["--epochs", "1", "--save", "{d}/accents.json"])
        self.assertEqual(status, 0, err)
        saved, err = sys.stdout, io.StringIO()
        sys.stdout = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
        try:
            with contextlib.redirect_stderr(err):
                status = predict_main([self.folder + "/accents.json", "--values", "1,2"])
        finally:
            sys.stdout = saved
        self.assertEqual(status, 2)
        self.assertEqual(len(err.getvalue().splitlines()), 1)
        self.assertIn("standard output (ascii) cannot show '\xe9'", err.getvalue())

    def test_class_weight_on_a_regression_says_why(self):
        self.write("numbers.csv", "x1,x2,y\n" + "".join("%d.5,%d,%d.25\n" % (i, i % 3, i % 4)
                                                         for i in range(12)))
        self.refused(train_main, ["--data", "{d}/numbers.csv", "--target", "y",
                                  "--class-weight", "balanced"],
                     ["class_weight weighs each class's rows", "this is a regression"])


if __name__ == "__main__":
    unittest.main()
