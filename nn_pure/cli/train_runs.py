"""The runs of python -m nn_pure.train: Tutorial A, Tutorial B, an MLP on built-in data or a table.

Each runner trains through the core (nn_pure.training, nn_pure.fitting),
prints through report.py, and returns (run record for --json, Pipeline for
--save, curves for --plot, the plane for --plot-boundary).
"""
import sys

from nn_pure import cli
from nn_pure.checks import NNPureError, TrainingDiverged
from nn_pure.cli import report
from nn_pure.cli.train_flags import make_optimizer, table_defaults
from nn_pure.data import EMILY, FRANK, PEOPLE_NAMES, PEOPLE_X, PEOPLE_Y, toy_split, xor_split
from nn_pure.fitting import fit_pipeline, resume_epoch
from nn_pure.metrics import accuracy
from nn_pure.pipeline import Pipeline, class_labels
from nn_pure.rng import RNG
from nn_pure.schedules import make_schedule
from nn_pure import training

PROG = "nn_pure.train"


NEW_PEOPLE = (("Emily", EMILY), ("Frank", FRANK))


PEOPLE_FEATURES = ["weight_minus_135", "height_minus_66"]


PEOPLE_CLASSES = ["M", "F"]             # label 0 is male, 1 female, as in Tutorial A


PEOPLE_AXES = ["weight - 135 (pounds)", "height - 66 (inches)"]


def settings(args):
    """Every flag as given or defaulted: the training record of a model file and --json."""
    record = {"command": "python -m nn_pure.train"}
    for name in sorted(vars(args)):
        if name not in ("chatty", "hidden", "json", "quiet", "report_every", "save", "plot",
                        "plot_boundary", "plot_network"):
            record[name] = getattr(args, name)
    return record


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
                           "loss": list(history["loss"]), "x_label": "iteration",
                           "loss_name": "batch-loss (each iteration)"}, plane


def builtin_splits(name, rng):
    """Return the (train, validation, test) (X, y) pairs of the built-in data set `name`."""
    return toy_split() if name == "toy" else xor_split(rng)


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
    for notice in table.notices:
        note(notice)
    if args.plot_boundary and len(table.feature_names) != 2:
        raise NNPureError("%s has %d feature columns; --plot-boundary draws the plane of "
                          "exactly two, so keep two columns besides %r or drop --plot-boundary"
                          % (args.data, len(table.feature_names), args.target))
    if args.plot_boundary and table.categorical:
        # A category has no place on an axis: its one-hot inputs are not a number line.
        raise NNPureError("%s: the feature %r is a category column, but --plot-boundary draws "
                          "a plane of two numeric features; choose two numeric columns with "
                          "--features, or drop --plot-boundary"
                          % (args.data, table.categorical[0]))
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
    # The file fixes the architecture: a flag that asks for another one is refused, not
    # ignored (train_flags.check keeps what was typed in args.asked).
    asked = getattr(args, "asked", {})
    saved = {"--model": network.kind,
             "--hidden": ",".join(str(n) for n in network.sizes[1:-1]),
             "--activation": getattr(network, "activation", None),
             "--loss": network.loss_layer.name if network.kind != "network" else None}
    for flag in ("--model", "--hidden", "--activation", "--loss"):
        value = asked.get(flag)
        if value is not None and str(value).replace(" ", "") != str(saved[flag]):
            raise NNPureError("--init %s holds a model of kind %s%s, but %s asks for %s; the saved "
                              "model keeps its architecture, so leave %s out (or start afresh "
                              "without --init)"
                              % (args.init, network.kind,
                                 " of hidden sizes %s with %s" % (saved["--hidden"],
                                                                  saved["--activation"])
                                 if network.kind == "mlp" else "", flag, value, flag))
    args.model = network.kind
    args.hidden_sizes = list(network.sizes[1:-1])
    args.activation = getattr(network, "activation", args.activation)
    args.loss = network.loss_layer.name if network.kind != "network" else None
    check_resume_state(args.init, pipeline.training, args)
    return pipeline


