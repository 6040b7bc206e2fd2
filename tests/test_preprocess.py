import math
import statistics
import unittest
from fractions import Fraction

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

    def test_constant_column_keeps_its_value_as_the_mean(self):
        # Regression: 0.1 + 0.1 + 0.1 is 0.30000000000000004, so the mean was
        # 0.10000000000000002, std 1.4e-17, and the column standardized to -1, not 0.
        s = Standardizer.fit([[0.1], [0.1], [0.1]])
        self.assertEqual((s.mean, s.std), ([0.1], [1.0]))
        self.assertEqual(s.transform([[0.1]]), [[0.0]])

    def test_ordinary_columns_match_statistics(self):
        # Property: mean and population std agree with CPython's statistics module.
        rng = RNG(7)
        X = [[rng.normal() * 3.0 + 10.0, rng.normal() * 1e-5] for _ in range(40)]
        s = Standardizer.fit(X)
        for j in (0, 1):
            column = [row[j] for row in X]
            self.assertAlmostEqual(s.mean[j], statistics.mean(column), delta=1e-14 * abs(s.mean[j]))
            self.assertAlmostEqual(s.std[j], statistics.pstdev(column), delta=1e-14 * s.std[j])


class TestStandardizerExtremes(unittest.TestCase):
    """Issue 10: any finite column standardizes, e.g. features near +-1e308."""

    def check_column(self, column):
        # Against exact arithmetic: the mean as a fraction, the std from the exact variance.
        exact_mean = sum(Fraction(x) for x in column) / len(column)
        exact_var = sum((Fraction(x) - exact_mean) ** 2 for x in column) / len(column)
        s = Standardizer.fit([[x] for x in column])
        mean, std = s.mean[0], s.std[0]
        self.assertAlmostEqual(mean, float(exact_mean), delta=1e-15 * max(abs(x) for x in column))
        # sqrt of a huge or tiny fraction: compare the squares' ratio, which is moderate.
        self.assertAlmostEqual(float(Fraction(std) ** 2 / exact_var), 1.0, places=13)
        Z = s.transform([[x] for x in column])
        for row, x in zip(Z, column):
            self.assertTrue(math.isfinite(row[0]), "transform(%r) gave %r" % (x, row[0]))
        z = [row[0] for row in Z]          # standardized: mean 0, std 1
        self.assertAlmostEqual(statistics.mean(z), 0.0, places=12)
        self.assertAlmostEqual(statistics.pstdev(z), 1.0, places=12)
        return s

    def test_values_near_plus_minus_1e308(self):
        # Before: the sum overflowed and fit() said "mean is inf; remove NaN ...".
        s = self.check_column([1e308, -1e308, 5e307])
        self.assertEqual(s.mean, [5e307 / 3])

    def test_largest_floats(self):
        largest = 1.7976931348623157e308
        self.check_column([largest, -largest])
        self.check_column([-largest, largest, largest])
        self.check_column([largest, largest, largest, 0.999 * largest])

    def test_tiny_values_whose_squares_underflow(self):
        # Before: the squares underflowed to 0, std became 1 and both values mapped to 0.
        s = self.check_column([1e-300, 2e-300])
        self.assertEqual((s.mean, s.std), ([1.5e-300], [5e-301]))

    def test_huge_and_ordinary_values_mixed(self):
        s = self.check_column([1e308, 1.0])
        self.assertEqual(s.transform([[1e308], [1.0]]), [[1.0], [-1.0]])
        self.check_column([1e154, 3e154, -2e155])     # squares overflow past 1e154

    def test_constant_huge_column_becomes_zeros(self):
        s = Standardizer.fit([[1e308, -3e307]] * 3)
        self.assertEqual((s.mean, s.std), ([1e308, -3e307], [1.0, 1.0]))
        self.assertEqual(s.transform([[1e308, -3e307]]), [[0.0, 0.0]])

    def test_transform_stays_finite_where_x_minus_mean_overflows(self):
        # 1e308 - (-1e308) is inf, but (x - mean) / std is about 1.
        s = Standardizer([-1e308], [1.5e308])
        self.assertAlmostEqual(s.transform([[1e308]])[0][0], 2.0 / 1.5, places=15)
        self.assertAlmostEqual(s.transform_value(1e308, 0), 2.0 / 1.5, places=15)
        self.assertEqual(s.inverse_value(2.0 / 1.5, 0), 1e308)

    def test_value_beyond_float_range_after_scaling_says_so(self):
        s = Standardizer.fit([[0.0], [1e-300]])
        with self.assertRaisesRegex(ValueError, "value 1e\\+300 in row 1, column 0.*check this "
                                                "value"):
            s.transform([[0.0], [1e300]])

    def test_the_smallest_std_says_so_rather_than_divide_by_zero(self):
        # A model file may hold std 5e-324; halving it gives 0 (the old fallback divided
        # by that and raised ZeroDivisionError).
        s = Standardizer([0.0], [5e-324])
        with self.assertRaisesRegex(ValueError, "value 5.1 in row 0, column 0 is more than the "
                                                "largest float of standard deviations"):
            s.transform([[5.1]])
        self.assertEqual(s.transform([[0.0]]), [[0.0]])

    def test_subnormal_spread_says_what_to_do(self):
        # std of [5e-324, 1e-323] is 2.5e-324, below the smallest positive float.
        with self.assertRaisesRegex(ValueError, "column 0's standard deviation is below the "
                                                "smallest positive float.*multiply the column"):
            Standardizer.fit([[5e-324], [1e-323]])

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
