"""python -m nn_pure.convert: an ONNX MLP, from nn_pure or any framework, as a model file.

    python -m nn_pure.convert IN.onnx --output OUT.json [--features a,b,...] [--classes x,y,...]

The result is an ordinary nn_pure model file: predict with it, export it to
Python, and run it on MicroPython.  nn_pure's own ONNX files come back with
every name and, when exported in double, every bit (their metadata_props hold
the names; the graph holds the rest).  Other files get features x0.. unless
--features names them, and class labels from the graph (skl2onnx writes them)
or --classes.  What the converter reads is in nn_pure/cli/onnx_import.py; the
file is untrusted input, checked byte by byte (nn_pure/cli/onnx_proto.py).
"""
import json

from nn_pure import cli
from nn_pure.cli.modelfile import dumps_model, loads_model
from nn_pure.cli.onnx_import import model_document, read_onnx
from nn_pure.cli.outputs import check_outputs, write_all

PROG = "nn_pure.convert"


def main(argv=None):
    """Run the command line; return the exit status (0 ok, 2 bad input)."""
    return cli.run(PROG, _main, argv)


def _main(argv):
    parser = cli.parser(
        "python -m nn_pure.convert",
        "Convert an ONNX MLP (from nn_pure, PyTorch, scikit-learn...) to an nn_pure model file.",
        "example:\n  python -m nn_pure.convert iris.onnx --output iris.json "
        "--features sepal_length,sepal_width,petal_length,petal_width\n"
        "  python -m nn_pure.predict iris.json examples/data/iris.csv\n")
    parser.add_argument("model", metavar="IN.onnx", help="an ONNX file holding an MLP")
    parser.add_argument("--output", metavar="OUT.json", required=True,
                        help="where to write the nn_pure model file")
    parser.add_argument("--features", metavar="NAMES",
                        help="the feature names, comma-separated (default: the file's, or x0,x1,...)")
    parser.add_argument("--classes", metavar="NAMES",
                        help="the class names, comma-separated, in the order of the model's "
                             "outputs (default: the file's, or 0,1,...)")
    args = parser.parse_args(argv)
    check_outputs([("--output", args.output, ".json")], [("the ONNX file", args.model)])
    document, notes = model_document(read_onnx(args.model), args.model,
                                     names("--features", args.features),
                                     names("--classes", args.classes))
    # Through the model file's own loader: the result is checked as any model file is.
    pipeline = loads_model(json.dumps(document), "%s (converted)" % args.model)
    write_all([(args.output, dumps_model(pipeline))])
    for note in notes:
        print("note: %s" % note)
    return 0


def names(flag, text):
    """A comma-separated list of names, or None; refuse empty or repeated names."""
    if text is None:
        return None
    found = [name.strip() for name in text.split(",")]
    for i, name in enumerate(found):
        if not name:
            raise cli.UsageError("%s %r: name %d is empty; separate names with single commas"
                                 % (flag, text, i + 1))
        if name in found[:i]:
            raise cli.UsageError("%s names %r twice; every name must be different" % (flag, name))
    return found
