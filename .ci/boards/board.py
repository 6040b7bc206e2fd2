"""Run a script on the emulated board: MicroPython on a Cortex-M3 (MPS2_AN385) under QEMU.

Boots the firmware that .ci/boards/build.sh made (nn_pure's core frozen in) with
`qemu-system-arm -M mps2-an385 -nographic`, talks MicroPython's raw REPL over the serial
console (Ctrl-A, the code, Ctrl-D; the board answers OK, the output, \\x04, any error,
\\x04), runs the script, prints its output and exits 0 when it ran cleanly, 1 when it
raised, 2 on a timeout or a board that did not answer.  Standard library only.

Files reach the board as a ROMFS image (MicroPython's read-only file system, mounted at
/rom, on sys.path), which qemu loads at 0x21000000:
  --core frozen   the core frozen into the firmware (the default);
  --core mpy      the core as .mpy files compiled by mpy-cross -march=armv7m, frozen copy
                  taken off sys.path, as when a user copies .mpy files to a board;
  --core py       the core as .py source, compiled on the board as it is imported.
The script itself travels the same way (as .mpy, or as .py with --core py) and is imported,
so the serial line's speed never enters a measurement.

Measurements (--stats prints them on one line, after the script's output):
  instructions  with --icount, qemu runs -icount shift=0: one instruction per virtual
                nanosecond, and the board's time.ticks_us counts them; the figure is the
                script's import, from start to finish, and does not depend on the host;
  heap          gc.mem_free() before and after the script (after a gc.collect());
  --ballast N   holds N bytes of heap in one block before the script runs, which acts as
                a heap N bytes smaller;
  --min-heap    searches for the largest ballast with which the script still runs, and
                reports the smallest heap it needs, to --min-heap-step bytes (a run five
                times slower than with the whole heap, at least 30 s, counts as too small).

Paths come from .ci/tools/boards.env (written by build.sh) unless given.

  python .ci/boards/board.py --heap 143360 --core mpy --icount --stats job.py
"""
import argparse
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ENV_FILE = os.path.join(REPO, ".ci", "tools", "boards.env")
ROMFS_ADDRESS = 0x21000000         # MICROPY_HW_ROMFS_PART0_START of MPS2_AN385
ROMFS_SIZE = 0x00400000
SCRIPT_MODULE = "board_script"


class BoardError(Exception):
    """The board did not answer as the raw REPL should (boot failure, timeout, crash)."""


def read_env():
    env = {}
    if os.path.exists(ENV_FILE):
        with open(ENV_FILE) as f:
            for line in f:
                if "=" in line and not line.startswith("#"):
                    name, value = line.rstrip("\n").split("=", 1)
                    env[name] = value
    env.update((k, v) for k, v in os.environ.items() if k in env or k.startswith("FIRMWARE_"))
    return env


def core_files():
    """nn_pure's core: every .py at the package's top level (subpackages are CPython-only)."""
    core = os.path.join(REPO, "nn_pure")
    return sorted(os.path.join(core, name) for name in os.listdir(core)
                  if name.endswith(".py") and os.path.isfile(os.path.join(core, name)))


def mpy_cross(env, source, target, name):
    """Compile source for the board; tracebacks name it `name`, as the board sees it."""
    subprocess.run([env["MPY_CROSS"], "-march=armv7m", "-s", name, "-o", target, source],
                   check=True)


def romfs_image(env, entries):
    """Build a ROMFS image from entries: a list of (path on the board, bytes)."""
    sys.path.insert(0, os.path.join(env["MICROPYTHON_TOP"], "tools", "mpremote", "mpremote"))
    try:
        from romfs import VfsRomWriter        # MicroPython's own writer (stdlib only)
    finally:
        sys.path.pop(0)
    tree = {}
    for path, data in entries:
        node = tree
        parts = path.split("/")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = data
    vfs = VfsRomWriter()

    def add(node):
        for name in sorted(node):
            if isinstance(node[name], dict):
                vfs.opendir(name)
                add(node[name])
                vfs.closedir()
            else:
                vfs.mkfile(name, node[name])
    add(tree)
    image = vfs.finalise()
    if len(image) > ROMFS_SIZE:
        raise BoardError("ROMFS image of %d bytes does not fit the board's %d" % (len(image), ROMFS_SIZE))
    return image


