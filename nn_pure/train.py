"""python -m nn_pure.train: train a network from the command line and watch it learn.

    --model network   Tutorial A (the default): the 2-2-1 network learns to tell
                      Alice, Bob, Charlie and Diana apart, then guesses Emily and Frank.
    --model softmax   Tutorial B: a linear layer with softmax cross-entropy, trained on
                      random batches of 4, reporting accuracy as the tutorial does.
    --model mlp       A hidden-layer network (--hidden 8, or 16,8 for two layers),
                      trained epoch by epoch; it learns XOR, which softmax cannot.

The plain functions behind each model (train_people, train_tutorial_b, and
nn_pure.training) are what tests and examples call; main(argv) parses the
flags, prints, and turns bad input into a one-line error with exit status 2.
"""
from nn_pure.checks import check_count, check_positive
from nn_pure.data import EMILY, FRANK, PEOPLE_X, PEOPLE_Y, make_xor, toy_split
from nn_pure.metrics import accuracy
from nn_pure.mlp import MLP
from nn_pure.network import NeuralNetwork
from nn_pure.rng import RNG
from nn_pure.textplot import line_chart
from nn_pure.training import train_epochs, train_random_batches

PROG = "nn_pure.train"
DEFAULT_SEED = 42
NEW_PEOPLE = (("Emily", EMILY), ("Frank", FRANK))

# Tutorial B's code applies 0.01 to a gradient it never divides by the batch size, so
# its step is 0.01 times a *sum* over 4 rows.  nn_pure's gradient is the true mean,
# so the same step needs 0.01 * 4 = 0.04; with 0.01, 4000 iterations fall short.
TUTORIAL_B_LEARN_RATE = 0.04

# Per model: (epochs or iterations, batch size, learning rate) when not given.
DEFAULTS = {"network": (1000, 1, 0.1), "softmax": (4000, 4, TUTORIAL_B_LEARN_RATE),
            "mlp": (200, 4, 0.1)}

EXAMPLES = """examples:
  python -m nn_pure.train                          # Tutorial A, seed 42, 1000 epochs
  python -m nn_pure.train --seed 7 --epochs 300 --learn-rate 0.05
  python -m nn_pure.train --model softmax          # Tutorial B on its 16 points
  python -m nn_pure.train --model mlp --hidden 8 --dataset xor
  python -m nn_pure.train --json > run.json        # the whole run, machine-readable

defaults: network 1000 epochs at learn rate 0.1; softmax 4000 iterations of
batches of 4 at 0.04; mlp 200 epochs of batches of 4 at 0.1, tanh, --hidden 8.
"""


def train_people(seed=DEFAULT_SEED, epochs=1000, learn_rate=0.1, report_every=0, report=None):
    """Train a seeded NeuralNetwork on the four people; return (net, losses)."""
    net = NeuralNetwork.from_seed(seed)
    losses = net.train(PEOPLE_X, PEOPLE_Y, epochs=epochs, learn_rate=learn_rate,
                       report_every=report_every, report=report)
    return net, losses


def train_tutorial_b(seed=DEFAULT_SEED, iterations=4000, batch_size=4,
                     learn_rate=TUTORIAL_B_LEARN_RATE, report=None, splits=None):
    """Run Tutorial B on its toy data (or on splits given as three (X, y) pairs).

    The model is a single Linear layer with standard normal weights and the
    softmax cross-entropy loss: MLP([n_features, n_classes], weight_scale=1.0).
    Returns (model, history, test_accuracy).
    """
    (X, y), (X_val, y_val), (X_test, y_test) = splits or toy_split()
    rng = RNG(seed)
    model = MLP([len(X[0]), max(y) + 1], loss="softmax", rng=rng, weight_scale=1.0)
    history = train_random_batches(model, X, y, iterations, batch_size, learn_rate, rng,
                                   X_val, y_val, report=report)
    return model, history, accuracy(model.predict(X_test), y_test)


def xor_split(rng):
    """Return train (40 rows), validation (20) and test (20) sets of noisy XOR."""
    return make_xor(40, rng), make_xor(20, rng), make_xor(20, rng)


def gender(y_pred):
    """Return 'F' for y_pred above one half (the label 1), else 'M'."""
    return "F" if y_pred > 0.5 else "M"


def main(argv=None):
    """Run the command line; return the exit status (0 ok, 2 bad input)."""
    from nn_pure import cli
    return cli.run(PROG, _main, argv)


