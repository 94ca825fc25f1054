"""What PyTorch accepts, rejects and warns about (golden/losses/accepts.json).

- warnings: every UserWarning the 21 losses raise, with Python's text, recorded while the loss is built and called
  (the size mismatch of L1, MSE, SmoothL1 and Huber; KLDivLoss's reduction='mean'; the legacy size_average /
  reduce keywords), and one ordinary call of every loss that raises none. Each computed case lists them under
  "warnings" and LossGoldenTest checks that ours are the same, in order.
- int64 operands that PyTorch promotes against floating ones (L1, SmoothL1, PoissonNLL, GaussianNLL,
  CosineEmbedding, TripletMargin, TripletMarginWithDistance): the value, its dtype and the floating operands'
  gradients, and the combinations PyTorch refuses, with its message.
- CTC targets equal to the blank, which PyTorch (1.13 and 2.x) scores like any other label. These cases carry no
  "warnings": losses4j adds a warning of its own there, checked by CTCLossTest.

int32 class indices (rejected by NLL, CrossEntropy, MultiMargin and MultiLabelMargin) cannot be written here: the
fixture format stores int32 as int64; the command's tests cover them with int32 .npy files.

Run: cd tools/golden && /usr/bin/python3 gen_losses_accepts.py
"""
import warnings

import torch

from losscase import case, error_case, write

F32, F64, L = torch.float32, torch.float64, torch.long


def recorded(fn):
    """fn()'s result and the texts of the UserWarnings it raised (every one: the filter is 'always')."""
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        r = fn()
    return r, [str(x.message) for x in w if issubclass(x.category, UserWarning)]


def wcase(name, loss, options, args, requires_grad, seed=0):
    c, msgs = recorded(lambda: case(name, loss, options, args, requires_grad, seed))
    c["warnings"] = msgs
    return c


def g(seed):
    return torch.Generator().manual_seed(seed)


def randn(*shape, dtype=F32, seed=0):
    return torch.randn(*shape, generator=g(seed), dtype=dtype)


def rand(*shape, dtype=F32, seed=0):
    return torch.rand(*shape, generator=g(seed), dtype=dtype)


def ints(*shape, lo=0, hi=5, seed=0):
    return torch.randint(lo, hi, shape, generator=g(seed))


def signs(*shape, seed=0):
    return ints(*shape, lo=0, hi=2, seed=seed) * 2 - 1


def ordinary(dt):
    """One valid call of every loss: (class name, args, requires_grad)."""
    x = randn(4, 5, dtype=dt, seed=1)
    y = randn(4, 5, dtype=dt, seed=2)
    p = rand(4, 5, dtype=dt, seed=3)
    t = ints(4, hi=5, seed=4)
    lp = torch.log_softmax(randn(7, 3, 5, dtype=dt, seed=5), 2)
    ml = torch.tensor([[1, 0, -1, 0, 0], [2, -1, 0, 0, 0], [4, 3, 1, -1, 0], [0, -1, 0, 0, 0]])
    return [
        ("L1Loss", {"input": x, "target": y}, ["input", "target"]),
        ("MSELoss", {"input": x, "target": y}, ["input", "target"]),
        ("CrossEntropyLoss", {"input": x, "target": t}, ["input"]),
        ("CTCLoss", {"log_probs": lp, "targets": ints(3, 4, lo=1, hi=5, seed=6), "input_lengths": torch.tensor([7, 6, 5]),
                     "target_lengths": torch.tensor([4, 2, 3])}, ["log_probs"]),
        ("NLLLoss", {"input": torch.log_softmax(x, 1), "target": t}, ["input"]),
        ("PoissonNLLLoss", {"input": x, "target": p * 3}, ["input", "target"]),
        ("GaussianNLLLoss", {"input": x, "target": y, "var": p + 0.1}, ["input", "target", "var"]),
        ("KLDivLoss", {"input": torch.log_softmax(x, 1), "target": torch.softmax(y, 1)}, ["input", "target"]),
        ("BCELoss", {"input": p * 0.9 + 0.05, "target": rand(4, 5, dtype=dt, seed=7)}, ["input", "target"]),
        ("BCEWithLogitsLoss", {"input": x, "target": p}, ["input", "target"]),
        ("MarginRankingLoss", {"input1": randn(6, dtype=dt, seed=8), "input2": randn(6, dtype=dt, seed=9),
                               "target": signs(6, seed=10).to(dt)}, ["input1", "input2"]),
        ("HingeEmbeddingLoss", {"input": x, "target": signs(4, 5, seed=11).to(dt)}, ["input"]),
        ("MultiLabelMarginLoss", {"input": x, "target": ml}, ["input"]),
        ("HuberLoss", {"input": x, "target": y}, ["input", "target"]),
        ("SmoothL1Loss", {"input": x, "target": y}, ["input", "target"]),
        ("SoftMarginLoss", {"input": x, "target": signs(4, 5, seed=12).to(dt)}, ["input"]),
        ("MultiLabelSoftMarginLoss", {"input": x, "target": ints(4, 5, hi=2, seed=13).to(dt)}, ["input"]),
        ("CosineEmbeddingLoss", {"input1": x, "input2": y, "target": signs(4, seed=14)}, ["input1", "input2"]),
        ("MultiMarginLoss", {"input": x, "target": t}, ["input"]),
        ("TripletMarginLoss", {"anchor": x, "positive": y, "negative": randn(4, 5, dtype=dt, seed=15)}, ["anchor", "positive", "negative"]),
        ("TripletMarginWithDistanceLoss", {"anchor": x, "positive": y, "negative": randn(4, 5, dtype=dt, seed=15)},
         ["anchor", "positive", "negative"]),
    ]


