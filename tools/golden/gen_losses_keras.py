"""Keras's point-wise losses: LogCoshLoss, MSLELoss, MAPELoss, SquaredHingeLoss (PyTorch 1.13 as the oracle).

Each is defined below with the PyTorch ops that Keras 3 runs on its PyTorch backend (keras/src/losses/losses.py with
keras/src/backend/torch): keras.ops.maximum is torch.maximum, keras.ops.softplus is F.softplus, keras.ops.square is
torch.square. So the clamps of MSLE and MAPE (Keras's backend.epsilon() = 1e-7) and the hinge are torch.maximum, whose
gradient is split in half at a tie, and the gradients are PyTorch's autograd of these expressions. Keras averages over
the last axis and then over the batch; the per-element losses below reduced by 'mean' are that same mean for rows of
one length, and 'none' gives them unreduced. The 1e-7 floor is taken in the operands' dtype.

Run from tools/golden with /usr/bin/python3.
"""
import math

import torch
import torch.nn.functional as F

from fncase import fn_case, fn_error_case
from losscase import write

INF, NAN = math.inf, math.nan
LN2 = math.log(2.0)
EPS = 1e-7


def reduce(l, reduction):
    if reduction == "none":
        return l
    if reduction == "mean":
        return l.mean()
    if reduction == "sum":
        return l.sum()
    raise ValueError(f"{reduction} is not a valid value for reduction")


def log_cosh(input, target, reduction="mean"):
    """keras.losses.log_cosh: x + softplus(-2 x) - log 2 of x = input - target, which does not overflow."""
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    d = input - target
    return reduce(d + F.softplus(d * -2.0) - LN2, reduction)


def msle(input, target, reduction="mean"):
    """keras.losses.mean_squared_logarithmic_error: (log(max(x, eps) + 1) - log(max(y, eps) + 1))^2."""
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    dt = torch.result_type(input, target)
    eps = torch.tensor(EPS, dtype=dt)
    # both operands in the result dtype first: a 0-d eps would leave a float32 input's log in float32
    first = torch.log(torch.maximum(input.to(dt), eps) + 1.0)
    second = torch.log(torch.maximum(target.to(dt), eps) + 1.0)
    return reduce(torch.square(first - second), reduction)


def mape(input, target, reduction="mean"):
    """keras.losses.mean_absolute_percentage_error: 100 |(y - x) / max(|y|, eps)|."""
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    eps = torch.tensor(EPS, dtype=torch.result_type(input, target))
    diff = torch.abs((target - input) / torch.maximum(torch.abs(target), eps))
    return reduce(100.0 * diff, reduction)


def squared_hinge(input, target, reduction="mean"):
    """keras.losses.squared_hinge: max(1 - t x, 0)^2, t = 2 y - 1 when every target is 0 or 1 (Keras's conversion)."""
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    t = target
    if ((t == 0) | (t == 1)).all():
        t = 2.0 * t - 1.0
    s = 1.0 - t * input
    h = torch.maximum(s, torch.zeros((), dtype=s.dtype))
    return reduce(torch.square(h), reduction)


FN = {"LogCoshLoss": log_cosh, "MSLELoss": msle, "MAPELoss": mape, "SquaredHingeLoss": squared_hinge}
TAG = {"LogCoshLoss": "logcosh", "MSLELoss": "msle", "MAPELoss": "mape", "SquaredHingeLoss": "sqhinge"}
DTS = ((torch.float32, "f32"), (torch.float64, "f64"))
REDS = ("none", "mean", "sum")
cases = []


def seed():
    torch.manual_seed(5000 + len(cases))
    return len(cases)


def add(name, loss, options, args, rg=("input", "target"), grad_out=None):
    s = seed()
    cases.append(fn_case(name, loss, FN[loss], options, args, list(rg), seed=s, grad_out=grad_out))


def err(name, loss, options, args, message, oracle_fails=True):
    cases.append(fn_error_case(name, loss, FN[loss], options, args, "IllegalArgumentException", message, oracle_fails))


