"""Compare two prediction CSVs (nn_pure.predict's format) made by different interpreters.

    python .ci/compare_predictions.py TOLERANCE EXPECTED.csv ACTUAL.csv

Class names must be equal; probabilities equal as numbers within TOLERANCE (0 for
exactly).  Numbers are compared as floats, not text: MicroPython may print the same
float with one more digit than CPython.  Exits 1 on any difference.
"""
import csv
import sys


def main(tolerance, expected_path, actual_path):
    with open(expected_path) as f:
        expected = list(csv.reader(f))
    with open(actual_path) as f:
        actual = list(csv.reader(f))
    if len(expected) != len(actual) or expected[0] != actual[0] or len(expected) < 2:
        print("%s and %s differ in shape or header" % (expected_path, actual_path))
        return 1
    worst = 0.0
    for line, (want, got) in enumerate(zip(expected[1:], actual[1:]), start=2):
        if want[:2] != got[:2]:
            print("line %d: %s predicted %r, %s %r" % (line, expected_path, want[:2],
                                                      actual_path, got[:2]))
            return 1
        errors = [abs(float(a) - float(b)) for a, b in zip(want[2:], got[2:])]
        if not all(e <= tolerance for e in errors):     # a NaN too, which max() passes over
            print("line %d: %s gave %r, %s %r" % (line, expected_path, want[2:], actual_path,
                                                 got[2:]))
            return 1
        worst = max([worst] + errors)
    print("%d rows: same classes, probabilities within %.3g" % (len(expected) - 1, worst))
    return 0 if worst <= tolerance else 1


if __name__ == "__main__":
    sys.exit(main(float(sys.argv[1]), sys.argv[2], sys.argv[3]))
