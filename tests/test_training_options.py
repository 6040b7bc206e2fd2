"""Issue 12's training options end to end: optimizers through the seam, early stopping,
schedules, clipping, dropout, initialization, and resuming a saved run exactly."""
import json
import os
import shutil
import tempfile
import unittest

from nn_pure import MLP, RNG, Adam, SGD, make_xor, train_epochs
from nn_pure.activations import init_scale
from nn_pure.train import main as train_main

from tests.helpers import ROOT, call_main

IRIS = os.path.join(ROOT, "examples", "data", "iris.csv")


class TestEarlyStopping(unittest.TestCase):
    def test_the_best_epoch_is_restored_when_validation_loss_rises_after_it(self):
        # Validation labels are the opposite of the training labels, so every epoch of
        # learning makes the validation loss worse: epoch 1 is the best, and with
        # patience 3 training stops after epoch 4 with epoch 1's weights put back.
        rng = RNG(2)
        X, y = make_xor(40, rng)
        model = MLP([2, 6, 2], rng=rng)
        history = train_epochs(model, X, y, epochs=50, batch_size=4, learn_rate=0.3, rng=rng,
                               X_val=X, y_val=[1 - label for label in y], patience=3,
                               restore_best=True)
        self.assertEqual(history["best_epoch"], 1)
        self.assertEqual(history["stopped_epoch"], 4)
        self.assertEqual(len(history["val_loss"]), 4)
        self.assertLess(history["val_loss"][0], min(history["val_loss"][1:]))
        self.assertEqual(model.batch_loss(X, [1 - label for label in y], training=False),
                         history["val_loss"][0])

    def test_patience_needs_validation_rows(self):
        with self.assertRaisesRegex(ValueError, "early stopping watches the validation loss"):
            train_epochs(MLP([2, 2]), [[0.0, 1.0]], [0], patience=2)


class TestOptionsInTheLoop(unittest.TestCase):
    def setUp(self):
        rng = RNG(0)
        self.X, self.y = make_xor(40, rng)

    def train(self, **options):
        rng = RNG(1)
        model = MLP([2, 6, 2], rng=rng, dropout=options.pop("dropout", 0.0))
        history = train_epochs(model, self.X, self.y, epochs=60, batch_size=4, rng=rng,
                               **options)
        return model, history

    def test_adam_through_the_seam_learns(self):
        model, history = self.train(optimizer=Adam(0.05))
        self.assertLess(history["loss"][-1], history["loss"][0] / 4)

    def test_a_schedule_sets_each_epochs_rate(self):
        rates = []
        optimizer = SGD(0.1)

        def schedule(epoch):
            rates.append(epoch)
            return 0.1 / epoch
        self.train(optimizer=optimizer, schedule=schedule)
        self.assertEqual(rates, list(range(1, 61)))
        self.assertEqual(optimizer.learn_rate, 0.1 / 60)

    def test_clipping_changes_the_run_and_plain_sgd_is_unchanged_by_a_huge_clip(self):
        plain = self.train(learn_rate=0.3)[0].parameters()
        huge = self.train(learn_rate=0.3, clip_norm=1e9)[0].parameters()
        tight = self.train(learn_rate=0.3, clip_norm=0.01)[0].parameters()
        self.assertEqual(plain, huge)
        self.assertNotEqual(plain, tight)

    def test_dropout_trains_but_predicts_without_dropping(self):
        model, history = self.train(learn_rate=0.3, dropout=0.3)
        self.assertEqual(model.predict(self.X), model.predict(self.X))     # no random masks
        self.assertIn("Dropout", [type(layer).__name__ for layer in model.layers])
        self.assertLess(history["loss"][-1], history["loss"][0])

    def test_initial_spread_follows_the_activation(self):
        # He for ReLU, Glorot for tanh: the draws are standard normals times init_scale.
        for activation in ("relu", "tanh"):
            with self.subTest(activation=activation):
                rng = RNG(3)
                model = MLP([20, 10, 2], activation=activation, rng=RNG(3))
                first = rng.normal() * init_scale(activation, 20, 10)
                self.assertEqual(model.linears[0].W[0][0], first)


