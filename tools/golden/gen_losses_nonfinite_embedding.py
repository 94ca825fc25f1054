"""NaN and infinite inputs for the embedding losses (golden/losses/nonfinite_embedding.json): CosineEmbeddingLoss,
TripletMarginLoss (p = 2 and other norms, swap, eps), TripletMarginWithDistanceLoss (pairwise and cosine distances).

PyTorch's composed ops carry a NaN or an infinity through its chain rule: a NaN row gives NaN gradients to every
input of its distances even where the hinge is inactive (0 * NaN), and an infinite element gives NaN where a norm
divides it by an infinite norm. Every case runs in float32 and float64, on inputs of one shape (losses4j's fused
float32 path) and with a broadcast input (the general path), for every reduction.

Run: cd tools/golden && /usr/bin/python3 gen_losses_nonfinite_embedding.py
"""
import math

import torch
import torch.nn.functional as F

from losscase import case, write

NAN, INF = math.nan, math.inf
cases = []
DTS = ((torch.float32, "f32"), (torch.float64, "f64"))
REDS = ("none", "mean", "sum")
RG2 = ["input1", "input2"]
RG3 = ["anchor", "positive", "negative"]


def add(name, loss, options, args, rg, rename=None):
    c = case(name, loss, options, args, rg, seed=len(cases))
    if rename:
        c["options"].update(rename)
    cases.append(c)


def rows(gen, dt, n, d):
    return torch.randn(n, d, generator=gen, dtype=dt)


for dt, tag in DTS:
    g = torch.Generator().manual_seed(31 if dt == torch.float32 else 32)
    # ------------------------------------------------------------ CosineEmbeddingLoss
    # rows: 0 NaN in x1 (y = 1), 1 +inf in x2 (y = -1, hinge active), 2 -inf in x1 (y = -1), 3 NaN in x2 with y = 0
    # (loss 0 whatever the row holds), 4 both rows huge (1e30: the float32 squared norm overflows), 5 finite
    x1, x2 = rows(g, dt, 6, 5), rows(g, dt, 6, 5)
    x1[0, 2] = NAN
    x2[1, 0] = INF
    x1[2, 4] = -INF
    x2[3, 1] = NAN
    x1[4], x2[4] = 1e30, -2e30
    y = torch.tensor([1, -1, -1, 0, 1, -1])
    for red in REDS:
        for m in (0.0, -0.5):
            add(f"nf_cos_{red}_margin_{m}_{tag}", "CosineEmbeddingLoss", {"reduction": red, "margin": m},
                {"input1": x1, "input2": x2, "target": y}, RG2)
        # general path: input2 one row broadcast over the batch
        add(f"nf_cos_broadcast_{red}_{tag}", "CosineEmbeddingLoss", {"reduction": red, "margin": -0.5},
            {"input1": x1, "input2": x2[5:6].clone(), "target": y}, RG2)
    # a NaN target: neither 1 nor -1, so the loss is 0 (PyTorch's where()s)
    add(f"nf_cos_nan_target_none_{tag}", "CosineEmbeddingLoss", {"reduction": "none"},
        {"input1": x1[5:].repeat(2, 1), "input2": x2[5:].repeat(2, 1), "target": torch.tensor([NAN, 1.0], dtype=dt)}, RG2)
    # unbatched: a NaN vector with a 0-d target
    add(f"nf_cos_unbatched_nan_{tag}", "CosineEmbeddingLoss", {"reduction": "mean"},
        {"input1": x1[0].clone(), "input2": x2[0].clone(), "target": torch.tensor(-1)}, RG2)

    # ------------------------------------------------------------ TripletMarginLoss
    # rows: 0 NaN in the anchor, 1 NaN in the positive, 2 +inf in the negative (hinge inactive), 3 -inf in the positive
    # (hinge active: d(a, p) = inf), 4 NaN in the negative, 5 finite with the hinge active, 6 finite, inactive
    a, p, n = rows(g, dt, 7, 4), rows(g, dt, 7, 4), rows(g, dt, 7, 4)
    a[0, 1] = NAN
    p[1, 3] = NAN
    n[2, 0] = INF
    p[3, 2] = -INF
    n[4, 2] = NAN
    p[5] = a[5] + 3
    n[6] = a[6] + 5
    p[6] = a[6] + 0.1
    for red in REDS:
        for swap in (False, True):
            add(f"nf_tml_{red}_swap_{swap}_{tag}", "TripletMarginLoss", {"reduction": red, "swap": swap},
                {"anchor": a, "positive": p, "negative": n}, RG3)
        add(f"nf_tml_broadcast_negative_{red}_{tag}", "TripletMarginLoss", {"reduction": red},
            {"anchor": a, "positive": p, "negative": n[4:5].clone()}, RG3)
    for pn in (1.0, 3.0, 0.5, INF):
        for swap in (False, True):
            add(f"nf_tml_p_{pn}_swap_{swap}_{tag}", "TripletMarginLoss", {"reduction": "none", "p": pn, "swap": swap, "margin": 1.5},
                {"anchor": a, "positive": p, "negative": n}, RG3)
    add(f"nf_tml_eps_0_{tag}", "TripletMarginLoss", {"reduction": "sum", "eps": 0.0}, {"anchor": a, "positive": p, "negative": n}, RG3)
    add(f"nf_tml_anchor_only_grad_{tag}", "TripletMarginLoss", {"reduction": "mean"}, {"anchor": a, "positive": p, "negative": n}, ["anchor"])
    add(f"nf_tml_unbatched_nan_anchor_{tag}", "TripletMarginLoss", {"reduction": "mean"},
        {"anchor": a[0].clone(), "positive": p[0].clone(), "negative": n[0].clone()}, RG3)

    # ------------------------------------------------------------ TripletMarginWithDistanceLoss
    def cosine_distance(u, v):
        return 1.0 - F.cosine_similarity(u, v, dim=-1)

    for red in REDS:
        for swap in (False, True):
            add(f"nf_tmwd_pairwise_{red}_swap_{swap}_{tag}", "TripletMarginWithDistanceLoss", {"reduction": red, "swap": swap},
                {"anchor": a, "positive": p, "negative": n}, RG3)
            add(f"nf_tmwd_cosine_{red}_swap_{swap}_{tag}", "TripletMarginWithDistanceLoss",
                {"reduction": red, "swap": swap, "distance_function": cosine_distance, "margin": 0.5},
                {"anchor": a, "positive": p, "negative": n}, RG3, rename={"distance_function": "cosine"})
    add(f"nf_tmwd_pairwise_broadcast_positive_{tag}", "TripletMarginWithDistanceLoss", {"reduction": "none", "swap": True},
        {"anchor": a, "positive": p[1:2].clone(), "negative": n}, RG3)

write("nonfinite_embedding.json", cases)
