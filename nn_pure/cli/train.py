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

This module parses and checks the flags, then dispatches to a runner; the
training is the core's (nn_pure.training, nn_pure.pipeline) and the printing
report.py's.  A flag lives in three places: its add_argument() in parse(),
its rule in check() if it has one, and the runner that uses it.  The JSON
run record and the model file's training record take every flag from the
parsed arguments, so they need no edit.
"""
import json
import os
import sys

from nn_pure import cli
from nn_pure.checks import NNPureError, check_count, check_positive
from nn_pure.cli import report
from nn_pure.cli.outputs import check_outputs, write_all
from nn_pure.data import EMILY, FRANK, PEOPLE_NAMES, PEOPLE_X, PEOPLE_Y, toy_split, xor_split
from nn_pure.losses import LOSSES
from nn_pure.metrics import accuracy
from nn_pure.optim import OPTIMIZERS
from nn_pure.fitting import fit_pipeline
from nn_pure.pipeline import Pipeline, class_labels
from nn_pure.rng import RNG
from nn_pure.schedules import SCHEDULES, make_schedule
from nn_pure import training

PROG = "nn_pure.train"
NEW_PEOPLE = (("Emily", EMILY), ("Frank", FRANK))
PEOPLE_FEATURES = ["weight_minus_135", "height_minus_66"]
PEOPLE_CLASSES = ["M", "F"]             # label 0 is male, 1 female, as in Tutorial A
PEOPLE_AXES = ["weight - 135 (pounds)", "height - 66 (inches)"]

# (epochs or iterations, batch size, learning rate) when not given; see nn_pure/training.py.
# "csv" is --model network with --data; mlp and softmax with --data take table_defaults().
DEFAULTS = {
    "network": (training.TUTORIAL_A_EPOCHS, 1, training.TUTORIAL_A_LEARN_RATE),
    "softmax": (training.TUTORIAL_B_ITERATIONS, training.TUTORIAL_B_BATCH_SIZE,
                training.TUTORIAL_B_LEARN_RATE),
    "mlp": (training.MLP_EPOCHS, training.MLP_BATCH_SIZE, training.MLP_LEARN_RATE),
    "csv": (training.EPOCHS, training.BATCH_SIZE, training.LEARN_RATE)}

# The largest counts a run accepts: far past any useful run, and small enough that
# nothing allocated in proportion to them can exhaust the machine.
MAX_EPOCHS = 1000000
MAX_ITERATIONS = 10000000
MAX_WIDTH = 100000              # units in one layer
MAX_PARAMETERS = 10000000       # weights and biases in all (80 MB of floats on CPython)

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
    if args.json:
        print(json.dumps(run))
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


def check(args):
    """Fill in the defaults and check every flag, before any work or output starts.

    Each refusal names the flag as typed.  Flags that do not apply to the
    chosen mode are refused rather than ignored: a user who passes one expects
    it to do something.
    """
    where = "command line"
    if (args.data is None) != (args.target is None):
        raise cli.UsageError("--data and --target go together: name the file and the column "
                             "to predict")
    if args.data == "":
        raise cli.UsageError("--data is empty; name a CSV file")
    if args.data is not None and args.dataset:
        raise cli.UsageError("use --data FILE.csv or --dataset, not both")
    if not args.data:
        for flag, value in (("--task", args.task), ("--val-fraction", args.val_fraction),
                            ("--test-fraction", args.test_fraction), ("--features", args.features),
                            ("--ignore", args.ignore), ("--categorical", args.categorical),
                            ("--missing", args.missing), ("--delimiter", args.delimiter),
                            ("--cv", args.cv), ("--class-weight", args.class_weight),
                            ("--keep-last", args.keep_last or None)):
            if value is not None:
                raise cli.UsageError("%s applies to --data; the built-in data sets come "
                                     "split already" % flag)
    if args.model is None:
        args.model = "mlp" if args.data else "network"
    if args.model != "mlp":
        for flag, value in (("--hidden", args.hidden), ("--activation", args.activation)):
            if value is not None:
                raise cli.UsageError("%s applies to --model mlp, not %s" % (flag, args.model))
        if args.loss not in (None, "softmax" if args.model == "softmax" else "mse"):
            raise cli.UsageError("--loss applies to --model mlp; --model %s has its own loss"
                                 % args.model)
    tutorial_b = args.model == "softmax" and not args.data
    length, batch_size, learn_rate = DEFAULTS["csv" if args.data else args.model]
    if args.data and args.model != "network":       # measured defaults, some by task:
        length = None                                # table_defaults() fills the epochs
        if args.optimizer in (None, training.TABLE_OPTIMIZER):
            batch_size, learn_rate = training.TABLE_BATCH_SIZE, training.TABLE_LEARN_RATE
        # else the rate measured for Adam may not suit the update rule asked for: SGD's
        # defaults (0.1, batches of 8), measured too, are the safer start for all others
    if tutorial_b:
        if args.epochs is not None:
            raise cli.UsageError("--model softmax on built-in data counts --iterations, "
                                 "not --epochs")
        args.iterations = check_count(where, "--iterations",
                                      length if args.iterations is None else args.iterations)
        check_at_most("--iterations", args.iterations, MAX_ITERATIONS)
    else:
        if args.iterations is not None:
            raise cli.UsageError("--model %s%s counts --epochs, not --iterations"
                                 % (args.model, " with --data" if args.data else ""))
        if args.epochs is not None or length is not None:
            args.epochs = check_count(where, "--epochs",
                                      length if args.epochs is None else args.epochs)
            check_at_most("--epochs", args.epochs, MAX_EPOCHS)
    if args.model == "network":
        if args.batch_size not in (None, 1):
            raise cli.UsageError("--model network trains on one sample at a time; "
                                 "drop --batch-size")
        if args.dataset not in (None, "people"):
            raise cli.UsageError("--model network trains on the four people; use --model "
                                 "softmax or mlp for --dataset %s" % args.dataset)
    elif args.dataset == "people":
        raise cli.UsageError("--dataset people is for --model network")
    args.batch_size = check_count(where, "--batch-size",
                                  batch_size if args.batch_size is None else args.batch_size, 1)
    check_at_most("--batch-size", args.batch_size, MAX_ITERATIONS)
    args.learn_rate = check_positive(where, "--learn-rate",
                                     learn_rate if args.learn_rate is None else args.learn_rate)
    for flag in ("val_fraction", "test_fraction"):
        value = getattr(args, flag)
        if value is None:
            setattr(args, flag, 0.2)
        elif not 0.0 <= value < 1.0:        # also refuses NaN
            raise cli.UsageError("--%s is %r; give a share from 0 up to (not including) 1, "
                                 "such as 0.2" % (flag.replace("_", "-"), value))
    if args.data and args.val_fraction + args.test_fraction >= 1.0:
        raise cli.UsageError("--val-fraction and --test-fraction add up to %g, leaving no "
                             "rows to train on; keep their sum below 1"
                             % (args.val_fraction + args.test_fraction))
    for flag in ("features", "ignore", "categorical"):
        setattr(args, flag, column_names("--" + flag, getattr(args, flag)))
    args.missing = args.missing or "impute"
    if args.delimiter is not None:
        args.delimiter = {"tab": "\t", "\\t": "\t"}.get(args.delimiter, args.delimiter)
        if args.delimiter not in (",", ";", "\t", "|"):
            raise cli.UsageError("--delimiter is %r; give , or ; or tab or |" % args.delimiter)
    if args.cv is not None and not 2 <= args.cv <= 100:
        raise cli.UsageError("--cv is %d; give the number of folds, from 2 to 100 (5 is usual)"
                             % args.cv)
    if args.class_weight and args.model == "network":
        raise cli.UsageError("--class-weight applies to --model mlp or softmax")
    if args.report_every is None:       # about ten progress lines for a default run
        args.report_every = {"network": 100, "softmax": max(1, (args.iterations or 0) // 10)
                             }.get(args.model, 0) if not args.data else 0
    check_count(where, "--report-every", args.report_every)
    # With --data and no --hidden, table_defaults() chooses by the task.
    args.hidden_sizes = (hidden_sizes("8" if args.hidden is None else args.hidden)
                         if args.hidden is not None or not args.data else None)
    args.activation = args.activation or "tanh"
    args.dataset = args.dataset or ("people" if args.model == "network" else "toy")
    if args.plot_boundary and not args.data and args.dataset == "toy":
        raise cli.UsageError("--plot-boundary draws the plane of a model's two features, but "
                             "the toy data has 4; use --dataset xor, or --data with a CSV file "
                             "of two feature columns")
    args.chatty = not (args.quiet or args.json)
    check_training(args)
    check_outputs([("--save", args.save), ("--plot", args.plot),
                   ("--plot-boundary", args.plot_boundary),
                   ("--plot-network", args.plot_network)],
                  [("--data", args.data), ("--init", args.init)])
    return args


def column_names(flag, text):
    """The column names in "a,b,c" (None stays None), refusing an empty name."""
    if text is None:
        return None
    names = [name.strip() for name in text.split(",")]
    if not all(names):
        raise cli.UsageError("%s is %r; give column names separated by commas" % (flag, text))
    return names


def check_training(args):
    """Check the flags of issue 12's training options: update rule, regularization, stopping."""
    epoch_wise = args.model != "network" and not (args.model == "softmax" and not args.data)
    given = [flag for flag, value in (
        ("--optimizer", args.optimizer), ("--momentum", args.momentum),
        ("--weight-decay", args.weight_decay), ("--clip-norm", args.clip_norm),
        ("--schedule", args.schedule), ("--patience", args.patience), ("--init", args.init))
        if value is not None]
    if given and not epoch_wise:
        raise cli.UsageError("%s applies to training by epochs (--model mlp, or any model with "
                             "--data); %s keeps its tutorial's plain SGD"
                             % (given[0], "Tutorial A's network" if args.model == "network"
                                else "Tutorial B's softmax run"))
    if args.dropout is not None:
        if args.model != "mlp":
            raise cli.UsageError("--dropout applies to --model mlp, which has hidden layers")
        if not 0.0 <= args.dropout < 1.0:
            raise cli.UsageError("--dropout is %r; give a share from 0 up to (not including) "
                                 "1, such as 0.2" % args.dropout)
    table = args.data and args.model != "network"
    args.optimizer = args.optimizer or (training.TABLE_OPTIMIZER if table else "sgd")
    if args.momentum is not None:
        if args.optimizer not in ("sgd", "rmsprop"):
            raise cli.UsageError("--momentum applies to --optimizer sgd or rmsprop; %s%s keeps "
                                 "its own moving averages" % (args.optimizer, " (the default "
                                 "with --data)" if table and args.optimizer ==
                                 training.TABLE_OPTIMIZER else ""))
        if not 0.0 <= args.momentum < 1.0:
            raise cli.UsageError("--momentum is %r; give a number from 0 up to (not "
                                 "including) 1, such as 0.9" % args.momentum)
    for flag, value in (("--weight-decay", args.weight_decay), ("--clip-norm", args.clip_norm)):
        if value is not None and not (value >= 0.0 and value < float("inf")):
            raise cli.UsageError("%s is %r; give a finite number of at least 0" % (flag, value))
    if args.clip_norm == 0.0:
        raise cli.UsageError("--clip-norm 0 would stop every step; give a positive norm such "
                             "as 1.0, or leave it out")
    if args.patience is not None:
        check_count("command line", "--patience", args.patience)
    if args.init is not None and not args.data:
        raise cli.UsageError("--init goes on training a saved model on a table; give --data "
                             "and --target too")


