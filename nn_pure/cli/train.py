"""python -m nn_pure.train: train a network from the command line and watch it learn.

    --model network   Tutorial A (the default): the 2-2-1 network learns to tell
                      Alice, Bob, Charlie and Diana apart, then guesses Emily and Frank.
    --model softmax   Tutorial B: a linear layer with softmax cross-entropy, trained on
                      random batches of 4, reporting accuracy as the tutorial does.
    --model mlp       A hidden-layer network (--hidden 8, or 16,8 for two layers),
                      trained epoch by epoch; it learns XOR, which softmax cannot.
    --data FILE.csv --target COLUMN
                      Any of the three on your own table: split, standardized,
                      trained, scored, and saved with --save for nn_pure.predict.

This module parses the flags and dispatches to a runner; train_flags.py
checks them and fills in the defaults, train_runs.py holds the runners, the
training is the core's (nn_pure.training, nn_pure.fitting) and the printing
report.py's.  A flag lives in three places: its add_argument() in parse(),
its rule in train_flags.check() if it has one, and the runner that uses it.
The JSON run record and the model file's training record take every flag
from the parsed arguments, so they need no edit.
"""
import json

from nn_pure import cli
from nn_pure.cli.outputs import write_all
from nn_pure.cli.train_flags import check
from nn_pure.cli.train_runs import PROG, run_mlp, run_network, run_softmax, run_table
from nn_pure.losses import LOSSES
from nn_pure.optim import OPTIMIZERS
from nn_pure.schedules import SCHEDULES
from nn_pure import training


EXAMPLES = """examples:
  python -m nn_pure.train                          # Tutorial A, seed 42, 1000 epochs
  python -m nn_pure.train --seed 7 --epochs 300 --learn-rate 0.05
  python -m nn_pure.train --model softmax          # Tutorial B on its 16 points
  python -m nn_pure.train --model mlp --hidden 8 --dataset xor
  python -m nn_pure.train --data examples/data/iris.csv --target species \\
      --model mlp --hidden 8 --save iris.json --plot iris.svg
  python -m nn_pure.train --json > run.json        # the whole run, machine-readable
  python -m nn_pure.train --plot-boundary people.svg --plot-network net.svg

defaults: network 1000 epochs at learn rate 0.1; softmax 4000 iterations of
batches of 4 at 0.04 (Tutorial B's step; see nn_pure/training.py); mlp 200 epochs
of batches of 4 at 0.1, tanh, --hidden 8; all three plain SGD.  With --data:
--model mlp, --hidden 32, tanh, adam at 0.01, batches of 16, 20% validation,
20% test, the best validation epoch kept; classification at most 100 epochs,
--patience 20; regression --weight-decay 0.1, at most 200 epochs, --patience 30
(measured on 14 tables: docs/defaults.md).  The task is regression when the
target holds fractional numbers or more than 10 distinct numbers, else
classification; --task overrides.
"""


def main(argv=None):
    """Run the command line; return the exit status (0 ok, 2 bad input)."""
    return cli.run(PROG, run_command, argv)


def run_command(argv):
    args = check(parse(argv))
    if args.data:
        run, pipeline, curves, plane = run_table(args)
    else:
        run, pipeline, curves, plane = {"network": run_network, "softmax": run_softmax,
                                        "mlp": run_mlp}[args.model](args)
    outputs = []
    if args.save:
        from nn_pure.cli.modelfile import dumps_model
        outputs.append((args.save, dumps_model(pipeline)))
    if args.plot:
        from nn_pure.cli.svgplot import loss_curve_svg
        outputs.append((args.plot, loss_curve_svg(**curves)))
    if args.plot_boundary:
        from nn_pure.cli.svgboundary import boundary_svg
        outputs.append((args.plot_boundary, boundary_svg(pipeline, **plane)))
    if args.plot_network:
        from nn_pure.cli.svgnetwork import network_svg
        outputs.append((args.plot_network, network_svg(pipeline, curves["title"])))
    write_all(outputs)          # only now, once everything has worked: all files or none
    if args.chatty:
        for done, path in (("saved the model to", args.save),
                           ("wrote the loss curve to", args.plot),
                           ("drew the decision boundary in", args.plot_boundary),
                           ("drew the network in", args.plot_network)):
            if path:
                print("%s %s" % (done, path))
    if args.json:               # valid JSON: an overflowed score is null, not Infinity
        from nn_pure.cli.modelfile import finite_or_null
        print(json.dumps(finite_or_null(run), allow_nan=False))
    return 0


