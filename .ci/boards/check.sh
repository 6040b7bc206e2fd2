#!/usr/bin/env bash
# nn_pure on real boards' terms: 32-bit floats, a small heap, an emulated microcontroller.
#   1. the portable suite (tests/run_portable.py) on MicroPython's unix port built with
#      32-bit floats, and a seeded run there against CPython's, to 1e-5;
#   2. on the emulated Cortex-M3 (qemu's MPS2_AN385, soft float, 32-bit floats), the core
#      frozen into its firmware: the on-board test subset (.ci/boards/onboard_tests.py),
#      and the jobs in .ci/boards/jobs/ (Tutorial A, Tutorial B's default run, an XOR MLP,
#      an exported Iris model, its classes compared with python -m nn_pure.predict's);
#   3. the same at a 140 KiB heap with the core as .mpy files, and at 192 KiB as .py source,
#      as a board user copies it;
#   4. every board run counts its instructions (qemu -icount shift=0) and fails if a count
#      grows more than 25% over the figure in .ci/boards/icounts.txt.
# Installs the Debian packages it needs when missing and builds MicroPython from
# ../shared/boards/ into .ci/tools/ (.ci/boards/build.sh; a second run reuses the build).
# Ends with: N passed, N failed; exits 1 if any failed.
#
#   .ci/boards/check.sh             the checks
#   .ci/boards/check.sh --measure   also the smallest heap each job runs in (a few minutes)
#   .ci/boards/check.sh --record    rewrite icounts.txt with this run's counts
set -u
cd "$(dirname "$0")/../.."
export PYTHONDONTWRITEBYTECODE=1
measure=0
record_counts=0
for arg in "$@"; do
    case $arg in
        --measure) measure=1 ;;
        --record) record_counts=1 ;;
        *) echo "usage: $0 [--measure] [--record]" >&2; exit 2 ;;
    esac
done
passed=0
failed=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
board=".ci/boards/board.py"
counts=.ci/boards/icounts.txt
growth_limit=1.25

# check LABEL COMMAND...: one pass/fail step; its output is shown, indented.
check() {
    local label=$1; shift
    if "$@" >"$work/check.log" 2>&1; then
        passed=$((passed + 1)); printf '%-34s ok\n' "$label"
        sed 's/^/    /' "$work/check.log"
    else
        failed=$((failed + 1)); printf '%-34s FAILED\n' "$label"
        tail -n 25 "$work/check.log" | sed 's/^/    /'
    fi
}

# suite LABEL COMMAND...: a run that ends with `N passed, N failed`; adds its counts.
suite() {
    local label=$1 status ran fails; shift
    "$@" >"$work/suite.log" 2>&1
    status=$?
    grep '^[0-9]* passed, [0-9]* failed$' "$work/suite.log" | tail -n 1 >"$work/suite.counts"
    if [ -s "$work/suite.counts" ]; then
        ran=$(awk '{print $1 + $3}' "$work/suite.counts")
        fails=$(awk '{print $3}' "$work/suite.counts")
    else
        ran=1; fails=1                     # crashed before it could count
    fi
    [ "$status" -ne 0 ] && [ "$fails" -eq 0 ] && fails=1
    passed=$((passed + ran - fails)); failed=$((failed + fails))
    printf '%-34s %3d tests, %d failed%s\n' "$label" "$ran" "$fails" \
        "$([ "$fails" -eq 0 ] || echo '  <-- FAILED')"
    if [ "$fails" -ne 0 ]; then
        grep -E '^(FAILED|Traceback|[A-Za-z]*Error)' "$work/suite.log" | head -n 20 | sed 's/^/    /'
        tail -n 10 "$work/suite.log" | sed 's/^/    /'
    fi
    grep -E '^(@@stats|instructions:|more than)' "$work/suite.log" | sed 's/^/    /'
}

echo "== installing what is missing, building MicroPython (.ci/boards/build.sh)"
missing=()
for package in build-essential gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
    echo "installing ${missing[*]} (Debian)"
    install() { apt-get update -qq && apt-get install -y -qq "${missing[@]}"; }
    (install || { sleep 5; install; }) >"$work/apt.log" 2>&1 || tail -n 5 "$work/apt.log"
fi
if ! .ci/boards/build.sh >"$work/build.log" 2>&1; then
    cat "$work/build.log"
    echo "0 passed, 1 failed"
    exit 1
fi
cat "$work/build.log"
# shellcheck disable=SC1091
. .ci/tools/boards.env

echo "== the unix port with 32-bit floats: the portable suite, a seeded run"
float32() { MICROPYPATH=.:tests "$MICROPYTHON_FLOAT32" "$@"; }
suite "float32 unix port" float32 tests/run_portable.py
seeded() {
    mkdir -p "$work/runs" &&
    python -m tests.seeded_run >"$work/runs/CPython" &&
    float32 tests/seeded_run.py >"$work/runs/MicroPython-float32" &&
    (cd "$work/runs" && python "$OLDPWD/.ci/compare_runs.py" 1e-5 CPython MicroPython-float32)
}
check "float32 seeded run ~ CPython" seeded

