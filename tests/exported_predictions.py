"""Print an exported module's predictions for a CSV file, as `nn_pure.predict` prints them.

    python tests/exported_predictions.py FOLDER MODULE FILE.csv
    micropython tests/exported_predictions.py FOLDER MODULE FILE.csv

FILE.csv has the model's features in order, then its target column.  Output:
`target,prediction,p_<class>...` with every digit.  CI diffs this, run on
MicroPython, against `python -m nn_pure.predict` on CPython.  It needs only
the exported module: no nn_pure, no csv module.
"""
import sys

folder, module_name, path = sys.argv[1:4]
sys.path.insert(0, folder)
module = __import__(module_name)

with open(path) as f:
    lines = [line for line in f.read().split("\n") if line]
header = lines[0].split(",")
print(",".join([header[-1], "prediction"] + ["p_" + name for name in module.CLASSES]))
for line in lines[1:]:
    cells = line.split(",")
    row = [float(cell) for cell in cells[:-1]]
    print(",".join([cells[-1], module.predict(row)]
                   + [repr(p) for p in module.predict_proba(row)]))