LEGACY = ["L1Loss", "MSELoss", "CrossEntropyLoss", "NLLLoss", "PoissonNLLLoss", "KLDivLoss", "BCELoss", "BCEWithLogitsLoss",
          "MarginRankingLoss", "HingeEmbeddingLoss", "MultiLabelMarginLoss", "SmoothL1Loss", "SoftMarginLoss",
          "MultiLabelSoftMarginLoss", "CosineEmbeddingLoss", "MultiMarginLoss", "TripletMarginLoss"]


def warning_cases():
    cases = []
    for dt, sfx in ((F32, "f32"), (F64, "f64")):
        calls = ordinary(dt)
        # every loss, its defaults: only KLDivLoss ('mean') warns
        for loss, args, req in calls:
            cases.append(wcase(f"w_plain_{loss}_{sfx}", loss, {}, args, req))
        # the legacy keywords, on every loss that has them, in each combination PyTorch maps
        by = {c[0]: c for c in calls}
        for loss in LEGACY:
            _, args, req = by[loss]
            for kw in ({"size_average": False}, {"reduce": False}, {"size_average": True, "reduce": True}, {"size_average": None, "reduce": True}):
                tag = "_".join(f"{k}{v}" for k, v in kw.items())
                cases.append(wcase(f"w_legacy_{loss}_{tag}_{sfx}", loss, kw, args, req))
        # KLDivLoss: 'mean' warns, with or without log_target; the others do not
        _, args, req = by["KLDivLoss"]
        for r in ("mean", "batchmean", "sum", "none"):
            cases.append(wcase(f"w_kldiv_{r}_{sfx}", "KLDivLoss", {"reduction": r}, args, req))
        cases.append(wcase(f"w_kldiv_mean_logtarget_{sfx}", "KLDivLoss", {"reduction": "mean", "log_target": True},
                           {"input": args["input"], "target": torch.log_softmax(randn(4, 5, dtype=dt, seed=21), 1)}, req))
        # the size mismatch of the four regression losses: every reduction, either side smaller, 0-d and 1-d targets
        for loss, opts in (("L1Loss", {}), ("MSELoss", {}), ("SmoothL1Loss", {}), ("SmoothL1Loss", {"beta": 0.0}),
                           ("SmoothL1Loss", {"beta": 0.5}), ("HuberLoss", {}), ("HuberLoss", {"delta": 0.5})):
            otag = "_".join(f"{k}{v}" for k, v in opts.items()) or "default"
            for r in ("mean", "sum", "none"):
                o = dict(opts, reduction=r)
                cases.append(wcase(f"w_size_{loss}_{otag}_{r}_4x5_4x1_{sfx}", loss, o,
                                   {"input": randn(4, 5, dtype=dt, seed=30), "target": randn(4, 1, dtype=dt, seed=31)}, ["input", "target"]))
            cases.append(wcase(f"w_size_{loss}_{otag}_4x1_4x5_{sfx}", loss, opts,
                               {"input": randn(4, 1, dtype=dt, seed=32), "target": randn(4, 5, dtype=dt, seed=33)}, ["input", "target"]))
            cases.append(wcase(f"w_size_{loss}_{otag}_3_0d_{sfx}", loss, opts,
                               {"input": randn(3, dtype=dt, seed=34), "target": randn((), dtype=dt, seed=35)}, ["input", "target"]))
            cases.append(wcase(f"w_size_{loss}_{otag}_2x3_3_{sfx}", loss, opts,
                               {"input": randn(2, 3, dtype=dt, seed=36), "target": randn(3, dtype=dt, seed=37)}, ["input"]))
        # a legacy keyword and a size mismatch: both, construction first
        cases.append(wcase(f"w_size_and_legacy_MSELoss_{sfx}", "MSELoss", {"size_average": False},
                           {"input": randn(4, 5, dtype=dt, seed=38), "target": randn(4, 1, dtype=dt, seed=39)}, ["input", "target"]))
    return cases


