"""NaN and +-inf through CrossEntropyLoss, NLLLoss, MultiMarginLoss and MultiLabelMarginLoss
(golden/losses/nonfinite_classification.json): in the input (also in ignored rows and positions), in the class weight,
in probability targets, in the margin; with label smoothing, weights, K-dimensional inputs; float32 (the fused
kernels) and float64 (the general path). PyTorch's chain rule decides, e.g. an ignored row whose log-softmax is NaN
gets a NaN gradient row (log_softmax's backward: 0 - p * 0), and a MultiMarginLoss row without a positive hinge
ignores a NaN weight. Probability-target cases with "option_grads" also pin the weight's gradient
(CrossEntropyWeightGradGoldenTest).

Run from tools/golden with /usr/bin/python3 (torch 1.13).
"""
import math

import torch

from losscase import case, spec, write

torch.set_num_threads(1)
NAN, INF = math.nan, math.inf
cases = []
DTS = ((torch.float32, "f32"), (torch.float64, "f64"))
REDS = ("none", "mean", "sum")


def seed():
    torch.manual_seed(9000 + len(cases))
    return len(cases)


def add(name, loss, options, args, rg):
    s = seed()
    cases.append(case(name, loss, options, args, rg, seed=s))


def ce_weight_case(name, options, x, t, w):
    """A probability-target case whose weight requires grad: the fixture plus option_grads.weight."""
    s = seed()
    c = case(name, "CrossEntropyLoss", dict(options, weight=w), {"input": x, "target": t}, ["input", "target"], seed=s)
    wr, xr, tr = (v.detach().clone().requires_grad_(True) for v in (w, x, t))
    out = torch.nn.CrossEntropyLoss(weight=wr, **options)(xr, tr)
    go = torch.randn(out.shape, generator=torch.Generator().manual_seed(s + 7919), dtype=out.dtype)
    gw, = torch.autograd.grad(out, [wr], go)
    c["option_grads"] = {"weight": spec(gw)}
    cases.append(c)


