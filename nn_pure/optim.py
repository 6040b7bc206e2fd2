"""Optimizers: the rule that turns gradients into a change of the parameters.

Plain gradient descent, Tutorial B's update, moves every parameter the same
way:  p <- p - learn_rate * g.  The optimizers here keep a little memory per
parameter (a velocity, a running sum or average of squared gradients) and use
it to choose a better step.  They come in the order they were invented:

    SGD       1951/1964/1983  gradient descent, with optional (Nesterov) momentum
    AdaGrad   2011            a step per parameter, shrinking as its gradients add up
    RMSprop   2012            AdaGrad with a forgetting running average
    Adam      2014            momentum + RMSprop + bias correction
    AdamW     2017            Adam with the weight decay taken out of the gradient

Where they sit in a training step:

    loss = model.loss(X, y)                                    forward pass
    model.backward()                                           gradients
    optimizer.step(model.parameters(), model.gradients())      the update, in place

The equations are the ones PyTorch documents for torch.optim (where eps goes,
how bias correction counts steps, coupled or decoupled weight decay), so the
same hyperparameters give the same numbers there: tests/test_optim.py checks
100 steps of each against PyTorch's float64 results to 1e-12.

Glossary: P one parameter (a weight matrix W or a bias vector b), G its
gradient dL/dP, both shaped alike; p, g one element of each.  t counts steps
from 1.  lr is learn_rate, wd weight_decay.  State such as Adam's m and v is a
list with one entry per parameter, each shaped like that parameter.
"""
from math import isfinite, sqrt

from nn_pure.checks import (NNPureError, TrainingDiverged, check_count, check_number,
                            check_positive)


# ---- weight decay, for every optimizer ------------------------------------------------------
# Weight decay is an L2 penalty (wd / 2) * sum(W^2) on the weight matrices only, so that
# its gradient wd * W pulls every weight toward zero.  Small weights make a smoother
# function; a bias only shifts one unit's output and makes nothing wigglier, so decaying
# it regularises nothing and merely drags outputs toward zero (Goodfellow, Bengio and
# Courville, "Deep Learning", sec. 7.1: biases are left unregularized, and regularizing
# them can cause significant underfitting).  scikit-learn's MLP penalises its coefs_ and
# not its intercepts_; Keras regularises a layer's kernel and bias separately
# (kernel_regularizer, bias_regularizer; both off by default).  PyTorch's weight_decay
# applies to every tensor in a parameter group, so there this takes two groups, as
# nanoGPT's configure_optimizers does (2-D tensors decay, biases do not).
# decay_biases=True gives PyTorch's one-group behaviour.
#
# How large may wd be?  In SGD the decay's part of a step is p <- p - lr * wd * p, a
# weight times (1 - lr * wd), and AdamW multiplies by the same factor.  From lr * wd = 1
# on, that throws every weight past zero at each step, and from 2 on, ever further
# out: training diverges, whatever the data.  So every optimizer refuses lr * wd >= 1.
# (Adam, AdaGrad and RMSprop divide the decay by the gradient's running size, so there
# the bound is not where divergence starts; but a penalty that large drowns the loss
# for them too.)  A schedule only lowers lr below the rate the optimizer was made with.

def _is_matrix(P):
    return type(P[0]) is list


def _rows(P, *others):
    """A matrix is its rows; a vector b is the one-row matrix [b], so one loop serves both."""
    if type(P[0]) is list:
        return zip(P, *others)
    return ((P,) + others,)


def _filled_like(P, value):
    if _is_matrix(P):
        return [[value] * len(row) for row in P]
    return [value] * len(P)


def _copy(P):
    if _is_matrix(P):
        return [list(row) for row in P]
    return list(P)


