"""python -m nn_pure.convert IN.onnx --output OUT.json: an ONNX MLP as an nn_pure model file.

The program is on the command-line side (nn_pure/cli/convert.py): reading ONNX
needs the standard library's struct and json, which a board does not have.
Convert on a computer, then copy the model file (or its exported module).
"""


def main(argv=None):
    """Run `python -m nn_pure.convert` on argv; return the exit status (nn_pure/cli/convert.py)."""
    from nn_pure.cli.convert import main
    return main(argv)


if __name__ == "__main__":
    raise SystemExit(main())