for dt, tag in DTS:
    T = lambda *rows: torch.tensor(rows, dtype=dt)
    # rows: NaN, +inf, all -inf, a partial -inf, finite, finite (6 x 4)
    X = T([NAN, 0.5, 1.0, -1.0], [INF, 0.0, 1.0, 2.0], [-INF, -INF, -INF, -INF], [-INF, 0.0, 1.0, 0.5],
          [0.3, -0.2, 1.5, 0.0], [2.0, 1.0, 0.0, -1.0])
    W4 = T(0.5, 1.5, 1.0, 2.0)
    for red in REDS:
        # ---------------------------------------------------------- CrossEntropyLoss, class indices
        # the non-finite rows ignored: value finite, their gradient rows follow log_softmax's backward
        t_ign = torch.tensor([-100, -100, -100, -100, 2, 0])
        for oname, opts in (("plain", {}), ("weight", {"weight": W4}), ("ls", {"label_smoothing": 0.1}),
                            ("ls_weight", {"label_smoothing": 0.2, "weight": W4})):
            add(f"ce_ignored_nonfinite_rows_{oname}_{red}_{tag}", "CrossEntropyLoss", dict(opts, reduction=red),
                {"input": X, "target": t_ign}, ["input"])
            add(f"ce_nonfinite_rows_{oname}_{red}_{tag}", "CrossEntropyLoss", dict(opts, reduction=red),
                {"input": X, "target": torch.tensor([1, 2, 0, 2, 2, 0])}, ["input"])
            add(f"ce_nonfinite_rows_target_neginf_{oname}_{red}_{tag}", "CrossEntropyLoss", dict(opts, reduction=red),
                {"input": X, "target": torch.tensor([-100, -100, -100, 0, 2, 0])}, ["input"])
        # non-finite class weights, with and without smoothing, with ignored rows
        x = torch.randn(5, 4, dtype=dt)
        t = torch.tensor([1, -100, 2, -100, 3])
        for wname, w in (("nan", T(NAN, 1.0, 0.5, 2.0)), ("inf", T(1.0, INF, 0.5, 2.0)), ("nan_target", T(1.0, NAN, 0.5, 2.0))):
            add(f"ce_weight_{wname}_{red}_{tag}", "CrossEntropyLoss", {"weight": w, "reduction": red},
                {"input": x, "target": t}, ["input"])
            add(f"ce_weight_{wname}_ls_{red}_{tag}", "CrossEntropyLoss", {"weight": w, "reduction": red, "label_smoothing": 0.1},
                {"input": x, "target": t}, ["input"])
        # long rows (vector body and tail) with an ignored NaN / +inf row
        torch.manual_seed(9500 + len(cases))
        xl = torch.randn(4, 37, dtype=dt)
        xl[0, 20] = NAN
        xl[2, 3] = INF
        tl = torch.tensor([-100, 5, -100, 36])
        for oname, opts in (("plain", {}), ("ls_weight", {"label_smoothing": 0.1, "weight": torch.rand(37, dtype=dt) + 0.1})):
            add(f"ce_len37_ignored_nonfinite_{oname}_{red}_{tag}", "CrossEntropyLoss", dict(opts, reduction=red),
                {"input": xl, "target": tl}, ["input"])
        # K-dimensional: ignored and counted positions holding NaN / +inf / all -inf
        torch.manual_seed(9600 + len(cases))
        xk = torch.randn(2, 3, 5, dtype=dt)
        xk[0, 1, 2] = NAN
        xk[1, 0, 4] = INF
        xk[1, :, 1] = -INF
        xk[0, 2, 0] = NAN
        tk = torch.tensor([[1, 0, -100, 2, 1], [0, -100, 2, 1, -100]])
        for oname, opts in (("plain", {}), ("ls", {"label_smoothing": 0.3}), ("weight", {"weight": T(0.5, 2.0, 1.0)}),
                            ("ls_weight_nan", {"label_smoothing": 0.3, "weight": T(0.5, NAN, 1.0)})):
            add(f"ce_k1_nonfinite_{oname}_{red}_{tag}", "CrossEntropyLoss", dict(opts, reduction=red),
                {"input": xk, "target": tk}, ["input"])
        xk2 = torch.randn(2, 3, 2, 3, dtype=dt)
        xk2[0, :, 1, 1] = NAN
        xk2[1, 2, 0, 2] = INF
        tk2 = torch.tensor([[[0, 1, 2], [1, -100, 0]], [[2, 2, -100], [0, 1, 1]]])
        add(f"ce_k2_ignored_nonfinite_{red}_{tag}", "CrossEntropyLoss", {"reduction": red}, {"input": xk2, "target": tk2}, ["input"])

        # ---------------------------------------------------------- CrossEntropyLoss, probability targets
        P = torch.softmax(torch.randn(6, 4, dtype=dt), 1)
        add(f"ce_probs_nonfinite_input_{red}_{tag}", "CrossEntropyLoss", {"reduction": red}, {"input": X, "target": P},
            ["input", "target"])
        Pn = P.clone()
        Pn[1, 2] = NAN
        Pn[3, 0] = INF
        Pn[5, 1] = -INF
        xf = torch.randn(6, 4, dtype=dt)
        add(f"ce_probs_nonfinite_target_{red}_{tag}", "CrossEntropyLoss", {"reduction": red, "label_smoothing": 0.1},
            {"input": xf, "target": Pn}, ["input", "target"])
        ce_weight_case(f"ce_probs_nonfinite_input_weight_grad_{red}_{tag}", {"reduction": red}, X, P, W4)
        ce_weight_case(f"ce_probs_weight_nan_grad_{red}_{tag}", {"reduction": red, "label_smoothing": 0.2}, xf, P, T(1.0, NAN, INF, 0.5))
        xpk = torch.randn(2, 3, 4, dtype=dt)
        xpk[1, 1, 2] = NAN
        xpk[0, 0, 1] = -INF
        add(f"ce_probs_k1_nonfinite_{red}_{tag}", "CrossEntropyLoss", {"reduction": red},
            {"input": xpk, "target": torch.softmax(torch.randn(2, 3, 4, dtype=dt), 1)}, ["input", "target"])

        # ---------------------------------------------------------- NLLLoss
        add(f"nll_nonfinite_{red}_{tag}", "NLLLoss", {"reduction": red}, {"input": X, "target": torch.tensor([1, 0, 2, 0, -100, 3])},
            ["input"])
        add(f"nll_nonfinite_ignored_{red}_{tag}", "NLLLoss", {"reduction": red, "weight": W4},
            {"input": X, "target": torch.tensor([-100, -100, -100, 1, 2, 0])}, ["input"])
        for wname, w in (("nan", T(NAN, 1.0, 0.5, 2.0)), ("inf", T(1.0, INF, 0.5, 2.0))):
            add(f"nll_weight_{wname}_{red}_{tag}", "NLLLoss", {"weight": w, "reduction": red},
                {"input": torch.randn(5, 4, dtype=dt), "target": torch.tensor([1, -100, 0, 2, 3])}, ["input"])
            add(f"nll_weight_{wname}_unused_{red}_{tag}", "NLLLoss", {"weight": w, "reduction": red},
                {"input": torch.randn(3, 4, dtype=dt), "target": torch.tensor([2, -100, 3])}, ["input"])
        add(f"nll_k1_nonfinite_{red}_{tag}", "NLLLoss", {"reduction": red}, {"input": xk, "target": tk}, ["input"])

        # ---------------------------------------------------------- MultiMarginLoss
        XM = T([1.0, NAN, 0.5, 0.0], [NAN, 0.0, 0.5, 0.0], [INF, 0.0, 1.0, 0.0], [0.0, INF, 1.0, 0.5], [-INF, 0.0, 1.0, 0.5],
               [3.0, 0.0, -1.0, 0.5], [0.0, -INF, 0.5, 0.25])
        ym = torch.tensor([0, 0, 0, 0, 0, 0, 2])
        for p in (1, 2):
            add(f"mm_nonfinite_p{p}_{red}_{tag}", "MultiMarginLoss", {"p": p, "reduction": red}, {"input": XM, "target": ym}, ["input"])
            # rows 0 and 5 have target 0 and no positive hinge in row 5: a NaN / inf weight of class 0 counts only where z > 0
            for wname, w in (("nan", T(NAN, 1.0, 1.0, 1.0)), ("inf", T(INF, 1.0, 2.0, 1.0))):
                add(f"mm_weight_{wname}_p{p}_{red}_{tag}", "MultiMarginLoss", {"p": p, "weight": w, "reduction": red},
                    {"input": XM[5:], "target": ym[5:]}, ["input"])
                add(f"mm_weight_{wname}_rows_p{p}_{red}_{tag}", "MultiMarginLoss", {"p": p, "weight": w, "reduction": red},
                    {"input": T([3.0, 0.0, -1.0, 0.5], [0.5, 1.0, 0.0, 0.25], [4.0, 0.5, 1.0, 2.0]), "target": torch.tensor([0, 1, 0])},
                    ["input"])
        for mname, m in (("inf", INF), ("nan", NAN), ("neginf", -INF)):
            add(f"mm_margin_{mname}_{red}_{tag}", "MultiMarginLoss", {"margin": m, "reduction": red},
                {"input": T([1.0, 0.2, 0.5], [0.0, 0.3, -0.5]), "target": torch.tensor([0, 2])}, ["input"])
        torch.manual_seed(9700 + len(cases))
        xml = torch.randn(3, 37, dtype=dt)
        xml[0, 30] = NAN
        xml[1, 4] = INF
        xml[2, 9] = -INF
        yml = torch.tensor([30, 5, 9])
        for p in (1, 2):
            add(f"mm_len37_nonfinite_p{p}_{red}_{tag}", "MultiMarginLoss", {"p": p, "reduction": red}, {"input": xml, "target": yml}, ["input"])
        w37 = torch.rand(37, dtype=dt) + 0.1
        w37[9] = NAN
        xw = xml.nan_to_num(0.0, 0.0, 0.0)
        xw[2, 9] = 100.0  # row 2: target 9 (weight NaN) without a positive hinge
        add(f"mm_len37_weight_nan_{red}_{tag}", "MultiMarginLoss", {"weight": w37, "reduction": red, "margin": 0.01},
            {"input": xw, "target": torch.tensor([1, 5, 9])}, ["input"])

        # ---------------------------------------------------------- MultiLabelMarginLoss
        tm = torch.tensor([[0, 2, -1, 1], [0, -1, 0, 0], [0, 3, -1, 0], [0, -1, 2, 2], [0, -1, 1, 1], [1, 0, -1, -1], [1, -1, 0, 0]])
        add(f"mlm_nonfinite_{red}_{tag}", "MultiLabelMarginLoss", {"reduction": red}, {"input": XM, "target": tm}, ["input"])
        tml = torch.full((3, 37), -1, dtype=torch.long)
        tml[0, :3] = torch.tensor([30, 1, 2])
        tml[1, :2] = torch.tensor([0, 4])
        tml[2, :1] = torch.tensor([11])
        add(f"mlm_len37_nonfinite_{red}_{tag}", "MultiLabelMarginLoss", {"reduction": red}, {"input": xml, "target": tml}, ["input"])

write("nonfinite_classification.json", cases)
