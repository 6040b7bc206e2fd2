"""The few unittest assertions tests/test_portable.py uses, for a MicroPython without unittest.

MicroPython's unix port ships without unittest: it normally comes from
micropython-lib through `mip`, which needs a network.  run_portable.py uses
this stand-in only when `import unittest` fails; the WebAssembly build, like
CPython and PyPy, runs the same tests with its own unittest.
"""


class TestCase:
    def setUp(self):
        pass

    def fail(self, message):
        raise AssertionError(message)

    def assertEqual(self, a, b, message=""):
        if not a == b:
            self.fail(message or "%r != %r" % (a, b))

    def assertAlmostEqual(self, a, b, places=None, message="", delta=None):
        if delta is not None:
            ok = abs(a - b) <= delta
        else:
            ok = round(abs(a - b), 7 if places is None else places) == 0
        if not ok:
            self.fail(message or "%r != %r within %r" % (a, b, delta or places))

    def assertTrue(self, x, message=""):
        if not x:
            self.fail(message or "%r is not true" % (x,))

    def assertFalse(self, x, message=""):
        if x:
            self.fail(message or "%r is not false" % (x,))

    def assertIn(self, a, b, message=""):
        if a not in b:
            self.fail(message or "%r not found in %r" % (a, b))

    def assertRaises(self, exception):
        return _Raises(exception)


class _Raises:
    def __init__(self, expected):
        self.expected = expected
        self.exception = None

    def __enter__(self):
        return self

    def __exit__(self, kind, value, traceback):
        if kind is None:
            raise AssertionError("%s was not raised" % self.expected.__name__)
        if not issubclass(kind, self.expected):
            return False                # a different error: let it through
        self.exception = value
        return True
