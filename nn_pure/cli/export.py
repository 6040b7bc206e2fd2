"""python -m nn_pure.export: write a trained model as a standalone Python module.

The module's text comes from nn_pure.export.export_source, in the core; this
program reads the model file, checks the output path, and writes the file.
"""
import os

from nn_pure import cli
from nn_pure.cli.modelfile import load_model
from nn_pure.cli.outputs import write_atomically
from nn_pure.export import export_source

PROG = "nn_pure.export"


def main(argv=None):
    """Run the command line; return the exit status (0 ok, 2 bad input)."""
    return cli.run(PROG, _main, argv)


def _main(argv):

    parser = cli.parser(
        "python -m nn_pure.export",
        "Write a trained model as a standalone Python module that needs only math.",
        "example:\n  python -m nn_pure.export iris.json --output predict_iris.py\n"
        "  python -c 'import predict_iris; print(predict_iris.predict([5.1, 3.5, 1.4, 0.2]))'\n")
    parser.add_argument("model", metavar="MODEL.json", help="a model saved by nn_pure.train")
    parser.add_argument("--output", metavar="MODULE.py",
                        help="where to write the module (default: print it)")
    args = parser.parse_args(argv)
    module = "model"
    if args.output:
        module = os.path.basename(args.output)
        if not module.endswith(".py") or not module[:-3].isidentifier():
            raise cli.UsageError("--output %s: the module's file name must be a Python name "
                                 "ending in .py, such as predict_iris.py" % args.output)
        module = module[:-3]
    text = export_source(load_model(args.model), module, os.path.basename(args.model))
    if args.output:
        write_atomically(args.output, text)
    else:
        print(text, end="")
    return 0
