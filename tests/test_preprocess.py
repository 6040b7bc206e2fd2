import unittest

from nn_pure import RNG
from nn_pure.preprocess import Standardizer, split_indices


class TestStandardizer(unittest.TestCase):
    def test_training_columns_get_mean_0_and_std_1(self):
        rng = RNG(1)
        X = [[100.0 + 5 * rng.normal(), 0.01 * rng.normal(), 3.0] for _ in range(50)]
        s = Standardizer.fit(X)
        Z = s.transform(X)
        for j in (0, 1):
            column = [row[j] for row in Z]
            mean = sum(column) / len(column)
            self.assertAlmostEqual(mean, 0.0, places=12)
            self.assertAlmostEqual(sum((z - mean) ** 2 for z in column) / len(column), 1.0,
                                   places=12)

    def test_constant_column_becomes_zero_not_nan(self):
        s = Standardizer.fit([[3.0, 1.0], [3.0, 2.0]])
        self.assertEqual(s.std[0], 1.0)
        self.assertEqual([row[0] for row in s.transform([[3.0, 1.0], [4.0, 9.0]])], [0.0, 1.0])

    def test_large_offset_keeps_precision(self):
        # The two-pass variance: E[x^2] - E[x]^2 would lose every digit here.
        s = Standardizer.fit([[1e9 + 1.0], [1e9 + 2.0], [1e9 + 3.0]])
        self.assertAlmostEqual(s.std[0], (2.0 / 3.0) ** 0.5, places=9)

    def test_inverse_undoes_transform(self):
        s = Standardizer([10.0], [4.0])
        self.assertEqual(s.inverse_value(s.transform_value(18.0, 0), 0), 18.0)

    def test_rejects_non_positive_std(self):
        with self.assertRaisesRegex(ValueError, r"std\[0\] is 0.0"):
            Standardizer([0.0], [0.0])


class TestSplit(unittest.TestCase):
    def test_stratified_keeps_every_class_in_every_split(self):
        # Property: with at least three rows per class, every class appears in all three parts.
        for seed in range(20):
            rng = RNG(seed)
            y = [0] * 3 + [1] * 7 + [2] * 12
            train, val, test = split_indices(y, 0.2, 0.2, rng, True)
            self.assertEqual(sorted(train + val + test), list(range(len(y))))
            for part in (train, val, test):
                self.assertEqual({y[i] for i in part}, {0, 1, 2})

    def test_stratified_keeps_proportions(self):
        y = ["a"] * 50 + ["b"] * 50 + ["c"] * 50
        train, val, test = split_indices(y, 0.2, 0.2, RNG(0), True)
        self.assertEqual((len(train), len(val), len(test)), (90, 30, 30))
        for part, each in ((train, 30), (val, 10), (test, 10)):
            self.assertEqual([sum(1 for i in part if y[i] == c) for c in "abc"], [each] * 3)

    def test_says_so_when_a_class_is_too_small(self):
        with self.assertRaisesRegex(ValueError, "class 'rare' has only 2 row.*at least 3 rows"):
            split_indices(["common"] * 10 + ["rare"] * 2, 0.2, 0.2, RNG(0), True)
        # With no test set, two rows are enough: one to train on, one to validate.
        train, val, test = split_indices(["common"] * 10 + ["rare"] * 2, 0.2, 0.0, RNG(0), True)
        self.assertEqual(test, [])

    def test_seeded_and_unstratified(self):
        y = [float(v) for v in range(20)]
        a = split_indices(y, 0.25, 0.25, RNG(3), False)
        self.assertEqual(a, split_indices(y, 0.25, 0.25, RNG(3), False))
        self.assertNotEqual(a, split_indices(y, 0.25, 0.25, RNG(4), False))
        self.assertEqual([len(part) for part in a], [10, 5, 5])

    def test_bad_fractions(self):
        with self.assertRaisesRegex(ValueError, "val_fraction is 1.5"):
            split_indices([0, 1], 1.5, 0.0, RNG(0), False)
        with self.assertRaisesRegex(ValueError, "leaves no rows to train on"):
            split_indices([0, 1], 0.5, 0.5, RNG(0), False)
