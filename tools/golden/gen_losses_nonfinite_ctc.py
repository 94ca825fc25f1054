"""NaN and infinite log_probs for CTCLoss (golden/losses/nonfinite_ctc.json).

PyTorch's log-space recursion carries a +inf or NaN log-probability into every cell that reads it (+inf - +inf in
its log-sum-exp gives NaN), and its gradient formula exp(lp) - exp(lcab + nll - lp) turns an infinite nll or lp into
NaN for t < input_length; zero_infinity replaces only +inf losses (a NaN loss stays NaN). Every case in float32 and
float64, every reduction, with and without zero_infinity, batched and unbatched.

Run: cd tools/golden && /usr/bin/python3 gen_losses_nonfinite_ctc.py
"""
import math

import torch

from losscase import case, write

L = torch.long
NAN, INF = math.nan, math.inf
cases = []


def add(name, lp, tg, il, tl, red, zi, blank=0):
    opts = {"blank": blank, "reduction": red, "zero_infinity": zi}
    args = {"log_probs": lp, "targets": tg, "input_lengths": torch.as_tensor(il, dtype=L), "target_lengths": torch.as_tensor(tl, dtype=L)}
    cases.append(case(name, "CTCLoss", opts, args, ["log_probs"], seed=len(cases)))


for dt, tag in ((torch.float32, "f32"), (torch.float64, "f64")):
    g = torch.Generator().manual_seed(41 if dt == torch.float32 else 42)
    base = torch.randn(7, 4, 5, generator=g, dtype=dt).log_softmax(-1)
    tg = torch.tensor([[1, 2, 3], [2, 2, 0], [4, 1, 0], [3, 0, 0]])
    il, tl = [7, 7, 6, 5], [3, 2, 2, 1]
    # sample 0: +inf on its path; 1: +inf on a class it never uses; 2: NaN on its path; 3: -inf on its only label at
    # every frame (impossible: +inf loss)
    x = base.clone()
    x[3, 0, 2] = INF
    x[2, 1, 4] = INF
    x[4, 2, 1] = NAN
    x[:, 3, 3] = -INF
    for red in ("none", "mean", "sum"):
        for zi in (False, True):
            add(f"nf_ctc_mixed_{red}_zi_{zi}_{tag}", x, tg, il, tl, red, zi)
    # +inf beyond the input length (t >= input_length is never read)
    y = base.clone()
    y[6, 2, 0] = INF
    y[5, 3, 0] = NAN
    add(f"nf_ctc_beyond_input_length_none_{tag}", y, tg, il, tl, "none", False)
    # one sample only: +inf at the blank of the first frame, an empty target
    z = base[:, :1].clone()
    z[0, 0, 0] = INF
    for zi in (False, True):
        add(f"nf_ctc_posinf_empty_target_sum_zi_{zi}_{tag}", z, torch.zeros(1, 0, dtype=L), [7], [0], "sum", zi)
    # unbatched (T, C) with +inf and a blank in the middle
    u = base[:, 0].clone()
    u[1, 3] = INF
    for red in ("none", "mean"):
        add(f"nf_ctc_unbatched_posinf_{red}_{tag}", u, torch.tensor([1, 3, 4]), [7], [3], red, False, blank=2)

write("nonfinite_ctc.json", cases)