def _shape(where, name, P):
    """Return (rows, columns) of a matrix or (length,) of a vector; raise if P is neither."""
    if P is None:
        raise TypeError("%s: %s is None; call model.backward() before the optimizer's step()"
                        % (where, name))
    if type(P) is not list or not P:
        raise TypeError("%s: %s must be a non-empty list (a bias vector) or list of rows "
                        "(a weight matrix), got %s" % (where, name, type(P).__name__))
    if type(P[0]) is not list:
        return (len(P),)
    n_columns = len(P[0])
    for i, row in enumerate(P):
        if type(row) is not list or len(row) != n_columns or not row:
            raise NNPureError("%s: %s[%d] is not a row of %d numbers like %s[0]; a weight "
                              "matrix needs equally long rows" % (where, name, i, n_columns, name))
    return (len(P), n_columns)


def _check_fraction(where, name, x, hint, high_closed=False):
    """Return x as a float, or raise unless 0 <= x < 1 (or x <= 1, if high_closed)."""
    x = check_number(where, name, x)
    if x < 0.0 or (x > 1.0 if high_closed else x >= 1.0):
        raise NNPureError("%s: %s is %r but must lie in [0, 1%s; %s"
                          % (where, name, x, "]" if high_closed else ")", hint))
    return x


def _check_nonnegative(where, name, x, hint):
    x = check_number(where, name, x)
    if x < 0.0:
        raise NNPureError("%s: %s is %r but must be 0 or more; %s" % (where, name, x, hint))
    return x


def _check_weight_decay(where, weight_decay, learn_rate, hint):
    """Return weight_decay as a float, or raise unless it is 0 or more and
    learn_rate * weight_decay < 1 (see the note on weight decay above)."""
    weight_decay = _check_nonnegative(where, "weight_decay", weight_decay, hint)
    if learn_rate * weight_decay >= 1.0:
        raise NNPureError("%s: weight_decay %r times learn_rate %r is %r, but must stay below "
                          "1: each step shrinks a weight by that share of itself, so 1 or "
                          "more throws it past zero; %s"
                          % (where, weight_decay, learn_rate, learn_rate * weight_decay, hint))
    return weight_decay


def _check_flag(where, name, x):
    if not isinstance(x, bool):
        raise TypeError("%s: %s must be True or False, got %s %r"
                        % (where, name, type(x).__name__, x))
    return x


