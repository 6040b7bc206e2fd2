"""The bench's baselines do the same arithmetic as nn_pure, so its ratios mean something.

No test here measures time: speed is reported by python -m nn_pure.bench, never asserted.
"""
import sys
import unittest

from nn_pure.cli import bench
from nn_pure.cli import baselines_mlp
from nn_pure.cli import baselines
from nn_pure.rng import RNG
from nn_pure.training import train_epochs
from tests.helpers import call_main


def assert_close(test, ours, theirs):
    test.assertEqual(len(ours), len(theirs))
    for a, b in zip(ours, theirs):
        test.assertAlmostEqual(a, b, delta=1e-9 * max(1.0, abs(b)))


class TestBaselinesMatchNnPure(unittest.TestCase):
    def test_a_tutorial_a(self):
        assert_close(self, bench.a_nn_pure(30), baselines.a_baseline(30))

    def test_b_tutorial_b(self):
        assert_close(self, bench.b_nn_pure(200), baselines.b_baseline(200))

    def test_c_mlp_epoch(self):
        X, y = baselines_mlp.synthetic_rows(70)             # two full batches and a partial one
        # Bit for bit: the blocked baseline adds every sum in nn_pure's order.
        self.assertEqual(bench.c_nn_pure(X, y, epochs=2), baselines_mlp.c_baseline(X, y, epochs=2))

    def test_c_with_adam(self):
        # The fused Adam baseline does Adam's arithmetic in nn_pure.optim's order: same bits.
        from nn_pure.cli.baselines_mlp import adam_update, c_baseline, synthetic_rows
        X, y = synthetic_rows(70)
        self.assertEqual(bench.c_nn_pure(X, y, epochs=2, adam=True),
                         c_baseline(X, y, epochs=2, update=adam_update(0.01)))

    def test_d_inference(self):
        X, y = baselines_mlp.synthetic_rows(64)
        model = baselines_mlp.c_model()
        train_epochs(model, X, y, epochs=1, batch_size=32, rng=RNG(12))
        predictions = bench.d_nn_pure(model, X)
        self.assertEqual(predictions, baselines_mlp.d_baseline(model, X))
        self.assertGreater(len(set(predictions)), 1)    # a real model, not a constant

    def test_compare_reports_disagreement(self):
        ratio, _, _, agree, pairs = bench.compare(lambda: [1.0], lambda: [2.0], repeats=1)
        self.assertFalse(agree)
        self.assertGreater(ratio, 0.0)
        self.assertEqual(pairs, 1)

    def test_compare_keeps_timing_short_runs_until_min_seconds(self):
        # Property: a run of microseconds gets many pairs, not just `repeats`.
        _, _, _, agree, pairs = bench.compare(lambda: [1.0], lambda: [1.0], repeats=3,
                                              min_seconds=0.05)
        self.assertTrue(agree)
        self.assertGreater(pairs, 3)


class TestBenchCommandLine(unittest.TestCase):
    def test_too_few_memory_rows_is_one_line_and_exit_2(self):
        status, out, err = call_main(bench.main, ["--memory-rows", "5"])
        self.assertEqual(status, 2)
        self.assertEqual(out, "")
        self.assertEqual(err.count("\n"), 1)
        self.assertIn("--memory-rows is 5; give at least 32", err)

    def test_memory_rows_must_be_a_number(self):
        status, _, err = call_main(bench.main, ["--memory-rows", "many"])
        self.assertEqual(status, 2)
        self.assertIn("invalid int value: 'many'", err)


class TestCsvWorkload(unittest.TestCase):
    def test_end_to_end_on_a_small_table_reports_every_stage(self):
        # Workload E runs the real programs on a generated file; 300 rows keep it quick.
        status, out, err = call_main(bench.main, ["--csv", "300", "--json"])
        self.assertEqual((status, err), (0, ""))
        import json
        results = json.loads(out)
        self.assertEqual(results["rows"], 300)
        self.assertGreater(results["rows_per_second"], 0.0)
        self.assertEqual(len(results["stages"]), 6)
        share = 0.0
        for stage in results["stages"]:
            share += stage["share"]
        self.assertAlmostEqual(share, 1.0, places=9)

    def test_a_full_folder_is_one_line_naming_it_and_exit_2(self):
        # Found by a hostile-user trial on a small tmpfs: a traceback (RuntimeError) when
        # train could not save, and a bare "[Errno 28]" when the table could not be written.
        from nn_pure.cli import bench_csv
        real_write_table = bench_csv.write_table

        def full(path, n_rows, seed=5):
            raise OSError(28, "No space left on device")
        bench_csv.write_table = full
        try:
            status, _, err = call_main(bench.main, ["--csv", "100"])
        finally:
            bench_csv.write_table = real_write_table
        self.assertEqual(status, 2)
        self.assertIn("cannot write the generated table of 100 rows", err)
        self.assertIn("No space left on device; set TMPDIR", err)
        self.assertEqual(err.count("error:"), 1)

        def failing_main(argv):
            print("nn_pure.train: error: cannot write model.json: No space left on device",
                  file=sys.stderr)
            return 2
        with self.assertRaisesRegex(ValueError, r"^python -m nn_pure.train failed on the "
                                                r"generated table in /x: cannot write "
                                                r"model.json: No space left on device \(if "):
            bench_csv._quietly("python -m nn_pure.train", failing_main, [], "/x")

    def test_too_few_csv_rows_is_one_line_and_exit_2(self):
        status, _, err = call_main(bench.main, ["--csv", "5"])
        self.assertEqual(status, 2)
        self.assertIn("--csv is 5; give at least 100 rows", err)
