"""Compare the outputs of tests/seeded_run.py from several interpreters.

    python .ci/compare_runs.py TOLERANCE FILE...

Each FILE holds `name value` lines.  Prints each file's Tutorial A parameters
(w1..w6, b1..b3, to 15 digits) and the largest difference of all its
parameters from the first file's; exits 1 if any differs by more than
TOLERANCE, or names a different set of parameters.
"""
import sys


def read(path):
    with open(path) as f:
        pairs = [line.split() for line in f if line.strip()]
    return {name: float(value) for name, value in pairs}


def main(tolerance, paths):
    reference = read(paths[0])
    worst_overall = 0.0
    for path in paths:
        values = read(path)
        if not values:
            print("%s: no parameters (did the run fail?)" % path)
            return 1
        if sorted(values) != sorted(reference):
            print("%s: names other parameters than %s" % (path, paths[0]))
            return 1
        worst = max(abs(values[name] - reference[name]) for name in reference)
        worst_overall = max(worst_overall, worst)
        tutorial_a = " ".join("%.15g" % values[name] for name in values     # file order
                              if name.startswith("tutorial_a."))
        print("%-18s Tutorial A: %s" % (path, tutorial_a))
        print("%-18s all %d parameters: largest difference from the first %.3g"
              % ("", len(values), worst))
    if worst_overall > tolerance:
        print("FAILED: differences above %g" % tolerance)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(float(sys.argv[1]), sys.argv[2:]))