class TestResume(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.folder)

    def run_train(self, *argv):
        status, out, err = call_main(train_main, ["--data", IRIS, "--target", "species",
                                                  "--quiet"] + list(argv))
        self.assertEqual((status, err), (0, ""))

    def layers(self, name):
        with open(os.path.join(self.folder, name)) as f:
            return json.load(f)["layers"]

    def test_ten_epochs_saved_and_ten_more_equal_twenty_bit_for_bit(self):
        for optimizer in (["--optimizer", "sgd", "--momentum", "0.9"],
                          ["--optimizer", "adam", "--learn-rate", "0.01"]):
            with self.subTest(optimizer=optimizer[1]):
                first, resumed, straight = (os.path.join(self.folder, name)
                                            for name in ("10.json", "10+10.json", "20.json"))
                # --keep-last: with the best epoch kept (issue 13's default), a saved
                # model is not where training stopped.
                optimizer = optimizer + ["--keep-last"]
                self.run_train("--epochs", "10", "--save", first, *optimizer)
                self.run_train("--init", first, "--epochs", "10", "--save", resumed,
                               *optimizer)
                self.run_train("--epochs", "20", "--save", straight, *optimizer)
                self.assertEqual(self.layers("10+10.json"), self.layers("20.json"))
                self.assertNotEqual(self.layers("10.json"), self.layers("20.json"))

    def test_a_resumed_run_numbers_its_epochs_on_from_the_saved_ones(self):
        # Hostile-user trial: 3 epochs after 5 showed "epoch 6/3 ... remaining -0.0s".
        model = os.path.join(self.folder, "m.json")
        self.run_train("--epochs", "5", "--save", model)
        status, out, err = call_main(train_main, ["--data", IRIS, "--target", "species",
                                                  "--init", model, "--epochs", "3",
                                                  "--report-every", "1"])
        self.assertEqual((status, err), (0, ""))
        progress = [line for line in out.splitlines() if line.startswith("epoch ")]
        self.assertEqual([line.split()[1] for line in progress], ["6/8", "7/8", "8/8"])
        self.assertNotIn("remaining -", out)
        self.assertRegex(out, r"\n +6 8\n +epoch\n")          # the chart's axis too
        status, out, err = call_main(train_main, ["--data", IRIS, "--target", "species",
                                                  "--init", model, "--epochs", "3", "--json"])
        run = json.loads(out)
        self.assertEqual((run["first_epoch"], run["last_epoch"], len(run["loss_history"])),
                         (6, 8, 3))

    def test_the_time_left_counts_this_runs_epochs(self):
        from io import StringIO
        from nn_pure.cli.progress import Progress
        stream, times = StringIO(), iter([0.0, 1.0, 2.0, 3.0])
        progress = Progress(3, stream, interactive=False, every=1, first=6,
                            clock=lambda: next(times))
        for epoch in (6, 7, 8):
            progress.update(epoch, "loss 0.5")
        self.assertEqual(stream.getvalue().splitlines(),
                         ["epoch 6/8  loss 0.5  elapsed 1.0s  remaining 2.0s",
                          "epoch 7/8  loss 0.5  elapsed 2.0s  remaining 1.0s",
                          "epoch 8/8  loss 0.5  elapsed 3.0s  remaining 0.0s"])

    def test_a_model_trained_without_standardization_goes_on_without_it(self):
        # A model of built-in data (saved with standardization null) resumed on a table
        # crashed with AttributeError: the run looked for the file's standardizer.
        model = os.path.join(self.folder, "xor.json")
        status, _, err = call_main(train_main, ["--dataset", "xor", "--model", "mlp", "--quiet",
                                                "--save", model])
        self.assertEqual((status, err), (0, ""))
        table = os.path.join(self.folder, "xor.csv")
        rng = RNG(1)
        with open(table, "w") as f:
            f.write("x1,x2,label\n")
            for _ in range(40):
                a, b = rng.normal(), rng.normal()
                f.write("%r,%r,%d\n" % (a, b, (a > 0) != (b > 0)))
        status, _, err = call_main(train_main, ["--data", table, "--target", "label", "--quiet",
                                                "--optimizer", "sgd", "--init", model,
                                                "--epochs", "2", "--save", model + "2"])
        self.assertEqual((status, err), (0, ""))
        with open(model + "2") as f:
            self.assertIsNone(json.load(f)["standardization"])

    def test_a_model_for_other_columns_is_refused(self):
        model = os.path.join(self.folder, "m.json")
        self.run_train("--epochs", "2", "--save", model)
        other = os.path.join(self.folder, "other.csv")
        with open(IRIS) as f, open(other, "w") as g:
            g.write(f.read().replace("sepal_length", "sepal_len", 1))
        status, _, err = call_main(train_main, ["--data", other, "--target", "species",
                                                "--init", model])
        self.assertEqual(status, 2)
        self.assertIn("was trained on the columns sepal_length", err)


