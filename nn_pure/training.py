"""Minibatch gradient descent: the loop that makes a model learn.

Every step is the same four moves, in the order Tutorial B teaches them:

    loss = model.loss(batch)                forward pass, then the loss
    model.backward()                        backward pass: dW, db for every layer
    optimizer.step(model.parameters(),      the update rule; plain SGD is
                   model.gradients())       W <- W - learn_rate * dW,  b <- b - learn_rate * db
    (evaluate now and then)

Two ways to choose the batches:
- train_random_batches: Tutorial B's regime.  Each iteration draws batch_size
  rows with replacement, so a row may appear twice in a batch and some rows
  not at all for a while.
- train_epochs: an epoch shuffles the rows, then walks them in consecutive
  batches, so every row is seen exactly once per epoch.

At the end, the two tutorials' runs, ready to call on any Python (MicroPython
included): train_people (Tutorial A) and train_tutorial_b (Tutorial B).

Glossary: model an MLP; X, y training rows and labels; rng the seeded RNG that
makes every choice of batch; optimizer the update rule (nn_pure.optim);
history what was measured along the way.
"""
from array import array

from nn_pure.checks import NNPureError, check_count, check_finite_loss, check_positive
from nn_pure.data import PEOPLE_X, PEOPLE_Y, toy_split
from nn_pure.classification_metrics import accuracy
from nn_pure.mlp import MLP
from nn_pure.network import NeuralNetwork
from nn_pure.optim import SGD, clip_by_global_norm
from nn_pure.rng import RNG

# The losses of a long run are kept in an array of the platform's own floats: 'd' where
# a float has 64 bits, 'f' on a board whose floats have 32, where a double would hold
# the same float32 in twice the room.  (Tutorial B's 4000 losses then need one block of
# 16 KB, not 32: a 192 KB board running the core as .py source had no 32 KB left.)
_TINY = 1e-10                   # lost when added to 1.0 in 32 bits, kept in 64
LOSS_TYPECODE = "d" if 1.0 + _TINY != 1.0 else "f"

# ---- defaults, in one place --------------------------------------------------------
# The functions below, fit_pipeline and the command line take these unless told otherwise;
# MLP_* and TABLE_* are read only by the command line (nn_pure/cli/train_flags.py).

DEFAULT_SEED = 42               # any fixed seed: the same run on every Python

# Tutorial A: its own numbers.
TUTORIAL_A_EPOCHS = 1000
TUTORIAL_A_LEARN_RATE = 0.1

# Tutorial B's code applies 0.01 to a gradient it never divides by the batch size, so
# its step is 0.01 times a *sum* over 4 rows.  nn_pure's gradient is the true mean,
# so the same step needs 0.01 * 4 = 0.04; with 0.01, 4000 iterations fall short.
TUTORIAL_B_ITERATIONS = 4000
TUTORIAL_B_BATCH_SIZE = 4
TUTORIAL_B_LEARN_RATE = 0.04

# An MLP on a built-in data set (XOR, Tutorial B's toy data): 40 rows or fewer, so
# batches of 4 give ten steps an epoch, and 200 epochs finish in a blink.
MLP_EPOCHS = 200
MLP_BATCH_SIZE = 4
MLP_LEARN_RATE = 0.1

# train_epochs and fit_pipeline when called without them, and Tutorial A's network on a
# table (--model network --data, which learns by its own per-sample SGD): small batches
# learn a small table in few epochs; standardized inputs make 0.1 a safe step for SGD.
EPOCHS = 100
BATCH_SIZE = 8
LEARN_RATE = 0.1

# A table of your own with --model mlp (the default) or softmax: `python -m nn_pure.train
# --data FILE --target COLUMN`.  Chosen by measurement on the 14 tables of examples/data
# over six seeds, beside scikit-learn on the same split: docs/defaults.md has the numbers
# and the commands that reproduce them.  One rule for both tasks where one rule won:
TABLE_OPTIMIZER = "adam"        # a step per weight, scaled by its own gradient history:
                                # one rate suits 4 inputs (iris) and 67 (cars93); SGD at
                                # 0.1 overshot cars93 (best epoch 2, R^2 0.52 at seed 42)
TABLE_LEARN_RATE = 0.01         # Adam at 0.001 (PyTorch's own default) needed 2-3 times
                                # the epochs and scored lower on cars93 and tips
TABLE_BATCH_SIZE = 16           # Adam's averaged steps need no smaller batches, and half
                                # the steps of SGD's 8 take half the time
