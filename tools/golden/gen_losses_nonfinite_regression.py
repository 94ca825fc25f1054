"""Non-finite fixtures for the point-wise regression losses (MSE, L1, SmoothL1, Huber, PoissonNLL, GaussianNLL, KLDiv):
NaN and +-inf in every operand, float32 and float64, on both of losses4j's paths:

- "fused": float32 operands of one shape, only what that path differentiates requiring grad (the input; the target
  too for MSE/L1/SmoothL1/Huber/GaussianNLL; PoissonNLL with log_input and not full; KLDiv with probability targets);
- "general": float64, or float32 with a broadcast target, every operand requiring grad, and the options that only
  the general path takes (PoissonNLL without log_input or with full, KLDiv with log_target, homoscedastic var).

The value and every gradient must be PyTorch's, NaN where PyTorch's chain rule gives NaN (0 * inf, inf - inf).
Run from tools/golden with /usr/bin/python3 (torch 1.13).
"""
import math

import torch

from losscase import case, spec, write

INF, NAN = math.inf, math.nan
cases = []


def add(name, loss, options, args, req):
    cases.append(case(name, loss, options, args, req, seed=len(cases)))


def add_upstream(name, loss, options, args, req, specials):
    """As add, with a grad_out holding specials (0, +-inf, NaN): where a local gradient is 0 or infinite, PyTorch's
    chain rule multiplies it by grad_out, so 0 * inf gives NaN there."""
    c = case(name, loss, options, args, req, seed=len(cases))
    ts = {k: v.detach().clone().requires_grad_(k in req) for k, v in args.items()}
    out = getattr(torch.nn, loss)(**options)(*ts.values())
    go = torch.randn(out.shape, generator=torch.Generator().manual_seed(len(cases)), dtype=out.dtype)
    flat = go.reshape(-1)
    for i, v in enumerate(specials[:flat.numel()]):
        flat[i] = v
    grads = torch.autograd.grad(out, [ts[k] for k in req], go, allow_unused=True)
    c["grad_out"] = spec(go)
    c["grads"] = {k: (spec(g) if g is not None else None) for k, g in zip(req, grads)}
    cases.append(c)


