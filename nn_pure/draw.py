"""python -m nn_pure.draw MODEL.json --output net.svg: draw a saved model's network.

The program lives in nn_pure/cli/draw.py, with the rest of the command-line
side; this module is only its name, so that the core folder stays small enough
to copy onto a board.
"""


def main(argv=None):
    """Run the command line on argv (default: sys.argv[1:]); return the exit status."""
    from nn_pure.cli.draw import main
    return main(argv)


if __name__ == "__main__":
    raise SystemExit(main())
