"""Compare the outputs of tests/seeded_run.py from several interpreters.

    python .ci/compare_runs.py TOLERANCE FILE...

Each FILE holds `name value` lines.  Prints the largest difference of each
file from the first and exits 1 if any differs by more than TOLERANCE, or
names a different set of parameters.
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
        print("%-20s %d parameters, largest difference from the first %.3g"
          % (path, len(values), worst))
    if worst_overall > tolerance:
        print("FAILED: differences above %g" % tolerance)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(float(sys.argv[1]), sys.argv[2:]))
