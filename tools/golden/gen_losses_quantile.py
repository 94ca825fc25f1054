"""QuantileLoss, the pinball loss (Koenker and Bassett, 1978), PyTorch 1.13 as the oracle.

The definition a Python user writes, differentiated by PyTorch's autograd: input (N, Q) holds one column per quantile
(or (N,) for a single quantile), target (N,);

    q = torch.tensor(quantiles, dtype)
    e = target.unsqueeze(1) - input          (target - input for (N,) input)
    l = torch.maximum(q * e, (q - 1) * e)     'none': the input's shape; 'mean': over all N Q terms; 'sum'

torch.maximum splits the gradient at a tie (e = 0), so the input's gradient there is (1/2 - q) times the upstream.
Run from tools/golden with /usr/bin/python3.
"""
import math

import torch

from fncase import fn_case, fn_error_case
from losscase import write

INF, NAN = math.inf, math.nan


def quantile_loss(input, target, quantiles=(0.5,), reduction="mean"):
    quantiles = list(quantiles)
    if not quantiles:
        raise ValueError("quantiles must not be empty")
    for q in quantiles:
        if not 0 < q < 1:
            raise ValueError(f"quantiles must be in (0, 1), got {q}")
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    if input.dim() not in (1, 2) or target.dim() != 1 or input.shape[0] != target.shape[0]:
        raise ValueError(f"bad shapes {tuple(input.shape)} {tuple(target.shape)}")
    if input.dim() == 1 and len(quantiles) != 1 or input.dim() == 2 and input.shape[1] != len(quantiles):
        raise ValueError(f"{len(quantiles)} quantiles for input {tuple(input.shape)}")
    q = torch.tensor(quantiles, dtype=torch.result_type(input, target))
    e = target - input if input.dim() == 1 else target.unsqueeze(1) - input
    l = torch.maximum(q * e, (q - 1) * e)
    return l if reduction == "none" else l.mean() if reduction == "mean" else l.sum()


DTS = ((torch.float32, "f32"), (torch.float64, "f64"))
REDS = ("none", "mean", "sum")
cases = []


def seed():
    torch.manual_seed(7000 + len(cases))
    return len(cases)


def add(name, options, args, rg=("input", "target"), grad_out=None):
    s = seed()
    cases.append(fn_case(name, "QuantileLoss", quantile_loss, options, args, list(rg), seed=s, grad_out=grad_out))


def err(name, options, args, message, oracle_fails=True):
    cases.append(fn_error_case(name, "QuantileLoss", quantile_loss, options, args, "IllegalArgumentException", message, oracle_fails))


for dt, dn in DTS:
    for red in REDS:
        seed()
        add(f"quantile_three_{red}_{dn}", {"quantiles": [0.1, 0.5, 0.9], "reduction": red},
            {"input": torch.randn(6, 3, dtype=dt) * 2, "target": torch.randn(6, dtype=dt) * 2})
        add(f"quantile_one_column_{red}_{dn}", {"quantiles": [0.3], "reduction": red},
            {"input": torch.randn(5, 1, dtype=dt), "target": torch.randn(5, dtype=dt)})
        add(f"quantile_1d_{red}_{dn}", {"quantiles": [0.75], "reduction": red},
            {"input": torch.randn(7, dtype=dt), "target": torch.randn(7, dtype=dt)})
        add(f"quantile_input_only_{red}_{dn}", {"quantiles": [0.05, 0.25, 0.5, 0.75, 0.95], "reduction": red},
            {"input": torch.randn(4, 5, dtype=dt), "target": torch.randn(4, dtype=dt)}, rg=("input",))
        add(f"quantile_target_only_{red}_{dn}", {"quantiles": [0.2, 0.8], "reduction": red},
            {"input": torch.randn(4, 2, dtype=dt), "target": torch.randn(4, dtype=dt)}, rg=("target",))
    seed()
    add(f"quantile_default_median_{dn}", {}, {"input": torch.randn(6, dtype=dt), "target": torch.randn(6, dtype=dt)})
    # ties: x == y for some (row, quantile): torch.maximum's half gradient, (1/2 - q) for the input
    x = torch.tensor([[1., 2., 3.], [0., 0., 0.], [-1., 5., -1.]], dtype=dt)
    y = torch.tensor([2., 0., -1.], dtype=dt)
    for red in REDS:
        add(f"quantile_ties_{red}_{dn}", {"quantiles": [0.1, 0.5, 0.9], "reduction": red}, {"input": x, "target": y})
    # quantiles near the ends, and repeated
    add(f"quantile_extreme_quantiles_{dn}", {"quantiles": [1e-6, 0.999999, 0.5, 0.5], "reduction": "none"},
        {"input": torch.randn(3, 4, dtype=dt), "target": torch.randn(3, dtype=dt)})
    add(f"quantile_empty_mean_{dn}", {"quantiles": [0.1, 0.9]}, {"input": torch.zeros(0, 2, dtype=dt), "target": torch.zeros(0, dtype=dt)},
        rg=("input",))
    add(f"quantile_nonfinite_{dn}", {"quantiles": [0.25, 0.75], "reduction": "none"},
        {"input": torch.tensor([[NAN, 1.], [INF, -INF], [2., INF]], dtype=dt), "target": torch.tensor([0., 1., INF], dtype=dt)})
    add(f"quantile_nonfinite_upstream_{dn}", {"quantiles": [0.25, 0.75], "reduction": "none"},
        {"input": torch.tensor([[0., 1.], [2., 2.], [3., -1.]], dtype=dt), "target": torch.tensor([0., 2., 1.], dtype=dt)},
        grad_out=torch.tensor([[INF, 1.], [NAN, 2.], [0., -INF]], dtype=dt))