class _Optimizer:
    """What the five optimizers share: checking a step's input, state, state() and load_state().

    A subclass sets self.learn_rate and its hyperparameters in __init__, names
    them in HYPERPARAMETERS (saved by state()), lists its per-parameter state in
    slot_names(), and writes the update itself in step().
    """
    HYPERPARAMETERS = ()
    SQUARE_SLOTS = ()       # slots that sum or average squares: never negative (sqrt reads them)

    def _reset(self):
        self.t = 0              # steps taken; the next step is step t + 1
        self.shapes = None      # the parameters' shapes, fixed at the first step
        for name in self.slot_names():
            setattr(self, name, None)

    def slot_names(self):
        return ()

    def _slot_start(self, name):
        return 0.0              # every running sum and average starts at zero (but AdaGrad's)

    def _begin_step(self, where, parameters, gradients):
        """Check the step's input, count it, and create the state at the first step."""
        check_positive(where, "learn_rate", self.learn_rate)   # a schedule may have set it
        if not isinstance(parameters, list) or not isinstance(gradients, list):
            raise TypeError("%s: pass model.parameters() and model.gradients(), two lists; "
                            "got %s and %s" % (where, type(parameters).__name__,
                                               type(gradients).__name__))
        if len(parameters) != len(gradients):
            raise NNPureError("%s: %d parameters but %d gradients; pass model.parameters() "
                              "and model.gradients() of the same model"
                              % (where, len(parameters), len(gradients)))
        if self.shapes is not None and len(parameters) == len(self.shapes):
            # Checked whole at the first step; after that, a quick look that the lists are
            # still those shapes (a full check every step costs Tutorial B a tenth of its time).
            for P, G, shape in zip(parameters, gradients, self.shapes):
                if (type(G) is not list or len(P) != shape[0] or len(G) != shape[0]
                        or (len(shape) == 2 and (len(P[0]) != shape[1]
                                                 or type(G[0]) is not list
                                                 or len(G[0]) != shape[1]))):
                    break
            else:
                self.t += 1
                return
        shapes = []
        for i, (P, G) in enumerate(zip(parameters, gradients)):
            shape = _shape(where, "parameters[%d]" % i, P)
            if _shape(where, "gradients[%d]" % i, G) != shape:
                raise NNPureError("%s: gradients[%d] has shape %r but parameters[%d] has %r; "
                                  "each gradient must be shaped like its parameter"
                                  % (where, i, _shape(where, "", G), i, shape))
            shapes.append(shape)
        if self.shapes is not None and shapes != self.shapes:
            raise NNPureError("%s: the parameters have shapes %r but this optimizer's state "
                              "was made for %r; use one optimizer per model (or a new one)"
                              % (where, shapes, self.shapes))
        if self.shapes is None:
            self.shapes = shapes
            for name in self.slot_names():
                start = self._slot_start(name)
                setattr(self, name, [_filled_like(P, start) for P in parameters])
        self.t += 1

    def _decay(self, P):
        """The weight decay for parameter P: weight_decay for a matrix, 0 for a bias
        vector unless decay_biases (see the note at the top of this module)."""
        if self.decay_biases or _is_matrix(P):
            return self.weight_decay
        return 0.0

    # ---- saving and restoring ------------------------------------------------

    def state(self):
        """Return everything needed to continue exactly: a dict of names, numbers and lists.

        It survives json.dumps / json.loads unchanged (float repr round-trips),
        and holds copies, so later steps do not change it.
        """
        state = {"optimizer": type(self).__name__, "learn_rate": self.learn_rate,
                 "step": self.t}
        for name in self.HYPERPARAMETERS:
            value = getattr(self, name)
            state[name] = list(value) if isinstance(value, tuple) else value
        slots = {}
        for name in self.slot_names():
            if self.t > 0:
                slots[name] = [_copy(P) for P in getattr(self, name)]
        state["slots"] = slots
        return state

    def load_state(self, state, parameters=None):
        """Restore what state() returned: hyperparameters, step count and per-parameter state.

        Everything is restored, learn_rate included; set an attribute afterwards
        to change it.  If parameters (model.parameters()) is given, the state's
        shapes are checked against it now; otherwise at the next step().
        """
        where = "%s.load_state()" % type(self).__name__
        if not isinstance(state, dict):
            raise TypeError("%s: state must be the dict that state() returned, got %s"
                            % (where, type(state).__name__))
        if state.get("optimizer") != type(self).__name__:
            raise NNPureError("%s: this state was saved by %r, not %s; load it into %s(...) "
                              "instead" % (where, state.get("optimizer"), type(self).__name__,
                                           state.get("optimizer")))
        missing = [name for name in ("learn_rate", "step", "slots") + self.HYPERPARAMETERS
                   if name not in state]
        if missing:
            raise NNPureError("%s: the state lacks %s; pass the whole dict that state() "
                              "returned" % (where, ", ".join(missing)))
        options = {}
        for name in self.HYPERPARAMETERS:
            value = state[name]
            options[name] = tuple(value) if isinstance(value, list) else value
        t = check_count(where, "state['step']", state["step"])
        fresh = type(self)(state["learn_rate"], **options)  # checks every value; raises if bad
        slots = state["slots"]
        if not isinstance(slots, dict):
            raise TypeError("%s: state['slots'] must be a dict of lists, got %s"
                            % (where, type(slots).__name__))
        names = fresh.slot_names() if t > 0 else ()
        if sorted(slots) != sorted(names):
            raise NNPureError("%s: state['slots'] holds %r but after %d steps this %s keeps %r; "
                              "was the state edited?" % (where, sorted(slots), t,
                                                        type(self).__name__, sorted(names)))
        shapes = None
        restored = {}
        for name in names:
            values = slots[name]
            if not isinstance(values, list) or not values:
                raise TypeError("%s: state['slots'][%r] must be a list with one entry per "
                                "parameter" % (where, name))
            found = [_shape(where, "state['slots'][%r][%d]" % (name, i), P)
                     for i, P in enumerate(values)]
            if shapes is not None and found != shapes:
                raise NNPureError("%s: state['slots'][%r] has shapes %r, but the other "
                                  "state has %r" % (where, name, found, shapes))
            shapes = found
            restored[name] = [_checked_copy(where, name, P) for P in values]
            if name in self.SQUARE_SLOTS:
                _check_squares(where, name, restored[name])
        if parameters is not None and shapes is not None:
            wanted = [_shape(where, "parameters[%d]" % i, P) for i, P in enumerate(parameters)]
            if wanted != shapes:
                raise NNPureError("%s: the state was saved for parameters shaped %r, but these "
                                  "are shaped %r; load it into the model it was saved from"
                                  % (where, shapes, wanted))
        # All checked: only now change this optimizer, so a bad state leaves it as it was.
        self.__init__(state["learn_rate"], **options)
        self.t = t
        self.shapes = shapes
        for name in names:
            setattr(self, name, restored[name])