def _main(argv):
    args = _parse(argv)
    runner = {"network": _run_network, "softmax": _run_softmax, "mlp": _run_mlp}[args.model]
    run = runner(args)
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
    parser.add_argument("--model", choices=("network", "softmax", "mlp"), default="network",
                        help="network (Tutorial A, default), softmax (Tutorial B) or mlp")
    parser.add_argument("--dataset", choices=("people", "toy", "xor"),
                        help="built-in data: people (network's), toy (Tutorial B's 16 points, "
                             "the default for softmax and mlp) or xor")
    parser.add_argument("--hidden", default="8", metavar="SIZES",
                        help="mlp hidden layer sizes, comma-separated (default 8)")
    parser.add_argument("--activation", choices=("tanh", "sigmoid", "relu"), default="tanh",
                        help="mlp hidden activation (default tanh)")
    parser.add_argument("--epochs", type=int, help="passes over the data (network, mlp)")
    parser.add_argument("--iterations", type=int, help="training steps (softmax)")
    parser.add_argument("--batch-size", type=int, help="rows per step (softmax, mlp)")
    parser.add_argument("--learn-rate", type=float, help="SGD step size, a positive number")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                        help="seed for the initial weights and batches (default %d)"
                             % DEFAULT_SEED)
    parser.add_argument("--report-every", type=int, metavar="N",
                        help="print progress every N epochs or iterations (0 for never)")
    parser.add_argument("--quiet", action="store_true", help="print only the results")
    parser.add_argument("--json", action="store_true",
                        help="print one JSON object describing the run, nothing else")
    args = parser.parse_args(argv)

    # Fill in the model's defaults, then check every number before printing anything,
    # naming the flags as the user typed them.
    length, batch_size, learn_rate = DEFAULTS[args.model]
    where = "command line"
    if args.model == "softmax":
        if args.epochs is not None:
            raise cli.UsageError("--model softmax counts --iterations, not --epochs")
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
        args.report_every = max(1, args.epochs // 10) if args.model == "mlp" else 100
    check_count(where, "--report-every", args.report_every)
    args.hidden_sizes = _hidden_sizes(args.hidden)
    args.dataset = args.dataset or ("people" if args.model == "network" else "toy")
    args.chatty = not (args.quiet or args.json)
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
    return {"model": "network", "dataset": "people", "seed": args.seed,
            "epochs": args.epochs, "learn_rate": args.learn_rate,
            "parameters": net.parameters(), "loss_history": losses,
            "predictions": [{"name": name, "x": x, "y_pred": y_pred, "label": gender(y_pred)}
                            for name, x, y_pred in predictions]}


def _run_softmax(args):
    def report(kind, iteration, value):
        # The tutorial's own wording, as a percentage.
        if kind == "train" and args.report_every and iteration % args.report_every == 0:
            print("iteration %*d  Training Accuracy: %f"
                  % (len(str(args.iterations)), iteration, 100 * value))
        elif kind == "val":
            print("iteration %*d  Validation Accuracy: %f"
                  % (len(str(args.iterations)), iteration, 100 * value))

    splits = _built_in_splits(args.dataset, RNG(args.seed + 1))
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
    return {"model": "softmax", "dataset": args.dataset, "seed": args.seed,
            "iterations": args.iterations, "batch_size": args.batch_size,
            "learn_rate": args.learn_rate, "sizes": model.sizes,
            "parameters": {"W": layer.W, "b": layer.b}, "loss_history": history["loss"],
            "val_accuracy": val_accuracy, "test_accuracy": test_accuracy}


def _run_mlp(args):
    rng = RNG(args.seed)
    (X, y), (X_val, y_val), (X_test, y_test) = _built_in_splits(args.dataset, RNG(args.seed + 1))
    sizes = [len(X[0])] + args.hidden_sizes + [max(y) + 1]
    model = MLP(sizes, activation=args.activation, loss="softmax", rng=rng)
    width = len(str(args.epochs))

    def report(epoch, history):
        if args.report_every and (epoch % args.report_every == 0 or epoch == args.epochs):
            print("epoch %*d/%d  loss %.4f  val-loss %.4f  val-acc %.3f"
                  % (width, epoch, args.epochs, history["loss"][-1], history["val_loss"][-1],
                     history["val_accuracy"][-1]))

    if args.chatty:
        print("an MLP %s (%s) on the %s data" % ("-".join(map(str, sizes)), args.activation,
                                                 args.dataset))
        print("seed %d, %d epochs of batches of %d, learn rate %g"
              % (args.seed, args.epochs, args.batch_size, args.learn_rate))
    history = train_epochs(model, X, y, args.epochs, args.batch_size, args.learn_rate, rng,
                           X_val, y_val, report if args.chatty else None)
    val_accuracy = accuracy(model.predict(X_val), y_val)
    test_accuracy = accuracy(model.predict(X_test), y_test)
    if not args.json:
        _print_chart(args, history["loss"], "training loss per epoch", first_x=1)
        print("validation accuracy %.3f, test accuracy %.3f" % (val_accuracy, test_accuracy))
    return {"model": "mlp", "dataset": args.dataset, "seed": args.seed, "sizes": sizes,
            "activation": args.activation, "epochs": args.epochs,
            "batch_size": args.batch_size, "learn_rate": args.learn_rate,
            "parameters": [{"W": linear.W, "b": linear.b} for linear in model.linears],
            "loss_history": history["loss"], "val_loss_history": history["val_loss"],
            "val_accuracy": val_accuracy, "test_accuracy": test_accuracy}


def _built_in_splits(name, rng):
    """Return (train, validation, test) pairs for a built-in data set other than people."""
    return toy_split() if name == "toy" else xor_split(rng)


def _print_chart(args, values, title, first_x=0):
    if args.chatty and values:
        print()
        print(line_chart(values, title=title, first_x=first_x))
        print()


if __name__ == "__main__":
    raise SystemExit(main())
