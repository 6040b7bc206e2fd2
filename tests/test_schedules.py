"""Tests for nn_pure.schedules: each rate against its formula, the defaults, and the errors."""
import math
import unittest

from nn_pure.checks import NNPureError
from nn_pure.schedules import (SCHEDULES, constant_rate, cosine_decay, exponential_decay,
                               make_schedule, step_decay)


class TestFormulas(unittest.TestCase):
    def test_constant(self):
        for epoch in (1, 2, 1000):
            self.assertEqual(constant_rate(epoch, 0.3), 0.3)

    def test_step_matches_its_formula(self):
        # lr * gamma^floor((epoch - 1) / step_size), every epoch of a 25-epoch run.
        for epoch in range(1, 26):
            expected = 0.2 * 0.5 ** ((epoch - 1) // 7)
            self.assertEqual(step_decay(epoch, 0.2, 7, 0.5), expected)
        self.assertEqual([step_decay(e, 1.0, 2, 0.5) for e in range(1, 7)],
                         [1.0, 1.0, 0.5, 0.5, 0.25, 0.25])

    def test_exponential_matches_its_formula(self):
        for epoch in range(1, 26):
            self.assertEqual(exponential_decay(epoch, 0.2, 0.9), 0.2 * 0.9 ** (epoch - 1))
        self.assertEqual(exponential_decay(1, 0.2, 0.9), 0.2)

    def test_cosine_matches_its_formula(self):
        lr, min_rate, epochs = 0.1, 0.001, 20
        for epoch in range(1, epochs + 1):
            expected = min_rate + (lr - min_rate) * (1 + math.cos(math.pi * (epoch - 1) / epochs)) / 2
            self.assertAlmostEqual(cosine_decay(epoch, lr, epochs, min_rate), expected, delta=1e-15)

    def test_cosine_matches_pytorch_cosine_annealing_values(self):
        # PyTorch's CosineAnnealingLR(T_max=4, eta_min=0) from lr 1 gives, for its epochs 0..3,
        # 1, (1 + cos(pi/4))/2, 1/2, (1 + cos(3pi/4))/2: our epochs 1..4.
        expected = [1.0, 0.8535533905932737, 0.5, 0.14644660940672627]
        for epoch, rate in zip(range(1, 5), expected):
            self.assertAlmostEqual(cosine_decay(epoch, 1.0, 4), rate, delta=1e-15)

    def test_cosine_falls_monotonically_and_stays_at_min_rate_after_the_run(self):
        rates = [cosine_decay(epoch, 0.1, 30, 0.01) for epoch in range(1, 31)]
        for earlier, later in zip(rates, rates[1:]):
            self.assertTrue(later < earlier)
        self.assertTrue(rates[-1] > 0.01)
        self.assertEqual(cosine_decay(31, 0.1, 30, 0.01), 0.01)
        self.assertEqual(cosine_decay(500, 0.1, 30, 0.01), 0.01)

    def test_warmup_climbs_linearly_then_the_cosine_starts_at_full_rate(self):
        # Warm-up: lr * epoch / warmup.  Then the cosine over the remaining epochs.
        lr, epochs, warmup = 0.4, 14, 4
        self.assertEqual([cosine_decay(e, lr, epochs, 0.0, warmup) for e in range(1, 5)],
                         [0.1, 0.2, 0.30000000000000004, 0.4])
        self.assertEqual(cosine_decay(5, lr, epochs, 0.0, warmup), lr)
        self.assertAlmostEqual(cosine_decay(10, lr, epochs, 0.0, warmup), lr / 2, delta=1e-15)


class TestMakeSchedule(unittest.TestCase):
    def test_every_registered_schedule_starts_at_learn_rate(self):
        for name in SCHEDULES:
            with self.subTest(schedule=name):
                self.assertEqual(make_schedule(name, 0.05, 10)(1), 0.05)

    def test_options_reach_the_formula(self):
        self.assertEqual(make_schedule("step", 1.0, 10, step_size=2, gamma=0.5)(5), 0.25)
        self.assertEqual(make_schedule("exponential", 1.0, 10, gamma=0.5)(3), 0.25)
        cosine = make_schedule("cosine", 1.0, 10, min_rate=0.1, warmup=2)
        self.assertEqual([cosine(1), cosine(3)], [0.5, 1.0])
        self.assertEqual(cosine(11), 0.1)

    def test_defaults(self):
        # step: two drops in the run (a third of it, rounded up); exponential: ends at lr / 100.
        step = make_schedule("step", 1.0, 100)
        self.assertEqual([step(1), step(34), step(35), step(68), step(69), step(100)],
                         [1.0, 1.0, 0.1, 0.1, 0.1 * 0.1, 0.1 * 0.1])
        self.assertAlmostEqual(make_schedule("exponential", 1.0, 50)(50), 0.01, delta=1e-15)
        self.assertEqual(make_schedule("exponential", 1.0, 1)(1), 1.0)
        # epoch 4 of 4: (1 + cos(pi * 3/4)) / 2 = (1 - sqrt(2)/2) / 2
        self.assertEqual(make_schedule("cosine", 1.0, 4)(4), 0.14644660940672627)

    def test_bad_options_are_named_with_a_fix(self):
        cases = [
            (("linear", 0.1, 10), {}, NNPureError,
             r"make_schedule\(\): no schedule named 'linear'; choose one of 'constant', "
             r"'cosine', 'exponential', 'step'"),
            (("step", 0.0, 10), {}, NNPureError, r"learn_rate is 0.0 but must be positive"),
            (("step", 0.1, 0), {}, NNPureError, r"epochs is 0 but must be at least 1"),
            (("step", 0.1, 10.0), {}, TypeError, r"epochs must be a whole number"),
            (("step", 0.1, 10), {"warmup": 2}, NNPureError,
             r"the 'step' schedule has no option 'warmup'; it takes gamma, step_size"),
            (("constant", 0.1, 10), {"gamma": 0.5}, NNPureError, r"it takes none"),
            (("step", 0.1, 10), {"step_size": 0}, NNPureError,
             r"step_size is 0 but must be at least 1"),
            (("step", 0.1, 10), {"gamma": 1.5}, NNPureError,
             r"gamma is 1.5 but must lie in \(0, 1\]: the factor the rate is multiplied by"),
            (("exponential", 0.1, 10), {"gamma": 0.0}, NNPureError, r"gamma is 0.0"),
            (("exponential", 0.1, 10), {"gamma": "0.9"}, TypeError, r"gamma must be a number"),
            (("cosine", 0.1, 10), {"min_rate": 0.2}, NNPureError,
             r"min_rate is 0.2 but must lie in \[0, learn_rate\] = \[0, 0.1\]"),
            (("cosine", 0.1, 10), {"warmup": 10}, NNPureError,
             r"warmup is 10 epochs but the run has only 10; leave some epochs for the cosine, "
             r"e.g. warmup=1"),
            (("cosine", 0.1, 10), {"warmup": -1}, NNPureError, r"warmup is -1"),
        ]
        for args, options, error, message in cases:
            with self.subTest(message=message):
                with self.assertRaisesRegex(error, message):
                    make_schedule(*args, **options)

    def test_bad_epochs_are_named_with_a_fix(self):
        schedule = make_schedule("cosine", 0.1, 10)
        with self.assertRaisesRegex(NNPureError, r"schedule\(epoch\): epoch is 0; epochs are "
                                                 r"counted from 1, so pass 1 for the first"):
            schedule(0)
        with self.assertRaisesRegex(TypeError, r"epoch must be a whole number counted from 1, "
                                               r"got float 1.0"):
            schedule(1.0)


if __name__ == "__main__":
    unittest.main()