def _checked_copy(where, name, P):
    """A copy of P with every value a finite float, or raise."""
    copy = _copy(P)
    for (row,) in _rows(copy):
        for j, x in enumerate(row):
            if type(x) is not float or not isfinite(x):
                row[j] = check_number(where, "a value in state['slots'][%r]" % name, x)
    return copy


def _check_squares(where, name, values):
    """Refuse a negative entry in a slot of squares: a saved state never holds one, and
    the step would take its square root."""
    for P in values:
        for (row,) in _rows(P):
            for x in row:
                if x < 0.0:
                    raise NNPureError("%s: state['slots'][%r] holds %r, but it adds up squares "
                                      "and is never negative; was the state edited? Pass the "
                                      "dict that state() returned" % (where, name, x))


# ---- the optimizers, oldest first ---------------------------------------------------


class SGD(_Optimizer):
    """Stochastic gradient descent, with optional momentum, dampening and Nesterov momentum.

    For each element, at step t = 1, 2, ...:

        g <- g + wd * p                       (L2 weight decay, coupled into g)
        if momentum mu > 0:
            buf <- g                          at t = 1
            buf <- mu * buf + (1 - dampening) * g     afterwards
            g <- g + mu * buf  if nesterov, else  g <- buf
        p <- p - lr * g

    As in PyTorch, the buffer starts as the first gradient (not as 0, so the
    first step is not damped) and lr multiplies the whole buffer.  Sutskever et
    al. and some libraries write v <- mu * v + lr * g, p <- p - v: the same for
    a constant lr, but a schedule's change of lr acts at once here, gradually there.

    Two steps with momentum 0.9 and g = 1 each time: buf = 1, then 0.9 + 1.
    >>> W = [[1.0]]
    >>> optimizer = SGD(0.1, momentum=0.9)
    >>> optimizer.step([W], [[[1.0]]]); W
    [[0.9]]
    >>> optimizer.step([W], [[[1.0]]]); round(W[0][0], 6)       # 0.9 - 0.1 * 1.9
    0.71
    """
    HYPERPARAMETERS = ("momentum", "dampening", "nesterov", "weight_decay", "decay_biases")

    def __init__(self, learn_rate, *, momentum=0.0, dampening=0.0, nesterov=False,
                 weight_decay=0.0, decay_biases=False):
        where = "SGD()"
        self.learn_rate = check_positive(where, "learn_rate", learn_rate)
        self.momentum = _check_fraction(where, "momentum", momentum,
                                        "0.9 is usual, 0 turns momentum off")
        self.dampening = _check_fraction(where, "dampening", dampening,
                                         "0 is usual", high_closed=True)
        self.nesterov = _check_flag(where, "nesterov", nesterov)
        self.weight_decay = _check_weight_decay(where, weight_decay, self.learn_rate,
                                                "try 1e-4, or 0 for none")
        self.decay_biases = _check_flag(where, "decay_biases", decay_biases)
        if nesterov and (self.momentum == 0.0 or self.dampening != 0.0):
            raise NNPureError("%s: nesterov=True needs momentum > 0 and dampening = 0, got "
                              "momentum=%r and dampening=%r; set momentum=0.9 and dampening=0, "
                              "or nesterov=False" % (where, self.momentum, self.dampening))
        self._reset()

    def slot_names(self):
        return ("momentum_buffer",) if self.momentum else ()

    def step(self, parameters, gradients):
        """Update every parameter in place by one SGD step."""
        self._begin_step("SGD.step()", parameters, gradients)
        lr = self.learn_rate
        if not self.momentum:
            for P, G in zip(parameters, gradients):
                decay = self._decay(P)
                for p_row, g_row in _rows(P, G):
                    if decay:
                        for j, g in enumerate(g_row):
                            p_row[j] -= lr * (g + decay * p_row[j])
                    else:       # Tutorial B's update, bare: the baseline the others are timed by
                        for j, g in enumerate(g_row):
                            p_row[j] -= lr * g
            return
        mu, nesterov = self.momentum, self.nesterov
        # At t = 1 the buffer (zeros) becomes g exactly: 0.0 * 0.0 + 1.0 * g == g.
        mu_t, keep = (0.0, 1.0) if self.t == 1 else (mu, 1.0 - self.dampening)
        for P, G, B in zip(parameters, gradients, self.momentum_buffer):
            decay = self._decay(P)
            for p_row, g_row, buf_row in _rows(P, G, B):
                for j, g in enumerate(g_row):
                    g += decay * p_row[j]
                    buf = mu_t * buf_row[j] + keep * g
                    buf_row[j] = buf
                    g = g + mu * buf if nesterov else buf
                    p_row[j] -= lr * g


