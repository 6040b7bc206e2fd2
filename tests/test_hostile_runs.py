"""Hostile runs that need more than one call: signals, pipes, full disks, huge numbers (issue 10).

Each test states a promise of the programs: a run ended by SIGTERM or Ctrl-C
during a save leaves the earlier file byte for byte and no temporary file; a
bad output path is refused before any training; a reader that stops reading
ends the run quietly; a full disk is reported with the file's name; odd but
valid input (byte-order marks, numbers near the float limit, numeric class
labels spelled differently) works.
"""
import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest
from unittest import mock

from nn_pure.predict import main as predict_main
from nn_pure.train import main as train_main

from tests.helpers import ROOT, call_main
from tests.test_hostile import DATA, MODEL


class Folder(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.mkdtemp()
        self.data = self.write("data.csv", DATA)
        self.model = self.write("model.json", MODEL)

    def tearDown(self):
        shutil.rmtree(self.folder)

    def path(self, name):
        return os.path.join(self.folder, name)

    def write(self, name, content):
        with open(self.path(name), "wb") as f:
            f.write(content if isinstance(content, bytes) else content.encode("utf-8"))
        return self.path(name)

    def read(self, name):
        with open(self.path(name), "rb") as f:
            return f.read()


class TestOddButValidInput(Folder):
    def test_a_csv_with_a_utf8_bom_trains(self):
        # Spreadsheets save "CSV UTF-8" with a byte-order mark; the first column keeps its name.
        path = self.write("bom.csv", b"\xef\xbb\xbf" + DATA.encode())
        status, out, err = call_main(train_main, ["--data", path, "--target", "y", "--json"])
        # DATA is too small to learn: a warning that accuracy does not beat the baseline is fair.
        self.assertEqual(status, 0)
        self.assertNotIn("error", err)
        self.assertEqual(json.loads(out)["features"], ["x1", "x2"])

    def test_a_model_file_with_a_utf8_bom_loads(self):
        path = self.write("bom.json", b"\xef\xbb\xbf" + MODEL.encode())
        status, out, err = call_main(predict_main, [path, "--values", "1,2"])
        self.assertEqual((status, err), (0, ""))
        self.assertEqual(out.splitlines()[0], "prediction,p_a,p_b")

    def test_targets_1_and_1_0_and_2_are_two_classes(self):
        # Labels that are numbers are compared as numbers, end to end.
        text = "x1,y\n" + "".join("%d,%s\n" % (i, ("1", "1.0", "2", "2.00")[i % 4])
                                  for i in range(24))
        path = self.write("t.csv", text)
        status, out, err = call_main(train_main, ["--data", path, "--target", "y", "--json"])
        self.assertEqual(status, 0)
        self.assertNotIn("error", err)      # x1 carries no signal: a baseline warning is fair
        self.assertEqual(json.loads(out)["classes"], ["1", "2"])

    def test_features_near_the_float_limit_train_or_stop_with_a_true_message(self):
        # Standardizer.fit handles any finite column; squares of 1e308 would overflow.
        text = "x1,x2,y\n" + "".join("%r,%d,%s\n" % ((1e308, -1e308)[i % 2] * (1 - i / 50.0),
                                                       i % 3, "ab"[i % 2]) for i in range(20))
        path = self.write("big.csv", text)
        save = self.path("big.json")
        status, out, err = call_main(train_main, ["--data", path, "--target", "y", "--quiet",
                                                  "--save", save])
        if status == 0:
            self.assertEqual(err, "")
            status, out, err = call_main(predict_main, [save, path])
            self.assertIn(status, (0, 2))
            self.assertNotIn("nan", out)
        else:
            self.assertEqual(status, 2)
            self.assertNotIn("NaN", err)        # the file holds none
            self.assertIn("big.csv", err)

    def test_a_regression_target_near_the_float_limit_trains_and_saves(self):
        # Review finding 5: the weights stay finite; only scores such as the MSE of errors
        # near 1e308 overflow, and the model file stores those as null.
        text = "x,y\n" + "".join("%r,%r\n" % ((i * 7 % 11) / 10.0,
                                                (1e308, -1e308)[i % 2] if i % 5 < 2 else i / 3.0)
                                  for i in range(40))
        path = self.write("hugereg.csv", text)
        save = self.path("hugereg.json")
        status, out, err = call_main(train_main, ["--data", path, "--target", "y", "--quiet",
                                                  "--epochs", "3", "--save", save])
        self.assertNotIn("error", err)
        self.assertEqual(status, 0)
        with open(save) as f:
            training = json.load(f)["training"]
        self.assertIsNone(training["test"]["mse"])          # beyond the largest float
        self.assertEqual(training["test"]["n_samples"], 8)

    def test_score_takes_the_mean_of_targets_near_the_float_limit(self):
        from nn_pure.fitting import fit_pipeline
        rows = [[float(i)] for i in range(10)]
        _, _, metrics = fit_pipeline(rows, [1e308, -1e308] * 5, task="regression", epochs=2)
        self.assertEqual(metrics["test"]["n_samples"], 2)

    def test_an_output_through_a_symbolic_link_replaces_the_file_it_names(self):
        # As the shell's `>` does: the link stays, the file it points to is the new model.
        os.mkdir(self.path("models"))
        target = self.write("models/real.json", "old")
        os.symlink(target, self.path("link.json"))
        status, _, err = call_main(train_main, ["--quiet", "--epochs", "3", "--save",
                                                self.path("link.json")])
        self.assertEqual((status, err), (0, ""))
        self.assertTrue(os.path.islink(self.path("link.json")))
        self.assertIn(b'"format": "nn_pure.model"', self.read("models/real.json"))
        self.assertEqual(sorted(os.listdir(self.path("models"))), ["real.json"])

    def test_a_model_that_overflows_is_blamed_not_the_values(self):
        document = json.loads(MODEL)
        document["architecture"]["activation"] = "relu"
        document["layers"][0]["W"] = [[1e300] * 3, [1e300] * 3]
        document["layers"][1]["W"] = [[1e300, -1e300]] * 3
        path = self.write("over.json", json.dumps(document))
        status, out, err = call_main(predict_main, [path, "--values", "1e300,2"])
        self.assertEqual((status, out), (2, ""))
        self.assertIn("over.json: layer 1 (Linear) gives inf for row 0", err)
        self.assertIn("the model's weights are too large", err)
        self.assertEqual(len(err.splitlines()), 1)


class TestFullDisk(Folder):
    def test_no_space_left_names_the_file_and_leaves_the_old_one(self):
        before = self.read("model.json")
        full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        with mock.patch("os.fsync", side_effect=full):
            status, out, err = call_main(train_main, ["--quiet", "--epochs", "3", "--save",
                                                      self.model, "--plot", self.path("c.svg")])
        self.assertEqual(status, 2)
        self.assertEqual(err, "nn_pure.train: error: cannot write %s: No space left on device\n"
                         % self.model)
        self.assertEqual(self.read("model.json"), before)
        self.assertEqual(sorted(os.listdir(self.folder)), ["data.csv", "model.json"])

    def test_a_failed_rename_names_the_file_not_the_temporary_one(self):
        with mock.patch("os.replace", side_effect=OSError(errno.EXDEV, os.strerror(errno.EXDEV))):
            status, _, err = call_main(train_main, ["--quiet", "--epochs", "3", "--save",
                                                    self.path("new.json")])
        self.assertEqual(status, 2)
        self.assertIn("cannot write %s:" % self.path("new.json"), err)
        self.assertNotIn(".tmp", err)
        self.assertEqual(sorted(os.listdir(self.folder)), ["data.csv", "model.json"])


class TestRefusedBeforeTraining(Folder):
    def test_each_bad_output_path_is_refused_at_once(self):
        # Each run below would train for a long time (a million epochs) if it started.
        os.mkdir(self.path("sub"))
        os.mkfifo(self.path("fifo"))
        for save in (self.data, self.path("sub"), self.path("fifo"), self.path("no/m.json"),
                     "", self.path("m.json/"), "/dev/null"):
            with self.subTest(save=save):
                start = time.monotonic()
                status, out, err = call_main(train_main, [
                    "--data", self.data, "--target", "y", "--epochs", "1000000",
                    "--save", save])
                self.assertLess(time.monotonic() - start, 1.0)
                self.assertEqual((status, out), (2, ""))
                self.assertIn("--save", err)
        self.assertEqual(self.read("data.csv"), DATA.encode())


def child(code, folder):
    """Start a Python child running code in ROOT with stderr captured."""
    return subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, universal_newlines=True)


