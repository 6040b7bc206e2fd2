"""Tests for nn_pure.optim: PyTorch's numbers, exact resuming, weight decay, clipping, errors."""
import json
import math
import unittest

from nn_pure.checks import NNPureError
from nn_pure.gradcheck import numerical_derivative, relative_error
from nn_pure.mlp import MLP
from nn_pure.optim import (OPTIMIZERS, SGD, AdaGrad, Adam, AdamW, RMSprop,
                           clip_by_global_norm)
from nn_pure.rng import RNG
from nn_pure.training import sgd_step


from tests.optim_problem import (GOLDEN_SETTINGS, GOLDEN_STEPS, START,  # noqa: F401
                                 copy_parameters, flatten, golden_gradient, run_golden)


class TestAgainstPyTorch(unittest.TestCase):
    def test_every_setting_matches_torch_optim_float64_to_1e_12(self):
        # Golden numbers: dev/torch_optimizer_golden.py ran these settings through
        # torch.optim in float64 (biases in a parameter group of their own, as decay_biases
        # needs); 100 steps of nn_pure must land within 1e-12 of every parameter.
        from tests import golden_optimizers as golden
        self.assertEqual(golden.START, START, "START changed: rerun the dev script")
        self.assertEqual(golden.STEPS, GOLDEN_STEPS)
        names = [setting[0] for setting in GOLDEN_SETTINGS]
        self.assertEqual(sorted(golden.FINAL), sorted(names), "rerun the dev script")
        for name, kind, options, lr_factor in GOLDEN_SETTINGS:
            with self.subTest(setting=name):
                self.assertEqual(golden.SETTINGS[name], [kind, options_as_lists(options),
                                                         lr_factor])
                ours = flatten(run_golden(name, kind, options, lr_factor))
                theirs = flatten(golden.FINAL[name])
                self.assertEqual(len(ours), len(theirs))
                errors = [abs(a - b) for a, b in zip(ours, theirs)]
                # all(), not max(): max() would pass over a NaN, which fails every <=
                self.assertTrue(all(e <= 1e-12 for e in errors),
                                "%s: off by %r" % (name, max(errors)))
                # And the trajectory went somewhere: the test is not comparing START to START.
                self.assertTrue(max(abs(a - b) for a, b in zip(ours, flatten(START))) > 1e-3)

    def test_every_optimizer_has_at_least_two_golden_settings(self):
        kinds = [setting[1] for setting in GOLDEN_SETTINGS]
        for kind in OPTIMIZERS:
            self.assertGreaterEqual(kinds.count(kind), 2, kind)


def options_as_lists(options):
    return {name: list(value) if isinstance(value, tuple) else value
            for name, value in options.items()}


# ---- the small classification problem the remaining tests train on ----------------------------

def make_problem(seed=5):
    rng = RNG(seed)
    X = [[rng.normal() for _ in range(3)] for _ in range(24)]
    y = [0 if x[0] + 0.5 * x[1] > 0.0 else (1 if x[2] > 0.0 else 2) for x in X]
    return X, y


def train(model, optimizer, X, y, epochs, rng, batch_size=8, clip=None):
    """Shuffled minibatch epochs, each step: loss, backward, (clip,) optimizer.step()."""
    for _ in range(epochs):
        order = list(range(len(X)))         # each epoch's order depends on rng alone
        rng.shuffle(order)
        for start in range(0, len(order), batch_size):
            rows = order[start:start + batch_size]
            model.loss([X[r] for r in rows], [y[r] for r in rows])
            model.backward()
            if clip is not None:
                clip_by_global_norm(model.gradients(), clip)
            optimizer.step(model.parameters(), model.gradients())


RESUME_SETTINGS = [
    ("SGD momentum", SGD, {"momentum": 0.9, "weight_decay": 0.01}),
    ("SGD nesterov", SGD, {"momentum": 0.9, "nesterov": True}),
    ("AdaGrad", AdaGrad, {"initial_accumulator": 0.1, "weight_decay": 0.001}),
    ("RMSprop centered", RMSprop, {"momentum": 0.5, "centered": True}),
    ("Adam", Adam, {"weight_decay": 0.001}),
    ("AdamW", AdamW, {"decay_biases": True}),
]


