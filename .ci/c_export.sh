#!/usr/bin/env bash
# The C export (issue 18), end to end.  Called by .ci/run; runs alone too:
#     .ci/c_export.sh [WORK_FOLDER]
#   1. every model kind (Tutorial A's network, softmax, MLPs with each activation and a
#      deeper one, binary cross-entropy, regression) trained on the shipped numeric tables
#      (iris, breast_cancer, digits, diabetes) and on mixed ones (issue 13's encoding:
#      penguins and survey with missing numbers and categories, titanic with an ID column
#      and missing ages, tips for regression), exported as float and double headers,
#      compiled with gcc -std=c99 (strict) and g++ -std=c++11, run on every row of its table
#      by tests/c/predict.c (columns by name, a category as its index, a gap as NAN) and
#      compared with python -m nn_pure.predict: same classes, numbers within 1e-5 (float)
#      and 1e-12 (double);
#   2. examples/c/main.c and examples/c/iris.ino (as C++) built and run;
#   3. the Iris classifier cross-compiled for a Cortex-M3 and run on qemu-system-arm
#      -M mps2-an385 with examples/c/board's startup code: its 150 classes must equal
#      CPython's, and it prints its flash and stack use.
# Installs build-essential, gcc-arm-none-eabi, libnewlib-arm-none-eabi and
# qemu-system-arm when missing.  Ends with: N passed, N failed.
set -u
cd "$(dirname "$0")/.."
repo=$PWD
work=${1:-$(mktemp -d)}
mkdir -p "$work"
passed=0
failed=0
C_FLAGS="-std=c99 -Wall -Wextra -Werror -pedantic -Wshadow -Wdouble-promotion -O2"
CXX_FLAGS="-std=c++11 -Wall -Wextra -Werror -O2"

step() {            # step LABEL COMMAND...: one pass/fail line, and the log when it fails
    local label=$1; shift
    if "$@" >"$work/step.log" 2>&1; then
        passed=$((passed + 1)); printf '%-44s ok  %s\n' "$label" "$(tail -n 1 "$work/step.log")"
    else
        failed=$((failed + 1)); printf '%-44s FAILED\n' "$label"; tail -n 20 "$work/step.log"
    fi
}

missing=""
command -v gcc >/dev/null && command -v g++ >/dev/null || missing="$missing build-essential"
command -v arm-none-eabi-gcc >/dev/null || missing="$missing gcc-arm-none-eabi"
[ -d /usr/lib/arm-none-eabi/newlib ] || missing="$missing libnewlib-arm-none-eabi"
command -v qemu-system-arm >/dev/null || missing="$missing qemu-system-arm"
if [ -n "$missing" ]; then
    echo "installing$missing"
    (apt-get update -qq && apt-get install -y -qq $missing) >"$work/apt.log" 2>&1 ||
        { sleep 5; apt-get install -y -qq $missing >>"$work/apt.log" 2>&1; } || tail -n 5 "$work/apt.log"
fi

# train NAME CSV TARGET FLAGS...: a model file $work/NAME.json from a shipped table.
train() {
    local name=$1 csv=$2 target=$3; shift 3
    python -m nn_pure.train --data "$csv" --target "$target" --save "$work/$name.json" \
        --quiet "$@" >/dev/null
}

# header_matches NAME CSV TYPE: export, compile as C and C++, run on CSV, compare.
header_matches() {
    local name=$1 csv=$2 type=$3 prefix=$1_$3 tolerance=1e-12 defines
    [ "$type" = float ] && tolerance=1e-5
    python -m nn_pure.export "$work/$name.json" --format c --c-type "$type" \
        --output "$work/$prefix.h" || return 1
    python -m nn_pure.predict "$work/$name.json" "$csv" >"$work/$name.library.csv" || return 1
    defines="-DMODEL_HEADER=\"$prefix.h\" -DPREFIX=$prefix -DUPREFIX=${prefix^^} -DSCALAR=$type"
    grep -q "_predict(" "$work/$prefix.h" && defines="$defines -DCLASSIFIER"
    grep -q "_n_categories\[" "$work/$prefix.h" && defines="$defines -DCATEGORIES"
    gcc $C_FLAGS $defines -I "$work" tests/c/predict.c -lm -o "$work/$prefix.c.bin" &&
    g++ $CXX_FLAGS $defines -I "$work" -x c++ tests/c/predict.c -o "$work/$prefix.cxx.bin" &&
    "$work/$prefix.c.bin" <"$csv" >"$work/$prefix.c.csv" &&
    "$work/$prefix.cxx.bin" <"$csv" >"$work/$prefix.cxx.csv" &&
    python .ci/compare_c.py "$tolerance" "$work/$name.library.csv" "$work/$prefix.cxx.csv" &&
    python .ci/compare_c.py "$tolerance" "$work/$name.library.csv" "$work/$prefix.c.csv" "$csv"
}

data=examples/data
# Tutorial A's network needs two features and two classes: setosa and versicolor by two columns.
python - "$data/iris.csv" "$work/two.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
with open(sys.argv[2], "w", newline="") as f:
    csv.writer(f, lineterminator="\n").writerows([[r[0], r[2], r[4]] for r in rows[:101]])
