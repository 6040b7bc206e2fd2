"""Tests for nn_pure/classification_metrics.py, regression_metrics.py and metrics.py (the
reports): each metric against numbers worked out by hand.

The hand values were also checked once against scikit-learn 1.9 (accuracy_score,
balanced_accuracy_score, precision_recall_fscore_support(zero_division=0),
f1_score(average='macro'), log_loss, roc_auc_score, mean_squared_error,
mean_absolute_error, r2_score), which is not a dependency of these tests.
"""
import json
import math
import unittest

from nn_pure.checks import NNPureError
from nn_pure.classification_metrics import EPS, accuracy, balanced_accuracy, \
    confusion_matrix, log_loss, macro_f1, most_frequent_baseline, precision_recall_f1, roc_auc
from nn_pure.metrics import classification_report, regression_report
from nn_pure.regression_metrics import mae, mean_baseline_mse, mse, r2, rmse

# Three classes, six samples.  Confusion matrix counts[true][predicted]:
#   true 0: [2, 1, 0]   true 1: [0, 1, 1]   true 2: [1, 0, 0]
Y_TRUE = [0, 0, 0, 1, 1, 2]
Y_PRED = [0, 0, 1, 1, 2, 0]
# Regression: errors 0.5, -0.5, 0, -1; mean of y_true 2.875.
T = [3.0, -0.5, 2.0, 7.0]
P = [2.5, 0.0, 2.0, 8.0]


class TestClassificationByHand(unittest.TestCase):
    def test_accuracy(self):
        # 3 of 6 predictions are right.
        self.assertEqual(accuracy(Y_TRUE, Y_PRED), 0.5)

    def test_accuracy_is_symmetric_so_old_callers_keep_working(self):
        # The order changed from (y_pred, y_true) to (y_true, y_pred); equality does not care.
        self.assertEqual(accuracy(Y_PRED, Y_TRUE), accuracy(Y_TRUE, Y_PRED))

    def test_confusion_matrix(self):
        self.assertEqual(confusion_matrix(Y_TRUE, Y_PRED, 3), [[2, 1, 0], [0, 1, 1], [1, 0, 0]])

    def test_precision_recall_f1(self):
        # Class 0: TP 2, FP 1, FN 1 -> 2/3, 2/3, 4/6.  Class 1: TP 1, FP 1, FN 1 -> 1/2 each.
        # Class 2: TP 0, FP 1, FN 1 -> 0, 0, 0.
        precision, recall, f1 = precision_recall_f1(Y_TRUE, Y_PRED, 3)
        for got, want in ((precision, [2 / 3, 0.5, 0.0]), (recall, [2 / 3, 0.5, 0.0]),
                          (f1, [2 / 3, 0.5, 0.0])):
            for g, w in zip(got, want):
                self.assertAlmostEqual(g, w, places=15)

    def test_zero_division_counts_as_zero(self):
        # Class 1 is never predicted (precision 0/0) and class 2 never occurs (all 0/0):
        # both are 0.0, as scikit-learn's zero_division=0.
        precision, recall, f1 = precision_recall_f1([0, 1], [0, 0], 3)
        self.assertEqual(precision, [0.5, 0.0, 0.0])
        self.assertEqual(recall, [1.0, 0.0, 0.0])
        self.assertAlmostEqual(f1[0], 2 / 3, places=15)      # 2 TP / (2 TP + FP + FN) = 2/3
        self.assertEqual(f1[1:], [0.0, 0.0])

    def test_balanced_accuracy(self):
        # The mean of the recalls 2/3, 1/2 and 0.
        self.assertAlmostEqual(balanced_accuracy(Y_TRUE, Y_PRED, 3), (2 / 3 + 0.5) / 3, places=15)

    def test_balanced_accuracy_leaves_out_classes_absent_from_y_true(self):
        # Class 2 is predicted but never true: only the recalls of 0 and 1 count.
        self.assertEqual(balanced_accuracy([0, 0, 1, 1], [0, 2, 1, 1], 3), 0.75)

    def test_majority_answer_gets_balanced_accuracy_one_over_classes(self):
        # Property: always answering one class has recall 1 on it and 0 on the others.
        self.assertEqual(balanced_accuracy([0] * 9 + [1], [0] * 10, 2), 0.5)

    def test_macro_f1(self):
        # F1 per class 2/3, 1/2, 0: all three classes occur, so all three count.
        self.assertAlmostEqual(macro_f1(Y_TRUE, Y_PRED, 3), (2 / 3 + 0.5) / 3, places=15)

    def test_macro_f1_leaves_out_classes_in_neither_list(self):
        # n_classes 5, but only classes 0 and 1 occur, each with F1 2/3 (one FP or one FN):
        # the mean is 2/3, not (2/3 + 2/3) / 5.
        self.assertAlmostEqual(macro_f1([0, 1, 1], [0, 1, 0], 5), 2 / 3, places=15)

    def test_most_frequent_baseline(self):
        # The training majority is 1; on Y_TRUE it is right for the two 1s.
        self.assertAlmostEqual(most_frequent_baseline(Y_TRUE, [1, 1, 0, 2]), 2 / 6, places=15)

    def test_most_frequent_baseline_breaks_ties_toward_the_smaller_label(self):
        self.assertEqual(most_frequent_baseline([0, 2, 2], [2, 0, 2, 0]), 1 / 3)


