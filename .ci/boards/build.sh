#!/usr/bin/env bash
# Builds the interpreters the board checks run on, from MicroPython's source (a subset kept
# in ../shared/boards/, because no registry this project reaches carries it):
#   - the unix port with 32-bit floats, as most boards have (ESP32, RP2040, many STM32);
#   - mpy-cross, to compile the core to .mpy files for the board (-march=armv7m);
#   - the qemu port's MPS2_AN385 firmware (Cortex-M3, soft float, 32-bit floats) with
#     nn_pure's core frozen in, once per heap size: 196608 bytes (a Pico's 192 KiB) and the
#     port's default 143360 (140 KiB), so that heap regressions show.
# Everything goes into .ci/tools/micropython-<sha256 of the tarball>/ (git ignores .ci/tools),
# so a second run reuses it; the firmware's make runs each time, cheaply, because the
# frozen core changes with nn_pure.  Writes the paths to .ci/tools/boards.env.
# Needs build-essential, gcc-arm-none-eabi and libnewlib-arm-none-eabi (check.sh installs them).
#
# Usage: .ci/boards/build.sh [TARBALL]
set -eu
cd "$(dirname "$0")/../.."
repo=$PWD
tarball=${1:-${MICROPYTHON_TARBALL:-$(ls ../shared/boards/micropython-*-src.tar.gz 2>/dev/null | head -n 1)}}
if [ ! -f "$tarball" ]; then
    echo "build.sh: MicroPython's source tarball not found (give it as an argument)" >&2
    exit 1
fi
sha=$(sha256sum "$tarball" | cut -d' ' -f1)
top=$repo/.ci/tools/micropython-$sha
jobs=$(nproc 2>/dev/null || echo 2)
heaps="196608 143360"

if [ ! -f "$top/.extracted" ]; then
    echo "extracting $tarball into $top"
    rm -rf "$top" && mkdir -p "$top"
    tar xzf "$tarball" -C "$top"
    touch "$top/.extracted"
fi

# (btree, ssl and ffi need submodules that are not in the subset; nothing here needs them.)
unix=$top/ports/unix/build-float32/micropython
if [ ! -x "$unix" ]; then
    echo "building the unix port with 32-bit floats"
    make -j"$jobs" -C "$top/ports/unix" VARIANT=standard BUILD=build-float32 \
        CFLAGS_EXTRA=-DMICROPY_FLOAT_IMPL=MICROPY_FLOAT_IMPL_FLOAT \
        MICROPY_PY_BTREE=0 MICROPY_PY_SSL=0 MICROPY_PY_FFI=0 FROZEN_MANIFEST= >"$top/unix.log" 2>&1 ||
        { tail -n 30 "$top/unix.log"; exit 1; }
fi

mpy_cross=$top/mpy-cross/build/mpy-cross
if [ ! -x "$mpy_cross" ]; then
    echo "building mpy-cross"
    make -j"$jobs" -C "$top/mpy-cross" >"$top/mpy-cross.log" 2>&1 ||
        { tail -n 30 "$top/mpy-cross.log"; exit 1; }
fi

# The port's default manifest wants micropython-lib's unittest, which the subset lacks:
# freeze our own manifest instead, and point MPY_LIB_DIR at a folder make only checks exists.
mkdir -p "$top/no-micropython-lib" && echo "empty on purpose" >"$top/no-micropython-lib/README.md"
{
    echo "# written by .ci/boards/build.sh"
    echo "MICROPYTHON_TOP=$top"
    echo "MICROPYTHON_FLOAT32=$unix"
    echo "MPY_CROSS=$mpy_cross"
} >"$repo/.ci/tools/boards.env.new"
for heap in $heaps; do
    build=build-nn-pure-heap$heap
    if [ ! -f "$top/ports/qemu/$build/firmware.elf" ]; then
        echo "building the MPS2_AN385 firmware with a $heap-byte heap and the core frozen in"
    fi
    make -j"$jobs" -C "$top/ports/qemu" BOARD=MPS2_AN385 BUILD="$build" MICROPY_HEAP_SIZE="$heap" \
        FROZEN_MANIFEST="$repo/.ci/boards/manifest.py" MPY_LIB_DIR="$top/no-micropython-lib" \
        >"$top/firmware-$heap.log" 2>&1 || { tail -n 30 "$top/firmware-$heap.log"; exit 1; }
    echo "FIRMWARE_$heap=$top/ports/qemu/$build/firmware.elf" >>"$repo/.ci/tools/boards.env.new"
done
mv "$repo/.ci/tools/boards.env.new" "$repo/.ci/tools/boards.env"