PY
echo "== every model kind as a C header, against python -m nn_pure.predict"
models=(
    "iris_mlp $data/iris.csv species"
    "iris_softmax $data/iris.csv species --model softmax"
    "iris_sigmoid $data/iris.csv species --activation sigmoid"
    "iris_relu $data/iris.csv species --activation relu --hidden 16,8"
    "iris_leaky $data/iris.csv species"         # (trained below: --activation has no leaky_relu)
    "network $work/two.csv species --model network"
    "cancer_bce $data/breast_cancer.csv diagnosis --loss binary-cross-entropy"
    "cancer_mlp $data/breast_cancer.csv diagnosis"
    "digits $data/digits.csv digit --hidden 32"
    "diabetes $data/diabetes.csv progression"
    # Mixed tables (issue 13): categories, gaps, an ID column, regression.
    "penguins $data/penguins.csv species"
    "titanic $data/titanic.csv survived"
    "survey $data/survey.csv Sex"
    "tips $data/tips.csv tip"
)
# Leaky ReLU, three hidden layers deep, through the library (the command line offers no
# leaky_relu).
train_leaky() {
    python - "$data/iris.csv" "$work/iris_leaky.json" <<'PY'
import sys
from nn_pure.cli.csvfile import read_table
from nn_pure.cli.modelfile import save_model
from nn_pure.fitting import fit_pipeline
table = read_table(sys.argv[1], "species")
save_model(fit_pipeline(table.rows, table.targets, feature_names=table.feature_names,
                        target_name="species", hidden=(8, 8, 8), activation="leaky_relu",
                        epochs=100)[0], sys.argv[2])
PY
}
for spec in "${models[@]}"; do
    set -- $spec
    name=$1 csv=$2
    if [ "$name" = iris_leaky ]; then trainer=train_leaky; else trainer=train; fi
    if ! $trainer "$@"; then
        failed=$((failed + 1)); echo "$name: training failed"; continue
    fi
    for type in float double; do
        step "$name ($type, C and C++)" header_matches "$name" "$csv" "$type"
    done
done

echo "== the examples"
examples() {
    python -m nn_pure.export "$work/iris_mlp.json" --format c --output "$work/iris.h" &&
    gcc $C_FLAGS -I "$work" examples/c/main.c -lm -o "$work/main" &&
    "$work/main" <"$data/iris.csv" >"$work/main.out" &&
    [ "$(wc -l <"$work/main.out")" -eq 150 ] &&
    g++ $CXX_FLAGS -DARDUINO_STAND_IN_MAIN -I "$work" -I examples/c/board -x c++ \
        examples/c/iris.ino -o "$work/ino" &&
    "$work/ino" >"$work/ino.out" && grep -q "flower 1: " "$work/ino.out" &&
    echo "main.c classified 150 rows; iris.ino (as C++): $(head -n 1 "$work/ino.out")"
}
step "examples/c/main.c and iris.ino" examples

echo "== the Iris classifier on an emulated Cortex-M3 (qemu mps2-an385, semihosting)"
on_board() {
    local board=examples/c/board arm="arm-none-eabi-gcc -mcpu=cortex-m3 -mthumb -Os -ffunction-sections -fdata-sections -Wall -Wextra -Werror"
    python - "$data/iris.csv" "$work/iris_rows.h" <<'PY' || return 1
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))[1:]
with open(sys.argv[2], "w") as f:
    f.write("#define IRIS_N_ROWS %d\nstatic const float iris_rows[IRIS_N_ROWS][4] = {\n" % len(rows))
    f.write(",\n".join("    {%s}" % ", ".join(repr(float(c)) + "f" for c in r[:4]) for r in rows))
    f.write("\n};\n")
PY
    $arm -std=gnu99 -I "$board" -c "$board/startup.c" -o "$work/startup.o" &&
    $arm -std=c99 -pedantic -Wshadow -Wdouble-promotion -I "$work" -I "$board" \
        -c "$board/iris_board.c" -o "$work/iris_board.o" &&
    $arm "$work/startup.o" "$work/iris_board.o" -T "$board/board.ld" -nostartfiles \
        --specs=nosys.specs -Wl,--gc-sections -lm -o "$work/iris.elf" &&
    arm-none-eabi-size "$work/iris.elf" &&
    rm -f "$work/board.out" &&
    timeout 120 qemu-system-arm -M mps2-an385 -display none -monitor none -serial none \
        -semihosting-config enable=on,target=native,chardev=board \
        -chardev file,id=board,path="$work/board.out" -kernel "$work/iris.elf" &&
    python - "$work/iris_mlp.library.csv" "$work/board.out" <<'PY'
import csv, sys
library = list(csv.reader(open(sys.argv[1])))
classes = [name[2:] for name in library[0][2:]]
want = [classes.index(row[1]) for row in library[1:]]
lines = open(sys.argv[2]).read().split("\n")
got = [int(line) for line in lines[:len(want)]]
if got != want:
    bad = [s for s, (g, w) in enumerate(zip(got, want)) if g != w]
    sys.exit("rows %s: the board says %s, CPython %s" % (bad[:5], [got[s] for s in bad[:5]],
                                                          [want[s] for s in bad[:5]]))
print("%d rows: the board's classes equal CPython's; %s" % (len(want), lines[len(want)]))
PY
}
step "Iris on the Cortex-M3" on_board

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