def check_resume_state(path, training, args):
    """Refuse a damaged training record in the --init file now, naming its key, rather than
    fail in the middle of the run (or resume inexactly): the epoch counts, the optimizer's
    state (at this run's learning rate) and the random state.  Say on stderr when the
    optimizer starts fresh instead of going on from the file's state.  args holds this
    run's flags, the architecture already taken from the file."""
    from nn_pure.cli.train_flags import MAX_EPOCHS
    from nn_pure.optim import OPTIMIZERS
    last = _epoch_count(path, training, "last_epoch", 0, MAX_EPOCHS, "%d" % MAX_EPOCHS)
    if last is not None and last + args.epochs > MAX_EPOCHS:
        raise NNPureError("--init %s stopped after epoch %d, and --epochs %d would go on past "
                          "epoch %d, the most this program counts to; give fewer --epochs"
                          % (path, last, args.epochs, MAX_EPOCHS))
    _epoch_count(path, training, "best_epoch", 1, last or 0,
                 "training.last_epoch (%s)" % ("null" if last is None else last))
    state = training.get("optimizer_state")
    by_name = {}
    for flag_name, optimizer in OPTIMIZERS.items():
        by_name[optimizer.__name__] = (flag_name, optimizer)
    # The optimizer this run steps with (Tutorial A's network keeps no optimizer state).
    wanted = OPTIMIZERS[args.optimizer].__name__ if args.model != "network" else None
    if state is not None:
        key = "training.optimizer_state"
        if not isinstance(state, dict):
            raise NNPureError("%s, key %s: is %s, not the object nn_pure.train saves; "
                              "start afresh without --init" % (path, key, type(state).__name__))
        name = state.get("optimizer")
        if name not in by_name:
            raise NNPureError("%s, key %s.optimizer: is %r, none of %s; was the file edited?"
                              % (path, key, name, ", ".join(sorted(by_name))))
        goes_on = name == wanted
        try:
            # Checks every value and every slot.  A state this run goes on with is checked
            # at this run's rate, which replaces the saved one, so that its weight decay is
            # checked against the rate it steps with; one it drops, at its own.
            by_name[name][1](1.0).load_state(dict(state, learn_rate=args.learn_rate)
                                             if goes_on else state)
        except (NNPureError, TypeError, ValueError) as error:
            message = cli.without_function(str(error))
            raise NNPureError("%s, key %s: %s"
                              % (path, _state_key(key, message, state), message))
    if wanted is not None:
        if state is None:
            note("--init %s holds no optimizer state (training.optimizer_state is %s), so %s "
                 "starts fresh" % (path, "null" if "optimizer_state" in training else "missing",
                                   wanted))
        elif state["optimizer"] != wanted:
            note("--init %s saved %s's optimizer state, but this run uses %s, which starts "
                 "fresh (give --optimizer %s to go on with the saved state)"
                 % (path, state["optimizer"], wanted, by_name[state["optimizer"]][0]))
        else:
            # A resumed optimizer goes on with its saved settings, as PyTorch's
            # load_state_dict does: say so where a flag asked for another, and record
            # the settings the run really uses.
            for flag, setting in (("--weight-decay", "weight_decay"),
                                  ("--momentum", "momentum")):
                if setting not in state:
                    continue
                asked = getattr(args, "asked", {}).get(flag)
                if asked is not None and float(asked) != state[setting]:
                    note("%s %s is not used: the optimizer resumed from %s goes on with its "
                         "saved %s %r (start afresh, without --init, to change it)"
                         % (flag, asked, path, setting, state[setting]))
                setattr(args, setting, state[setting])
    state = training.get("rng_state")
    if state is not None:
        try:
            ok = isinstance(state, str) and len(state) == 16 and int(state, 16) >= 0
        except ValueError:
            ok = False
        if not ok:
            raise NNPureError("%s, key training.rng_state: is %s, not the 16 hex digits "
                              "nn_pure.train saves, so the run cannot go on exactly; was the "
                              "file edited?" % (path, repr(state)[:40]))


def _epoch_count(path, training, key, least, most, most_said):
    """training[key], refused unless it is null or a whole number from least to most."""
    value = training.get(key)
    if value is not None and (type(value) is not int or not least <= value <= most):
        raise NNPureError("%s, key training.%s: is %s, but a saved run's %s is null or a whole "
                          "number from %d to %s; was the file edited?"
                          % (path, key, repr(value)[:40], key.replace("_", " "), least,
                             most_said))
    return value


def note(text):
    """A line on stderr (stdout may be --json) that says what the run did on its own."""
    print("%s: note: %s" % (PROG, text), file=sys.stderr)


def _state_key(key, message, state):
    """The key an optimizer's load_state() message is about: "state['slots']['v'] ..."
    is key.slots.v, "betas must be ..." is key.betas."""
    if "but the other state" in message:     # slots of different shapes: which one is wrong?
        return key + ".slots"
    if message.startswith("state["):
        path = message.split(" ", 1)[0]
        for part in path.split("["):
            part = part.strip("]'")
            if part and part != "state" and part.replace("_", "").isalnum():
                key += "." + part
        return key
    first = message.split(" ", 1)[0]
    for part in ("a value in state['slots']['", "state['slots']['"):
        if part in message:
            return key + ".slots." + message.split(part, 1)[1].split("'", 1)[0]
    if first in state:
        return key + "." + first
    return key