class TestResume(unittest.TestCase):
    def test_ten_epochs_saved_loaded_and_ten_more_equal_twenty_bit_for_bit(self):
        # Property: state() holds everything the update depends on.  The state goes
        # through JSON, as it would in a model file, into a fresh optimizer.
        X, y = make_problem()
        for label, cls, options in RESUME_SETTINGS:
            with self.subTest(optimizer=label):
                straight = MLP([3, 5, 3], rng=RNG(1))
                rng = RNG(7)
                train(straight, cls(0.01, **options), X, y, 20, rng)

                resumed = MLP([3, 5, 3], rng=RNG(1))
                rng = RNG(7)
                first = cls(0.01, **options)
                train(resumed, first, X, y, 10, rng)
                saved = json.loads(json.dumps(first.state()))
                second = cls(0.5)                   # other hyperparameters: all replaced
                second.load_state(saved, resumed.parameters())
                self.assertEqual(second.state(), first.state())
                train(resumed, second, X, y, 10, rng)

                self.assertEqual(resumed.parameters(), straight.parameters())
                self.assertNotEqual(straight.parameters(), MLP([3, 5, 3], rng=RNG(1)).parameters())

    def test_state_is_plain_json_with_the_hyperparameters(self):
        optimizer = Adam(0.003, betas=(0.8, 0.9), weight_decay=0.1)
        parameters = copy_parameters(START)
        optimizer.step(parameters, golden_gradient(parameters, 1))
        state = optimizer.state()
        self.assertEqual(json.loads(json.dumps(state)), state)
        self.assertEqual((state["optimizer"], state["learn_rate"], state["betas"], state["step"]),
                         ("Adam", 0.003, [0.8, 0.9], 1))
        self.assertEqual(sorted(state["slots"]), ["m", "v"])
        self.assertEqual(len(state["slots"]["m"][0]), 3)     # shaped like W1: 3 rows of 4
        self.assertEqual(len(state["slots"]["m"][0][0]), 4)

    def test_state_is_a_copy(self):
        # Property: stepping after state() does not change the dict it returned.
        optimizer = SGD(0.1, momentum=0.9)
        parameters = copy_parameters(START)
        optimizer.step(parameters, golden_gradient(parameters, 1))
        state = optimizer.state()
        before = json.dumps(state)
        optimizer.step(parameters, golden_gradient(parameters, 2))
        self.assertEqual(json.dumps(state), before)

    def test_an_unstarted_optimizer_round_trips(self):
        state = RMSprop(0.01, centered=True).state()
        optimizer = RMSprop(0.5)
        optimizer.load_state(state)
        self.assertEqual(optimizer.state(), state)
        self.assertTrue(optimizer.centered)

    def test_centered_rmsprop_takes_a_variance_below_zero_as_zero(self):
        # A state edited by hand: square_avg below grad_avg^2.  The step takes the
        # variance as 0, so d = eps (before, sqrt raised 'math domain error').
        optimizer = RMSprop(0.01, alpha=0.5, eps=0.25, centered=True)
        W = [[1.0]]
        optimizer.step([W], [[[0.0]]])              # creates the state
        state = optimizer.state()
        state["slots"]["square_avg"] = [[[0.0]]]
        state["slots"]["grad_avg"] = [[[2.0]]]
        optimizer.load_state(state)
        optimizer.step([W], [[[1.0]]])
        # v = 0.5 * 0 + 0.5 * 1 = 0.5;  g_avg = 0.5 * 2 + 0.5 * 1 = 1.5;  v - g_avg^2 < 0
        self.assertEqual(W, [[1.0 - 0.01 * 1.0 / 0.25]])