def blank_cases():
    """CTC targets that contain the blank: PyTorch computes them like any other label (no warning in PyTorch)."""
    cases = []
    for dt, sfx in ((F32, "f32"), (F64, "f64")):
        lp = torch.log_softmax(randn(9, 4, 5, dtype=dt, seed=40), 2)
        # sample 0: blank in the middle; 1: blank last (PyTorch's last-frame gradient keeps only that cell for the blank
        # class); 2: blank first and repeated; 3: only blanks
        for blank in (0, 2):
            B = blank
            padded = torch.tensor([[1, B, 3, 4], [3, 4, B, 1], [B, B, 1, 1], [B, B, B, 1]])
            il, tl = torch.tensor([9, 8, 9, 7]), torch.tensor([4, 3, 4, 3])
            for r in ("none", "mean", "sum"):
                for zi in (False, True):
                    cases.append(case(f"ctc_blank_target_b{blank}_{r}_zi{zi}_{sfx}", "CTCLoss", {"blank": blank, "reduction": r, "zero_infinity": zi},
                                      {"log_probs": lp, "targets": padded, "input_lengths": il, "target_lengths": tl}, ["log_probs"]))
            concat = torch.cat([padded[b, :tl[b]] for b in range(4)])
            cases.append(case(f"ctc_blank_target_concat_b{blank}_{sfx}", "CTCLoss", {"blank": blank, "reduction": "sum"},
                              {"log_probs": lp, "targets": concat, "input_lengths": il, "target_lengths": tl}, ["log_probs"]))
        # unbatched
        cases.append(case(f"ctc_blank_target_unbatched_{sfx}", "CTCLoss", {"blank": 0, "reduction": "mean"},
                          {"log_probs": lp[:, 0], "targets": torch.tensor([2, 0, 2]), "input_lengths": torch.tensor([9]),
                           "target_lengths": torch.tensor([3])}, ["log_probs"]))
    return cases


def operand(kind, shape, lo, hi, seed):
    """A float32, float64 or int64 operand with values in [lo, hi] (integers for int64)."""
    if kind == "i64":
        return ints(*shape, lo=lo, hi=hi + 1, seed=seed)
    dt = F32 if kind == "f32" else F64
    return rand(*shape, dtype=dt, seed=seed) * (hi - lo) + lo


def f32_distance_in_f64_result(kinds, swap):
    """Whether a triplet loss over operands of these kinds (anchor, positive, negative) forms a float32 distance and
    returns float64."""
    a, p, n = kinds
    pairs = [(a, p), (a, n)] + ([(p, n)] if swap else [])
    return "f64" in kinds and any("f64" not in pair for pair in pairs)


