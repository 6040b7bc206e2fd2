import unittest

from nn_pure import RNG


class TestRNG(unittest.TestCase):
    def test_matches_the_published_splitmix64(self):
        # Vigna's splitmix64.c, seeded with 0, first returns 0xe220a8397b1dcdaf.
        self.assertEqual(RNG(0).next_uint64(), 0xe220a8397b1dcdaf)

    def test_known_stream(self):
        # The stream is part of nn_pure's promise: seed 42 gives these bits on every
        # Python.  Recorded from this implementation, to pin it against change.
        rng = RNG(42)
        self.assertEqual([rng.next_uint64() for _ in range(3)],
                         [13679457532755275413, 2949826092126892291, 5139283748462763858])

    def test_same_seed_same_numbers_different_seed_different(self):
        a, b, c = RNG(7), RNG(7), RNG(8)
        xs = [a.normal() for _ in range(20)]
        self.assertEqual(xs, [b.normal() for _ in range(20)])
        self.assertNotEqual(xs, [c.normal() for _ in range(20)])

    def test_distributions(self):
        # Property: uniform in [0, 1) with mean 1/2; normal with mean 0 and variance 1.
        rng = RNG(3)
        us = [rng.random() for _ in range(20000)]
        self.assertTrue(all(0.0 <= u < 1.0 for u in us))
        self.assertAlmostEqual(sum(us) / len(us), 0.5, delta=0.01)
        zs = [rng.normal() for _ in range(20000)]
        mean = sum(zs) / len(zs)
        variance = sum((z - mean) ** 2 for z in zs) / len(zs)
        self.assertAlmostEqual(mean, 0.0, delta=0.03)
        self.assertAlmostEqual(variance, 1.0, delta=0.03)

    def test_shuffle_is_a_permutation_and_randrange_in_range(self):
        rng = RNG(5)
        items = list(range(50))
        rng.shuffle(items)
        self.assertEqual(sorted(items), list(range(50)))
        self.assertNotEqual(items, list(range(50)))
        self.assertEqual({rng.randrange(4) for _ in range(400)}, {0, 1, 2, 3})

    def test_bad_arguments(self):
        with self.assertRaisesRegex(TypeError, "seed must be an integer"):
            RNG(1.5)
        with self.assertRaisesRegex(ValueError, "n must be a positive integer"):
            RNG(1).randrange(0)