def stage(env, script, files, core, work):
    """Return the ROMFS entries: the script (as module SCRIPT_MODULE), extra files, the core."""
    compiled = core in ("frozen", "mpy")
    entries = []

    def add(source, board_path):
        if compiled and source.endswith(".py"):
            target = os.path.join(work, "compiled.mpy")
            mpy_cross(env, source, target, board_path)
            board_path = board_path[:-3] + ".mpy"
            source = target
        with open(source, "rb") as f:
            entries.append((board_path, f.read()))

    add(script, SCRIPT_MODULE + ".py")
    for path in files:
        add(path, os.path.basename(path))
    if core != "frozen":
        for path in core_files():
            add(path, "nn_pure/" + os.path.basename(path))
    return entries


class Board:
    """One qemu process, spoken to through its serial console."""

    def __init__(self, firmware, romfs=None, icount=False, timeout=600.0):
        command = ["qemu-system-arm", "-M", "mps2-an385", "-nographic", "-monitor", "null",
                   "-semihosting", "-kernel", firmware]
        if icount:
            command += ["-icount", "shift=0"]
        if romfs:
            command += ["-device", "loader,file=%s,addr=0x%x,force-raw=on" % (romfs, ROMFS_ADDRESS)]
        self.deadline = time.monotonic() + timeout
        self.buffer = b""
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE)

    def close(self):
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()

    def write(self, data):
        self.process.stdin.write(data)
        self.process.stdin.flush()

    def read_until(self, marker, echo=None):
        """Read up to and including marker; return what came before it."""
        fd = self.process.stdout.fileno()
        while marker not in self.buffer:
            if echo is not None and self.buffer:
                # Pass output on as it arrives, holding back what could start the marker.
                keep = len(marker) - 1
                ready, self.buffer = self.buffer[:len(self.buffer) - keep], self.buffer[len(self.buffer) - keep:]
                echo(ready)
            left = self.deadline - time.monotonic()
            if left <= 0:
                raise BoardError("timed out waiting for %r" % marker)
            ready, _, _ = select.select([fd], [], [], min(left, 1.0))
            if ready:
                chunk = os.read(fd, 65536)
                if not chunk:
                    err = self.process.stderr.read().decode(errors="replace")
                    raise BoardError("qemu exited (%s) %s" % (self.process.poll(), err.strip()))
                self.buffer += chunk
        before, self.buffer = self.buffer.split(marker, 1)
        if echo is not None:
            echo(before)
        return before

    def enter_raw_repl(self):
        self.read_until(b">>> ")                 # booted: the friendly REPL's prompt
        self.write(b"\r\x01")                   # Ctrl-A: raw REPL
        self.read_until(b"raw REPL; CTRL-B to exit\r\n>")

    def execute(self, code, echo=None):
        """Run code in the raw REPL; return (output, error text)."""
        self.write(code.encode() + b"\x04")
        self.read_until(b"OK")
        output = self.read_until(b"\x04", echo)
        error = self.read_until(b"\x04")
        self.read_until(b">")
        return output.decode(errors="replace"), error.decode(errors="replace")


PRELUDE = """\
import gc, sys, time
if {drop_frozen}:
    sys.path.remove('.frozen')
gc.collect()
_free0 = gc.mem_free()
_ballast = bytearray({ballast}) if {ballast} else None
"""
RUN = """\
_exit = 0
_t0 = time.ticks_us()
try:
    __import__('{module}')
except SystemExit as e:            # (let through, it would reset the board)
    _exit = e.args[0] if e.args else 0
finally:
    _t1 = time.ticks_us()
    sys.modules.pop('{module}', None)   # let go of the script's globals
"""
STATS = """\
_ballast = None
gc.collect()
print('@@stats', time.ticks_diff(_t1, _t0), _free0, gc.mem_free(), gc.mem_free() + gc.mem_alloc(),
      _exit)
"""