class TestLogLoss(unittest.TestCase):
    def test_by_hand(self):
        # -(log 0.8 + log 0.6) / 2 = (0.2231435513 + 0.5108256238) / 2
        self.assertAlmostEqual(log_loss([0, 1], [[0.8, 0.2], [0.4, 0.6]]), 0.3669845875,
                               places=10)

    def test_uniform_guess_costs_log_k(self):
        # Property: probability 1/k on every class costs log k, whatever the labels.
        self.assertAlmostEqual(log_loss([0, 2, 1], [[0.25, 0.25, 0.5]] * 3),
                               (math.log(4) + math.log(2) + math.log(4)) / 3, places=15)

    def test_zero_probability_is_clipped_not_log_of_zero(self):
        self.assertEqual(log_loss([0], [[0.0, 1.0]]), -math.log(EPS))
        self.assertEqual(log_loss([1], [[0.0, 1.0]]), 0.0)

    def test_tuples_are_accepted(self):
        self.assertEqual(log_loss((1,), ((0.0, 1.0),)), 0.0)


class TestRocAuc(unittest.TestCase):
    def test_by_hand(self):
        # Positives 0.35 and 0.8 against negatives 0.1 and 0.4: 3 of 4 pairs ranked right.
        self.assertEqual(roc_auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]), 0.75)

    def test_ties_count_one_half(self):
        # Every pair tied: 1/2.  One tie among four pairs: 3.5 / 4.
        self.assertEqual(roc_auc([0, 1, 0, 1], [0.3, 0.3, 0.3, 0.3]), 0.5)
        self.assertEqual(roc_auc([0, 1, 0, 1], [0.2, 0.5, 0.5, 0.9]), 0.875)

    def test_perfect_and_reversed_ranking(self):
        self.assertEqual(roc_auc([0, 0, 1], [1.0, 2.0, 3.0]), 1.0)
        self.assertEqual(roc_auc([1, 0, 0], [3.0, 1.0, 2.0]), 1.0)
        self.assertEqual(roc_auc([1, 1, 0], [1.0, 2.0, 3.0]), 0.0)

    def test_matches_counting_every_pair(self):
        # Property: the sorted walk equals the O(n^2) definition on a table with many ties.
        y = [0, 1, 1, 0, 1, 0, 0, 1, 1, 0, 1]
        scores = [0.1, 0.4, 0.4, 0.4, 0.9, 0.2, 0.9, 0.1, 0.5, 0.5, 0.0]
        wins = 0.0
        for t_i, s_i in zip(y, scores):
            for t_j, s_j in zip(y, scores):
                if t_i == 1 and t_j == 0:
                    wins += 1.0 if s_i > s_j else 0.5 if s_i == s_j else 0.0
        self.assertAlmostEqual(roc_auc(y, scores), wins / (6 * 5), places=15)

    def test_only_the_order_of_scores_matters(self):
        # Property: a monotone transform (here logit -> probability) leaves the AUC alone.
        y = [0, 1, 1, 0, 1]
        logits = [-2.0, 0.5, 3.0, 1.0, -1.0]
        probabilities = [1.0 / (1.0 + math.exp(-z)) for z in logits]
        self.assertEqual(roc_auc(y, logits), roc_auc(y, probabilities))


