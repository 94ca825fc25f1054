"""Fixtures for InfoNCELoss (golden/losses/infonce.json): InfoNCE with in-batch negatives, written with PyTorch ops
(F.normalize, matmul, F.cross_entropy) as a PyTorch user writes it, and differentiated by PyTorch's autograd.

    u = F.normalize(input1, dim=1); v = F.normalize(input2, dim=1)     (x / max(||x||, 1e-12))
    s = u @ v.T / temperature
    loss = F.cross_entropy(s, arange(N), reduction)                      symmetric: (that + the same on s.T) / 2

Covers float32 and float64, every reduction, symmetric or not, N = 1, D = 1, a batch past one column block, zero and
tiny rows (F.normalize's eps path, whose gradient is 1 / eps), large and small temperatures, large and small
magnitudes, ties, a gradient for one input only, NaN and infinite inputs, and the errors (temperature <= 0, shapes,
dtypes, reduction) with losses4j's messages; every error case also fails in PyTorch.

Run with /usr/bin/python3 (torch 1.13) from tools/golden/.
"""
import math

import torch
import torch.nn.functional as F

from losscase import case, error_case, write


class InfoNCELoss(torch.nn.Module):
    """The definition losses4j's InfoNCELoss implements, with its checks (the ops alone would accept N1 < N2)."""

    def __init__(self, temperature=0.07, symmetric=False, reduction="mean"):
        super().__init__()
        if not temperature > 0:
            raise ValueError(f"temperature must be positive, got {temperature}")
        self.temperature = temperature
        self.symmetric = symmetric
        self.reduction = reduction

    def forward(self, input1, input2):
        if input1.dim() != 2 or input2.dim() != 2:
            raise ValueError("info_nce expects 2-D inputs (N, D)")
        if input1.shape != input2.shape:
            raise ValueError("input1 and input2 must have the same shape")
        u = F.normalize(input1, dim=1)
        v = F.normalize(input2, dim=1)
        s = u @ v.T / self.temperature
        target = torch.arange(s.shape[0])
        loss = F.cross_entropy(s, target, reduction=self.reduction)
        if self.symmetric:
            loss = (loss + F.cross_entropy(s.T, target, reduction=self.reduction)) / 2
        return loss


# losscase builds a loss by its class name from torch.nn
torch.nn.InfoNCELoss = InfoNCELoss

NAME = "InfoNCELoss"
RG = ["input1", "input2"]
DTS = ((torch.float32, "f32"), (torch.float64, "f64"))
REDS = ("none", "mean", "sum")
cases = []


def add(name, options, x1, x2, rg=RG):
    c = case(name, NAME, options, {"input1": x1, "input2": x2}, rg, seed=len(cases))
    if x1.dtype == torch.float32:
        set_float32_tolerance(c)
    cases.append(c)


def err(name, options, x1, x2, message):
    cases.append(error_case(name, NAME, options, {"input1": x1, "input2": x2}, "IllegalArgumentException", message))


def pair(n, d, dt, scale=1.0):
    torch.manual_seed(2000 + len(cases))
    return torch.randn(n, d, dtype=dt) * scale, torch.randn(n, d, dtype=dt) * scale


def positives(n, d, dt, noise=0.3):
    """Anchors and noisy copies of them: the diagonal dominates, as in a trained model."""
    torch.manual_seed(2000 + len(cases))
    a = torch.randn(n, d, dtype=dt)
    return a, a + noise * torch.randn(n, d, dtype=dt)


def float64_twin(c):
    """The float64 value and gradients of a float32 case: the same definition on the same (float32) values in float64."""
    m = InfoNCELoss(**c["options"])
    ts = {k: torch.tensor(v["data"], dtype=torch.float64).reshape(v["shape"]) for k, v in c["args"].items()}
    for k in c["requires_grad"]:
        ts[k].requires_grad_(True)
    out = m(*ts.values())
    grads = {}
    if c.get("grads"):
        go = torch.tensor(c["grad_out"]["data"], dtype=torch.float64).reshape(c["grad_out"]["shape"])
        gs = torch.autograd.grad(out, [ts[k] for k in c["requires_grad"]], go, allow_unused=True)
        grads = dict(zip(c["requires_grad"], gs))
    return out.detach(), grads