def fit_and_report(args, rows, targets, feature_names, target_name, task, source, *,
                   splits=None, standardize=True, resume=None, encode=None, categorical=(),
                   notices=()):
    first_epoch = resume_epoch(PROG, resume.training) if resume is not None else 1
    progress_report, progress = report.epoch_progress(args, first_epoch)
    split = []

    def start(pipeline, splits):
        split.append(splits)
        if args.plot_network:       # refused now, not after the training it would follow
            from nn_pure.cli.svgnetwork import check_drawable
            check_drawable(pipeline.sizes)
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
            # The fold scores are results, as the metrics are: --quiet keeps them.
            if not args.json:
                report.cross_validation(task, args.cv, scores)
            if args.chatty:
                print("the final model, trained on the training rows:")
        pipeline, history, metrics = fit_pipeline(
            rows, targets, task=task, loss=args.loss, optimizer=make_optimizer(args),
            resume=resume, val_fraction=args.val_fraction, test_fraction=args.test_fraction,
            seed=args.seed, splits=splits, on_start=start, report=progress_report, **recipe)
    except NNPureError as error:
        # The core names its function ("split_indices(): ..."); a user needs the file.
        message = "%s: %s" % (source, cli.without_function(str(error)))
        if resume is not None and isinstance(error, TrainingDiverged):
            state = resume.training.get("optimizer_state")
            kept = isinstance(state, dict) and state.get("optimizer") == \
                type(make_optimizer(args)).__name__
            message += ("; or the cause is --init %s, whose weights%s this run went on from "
                        "(was it edited?)" % (args.init, " and optimizer state" if kept else ""))
        raise NNPureError(message) from None
    if progress:
        progress.finish()
    report.chart(args, history["loss"], report.loss_title(args.model), first_x=first_epoch)
    if not args.json:
        if args.patience and history.get("best_epoch"):
            print("kept the weights of epoch %d, the lowest validation loss (stopped after "
                  "epoch %d)" % (history["best_epoch"], history["stopped_epoch"]))
        report.metrics(pipeline, metrics)
    for warning in report.warnings(metrics, getattr(args, "class_weight", None)):
        print("%s: warning: %s" % (PROG, warning), file=sys.stderr)
    pipeline.training["cv"] = cv
    pipeline.training["notices"] = list(notices)
    pipeline.training = dict(settings(args), **pipeline.training)     # what fit_pipeline
    run = dict(pipeline.training, sizes=pipeline.sizes, classes=pipeline.class_names,
               features=pipeline.feature_names, target=target_name,
               dataset=None if args.data else args.dataset,
               first_epoch=first_epoch,     # of loss_history's first entry
               loss_history=history["loss"], val_loss_history=history["val_loss"],
               val_accuracy_history=history["val_accuracy"], val=metrics["val"],
               test=metrics["test"],
               parameters=layers(pipeline.network.parameters()))
    if task == "classification":
        run["val_accuracy"] = metrics["val"] and metrics["val"]["accuracy"]
        run["test_accuracy"] = metrics["test"] and metrics["test"]["accuracy"]
    train_rows = split[0][0]
    names, labels = class_labels(targets) if task == "classification" else ([], [])
    # A row with a blank cell has no place on the plane (the model filled the cell, but a
    # point drawn at the fill would claim a value the file never gave): leave it out.
    drawn = [i for i in train_rows if None not in rows[i]]
    title = "%s on %s: the classes of %s" % (args.model, source, target_name)
    if len(drawn) < len(train_rows):
        title += " (%d of %d training rows, leaving out those with a blank cell)" % (
            len(drawn), len(train_rows))
    plane = {"points": [rows[i] for i in drawn],
             "labels": [names[labels[i]] for i in drawn] if names else [],
             "title": title}
    return run, pipeline, {"title": "%s on %s, predicting %s" % (args.model, source, target_name),
                           "loss": history["loss"],
                           "loss_name": "%s (%s)" % (report.loss_label(args.model),
                                                     "after each epoch" if args.model == "network"
                                                     else "mean over the epoch"),
                           "val_loss": history["val_loss"],
                           "val_accuracy": history["val_accuracy"],
                           "first_epoch": first_epoch}, plane


def layers(parameters):
    """[{"W": W1, "b": b1}, ...] from [W1, b1, W2, b2, ...]."""
    return [{"W": W, "b": b} for W, b in zip(parameters[::2], parameters[1::2])]