class TestResumeRefusals(unittest.TestCase):
    """--init checks the whole file against the run before any training (review findings
    3 and 4): a damaged state names its key, a contradicting flag is refused."""

    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.mkdtemp()
        cls.model = os.path.join(cls.folder, "m.json")
        status, _, err = call_main(train_main, ["--data", IRIS, "--target", "species",
                                                "--quiet", "--epochs", "2", "--save", cls.model])
        assert (status, err) == (0, ""), err
        with open(cls.model) as f:
            cls.document = json.load(f)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.folder)

    def refused(self, path, *argv, data=IRIS):
        status, out, err = call_main(train_main, ["--data", data, "--target", "species",
                                                  "--quiet", "--epochs", "1", "--init", path]
                                     + list(argv))
        self.assertEqual((status, out), (2, ""))
        self.assertEqual(len(err.splitlines()), 1, err)
        return err

    def test_a_damaged_optimizer_or_random_state_is_refused_naming_its_key(self):
        def set_in(keys, value):
            def edit(training):
                place = training
                for key in keys[:-1]:
                    place = place[key]
                place[keys[-1]] = value
            return edit
        state = ["optimizer_state"]
        for n, (edit, key) in enumerate((
                (set_in(state + ["betas"], [0.9]), "training.optimizer_state.betas: "),
                (set_in(state + ["slots", "v", 1, 0], -1.0),
                 "training.optimizer_state.slots.v: "),
                (set_in(state + ["slots", "m", 1, 0], "x"), "training.optimizer_state.slots.m: "),
                (set_in(state + ["step"], "7"), "training.optimizer_state.step: "),
                (set_in(state + ["optimizer"], "Foo"), "training.optimizer_state.optimizer: "),
                (set_in(state + ["optimizer"], "SGD"), "training.optimizer_state: "),
                (set_in(["rng_state"], "x"), "training.rng_state: "),
                (set_in(["rng_state"], 5), "training.rng_state: "))):
            with self.subTest(n=n, key=key):
                document = json.loads(json.dumps(self.document))
                edit(document["training"])
                path = os.path.join(self.folder, "BAD.json")
                with open(path, "w") as f:
                    json.dump(document, f)
                err = self.refused(path)
                self.assertIn("error: %s, key %s" % (path, key), err)
                self.assertNotIn("iris.csv", err)

    def edited(self, edit):
        """The path of a copy of the saved model whose training record edit() changed."""
        document = json.loads(json.dumps(self.document))
        edit(document["training"])
        path = os.path.join(self.folder, "EDITED.json")
        with open(path, "w") as f:
            json.dump(document, f)
        return path

    def test_edited_epoch_counts_and_hyperparameters_are_refused_naming_their_key(self):
        # Hostile-user trial: last_epoch -5 silently started again at 1, 1e9 printed
        # "epoch 1000000001/3", and a weight decay of 1e308 was carried on.
        def setter(key, value):
            return lambda training: training.update({key: value})

        def decay(training):
            training["optimizer_state"]["weight_decay"] = 1e308
        for edit, words in (
                (setter("last_epoch", -5), "key training.last_epoch: is -5, but a saved run's "
                                           "last epoch is null or a whole number from 0 to "
                                           "1000000"),
                (setter("last_epoch", 10 ** 9), "key training.last_epoch: is 1000000000"),
                (setter("last_epoch", True), "key training.last_epoch: is True"),
                (setter("last_epoch", 2.0), "key training.last_epoch: is 2.0"),
                (setter("best_epoch", 10 ** 9), "key training.best_epoch: is 1000000000, but "
                                                "a saved run's best epoch is null or a whole "
                                                "number from 1 to training.last_epoch (2)"),
                (setter("best_epoch", 0), "key training.best_epoch: is 0"),
                (setter("last_epoch", 1000000), "stopped after epoch 1000000, and --epochs 1 "
                                                "would go on past epoch 1000000"),
                (decay, "key training.optimizer_state.weight_decay: weight_decay 1e+308 times "
                        "learn_rate 0.01 is 1e+306, but must stay below 1")):
            with self.subTest(words=words):
                err = self.refused(self.edited(edit))
                self.assertIn(words, err)
                self.assertIn("EDITED.json", err)

    def test_an_optimizer_that_starts_fresh_says_so(self):
        def fresh(edit, *argv):
            status, out, err = call_main(train_main, ["--data", IRIS, "--target", "species",
                                                      "--quiet", "--epochs", "1", "--init",
                                                      self.edited(edit)] + list(argv))
            self.assertEqual(status, 0, err)
            self.assertEqual(len(err.splitlines()), 1, err)
            return err
        err = fresh(lambda training: None, "--optimizer", "sgd")
        self.assertEqual(err, "nn_pure.train: note: --init %s saved Adam's optimizer state, but "
                              "this run uses SGD, which starts fresh (give --optimizer adam to "
                              "go on with the saved state)\n" % self.edited(lambda t: None))
        for edit, why in ((lambda training: training.update(optimizer_state=None), "null"),
                          (lambda training: training.pop("optimizer_state"), "missing"),
                          (lambda training: training.clear(), "missing")):
            with self.subTest(why=why):
                self.assertIn("holds no optimizer state (training.optimizer_state is %s), so "
                              "Adam starts fresh" % why, fresh(edit))
        status, _, err = call_main(train_main, ["--data", IRIS, "--target", "species",
                                                "--quiet", "--epochs", "1", "--init",
                                                self.model])
        self.assertEqual((status, err), (0, ""))        # the saved state goes on: no note

    def test_divergence_after_resuming_names_the_model_file(self):
        # Hostile-user trial: an Adam moment of 1e308 made the loss nan, and the message
        # blamed the learning rate alone.
        def huge_moment(training):
            training["optimizer_state"]["slots"]["m"][0][0][0] = 1e308
        path = self.edited(huge_moment)
        err = self.refused(path)
        self.assertIn("training diverged", err)
        self.assertIn("or the cause is --init %s, whose weights and optimizer state this run "
                      "went on from (was it edited?)" % path, err)

    def test_flags_that_contradict_the_saved_model_are_refused(self):
        for flag, value in (("--model", "softmax"), ("--hidden", "4"),
                            ("--activation", "relu")):
            with self.subTest(flag=flag):
                err = self.refused(self.model, flag, value)
                self.assertIn("but %s asks for %s" % (flag, value), err)
        status, _, err = call_main(train_main, ["--data", IRIS, "--target", "species",
                                                "--quiet", "--epochs", "1", "--init",
                                                self.model, "--hidden", "32"])
        self.assertEqual((status, err), (0, ""))      # agreeing with the file is fine

    def test_another_encoding_or_other_classes_are_named(self):
        err = self.refused(self.model, "--categorical", "sepal_width")
        self.assertIn("column 'sepal_width' is a number in the model but the categories", err)
        two = os.path.join(self.folder, "two.csv")
        with open(IRIS) as f, open(two, "w") as g:
            g.write("".join(line for line in f if "virginica" not in line))
        err = self.refused(self.model, data=two)
        self.assertIn("predicts the classes setosa, versicolor, virginica, but this data's "
                      "target has setosa, versicolor", err)