class TestRegressionByHand(unittest.TestCase):
    def test_mse_rmse_mae(self):
        # Squares 0.25 + 0.25 + 0 + 1 = 1.5; absolute errors 0.5 + 0.5 + 0 + 1 = 2.
        self.assertEqual(mse(T, P), 0.375)
        self.assertEqual(rmse(T, P), math.sqrt(0.375))
        self.assertEqual(mae(T, P), 0.5)

    def test_r2(self):
        # SS_tot = 0.125^2 + 3.375^2 + 0.875^2 + 4.125^2 = 29.1875, SS_res = 1.5.
        self.assertEqual(r2(T, P), 1.0 - 1.5 / 29.1875)

    def test_r2_of_answering_the_mean_is_zero(self):
        # Property: predicting y_true's own mean leaves SS_res = SS_tot.
        self.assertEqual(r2(T, [2.875] * 4), 0.0)

    def test_r2_when_y_true_is_constant(self):
        # SS_tot = 0: 1.0 for perfect predictions, 0.0 otherwise (scikit-learn's force_finite).
        self.assertEqual(r2([2.0, 2.0], [2.0, 2.0]), 1.0)
        self.assertEqual(r2([2.0, 2.0], [2.0, 3.0]), 0.0)

    def test_mean_baseline_mse(self):
        # Answering 3.0: squares 0 + 12.25 + 1 + 16 = 29.25, over 4.
        self.assertEqual(mean_baseline_mse(T, 3.0), 7.3125)
        # Property: the baseline with y_true's own mean is SS_tot / n.
        self.assertEqual(mean_baseline_mse(T, 2.875), 29.1875 / 4)

    def test_integers_are_accepted(self):
        self.assertEqual(mse([1, 0, 0, 1], [0, 0, 0, 0]), 0.5)     # Tutorial A's 0.5

    def test_values_near_the_largest_float_give_finite_r2_rmse_and_mae(self):
        # Their squares pass the largest float (R^2 was inf / inf = NaN, MAE inf); the
        # scores are the same as for the values divided by 1e300, scaled back.
        y_true, y_pred = [1e308, -1e308, 5e307, 1.7e308], [9e307, -9e307, 4e307, 1.6e308]
        small_true, small_pred = [t / 1e300 for t in y_true], [p / 1e300 for p in y_pred]
        self.assertAlmostEqual(r2(y_true, y_pred), r2(small_true, small_pred), places=12)
        self.assertAlmostEqual(rmse(y_true, y_pred) / 1e300, rmse(small_true, small_pred),
                               delta=1e-6)
        self.assertAlmostEqual(mae(y_true, y_pred) / 1e300, mae(small_true, small_pred),
                               delta=1e-6)
        self.assertEqual(mse(y_true, y_pred), float("inf"))     # truly past the largest float


class TestReports(unittest.TestCase):
    def test_classification_report_holds_every_metric(self):
        probabilities = [[0.7, 0.2, 0.1], [0.5, 0.4, 0.1], [0.3, 0.6, 0.1],
                         [0.2, 0.7, 0.1], [0.1, 0.3, 0.6], [0.6, 0.2, 0.2]]
        report = classification_report(Y_TRUE, Y_PRED, probabilities, 3, y_train=[0, 0, 1])
        self.assertEqual(report["n_samples"], 6)
        self.assertEqual(report["accuracy"], 0.5)
        self.assertEqual(report["support"], [3, 2, 1])
        self.assertEqual(report["confusion_matrix"], [[2, 1, 0], [0, 1, 1], [1, 0, 0]])
        self.assertEqual(report["precision"], precision_recall_f1(Y_TRUE, Y_PRED, 3)[0])
        self.assertEqual(report["macro_f1"], macro_f1(Y_TRUE, Y_PRED, 3))
        self.assertEqual(report["balanced_accuracy"], balanced_accuracy(Y_TRUE, Y_PRED, 3))
        self.assertEqual(report["log_loss"], log_loss(Y_TRUE, probabilities))
        self.assertEqual(report["most_frequent_baseline"], 0.5)
        self.assertIsNone(report["roc_auc"])                  # three classes
        self.assertEqual(json.loads(json.dumps(report)), report)

    def test_classification_report_for_two_classes_has_roc_auc(self):
        probabilities = [[0.9, 0.1], [0.6, 0.4], [0.65, 0.35], [0.2, 0.8]]
        report = classification_report([0, 0, 1, 1], [0, 0, 0, 1], probabilities, 2)
        self.assertEqual(report["roc_auc"], 0.75)             # column 1 is the score
        self.assertIsNone(report["most_frequent_baseline"])   # no y_train given

    def test_classification_report_without_probabilities_or_both_classes(self):
        report = classification_report([1, 1], [1, 0], None, 2)
        self.assertIsNone(report["log_loss"])
        self.assertIsNone(report["roc_auc"])
        report = classification_report([1, 1], [1, 0], [[0.2, 0.8], [0.6, 0.4]], 2)
        self.assertIsNone(report["roc_auc"])                  # y_true holds class 1 only
        self.assertIsNotNone(report["log_loss"])

    def test_regression_report(self):
        report = regression_report(T, P, 3.0)
        self.assertEqual(report, {"n_samples": 4, "mse": 0.375, "rmse": math.sqrt(0.375),
                                  "mae": 0.5, "r2": 1.0 - 1.5 / 29.1875,
                                  "mean_baseline_mse": 7.3125})
        self.assertEqual(json.loads(json.dumps(report)), report)


