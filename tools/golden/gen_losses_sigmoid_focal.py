"""SigmoidFocalLoss: torchvision.ops.sigmoid_focal_loss itself (torchvision 0.14 with PyTorch 1.13 as the oracle).

torchvision's default reduction is 'none'. alpha < 0 turns the alpha weighting off. torchvision 0.14 returns the
unreduced loss for an unknown reduction string; later versions raise ValueError, and losses4j follows them (the
_err_reduction case). Run from tools/golden with /usr/bin/python3.
"""
import math

import torch
from torchvision.ops import sigmoid_focal_loss

from fncase import fn_case, fn_error_case
from losscase import write

INF, NAN = math.inf, math.nan


def focal(input, target, alpha=0.25, gamma=2.0, reduction="none"):
    if reduction not in ("none", "mean", "sum"):  # torchvision >= 0.15 raises here; 0.14 returned the unreduced loss
        raise ValueError(f"Invalid Value for arg 'reduction': '{reduction}")
    return sigmoid_focal_loss(input, target, alpha=alpha, gamma=gamma, reduction=reduction)


DTS = ((torch.float32, "f32"), (torch.float64, "f64"))
REDS = ("none", "mean", "sum")
cases = []


def seed():
    torch.manual_seed(9000 + len(cases))
    return len(cases)


def add(name, options, args, rg=("input", "target"), grad_out=None):
    s = seed()
    cases.append(fn_case(name, "SigmoidFocalLoss", focal, options, args, list(rg), seed=s, grad_out=grad_out))


def err(name, options, args, message):
    cases.append(fn_error_case(name, "SigmoidFocalLoss", focal, options, args, "IllegalArgumentException", message))


for dt, dn in DTS:
    for red in REDS:
        for shape in ((), (5,), (3, 4), (2, 3, 4)):
            seed()
            add(f"focal_{red}_{len(shape)}d_{dn}", {"reduction": red},
                {"input": torch.randn(shape, dtype=dt) * 3, "target": torch.randint(0, 2, shape).to(dt)})
    seed()
    x, y = torch.randn(4, 6, dtype=dt) * 3, torch.randint(0, 2, (4, 6)).to(dt)
    add(f"focal_default_{dn}", {}, {"input": x, "target": y})
    add(f"focal_input_only_{dn}", {"reduction": "mean"}, {"input": x, "target": y}, rg=("input",))
    for alpha in (0.25, -1.0, 0.0, 1.0, 0.75):
        for gamma in (2.0, 0.0, 1.0, 0.5, 3.0, 1.5):
            add(f"focal_alpha_{alpha}_gamma_{gamma}_{dn}", {"alpha": alpha, "gamma": gamma, "reduction": "sum"}, {"input": x, "target": y})
    add(f"focal_soft_targets_{dn}", {"reduction": "none"}, {"input": x, "target": torch.rand(4, 6, dtype=dt)})
    add(f"focal_soft_targets_no_alpha_mean_{dn}", {"alpha": -1.0, "reduction": "mean"}, {"input": x, "target": torch.rand(4, 6, dtype=dt)})
    # large logits: the BCE term stays finite, and (1 - p_t) is exactly 0 once p rounds to 1 (gamma < 1 then gives
    # torchvision's NaN gradient, 0 * inf)
    big = torch.tensor([0., 5., -5., 17., -17., 20., -20., 40., -40., 100., -100., 1e4, -1e4], dtype=dt)
    for tn, t in (("pos", torch.ones_like(big)), ("neg", torch.zeros_like(big))):
        for gamma in (2.0, 0.5, 0.0):
            add(f"focal_large_logits_{tn}_gamma_{gamma}_{dn}", {"gamma": gamma, "reduction": "none"}, {"input": big, "target": t})
    add(f"focal_empty_mean_{dn}", {"reduction": "mean"}, {"input": torch.zeros(0, 3, dtype=dt), "target": torch.zeros(0, 3, dtype=dt)},
        rg=("input",))
    add(f"focal_nonfinite_{dn}", {"reduction": "none"},
        {"input": torch.tensor([NAN, INF, -INF, INF, -INF, 1.], dtype=dt), "target": torch.tensor([1., 1., 0., 0., 1., NAN], dtype=dt)})
    add(f"focal_nonfinite_upstream_{dn}", {"reduction": "none"},
        {"input": torch.tensor([0.5, -2., 3., 30., 0., -30.], dtype=dt), "target": torch.tensor([1., 0., 1., 1., 0., 0.], dtype=dt)},
        grad_out=torch.tensor([INF, NAN, -INF, INF, 0., INF], dtype=dt))

err("focal_err_target_size", {}, {"input": torch.randn(3, 4), "target": torch.rand(4)},
    "Target size (torch.Size([4])) must be the same as input size (torch.Size([3, 4]))")
err("focal_err_long_target", {}, {"input": torch.randn(3), "target": torch.tensor([0, 1, 1])},
    "result type Float can't be cast to the desired output type Long")
err("focal_err_reduction", {"reduction": "avg"}, {"input": torch.randn(3), "target": torch.rand(3)}, "avg is not a valid value for reduction")

write("sigmoid_focal.json", cases)
