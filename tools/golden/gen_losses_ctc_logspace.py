"""CTCLoss in log space at large magnitudes (golden/losses/ctc_logspace.json).

Long inputs with peaked or unnormalised log_probs, where every sample must leave the scaled (probability-space)
recursion for the log-space one: probabilities that underflow (exp(lp) = 0 or below the scaled path's floor) or
exceed its ceiling (lp of +60). Alphas and betas then reach magnitudes of thousands, so every log-sum-exp must be
shifted by its maximum to give PyTorch's values. Each case carries "log_space": true (LossGoldenTest ignores the key;
CtcPathTest asserts that no sample of such a case takes the scaled path).

float32 cases are kept only where PyTorch's float32 result agrees with its own float64 result on the same inputs
within the fixture tolerance (PyTorch computes float32 CTC in float32, losses4j in double); the script asserts it.

Run: cd tools/golden && /usr/bin/python3 gen_losses_ctc_logspace.py
"""
import math

import torch

from losscase import case, write

L = torch.long
cases = []


def close(a, b, rtol, atol):
    return torch.allclose(a.double(), b.double(), rtol=rtol, atol=atol, equal_nan=True)


def add(name, lp, tg, il, tl, red, zi=False, blank=0):
    """One case per dtype; float32 only if PyTorch's float32 and float64 agree at the fixture tolerance."""
    opts = {"blank": blank, "reduction": red, "zero_infinity": zi}
    il = torch.as_tensor(il, dtype=L)
    tl = torch.as_tensor(tl, dtype=L)
    args = lambda x: {"log_probs": x, "targets": tg, "input_lengths": il, "target_lengths": tl}
    c64 = case(name + "_f64", "CTCLoss", opts, args(lp.double()), ["log_probs"], seed=len(cases))
    c64["log_space"] = True
    cases.append(c64)
    c32 = case(name + "_f32", "CTCLoss", opts, args(lp.float()), ["log_probs"], seed=len(cases))
    # the same float32 inputs in float64: what float32 would give if PyTorch computed it exactly
    ref = case(name + "_ref", "CTCLoss", opts, args(lp.float().double()), ["log_probs"], seed=len(cases))
    t = lambda s: torch.tensor(s["data"], dtype=torch.float64)
    ok = close(t(c32["out"]), t(ref["out"]), 1.3e-6, 1e-5)
    if "grads" in c32:
        ok = ok and close(t(c32["grads"]["log_probs"]), t(ref["grads"]["log_probs"]), 1.3e-6, 1e-5)
    if ok:
        c32["log_space"] = True
        cases.append(c32)
    else:
        print("float32 dropped (PyTorch float32 is not within tolerance of float64):", name)


g = torch.Generator().manual_seed(20)
REDS = ("none", "mean", "sum")

# peaked distributions: log_softmax of logits with a standard deviation of 40 (many exp(lp) underflow to 0)
T, N, C, S = 200, 3, 6, 30
peaked = (torch.randn(T, N, C, generator=g, dtype=torch.float64) * 40).log_softmax(-1)
tg = torch.randint(1, C, (N, S), generator=g)
for red in REDS:
    add(f"ctc_log_peaked_T200_{red}", peaked, tg, [200, 180, 150], [30, 20, 1], red)
add("ctc_log_peaked_T200_impossible_zero_infinity_sum", peaked, tg, [200, 40, 150], [30, 30, 5], "sum", True)

# moderately peaked (standard deviation 12), short enough for PyTorch's float32 to keep float32 accuracy; class 4,
# on no path, has log-probability -1000 (exp underflows to 0), which sends every sample to log space
mod = (torch.randn(60, 2, 5, generator=g, dtype=torch.float64) * 12).log_softmax(-1)
mod[:, :, 4] = -1000
tgm = torch.randint(1, 4, (2, 12), generator=g)
for red in REDS:
    add(f"ctc_log_moderate_T60_{red}", mod, tgm, [60, 50], [12, 7], red)

# tiny but normal probabilities everywhere (lp around -600): the scaled cells underflow after a step
tiny = -600 + torch.randn(T, N, C, generator=g, dtype=torch.float64) * 30
add("ctc_log_tiny_probabilities_T200_none", tiny, tg, [200, 120, 90], [30, 10, 3], "none")

# unnormalised log_probs around +60: exp(lp) above the scaled path's ceiling, alphas grow to +1e4
big = 60 + torch.randn(150, 2, 6, generator=g, dtype=torch.float64) * 3
tgb = torch.randint(1, 6, (2, 30), generator=g)
add("ctc_log_unnormalised_plus60_T150_none", big, tgb, [150, 90], [30, 5], "none")

# one very long sample with a blank in the middle of the classes
long_ = (torch.randn(600, 1, 5, generator=g, dtype=torch.float64) * 25).log_softmax(-1)
tgl = torch.tensor([[0, 1, 3, 4, 0, 0, 1, 3, 4, 3] * 6])
add("ctc_log_peaked_T600_blank2_sum", long_, tgl, [600], [60], "sum", blank=2)

write("ctc_logspace.json", cases)
