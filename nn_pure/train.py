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

The plain functions behind each run (nn_pure.training's train_people and
train_tutorial_b, nn_pure.pipeline.fit_pipeline) are what tests and examples
call, and all of them run on MicroPython; main(argv)
parses the flags, prints, writes files, and turns bad input into a one-line
error with exit status 2.
"""
import os

from nn_pure.checks import check_count, check_positive
from nn_pure.data import EMILY, FRANK, toy_split, xor_split
from nn_pure.metrics import accuracy
from nn_pure.mlp import MLP
from nn_pure.pipeline import Pipeline
from nn_pure.rng import RNG
from nn_pure.textplot import line_chart
from nn_pure.training import DEFAULT_SEED, TUTORIAL_B_LEARN_RATE, train_people, train_tutorial_b

PROG = "nn_pure.train"
NEW_PEOPLE = (("Emily", EMILY), ("Frank", FRANK))
PEOPLE_FEATURES = ["weight_minus_135", "height_minus_66"]
PEOPLE_CLASSES = ["M", "F"]             # label 0 is male, 1 female, as in Tutorial A

# (epochs or iterations, batch size, learning rate) when not given on the command line.
DEFAULTS = {"network": (1000, 1, 0.1), "softmax": (4000, 4, TUTORIAL_B_LEARN_RATE),
            "mlp": (200, 4, 0.1), "csv": (100, 8, 0.1)}

EXAMPLES = """examples:
  python -m nn_pure.train                          # Tutorial A, seed 42, 1000 epochs
  python -m nn_pure.train --seed 7 --epochs 300 --learn-rate 0.05
  python -m nn_pure.train --model softmax          # Tutorial B on its 16 points
  python -m nn_pure.train --model mlp --hidden 8 --dataset xor
  python -m nn_pure.train --data examples/data/iris.csv --target species \\
      --model mlp --hidden 8 --save iris.json --plot iris.svg
  python -m nn_pure.train --json > run.json        # the whole run, machine-readable

