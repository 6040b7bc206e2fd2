import unittest

from nn_pure import RNG, argmax, matmul, transpose
from nn_pure.matrix import blocked_dots, dots


class TestMatmul(unittest.TestCase):
    def test_small_product_by_hand(self):
        # (2x3)(3x2): C[0][0] = 1*7 + 2*9 + 3*11 = 58, and so on.
        A = [[1, 2, 3], [4, 5, 6]]
        B = [[7, 8], [9, 10], [11, 12]]
        self.assertEqual(matmul(A, B), [[58, 64], [139, 154]])

    def test_identity_and_transpose_rule(self):
        # Properties: A I = A, and (A B)^T = B^T A^T.
        A = [[1.5, -2.0], [0.25, 4.0], [3.0, 1.0]]
        B = [[2.0, 0.5, -1.0], [1.0, 3.0, 0.0]]
        self.assertEqual(matmul(A, [[1, 0], [0, 1]]), A)
        self.assertEqual(transpose(matmul(A, B)), matmul(transpose(B), transpose(A)))

    def test_mismatched_inner_sizes_names_both_shapes(self):
        with self.assertRaisesRegex(ValueError, r"A is 2x3 and B is 2x2; A's columns \(3\) "
                                                r"must equal B's rows \(2\)"):
            matmul([[1, 2, 3], [4, 5, 6]], [[1, 2], [3, 4]])

    def test_ragged_rows(self):
        with self.assertRaisesRegex(ValueError, "ragged: row 0 has 2 values but row 1 has 1"):
            matmul([[1, 2], [3]], [[1], [2]])
        with self.assertRaisesRegex(ValueError, "ragged"):
            transpose([[1, 2], [3, 4, 5]])


class TestTransposeAndArgmax(unittest.TestCase):
    def test_transpose(self):
        self.assertEqual(transpose([[1, 2, 3]]), [[1], [2], [3]])
        self.assertEqual(transpose(transpose([[1, 2], [3, 4]])), [[1, 2], [3, 4]])

    def test_argmax_first_of_ties(self):
        self.assertEqual(argmax([0.2, 0.5, 0.1]), 1)
        self.assertEqual(argmax([3, 1, 3]), 0)
        with self.assertRaisesRegex(ValueError, "empty"):
            argmax([])


class TestBlockedDots(unittest.TestCase):
    def test_same_bits_as_the_plain_loops_for_every_remainder(self):
        # Property: four outputs per pass change the speed, not one bit of any sum:
        # widths 1..9 cover blocks of four with remainders 0, 1, 2 and 3.
        rng = RNG(5)
        for n_columns in range(1, 10):
            for inner in (1, 3, 8):
                rows = [[rng.normal() for _ in range(inner)] for _ in range(3)]
                columns = [[rng.normal() * 1e3 for _ in range(inner)] for _ in range(n_columns)]
                with self.subTest(n_columns=n_columns, inner=inner):
                    self.assertEqual(blocked_dots(rows, columns), dots(rows, columns))
                    # and as matmul, the teaching version, computes them (its B is columns^T)
                    self.assertEqual(blocked_dots(rows, columns),
                                     matmul(rows, transpose(columns)))

    def test_starts_are_added_first(self):
        # y_j = b_j + x . w_j, with b_j first: (b + x0 w0) + x1 w1, not b + (x0 w0 + x1 w1).
        # 1e16 + 1.0 + 1.0 loses both ones; 1e16 + 2.0 keeps them.
        self.assertEqual(blocked_dots([[1.0, 1.0]], [[1.0, 1.0]] * 5, [1e16] * 5),
                         [[1e16] * 5])
        self.assertEqual(blocked_dots([[1.0, 1.0]], [[1.0, 1.0]] * 5), [[2.0] * 5])
