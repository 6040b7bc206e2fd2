"""Every script in examples/ runs and prints what its docstring promises."""
import contextlib
import io
import os
import runpy
import sys
import unittest

from nn_pure.training import train_tutorial_b
from tests.helpers import ROOT, run_python

# script -> lines (or parts of lines) it must print.  Tutorial A's figures are
# docs/reference.md's; the others (seeded weights, Tutorial B's gradients, the accuracies)
# were recorded from these seeded scripts and are stated in their docstrings or, for
# tutorial_b_1 and tutorial_b_3, follow from RNG(0)'s fixed draws.
PROMISES = {
    "tutorial_a_1_neuron.py": ["w . x + b = 7", "sigmoid(7) = 0.9990889488055994"],
    "tutorial_a_2_feedforward.py": ["h1 = 0.9525741268224334", "h2 = 0.9525741268224334",
                                    "o1 = 0.7216325609518421",
                                    "NeuralNetwork(...).feedforward([2, 3]) = 0.7216325609518421",
                                    "the same number: True"],
    "tutorial_a_3_mse_loss.py": ["mse_loss([1, 0, 0, 1], [0, 0, 0, 0]) = 0.5"],
    "tutorial_a_4_backprop_by_hand.py": ["d_L_d_ypred   = -0.95260965183200", "d_L_d_w1      = 0.0214695352658111",
                                         "d_ypred_d_h1  = 0.249438538725128", "d_h1_d_w1     = -0.0903533194618242",
                                         "finite difference of L in w1 = 0.0214695353"],
    "tutorial_a_5_train_and_predict.py": ["epoch   1  loss 0.2887", "epoch 1000  loss 0.0024",
                                          "Emily: 0.949  F", "Frank: 0.040  M"],
    "tutorial_b_1_linear_layer.py": ["[ -1.8839   0.2276]", "equal to matmul(X, W) + b: True"],
    "tutorial_b_2_softmax_and_loss.py": ["softmax([2, 0]) = [0.8808, 0.1192]",
                                         "loss if the class is 0: 0.1269",
                                         "loss if the class is 1: 2.1269",
                                         "softmax([1000, -1000]) = [1.0, 0.0]",
                                         "loss of a confident mistake: 2000.0"],
    "tutorial_b_3_backward_by_hand.py": ["db = [-0.409810  0.409810]",
                                         "dW[2][1] by hand -0.0469620949, by finite difference "
                                         "-0.0469620949"],
    "tutorial_b_4_training_regime.py": ["iteration 4000  validation accuracy 100%",
                                        "Test accuracy: 100%"],
    "own_data_iris.py": ["task: classification; classes: setosa, versicolor, virginica",
                         "test accuracy: 1.000", "a flower [5.9, 3.0, 5.1, 1.8] is virginica",
                         "loaded model agrees bit for bit: True"],
    "mlp_learns_xor.py": ["linear softmax [2, 2]  train  48%", "MLP [2, 4, 2]          train 100%  test 100%"],
}


class TestExamples(unittest.TestCase):
    def test_every_example_is_checked(self):
        scripts = sorted(f for f in os.listdir(os.path.join(ROOT, "examples")) if f.endswith(".py"))
        self.assertEqual(scripts, sorted(PROMISES))

    def test_examples_print_their_promises(self):
        for script, promises in sorted(PROMISES.items()):
            with self.subTest(script=script):
                status, out, err = run_python([os.path.join("examples", script)])
                self.assertEqual((status, err), (0, ""))
                for text in promises:
                    self.assertIn(text, out)


class TestTutorialBLoopWrittenOut(unittest.TestCase):
    def test_written_out_loop_prints_what_train_tutorial_b_computes(self):
        # Issue 15: examples/tutorial_b_4_training_regime.py spells out the loop that
        # train_tutorial_b(seed=0) runs; every accuracy it prints, and its trained
        # weights, must be train_tutorial_b's, line for line.
        expected = []

        def report(kind, iteration, value):
            if kind == "val":
                expected.append("iteration %4d  validation accuracy %.0f%%" % (iteration, 100 * value))
            elif iteration % 1000 == 0:
                expected.append("iteration %4d  training batch accuracy %.0f%%"
                                % (iteration, 100 * value))

        model, history, test_accuracy = train_tutorial_b(seed=0, report=report)
        expected.append("Test accuracy: %.0f%%" % (100 * test_accuracy))
        expected.append("W after training (one row per feature, one column per class):")
        for W_row in model.linears[0].W:
            expected.append("  [%8.4f %8.4f]" % tuple(W_row))

        out, saved_path = io.StringIO(), list(sys.path)
        try:
            with contextlib.redirect_stdout(out):   # in this process: no second interpreter
                runpy.run_path(os.path.join(ROOT, "examples", "tutorial_b_4_training_regime.py"),
                               run_name="__main__")
        finally:
            sys.path[:] = saved_path                # the script puts the checkout first
        self.assertEqual(out.getvalue().splitlines(), expected)
        self.assertEqual(len(expected), 18)     # 4 batch, 8 validation, test, heading, 4 rows of W
