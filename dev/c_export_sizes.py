"""Measure the C export on the emulated Cortex-M3: flash and instructions, beside emlearn.

    /work/devtools-venv/bin/python dev/c_export_sizes.py      # from the repository root

Needs arm-none-eabi-gcc, libnewlib-arm-none-eabi and qemu-system-arm, and, in the venv
that runs it, scikit-learn and emlearn (`pip install scikit-learn emlearn`): development
tools only, never dependencies of nn_pure or of its tests.

For Iris (4-8-3) and digits (64-32-10), tanh between layers, float: nn_pure's header with
loops (the default) and unrolled, and emlearn's header for a scikit-learn MLPClassifier
of the same shape plus emlearn's runtime (eml_net.h).  Each goes into the same small
firmware (examples/c/board: startup.c, board.ld, bench_board.c), built with -Os and
--gc-sections.  Flash is text + data of that firmware minus the same firmware with no
model, so it counts the model's tables, its code and the libm functions it pulls in
(tanhf, expf).  Instructions per prediction come from qemu -icount shift=0.
Prints a Markdown table (docs/c-export.md holds the last one).
"""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.getcwd())

from nn_pure.cli.csvfile import read_table          # noqa: E402
from nn_pure.cli.export_c import c_header           # noqa: E402
from nn_pure.fitting import fit_pipeline           # noqa: E402

BOARD = os.path.join("examples", "c", "board")
ARM = ["arm-none-eabi-gcc", "-mcpu=cortex-m3", "-mthumb", "-Os", "-ffunction-sections",
       "-fdata-sections", "-Wall", "-Wextra"]
REPEAT = 3


def rows_header(folder, rows):
    path = os.path.join(folder, "rows.h")
    with open(path, "w") as f:
        f.write("#define N_ROWS %d\nstatic const float rows[N_ROWS][%d] = {\n%s\n};\n" % (
            len(rows), len(rows[0]),
            ",\n".join("{%s}" % ", ".join(repr(float(v)) + "f" for v in row) for row in rows)))
    return path


def firmware(folder, name, model_header, predict, includes=()):
    """Build and run bench_board.c with one model; return (text + data, instructions, stack)."""
    elf = os.path.join(folder, name + ".elf")
    flags = ["-I", folder, "-I", BOARD] + ["-I" + i for i in includes] + [
        '-DMODEL_HEADER="%s"' % model_header, '-DROWS_HEADER="rows.h"',
        "-DPREDICT(x)=%s" % predict, "-DREPEAT=%d" % REPEAT]
    subprocess.run(ARM + ["-std=gnu99"] + flags + [
        os.path.join(BOARD, "startup.c"), os.path.join(BOARD, "bench_board.c"),
        "-T", os.path.join(BOARD, "board.ld"), "-nostartfiles", "--specs=nosys.specs",
        "-Wl,--gc-sections", "-lm", "-o", elf], check=True, stderr=subprocess.DEVNULL)
    size = subprocess.run(["arm-none-eabi-size", elf], stdout=subprocess.PIPE,
                          universal_newlines=True, check=True).stdout.split("\n")[1].split()
    out = os.path.join(folder, name + ".out")
    subprocess.run(["qemu-system-arm", "-M", "mps2-an385", "-display", "none", "-monitor",
                    "none", "-serial", "none", "-icount", "shift=0", "-semihosting-config",
                    "enable=on,target=native,chardev=o", "-chardev", "file,id=o,path=" + out,
                    "-kernel", elf], check=True, timeout=600)
    with open(out) as f:
        words = f.read().split()
    return int(size[0]) + int(size[1]), int(words[1]), int(words[5])


def measure(label, table, hidden, n_rows, folder):
    import emlearn
    import numpy
    from sklearn.neural_network import MLPClassifier
    pipeline = fit_pipeline(table.rows, table.targets, feature_names=table.feature_names,
                            hidden=(hidden,), epochs=2)[0]
    rows = table.rows[:n_rows]
    rows_header(folder, rows)
    results = []
    empty = os.path.join(folder, "empty.h")
    with open(empty, "w") as f:
        f.write("/* no model */\n")
    base = firmware(folder, label + "_none", "empty.h", "((int)(x)[0])")
    for unroll in (False, True):
        name = "%s_%s" % (label, "unrolled" if unroll else "loops")
        with open(os.path.join(folder, name + ".h"), "w") as f:
            f.write(c_header(pipeline, name, "float", unroll=unroll))
        results.append(("nn_pure, %s" % ("unrolled" if unroll else "loops"),
                        firmware(folder, name, name + ".h", "%s_predict(x)" % name)))
    model = MLPClassifier(hidden_layer_sizes=(hidden,), activation="tanh", max_iter=50,
                          random_state=0).fit(numpy.array(table.rows), table.targets)
    name = "eml_" + label
    emlearn.convert(model, method="inline").save(file=os.path.join(folder, name + ".h"),
                                                   name=name)
    results.append(("emlearn %s (+ eml_net.h)" % emlearn.__version__,
                    firmware(folder, name, name + ".h", "%s_predict((x), %d)"
                             % (name, len(rows[0])), includes=[emlearn.includedir])))
    return base, [(what, (flash - base[0], instructions, stack))
                  for what, (flash, instructions, stack) in results]


def main():
    iris = read_table(os.path.join("examples", "data", "iris.csv"), "species")
    digits = read_table(os.path.join("examples", "data", "digits.csv"), "digit")
    print("| model | header | flash (bytes) | instructions per prediction | stack (bytes) |")
    print("|---|---|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        for label, table, hidden, n_rows, shape in (("iris", iris, 8, 150, "4-8-3"),
                                                     ("digits", digits, 32, 100, "64-32-10")):
            base, results = measure(label, table, hidden, n_rows, folder)
            for what, (flash, instructions, stack) in results:
                print("| %s %s | %s | %d | %d | %d |" % (label, shape, what, flash,
                                                        instructions - base[1], stack))
    print("\n(flash and instructions: the firmware minus the same firmware with no model; "
          "stack: the whole program's deepest use)")


if __name__ == "__main__":
    main()
