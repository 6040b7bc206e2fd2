"""python -m nn_pure.draw: draw a saved model as a picture of its network.

    python -m nn_pure.draw MODEL.json --output net.svg

One circle per neuron, layer by layer; each weight a line, blue when positive
and red when negative, wider when larger (see svgnetwork.py).  Without
--output the SVG goes to standard output.  The model file is checked as
nn_pure.predict checks it, before anything is drawn.
"""
import os
import sys

from nn_pure import cli
from nn_pure.checks import NNPureError
from nn_pure.cli.modelfile import load_model
from nn_pure.cli.outputs import check_outputs, write_all
from nn_pure.cli.svgnetwork import check_drawable, network_svg

PROG = "nn_pure.draw"


def main(argv=None):
    """Run the command line; return the exit status (0 ok, 2 bad input)."""
    return cli.run(PROG, _main, argv)


def _main(argv):
    parser = cli.parser(
        "python -m nn_pure.draw",
        "Draw a saved model's network as SVG: neurons, and weights by sign and size.",
        "example:\n  python -m nn_pure.train --save people.json --quiet\n"
        "  python -m nn_pure.draw people.json --output net.svg\n")
    parser.add_argument("model", metavar="MODEL.json", help="a model saved by nn_pure.train")
    parser.add_argument("--output", metavar="FILE.svg",
                        help="where to write the picture (default: print it)")
    args = parser.parse_args(argv)
    if args.output is not None:
        check_outputs([("--output", args.output, ".svg")], [("the model file", args.model)])
    pipeline = load_model(args.model)
    try:
        check_drawable(pipeline.sizes)
    except NNPureError as error:
        raise NNPureError("%s: %s" % (args.model, error)) from None
    shape = "-".join(str(n) for n in pipeline.sizes)
    what = "Tutorial A's %s network" % shape if pipeline.kind == "network" else \
        "%s %s" % (pipeline.kind, shape)
    text = network_svg(pipeline, "%s: %s" % (os.path.basename(args.model), what))
    if args.output is not None:
        write_all([(args.output, text)])
        return 0
    try:
        sys.stdout.write(text)
    except UnicodeEncodeError:      # a name the terminal's encoding cannot show
        raise cli.UsageError("the picture holds characters that standard output (%s) cannot "
                             "show; write it to a file with --output FILE.svg"
                             % sys.stdout.encoding)
    return 0
