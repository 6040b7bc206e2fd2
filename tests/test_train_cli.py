import json
import unittest

from nn_pure.train import main
from nn_pure.training import train_people

from tests.helpers import call_main, run_python


class TestTrainCommand(unittest.TestCase):
    def test_default_run_prints_seed_progress_chart_and_predictions(self):
        status, out, err = call_main(main, [])
        self.assertEqual((status, err), (0, ""))
        self.assertIn("seed 42, 1000 epochs, learn rate 0.1", out)
        progress = [line for line in out.splitlines() if line.startswith("epoch")]
        self.assertEqual(len(progress), 11)              # epochs 1, 100, ..., 900 and 1000
        self.assertIn("train-loss after each epoch", out)   # the chart's title ...
        self.assertIn("+" + "-" * 60, out)               # ... and its x axis
        self.assertRegex(out, r"Emily \(-7, -3\): 0\.9\d\d  F")
        self.assertRegex(out, r"Frank \(20, 2\): 0\.0\d\d  M")

    def test_options_reach_the_training(self):
        status, out, _ = call_main(main, ["--seed", "7", "--epochs", "30", "--learn-rate", "0.05",
                                          "--report-every", "10"])
        self.assertEqual(status, 0)
        self.assertIn("seed 7, 30 epochs, learn rate 0.05", out)
        net, losses = train_people(seed=7, epochs=30, learn_rate=0.05)
        self.assertIn("epoch 30/30  train-loss %.6f" % losses[-1], out)

    def test_epochs_are_counted_from_1_and_the_numbers_are_the_training_s(self):
        # Issue 15: "epoch 0/1000" is gone; epoch k's line shows losses[k - 1], the loss
        # after k epochs, so the first line is epoch 1 and the last epoch 1000.
        status, out, _ = call_main(main, [])
        net, losses = train_people()
        progress = [line for line in out.splitlines() if line.startswith("epoch")]
        self.assertEqual(progress[0], "epoch    1/1000  train-loss %.6f" % losses[0])
        self.assertEqual(progress[1], "epoch  100/1000  train-loss %.6f" % losses[99])
        self.assertEqual(progress[-1], "epoch 1000/1000  train-loss %.6f" % losses[999])
        # The chart's axis: 1 to 1000, labelled with the first and last loss, as printed.
        lines = out.splitlines()
        title = lines.index("train-loss after each epoch, each column the mean of 16 or 17 "
                            "epochs")
        self.assertTrue(lines[title + 1].strip().startswith("%.4g |" % losses[0]))
        self.assertTrue(lines[title + 10].strip().startswith("%.4g |" % losses[-1]))
        self.assertEqual(lines[title + 12].split(), ["1", "1000"])
        self.assertEqual(lines[title + 13].strip(), "epoch")

    def test_quiet_prints_only_predictions(self):
        status, out, _ = call_main(main, ["--quiet"])
        self.assertEqual(status, 0)
        self.assertEqual([line.split()[0] for line in out.splitlines()], ["Emily", "Frank"])

    def test_json_is_one_object_describing_the_run(self):
        status, out, _ = call_main(main, ["--json", "--epochs", "50", "--seed", "3"])
        self.assertEqual(status, 0)
        run = json.loads(out)
        net, losses = train_people(seed=3, epochs=50)
        self.assertEqual((run["seed"], run["epochs"], run["learn_rate"]), (3, 50, 0.1))
        self.assertEqual(run["loss_history"], losses)
        self.assertEqual(run["parameters"], net.named_parameters())
        self.assertEqual([p["name"] for p in run["predictions"]], ["Emily", "Frank"])
        self.assertEqual(run["predictions"][0]["y_pred"], net.feedforward([-7.0, -3.0]))

    def test_help_shows_an_example(self):
        status, out, _ = run_python(["-m", "nn_pure.train", "--help"])
        self.assertEqual(status, 0)
        self.assertIn("python -m nn_pure.train --seed 7", out)

    def test_bad_options_are_one_line_on_stderr_with_status_2(self):
        cases = [(["--epochs", "-1"], "--epochs is -1 but must be at least 0"),
                 (["--learn-rate", "abc"], "invalid float value: 'abc'"),
                 (["--learn-rate", "0"], "--learn-rate is 0.0 but must be positive"),
                 (["--learn-rate", "nan"], "--learn-rate is nan"),
                 (["--bogus"], "unrecognized arguments: --bogus")]
        for argv, message in cases:
            with self.subTest(argv=argv):
                status, out, err = run_python(["-m", "nn_pure.train"] + argv)
                self.assertEqual(status, 2)
                self.assertEqual(out, "")
                self.assertEqual(len(err.splitlines()), 1, err)
                self.assertIn(message, err)
                self.assertNotIn("Traceback", err)