def table_defaults(args, task):
    """Fill in the --data flags left out, now that the task is known (nn_pure/training.py)."""
    if args.model == "network":         # Tutorial A's network: its own SGD, DEFAULTS["csv"]
        return
    if args.epochs is None:
        args.epochs = training.TABLE_EPOCHS[task]
    if args.hidden_sizes is None:
        args.hidden_sizes = list(training.TABLE_HIDDEN)
    if args.weight_decay is None and args.optimizer == training.TABLE_OPTIMIZER:
        args.weight_decay = training.TABLE_WEIGHT_DECAY[task] or None
    # --keep-last asks for every epoch and the last weights: no early stop then.
    if args.patience is None and not args.keep_last:
        args.patience = training.TABLE_PATIENCE[task]


def make_optimizer(args):
    """The update rule the flags ask for, at the run's learning rate."""
    options = {}
    if args.momentum is not None:
        options["momentum"] = args.momentum
    if args.weight_decay is not None:
        options["weight_decay"] = args.weight_decay
    return OPTIMIZERS[args.optimizer](args.learn_rate, **options)


def check_at_most(flag, value, largest):
    if value > largest:
        raise cli.UsageError("%s is %d, more than the %d this program accepts; a run that "
                             "long would not finish" % (flag, value, largest))