class AdaGrad(_Optimizer):
    """AdaGrad (Duchi, Hazan and Singer, 2011): each parameter's step shrinks as its
    squared gradients add up, so rarely-moved parameters keep taking large steps.

    For each element, with the running sum s starting at initial_accumulator:

        g <- g + wd * p
        s <- s + g^2
        p <- p - lr * g / (sqrt(s) + eps)

    eps is added after the square root, as PyTorch does; Keras puts it inside,
    sqrt(s + eps), and starts s at 0.1.  (PyTorch's lr_decay option is left
    out: a schedule does that job here.)

    One step from s = 0: the step is lr * g / |g|, whatever the size of g.
    >>> W = [[1.0, 1.0]]
    >>> AdaGrad(0.1).step([W], [[[4.0, -0.5]]]); [round(w, 6) for w in W[0]]
    [0.9, 1.1]
    """
    SQUARE_SLOTS = ("sum",)
    HYPERPARAMETERS = ("eps", "weight_decay", "initial_accumulator", "decay_biases")

    def __init__(self, learn_rate, *, eps=1e-10, weight_decay=0.0, initial_accumulator=0.0,
                 decay_biases=False):
        where = "AdaGrad()"
        self.learn_rate = check_positive(where, "learn_rate", learn_rate)
        self.eps = check_positive(where, "eps", eps)
        self.weight_decay = _check_weight_decay(where, weight_decay, self.learn_rate,
                                                "try 1e-4, or 0 for none")
        self.initial_accumulator = _check_nonnegative(
            where, "initial_accumulator", initial_accumulator, "0 is PyTorch's, 0.1 Keras's")
        self.decay_biases = _check_flag(where, "decay_biases", decay_biases)
        self._reset()

    def slot_names(self):
        return ("sum",)

    def _slot_start(self, name):
        return self.initial_accumulator

    def step(self, parameters, gradients):
        """Update every parameter in place by one AdaGrad step."""
        self._begin_step("AdaGrad.step()", parameters, gradients)
        lr, eps = self.learn_rate, self.eps
        for P, G, S in zip(parameters, gradients, self.sum):
            decay = self._decay(P)
            for p_row, g_row, s_row in _rows(P, G, S):
                for j, g in enumerate(g_row):
                    g += decay * p_row[j]
                    s = s_row[j] + g * g
                    s_row[j] = s
                    p_row[j] -= lr * g / (sqrt(s) + eps)