class TestTrainOtherModels(unittest.TestCase):
    def test_softmax_runs_tutorial_b(self):
        status, out, err = call_main(main, ["--model", "softmax", "--seed", "3"])
        self.assertEqual((status, err), (0, ""))
        # Issue 15: ten progress lines, each with the batch's loss beside its accuracy.
        progress = [line for line in out.splitlines() if line.startswith("iteration")]
        self.assertEqual(len(progress), 10, out)
        self.assertRegex(progress[0], r"^iteration  400/4000  batch-loss \d\.\d{4}  "
                                      r"batch-acc \d\.\d{3}  val-acc \d\.\d{3}$")
        self.assertTrue(progress[-1].startswith("iteration 4000/4000  batch-loss "))
        self.assertTrue(out.rstrip().endswith("Validation Accuracy: 100.000000\n"
                                              "Test Accuracy: 100.000000"), out[-200:])

    def test_softmax_progress_shows_the_training_s_own_batch_loss(self):
        from nn_pure.cli.train_runs import builtin_splits
        from nn_pure.rng import RNG
        from nn_pure.training import train_tutorial_b
        status, out, _ = call_main(main, ["--model", "softmax", "--seed", "3",
                                          "--iterations", "300", "--report-every", "100"])
        _, history, _ = train_tutorial_b(3, iterations=300, splits=builtin_splits("toy", RNG(4)))
        self.assertEqual(status, 0)
        lines = [l for l in out.splitlines() if l.startswith("iteration")]
        self.assertEqual(len(lines), 3)             # else the loop below could check nothing
        for line, iteration in zip(lines, (100, 200, 300)):
            self.assertIn("iteration %d/300  batch-loss %.4f  "
                          % (iteration, history["loss"][iteration - 1]), line)

    def test_softmax_json_has_final_accuracies(self):
        status, out, _ = call_main(main, ["--model", "softmax", "--json", "--iterations", "2000",
                                          "--batch-size", "2", "--learn-rate", "0.1"])
        run = json.loads(out)
        self.assertEqual((run["iterations"], run["batch_size"], run["learn_rate"]), (2000, 2, 0.1))
        self.assertEqual(len(run["loss_history"]), 2000)
        self.assertIn("val_accuracy", run)
        self.assertIn("test_accuracy", run)
        self.assertEqual(len(run["parameters"]["W"]), 4)

    def test_mlp_learns_xor_from_the_command_line(self):
        status, out, _ = call_main(main, ["--model", "mlp", "--hidden", "8", "--dataset", "xor"])
        self.assertEqual(status, 0)
        self.assertIn("an MLP 2-8-2 (tanh) on the xor data, classification", out)
        self.assertRegex(out, r"epoch 200/200  batch-loss \d\.\d{4}  val-loss \d\.\d{4}  "
                              r"val-acc 1\.000")
        self.assertIn("batch-loss per epoch, each column the mean of 3 or 4 epochs", out)
        self.assertIn("validation: accuracy 1.000 (20 of 20)", out)
        self.assertIn("test:       accuracy 1.000 (20 of 20)", out)

    def test_mlp_json_two_hidden_layers(self):
        status, out, _ = call_main(main, ["--model", "mlp", "--hidden", "6,4", "--json",
                                          "--epochs", "20", "--activation", "relu"])
        run = json.loads(out)
        self.assertEqual(run["sizes"], [4, 6, 4, 2])
        self.assertEqual(len(run["parameters"]), 3)
        self.assertEqual(len(run["loss_history"]), 20)
        self.assertTrue(0.0 <= run["test_accuracy"] <= 1.0)

    def test_flags_that_do_not_fit_the_model(self):
        cases = [(["--model", "softmax", "--epochs", "5"], "counts --iterations, not --epochs"),
                 (["--model", "mlp", "--iterations", "5"], "counts --epochs, not --iterations"),
                 (["--dataset", "xor"], "--model network trains on the four people"),
                 (["--model", "mlp", "--hidden", "8,x"], "--hidden is '8,x'"),
                 (["--model", "mlp", "--batch-size", "0"], "--batch-size is 0 but must be at least 1"),
                 (["--model", "softmax", "--dataset", "people"], "--dataset people is for --model network")]
        for argv, message in cases:
            with self.subTest(argv=argv):
                status, out, err = call_main(main, argv)
                self.assertEqual((status, out), (2, ""))
                self.assertIn(message, err)
                self.assertEqual(len(err.splitlines()), 1)


class TestTutorialBPictures(unittest.TestCase):
    def test_the_loss_curve_of_tutorial_b_is_drawn(self):
        # Regression: Tutorial B's losses are an array of doubles, which the SVG's
        # concatenation with the validation curve refused.
        import os
        import tempfile
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "curve.svg")
            status, _, err = call_main(main, ["--model", "softmax", "--iterations", "200",
                                              "--plot", path, "--quiet"])
            self.assertEqual((status, err), (0, ""))
            with open(path, encoding="utf-8") as f:
                self.assertIn("<svg", f.read())