class TestFlags(unittest.TestCase):
    def test_flags_that_do_not_apply_are_refused(self):
        for argv, message in (
                (["--optimizer", "adam"], "keeps its tutorial's plain SGD"),
                (["--model", "softmax", "--patience", "3"], "Tutorial B's softmax run"),
                (["--model", "mlp", "--optimizer", "adam", "--momentum", "0.9"],
                 "--momentum applies to --optimizer sgd or rmsprop"),
                (["--model", "mlp", "--dropout", "1.0"], "--dropout is 1.0"),
                (["--model", "mlp", "--clip-norm", "0"], "--clip-norm 0 would stop"),
                (["--model", "mlp", "--weight-decay", "nan"], "--weight-decay is nan"),
                (["--model", "mlp", "--init", "m.json"], "--init goes on training")):
            with self.subTest(argv=argv):
                status, out, err = call_main(train_main, argv)
                self.assertEqual((status, out), (2, ""))
                self.assertIn(message, err)

    def test_a_weight_decay_that_throws_weights_past_zero_is_refused(self):
        # Hostile-user trial: --weight-decay 1e308 trained, diverged, and the message blamed
        # the learning rate.  lr * wd >= 1 flips every weight past zero at every step.
        for decay in ("1e308", "10"):
            with self.subTest(decay=decay):
                status, out, err = call_main(train_main, [
                    "--data", IRIS, "--target", "species", "--optimizer", "sgd",
                    "--weight-decay", decay])
                self.assertEqual((status, out), (2, ""))
                self.assertIn("--weight-decay %r with --learn-rate 0.1 would take" % float(decay),
                              err)
                self.assertIn("give a --weight-decay below 10 ", err)
        status, _, err = call_main(train_main, ["--data", IRIS, "--target", "species", "--quiet",
                                                "--optimizer", "sgd", "--weight-decay", "9.9",
                                                "--epochs", "1"])
        self.assertEqual(status, 0, err)

    def test_every_optimizer_holds_the_bound_and_divergence_names_the_decay(self):
        from nn_pure.optim import OPTIMIZERS
        for name, optimizer in sorted(OPTIMIZERS.items()):
            with self.subTest(optimizer=name):
                optimizer(0.1, weight_decay=9.99)
                with self.assertRaisesRegex(ValueError, r"weight_decay 10.0 times learn_rate "
                                                        r"0.1 is 1.0, but must stay below 1"):
                    optimizer(0.1, weight_decay=10.0)
        model = MLP([1, 8, 1], activation="relu", loss="mse", rng=RNG(0))
        X = [[float(i)] for i in range(10)]
        y = [1e6 * i for i in range(10)]
        with self.assertRaisesRegex(ValueError, r"with learn_rate 10.0 and weight_decay 0.05; "
                                                r"training diverged, so lower the learning "
                                                r"rate \(try 0.01\) or the weight decay"):
            train_epochs(model, X, y, epochs=50, batch_size=2,
                         optimizer=SGD(10.0, weight_decay=0.05))

    def test_the_training_record_holds_every_flag(self):
        status, out, _ = call_main(train_main, ["--data", IRIS, "--target", "species", "--json",
                                                "--optimizer", "adamw", "--learn-rate", "0.01",
                                                "--epochs", "15", "--patience", "5",
                                                "--schedule", "cosine", "--dropout", "0.1",
                                                "--clip-norm", "5"])
        self.assertEqual(status, 0)
        run = json.loads(out)
        for key, value in (("optimizer", "adamw"), ("schedule", "cosine"), ("dropout", 0.1),
                           ("clip_norm", 5.0), ("patience", 5)):
            self.assertEqual(run[key], value)
        self.assertIsInstance(run["best_epoch"], int)