for dt in (torch.float32, torch.float64):
    tag = "f32" if dt == torch.float32 else "f64"
    T = lambda *v: torch.tensor(v, dtype=dt)
    # every pairing of a special with a finite value and with another special
    xs = T(NAN, 1.0, NAN, INF, 1.0, INF, -INF, -INF, 1.0, INF, 0.5, -2.0)
    ys = T(1.0, NAN, NAN, 1.0, INF, INF, 1.0, INF, -INF, -INF, 0.5, 3.0)
    ybc = T(NAN)  # a broadcast target (general path at float32)
    for red in ("none", "mean", "sum"):
        for loss, opts in (("MSELoss", {}), ("L1Loss", {}), ("SmoothL1Loss", {"beta": 0.5}), ("HuberLoss", {"delta": 1.5})):
            o = dict(opts, reduction=red)
            short = loss[:-4].lower()
            add(f"nf_{short}_{red}_{tag}", loss, o, {"input": xs, "target": ys}, ["input", "target"])
            add(f"nf_{short}_input_only_{red}_{tag}", loss, o, {"input": xs, "target": ys}, ["input"])
            add(f"nf_{short}_broadcast_{red}_{tag}", loss, o, {"input": T(1.0, -INF, 0.0, 2.0), "target": ybc}, ["input", "target"])
            add(f"nf_{short}_broadcast_inf_{red}_{tag}", loss, o, {"input": T(1.0, -INF, INF, NAN).reshape(4, 1),
                                                                   "target": T(INF, 0.0, -1.0)}, ["input", "target"])
        # PoissonNLL: log_input (fused when the target needs no gradient), rates, full
        add(f"nf_poisson_log_{red}_{tag}", "PoissonNLLLoss", {"reduction": red}, {"input": xs, "target": ys.abs()}, ["input"])
        add(f"nf_poisson_log_target_grad_{red}_{tag}", "PoissonNLLLoss", {"reduction": red}, {"input": xs, "target": ys}, ["input", "target"])
        add(f"nf_poisson_rate_{red}_{tag}", "PoissonNLLLoss", {"reduction": red, "log_input": False},
            {"input": xs.abs(), "target": ys.abs()}, ["input", "target"])
        add(f"nf_poisson_full_{red}_{tag}", "PoissonNLLLoss", {"reduction": red, "full": True},
            {"input": xs, "target": T(NAN, 2.0, INF, 0.0, INF, 3.0, 0.5, INF, 2.0, NAN, 0.0, 1.0)}, ["input", "target"])
        add(f"nf_poisson_broadcast_{red}_{tag}", "PoissonNLLLoss", {"reduction": red}, {"input": T(1.0, -INF, INF, NAN), "target": T(2.0)},
            ["input", "target"])
        # GaussianNLL: specials in input, target and var
        var = T(1.0, 2.0, INF, 0.5, NAN, 1.0, INF, 0.0, 1.0, 1e-7, INF, NAN)
        for full in (False, True):
            o = {"reduction": red, "full": full}
            add(f"nf_gauss_full{int(full)}_{red}_{tag}", "GaussianNLLLoss", o, {"input": xs, "target": ys, "var": var}, ["input", "target"])
            add(f"nf_gauss_var_grad_full{int(full)}_{red}_{tag}", "GaussianNLLLoss", o, {"input": xs, "target": ys, "var": var},
                ["input", "target", "var"])
        add(f"nf_gauss_homoscedastic_{red}_{tag}", "GaussianNLLLoss", {"reduction": red},
            {"input": xs.reshape(4, 3), "target": ys.reshape(4, 3), "var": T(1.0, INF, NAN, 0.0)}, ["input", "target", "var"])
        # KLDiv: probability targets (fused when the target needs no gradient) and log targets
        kreds = (red, "batchmean") if red == "mean" else (red,)
        for kr in kreds:
            lp = T(NAN, -1.0, -INF, -INF, 0.0, INF, -0.5, -INF, -2.0, -1.0, NAN, -3.0).reshape(3, 4)
            p = T(0.5, NAN, 0.0, 0.5, INF, 0.25, 0.0, INF, NAN, 0.0, 0.0, 1.0).reshape(3, 4)
            add(f"nf_kldiv_{kr}_{tag}", "KLDivLoss", {"reduction": kr}, {"input": lp, "target": p}, ["input"])
            add(f"nf_kldiv_target_grad_{kr}_{tag}", "KLDivLoss", {"reduction": kr}, {"input": lp, "target": p}, ["input", "target"])
            add(f"nf_kldiv_log_target_{kr}_{tag}", "KLDivLoss", {"reduction": kr, "log_target": True},
                {"input": lp, "target": T(NAN, 0.0, -INF, INF, -1.0, -INF, INF, 0.0, -INF, NAN, 0.0, -1.0).reshape(3, 4)}, ["input", "target"])
            add(f"nf_kldiv_broadcast_{kr}_{tag}", "KLDivLoss", {"reduction": kr}, {"input": lp, "target": T(0.0, INF, NAN, 0.5)},
                ["input", "target"])
    # grad_out of 0, +-inf or NaN against local gradients of 0 (d == 0, target 0) and of +-inf
    zx, zy = T(0.0, INF, 1.0, -INF, NAN, 2.0, 0.0, 3.0), T(0.0, 1.0, INF, 0.0, 1.0, NAN, INF, 3.0)
    ups = [INF, 0.0, 0.0, 0.0, INF, NAN, -INF, INF]
    for red in ("none", "mean", "sum"):
        sc = ups if red == "none" else [0.0]
        sc_inf = ups if red == "none" else [INF]
        for loss, opts in (("MSELoss", {}), ("L1Loss", {}), ("SmoothL1Loss", {"beta": 0.5}), ("HuberLoss", {"delta": 1.5})):
            short = loss[:-4].lower()
            o = dict(opts, reduction=red)
            add_upstream(f"nf_{short}_upstream0_{red}_{tag}", loss, o, {"input": zx, "target": zy}, ["input", "target"], sc)
            add_upstream(f"nf_{short}_upstream_inf_{red}_{tag}", loss, o, {"input": zx, "target": zy}, ["input"], sc_inf)
            add_upstream(f"nf_{short}_upstream_inf_broadcast_{red}_{tag}", loss, o, {"input": zx, "target": T(0.0)}, ["input", "target"], sc_inf)
        add_upstream(f"nf_poisson_upstream0_{red}_{tag}", "PoissonNLLLoss", {"reduction": red}, {"input": zx, "target": zy.abs()}, ["input"], sc)
        add_upstream(f"nf_poisson_upstream_inf_{red}_{tag}", "PoissonNLLLoss", {"reduction": red}, {"input": zx, "target": zy.abs()}, ["input", "target"],
                     sc_inf)
        add_upstream(f"nf_gauss_upstream0_{red}_{tag}", "GaussianNLLLoss", {"reduction": red},
                     {"input": zx, "target": zy, "var": T(1.0, INF, 0.0, 1.0, 2.0, INF, 1.0, 1e-9)}, ["input", "target", "var"], sc)
        add_upstream(f"nf_gauss_upstream_inf_{red}_{tag}", "GaussianNLLLoss", {"reduction": red},
                     {"input": zx, "target": zy, "var": T(1.0, INF, 0.0, 1.0, 2.0, INF, 1.0, 1e-9)}, ["input", "target"], sc_inf)
        for kr in ((red, "batchmean") if red == "mean" else (red,)):
            kx, kt = T(0.0, -INF, -1.0, NAN, 0.0, -2.0, INF, -1.0), T(0.0, 0.0, INF, 0.5, 1.0, 0.0, 0.5, 0.25)
            add_upstream(f"nf_kldiv_upstream0_{kr}_{tag}", "KLDivLoss", {"reduction": kr}, {"input": kx, "target": kt}, ["input"], sc)
            add_upstream(f"nf_kldiv_upstream_inf_{kr}_{tag}", "KLDivLoss", {"reduction": kr}, {"input": kx, "target": kt}, ["input"], sc_inf)
            add_upstream(f"nf_kldiv_upstream_inf_target_grad_{kr}_{tag}", "KLDivLoss", {"reduction": kr}, {"input": kx, "target": kt},
                         ["input", "target"], sc_inf)
            add_upstream(f"nf_kldiv_log_target_upstream0_{kr}_{tag}", "KLDivLoss", {"reduction": kr, "log_target": True},
                         {"input": kx, "target": T(-INF, 0.0, INF, -1.0, NAN, -INF, 0.0, -2.0)}, ["input", "target"], sc)
write("nonfinite_regression.json", cases)