seed()
add("quantile_long_target_f32", {"quantiles": [0.1, 0.9]}, {"input": torch.randn(4, 2), "target": torch.randint(-2, 3, (4,))}, rg=("input",))
add("quantile_f32_input_f64_target", {"quantiles": [0.4, 0.6], "reduction": "none"},
    {"input": torch.randn(3, 2), "target": torch.randn(3, dtype=torch.float64)})

err("quantile_err_above_1", {"quantiles": [0.1, 1.5]}, {"input": torch.randn(3, 2), "target": torch.randn(3)}, "quantiles must be in (0, 1), got 1.5")
err("quantile_err_zero", {"quantiles": [0.0]}, {"input": torch.randn(3), "target": torch.randn(3)}, "quantiles must be in (0, 1), got 0.0")
err("quantile_err_one", {"quantiles": [1.0]}, {"input": torch.randn(3), "target": torch.randn(3)}, "quantiles must be in (0, 1), got 1.0")
err("quantile_err_negative", {"quantiles": [-0.5, 0.5]}, {"input": torch.randn(3, 2), "target": torch.randn(3)},
    "quantiles must be in (0, 1), got -0.5")
err("quantile_err_empty", {"quantiles": []}, {"input": torch.randn(3, 0), "target": torch.randn(3)}, "quantiles must not be empty")
err("quantile_err_columns", {"quantiles": [0.1, 0.5, 0.9]}, {"input": torch.randn(4, 2), "target": torch.randn(4)},
    "quantile_loss: expected input of shape (N, 3), one column per quantile, got torch.Size([4, 2])")
err("quantile_err_1d_many", {"quantiles": [0.1, 0.9]}, {"input": torch.randn(4), "target": torch.randn(4)},
    "quantile_loss: input of shape (N,) takes one quantile, got 2 quantiles; give input of shape (N, 2)")
err("quantile_err_target_2d", {"quantiles": [0.5]}, {"input": torch.randn(4, 1), "target": torch.randn(4, 1)},
    "quantile_loss: expected target of shape (N,), got torch.Size([4, 1])")
err("quantile_err_batch", {"quantiles": [0.5]}, {"input": torch.randn(4, 1), "target": torch.randn(3)},
    "Expected input batch_size (4) to match target batch_size (3).")
err("quantile_err_input_3d", {"quantiles": [0.5]}, {"input": torch.randn(2, 3, 1), "target": torch.randn(2)},
    "quantile_loss: expected input of shape (N,) or (N, Q), got torch.Size([2, 3, 1])")
err("quantile_err_reduction", {"quantiles": [0.5], "reduction": "batchmean"}, {"input": torch.randn(3), "target": torch.randn(3)},
    "batchmean is not a valid value for reduction")

write("quantile.json", cases)
