"""Run tests/test_portable.py's TestCase classes on MicroPython, which has no test discovery.

    micropython tests/run_portable.py        (with MICROPYPATH=<repo>:<repo>/tests)

Each test_* method runs on a fresh instance after setUp(); failures print
their message, and the last line is `N passed, N failed`.  The exit status is
1 if any failed.  CPython and PyPy do not need this: `python -m unittest`.
"""
import sys

try:
    import unittest
except ImportError:                     # MicroPython's unix port; see portable_unittest.py
    import portable_unittest as unittest
    sys.modules["unittest"] = unittest

import test_portable


def run(module):
    passed = failed = 0
    for class_name in sorted(dir(module)):
        cls = getattr(module, class_name)
        if not (isinstance(cls, type) and issubclass(cls, unittest.TestCase)):
            continue
        for method in sorted(dir(cls)):
            if not method.startswith("test"):
                continue
            case = cls()
            try:
                set_up = getattr(case, "setUp", None)     # micropython-lib's TestCase has none
                if set_up is not None:
                    set_up()
                getattr(case, method)()
                passed += 1
                print("ok      %s.%s" % (class_name, method))
            except Exception as error:      # report every failure, then go on
                failed += 1
                print("FAILED  %s.%s: %s: %s"
                      % (class_name, method, type(error).__name__, error))
    print("%d passed, %d failed" % (passed, failed))
    return failed


if __name__ == "__main__":
    sys.exit(1 if run(test_portable) else 0)
