import unittest

from nn_pure import Neuron, dot


class TestDot(unittest.TestCase):
    def test_tutorial_weighted_sum(self):
        # Tutorial A: w = [0, 1] against x = [2, 3] is 3.
        self.assertEqual(dot([0, 1], [2, 3]), 3)
        self.assertEqual(dot([1.5, -2.0, 4.0], [2.0, 0.5, 0.25]), 3.0)

    def test_length_mismatch_is_named(self):
        with self.assertRaisesRegex(ValueError, "a has 2 values but b has 3"):
            dot([1, 2], [1, 2, 3])


class TestNeuron(unittest.TestCase):
    def test_tutorial_neuron(self):
        # Tutorial A: w = [0, 1], b = 4, x = [2, 3] -> 0.9990889488055994.
        self.assertAlmostEqual(Neuron([0, 1], 4).feedforward([2, 3]), 0.9990889488055994,
                               delta=1e-15)

    def test_wrong_input_length(self):
        with self.assertRaisesRegex(ValueError, r"Neuron.feedforward\(\): inputs has 3 values but 2"):
            Neuron([0, 1], 4).feedforward([1, 2, 3])

    def test_bad_values(self):
        with self.assertRaisesRegex(ValueError, r"inputs\[1\] is nan"):
            Neuron([0, 1], 4).feedforward([1, float("nan")])
        with self.assertRaisesRegex(TypeError, "bias must be a number, got str"):
            Neuron([0, 1], "4")
        with self.assertRaisesRegex(TypeError, "weights must be a list of numbers"):
            Neuron(7, 4)
