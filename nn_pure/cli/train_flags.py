"""The flags of python -m nn_pure.train, checked, with their defaults filled in.

check() runs before any work or output starts: each refusal is one line that
names the flag as the user typed it, flags that do not apply to the chosen
mode are refused rather than ignored, and every count is bounded so that
nothing allocated in proportion to it can exhaust the machine.
"""
import csv

from nn_pure import cli
from nn_pure.checks import check_count, check_positive
from nn_pure.cli.csvfile import delimiter_flag
from nn_pure.cli.outputs import check_outputs
from nn_pure.optim import OPTIMIZERS
from nn_pure import training


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
    # As typed, before defaults: --init refuses those that contradict its saved model.
    args.asked = {"--model": args.model, "--hidden": args.hidden,
                  "--activation": args.activation, "--loss": args.loss,
                  "--weight-decay": args.weight_decay, "--momentum": args.momentum}
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
    args.delimiter = delimiter_flag(args.delimiter)
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
    """The column names in "a,b,c" (None stays None), refusing an empty name.

    Read as a CSV row, so a name holding a comma goes in double quotes, as it does
    in the file: --ignore '"x,1",x2'.
    """
    if text is None:
        return None
    names = [name.strip() for name in next(csv.reader([text]), [])]
    if not names or not all(names):
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
    if args.weight_decay and args.learn_rate * args.weight_decay >= 1.0:
        # The optimizers' own bound (see the note on weight decay in nn_pure/optim.py),
        # said here in terms of the flags.
        raise cli.UsageError("--weight-decay %r with --learn-rate %r would take %.3g times "
                             "each weight off it at every step (the rate times the decay); from "
                             "1 on that throws the weights past zero, so training diverges; "
                             "give a --weight-decay below %.3g (0.0001 to 0.1 is usual)"
                             % (args.weight_decay, args.learn_rate,
                                args.learn_rate * args.weight_decay, 1.0 / args.learn_rate))
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
    if args.val_fraction == 0.0:
        # No validation rows: nothing to stop early on or to pick the best epoch by, so
        # the run keeps its last epoch, as --keep-last does.
        if args.patience:
            raise cli.UsageError("--patience %d watches the validation loss, and --val-fraction "
                                 "0 leaves no validation rows; give --val-fraction 0.2, or "
                                 "leave --patience out" % args.patience)
        args.keep_last = True
        args.patience = 0
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