class TestSGD(unittest.TestCase):
    def test_plain_sgd_equals_training_sgd_step_bit_for_bit(self):
        # Regression guard: moving the training loop to SGD() keeps the tutorials' bits.
        X, y = make_problem()
        a, b = MLP([3, 4, 3], rng=RNG(2)), MLP([3, 4, 3], rng=RNG(2))
        optimizer = SGD(0.3)
        for start in range(0, 24, 6):
            for model in (a, b):
                model.loss(X[start:start + 6], y[start:start + 6])
                model.backward()
            sgd_step(a, 0.3)
            optimizer.step(b.parameters(), b.gradients())
        self.assertEqual(a.parameters(), b.parameters())

    def test_first_momentum_step_is_undamped(self):
        # PyTorch's convention: buf = g at t = 1, dampening only from t = 2.
        W = [[0.0]]
        optimizer = SGD(1.0, momentum=0.5, dampening=0.5)
        optimizer.step([W], [[[1.0]]])
        self.assertEqual(W, [[-1.0]])                   # buf = 1
        optimizer.step([W], [[[1.0]]])
        self.assertEqual(W, [[-2.0]])                   # buf = 0.5 * 1 + 0.5 * 1 = 1

    def test_nesterov_looks_ahead(self):
        # g + mu * buf: at t = 1 buf = g, so the step is (1 + mu) * lr * g.
        b = [0.0]
        SGD(0.1, momentum=0.9, nesterov=True).step([b], [[1.0]])
        self.assertAlmostEqual(b[0], -0.19, delta=1e-15)


class TestWeightDecay(unittest.TestCase):
    def test_coupled_decay_is_the_gradient_of_an_l2_penalty_on_the_weights(self):
        # Finite differences: one SGD step with weight_decay wd moves each parameter by
        # -lr * d/dp [loss + (wd / 2) * sum of squared weights], the biases unpenalised.
        X, y = make_problem()
        wd, lr = 0.3, 0.1
        model = MLP([3, 4, 3], rng=RNG(4))

        def penalised_loss():
            total = 0.0
            for P in model.parameters():
                if isinstance(P[0], list):
                    for row in P:
                        for p in row:
                            total += p * p
            return model.loss(X, y) + 0.5 * wd * total

        before = copy_parameters(model.parameters())
        model.loss(X, y)
        model.backward()
        SGD(lr, weight_decay=wd).step(model.parameters(), model.gradients())
        after = copy_parameters(model.parameters())
        # Measure the numerical gradient at the starting point.
        for P, B in zip(model.parameters(), before):
            for (p_row, b_row) in ([(P, B)] if not isinstance(P[0], list) else zip(P, B)):
                p_row[:] = b_row
        for i, (P, A, B) in enumerate(zip(model.parameters(), after, before)):
            rows = zip(P, A, B) if isinstance(P[0], list) else [(P, A, B)]
            for r, (p_row, a_row, b_row) in enumerate(rows):
                for j in range(len(p_row)):
                    with self.subTest(parameter=i, row=r, column=j):
                        analytic = (b_row[j] - a_row[j]) / lr
                        numeric = numerical_derivative(penalised_loss, p_row, j)
                        self.assertLess(relative_error(analytic, numeric), 1e-6)

    def test_biases_decay_only_when_asked(self):
        zero = [[[0.0]], [0.0]]
        for cls in (SGD, AdaGrad, RMSprop, Adam, AdamW):
            with self.subTest(optimizer=cls.__name__):
                parameters = [[[1.0]], [1.0]]
                cls(0.1, weight_decay=0.5).step(parameters, zero)
                self.assertLess(parameters[0][0][0], 1.0)
                self.assertEqual(parameters[1], [1.0])
                cls(0.1, weight_decay=0.5, decay_biases=True).step(parameters, zero)
                self.assertLess(parameters[1][0], 1.0)

    def test_adamw_decays_every_weight_by_the_same_factor_and_adam_does_not(self):
        # Decoupled: p * (1 - lr * wd) whatever the gradient.  Coupled: wd * p is
        # divided by sqrt(v_hat) along with the gradient, so large gradients shrink it.
        for cls, same in ((AdamW, True), (Adam, False)):
            W = [[1.0, 1.0]]
            G = [[100.0, 0.001]]
            plain = [[1.0, 1.0]]
            cls(0.01, weight_decay=0.1).step([W], [G])
            cls(0.01, weight_decay=0.0).step([plain], [copy_parameters([G])[0]])
            shifts = [w - p for w, p in zip(W[0], plain[0])]
            with self.subTest(optimizer=cls.__name__):
                self.assertEqual(abs(shifts[0] - shifts[1]) < 1e-9, same)


