"""Every script in examples/ runs and prints what its docstring promises."""
import os
import unittest

from tests.helpers import ROOT, run_python

# script -> lines (or parts of lines) it must print
PROMISES = {
    "tutorial_a_1_neuron.py": ["w . x + b = 7", "sigmoid(7) = 0.9990889488055994"],
    "tutorial_a_2_feedforward.py": ["h1 = 0.9525741268224334", "o1 = 0.7216325609518421"],
    "tutorial_a_3_mse_loss.py": ["mse_loss([1, 0, 0, 1], [0, 0, 0, 0]) = 0.5"],
    "tutorial_a_4_backprop_by_hand.py": ["d_L_d_ypred   = -0.95260965183200", "d_L_d_w1      = 0.0214695352658111",
                                         "d_ypred_d_h1  = 0.249438538725128", "d_h1_d_w1     = -0.0903533194618242",
                                         "finite difference of L in w1 = 0.0214695353"],
    "tutorial_a_5_train_and_predict.py": ["epoch   0  loss 0.2887", "epoch 999  loss 0.0024",
                                          "Emily: 0.949  F", "Frank: 0.040  M"],
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