def promotion_cases():
    """Every mix of int64 and floating operands: PyTorch's value and dtype, or its error."""
    cases = []
    # (loss, options, [(arg, shape, lo, hi)], extra constant args)
    specs = [
        ("L1Loss", [{}, {"reduction": "sum"}, {"reduction": "none"}], [("input", (3, 4), -3, 3), ("target", (3, 4), -3, 3)], {}),
        ("MSELoss", [{}, {"reduction": "sum"}, {"reduction": "none"}], [("input", (3, 4), -3, 3), ("target", (3, 4), -3, 3)], {}),
        ("SmoothL1Loss", [{}, {"reduction": "sum"}, {"beta": 0.5, "reduction": "none"}, {"beta": 0.0}],
         [("input", (3, 4), -3, 3), ("target", (3, 4), -3, 3)], {}),
        ("HuberLoss", [{}, {"delta": 0.5, "reduction": "sum"}], [("input", (3, 4), -3, 3), ("target", (3, 4), -3, 3)], {}),
        ("PoissonNLLLoss", [{}, {"reduction": "sum"}, {"full": True, "reduction": "none"}], [("input", (3, 4), -1, 2), ("target", (3, 4), 0, 4)], {}),
        ("PoissonNLLLoss", [{"log_input": False}, {"log_input": False, "full": True, "reduction": "sum"}],
         [("input", (3, 4), 1, 4), ("target", (3, 4), 0, 4)], {}),
        ("GaussianNLLLoss", [{}, {"full": True, "reduction": "sum"}, {"reduction": "none"}],
         [("input", (3, 4), -3, 3), ("target", (3, 4), -3, 3), ("var", (3, 4), 1, 3)], {}),
        ("CosineEmbeddingLoss", [{}, {"margin": 0.2, "reduction": "sum"}, {"reduction": "none"}],
         [("input1", (3, 4), -3, 3), ("input2", (3, 4), -3, 3)], {"target": torch.tensor([1, -1, 1])}),
        ("TripletMarginLoss", [{}, {"swap": True, "reduction": "sum"}, {"p": 1.0, "reduction": "none"}],
         [("anchor", (3, 4), -3, 3), ("positive", (3, 4), -3, 3), ("negative", (3, 4), -3, 3)], {}),
        ("TripletMarginWithDistanceLoss", [{}, {"swap": True, "reduction": "none"}],
         [("anchor", (3, 4), -3, 3), ("positive", (3, 4), -3, 3), ("negative", (3, 4), -3, 3)], {}),
    ]
    import itertools
    for loss, optionses, argspecs, extra in specs:
        for kinds in itertools.product(("f32", "f64", "i64"), repeat=len(argspecs)):
            if "i64" not in kinds:
                continue
            args = {}
            for (name, shape, lo, hi), kind, s in zip(argspecs, kinds, range(len(argspecs))):
                args[name] = operand(kind, shape, lo, hi, 50 + 7 * s + len(kinds))
            args.update(extra)
            # the functional argument order: extra constant targets come last except for CosineEmbeddingLoss's
            req = [n for n, _, _, _ in argspecs if args[n].dtype.is_floating_point]
            for o in optionses:
                otag = "_".join(f"{k}{v}" for k, v in o.items()) or "default"
                name = f"int64_{loss}_{'_'.join(kinds)}_{otag}"
                try:
                    _, msgs = recorded(lambda: getattr(torch.nn, loss)(**o)(*[a.detach() for a in args.values()]))
                except RuntimeError as e:
                    cases.append(error_case(name, loss, o, args, "IllegalArgumentException", str(e).splitlines()[0]))
                    continue
                try:
                    c = wcase(name, loss, o, args, req)
                    if loss.startswith("Triplet") and f32_distance_in_f64_result(kinds, o.get("swap", False)):
                        # a float32 distance (an int64 or float32 pair) inside a float64 result: PyTorch's float32 norm
                        # and ours (in double, rounded once to float32) may differ by one float32 ulp, 1.2e-7 relative,
                        # which the float64 tolerance (1e-7) would call a mismatch
                        c["tol_scale"] = 4.0
                    cases.append(c)
                except RuntimeError as e:
                    # PyTorch 1.13 computes the forward but its backward fails ("Found dtype Long but expected Float":
                    # mse_loss and huber_loss with an int64 operand): the value only; ours also has the gradient
                    c = wcase(name, loss, o, args, [])
                    c["note"] = "PyTorch 1.13's backward fails here: " + str(e).splitlines()[0]
                    cases.append(c)
    return cases


def main():
    cases = warning_cases() + blank_cases() + promotion_cases()
    for c in cases:
        # beta = 0: PyTorch 2.x runs l1_loss (grad_fn AbsBackward0 / MeanBackward0 / SumBackward0), as losses4j does;
        # 1.13 ran its smooth-L1 kernel (SmoothL1LossBackward0). Values and gradients agree away from ties.
        if c["loss"] == "SmoothL1Loss" and c["options"].get("beta") == 0.0 and "grad_fn" in c:
            del c["grad_fn"]
    write("accepts.json", cases)


if __name__ == "__main__":
    main()