def draw(loss, shape, dt):
    """Typical operands: any reals for LogCosh and MAPE, non-negative magnitudes for MSLE, -1/1 labels for the hinge."""
    if loss == "MSLELoss":
        return torch.rand(shape, dtype=dt) * 10, torch.rand(shape, dtype=dt) * 10
    if loss == "SquaredHingeLoss":
        return torch.randn(shape, dtype=dt) * 2, torch.randint(0, 2, shape).to(dt) * 2 - 1
    return torch.randn(shape, dtype=dt) * 3, torch.randn(shape, dtype=dt) * 3


for loss in FN:
    tag = TAG[loss]
    for dt, dn in DTS:
        for red in REDS:
            for shape in ((), (5,), (3, 4), (2, 3, 4)):
                seed()
                x, y = draw(loss, shape, dt)
                add(f"{tag}_{red}_{len(shape)}d_{dn}", loss, {"reduction": red}, {"input": x, "target": y})
        seed()
        x, y = draw(loss, (3, 4), dt)
        add(f"{tag}_default_{dn}", loss, {}, {"input": x, "target": y})
        add(f"{tag}_input_only_{dn}", loss, {"reduction": "sum"}, {"input": x, "target": y}, rg=("input",))
        add(f"{tag}_target_only_{dn}", loss, {"reduction": "none"}, {"input": x, "target": y}, rg=("target",))
        # broadcasting, as PyTorch's ops in the expression broadcast: a row, a column
        x, _ = draw(loss, (3, 4), dt)
        _, yr = draw(loss, (4,), dt)
        _, yc = draw(loss, (3, 1), dt)
        for red in ("none", "mean"):
            add(f"{tag}_bcast_row_{red}_{dn}", loss, {"reduction": red}, {"input": x, "target": yr})
            add(f"{tag}_bcast_col_{red}_{dn}", loss, {"reduction": red}, {"input": x, "target": yc})
        _, yb = draw(loss, (2, 1, 4), dt)
        add(f"{tag}_bcast_both_{dn}", loss, {"reduction": "sum"}, {"input": x, "target": yb})
        add(f"{tag}_empty_mean_{dn}", loss, {}, {"input": torch.zeros(0, 3, dtype=dt), "target": torch.zeros(0, 3, dtype=dt)}, rg=("input",))
    # an int64 target is promoted to the input's dtype, as by PyTorch's ops
    seed()
    yl = torch.randint(0, 2, (3, 4)) if loss == "SquaredHingeLoss" else torch.randint(0, 6, (3, 4))
    add(f"{tag}_long_target_f32", loss, {"reduction": "mean"}, {"input": torch.rand(3, 4) * 4, "target": yl}, rg=("input",))
    add(f"{tag}_long_target_f64", loss, {"reduction": "none"}, {"input": torch.rand(3, 4, dtype=torch.float64) * 4, "target": yl}, rg=("input",))
    add(f"{tag}_f32_input_f64_target", loss, {"reduction": "none"},
        {"input": torch.rand(2, 3) * 3, "target": torch.rand(2, 3, dtype=torch.float64) * 3})
    err(f"{tag}_err_shape", loss, {}, {"input": torch.rand(3, 4), "target": torch.rand(3)},
        "at non-singleton dimension 1")
    err(f"{tag}_err_reduction", loss, {"reduction": "avg"}, {"input": torch.rand(3), "target": torch.rand(3)},
        "avg is not a valid value for reduction")

