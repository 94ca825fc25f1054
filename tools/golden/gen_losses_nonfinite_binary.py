"""Non-finite fixtures for the binary-classification losses: NaN and +-inf in every input that accepts them, the value
and every gradient as PyTorch 1.13 gives them (its chain rule multiplies a zero local gradient by an infinite or NaN
factor into NaN, where a closed form would give 0). float32 and float64, reductions none/mean/sum; for float32 both
the fused path (float32 operands of one shape, the target not differentiated) and the general path (the target
differentiated or broadcast).

Run from tools/golden with /usr/bin/python3 (torch 1.13).
"""
import math

import torch

from losscase import case, write

INF, NAN = math.inf, math.nan
REDS = ("none", "mean", "sum")
cases = []


def add(name, loss, options, args, req):
    cases.append(case(name, loss, options, args, req, seed=len(cases)))


for dt in (torch.float32, torch.float64):
    tag = "f32" if dt == torch.float32 else "f64"
    T = lambda *v: torch.tensor(v, dtype=dt)
    for red in REDS:
        o = {"reduction": red}
        # BCELoss: the input must lie in [0, 1] (NaN is rejected); the target may be anything
        p = T(0.25, 0.5, 0.75, 0.0, 1.0, 0.5, 0.5, 0.0, 1.0)
        t = T(NAN, INF, -INF, NAN, NAN, 0.5, 1.0, INF, -INF)
        add(f"nf_bce_target_{red}_{tag}", "BCELoss", o, {"input": p, "target": t}, ["input"])
        add(f"nf_bce_target_general_{red}_{tag}", "BCELoss", o, {"input": p, "target": t}, ["input", "target"])
        # BCEWithLogitsLoss
        x = T(NAN, INF, -INF, 0.5, -0.5, 1.0, INF, -INF, NAN, 0.0)
        y = T(1.0, 1.0, 0.0, NAN, INF, -INF, NAN, NAN, 0.0, INF)
        add(f"nf_bcel_{red}_{tag}", "BCEWithLogitsLoss", o, {"input": x, "target": y}, ["input"])
        add(f"nf_bcel_general_{red}_{tag}", "BCEWithLogitsLoss", o, {"input": x, "target": y}, ["input", "target"])
        add(f"nf_bcel_pos_weight_{red}_{tag}", "BCEWithLogitsLoss", {"reduction": red, "pos_weight": T(2.0)}, {"input": x, "target": y},
            ["input", "target"])
        # SoftMarginLoss (the target is not differentiable: broadcast or int64 for the general path)
        ys = T(1.0, -1.0, 1.0, NAN, INF, -INF, 0.0, NAN, -1.0, 1.0)
        add(f"nf_softmargin_{red}_{tag}", "SoftMarginLoss", o, {"input": x, "target": ys}, ["input"])
        add(f"nf_softmargin_bcast_{red}_{tag}", "SoftMarginLoss", o, {"input": torch.stack([x, -x]), "target": ys}, ["input"])
        # MultiLabelSoftMarginLoss: rows of 5 classes
        add(f"nf_mlsm_{red}_{tag}", "MultiLabelSoftMarginLoss", o, {"input": x.reshape(2, 5), "target": y.reshape(2, 5)},
            ["input"])
        add(f"nf_mlsm_general_{red}_{tag}", "MultiLabelSoftMarginLoss", o, {"input": x.reshape(2, 5), "target": y.reshape(2, 5)},
            ["input", "target"])
        # one kind of non-finite value per case in the first row, the second row finite: MultiLabelSoftMarginLoss sums
        # y logsigmoid(x) + (1 - y) logsigmoid(-x), BCEWithLogitsLoss (1 - y) x + softplus(-x): they differ there
        for nm, xr, yr in (("inf_target", (0.5, -0.5, 1.0), (INF, -INF, 0.0)), ("inf_input", (INF, -INF, 0.0), (1.0, 0.0, 1.0)),
                           ("inf_input_soft_target", (INF, -INF, 1.0), (0.3, 0.6, 0.5))):
            xm, ym = T(*xr, -1.0, 2.0, -2.0).reshape(2, 3), T(*yr, 1.0, 0.3, 1.0).reshape(2, 3)
            add(f"nf_mlsm_{nm}_{red}_{tag}", "MultiLabelSoftMarginLoss", o, {"input": xm, "target": ym}, ["input"])
            add(f"nf_mlsm_{nm}_general_{red}_{tag}", "MultiLabelSoftMarginLoss", o, {"input": xm, "target": ym}, ["input", "target"])
            add(f"nf_bcel_{nm}_{red}_{tag}", "BCEWithLogitsLoss", o, {"input": xm, "target": ym}, ["input"])
        # HingeEmbeddingLoss (the target only selects terms: broadcast for the general path)
        xh = T(NAN, INF, -INF, NAN, INF, -INF, 0.5, 1.0, 2.0, 0.0)
        yh = T(1.0, 1.0, 1.0, -1.0, -1.0, -1.0, NAN, INF, 0.0, -INF)
        add(f"nf_hinge_{red}_{tag}", "HingeEmbeddingLoss", o, {"input": xh, "target": yh}, ["input"])
        add(f"nf_hinge_bcast_{red}_{tag}", "HingeEmbeddingLoss", o, {"input": torch.stack([xh, xh.flip(0)]), "target": yh}, ["input"])
        # MarginRankingLoss: NaN / inf in each of input1, input2, target; clamped-off elements among them
        a = T(NAN, 1.0, 1.0, INF, 1.0, -INF, 2.0, 0.0, 1.0, INF, NAN, 0.5)
        b = T(0.0, NAN, 1.0, 0.0, INF, 0.0, 1.0, 0.0, INF, INF, 0.0, 0.5)
        r = T(1.0, 1.0, NAN, 1.0, 1.0, -1.0, INF, -INF, -1.0, 1.0, -1.0, 0.0)
        mo = {"reduction": red, "margin": 0.1}
        add(f"nf_ranking_{red}_{tag}", "MarginRankingLoss", mo, {"input1": a, "input2": b, "target": r}, ["input1", "input2"])
        add(f"nf_ranking_input1_only_{red}_{tag}", "MarginRankingLoss", mo, {"input1": a, "input2": b, "target": r}, ["input1"])
        add(f"nf_ranking_general_{red}_{tag}", "MarginRankingLoss", mo, {"input1": a, "input2": b, "target": r}, ["input1", "input2", "target"])
        add(f"nf_ranking_bcast_{red}_{tag}", "MarginRankingLoss", mo,
            {"input1": a.reshape(1, 12), "input2": torch.stack([b, b.flip(0)]), "target": r.reshape(1, 12)}, ["input1", "input2", "target"])

write("nonfinite_binary.json", cases)