class TestSignalsDuringASave(Folder):
    # A child trains briefly, then saves; its fsync is slowed to 30 s, so the signal
    # arrives while the temporary file is being written (as for a model of many MB).
    # (In short sleeps: PyPy runs a Python signal handler only between them.)
    CODE = ("import os, sys, time\n"
            "os.fsync = lambda fd: [time.sleep(0.05) for _ in range(600)]\n"
            "from nn_pure.train import main\n"
            "raise SystemExit(main(['--quiet', '--epochs', '2', '--save', %r]))\n")

    def assert_clean_end(self, signum, status, message):
        before = self.read("model.json")
        process = child(self.CODE % self.model, self.folder)
        deadline = time.monotonic() + 30
        while not any(name.endswith(".tmp") for name in os.listdir(self.folder)):
            self.assertLess(time.monotonic(), deadline, "the child never started its save")
            time.sleep(0.01)
        process.send_signal(signum)
        _, err = process.communicate(timeout=30)
        self.assertEqual(process.returncode, status, err)
        self.assertEqual(err, "nn_pure.train: %s\n" % message)
        self.assertEqual(self.read("model.json"), before)
        self.assertEqual(sorted(os.listdir(self.folder)), ["data.csv", "model.json"])

    def test_sigterm(self):
        self.assert_clean_end(signal.SIGTERM, 143, "terminated")

    def test_sigint(self):
        self.assert_clean_end(signal.SIGINT, 130, "interrupted")


class TestBrokenPipe(unittest.TestCase):
    def test_a_reader_that_stops_reading_ends_the_run_quietly(self):
        # python -m nn_pure.train | head -1, with far more output than a pipe holds.
        process = subprocess.Popen(
            [sys.executable, "-m", "nn_pure.train", "--epochs", "100000", "--report-every", "1"],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        first = process.stdout.readline()
        process.stdout.close()
        err = process.stderr.read()
        process.stderr.close()
        status = process.wait(timeout=60)
        self.assertTrue(first.startswith(b"training the 2-2-1 network"), first)
        self.assertEqual(err, b"")
        self.assertIn(status, (0, 141))


if __name__ == "__main__":
    unittest.main()