class TestClipByGlobalNorm(unittest.TestCase):
    def test_hand_computed_case(self):
        # Hand computation: 1^2 + 2^2 + 2^2 + 4^2 = 25, so total = 5; max_norm 2.5 halves
        # everything (less PyTorch's 1e-6 guard): scale = 2.5 / (5 + 1e-6).
        gradients = [[[1.0, -2.0]], [2.0, 4.0]]
        total = clip_by_global_norm(gradients, 2.5)
        self.assertEqual(total, 5.0)
        scale = 2.5 / (5.0 + 1e-6)
        self.assertEqual(gradients, [[[1.0 * scale, -2.0 * scale]], [2.0 * scale, 4.0 * scale]])
        self.assertAlmostEqual(clip_by_global_norm(gradients, 100.0), 2.5, delta=1e-6)

    def test_short_gradients_are_left_alone(self):
        gradients = [[[0.3]], [0.4]]
        self.assertAlmostEqual(clip_by_global_norm(gradients, 0.5 + 1e-6), 0.5, delta=1e-15)
        self.assertEqual(gradients, [[[0.3]], [0.4]])

    def test_clipped_training_still_learns(self):
        X, y = make_problem()
        model = MLP([3, 6, 3], rng=RNG(1))
        before = model.loss(X, y)
        train(model, Adam(0.05), X, y, 30, RNG(3), clip=0.5)
        self.assertLess(model.loss(X, y), before / 2)


class TestLearning(unittest.TestCase):
    def test_every_optimizer_halves_the_loss(self):
        # Property: with its usual settings, each one trains the small problem.
        X, y = make_problem()
        rates = {"sgd": 0.3, "adagrad": 0.1, "rmsprop": 0.01, "adam": 0.02, "adamw": 0.02}
        for name, cls in OPTIMIZERS.items():
            with self.subTest(optimizer=name):
                model = MLP([3, 6, 3], rng=RNG(1))
                before = model.loss(X, y)
                train(model, cls(rates[name]), X, y, 40, RNG(3))
                self.assertLess(model.loss(X, y), before / 2)

    def test_a_schedule_may_change_learn_rate_between_steps(self):
        W = [[0.0]]
        optimizer = SGD(1.0)
        optimizer.step([W], [[[1.0]]])
        optimizer.learn_rate = 0.5
        optimizer.step([W], [[[1.0]]])
        self.assertEqual(W, [[-1.5]])