defaults: network 1000 epochs at learn rate 0.1; softmax 4000 iterations of
batches of 4 at 0.04 (Tutorial B's step; see nn_pure/training.py); mlp 200 epochs
of batches of 4 at 0.1, tanh, --hidden 8.  With --data: --model mlp, 100 epochs
of batches of 8 at 0.1, 20% validation, 20% test.  The task is regression when
the target holds fractional numbers or more than 10 distinct numbers, else
classification; --task overrides.
"""


def builtin_splits(name, rng):
    """Return the (train, validation, test) (X, y) pairs of the built-in data set `name`."""
    return toy_split() if name == "toy" else xor_split(rng)


def gender(y_pred):
    """Return 'F' for y_pred above one half (the label 1), else 'M'."""
    return "F" if y_pred > 0.5 else "M"


def main(argv=None):
    """Run the command line; return the exit status (0 ok, 2 bad input)."""
    from nn_pure import cli
    return cli.run(PROG, _main, argv)


def _main(argv):
    args = _parse(argv)
    if args.data:
        run, pipeline, curves = _run_table(args)
    else:
        runner = {"network": _run_network, "softmax": _run_softmax, "mlp": _run_mlp}[args.model]
        run, pipeline, curves = runner(args)
    if args.save:
        from nn_pure.modelfile import save_model
        save_model(pipeline, args.save)
        if args.chatty:
            print("saved the model to %s" % args.save)
    if args.plot:
        from nn_pure.files import write_atomically
        from nn_pure.svgplot import loss_curve_svg
        write_atomically(args.plot, loss_curve_svg(**curves))
        if args.chatty:
            print("wrote the loss curve to %s" % args.plot)
    if args.json:
        import json
        print(json.dumps(run))
    return 0


def _parse(argv):
    from nn_pure import cli

    parser = cli.parser(
        "python -m nn_pure.train",
        "Train a neural network in pure Python and watch it learn.",
        EXAMPLES)
    parser.add_argument("--model", choices=("network", "softmax", "mlp"),
                        help="network (Tutorial A, the default), softmax (Tutorial B) or mlp "
                             "(the default with --data)")
    parser.add_argument("--dataset", choices=("people", "toy", "xor"),
                        help="built-in data: people (network's), toy (Tutorial B's 16 points, "
                             "the default for softmax and mlp) or xor")
    parser.add_argument("--data", metavar="FILE.csv", help="train on your own CSV file")
    parser.add_argument("--target", metavar="COLUMN", help="the CSV column to predict")
    parser.add_argument("--task", choices=("classification", "regression"),
                        help="what the target is (default: decided from its values)")
    parser.add_argument("--hidden", default="8", metavar="SIZES",
                        help="mlp hidden layer sizes, comma-separated (default 8)")
    parser.add_argument("--activation", choices=("tanh", "sigmoid", "relu"), default="tanh",
                        help="mlp hidden activation (default tanh)")
    parser.add_argument("--epochs", type=int, help="passes over the data (network, mlp, --data)")
    parser.add_argument("--iterations", type=int, help="training steps (softmax on built-in data)")
    parser.add_argument("--batch-size", type=int, help="rows per step (softmax, mlp)")
    parser.add_argument("--learn-rate", type=float, help="SGD step size, a positive number")
    parser.add_argument("--val-fraction", type=float, default=0.2, metavar="F",
                        help="share of --data rows held out for validation (default 0.2)")
    parser.add_argument("--test-fraction", type=float, default=0.2, metavar="F",
                        help="share of --data rows held out for the final test (default 0.2)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                        help="seed for the split, initial weights and batches (default %d)"
                             % DEFAULT_SEED)
    parser.add_argument("--save", metavar="MODEL.json",
                        help="save the trained model, for python -m nn_pure.predict")
    parser.add_argument("--plot", metavar="CURVE.svg", help="draw the loss curves as SVG")
    parser.add_argument("--report-every", type=int, metavar="N",
                        help="print progress every N epochs or iterations (0 for never)")
    parser.add_argument("--quiet", action="store_true", help="print only the results")
    parser.add_argument("--json", action="store_true",
                        help="print one JSON object describing the run, nothing else")
    args = parser.parse_args(argv)

    # Fill in the defaults, then check every value before training or printing anything,
    # naming the flags as the user typed them.
    where = "command line"
    if (args.data is None) != (args.target is None):
        raise cli.UsageError("--data and --target go together: name the file and the column "
                             "to predict")
    if args.data and args.dataset:
        raise cli.UsageError("use --data FILE.csv or --dataset, not both")
    if args.task and not args.data:
        raise cli.UsageError("--task applies to --data")
    if args.model is None:
        args.model = "mlp" if args.data else "network"
    tutorial_b = args.model == "softmax" and not args.data
    length, batch_size, learn_rate = DEFAULTS["csv" if args.data else args.model]
    if tutorial_b:
        if args.epochs is not None:
            raise cli.UsageError("--model softmax on built-in data counts --iterations, "
                                 "not --epochs")
        args.iterations = check_count(where, "--iterations",
                                      length if args.iterations is None else args.iterations)
    else:
        if args.iterations is not None:
            raise cli.UsageError("--model %s counts --epochs, not --iterations" % args.model)
        args.epochs = check_count(where, "--epochs", length if args.epochs is None else args.epochs)
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
    args.learn_rate = check_positive(where, "--learn-rate",
                                     learn_rate if args.learn_rate is None else args.learn_rate)
    if args.report_every is None:       # about ten progress lines for a default run
        args.report_every = 100 if args.model in ("network", "softmax") and not args.data else 0
    check_count(where, "--report-every", args.report_every)
    args.hidden_sizes = _hidden_sizes(args.hidden)
    args.dataset = args.dataset or ("people" if args.model == "network" else "toy")
    args.chatty = not (args.quiet or args.json)
    for flag, path in (("--save", args.save), ("--plot", args.plot)):
        if path and not os.path.isdir(os.path.dirname(os.path.abspath(path))):
            raise cli.UsageError("%s %s: the folder %s does not exist"
                                 % (flag, path, os.path.dirname(os.path.abspath(path))))
    return args


def _hidden_sizes(text):
    from nn_pure import cli
    try:
        sizes = [int(part) for part in text.split(",")]
    except ValueError:
        sizes = []
    if not sizes or min(sizes) < 1:
        raise cli.UsageError("--hidden is %r; give one or more positive layer sizes separated "
                             "by commas, such as 8 or 16,8" % text)
    return sizes


# ---- Tutorial A --------------------------------------------------------------

def _run_network(args):
    def report(epoch, loss):
        print("epoch %*d/%d  loss %.6f" % (len(str(args.epochs)), epoch, args.epochs, loss))

    if args.chatty:
        print("training the 2-2-1 network on Alice, Bob, Charlie and Diana")
        print("seed %d, %d epochs, learn rate %g" % (args.seed, args.epochs, args.learn_rate))
    net, losses = train_people(args.seed, args.epochs, args.learn_rate,
                               args.report_every if args.chatty else 0, report)
    predictions = [(name, x, net.feedforward(x)) for name, x in NEW_PEOPLE]
    if not args.json:
        _print_chart(args, losses, "loss per epoch")
        for name, x, y_pred in predictions:
            print("%s (%g, %g): %.3f  %s" % (name, x[0], x[1], y_pred, gender(y_pred)))
    run = {"model": "network", "dataset": "people", "seed": args.seed,
           "epochs": args.epochs, "learn_rate": args.learn_rate,
           "parameters": net.parameters(), "loss_history": losses,
           "predictions": [{"name": name, "x": x, "y_pred": y_pred, "label": gender(y_pred)}
                           for name, x, y_pred in predictions]}
    pipeline = Pipeline(net, PEOPLE_FEATURES, PEOPLE_CLASSES, target_name="gender",
                        training=_settings(args))
    return run, pipeline, {"title": "Tutorial A: the 2-2-1 network", "loss": losses}


# ---- Tutorial B ----------------------------------------------------------------

def _run_softmax(args):
    def report(kind, iteration, value):
        # The tutorial's own wording, as a percentage.
        if kind == "train" and args.report_every and iteration % args.report_every == 0:
            print("iteration %*d  Training Accuracy: %f"
                  % (len(str(args.iterations)), iteration, 100 * value))
        elif kind == "val":
            print("iteration %*d  Validation Accuracy: %f"
                  % (len(str(args.iterations)), iteration, 100 * value))

    splits = builtin_splits(args.dataset, RNG(args.seed + 1))
    if args.chatty:
        print("Tutorial B: a linear layer with softmax cross-entropy on the %s data"
              % args.dataset)
        print("seed %d, %d iterations of batches of %d drawn with replacement, learn rate %g"
              % (args.seed, args.iterations, args.batch_size, args.learn_rate))
    model, history, test_accuracy = train_tutorial_b(
        args.seed, args.iterations, args.batch_size, args.learn_rate,
        report if args.chatty else None, splits)
    (_, _), (X_val, y_val), (_, _) = splits
    val_accuracy = accuracy(model.predict(X_val), y_val)
    if not args.json:
        _print_chart(args, history["loss"], "batch loss per iteration", first_x=1)
        print("Validation Accuracy: %f" % (100 * val_accuracy))
        print("Test Accuracy: %f" % (100 * test_accuracy))
    layer = model.linears[0]
    run = {"model": "softmax", "dataset": args.dataset, "seed": args.seed,
           "iterations": args.iterations, "batch_size": args.batch_size,
           "learn_rate": args.learn_rate, "sizes": model.sizes,
           "parameters": {"W": layer.W, "b": layer.b}, "loss_history": history["loss"],
           "val_accuracy": val_accuracy, "test_accuracy": test_accuracy}
    pipeline = Pipeline(model, target_name="label", training=_settings(args))
    return run, pipeline, {"title": "Tutorial B: softmax on the %s data" % args.dataset,
                           "loss": history["loss"], "x_label": "iteration"}


# ---- MLPs, on built-in data or a CSV file ------------------------------------

def _run_mlp(args):
    """An MLP on a built-in data set: the same workflow as a table, minus standardizing."""
    parts = builtin_splits(args.dataset, RNG(args.seed + 1))
    rows, targets, splits = [], [], []
    for X, y in parts:
        splits.append(list(range(len(rows), len(rows) + len(X))))
        rows += X
        targets += [str(label) for label in y]
    return _fit_and_report(args, rows, targets, None, "label", "classification",
                           "the %s data" % args.dataset, splits=splits, standardize=False)


def _run_table(args):
    from nn_pure.csvdata import choose_task, read_table
    table = read_table(args.data, args.target)
    task, targets = choose_task(table, args.task)
    return _fit_and_report(args, table.rows, targets, table.feature_names, table.target_name,
                           task, args.data)


def _fit_and_report(args, rows, targets, feature_names, target_name, task, source,
                    splits=None, standardize=True):
    from nn_pure.pipeline import fit_pipeline
    from nn_pure.progress import Progress

    progress = Progress(args.epochs, every=args.report_every or None) if args.chatty else None

    def report(epoch, history):
        text = "loss %.4f" % history["loss"][-1]
        if history["val_loss"]:
            text += "  val-loss %.4f" % history["val_loss"][-1]
        if history["val_accuracy"]:
            text += "  val-acc %.3f" % history["val_accuracy"][-1]
        progress.update(epoch, text)

    def start(pipeline, splits):
        # Printed only now, so that a data problem found by the split prints nothing before it.
        shape = {"network": "the 2-2-1 network", "softmax": "a softmax classifier",
                 "mlp": "an MLP"}[args.model]
        activation = " (%s)" % args.activation if args.model == "mlp" else ""
        print("%s %s%s on %s, %s" % (shape, "-".join(str(n) for n in pipeline.sizes),
                                     activation, source, task))
        print("%d training, %d validation, %d test rows" % tuple(len(part) for part in splits))
        print("seed %d, %d epochs of batches of %d, learn rate %g"
              % (args.seed, args.epochs, 1 if args.model == "network" else args.batch_size,
                 args.learn_rate))

    pipeline, history, metrics = fit_pipeline(
        rows, targets, feature_names, target_name, task, args.model, args.hidden_sizes,
        args.activation, args.epochs, args.batch_size, args.learn_rate, args.val_fraction,
        args.test_fraction, args.seed, standardize, splits,
        start if progress else None, report if progress else None)
    if progress:
        progress.finish()
    training = pipeline.training
    _print_chart(args, history["loss"], "training loss per epoch", first_x=1)
    if not args.json:
        _print_metrics(pipeline, metrics)
    run = {"model": args.model, "data": args.data, "dataset": None if args.data else args.dataset,
           "target": target_name, "task": task, "seed": args.seed,
           "sizes": pipeline.sizes, "activation": training["activation"],
           "epochs": args.epochs, "batch_size": training["batch_size"],
           "learn_rate": args.learn_rate, "val_fraction": args.val_fraction,
           "test_fraction": args.test_fraction, "classes": pipeline.class_names,
           "features": pipeline.feature_names, "loss_history": history["loss"],
           "val_loss_history": history["val_loss"],
           "val_accuracy_history": history["val_accuracy"],
           "val": metrics["val"], "test": metrics["test"]}
    if task == "classification":
        run["val_accuracy"] = metrics["val"] and metrics["val"]["accuracy"]
        run["test_accuracy"] = metrics["test"] and metrics["test"]["accuracy"]
    if isinstance(pipeline.network, MLP):
        run["parameters"] = [{"W": lin.W, "b": lin.b} for lin in pipeline.network.linears]
    else:
        run["parameters"] = pipeline.network.parameters()
    pipeline.training.update(_settings(args))
    return run, pipeline, {"title": "%s on %s, predicting %s" % (args.model, source, target_name),
                           "loss": history["loss"],
                           "val_loss": history["val_loss"],
                           "val_accuracy": history["val_accuracy"]}


def _print_metrics(pipeline, metrics):
    for name in ("val", "test"):
        scores = metrics[name]
        label = {"val": "validation", "test": "test"}[name]
        if scores is None:
            print("%s: no rows" % label)
        elif "mse" in scores:
            print("%-11s MSE %.6g" % (label + ":", scores["mse"]))
        else:
            right = sum(scores["confusion"][c][c] for c in range(len(scores["confusion"])))
            total = sum(sum(row) for row in scores["confusion"])
            print("%-11s accuracy %.3f (%d of %d)"
                  % (label + ":", scores["accuracy"], right, total))
    if metrics["test"] and "confusion" in metrics["test"]:
        print()
        print(_confusion_table(pipeline.class_names, metrics["test"]["confusion"]))


def _confusion_table(class_names, counts):
    """Format a confusion matrix: rows are true classes, columns predicted ones."""
    width = max(max(len(name) for name in class_names), 5)
    lines = ["test confusion matrix (rows: true class, columns: predicted)",
             " " * width + "".join("  %*s" % (width, name) for name in class_names)]
    for name, row in zip(class_names, counts):
        lines.append("%-*s" % (width, name) + "".join("  %*d" % (width, n) for n in row))
    return "\n".join(lines)


def _settings(args):
    """What a model file records about the command that trained it."""
    return {"command": "python -m nn_pure.train", "model": args.model, "seed": args.seed,
            "learn_rate": args.learn_rate, "data": args.data,
            "dataset": None if args.data else args.dataset}


def _print_chart(args, values, title, first_x=0):
    if args.chatty and values:
        print()
        print(line_chart(values, title=title, first_x=first_x))
        print()


if __name__ == "__main__":
    raise SystemExit(main())