def parse(argv):
    """Return the parsed flags, grouped in --help by what they apply to."""
    parser = cli.parser("python -m nn_pure.train",
                        "Train a neural network in pure Python and watch it learn.", EXAMPLES)
    what = parser.add_argument_group("what to train")
    what.add_argument("--model", choices=("network", "softmax", "mlp"),
                      help="network (Tutorial A, the default), softmax (Tutorial B) or mlp "
                           "(the default with --data)")
    what.add_argument("--dataset", choices=("people", "toy", "xor"),
                      help="built-in data: people (network's), toy (Tutorial B's 16 points, "
                           "the default for softmax and mlp) or xor")
    what.add_argument("--hidden", metavar="SIZES",
                      help="mlp hidden layer sizes, comma-separated (default 8; 32 with "
                           "--data)")
    what.add_argument("--activation", choices=("tanh", "sigmoid", "relu"),
                      help="mlp hidden activation (default tanh)")
    what.add_argument("--loss", choices=sorted(LOSSES),
                      help="mlp loss: softmax (default for classes), binary-cross-entropy "
                           "(two classes, one sigmoid output) or mse (regression)")
    table = parser.add_argument_group("your own data (--data)")
    table.add_argument("--data", metavar="FILE.csv", help="train on your own CSV file")
    table.add_argument("--target", metavar="COLUMN", help="the CSV column to predict")
    table.add_argument("--task", choices=("classification", "regression"),
                       help="what the target is (default: decided from its values)")
    table.add_argument("--val-fraction", type=float, metavar="F",
                       help="share of rows held out for validation (default 0.2)")
    table.add_argument("--test-fraction", type=float, metavar="F",
                       help="share of rows held out for the final test (default 0.2)")
    table.add_argument("--features", metavar="COL,...",
                       help="the feature columns to use (default: every other column)")
    table.add_argument("--ignore", metavar="COL,...", help="columns to leave out")
    table.add_argument("--categorical", metavar="COL,...",
                       help="columns of numbers to treat as categories (codes, zips)")
    table.add_argument("--missing", choices=("impute", "error"),
                       help="impute (the default): fill missing feature cells with the "
                            "training median or most frequent category and leave out rows "
                            "with no target; error: refuse any missing cell")
    table.add_argument("--delimiter", metavar="C",
                       help="the separator: , ; or tab (default: found from the header row)")
    table.add_argument("--cv", type=int, metavar="K",
                       help="first score K-fold cross-validation over the non-test rows")
    table.add_argument("--keep-last", action="store_true",
                       help="keep the last epoch's weights, not those of the epoch with the "
                            "lowest validation loss (the default with --data)")
    table.add_argument("--class-weight", choices=("balanced",),
                       help="balanced: weight each class by the inverse of its frequency")
    how = parser.add_argument_group("how to train")
    how.add_argument("--epochs", type=int, help="passes over the data (network, mlp, --data)")
    how.add_argument("--iterations", type=int,
                     help="training steps (softmax on built-in data)")
    how.add_argument("--batch-size", type=int, help="rows per step (softmax, mlp)")
    how.add_argument("--learn-rate", type=float, help="step size, a positive number")
    how.add_argument("--optimizer", choices=sorted(OPTIMIZERS),
                     help="update rule for mlp, and softmax with --data (default sgd; adam "
                          "with --data)")
    how.add_argument("--momentum", type=float,
                     help="momentum for sgd and rmsprop, in [0, 1) (default 0)")
    how.add_argument("--weight-decay", type=float, metavar="L2",
                     help="L2 weight decay on the weights, not the biases (default 0; "
                          "0.1 for regression with --data; adamw's own default 0.01)")
    how.add_argument("--dropout", type=float, metavar="RATE",
                     help="share of hidden units dropped while training mlp (default 0)")
    how.add_argument("--clip-norm", type=float, metavar="N",
                     help="scale each step's gradients to at most this global norm")
    how.add_argument("--schedule", choices=sorted(SCHEDULES),
                     help="learning rate over the epochs (default constant)")
    how.add_argument("--patience", type=int, metavar="N",
                     help="stop when the validation loss has not improved for N epochs, "
                          "keeping the best epoch's weights (0: never stop early; with "
                          "--data the default is 20, or 30 for regression)")
    how.add_argument("--init", metavar="MODEL.json",
                     help="go on training a saved model (--data only); its architecture and "
                          "standardization come from the file")
    how.add_argument("--seed", type=int, default=training.DEFAULT_SEED,
                     help="seed for the split, initial weights and batches (default %d)"
                          % training.DEFAULT_SEED)
    out = parser.add_argument_group("output")
    out.add_argument("--save", metavar="MODEL.json",
                     help="save the trained model, for python -m nn_pure.predict")
    out.add_argument("--plot", metavar="CURVE.svg", help="draw the loss curves as SVG")
    out.add_argument("--plot-boundary", metavar="FILE.svg",
                     help="draw the classes the model gives the plane of its two features, "
                          "with the training points, as SVG (models with two features)")
    out.add_argument("--plot-network", metavar="FILE.svg",
                     help="draw the network, neurons and weights, as SVG")
    out.add_argument("--report-every", type=int, metavar="N",
                     help="print progress every N epochs or iterations (0 for never)")
    out.add_argument("--quiet", action="store_true", help="print only the results")
    out.add_argument("--json", action="store_true",
                     help="print one JSON object describing the run, nothing else")
    return parser.parse_args(argv)