TABLE_HIDDEN = (32,)            # one tanh layer of 32: digits (64 inputs, 10 classes)
                                # reached 96.8% (scikit-learn 97.2%) where 16 reached 95.5%
                                # and 8 94.3%; no other table moved by more than 0.6 points
# ... and one rule each where the tasks differ, keyed by the task:
TABLE_WEIGHT_DECAY = {          # L2 on the weights (not biases), coupled as in torch Adam
    "classification": 0.0,      # none helped: keeping the best epoch regularizes enough,
                                # and 0.1 cost iris 3 points, digits 5 and leaf 6
    "regression": 0.1}          # small regression tables overfit within a few epochs: with
                                # 0 tips' R^2 fell below 0 (seed 1) and cars93 averaged
                                # 0.62; 0.1 keeps tips above 0 and lifts cars93 to 0.90
TABLE_EPOCHS = {                # the most epochs a run takes ...
    "classification": 100,
    "regression": 200}          # decayed weights learn slowly: the best epochs reach 100+
TABLE_PATIENCE = {              # ... stopping once the validation loss has not improved
    "classification": 20,       # for this many epochs (the best epoch's weights are kept):
    "regression": 30}           # most runs stop long before the limit, in seconds


def sgd_step(model, learn_rate):
    """Move every weight and bias against its gradient, in place: p <- p - learn_rate * dp.

    Tutorial B's update, as one call: SGD(learn_rate).step(model.parameters(),
    model.gradients()).
    """
    SGD(learn_rate).step(model.parameters(), model.gradients())


