"""Compare a C header's predictions with python -m nn_pure.predict's, for .ci/c_export.sh.

    python .ci/compare_c.py TOLERANCE LIBRARY.csv C.csv [DATA.csv]

Both files: target,prediction[,p_<class>...].  DATA.csv, if given, is the table both
predicted: the summary then says how many of its rows hold a missing cell (issue 13's
spellings), so that a run shows the header's NaN path was taken.  A classifier's predicted classes must be
equal as text; every number (probabilities, or a regression's value) equal within
TOLERANCE relative to max(1, |value|): a float carries 7 digits, so a price of 4000 can
only be right to about 4e-4.  Exits 1 on any difference.
"""
import csv
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from nn_pure.encode import MISSING      # noqa: E402  (the repository's, not an installed one)


def number(text):
    try:
        return float(text)
    except ValueError:
        return None


def rows_with_gaps(data_path):
    """How many data rows of the CSV file hold a cell spelled as missing."""
    with open(data_path, newline="") as f:
        rows = [row for row in csv.reader(f) if row][1:]
    return sum(1 for row in rows if any(cell.strip() in MISSING for cell in row))


def main(tolerance, library_path, c_path, data_path=None):
    with open(library_path) as f:
        library = list(csv.reader(f))
    with open(c_path) as f:
        compiled = list(csv.reader(f))
    if len(library) != len(compiled) or library[0] != compiled[0] or len(library) < 2:
        print("%s and %s differ in shape or header" % (library_path, c_path))
        return 1
    classifier = len(library[0]) > 2
    worst = 0.0
    for line, (want, got) in enumerate(zip(library[1:], compiled[1:]), start=2):
        if want[0] != got[0] or (classifier and want[1] != got[1]):
            print("line %d: the library says %r, the header %r" % (line, want[:2], got[:2]))
            return 1
        for a, b in zip(want[1:] if not classifier else want[2:],
                        got[1:] if not classifier else got[2:]):
            a, b = float(a), number(b)
            if b is None:
                print("line %d: the header printed %r" % (line, got))
                return 1
            error = abs(a - b) / max(1.0, abs(a))
            if not error <= tolerance:      # a NaN too, which a running max() passes over
                print("line %d: the header printed %r, the library %r" % (line, b, a))
                return 1
            worst = max(worst, error)
    gaps = "" if data_path is None else " (%d with a missing cell)" % rows_with_gaps(data_path)
    print("%d rows%s: %swithin %.3g (relative)" % (len(library) - 1, gaps,
                                                  "same classes, " if classifier else "", worst))
    return 0 if worst <= tolerance else 1


if __name__ == "__main__":
    sys.exit(main(float(sys.argv[1]), *sys.argv[2:5]))
