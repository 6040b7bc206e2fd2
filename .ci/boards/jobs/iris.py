# An exported Iris model on the board: predict_iris.py (python -m nn_pure.export) and
# iris.csv come in the ROMFS image; no nn_pure is needed.  Prints what
# `python -m nn_pure.predict` prints, for check.sh to compare (tests/exported_predictions.py
# does the same on the unix ports).  The last line, a comment, counts one prediction.
import time

import predict_iris

with open("/rom/iris.csv") as f:
    lines = [line for line in f.read().split("\n") if line]
header = lines[0].split(",")
print(",".join([header[-1], "prediction"] + ["p_" + name for name in predict_iris.CLASSES]))
row = None
for line in lines[1:]:
    cells = line.split(",")
    row = [float(cell) for cell in cells[:-1]]
    print(",".join([cells[-1], predict_iris.predict(row)]
                   + [repr(p) for p in predict_iris.predict_proba(row)]))
start = time.ticks_us()
predict_iris.predict(row)
print("# one predict(): %d us (instructions / 1000 under -icount shift=0)"
      % time.ticks_diff(time.ticks_us(), start))