def train_random_batches(model, X, y, *, iterations=TUTORIAL_B_ITERATIONS,
                         batch_size=TUTORIAL_B_BATCH_SIZE, learn_rate=TUTORIAL_B_LEARN_RATE,
                         optimizer=None, rng=None, X_val=None, y_val=None, report_every=100,
                         validate_every=500, report=None, progress=None):
    """Tutorial B's regime: `iterations` steps, each on batch_size rows drawn with replacement.

    optimizer is the update rule (default: plain SGD at learn_rate).  Every
    report_every iterations the accuracy on that step's batch is recorded (as
    the tutorial does: the batch just trained on, measured before its update);
    every validate_every iterations the accuracy on (X_val, y_val), if given.
    report, if given, is called as report(kind, iteration, accuracy) with kind
    'train' or 'val', iterations counted from 1.  progress, if given, is
    called as progress(iteration, history) every report_every iterations,
    once that iteration's accuracies are recorded: history['loss'][iteration - 1]
    is the loss of the batch whose accuracy is history['train_accuracy']
    [iteration // report_every - 1] (the lists are allocated whole, up front).  Returns a
    history dict: 'loss' (one per iteration, in an array of doubles),
    'train_accuracy' and 'val_accuracy' (lists of (iteration, accuracy) pairs).
    """
    where = "train_random_batches()"
    X, y = model.check_data(where, X, y)
    check_count(where, "iterations", iterations)
    check_count(where, "batch_size", batch_size, 1)
    optimizer = update_rule(where, optimizer, learn_rate)
    check_count(where, "report_every", report_every)
    check_count(where, "validate_every", validate_every)
    if X_val is not None:
        if y_val is None:
            raise NNPureError("%s: X_val is given but y_val is not; pass the validation "
                              "labels too" % where)
        X_val, y_val = model.check_data(where + " validation", X_val, y_val)
    rng = rng if rng is not None else RNG(0)
    classifier = model.task == "classification"

    # Every list of the history is allocated whole, up front.  Grown one append at a
    # time while thousands of small floats are created, a list can fail on MicroPython:
    # the heap fragments until no contiguous block is left for it, though most is free.
    # (Measured on an emulated board with 140 KiB of heap: Tutorial B's run failed
    # appending its 21st training accuracy; sized up front, it runs.)  The losses go in
    # an array of the platform's floats (LOSS_TYPECODE), not a list: 8 bytes each (4 on a
    # 32-bit-float board) instead of a 16-byte float object apiece scattered over the
    # heap, which on a small heap made every step's allocations call the garbage
    # collector (Tutorial B in 300 KB: 0.75 s -> 0.30 s on MicroPython's unix port).
    # It indexes, slices and iterates like a list.
    n_train = iterations // report_every if report_every and classifier else 0
    n_val = iterations // validate_every if validate_every and X_val is not None else 0
    # (range(iterations) only sizes the array, in one allocation: every slot is written
    # below.  bytes(8 * iterations) would need a second block as large, for a moment,
    # which a 192 KB board holding the core as .py source did not have.)
    history = {"loss": array(LOSS_TYPECODE, range(iterations)),
               "train_accuracy": [None] * n_train,
               "val_accuracy": [None] * n_val}
    for iteration in range(1, iterations + 1):
        rows = [rng.randrange(len(X)) for _ in range(batch_size)]
        history["loss"][iteration - 1] = step(model, X, y, rows, optimizer, where, iteration)

        if n_train and iteration % report_every == 0:
            # The tutorial scores the outputs it just computed: this batch, before the step.
            batch_accuracy = accuracy([y[r] for r in rows], model.loss_layer.last_predictions())
            history["train_accuracy"][iteration // report_every - 1] = (iteration,
                                                                         batch_accuracy)
            if report is not None:
                report("train", iteration, batch_accuracy)
        if n_val and iteration % validate_every == 0:
            val_accuracy = accuracy(y_val, model.predict(X_val, checked=True))
            history["val_accuracy"][iteration // validate_every - 1] = (iteration, val_accuracy)
            if report is not None:
                report("val", iteration, val_accuracy)
        if progress is not None and report_every and iteration % report_every == 0:
            progress(iteration, history)
    return history


def train_epochs(model, X, y, *, epochs=EPOCHS, batch_size=BATCH_SIZE, learn_rate=LEARN_RATE,
                 optimizer=None, rng=None, X_val=None, y_val=None, schedule=None,
                 clip_norm=None, patience=None, restore_best=False, first_epoch=1,
                 report=None):
    """Train for `epochs` passes; each shuffles the rows and steps on consecutive batches.

    optimizer is the update rule (default: plain SGD at learn_rate).  The last
    batch of an epoch may be smaller.  After each epoch the history records
    'loss' (the mean training loss over the epoch's rows, as measured batch by
    batch while training) and, when (X_val, y_val) is given, 'val_loss' (the
    loss as the model predicts, dropout off) and, for classifiers,
    'val_accuracy'.  report, if given, is called as report(epoch, history)
    after each epoch.

    Options, each off by default:
    - schedule(epoch) gives each epoch's learning rate (nn_pure.schedules);
    - clip_norm scales each step's gradients down to that global norm at most;
    - patience stops training once the validation loss has not improved for
      that many epochs (early stopping), and restore_best puts back the
      weights of the epoch with the lowest validation loss when training ends;
      history['best_epoch'] says which epoch that was, and
      history['stopped_epoch'] the epoch training stopped after.
    - first_epoch numbers the epochs from there (a resumed run goes on from
      where the saved one stopped, so its schedule does too).
    """
    where = "train_epochs()"
    X, y = model.check_data(where, X, y)
    check_count(where, "epochs", epochs)
    check_count(where, "batch_size", batch_size, 1)
    optimizer = update_rule(where, optimizer, learn_rate)
    if clip_norm is not None:
        clip_norm = check_positive(where, "clip_norm", clip_norm)
    if schedule is not None and not callable(schedule):
        raise TypeError("%s: schedule must be a function of the epoch, such as "
                        "make_schedule(%r, learn_rate, epochs) from nn_pure.schedules, got %r"
                        % (where, schedule, schedule))
    if patience is not None:
        check_count(where, "patience", patience, 1)
    if X_val is not None:
        if y_val is None:
            raise NNPureError("%s: X_val is given but y_val is not; pass the validation "
                              "labels too" % where)
        X_val, y_val = model.check_data(where + " validation", X_val, y_val)
    elif patience is not None or restore_best:
        raise NNPureError("%s: early stopping watches the validation loss; pass X_val and "
                          "y_val, or leave patience and restore_best off" % where)
    rng = rng if rng is not None else RNG(0)
    classifier = model.task == "classification"

    history = {"loss": [], "val_loss": [], "val_accuracy": [], "best_epoch": None,
               "stopped_epoch": None}
    best_loss, best_parameters = None, None
    for epoch in range(first_epoch, first_epoch + epochs):
        if schedule is not None:
            optimizer.learn_rate = schedule(epoch)
        # Each epoch shuffles the rows from their file order, so that its order depends
        # on the random state alone, and a resumed run can draw the same orders again.
        order = list(range(len(X)))
        rng.shuffle(order)
        total = 0.0
        for start in range(0, len(order), batch_size):
            rows = order[start:start + batch_size]
            loss = step(model, X, y, rows, optimizer, where, epoch, clip_norm)
            total += loss * len(rows)           # the batch loss is a mean; weight it by size
        history["loss"].append(total / len(X))
        history["stopped_epoch"] = epoch
        if X_val is not None:
            val_loss = model.batch_loss(X_val, y_val, training=False)
            history["val_loss"].append(val_loss)
            if classifier:
                history["val_accuracy"].append(accuracy(y_val,
                                                        model.loss_layer.last_predictions()))
            if best_loss is None or val_loss < best_loss:
                best_loss, history["best_epoch"] = val_loss, epoch
                if restore_best:
                    best_parameters = copy_parameters(model.parameters())
        if report is not None:
            report(epoch, history)
        if patience is not None and epoch - history["best_epoch"] >= patience:
            break                       # no better validation loss for `patience` epochs
    if best_parameters is not None:
        model.set_parameters(best_parameters)
    return history


def copy_parameters(parameters):
    """Return a copy of [W1, b1, ...] that later steps cannot change."""
    return [[row[:] for row in p] if p and type(p[0]) is list else p[:] for p in parameters]


def update_rule(where, optimizer, learn_rate):
    """Return the optimizer, or plain SGD at learn_rate if it is None; refuse anything that
    is not an update rule (a name such as 'adam', or the class Adam itself)."""
    if optimizer is None:
        return SGD(check_positive(where, "learn_rate", learn_rate))
    if isinstance(optimizer, type) or not callable(getattr(optimizer, "step", None)):
        raise TypeError("%s: optimizer must be an update rule made from nn_pure.optim, such "
                        "as Adam(0.01) or OPTIMIZERS['adam'](0.01); got %r"
                        % (where, optimizer))
    return optimizer


def step(model, X, y, rows, optimizer, where, number, clip_norm=None):
    """One step of descent on the given rows of (X, y); return the batch's mean loss.

    X and y must already be checked (model.check_data); `number` is the step or
    epoch that a divergence message names.
    """
    loss = model.batch_loss([X[r] for r in rows], [y[r] for r in rows])   # forward, loss
    check_finite_loss(where, loss, number, optimizer.learn_rate,
                      getattr(optimizer, "weight_decay", 0.0))
    model.backward()                                                        # dW, db everywhere
    gradients = model.gradients()           # built once: the clip scales these lists in place
    if clip_norm is not None:
        clip_by_global_norm(gradients, clip_norm)                           # |g| <= clip_norm
    optimizer.step(model.parameters(), gradients)                           # W -= rate * dW ...
    return loss


# ---- the two tutorials' runs, ready to call --------------------------------------

def train_people(seed=DEFAULT_SEED, epochs=TUTORIAL_A_EPOCHS, learn_rate=TUTORIAL_A_LEARN_RATE,
                 *, report_every=0, report=None):
    """Tutorial A: train a seeded NeuralNetwork on the four people; return (net, losses)."""
    net = NeuralNetwork.from_seed(seed)
    losses = net.train(PEOPLE_X, PEOPLE_Y, epochs=epochs, learn_rate=learn_rate,
                       report_every=report_every, report=report)
    return net, losses


def train_tutorial_b(seed=DEFAULT_SEED, *, iterations=TUTORIAL_B_ITERATIONS,
                     batch_size=TUTORIAL_B_BATCH_SIZE, learn_rate=TUTORIAL_B_LEARN_RATE,
                     report=None, splits=None, report_every=100, validate_every=500,
                     progress=None):
    """Tutorial B on its toy data (or on splits given as three (X, y) pairs).

    The model is a single Linear layer with standard normal weights and the
    softmax cross-entropy loss: MLP([n_features, n_classes], weight_scale=1.0).
    report, report_every, validate_every and progress are train_random_batches';
    they measure and print, and change no number of the training.
    Returns (model, history, test_accuracy).
    """
    (X, y), (X_val, y_val), (X_test, y_test) = splits or toy_split()
    rng = RNG(seed)
    model = MLP([len(X[0]), max(y) + 1], loss="softmax", rng=rng, weight_scale=1.0)
    history = train_random_batches(model, X, y, iterations=iterations, batch_size=batch_size,
                                   learn_rate=learn_rate, rng=rng, X_val=X_val, y_val=y_val,
                                   report=report, report_every=report_every,
                                   validate_every=validate_every, progress=progress)
    return model, history, accuracy(y_test, model.predict(X_test))
