"""python -m nn_pure.predict: use a saved model on new rows.

The program lives in nn_pure/cli/predict.py, with the rest of the command-line
side; this module is only its name, so that the core folder stays small enough
to copy onto a board.
"""


def main(argv=None):
    """Run the command line on argv (default: sys.argv[1:]); return the exit status."""
    from nn_pure.cli.predict import main
    return main(argv)


if __name__ == "__main__":
    raise SystemExit(main())