def run(firmware, romfs, core, icount, timeout, ballast=0, echo=None):
    """Run the staged script once; return (status, output, error, stats dict or None)."""
    board = Board(firmware, romfs, icount, timeout)
    try:
        board.enter_raw_repl()
        out, err = board.execute(PRELUDE.format(drop_frozen=core != "frozen", ballast=ballast))
        if err:
            return 1, out, "prelude failed (ballast %d): %s" % (ballast, err), None
        out, err = board.execute(RUN.format(module=SCRIPT_MODULE), echo)
        stats_out, stats_err = board.execute(STATS)
        out += stats_err
        stats = None
        match = re.search(r"@@stats (-?\d+) (\d+) (\d+) (\d+) (.*)", stats_out)
        if match:
            us, free0, free1, total = (int(g) for g in match.groups()[:4])
            if match.group(5).strip() not in ("0", "None") and not err:
                err = "SystemExit(%s)" % match.group(5).strip()
            stats = {"instructions": us * 1000 if icount else None, "us": us,
                     "free_before": free0, "free_after": free1, "heap_total": total,
                     "ballast": ballast}
        return (1 if err else 0), out, err, stats
    except BoardError as e:
        return 2, "", "board: %s" % e, None
    finally:
        board.close()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("script")
    parser.add_argument("--heap", type=int, default=196608,
                        help="pick the firmware built with this heap (default 196608)")
    parser.add_argument("--firmware", help="a firmware.elf (default: from .ci/tools/boards.env)")
    parser.add_argument("--core", choices=("frozen", "mpy", "py"), default="frozen")
    parser.add_argument("--file", action="append", default=[],
                        help="a file to put on the board (/rom, importable); .py files are "
                             "compiled to .mpy unless --core py")
    parser.add_argument("--icount", action="store_true", help="run qemu with -icount shift=0")
    parser.add_argument("--stats", action="store_true", help="print @@stats: instructions and heap")
    parser.add_argument("--ballast", type=int, default=0)
    parser.add_argument("--min-heap", action="store_true",
                        help="find the smallest heap the script runs in (with a ballast)")
    parser.add_argument("--min-heap-step", type=int, default=512)
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds (default 600)")
    args = parser.parse_args(argv)

    env = read_env()
    firmware = args.firmware or env.get("FIRMWARE_%d" % args.heap)
    if not firmware or not os.path.exists(firmware):
        print("board.py: no firmware for a %d-byte heap; run .ci/boards/build.sh" % args.heap,
              file=sys.stderr)
        return 2
    work = tempfile.mkdtemp(prefix="nn-pure-board-")
    try:
        romfs = os.path.join(work, "romfs.img")
        with open(romfs, "wb") as f:
            f.write(romfs_image(env, stage(env, args.script, args.file, args.core, work)))

        def echo(data):
            sys.stdout.write(data.decode(errors="replace").replace("\r", ""))
            sys.stdout.flush()

        if not args.min_heap:
            status, out, err, stats = run(firmware, romfs, args.core, args.icount, args.timeout,
                                          args.ballast, echo)
            if err:
                sys.stdout.flush()
                print(err.replace("\r\n", "\n").rstrip(), file=sys.stderr)
            if args.stats and stats:
                print_stats(stats)
            if status == 0 and not stats:
                print("board.py: the board gave no statistics: %s" % (out + err).strip(),
                      file=sys.stderr)
                status = 2
            return status
        return min_heap(firmware, romfs, args, echo)
    finally:
        shutil.rmtree(work)


def print_stats(stats, extra=""):
    fields = ["%s=%s" % (k, stats[k]) for k in
              ("instructions", "us", "heap_total", "free_before", "free_after", "ballast")]
    print("@@stats " + " ".join(fields) + extra)
    sys.stdout.flush()


def min_heap(firmware, romfs, args, echo):
    """Binary-search the ballast: the largest with which the script still runs cleanly."""
    started = time.monotonic()
    status, out, err, stats = run(firmware, romfs, args.core, args.icount, args.timeout, 0)
    # Near its limit a script spends its time collecting garbage: a run 5 times slower than
    # with the whole heap counts as one that does not fit.
    timeout = min(args.timeout, max(30.0, 5 * (time.monotonic() - started)))
    if status != 0 or not stats:
        sys.stdout.write(out)
        print(err, file=sys.stderr)
        print("board.py: the script does not run with the whole heap (%d bytes)" % args.heap)
        return status or 2
    low, high = 0, stats["free_before"]       # low runs; high (the whole free heap) cannot
    best = stats
    while high - low > args.min_heap_step:
        middle = (low + high) // 2
        status, _, err, stats = run(firmware, romfs, args.core, args.icount, timeout, middle)
        if status == 0 and stats:
            low, best = middle, stats
        else:
            high = middle
    echo(out.encode())
    # The firmware's heap less the ballast is a heap the script runs in.  (A smaller
    # MICROPY_HEAP_SIZE also has smaller gc tables, so this errs by under 2% on the safe side.)
    print_stats(best, " min_heap=%d (firmware heap %d less a ballast of %d; to %d bytes)"
                % (args.heap - low, args.heap, low, args.min_heap_step))
    return 0


if __name__ == "__main__":
    # On SIGTERM, still stop qemu and remove the work folder (the finally clauses).
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(128 + number))
    sys.exit(main())