class RMSprop(_Optimizer):
    """RMSprop (Hinton's lecture 6e, 2012): divide by a running root mean square of the
    gradient, which, unlike AdaGrad's sum, forgets old gradients.

    For each element, with v (and g_avg, buf) starting at 0:

        g <- g + wd * p
        v <- alpha * v + (1 - alpha) * g^2
        if centered:   g_avg <- alpha * g_avg + (1 - alpha) * g
                       d <- sqrt(v - g_avg^2) + eps       (the gradient's standard deviation)
        else:          d <- sqrt(v) + eps
        if momentum mu > 0:   buf <- mu * buf + g / d;   p <- p - lr * buf
        else:                 p <- p - lr * g / d

    eps goes outside the square root, as in PyTorch; Keras puts it inside,
    sqrt(v + eps), keeps lr inside its momentum buffer (buf <- mu * buf +
    lr * g / d), and calls alpha rho.

    One step from v = 0 with alpha = 0.99: v = 0.01 * g^2, so d = 0.1 * |g|.
    >>> b = [0.0]
    >>> RMSprop(0.01).step([b], [[2.0]]); round(b[0], 6)      # 0 - 0.01 * 2 / 0.2
    -0.1
    """
    SQUARE_SLOTS = ("square_avg",)
    HYPERPARAMETERS = ("alpha", "eps", "momentum", "centered", "weight_decay", "decay_biases")

    def __init__(self, learn_rate, *, alpha=0.99, eps=1e-8, momentum=0.0, centered=False,
                 weight_decay=0.0, decay_biases=False):
        where = "RMSprop()"
        self.learn_rate = check_positive(where, "learn_rate", learn_rate)
        self.alpha = _check_fraction(where, "alpha", alpha, "0.99 is usual")
        self.eps = check_positive(where, "eps", eps)
        self.momentum = _check_fraction(where, "momentum", momentum,
                                        "0.9 is usual, 0 turns momentum off")
        self.centered = _check_flag(where, "centered", centered)
        self.weight_decay = _check_weight_decay(where, weight_decay, self.learn_rate,
                                                "try 1e-4, or 0 for none")
        self.decay_biases = _check_flag(where, "decay_biases", decay_biases)
        self._reset()

    def slot_names(self):
        names = ("square_avg",)
        if self.centered:
            names += ("grad_avg",)
        if self.momentum:
            names += ("momentum_buffer",)
        return names

    def step(self, parameters, gradients):
        """Update every parameter in place by one RMSprop step."""
        self._begin_step("RMSprop.step()", parameters, gradients)
        lr, alpha, eps, mu = self.learn_rate, self.alpha, self.eps, self.momentum
        one_minus_alpha = 1.0 - alpha
        centered = self.centered
        for i, (P, G, V) in enumerate(zip(parameters, gradients, self.square_avg)):
            decay = self._decay(P)
            # Slots this configuration does not keep are stood in for by V: never read.
            A = self.grad_avg[i] if centered else V
            B = self.momentum_buffer[i] if mu else V
            for p_row, g_row, v_row, a_row, buf_row in _rows(P, G, V, A, B):
                for j, g in enumerate(g_row):
                    g += decay * p_row[j]
                    v = alpha * v_row[j] + one_minus_alpha * g * g
                    v_row[j] = v
                    if centered:
                        g_avg = alpha * a_row[j] + one_minus_alpha * g
                        a_row[j] = g_avg
                        # v >= g_avg^2 in exact arithmetic.  When g barely varies the two
                        # are nearly equal, and rounding (or a state file edited by hand)
                        # could put the difference below 0, where sqrt raises and
                        # PyTorch's gives NaN: a variance is never negative, so it is 0.
                        # (A NaN, from an overflow, still passes through, to be caught.)
                        variance = v - g_avg * g_avg
                        if variance < 0.0:
                            variance = 0.0
                        d = sqrt(variance) + eps
                    else:
                        d = sqrt(v) + eps
                    if mu:
                        buf = mu * buf_row[j] + g / d
                        buf_row[j] = buf
                        p_row[j] -= lr * buf
                    else:
                        p_row[j] -= lr * g / d