def hidden_sizes(text):
    """Return the widths in "16,8", refusing anything but positive whole numbers."""
    parts = text.split(",")
    # Digits 0-9 only, and few of them: int() would also take "1_000" and other scripts'
    # digits, and refuse thousands of digits with advice meant for Python programmers.
    parts = [part.strip() for part in parts]
    if not all(part and len(part) <= 18 and part.strip("0123456789") == "" for part in parts):
        raise cli.UsageError("--hidden is %r; give one or more positive layer sizes separated "
                             "by commas, such as 8 or 16,8" % text)
    sizes = [int(part) for part in parts]
    if min(sizes) < 1:
        raise cli.UsageError("--hidden is %r; every layer needs at least one unit" % text)
    if max(sizes) > MAX_WIDTH:
        raise cli.UsageError("--hidden is %r; a layer of more than %d units would not train in "
                             "pure Python" % (text, MAX_WIDTH))
    parameters = 0
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        parameters += (n_in + 1) * n_out
    if parameters > MAX_PARAMETERS:
        raise cli.UsageError("--hidden %s makes %d weights between hidden layers, more than "
                             "the %d this program accepts" % (text, parameters, MAX_PARAMETERS))
    return sizes


def settings(args):
    """Every flag as given or defaulted: the training record of a model file and --json."""
    record = {"command": "python -m nn_pure.train"}
    for name in sorted(vars(args)):
        if name not in ("chatty", "hidden", "json", "quiet", "report_every", "save", "plot",
                        "plot_boundary", "plot_network"):
            record[name] = getattr(args, name)
    return record