class TestErrors(unittest.TestCase):
    def test_bad_hyperparameters_are_named_with_a_fix(self):
        cases = [
            (lambda: SGD(0.0), NNPureError, r"SGD\(\): learn_rate is 0.0 but must be positive"),
            (lambda: SGD("0.1"), TypeError, r"SGD\(\): learn_rate must be a number, got str"),
            (lambda: SGD(0.1, momentum=1.0), NNPureError,
             r"SGD\(\): momentum is 1.0 but must lie in \[0, 1\); 0.9 is usual"),
            (lambda: SGD(0.1, momentum=-0.1), NNPureError, r"momentum is -0.1"),
            (lambda: SGD(0.1, dampening=1.5), NNPureError, r"dampening is 1.5 .* \[0, 1\]"),
            (lambda: SGD(0.1, nesterov=True), NNPureError,
             r"SGD\(\): nesterov=True needs momentum > 0 and dampening = 0.*momentum=0.9"),
            (lambda: SGD(0.1, momentum=0.9, dampening=0.1, nesterov=True), NNPureError,
             r"dampening=0.1"),
            (lambda: SGD(0.1, nesterov=1), TypeError,
             r"SGD\(\): nesterov must be True or False, got int 1"),
            (lambda: SGD(0.1, weight_decay=-1e-4), NNPureError,
             r"SGD\(\): weight_decay is -0.0001 but must be 0 or more; try 1e-4"),
            (lambda: SGD(0.1, weight_decay=float("nan")), NNPureError, r"must be finite"),
            (lambda: SGD(0.1, decay_biases="yes"), TypeError, r"decay_biases must be True"),
            (lambda: AdaGrad(0.1, eps=0.0), NNPureError, r"AdaGrad\(\): eps is 0.0 but must be "
                                                         r"positive"),
            (lambda: AdaGrad(0.1, initial_accumulator=-1), NNPureError,
             r"initial_accumulator is -1.0 but must be 0 or more; 0 is PyTorch's"),
            (lambda: RMSprop(0.1, alpha=1.0), NNPureError,
             r"RMSprop\(\): alpha is 1.0 but must lie in \[0, 1\); 0.99 is usual"),
            (lambda: RMSprop(0.1, centered=None), TypeError, r"centered must be True or False"),
            (lambda: Adam(0.1, betas=0.9), TypeError,
             r"Adam\(\): betas must be a pair \(beta1, beta2\) such as \(0.9, 0.999\), got 0.9"),
            (lambda: Adam(0.1, betas=(0.9, 1.0)), NNPureError,
             r"Adam\(\): betas\[1\] is 1.0 but must lie in \[0, 1\); 0.999 is usual"),
            (lambda: AdamW(0.1, weight_decay=-0.01), NNPureError,
             r"AdamW\(\): weight_decay is -0.01 but must be 0 or more"),
            (lambda: AdamW(0.1, betas=(-0.1, 0.9)), NNPureError, r"AdamW\(\): betas\[0\]"),
        ]
        for make, error, message in cases:
            with self.subTest(message=message):
                with self.assertRaisesRegex(error, message):
                    make()

    def test_keyword_only_options(self):
        # Positional options are too easy to swap (momentum for dampening): name them.
        with self.assertRaises(TypeError):
            SGD(0.1, 0.9)

    def test_bad_steps_are_named_with_a_fix(self):
        W, b = [[1.0, 2.0]], [0.5]
        cases = [
            (([W, b], [[[1.0, 2.0]]]), NNPureError,
             r"Adam.step\(\): 2 parameters but 1 gradients; pass model.parameters\(\) and "
             r"model.gradients\(\) of the same model"),
            (([W, b], [[[1.0, 2.0]], None]), TypeError,
             r"Adam.step\(\): gradients\[1\] is None; call model.backward\(\) before"),
            (([W, b], [[[1.0]], [0.1]]), NNPureError,
             r"gradients\[0\] has shape \(1, 1\) but parameters\[0\] has \(1, 2\); each "
             r"gradient must be shaped like its parameter"),
            (([[[1.0], [1.0, 2.0]]], [[[1.0], [1.0]]]), NNPureError,
             r"parameters\[0\]\[1\] is not a row of 1 numbers like parameters\[0\]\[0\]"),
            ((b, b), TypeError, r"parameters\[0\] must be a non-empty list \(a bias vector\) "
                                r"or list of rows \(a weight matrix\), got float"),
            (((W,), [W]), TypeError, r"pass model.parameters\(\) and model.gradients\(\), two "
                                     r"lists; got tuple and list"),
        ]
        for args, error, message in cases:
            with self.subTest(message=message):
                with self.assertRaisesRegex(error, message):
                    Adam(0.1).step(*args)

    def test_a_broken_schedule_is_caught_at_the_step(self):
        optimizer = Adam(0.1)
        optimizer.learn_rate = -0.1
        with self.assertRaisesRegex(NNPureError, r"Adam.step\(\): learn_rate is -0.1 but must "
                                                 r"be positive"):
            optimizer.step([[[1.0]]], [[[1.0]]])

    def test_parameters_of_another_model_are_refused(self):
        optimizer = Adam(0.1)
        optimizer.step([[[1.0]]], [[[1.0]]])
        with self.assertRaisesRegex(NNPureError, r"the parameters have shapes \[\(2,\)\] but this "
                                                 r"optimizer's state was made for \[\(1, 1\)\]; "
                                                 r"use one optimizer per model"):
            optimizer.step([[1.0, 2.0]], [[1.0, 2.0]])

    def test_bad_states_are_named_with_a_fix(self):
        optimizer = Adam(0.1)
        parameters = copy_parameters(START)
        optimizer.step(parameters, golden_gradient(parameters, 1))
        good = optimizer.state()

        def edited(**changes):
            state = json.loads(json.dumps(good))
            state.update(changes)
            return state

        short_m = edited()
        short_m["slots"]["m"] = short_m["slots"]["m"][:3]
        nan_v = edited()
        nan_v["slots"]["v"][1][0] = float("nan")
        cases = [
            (Adam(0.1), [], TypeError, r"Adam.load_state\(\): state must be the dict that "
                                       r"state\(\) returned, got list"),
            (SGD(0.1), good, NNPureError, r"SGD.load_state\(\): this state was saved by 'Adam', "
                                          r"not SGD; load it into Adam\(\.\.\.\) instead"),
            (Adam(0.1), {"optimizer": "Adam"}, NNPureError,
             r"the state lacks learn_rate, step, slots, betas, eps"),
            (Adam(0.1), edited(betas=[0.9, 2.0]), NNPureError, r"Adam\(\): betas\[1\] is 2.0"),
            (Adam(0.1), edited(step=-1), NNPureError, r"state\['step'\] is -1 but must be at least 0"),
            (Adam(0.1), edited(slots={"m": []}), NNPureError,
             r"state\['slots'\] holds \['m'\] but after 1 steps this Adam keeps \['m', 'v'\]"),
            (Adam(0.1), short_m, NNPureError, r"state\['slots'\]\['v'\] has shapes .* but the "
                                              r"other state has"),
            (Adam(0.1), nan_v, NNPureError, r"a value in state\['slots'\]\['v'\] is nan"),
        ]
        for optimizer, state, error, message in cases:
            with self.subTest(message=message):
                with self.assertRaisesRegex(error, message):
                    optimizer.load_state(state)
        with self.assertRaisesRegex(NNPureError, r"the state was saved for parameters shaped .* "
                                                 r"load it into the model it was saved from"):
            Adam(0.1).load_state(good, parameters[:2])

    def test_a_refused_state_leaves_the_optimizer_as_it_was(self):
        optimizer = Adam(0.1)
        parameters = copy_parameters(START)
        optimizer.step(parameters, golden_gradient(parameters, 1))
        before = optimizer.state()
        bad = optimizer.state()
        bad["eps"] = -1.0
        bad["learn_rate"] = 0.5
        with self.assertRaises(NNPureError):
            optimizer.load_state(bad)
        self.assertEqual(optimizer.state(), before)

    def test_clip_errors(self):
        with self.assertRaisesRegex(NNPureError, r"clip_by_global_norm\(\): max_norm is 0.0 but "
                                                 r"must be positive"):
            clip_by_global_norm([[1.0]], 0.0)
        with self.assertRaisesRegex(TypeError, r"clip_by_global_norm\(\): gradients must be a "
                                               r"list like model.gradients\(\), got tuple"):
            clip_by_global_norm(([1.0],), 1.0)
        with self.assertRaisesRegex(NNPureError, r"the gradients' norm is inf; training has "
                                                 r"diverged, so lower the learning rate"):
            clip_by_global_norm([[1e200, 1e200]], 1.0)


if __name__ == "__main__":
    unittest.main()
