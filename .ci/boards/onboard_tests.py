# The portable tests (tests/test_portable.py) that fit the emulated board's heap, run there.
#
# board.py puts test_portable.py and portable_unittest.py on the board beside this script.
# Each test runs after a gc.collect(), so the heap it needs is its own.  Left out:
# - the Iris export test, which needs about 0.5 MB and reads ../examples/data/iris.csv (a
#   board's ROMFS has no ".."); the board's exported-Iris job covers the same ground;
# - Tutorial B's full run, which is a job of its own (it needs more heap than this subset);
# - the two tests that export a model and compile the module on the board (each needs
#   more heap than is left beside the test module itself); the board's Iris job runs an
#   exported module, and the unix ports run these;
# - the optimizers' golden trajectories, which read tests/golden_optimizers.py (12 KB of
#   literals) and tests/optim_problem.py: the float32 unix port runs them.
# Ends with `N passed, N failed`, like tests/run_portable.py.
import gc
import sys

try:
    import unittest
except ImportError:                 # the board has no unittest
    import portable_unittest as unittest
    sys.modules["unittest"] = unittest

import test_portable

LEFT_OUT = ("TestPortableExport.test_exported_module_equals_the_library_on_iris",
            "TestPortableTraining.test_tutorial_b_reaches_full_accuracy",
            "TestPortableTrainingOptions.test_every_optimizer_follows_pytorchs_float64_numbers",
            "TestPortableExport.test_exported_module_encodes_as_the_library_does",
            "TestPortableExport.test_exported_module_imports_only_math")

passed = failed = 0
for class_name in sorted(dir(test_portable)):
    cls = getattr(test_portable, class_name)
    if not (isinstance(cls, type) and issubclass(cls, unittest.TestCase)):
        continue
    for method in sorted(dir(cls)):
        name = class_name + "." + method
        if not method.startswith("test") or name in LEFT_OUT:
            continue
        gc.collect()
        case = cls()
        try:
            case.setUp()
            getattr(case, method)()
            passed += 1
            print("ok      %s" % name)
        except Exception as error:
            failed += 1
            print("FAILED  %s: %s: %s" % (name, type(error).__name__, error))
        case = None
print("%d passed, %d failed" % (passed, failed))
if failed:
    raise SystemExit(1)