# ---- Tutorial A --------------------------------------------------------------

def run_network(args):
    def progress(epoch, loss):
        # train-loss: the loss over all four people once the epoch is done (compare
        # batch-loss, an MLP's mean over the batches of the epoch, as they trained).
        print("epoch %*d/%d  train-loss %.6f" % (len(str(args.epochs)), epoch, args.epochs, loss))

    if args.chatty:
        print("training the 2-2-1 network on Alice, Bob, Charlie and Diana")
        print("seed %d, %d epochs, learn rate %g" % (args.seed, args.epochs, args.learn_rate))
    net, losses = training.train_people(args.seed, args.epochs, args.learn_rate,
                                        report_every=args.report_every if args.chatty else 0,
                                        report=progress)
    predictions = [(name, x, net.feedforward(x)) for name, x in NEW_PEOPLE]
    pipeline = Pipeline(net, PEOPLE_FEATURES, PEOPLE_CLASSES, target_name="gender",
                        training=settings(args))
    people = [(name, x, PEOPLE_CLASSES[int(y)])
              for name, x, y in zip(PEOPLE_NAMES, PEOPLE_X, PEOPLE_Y)]
    people += [(name, x, None) for name, x in NEW_PEOPLE]
    if not args.json:
        report.chart(args, losses, "train-loss after each epoch")
        if args.chatty:
            report.people_map(pipeline, people)
        for name, x, y_pred in predictions:
            print("%s (%g, %g): %.3f  %s" % (name, x[0], x[1], y_pred, gender(y_pred)))
    run = {"model": "network", "dataset": "people", "seed": args.seed,
           "epochs": args.epochs, "learn_rate": args.learn_rate,
           "parameters": net.named_parameters(), "loss_history": losses,
           "predictions": [{"name": name, "x": x, "y_pred": y_pred, "label": gender(y_pred)}
                           for name, x, y_pred in predictions]}
    plane = {"points": [], "labels": [], "named": people, "axis_names": PEOPLE_AXES,
             "title": "Tutorial A: where the trained network says F and where M"}
    return run, pipeline, {"title": "Tutorial A: the 2-2-1 network", "loss": losses,
                           "loss_name": "train-loss (after each epoch)"}, plane


