import unittest

from nn_pure import argmax, matmul, transpose


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