class Adam(_Optimizer):
    """Adam (Kingma and Ba, 2014): momentum on the gradient (m) divided by a running
    root mean square of it (sqrt(v)), both corrected for starting at zero.

    For each element, at step t = 1, 2, ..., with m and v starting at 0:

        g <- g + wd * p                          (coupled L2; AdamW decouples it)
        m <- beta1 * m + (1 - beta1) * g
        v <- beta2 * v + (1 - beta2) * g^2
        m_hat = m / (1 - beta1^t),   v_hat = v / (1 - beta2^t)     (bias correction)
        p <- p - lr * m_hat / (sqrt(v_hat) + eps)

    computed, as PyTorch does, as  p <- p - (lr / (1 - beta1^t)) * m / (sqrt(v) /
    sqrt(1 - beta2^t) + eps).  The paper's Algorithm 1 writes the same thing;
    its efficient form, which folds both corrections into the step size
    (lr * sqrt(1 - beta2^t) / (1 - beta1^t)) and adds eps to sqrt(v) uncorrected,
    as Keras does, gives slightly different numbers: in the form above its eps
    becomes eps / sqrt(1 - beta2^t), larger early on (32 times at t = 1 with
    beta2 = 0.999).  (PyTorch updates m as m + (1 - beta1) * (g - m), the same
    number up to the last bit.)

    At t = 1, m_hat = g and v_hat = g^2, so the first step is lr * g / |g| (less eps).
    >>> W = [[1.0, 1.0]]
    >>> Adam(0.1).step([W], [[[3.0, -0.5]]]); [round(w, 6) for w in W[0]]
    [0.9, 1.1]
    """
    SQUARE_SLOTS = ("v",)
    HYPERPARAMETERS = ("betas", "eps", "weight_decay", "decay_biases")
    decoupled = False           # AdamW sets this

    def __init__(self, learn_rate, *, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0,
                 decay_biases=False):
        where = "%s()" % type(self).__name__
        self.learn_rate = check_positive(where, "learn_rate", learn_rate)
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise TypeError("%s: betas must be a pair (beta1, beta2) such as (0.9, 0.999), "
                            "got %r" % (where, betas))
        self.betas = (_check_fraction(where, "betas[0]", betas[0], "0.9 is usual"),
                      _check_fraction(where, "betas[1]", betas[1], "0.999 is usual"))
        self.eps = check_positive(where, "eps", eps)
        self.weight_decay = _check_weight_decay(where, weight_decay, self.learn_rate,
                                                "try 0.01, or 0 for none")
        self.decay_biases = _check_flag(where, "decay_biases", decay_biases)
        self._reset()

    def slot_names(self):
        return ("m", "v")

    def step(self, parameters, gradients):
        """Update every parameter in place by one Adam (or AdamW) step."""
        self._begin_step("%s.step()" % type(self).__name__, parameters, gradients)
        t, lr = self.t, self.learn_rate
        beta1, beta2 = self.betas
        one_minus_beta1, one_minus_beta2, eps = 1.0 - beta1, 1.0 - beta2, self.eps
        step_size = lr / (1.0 - beta1 ** t)
        bias_correction2_sqrt = (1.0 - beta2 ** t) ** 0.5
        for P, G, M, V in zip(parameters, gradients, self.m, self.v):
            decay = self._decay(P)
            if self.decoupled:
                shrink, decay = 1.0 - lr * decay, 0.0   # AdamW: p <- p * (1 - lr * wd) ...
            else:
                shrink = 1.0                            # Adam: g <- g + wd * p
            for p_row, g_row, m_row, v_row in _rows(P, G, M, V):
                for j, g in enumerate(g_row):
                    p = p_row[j] * shrink               # (p * 1.0 is p, bit for bit)
                    g += decay * p
                    m = beta1 * m_row[j] + one_minus_beta1 * g
                    v = beta2 * v_row[j] + one_minus_beta2 * g * g
                    m_row[j] = m
                    v_row[j] = v
                    p_row[j] = p - step_size * m / (sqrt(v) / bias_correction2_sqrt + eps)