def gender(y_pred):
    """Return 'F' for y_pred above one half (the label 1), else 'M'."""
    return "F" if y_pred > 0.5 else "M"


# ---- Tutorial B ----------------------------------------------------------------

def run_softmax(args):
    def progress(iteration, history):
        # One line in the MLP's format: the loss and accuracy of the batch drawn at this
        # iteration (the tutorial's "Training Accuracy"), then the validation accuracy.
        # (The history's lists are allocated whole: this iteration's entry is by index.)
        k = iteration // args.report_every - 1
        line = "iteration %*d/%d  batch-loss %.4f  batch-acc %.3f" % (
            len(str(args.iterations)), iteration, args.iterations,
            history["loss"][iteration - 1], history["train_accuracy"][k][1])
        if history["val_accuracy"]:                 # validated as often as reported
            line += "  val-acc %.3f" % history["val_accuracy"][k][1]
        print(line)

    splits = builtin_splits(args.dataset, RNG(args.seed + 1))
    if args.chatty:
        print("Tutorial B: a linear layer with softmax cross-entropy on the %s data"
              % args.dataset)
        print("seed %d, %d iterations of batches of %d drawn with replacement, learn rate %g"
              % (args.seed, args.iterations, args.batch_size, args.learn_rate))
    model, history, test_accuracy = training.train_tutorial_b(
        args.seed, iterations=args.iterations, batch_size=args.batch_size,
        learn_rate=args.learn_rate, splits=splits, report_every=args.report_every,
        validate_every=args.report_every, progress=progress if args.chatty else None)
    (_, _), (X_val, y_val), (_, _) = splits
    val_accuracy = accuracy(y_val, model.predict(X_val))
    if not args.json:
        report.chart(args, history["loss"], "batch-loss at each iteration",
                     x_name="iteration")
        print("Validation Accuracy: %f" % (100 * val_accuracy))
        print("Test Accuracy: %f" % (100 * test_accuracy))
    W, b = model.parameters()
    run = {"model": "softmax", "dataset": args.dataset, "seed": args.seed,
           "iterations": args.iterations, "batch_size": args.batch_size,
           "learn_rate": args.learn_rate, "sizes": model.sizes,
           "parameters": {"W": W, "b": b}, "loss_history": list(history["loss"]),
           "val_accuracy": val_accuracy, "test_accuracy": test_accuracy}
    pipeline = Pipeline(model, target_name="label", training=settings(args))
    (X_train, y_train), _, _ = splits
    plane = {"points": X_train, "labels": [str(label) for label in y_train],
             "title": "Tutorial B's softmax on the %s data: its classes" % args.dataset}
    return run, pipeline, {"title": "Tutorial B: softmax on the %s data" % args.dataset,
                           "loss": history["loss"], "x_label": "iteration",
                           "loss_name": "batch-loss (each iteration)"}, plane


