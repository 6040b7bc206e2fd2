"""Cross-validation: the same training recipe scored over K folds of a table.

A single split of a small table is a small sample: one seed's test score can
be off by several points.  K-fold cross-validation trains K models, each
scored on the fold the others trained on, and reports every score.

Glossary: rows and targets as fit_pipeline takes them; k the number of folds.
"""
from nn_pure.checks import NNPureError, check_choice, check_count
from nn_pure.fitting import fit_pipeline, prepare_targets
from nn_pure.losses import LOSSES
from nn_pure.preprocess import split_indices
from nn_pure.rng import RNG


def kfold_indices(labels, k, rng, stratify):
    """Return k lists of positions 0..len(labels)-1: the folds, shuffled by rng.

    With stratify, each class's positions are shuffled and dealt out in turn,
    so every fold keeps the class proportions (to within one row per class).
    >>> from nn_pure.rng import RNG
    >>> folds = kfold_indices([0] * 6 + [1] * 4, 2, RNG(0), True)
    >>> [len(f) for f in folds], sorted(folds[0] + folds[1]) == list(range(10))
    ([5, 5], True)
    """
    where = "kfold_indices()"
    check_count(where, "k", k, 2)
    if len(labels) < k:
        raise NNPureError("%s: %d rows cannot make %d folds; use fewer folds" % (where,
                                                                               len(labels), k))
    if stratify:
        by_class = {}
        for i, label in enumerate(labels):
            by_class.setdefault(label, []).append(i)
        groups = [by_class[label] for label in sorted(by_class)]
    else:
        groups = [list(range(len(labels)))]
    folds = [[] for _ in range(k)]
    turn = 0
    for group in groups:
        rng.shuffle(group)
        for i in group:                 # dealt like cards, continuing across classes
            folds[turn].append(i)
            turn = (turn + 1) % k
    return folds


def cross_validate(rows, targets, k, *, task="classification", val_fraction=0.2,
                   test_fraction=0.2, seed=0, loss=None, new_optimizer=None, report=None,
                   **fit_args):
    """Score fit_pipeline's recipe over k folds of the rows that are not test rows.

    The test rows are the ones fit_pipeline(seed=seed) holds out, so they stay
    unseen here too.  The rest is split into k folds (stratified by class for
    classification) from RNG(seed + 1); fold i is scored by a model trained on
    the other folds, which hold out their own validation share for keeping the
    best epoch.  Returns a list of k scores: accuracy, or R^2 for regression.
    report(i, score), if given, is called after each fold (i counts from 0).
    new_optimizer(), if given, makes each fold's update rule (an optimizer keeps
    state: one per fold).
    """
    where = "cross_validate()"
    check_choice(where, "task", task, ("classification", "regression"))
    if loss is None:
        loss = "softmax" if task == "classification" else "mse"
    check_choice(where, "loss", loss, LOSSES)
    _, y, _, strata = prepare_targets(where, task, loss, targets)
    labels = strata if strata is not None else y
    stratify = task == "classification"
    train, val, _ = split_indices(labels, val_fraction, test_fraction, RNG(seed), stratify)
    pool = sorted(train + val)
    folds = kfold_indices([labels[i] for i in pool], k, RNG(seed + 1), stratify)
    # The validation share of what is left once a fold is out: as in the final model.
    share = val_fraction / (1.0 - test_fraction)
    scores = []
    for i, fold in enumerate(folds):
        rest = []
        for j, other in enumerate(folds):
            if j != i:
                rest += [pool[p] for p in other]
        inner_train, inner_val, _ = split_indices([labels[r] for r in rest], share, 0.0,
                                                  RNG(seed + 2 + i), stratify)
        splits = ([rest[p] for p in inner_train], [rest[p] for p in inner_val],
                  [pool[p] for p in fold])
        if new_optimizer is not None:
            fit_args["optimizer"] = new_optimizer()
        _, _, metrics = fit_pipeline(rows, targets, task=task, loss=loss, seed=seed + 2 + i,
                                     splits=splits, **fit_args)
        value = metrics["test"]["accuracy" if task == "classification" else "r2"]
        scores.append(value)
        if report is not None:
            report(i, value)
    return scores