class AdamW(Adam):
    """AdamW (Loshchilov and Hutter, 2017): Adam with weight decay applied to the
    weights directly instead of through the gradient.

        p <- p * (1 - lr * wd)               (decoupled: before, and apart from, Adam)
        then Adam's step with no wd term in g.

    In Adam, wd * p joins g and is then divided by sqrt(v_hat), so weights with
    large gradients are barely decayed; here every weight shrinks by the same
    factor.  PyTorch multiplies wd by lr, as here; the paper's schedule
    multiplier eta_t scales it instead, so set wd = paper's lambda / lr to match.

    With a zero gradient Adam's step is 0, leaving only the decay:
    >>> W = [[2.0]]
    >>> AdamW(0.1, weight_decay=0.5).step([W], [[[0.0]]]); W      # 2 * (1 - 0.1 * 0.5)
    [[1.9]]
    """
    decoupled = True

    def __init__(self, learn_rate, *, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01,
                 decay_biases=False):
        Adam.__init__(self, learn_rate, betas=betas, eps=eps, weight_decay=weight_decay,
                      decay_biases=decay_biases)


OPTIMIZERS = {"sgd": SGD, "adagrad": AdaGrad, "rmsprop": RMSprop, "adam": Adam, "adamw": AdamW}


def clip_by_global_norm(gradients, max_norm):
    """Scale all gradients together so their joint length is at most max_norm; return
    the length before clipping.

        total = sqrt(sum of g^2 over every element of every gradient)
        if total > max_norm:  g <- g * max_norm / (total + 1e-6)   (in place)

    One scale for all keeps the direction of the whole step, as PyTorch's
    clip_grad_norm_ does (the 1e-6 is its guard against dividing by zero).
    >>> gradients = [[[3.0]], [4.0]]             # a 1x1 matrix and a vector: total 5
    >>> clip_by_global_norm(gradients, 1.0)
    5.0
    >>> [[round(gradients[0][0][0], 6)], [round(gradients[1][0], 6)]]
    [[0.6], [0.8]]
    """
    where = "clip_by_global_norm()"
    max_norm = check_positive(where, "max_norm", max_norm)
    if not isinstance(gradients, list):
        raise TypeError("%s: gradients must be a list like model.gradients(), got %s"
                        % (where, type(gradients).__name__))
    for i, G in enumerate(gradients):
        _shape(where, "gradients[%d]" % i, G)
    total = 0.0
    for G in gradients:
        for (g_row,) in _rows(G):
            for g in g_row:
                total += g * g
    total = sqrt(total)
    if not isfinite(total):
        raise TrainingDiverged("%s: the gradients' norm is %r; training has diverged, so "
                               "lower the learning rate" % (where, total))
    scale = max_norm / (total + 1e-6)
    if scale < 1.0:
        for G in gradients:
            for (g_row,) in _rows(G):
                for j, g in enumerate(g_row):
                    g_row[j] = g * scale
    return total