def builtin_splits(name, rng):
    """Return the (train, validation, test) (X, y) pairs of the built-in data set `name`."""
    return toy_split() if name == "toy" else xor_split(rng)


# ---- MLPs, on built-in data or a CSV file ------------------------------------

def run_mlp(args):
    """An MLP on a built-in data set: the same workflow as a table, minus standardizing."""
    parts = builtin_splits(args.dataset, RNG(args.seed + 1))
    rows, targets, splits = [], [], []
    for X, y in parts:
        splits.append(list(range(len(rows), len(rows) + len(X))))
        rows += X
        targets += [str(label) for label in y]
    return fit_and_report(args, rows, targets, None, "label", "classification",
                          "the %s data" % args.dataset, splits=splits, standardize=False)


def run_table(args):
    from nn_pure.cli.csvfile import choose_task, read_table
    table = read_table(args.data, args.target, delimiter=args.delimiter, features=args.features,
                       ignore=args.ignore, categorical=args.categorical, missing=args.missing)
    for notice in table.notices:        # stderr: stdout may be --json
        print("%s: note: %s" % (PROG, notice), file=sys.stderr)
    if args.plot_boundary and len(table.feature_names) != 2:
        raise NNPureError("%s has %d feature columns; --plot-boundary draws the plane of "
                          "exactly two, so keep two columns besides %r or drop --plot-boundary"
                          % (args.data, len(table.feature_names), args.target))
    task, targets = choose_task(table, args.task)
    if args.plot_boundary and task == "regression":
        raise NNPureError("%s: the target %r is a regression target, but --plot-boundary "
                          "draws the classes of a classifier; drop it, or use --task "
                          "classification if the numbers are classes" % (args.data, args.target))
    table_defaults(args, task)
    resume = None
    if args.init:
        resume = resumable(args, table.feature_names, task)
    return fit_and_report(args, table.rows, targets, table.feature_names, table.target_name,
                          task, args.data, resume=resume, encode=True,
                          categorical=table.categorical, notices=table.notices)


def resumable(args, feature_names, task):
    """Load the --init model and take its architecture, refusing one that does not fit."""
    from nn_pure.cli.modelfile import load_model
    pipeline = load_model(args.init)
    if pipeline.feature_names != feature_names:
        raise NNPureError("--init %s was trained on the columns %s, but %s has %s; resume on "
                          "a table with the same feature columns"
                          % (args.init, ", ".join(pipeline.feature_names), args.data,
                             ", ".join(feature_names)))
    if pipeline.task != task:
        raise NNPureError("--init %s is a %s model, but the target %r of %s makes this run %s"
                          % (args.init, pipeline.task, args.target, args.data, task))
    network = pipeline.network
    args.model = network.kind
    args.hidden_sizes = list(network.sizes[1:-1])
    args.activation = getattr(network, "activation", args.activation)
    args.loss = network.loss_layer.name if network.kind != "network" else None
    return pipeline


