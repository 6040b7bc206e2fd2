"""What nn_pure's command-line programs share: argument parsing and error handling.

Bad input on the command line must end in one line on stderr and exit status
2, never a traceback.  `parser()` makes an argparse parser whose usage errors
do that, and `run()` does the same for the ValueError and OSError that the
library raises for bad values, bad files and missing files.  A TypeError is
not caught: everything the command line passes on is a number or string it
parsed itself, so a TypeError there is a bug in nn_pure, and its traceback
is what a bug report needs.
Command-line only: the core package never imports this module (or argparse).
"""
import argparse
import sys

from nn_pure.checks import NNPureError


class _OneLineParser(argparse.ArgumentParser):
    """An ArgumentParser that reports a usage error on one line instead of two."""

    def error(self, message):
        raise UsageError("%s (see --help)" % message)


class UsageError(NNPureError):
    """A mistake on the command line, reported as one line with exit status 2."""


def parser(prog, description, epilog):
    """Return an argument parser whose --help ends with the example in epilog."""
    return _OneLineParser(prog=prog, description=description, epilog=epilog,
                          formatter_class=argparse.RawDescriptionHelpFormatter)


def run(prog, main_body, argv):
    """Call main_body(argv); turn a usage or input error into one line on stderr, exit 2."""
    try:
        return main_body(argv)
    except (NNPureError, OSError) as error:
        message = " ".join(str(error).split())      # one line, whatever the error held
        print("%s: error: %s" % (prog, message), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("%s: interrupted" % prog, file=sys.stderr)
        return 130