def set_float32_tolerance(c):
    """float32 gradients of InfoNCE are ill-conditioned: logits of magnitude 1 / T carry float32 rounding of that size,
    the logits' gradient is a softmax minus a one-hot (a difference of near-equal terms where the softmax is peaked),
    and the normalisation's backward removes each row's radial part (another). PyTorch's own float32 result can be off
    the float64 one (on the same float32 values) by more than the float32 tolerance (rtol 1.3e-6, atol 1e-5). losses4j
    computes float32 inputs in double and rounds once, so its result is the float64 one rounded and differs from
    PyTorch's by PyTorch's own error. Where that error exceeds half the tolerance, the case's tolerance is scaled to
    twice it (tol_scale, rounded up to 0.5)."""
    out64, grads64 = float64_twin(c)
    worst = 0.0
    pairs = [(c["out"], out64)] + [(c["grads"][k], g) for k, g in grads64.items() if g is not None]
    for spec32, t64 in pairs:
        got = torch.tensor(spec32["data"], dtype=torch.float64).reshape(spec32["shape"])
        ok = torch.isfinite(t64) & torch.isfinite(got)
        if ok.any():
            units = ((got - t64).abs() / (1e-5 + 1.3e-6 * t64.abs()))[ok].max().item()
            worst = max(worst, units)
    if worst > 0.5:
        c["tol_scale"] = max(1.0, math.ceil(4 * worst) / 2)


for dt, tag in DTS:
    for red in REDS:
        for sym in (False, True):
            s = "sym" if sym else "rows"
            add(f"infonce_{s}_{red}_{tag}", {"reduction": red, "symmetric": sym}, *pair(8, 16, dt))
            add(f"infonce_{s}_{red}_aligned_{tag}", {"reduction": red, "symmetric": sym, "temperature": 0.1}, *positives(6, 5, dt))
    add(f"infonce_defaults_{tag}", {}, *pair(5, 7, dt))
    add(f"infonce_explicit_defaults_{tag}", {"temperature": 0.07, "symmetric": False, "reduction": "mean"}, *pair(5, 7, dt))
    # N = 1: one candidate, loss 0 and zero gradients
    for sym in (False, True):
        add(f"infonce_n1_{'sym' if sym else 'rows'}_{tag}", {"symmetric": sym, "reduction": "sum"}, *pair(1, 4, dt))
    add(f"infonce_n1_none_{tag}", {"reduction": "none"}, *pair(1, 3, dt))
    # D = 1: cosines are +-1
    for sym in (False, True):
        add(f"infonce_d1_{'sym' if sym else 'rows'}_{tag}", {"symmetric": sym}, *pair(5, 1, dt))
    # N past two column blocks of the symmetric pass (64 columns each) and one row block
    add(f"infonce_n160_sym_{tag}", {"symmetric": True}, *pair(160, 4, dt))
    add(f"infonce_n160_rows_none_{tag}", {"reduction": "none"}, *pair(160, 3, dt))
    # D past one k-block of the product (256)
    add(f"infonce_n8_d300_{tag}", {"temperature": 0.2}, *pair(8, 300, dt))
    # temperatures (a small one with unaligned pairs too: float32 logits of magnitude 1 / T)
    add(f"infonce_temperature_0.02_random_{tag}", {"temperature": 0.02, "symmetric": True, "reduction": "none"}, *pair(6, 8, dt))
    for t in (1e-3, 0.01, 0.5, 2.0, 100.0):
        for sym in (False, True):
            add(f"infonce_temperature_{t}_{'sym' if sym else 'rows'}_{tag}", {"temperature": t, "symmetric": sym, "reduction": "sum"},
                *positives(6, 8, dt))
    # magnitudes: normalisation removes the scale (down to eps)
    for sc in (1e-6, 1e-3, 1e3, 1e6):
        add(f"infonce_scale_{sc}_{tag}", {"symmetric": True}, *pair(5, 6, dt, sc))
    # ties: identical rows, identical anchors and positives
    x = torch.ones(4, 3, dtype=dt)
    add(f"infonce_all_rows_equal_{tag}", {"reduction": "none"}, x, x.clone())
    a, _ = pair(4, 3, dt)
    add(f"infonce_positives_equal_anchors_{tag}", {"symmetric": True, "reduction": "none"}, a, a.clone())
    # F.normalize's eps: a zero row (u = 0, gradient dL/du / eps), rows of norm below eps
    a, b = pair(5, 4, dt)
    a[1] = 0
    b[3] = 0
    for red in REDS:
        add(f"infonce_zero_rows_{red}_{tag}", {"reduction": red}, a, b)
        add(f"infonce_zero_rows_sym_{red}_{tag}", {"reduction": red, "symmetric": True}, a, b)
    a, b = pair(4, 3, dt)
    a[0] = 1e-13
    b[2] = torch.tensor([3e-13, -4e-13, 0.0], dtype=dt)
    add(f"infonce_rows_below_eps_{tag}", {"reduction": "sum", "symmetric": True}, a, b)
    # all rows zero: every logit 0, loss log N
    add(f"infonce_all_zero_{tag}", {"reduction": "none", "symmetric": True}, torch.zeros(3, 2, dtype=dt), torch.zeros(3, 2, dtype=dt))
    # one input differentiated
    a, b = pair(6, 5, dt)
    add(f"infonce_grad_input1_only_{tag}", {"symmetric": True}, a, b, ["input1"])
    add(f"infonce_grad_input2_only_{tag}", {"reduction": "none"}, a, b, ["input2"])
    add(f"infonce_grad_input2_only_rows_{tag}", {}, a, b, ["input2"])
    # empty batch: nan mean, 0 sum, (0,) none; an empty embedding: every logit 0
    for red in REDS:
        add(f"infonce_empty_batch_{red}_{tag}", {"reduction": red}, torch.zeros(0, 4, dtype=dt), torch.zeros(0, 4, dtype=dt))
    add(f"infonce_empty_embedding_{tag}", {"symmetric": True, "reduction": "none"}, torch.zeros(3, 0, dtype=dt), torch.zeros(3, 0, dtype=dt))
    # NaN and infinities: a NaN row of input1 reaches its row of the logits (and every row of input2's gradient
    # through the product), an infinite element makes its row of u NaN (inf / inf), hence a NaN column of the logits
    for sym in (False, True):
        s = "sym" if sym else "rows"
        a, b = pair(4, 3, dt)
        a[1, 2] = math.nan
        add(f"infonce_nan_input1_row_{s}_none_{tag}", {"symmetric": sym, "reduction": "none"}, a, b)
        add(f"infonce_nan_input1_row_{s}_mean_{tag}", {"symmetric": sym}, a, b)
        a, b = pair(4, 3, dt)
        b[2, 0] = math.inf
        add(f"infonce_inf_input2_{s}_none_{tag}", {"symmetric": sym, "reduction": "none"}, a, b)
        a, b = pair(4, 3, dt)
        a[0, 1] = -math.inf
        add(f"infonce_neg_inf_input1_{s}_sum_{tag}", {"symmetric": sym, "reduction": "sum"}, a, b)