# ---------------------------------------------------------------- values at the edges
for dt, dn in DTS:
    # LogCosh far from 0: |d| - log 2, no overflow (cosh would overflow past 89 in float32, 710 in float64); around
    # softplus' threshold (-2 d = 20); near 0 (d^2 / 2 by cancellation, as Keras)
    big = [0., 1e-3, -1e-3, 1., -1., 9.99, -9.99, 10., -10., 10.01, -10.01, 44.4, -44.4, 89., -89., 100., -100., 1e4, -1e4, 1e30, -1e30]
    if dt == torch.float64:
        big += [710., -710., 1e300, -1e300]
    d = torch.tensor(big, dtype=dt)
    for red in REDS:
        add(f"logcosh_large_d_{red}_{dn}", "LogCoshLoss", {"reduction": red}, {"input": d / 2, "target": -d / 2})
    # MSLE's floor: negative, zero, below, at (a tie: half the gradient) and above 1e-7, in the dtype
    e = torch.tensor(EPS, dtype=dt).item()
    xs = torch.tensor([-5., -1e-3, 0., 1e-8, e, e, 2e-7, 0.5, 1., 1e3, 1e6, 3.], dtype=dt)
    ys = torch.tensor([2., 0., 0., e, 1e-8, e, 0.5, -1., 1e-7 * 3, 1e3, 2., 3.], dtype=dt)
    for red in REDS:
        add(f"msle_floor_{red}_{dn}", "MSLELoss", {"reduction": red}, {"input": xs, "target": ys})
    # MAPE: zero targets (divided by 1e-7), targets at the floor from either side of 0 (a tie), exact predictions
    xs = torch.tensor([1., 0., 0.5, 2., -3., 1e-7, 4., -4., 0., 5.], dtype=dt)
    ys = torch.tensor([0., 0., e, -e, 1e-8, 1e-7, 4., 2., -2., 1e-3], dtype=dt)
    for red in REDS:
        add(f"mape_floor_{red}_{dn}", "MAPELoss", {"reduction": red}, {"input": xs, "target": ys})
    # SquaredHinge at the hinge (t x = 1: a tie, gradient 0), inside and beyond it; 0/1 labels converted; soft labels not
    xs = torch.tensor([1., -1., 0.5, -0.5, 2., -2., 0., 1.5], dtype=dt)
    for nm, ys in (("pm1", [1., -1., 1., -1., 1., 1., -1., -1.]), ("01", [1., 0., 1., 0., 1., 1., 0., 0.]),
                   ("soft", [0.9, -0.9, 0.3, 0., 1., -1., 0.5, 2.]), ("mixed_01_and_other", [1., 0., 1., 0., 1., 1., 0., 0.5])):
        for red in REDS:
            add(f"sqhinge_labels_{nm}_{red}_{dn}", "SquaredHingeLoss", {"reduction": red}, {"input": xs, "target": torch.tensor(ys, dtype=dt)})
    add(f"sqhinge_all_zero_labels_{dn}", "SquaredHingeLoss", {"reduction": "none"},
        {"input": xs, "target": torch.zeros(8, dtype=dt)})

# ---------------------------------------------------------------- non-finite operands and upstream gradients
for dt, dn in DTS:
    xs = torch.tensor([NAN, INF, -INF, 1., 2., INF, 0.5, -1.], dtype=dt)
    ys = torch.tensor([1., 1., 1., NAN, INF, INF, -INF, 0.], dtype=dt)
    for loss in FN:
        for red in ("none", "sum"):
            add(f"{TAG[loss]}_nonfinite_{red}_{dn}", loss, {"reduction": red}, {"input": xs, "target": ys})
    xs = torch.tensor([0.5, -2., 3., 1., 0., 4.], dtype=dt)
    ys = torch.tensor([1., 1., -1., 1., 2., 1.], dtype=dt)
    go = torch.tensor([INF, NAN, -INF, 0., 1., INF], dtype=dt)
    for loss in FN:
        add(f"{TAG[loss]}_nonfinite_upstream_{dn}", loss, {"reduction": "none"}, {"input": xs, "target": ys}, grad_out=go)
        add(f"{TAG[loss]}_nonfinite_upstream_mean_{dn}", loss, {"reduction": "mean"}, {"input": xs, "target": ys},
            grad_out=torch.tensor(INF, dtype=dt))

write("keras.json", cases)