class TestBadInput(unittest.TestCase):
    def test_empty_input(self):
        for call in (lambda: accuracy([], []), lambda: precision_recall_f1([], [], 2),
                     lambda: log_loss([], []), lambda: roc_auc([], []), lambda: mse([], []),
                     lambda: r2([], []), lambda: mean_baseline_mse([], 0.0),
                     lambda: most_frequent_baseline([], [0]),
                     lambda: regression_report([], [], 0.0)):
            with self.assertRaisesRegex(NNPureError, "empty; pass at least one sample"):
                call()

    def test_mismatched_lengths(self):
        with self.assertRaisesRegex(NNPureError, r"accuracy\(\): y_true has 2 rows but "
                                                 r"y_pred has 3"):
            accuracy([0, 1], [0, 1, 1])
        with self.assertRaisesRegex(NNPureError, r"macro_f1\(\): y_true has 1 rows"):
            macro_f1([0], [0, 1], 2)
        with self.assertRaisesRegex(NNPureError, "y_true has 2 rows but y_pred has 1"):
            mae([1.0, 2.0], [1.0])
        with self.assertRaisesRegex(NNPureError, "y_true has 1 rows but probabilities has 2"):
            log_loss([0], [[0.5, 0.5], [0.5, 0.5]])
        with self.assertRaisesRegex(NNPureError, "y_true has 2 rows but y_pred has 1"):
            roc_auc([0, 1], [0.5])

    def test_label_out_of_range(self):
        with self.assertRaisesRegex(NNPureError, r"confusion_matrix\(\): y_pred\[1\] is 3 but "
                                                 "there are 3 classes.*from 0 to 2"):
            confusion_matrix([0, 1], [0, 3], 3)
        with self.assertRaisesRegex(NNPureError, r"y_true\[0\] is -1 but there are 2 classes"):
            balanced_accuracy([-1], [0], 2)
        with self.assertRaisesRegex(NNPureError, r"log_loss\(\): y_true\[1\] is 2 but there are "
                                                 "2 classes"):
            log_loss([0, 2], [[0.5, 0.5], [0.5, 0.5]])
        with self.assertRaisesRegex(NNPureError, r"roc_auc\(\): y_true\[2\] is 2 but there are "
                                                 "2 classes"):
            roc_auc([0, 1, 2], [0.1, 0.2, 0.3])

    def test_label_of_the_wrong_kind(self):
        with self.assertRaisesRegex(TypeError, r"y_true\[0\] is 1.0; labels must be class "
                                               "indices"):
            precision_recall_f1([1.0], [1], 2)
        with self.assertRaisesRegex(TypeError, r"y_pred\[0\] is True"):
            macro_f1([1], [True], 2)
        with self.assertRaisesRegex(TypeError, "y_true must be a list"):
            accuracy("01", "01")

    def test_probability_row_of_the_wrong_width(self):
        with self.assertRaisesRegex(NNPureError, r"probabilities\[1\] has 3 values but 2 are "
                                                 "expected"):
            log_loss([0, 1], [[0.5, 0.5], [0.2, 0.3, 0.5]])
        with self.assertRaisesRegex(NNPureError, r"classification_report\(\): "
                                                 r"probabilities\[0\] has 2 values but 3"):
            classification_report([0, 1], [0, 1], [[0.5, 0.5], [0.5, 0.5]], 3)

    def test_rows_that_are_not_probabilities(self):
        with self.assertRaisesRegex(NNPureError, r"probabilities\[0\] holds 2.5; .*not the "
                                                 "logits"):
            log_loss([0], [[2.5, -1.5]])
        with self.assertRaisesRegex(NNPureError, r"probabilities\[0\] sums to 0.5, not 1"):
            log_loss([0], [[0.25, 0.25]])
        with self.assertRaisesRegex(NNPureError, "remove or replace NaN"):
            log_loss([0], [[float("nan"), 1.0]])

    def test_roc_auc_needs_both_classes(self):
        with self.assertRaisesRegex(NNPureError, "y_true holds only class 1.*both classes"):
            roc_auc([1, 1], [0.2, 0.9])

    def test_regression_values_must_be_finite_numbers(self):
        with self.assertRaisesRegex(NNPureError, r"r2\(\): y_pred\[1\] is nan"):
            r2([1.0, 2.0], [1.0, float("nan")])
        with self.assertRaisesRegex(TypeError, r"mse\(\): y_true\[0\] must be a number"):
            mse(["3"], [3.0])
        with self.assertRaisesRegex(NNPureError, "train_mean is inf"):
            mean_baseline_mse([1.0], float("inf"))

    def test_n_classes_must_be_a_positive_whole_number(self):
        with self.assertRaisesRegex(NNPureError, "n_classes is 0 but must be at least 1"):
            confusion_matrix([0], [0], 0)
        with self.assertRaisesRegex(TypeError, "n_classes must be a whole number"):
            precision_recall_f1([0], [0], 2.0)


if __name__ == "__main__":
    unittest.main()