# errors
x, y = pair(3, 4, torch.float32)
err("infonce_err_temperature_zero", {"temperature": 0.0}, x, y, "temperature must be positive, got 0.0")
err("infonce_err_temperature_negative", {"temperature": -1.0}, x, y, "temperature must be positive, got -1.0")
err("infonce_err_1d_inputs", {}, x[0], y[0], "info_nce expects 2-D inputs (N, D), but got input1 of size [4] and input2 of size [4]")
err("infonce_err_3d_input1", {}, x.unsqueeze(0), y, "info_nce expects 2-D inputs (N, D), but got input1 of size [1, 3, 4] and input2 of size [3, 4]")
err("infonce_err_batch_mismatch", {}, x, torch.randn(4, 4), "Expected input1 batch_size (3) to match input2 batch_size (4)")
err("infonce_err_batch_mismatch_fewer", {}, torch.randn(4, 4), x, "Expected input1 batch_size (4) to match input2 batch_size (3)")
err("infonce_err_embedding_mismatch", {}, x, torch.randn(3, 5), "Expected input1 embedding size (4) to match input2 embedding size (5)")
err("infonce_err_dtype_mismatch", {}, x, y.double(), "Expected input1 and input2 to have the same dtype, but got Float and Double")
err("infonce_err_int_input", {}, torch.ones(3, 4, dtype=torch.long), y, "\"info_nce\" not implemented for 'Long' (argument input1)")
err("infonce_err_bad_reduction", {"reduction": "avg"}, x, y, "avg is not a valid value for reduction")
err("infonce_err_batchmean", {"reduction": "batchmean"}, x, y, "batchmean is not a valid value for reduction")
err("infonce_err_unknown_keyword", {"margin": 1.0}, x, y, "InfoNCELoss.__init__() got an unexpected keyword argument 'margin'")

write("infonce.json", cases)