class TestReport(unittest.TestCase):
    def test_the_report_says_which_epoch_was_kept(self):
        status, out, _ = call_main(train_main, ["--data", IRIS, "--target", "species", "--quiet",
                                                "--epochs", "60", "--patience", "5"])
        self.assertEqual(status, 0)
        self.assertRegex(out, r"kept the weights of epoch \d+, the lowest validation loss "
                              r"\(stopped after epoch \d+\)")


def resumable_with(**training):
    """A Pipeline for fit_pipeline(resume=) on make_xor's data, with this training record."""
    from nn_pure.pipeline import Pipeline
    pipeline = Pipeline(MLP([2, 2, 2], rng=RNG(0)), None, ["0", "1"])
    pipeline.training = training
    return pipeline


class TestPythonMistakes(unittest.TestCase):
    # What a learner tries after reading `--optimizer adam`: each says what to pass instead.
    def test_each_gets_a_message_that_says_what_to_pass(self):
        from nn_pure.fitting import fit_pipeline
        X, y = make_xor(8, RNG(0))
        for call, message in (
                (lambda: train_epochs(MLP([2, 2]), X, y, optimizer="adam"),
                 "optimizer must be an update rule"),
                (lambda: train_epochs(MLP([2, 2]), X, y, optimizer=Adam),
                 "optimizer must be an update rule"),
                (lambda: train_epochs(MLP([2, 2]), X, y, schedule="cosine"),
                 "schedule must be a function of the epoch"),
                (lambda: fit_pipeline(X, [str(t) for t in y], hidden=8),
                 "hidden must list the hidden layers' widths"),
                (lambda: fit_pipeline(X, [str(t) for t in y], resume="m.json"),
                 "resume must be a Pipeline"),
                (lambda: fit_pipeline(X, [str(t) for t in y], hidden=[2],
                                      resume=resumable_with(last_epoch=-5)),
                 r"the model to resume has training\['last_epoch'\] -5; it must count"),
                (lambda: MLP([2, 2], rng=5), r"rng must be nn_pure's RNG, such as RNG\(5\)"),
                (lambda: train_epochs(MLP([2, 2]), X, y, X_val=X),
                 "X_val is given but y_val is not")):
            with self.subTest(message=message):
                with self.assertRaisesRegex((TypeError, ValueError), message):
                    call()
