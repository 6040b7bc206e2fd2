"""The command-line side of nn_pure: the programs, and what only they need.

Everything in this folder runs on CPython and PyPy and may use what their
standard library has (argparse, csv, json, os, signal, struct).  Nothing in the core,
the folder above, imports from here, so copying nn_pure/ without this folder
is the whole install for a board running MicroPython.

    train.py      python -m nn_pure.train: parse the flags and dispatch
    train_flags.py  its flags checked, defaults filled in
    train_runs.py   its runs: Tutorial A, Tutorial B, an MLP, a table
    report.py     what train prints: progress, charts, scores
    predict.py    python -m nn_pure.predict
    export.py     python -m nn_pure.export
    export_c.py   a model as one C header (export --format c): export_c_code.py its
                  functions, export_c_comment.py its top comment, export_c_names.py
                  how names, the prefix and numbers are written in C
    draw.py       python -m nn_pure.draw
    onnx_proto.py protobuf's wire format, both ways, with onnx.proto's field numbers
    onnx_export.py  a model as an ONNX graph (export --format onnx)
    onnx_import.py  an ONNX MLP as a model file;  convert.py  python -m nn_pure.convert
    onnx_graph.py   walking an ONNX graph's nodes;  onnx_ops.py  what each op does
    onnx_encoding.py  reading back the fill and one-hot nodes onnx_export writes
    torch_export.py a model as a PyTorch module (export --format torch)
    bench.py      python -m nn_pure.bench; baselines.py and baselines_mlp.py its
                  hand-fused loops, bench_csv.py its end-to-end CSV workload
    csvfile.py    reading a CSV table, with errors that point at the cell
    csvcolumns.py which columns are features, which left out, and every problem
    modelfile.py  saving and loading model files (JSON)
    outputs.py    input and output paths, guarded; all-or-nothing writes
    progress.py   the live progress line
    svgplot.py    loss curves as SVG, and what every picture shares
    svgboundary.py  a classifier's decision regions over its two features, as SVG
    svgnetwork.py   a network's neurons and weights, as SVG

This module holds what every program shares: an argument parser whose usage
errors are one line, and run(), which turns a user's mistake (NNPureError, or
an OSError such as a missing file) into one line on stderr and exit status 2.
Anything else is a bug in nn_pure and keeps its traceback, for the bug report.
SIGTERM ends a run as Ctrl-C does (status 143 and 130), and a reader that
stops reading (`| head`) ends it quietly.
"""
import argparse
import os
import signal
import sys

from nn_pure.checks import NNPureError


class UsageError(NNPureError):
    """A mistake on the command line, reported as one line with exit status 2."""


class Terminated(BaseException):
    """Raised by the SIGTERM handler, so that clean-up code runs as for Ctrl-C."""


class _OneLineParser(argparse.ArgumentParser):
    """An ArgumentParser that reports a usage error on one line instead of two."""

    def error(self, message):
        raise UsageError("%s (see --help)" % message)


def parser(prog, description, epilog):
    """Return an argument parser whose --help ends with the example in epilog."""
    return _OneLineParser(prog=prog, description=description, epilog=epilog,
                          formatter_class=argparse.RawDescriptionHelpFormatter)


def run(prog, main_body, argv):
    """Call main_body(argv); turn a user's mistake into one line on stderr and exit 2."""
    def terminate(signum, frame):
        raise Terminated()

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        status = main_body(argv)
        sys.stdout.flush()          # a closed pipe shows here, not at interpreter exit
        return status
    except (NNPureError, OSError) as error:
        if isinstance(error, BrokenPipeError):
            return _quietly_after_broken_pipe()
        message = one_line(str(error))
        print("%s: error: %s" % (prog, message), file=sys.stderr)
        return 2
    except UnicodeEncodeError as error:
        # A name from a file that standard output's encoding cannot show (stderr escapes
        # what it cannot show, so this line always prints).
        print("%s: error: standard output (%s) cannot show %r, from a name in the data or the "
              "model; write to a file with --output, or set PYTHONIOENCODING=utf-8"
              % (prog, sys.stdout.encoding, error.object[error.start:error.end]),
              file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("%s: interrupted" % prog, file=sys.stderr)
        return 130
    except Terminated:
        print("%s: terminated" % prog, file=sys.stderr)
        return 143
    finally:
        signal.signal(signal.SIGTERM, previous)


def printable(text):
    """text with every control character shown as an escape, as repr() shows it.

    A column or class name comes from a file, and a file can hold the terminal's
    escape sequences: printed as they are, they could clear the screen, retitle
    the window or hide the rest of a message.  Letters of every script stay.
    >>> print(printable("red\\x1b[2J"))
    red\\x1b[2J
    """
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def one_line(message, longest=200):
    """message on one line, with any word longer than `longest` shortened in the middle,
    and control characters escaped (see printable).

    A user's value goes into a message as typed, and may be a 5000-digit number
    or a 100 KB cell; the message must still fit on a screen.
    >>> one_line("bad value:  %s" % ("9" * 300))
    'bad value: 99999999999999999999...999999 (300 characters)'
    """
    words = [printable(word) for word in message.split()]
    for i, word in enumerate(words):
        if len(word) > longest:
            words[i] = "%s...%s (%d characters)" % (word[:20], word[-6:], len(word))
    return " ".join(words)


def without_function(message):
    """A core error's message without the function name it starts with.

    >>> without_function("split_indices(): class 'c' has only 1 row")
    "class 'c' has only 1 row"
    """
    head, found, rest = message.partition("(): ")
    return rest if found and " " not in head else message


def _quietly_after_broken_pipe():
    # The reader has gone (`python -m nn_pure.train | head -3`).  Point stdout at the
    # null device so that Python's own flush at exit has nowhere to fail, and end as a
    # program killed by SIGPIPE would: status 128 + 13.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 141