def fit_and_report(args, rows, targets, feature_names, target_name, task, source, *,
                   splits=None, standardize=True, resume=None, encode=None, categorical=(),
                   notices=()):
    progress_report, progress = report.epoch_progress(args)
    split = []

    def start(pipeline, splits):
        split.append(splits)
        # Printed only now, so that a data problem found by the split prints nothing before it.
        if progress:
            report.banner(args, pipeline, splits, source, task)

    recipe = dict(feature_names=feature_names, target_name=target_name, kind=args.model,
                  hidden=args.hidden_sizes, activation=args.activation, epochs=args.epochs,
                  batch_size=args.batch_size, learn_rate=args.learn_rate,
                  dropout=args.dropout or 0.0, clip_norm=args.clip_norm,
                  schedule=make_schedule(args.schedule, args.learn_rate, args.epochs)
                  if args.schedule and args.epochs else None,
                  patience=args.patience or None,
                  # Keep the best validation epoch by default (issue 13: small tables overfit
                  # within a few epochs); --keep-last keeps the last, as resuming needs for
                  # 10 epochs and 10 more to equal 20.
                  restore_best=bool(args.patience) or not args.keep_last,
                  standardize=standardize, encode=encode, categorical=categorical,
                  class_weight=getattr(args, "class_weight", None))
    cv = None
    try:
        if getattr(args, "cv", None):
            from nn_pure.crossval import cross_validate
            scores = cross_validate(rows, targets, args.cv, task=task, loss=args.loss,
                                    val_fraction=args.val_fraction,
                                    test_fraction=args.test_fraction, seed=args.seed,
                                    new_optimizer=lambda: make_optimizer(args), **recipe)
            mean, std = report.mean_std(scores)
            cv = {"folds": args.cv, "metric": "accuracy" if task == "classification" else "r2",
                  "scores": scores, "mean": mean, "std": std}
            if args.chatty:
                report.cross_validation(task, args.cv, scores)
                print("the final model, trained on the training rows:")
        pipeline, history, metrics = fit_pipeline(
            rows, targets, task=task, loss=args.loss, optimizer=make_optimizer(args),
            resume=resume, val_fraction=args.val_fraction, test_fraction=args.test_fraction,
            seed=args.seed, splits=splits, on_start=start, report=progress_report, **recipe)
    except NNPureError as error:
        # The core names its function ("split_indices(): ..."); a user needs the file.
        raise NNPureError("%s: %s" % (source, cli.without_function(str(error)))) from None
    if progress:
        progress.finish()
    report.chart(args, history["loss"], report.loss_title(args.model))
    if not args.json:
        if args.patience and history.get("best_epoch"):
            print("kept the weights of epoch %d, the lowest validation loss (stopped after "
                  "epoch %d)" % (history["best_epoch"], history["stopped_epoch"]))
        report.metrics(pipeline, metrics)
    for warning in report.warnings(metrics):
        print("%s: warning: %s" % (PROG, warning), file=sys.stderr)
    pipeline.training["cv"] = cv
    pipeline.training["notices"] = list(notices)
    pipeline.training = dict(settings(args), **pipeline.training)     # what fit_pipeline
    run = dict(pipeline.training, sizes=pipeline.sizes, classes=pipeline.class_names,
               features=pipeline.feature_names, target=target_name,
               dataset=None if args.data else args.dataset,
               loss_history=history["loss"], val_loss_history=history["val_loss"],
               val_accuracy_history=history["val_accuracy"], val=metrics["val"],
               test=metrics["test"],
               parameters=layers(pipeline.network.parameters()))
    if task == "classification":
        run["val_accuracy"] = metrics["val"] and metrics["val"]["accuracy"]
        run["test_accuracy"] = metrics["test"] and metrics["test"]["accuracy"]
    train_rows = split[0][0]
    names, labels = class_labels(targets) if task == "classification" else ([], [])
    plane = {"points": [rows[i] for i in train_rows],
             "labels": [names[labels[i]] for i in train_rows] if names else [],
             "title": "%s on %s: the classes of %s" % (args.model, source, target_name)}
    return run, pipeline, {"title": "%s on %s, predicting %s" % (args.model, source, target_name),
                           "loss": history["loss"],
                           "loss_name": "%s (%s)" % (report.loss_label(args.model),
                                                     "after each epoch" if args.model == "network"
                                                     else "mean over the epoch"),
                           "val_loss": history["val_loss"],
                           "val_accuracy": history["val_accuracy"]}, plane


def layers(parameters):
    """[{"W": W1, "b": b1}, ...] from [W1, b1, W2, b2, ...]."""
    return [{"W": W, "b": b} for W, b in zip(parameters[::2], parameters[1::2])]
