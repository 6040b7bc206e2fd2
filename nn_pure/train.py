"""python -m nn_pure.train: train a network from the command line and watch it learn.

With no arguments it runs Tutorial A: the 2-2-1 network learns to tell
Alice, Bob, Charlie and Diana apart, then guesses Emily and Frank.  `train_people()`
is the plain function behind it, for tests and examples; `main(argv)`
parses the flags, prints, and turns bad input into a one-line error.
"""
import sys

from nn_pure.checks import check_count, check_positive
from nn_pure.data import EMILY, FRANK, PEOPLE_X, PEOPLE_Y
from nn_pure.network import PARAM_NAMES, NeuralNetwork
from nn_pure.textplot import line_chart

PROG = "nn_pure.train"
DEFAULT_SEED = 42
NEW_PEOPLE = (("Emily", EMILY), ("Frank", FRANK))

EXAMPLES = """examples:
  python -m nn_pure.train                         # Tutorial A, seed 42, 1000 epochs
  python -m nn_pure.train --seed 7 --epochs 300 --learn-rate 0.05
  python -m nn_pure.train --json > run.json       # the whole run, machine-readable
"""


def train_people(seed=DEFAULT_SEED, epochs=1000, learn_rate=0.1, report_every=0, report=None):
    """Train a seeded NeuralNetwork on the four people; return (net, losses)."""
    net = NeuralNetwork.from_seed(seed)
    losses = net.train(PEOPLE_X, PEOPLE_Y, epochs=epochs, learn_rate=learn_rate,
                       report_every=report_every, report=report)
    return net, losses


def gender(y_pred):
    """Return 'F' for y_pred above one half (the label 1), else 'M'."""
    return "F" if y_pred > 0.5 else "M"


def main(argv=None):
    """Run the command line; return the exit status (0 ok, 2 bad input)."""
    from nn_pure import cli
    return cli.run(PROG, _main, argv)


def _main(argv):
    import json
    from nn_pure import cli

    parser = cli.parser(
        "python -m nn_pure.train",
        "Train the 2-2-1 network of the neuron tutorial on four people and "
        "predict two more.",
        EXAMPLES)
    parser.add_argument("--epochs", type=int, default=1000,
                        help="passes over the data (default 1000)")
    parser.add_argument("--learn-rate", type=float, default=0.1,
                        help="SGD step size, a positive number (default 0.1)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                        help="seed for the initial weights (default %d)" % DEFAULT_SEED)
    parser.add_argument("--report-every", type=int, default=100, metavar="N",
                        help="print the loss every N epochs (default 100, 0 for never)")
    parser.add_argument("--quiet", action="store_true",
                        help="print only the predictions")
    parser.add_argument("--json", action="store_true",
                        help="print one JSON object describing the run, nothing else")
    args = parser.parse_args(argv)
    # Check the flags before printing anything, and name them as the user typed them.
    check_count("command line", "--epochs", args.epochs)
    check_positive("command line", "--learn-rate", args.learn_rate)
    check_count("command line", "--report-every", args.report_every)

    def report(epoch, loss):
        print("epoch %*d/%d  loss %.6f" % (len(str(args.epochs)), epoch, args.epochs, loss))

    chatty = not (args.quiet or args.json)
    if chatty:
        print("training the 2-2-1 network on Alice, Bob, Charlie and Diana")
        print("seed %d, %d epochs, learn rate %g" % (args.seed, args.epochs, args.learn_rate))
    net, losses = train_people(args.seed, args.epochs, args.learn_rate,
                               args.report_every if chatty else 0, report)
    predictions = [(name, x, net.feedforward(x)) for name, x in NEW_PEOPLE]

    if args.json:
        print(json.dumps({
            "model": "network",
            "seed": args.seed,
            "epochs": args.epochs,
            "learn_rate": args.learn_rate,
            "parameters": net.parameters(),
            "loss_history": losses,
            "predictions": [{"name": name, "x": x, "y_pred": y_pred, "label": gender(y_pred)}
                            for name, x, y_pred in predictions],
        }))
        return 0
    if chatty and losses:
        print()
        print(line_chart(losses, title="loss per epoch"))
        print()
    for name, x, y_pred in predictions:
        print("%s (%g, %g): %.3f  %s" % (name, x[0], x[1], y_pred, gender(y_pred)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
