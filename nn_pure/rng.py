"""A seeded random number generator that gives the same numbers on every Python.

Every random choice in nn_pure -- initial weights, shuffles, minibatches --
goes through an RNG object that the caller seeds and passes in.  The standard
`random` module will not do: CPython, PyPy and MicroPython each produce a
different stream from the same seed, and MicroPython's has no `gauss` and no
`Random` class.  This generator uses only integer arithmetic and `math`, so
seed 42 gives the same weights everywhere.

Glossary: state is a 64-bit unsigned integer; MASK keeps arithmetic mod 2^64.
"""
import math

MASK = (1 << 64) - 1


def _float_bits():
    """The bits a float's significand holds: 53 for 64-bit floats, 24 for 32-bit ones."""
    bits, step = 1, 0.5                 # step is 2^-bits (halving is exact; ** is not, on boards)
    while 1.0 + step != 1.0:            # stop at the first 2^-bits too small to add to 1.0
        bits, step = bits + 1, step / 2
    return bits


# random() takes this many of the 64 bits, so that k / 2^FLOAT_BITS is exact and always
# below 1.0.  With 64-bit floats (CPython, PyPy, most MicroPython ports) that is 53, as it
# always was.  Many boards have 32-bit floats, where 53 bits over 2^53 would round every
# value from 2^53 - 2^28 up to exactly 1.0 (seed 0x31628AF67B2131AB does it on its first
# draw).  MicroPython has no sys.float_info, so the width is measured.
FLOAT_BITS = _float_bits()
_SHIFT = 64 - FLOAT_BITS
_SCALE = float(1 << FLOAT_BITS)


class RNG:
    """splitmix64: a 64-bit counter scrambled into well-mixed output bits.

    It passes the usual statistical test batteries and needs a handful of
    lines; Python's unbounded integers keep every step exact, with MASK
    standing in for the wrap-around of a 64-bit machine word.

    >>> rng = RNG(42)
    >>> round(rng.random(), 6), round(rng.normal(), 6)
    (0.741565, -0.105516)
    >>> RNG(42).random() == RNG(42).random()
    True
    """

    def __init__(self, seed=0):
        if isinstance(seed, bool) or not isinstance(seed, int):
            raise TypeError("RNG(seed): seed must be an integer such as 42, got %r" % (seed,))
        self.state = seed & MASK

    def next_uint64(self):
        """Return the next 64 random bits as an integer in [0, 2^64)."""
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK   # step by the golden ratio
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def random(self):
        """Return a float uniform in [0, 1): the top 53 bits over 2^53, exact on every Python.

        (The top 24 over 2^24 where floats are 32-bit: see FLOAT_BITS.)
        """
        return (self.next_uint64() >> _SHIFT) / _SCALE

    def normal(self):
        """Return a float from the standard normal distribution (mean 0, variance 1).

        Box-Muller: z = sqrt(-2 ln u1) * cos(2 pi u2) for independent uniforms.
        Using 1 - random() keeps u1 in (0, 1], so the log never sees 0.
        """
        u1 = 1.0 - self.random()
        u2 = self.random()
        return math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)

    def randrange(self, n):
        """Return an integer uniform in range(n), each value's chance off by under n / 2^53
        relative (n / 2^24 where floats are 32-bit): far below anything a run can measure."""
        if type(n) is not int or n < 1:
            raise ValueError("RNG.randrange(n): n must be a positive integer, got %r" % (n,))
        k = int(self.random() * n)
        # random() is below 1, but random() * n can still round up to n when n has more
        # bits than a float holds (or is merely large, with 32-bit floats).
        return k if k < n else n - 1

    def shuffle(self, items):
        """Shuffle the list items in place (Fisher-Yates: each ordering equally likely)."""
        for i in range(len(items) - 1, 0, -1):
            j = self.randrange(i + 1)
            items[i], items[j] = items[j], items[i]
