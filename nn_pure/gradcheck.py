"""Check hand-derived gradients against finite differences.

Nothing in nn_pure is differentiated automatically: every backward pass is
written by hand.  The oracle that keeps them honest is the central difference

    dL/dp  ~=  (L(p + h) - L(p - h)) / (2h)

which is accurate to O(h^2).  `numerical_derivative` can be pointed at any
parameter of any model: an attribute of an object (net, "w1") or an element of
a list (layer.W[i], j), and it puts the parameter back afterwards.

Glossary: loss a function of no arguments returning the current loss; owner
and key locate one parameter; h the step.
"""


def numerical_derivative(loss, owner, key, h=1e-5):
    """Return (loss() at p + h - loss() at p - h) / 2h for the parameter p = owner[key].

    owner is a list (key an index) or any object (key an attribute name).
    Tutorial B's chain-rule example, L = 3x^2 + 2: by hand, n = x^2 gives
    dL/dn = 3 and dn/dx = 2x, so dL/dx = 3 * 2x = 6x, which is 12 at x = 2.
    >>> x = [2.0]
    >>> round(numerical_derivative(lambda: 3 * x[0] ** 2 + 2, x, 0), 6)
    12.0
    >>> x                       # put back as it was
    [2.0]
    """
    is_list = isinstance(owner, list)
    p = owner[key] if is_list else getattr(owner, key)
    try:
        _set(owner, key, p + h, is_list)
        loss_up = loss()
        _set(owner, key, p - h, is_list)
        loss_down = loss()
    finally:
        _set(owner, key, p, is_list)      # leave the model exactly as we found it
    return (loss_up - loss_down) / (2.0 * h)


def _set(owner, key, value, is_list):
    if is_list:
        owner[key] = value
    else:
        setattr(owner, key, value)


def relative_error(analytic, numeric, floor=1e-4):
    """Return |analytic - numeric| / max(|analytic|, |numeric|, floor).

    Relative, so a gradient of 0.001 is held to the same standard as one of
    10.  Below the floor it becomes an absolute error over 1e-4: the central
    difference itself is only good to about 1e-11 absolute (the rounding
    error in L, about 1e-16 * |L|, divided by 2h), so for a gradient of 1e-6
    a "relative" error of 1e-5 would be noise, not a bug.
    >>> round(relative_error(2.0, 2.000002), 9)
    1e-06
    """
    scale = max(abs(analytic), abs(numeric), floor)
    return abs(analytic - numeric) / scale
