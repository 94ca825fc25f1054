"""CrossEntropyLoss, NLLLoss, MultiMarginLoss and MultiLabelMarginLoss cases that classification.json and margin.json
leave open (golden/losses/classification_kinks.json):

- the gradient of CrossEntropyLoss's class weight with probability targets (weight.requires_grad_(True)): besides the
  usual keys, such a case has "option_grads": {"weight": tensor-spec}, d(sum(out * grad_out)) / d(weight).
  LossGoldenTest runs the case without a gradient for the weight; CrossEntropyWeightGradGoldenTest checks it;
- hinges exactly at their kink, z = margin - x[y] + x[i] == 0 (exact in float): PyTorch counts only z > 0, so the
  loss term and the gradient there are 0; rows long enough (C = 37) for a vector body and a tail;
- rows of several lengths through the vector bodies of the fused kernels (MultiMargin, MultiLabelMargin, CE).

Run from tools/golden with /usr/bin/python3 (torch 1.13).
"""
import torch

from losscase import case, spec, write

torch.set_num_threads(1)
cases = []
DTS = ((torch.float32, "f32"), (torch.float64, "f64"))
REDS = ("none", "mean", "sum")


def seed():
    torch.manual_seed(3000 + len(cases))
    return len(cases)


def add(name, loss, options, args, rg):
    s = seed()
    cases.append(case(name, loss, options, args, rg, seed=s))


def ce_weight_case(name, options, x, t, w):
    """A probability-target case whose weight requires grad: the fixture plus option_grads.weight."""
    s = seed()
    c = case(name, "CrossEntropyLoss", dict(options, weight=w), {"input": x, "target": t}, ["input", "target"], seed=s)
    wr = w.detach().clone().requires_grad_(True)
    xr = x.detach().clone().requires_grad_(True)
    tr = t.detach().clone().requires_grad_(True)
    out = torch.nn.CrossEntropyLoss(weight=wr, **options)(xr, tr)
    g = torch.Generator().manual_seed(s + 7919)
    go = torch.randn(out.shape, generator=g, dtype=out.dtype)
    assert spec(go) == c["grad_out"]
    gw, gx, gt = torch.autograd.grad(out, [wr, xr, tr], go)
    assert spec(gx) == c["grads"]["input"] and spec(gt) == c["grads"]["target"]
    c["option_grads"] = {"weight": spec(gw)}
    cases.append(c)


# ---------------------------------------------------------------- CE probability targets: the weight's gradient
for dt, tag in DTS:
    for red in REDS:
        for sname, shape in (("unbatched", (5,)), ("2d", (4, 5)), ("k1", (2, 3, 4)), ("k2", (2, 3, 2, 3))):
            cdim = 0 if len(shape) == 1 else 1
            c = shape[cdim]
            for ls in (0.0, 0.2):
                torch.manual_seed(5000 + len(cases))
                x = torch.randn(shape, dtype=dt) * 2
                t = torch.softmax(torch.randn(shape, dtype=dt), dim=cdim)
                w = torch.rand(c, dtype=dt) + 0.1
                opts = {"reduction": red}
                if ls:
                    opts["label_smoothing"] = ls
                ce_weight_case(f"ce_probs_weight_grad_{sname}_ls{ls}_{red}_{tag}", opts, x, t, w)


def kink_rows(dt, n, c, y, margin):
    """(n, c) inputs in multiples of 1/4 with about a third of the hinges z = margin - x[y] + x[i] exactly 0."""
    x = (torch.randint(-8, 9, (n, c)).to(dt)) / 4
    for r in range(n):
        for i in range(c):
            if i != y[r] and (i + r) % 3 == 0:
                x[r, i] = x[r, y[r]] - margin
    return x


# ---------------------------------------------------------------- hinges at the kink
for dt, tag in DTS:
    for red in REDS:
        for p in (1, 2):
            for margin in (1.0, 0.5):
                torch.manual_seed(6000 + len(cases))
                y = torch.randint(0, 37, (5,))
                x = kink_rows(dt, 5, 37, y.tolist(), margin)
                add(f"mm_kink_p{p}_margin{margin}_{red}_{tag}", "MultiMarginLoss", {"p": p, "margin": margin, "reduction": red},
                    {"input": x, "target": y}, ["input"])
        torch.manual_seed(6100 + len(cases))
        y = torch.randint(0, 37, (4,))
        w = torch.rand(37, dtype=dt) + 0.5
        add(f"mm_kink_weight_p2_{red}_{tag}", "MultiMarginLoss", {"p": 2, "weight": w, "reduction": red},
            {"input": kink_rows(dt, 4, 37, y.tolist(), 1.0), "target": y}, ["input"])
        # MultiLabelMargin: labels 0..2 of each row (then -1), hinges 1 - x[label] + x[i] == 0 for a third of the others
        torch.manual_seed(6200 + len(cases))
        x = (torch.randint(-8, 9, (4, 37)).to(dt)) / 4
        tgt = torch.full((4, 37), -1, dtype=torch.long)
        for r in range(4):
            labels = torch.randperm(37)[:3].tolist()
            tgt[r, :3] = torch.tensor(labels)
            for i in range(37):
                if i not in labels and (i + r) % 3 == 0:
                    x[r, i] = x[r, labels[i % 3]] - 1.0
        add(f"mlm_kink_{red}_{tag}", "MultiLabelMarginLoss", {"reduction": red}, {"input": x, "target": tgt}, ["input"])

# ---------------------------------------------------------------- row lengths around the vector widths
for dt, tag in DTS:
    for c in (1, 3, 7, 8, 9, 15, 16, 17, 31, 33, 64, 100, 1030):
        torch.manual_seed(7000 + len(cases))
        n = 3
        x = torch.randn(n, c, dtype=dt) * 2
        y = torch.randint(0, c, (n,))
        add(f"mm_len{c}_p2_{tag}", "MultiMarginLoss", {"p": 2}, {"input": x, "target": y}, ["input"])
        add(f"mm_len{c}_p1_weight_sum_{tag}", "MultiMarginLoss", {"weight": torch.rand(c, dtype=dt) + 0.1, "reduction": "sum"},
            {"input": x, "target": y}, ["input"])
        tgt = torch.full((n, c), -1, dtype=torch.long)
        for r in range(n):
            k = int(torch.randint(0, min(c, 5) + 1, ()).item())
            tgt[r, :k] = torch.randperm(c)[:k]
        add(f"mlm_len{c}_{tag}", "MultiLabelMarginLoss", {}, {"input": x, "target": tgt}, ["input"])
        add(f"ce_len{c}_ls_weight_{tag}", "CrossEntropyLoss", {"label_smoothing": 0.1, "weight": torch.rand(c, dtype=dt) + 0.1},
            {"input": x, "target": y}, ["input"])
        add(f"ce_len{c}_none_{tag}", "CrossEntropyLoss", {"reduction": "none"}, {"input": x, "target": y}, ["input"])

write("classification_kinks.json", cases)