echo "== the emulated Cortex-M3 (MPS2_AN385), 32-bit floats: nn_pure on a board"
# The exported Iris model, and what the library predicts with it on CPython.
iris=$work/iris
mkdir -p "$iris"
python -m nn_pure.train --data examples/data/iris.csv --target species --save "$iris/iris.json" \
    --quiet >/dev/null &&
python -m nn_pure.export "$iris/iris.json" --output "$iris/predict_iris.py" &&
python -m nn_pure.predict "$iris/iris.json" examples/data/iris.csv >"$iris/library.csv" ||
    echo "could not train and export the Iris model"

# job_files JOB: the files a job needs on the board besides the core.
job_files() {
    case $1 in
        iris) echo "--file $iris/predict_iris.py --file examples/data/iris.csv" ;;
        onboard_tests) echo "--file tests/test_portable.py --file tests/portable_unittest.py" ;;
    esac
}
job_script() { [ "$1" = onboard_tests ] && echo .ci/boards/onboard_tests.py || echo ".ci/boards/jobs/$1.py"; }

# within_count KEY LOG: the run's instruction count against the recorded one.
within_count() {
    local key=$1 log=$2 count recorded
    count=$(sed -n 's/^@@stats instructions=\([0-9]*\).*/\1/p' "$log" | tail -n 1)
    [ -n "$count" ] || { echo "no instruction count"; return 1; }
    echo "$key $count" >>"$work/icounts.new"
    recorded=$(awk -v k="$key" '$1 == k {print $2}' "$counts" 2>/dev/null)
    if [ -z "$recorded" ]; then
        echo "instructions: $count (none recorded for $key in $counts)"
        return 0
    fi
    awk -v c="$count" -v r="$recorded" -v g="$growth_limit" 'BEGIN {
        printf "instructions: %.0f, recorded %.0f (%+.1f%%)\n", c, r, 100 * (c - r) / r
        if (c > r * g) { printf "more than %d%% over the recorded count\n", 100 * (g - 1); exit 1 }
    }'
}

# on_board JOB HEAP CORE: run a job; check its output, its count and (for Iris) its classes.
on_board() {
    local job=$1 heap=$2 core=$3 log="$work/board-$1-$2-$3.log" status=0
    # shellcheck disable=SC2046
    python "$board" --heap "$heap" --core "$core" --icount --stats --timeout 600 \
        $(job_files "$job") "$(job_script "$job")" >"$log" 2>&1 || status=$?
    if [ "$job" = iris ]; then
        grep -v '^@@stats' "$log" | grep -v '^#' >"$work/board-iris.csv"
        grep -E '^(#|@@stats)' "$log"
        [ "$status" -eq 0 ] &&
            python .ci/compare_predictions.py 1e-6 "$iris/library.csv" "$work/board-iris.csv" ||
            status=1
    else
        cat "$log"
    fi
    [ "$status" -eq 0 ] && within_count "$job-$heap-$core" "$log"
}

jobs="tutorial_a tutorial_b xor iris"
: >"$work/icounts.new"
for config in "196608 frozen" "143360 mpy" "196608 py"; do
    set -- $config
    echo "-- heap $1 bytes, core $2"
    label="on-board tests ($(($1 / 1024)) KiB, $2)"
    # (the on-board tests also end with N passed, N failed: count them one by one)
    # With the core as .py source, the board compiles every module in its heap; the test
    # module (300 lines) on top no longer fits 192 KiB, so there only the jobs run.
    [ "$2" = py ] || suite "$label" on_board onboard_tests "$1" "$2"
    for job in $jobs; do
        check "$job ($(($1 / 1024)) KiB, $2)" on_board "$job" "$1" "$2"
    done
done

if [ "$record_counts" -eq 1 ]; then
    {
        echo "# Instructions each board run takes on the emulated Cortex-M3 (qemu -icount shift=0:"
        echo "# one instruction per virtual nanosecond).  .ci/boards/check.sh fails when a run"
        echo "# takes more than 25% over its figure here.  Rewritten by check.sh --record."
        echo "# job-heap-core instructions"
        sort "$work/icounts.new"
    } >"$counts"
    echo "recorded the instruction counts in $counts"
fi

if [ "$measure" -eq 1 ]; then
    echo "== the smallest heap each job runs in (a ballast holds the rest; to 512 bytes)"
    for config in "196608 frozen" "143360 mpy" "196608 py" "196608 mpy"; do
        set -- $config
        tests=onboard_tests
        [ "$2" = py ] && tests=
        for job in $tests $jobs; do
            # shellcheck disable=SC2046
            result=$(python "$board" --heap "$1" --core "$2" --icount --min-heap \
                $(job_files "$job") "$(job_script "$job")" 2>&1 | tail -n 1)
            printf '%-15s %6d %-6s %s\n' "$job" "$1" "$2" \
                "$(echo "$result" | sed -n 's/.*min_heap=\([0-9]*\).*/needs \1 bytes/p')"
            echo "$result" | grep -q min_heap= || echo "    $result"
        done
    done
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
