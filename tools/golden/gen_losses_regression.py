"""Regression-family fixtures: L1Loss, SmoothL1Loss, HuberLoss, PoissonNLLLoss, GaussianNLLLoss, KLDivLoss.

Run from tools/golden with /usr/bin/python3 (torch 1.13). Writes golden/losses/regression.json.
"""
import math
import warnings

import torch

from losscase import case, error_case, write

warnings.simplefilter("ignore")  # KLDiv 'mean' and size-mismatch broadcasting warn; the values are what we record

cases = []
DTYPES = ((torch.float32, "f32"), (torch.float64, "f64"))
SHAPES = ((), (5,), (3, 5), (2, 3, 4))
RED3 = ("none", "mean", "sum")


def seeded(n):
    torch.manual_seed(1000 + n)


def add(c):
    cases.append(c)


def relabel(c, loss, options):
    """A case computed with another, equivalent PyTorch call, recorded under the loss and options we test."""
    c["loss"] = loss
    c["options"] = options
    return c


# ---------------------------------------------------------------- L1Loss
for dt, tag in DTYPES:
    for red in RED3:
        for shape in SHAPES:
            seeded(len(cases))
            add(case(f"l1_{red}_{len(shape)}d_{tag}", "L1Loss", {"reduction": red},
                     {"input": torch.randn(shape, dtype=dt), "target": torch.randn(shape, dtype=dt)}, ["input", "target"], seed=len(cases)))
    seeded(len(cases))
    add(case(f"l1_broadcast_{tag}", "L1Loss", {}, {"input": torch.randn(3, 1, dtype=dt), "target": torch.randn(4, dtype=dt)},
             ["input", "target"], seed=len(cases)))
    add(case(f"l1_broadcast_none_{tag}", "L1Loss", {"reduction": "none"}, {"input": torch.randn(2, 1, 3, dtype=dt), "target": torch.randn(4, 1, dtype=dt)},
             ["input", "target"], seed=len(cases)))
    # ties: the gradient of |d| at d == 0 is 0 (sgn)
    add(case(f"l1_ties_zero_grad_{tag}", "L1Loss", {"reduction": "sum"},
             {"input": torch.tensor([1., 2., -3., 0., 5.], dtype=dt), "target": torch.tensor([1., 0., -3., 0., 6.], dtype=dt)}, ["input", "target"]))
    add(case(f"l1_legacy_size_average_false_{tag}", "L1Loss", {"size_average": False},
             {"input": torch.randn(4, 2, dtype=dt), "target": torch.randn(4, 2, dtype=dt)}, ["input"]))
    add(case(f"l1_legacy_reduce_false_{tag}", "L1Loss", {"reduce": False},
             {"input": torch.randn(4, 2, dtype=dt), "target": torch.randn(4, 2, dtype=dt)}, ["input"]))
    add(case(f"l1_large_magnitudes_{tag}", "L1Loss", {"reduction": "none"},
             {"input": torch.tensor([1e30, -1e30, 1e-30, 3e5], dtype=dt), "target": torch.tensor([-1e30, -1e30, 0., -3e5], dtype=dt)}, ["input", "target"]))
    add(case(f"l1_nan_inf_{tag}", "L1Loss", {"reduction": "none"},
             {"input": torch.tensor([float("nan"), float("inf"), 1., float("-inf")], dtype=dt),
              "target": torch.tensor([0., float("inf"), float("nan"), 0.], dtype=dt)}, ["input", "target"]))
    add(case(f"l1_int64_target_{tag}", "L1Loss", {}, {"input": torch.randn(2, 3, dtype=dt), "target": torch.tensor([[1, 0, 2], [-1, 3, 0]])}, ["input"]))
    add(case(f"l1_empty_mean_{tag}", "L1Loss", {}, {"input": torch.randn(0, 3, dtype=dt), "target": torch.randn(0, 3, dtype=dt)}, ["input"]))
add(case("l1_mixed_f32_f64", "L1Loss", {}, {"input": torch.randn(3, 2), "target": torch.randn(3, 2, dtype=torch.float64)}, ["input", "target"]))
add(error_case("l1_bad_broadcast", "L1Loss", {}, {"input": torch.randn(3, 4), "target": torch.randn(3, 5)},
               "IllegalArgumentException", "The size of tensor a (4) must match the size of tensor b (5) at non-singleton dimension 1"))
add(error_case("l1_bad_reduction", "L1Loss", {"reduction": "avg"}, {"input": torch.randn(3), "target": torch.randn(3)},
               "IllegalArgumentException", "avg is not a valid value for reduction"))
add(error_case("l1_batchmean_rejected", "L1Loss", {"reduction": "batchmean"}, {"input": torch.randn(3), "target": torch.randn(3)},
               "IllegalArgumentException", "batchmean is not a valid value for reduction"))
# PyTorch fails on two int64 operands with reduction='mean' (mean() of Long), and so do we, with its words (sum and
# none give int64 values: accepts.json)
add(error_case("l1_int64_input", "L1Loss", {}, {"input": torch.tensor([1, 2]), "target": torch.tensor([1, 3])},
               "IllegalArgumentException", "mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: Long"))

# ---------------------------------------------------------------- SmoothL1Loss
for dt, tag in DTYPES:
    for red in RED3:
        for beta in (1.0, 0.5, 2.0):
            seeded(len(cases))
            add(case(f"smoothl1_{red}_beta{beta}_{tag}", "SmoothL1Loss", {"reduction": red, "beta": beta},
                     {"input": 2 * torch.randn(3, 5, dtype=dt), "target": torch.randn(3, 5, dtype=dt)}, ["input", "target"], seed=len(cases)))
    for shape in ((), (7,), (2, 3, 4)):
        seeded(len(cases))
        add(case(f"smoothl1_default_{len(shape)}d_{tag}", "SmoothL1Loss", {},
                 {"input": torch.randn(shape, dtype=dt), "target": torch.randn(shape, dtype=dt)}, ["input", "target"], seed=len(cases)))
    # |d| exactly at beta, on both sides, and 0
    add(case(f"smoothl1_boundaries_{tag}", "SmoothL1Loss", {"reduction": "none", "beta": 0.5},
             {"input": torch.tensor([0.5, -0.5, 0.0, 0.25, 3.0], dtype=dt), "target": torch.zeros(5, dtype=dt)}, ["input", "target"]))
    # beta = 0 is exactly L1 (value, gradient 0 at ties, grad_fn): PyTorch 2.x calls l1_loss for beta == 0, 1.13 ran the
    # smooth-L1 kernel whose gradient at a tie is +1. Recorded from L1Loss, as 2.x computes it.
    for red in RED3:
        x = torch.tensor([[1., 2., -3.], [0., 0.5, 4.]], dtype=dt)
        y = torch.tensor([[1., 0., -3.5], [0., 1.5, 4.]], dtype=dt)
        add(relabel(case(f"smoothl1_beta0_is_l1_{red}_{tag}", "L1Loss", {"reduction": red}, {"input": x, "target": y}, ["input", "target"]),
                    "SmoothL1Loss", {"reduction": red, "beta": 0.0}))
    add(case(f"smoothl1_broadcast_{tag}", "SmoothL1Loss", {"reduction": "sum"}, {"input": torch.randn(3, 1, dtype=dt), "target": torch.randn(1, 4, dtype=dt)},
             ["input", "target"]))
    add(case(f"smoothl1_legacy_reduce_false_{tag}", "SmoothL1Loss", {"reduce": False, "beta": 0.3},
             {"input": torch.randn(4, 2, dtype=dt), "target": torch.randn(4, 2, dtype=dt)}, ["input"]))
    add(case(f"smoothl1_large_{tag}", "SmoothL1Loss", {"reduction": "none"},
             {"input": torch.tensor([1e20, -1e20, 1e-20], dtype=dt), "target": torch.tensor([0., 1e20, 0.], dtype=dt)}, ["input", "target"]))
add(case("smoothl1_int64_target", "SmoothL1Loss", {}, {"input": torch.randn(2, 3), "target": torch.tensor([[1, 0, 2], [-1, 3, 0]])}, ["input"]))
add(error_case("smoothl1_negative_beta", "SmoothL1Loss", {"beta": -1.0}, {"input": torch.randn(3), "target": torch.randn(3)},
               "IllegalArgumentException", "smooth_l1_loss does not support negative values for beta."))
add(error_case("smoothl1_bad_broadcast", "SmoothL1Loss", {}, {"input": torch.randn(3), "target": torch.randn(4)},
               "IllegalArgumentException", "The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 0"))
add(error_case("smoothl1_batchmean_rejected", "SmoothL1Loss", {"reduction": "batchmean"}, {"input": torch.randn(3), "target": torch.randn(3)},
               "IllegalArgumentException", "batchmean is not a valid value for reduction"))

# ---------------------------------------------------------------- HuberLoss
for dt, tag in DTYPES:
    for red in RED3:
        for delta in (1.0, 0.5, 2.5):
            seeded(len(cases))
            add(case(f"huber_{red}_delta{delta}_{tag}", "HuberLoss", {"reduction": red, "delta": delta},
                     {"input": 2 * torch.randn(3, 5, dtype=dt), "target": torch.randn(3, 5, dtype=dt)}, ["input", "target"], seed=len(cases)))
    for shape in ((), (7,), (2, 3, 4)):
        seeded(len(cases))
        add(case(f"huber_default_{len(shape)}d_{tag}", "HuberLoss", {},
                 {"input": torch.randn(shape, dtype=dt), "target": torch.randn(shape, dtype=dt)}, ["input", "target"], seed=len(cases)))
    add(case(f"huber_boundaries_{tag}", "HuberLoss", {"reduction": "none", "delta": 0.5},
             {"input": torch.tensor([0.5, -0.5, 0.0, 0.25, 3.0], dtype=dt), "target": torch.zeros(5, dtype=dt)}, ["input", "target"]))
    add(case(f"huber_broadcast_{tag}", "HuberLoss", {"reduction": "mean", "delta": 0.7}, {"input": torch.randn(2, 3, 1, dtype=dt), "target": torch.randn(4, dtype=dt)},
             ["input", "target"]))
    add(case(f"huber_nan_inf_{tag}", "HuberLoss", {"reduction": "none"},
             {"input": torch.tensor([float("nan"), float("inf"), 1.], dtype=dt), "target": torch.tensor([0., float("inf"), 1.], dtype=dt)}, ["input", "target"]))
# PyTorch's huber kernel writes into a tensor like the input: a float32 input keeps float32 with a float64 target
# (forward only: 1.13's backward fails on mixed dtypes with "Found dtype Double but expected Float")
add(case("huber_mixed_f32_input_f64_target", "HuberLoss", {}, {"input": torch.randn(3, 2), "target": torch.randn(3, 2, dtype=torch.float64)}, []))
# forward only: 1.13's huber backward fails with an int64 target ("Found dtype Long but expected Float")
add(case("huber_int64_target", "HuberLoss", {}, {"input": torch.randn(2, 3), "target": torch.tensor([[1, 0, 2], [-1, 3, 0]])}, []))
add(error_case("huber_zero_delta", "HuberLoss", {"delta": 0.0}, {"input": torch.randn(3), "target": torch.randn(3)},
               "IllegalArgumentException", "huber_loss does not support non-positive values for delta."))
add(error_case("huber_negative_delta", "HuberLoss", {"delta": -2.0}, {"input": torch.randn(3), "target": torch.randn(3)},
               "IllegalArgumentException", "huber_loss does not support non-positive values for delta."))
add(error_case("huber_no_legacy_size_average", "HuberLoss", {"size_average": True}, {"input": torch.randn(3), "target": torch.randn(3)},
               "IllegalArgumentException", "HuberLoss.__init__() got an unexpected keyword argument 'size_average'"))
add(error_case("huber_bad_broadcast", "HuberLoss", {}, {"input": torch.randn(2, 3), "target": torch.randn(2, 4)},
               "IllegalArgumentException", "The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1"))

# ---------------------------------------------------------------- PoissonNLLLoss
for dt, tag in DTYPES:
    for log_input in (True, False):
        for full in (False, True):
            for red in RED3:
                seeded(len(cases))
                x = torch.randn(5, 2, dtype=dt) if log_input else torch.rand(5, 2, dtype=dt) * 3
                y = torch.poisson(torch.full((5, 2), 2.5, dtype=dt))  # counts incl. 0, 1 and > 1
                y[0, 0], y[0, 1] = 1.0, 4.0
                name = f"poisson_{'log' if log_input else 'rate'}_{'full' if full else 'nofull'}_{red}_{tag}"
                # with full=True PyTorch's target gradient is NaN where target <= 0 (0 * log 0); ours too
                add(case(name, "PoissonNLLLoss", {"log_input": log_input, "full": full, "reduction": red},
                         {"input": x, "target": y}, ["input", "target"], seed=len(cases)))
    # the tutorial's example: random log-rates and (unphysical) normal targets, default options
    seeded(len(cases))
    add(case(f"poisson_tutorial_randn_target_{tag}", "PoissonNLLLoss", {}, {"input": torch.randn(5, 2, dtype=dt), "target": torch.randn(5, 2, dtype=dt)},
             ["input", "target"]))
    add(case(f"poisson_full_randn_target_{tag}", "PoissonNLLLoss", {"full": True, "reduction": "none"},
             {"input": torch.randn(5, 2, dtype=dt), "target": 2 * torch.randn(5, 2, dtype=dt)}, ["input"]))
    # PyTorch's tricky case: full=True without log_input; zero rates meet eps
    add(case(f"poisson_full_no_log_input_zero_rate_{tag}", "PoissonNLLLoss", {"log_input": False, "full": True, "reduction": "none"},
             {"input": torch.tensor([0., 0., 1e-3, 2., 10.], dtype=dt), "target": torch.tensor([0., 3., 1., 2., 0.5], dtype=dt)}, ["input", "target"]))
    add(case(f"poisson_eps_custom_{tag}", "PoissonNLLLoss", {"log_input": False, "eps": 0.1, "reduction": "sum"},
             {"input": torch.tensor([0., 0.5, 2.], dtype=dt), "target": torch.tensor([1., 2., 0.], dtype=dt)}, ["input", "target"]))
    add(case(f"poisson_eps_ignored_with_log_input_{tag}", "PoissonNLLLoss", {"eps": 0.5, "reduction": "none"},
             {"input": torch.tensor([0., 0.5, -2.], dtype=dt), "target": torch.tensor([1., 2., 0.], dtype=dt)}, ["input", "target"]))
    add(case(f"poisson_broadcast_{tag}", "PoissonNLLLoss", {"full": True}, {"input": torch.randn(3, 1, dtype=dt), "target": torch.tensor([0., 1., 2., 5.], dtype=dt)},
             ["input", "target"]))
    for shape in ((), (2, 3, 2)):
        seeded(len(cases))
        add(case(f"poisson_{len(shape)}d_{tag}", "PoissonNLLLoss", {"reduction": "sum"},
                 {"input": torch.randn(shape, dtype=dt), "target": torch.rand(shape, dtype=dt) * 4}, ["input", "target"]))
    add(case(f"poisson_legacy_size_average_false_{tag}", "PoissonNLLLoss", {"size_average": False, "log_input": False},
             {"input": torch.rand(4, dtype=dt) + 0.1, "target": torch.tensor([0., 1., 2., 3.], dtype=dt)}, ["input"]))
    c = case(f"poisson_large_target_full_{tag}", "PoissonNLLLoss", {"full": True, "reduction": "none"},
             {"input": torch.tensor([3., 4.5, 6.], dtype=dt), "target": torch.tensor([20., 100., 400.], dtype=dt)}, ["input", "target"])
    if dt == torch.float32:
        # the loss at target 400 is ~3.93, the difference of float32 terms near 2400 (ulp 2.4e-4); PyTorch rounds each
        # float32 op and lands 1.6e-4 from the exact value we compute in double, so this case needs 20x the tolerance
        c["tol_scale"] = 20.0
    add(c)
add(case("poisson_int64_target", "PoissonNLLLoss", {"full": True}, {"input": torch.randn(4), "target": torch.tensor([0, 1, 2, 7])}, ["input"]))
add(error_case("poisson_bad_reduction", "PoissonNLLLoss", {"reduction": "avg"}, {"input": torch.randn(3), "target": torch.rand(3)},
               "IllegalArgumentException", "avg is not valid"))
add(error_case("poisson_batchmean_rejected", "PoissonNLLLoss", {"reduction": "batchmean"}, {"input": torch.randn(3), "target": torch.rand(3)},
               "IllegalArgumentException", "batchmean is not valid"))
add(error_case("poisson_bad_broadcast", "PoissonNLLLoss", {}, {"input": torch.randn(3), "target": torch.rand(4)},
               "IllegalArgumentException", "The size of tensor a (4) must match the size of tensor b (3) at non-singleton dimension 0"))

# ---------------------------------------------------------------- GaussianNLLLoss
VAR_SHAPES = (("same", (4, 3)), ("lastdim1", (4, 1)), ("onefewer", (4,)))
for dt, tag in DTYPES:
    for full in (False, True):
        for red in RED3:
            for vname, vshape in VAR_SHAPES:
                seeded(len(cases))
                add(case(f"gauss_{'full' if full else 'nofull'}_{red}_{vname}_{tag}", "GaussianNLLLoss", {"full": full, "reduction": red},
                         {"input": torch.randn(4, 3, dtype=dt), "target": torch.randn(4, 3, dtype=dt), "var": torch.rand(vshape, dtype=dt) + 0.05},
                         ["input", "target", "var"], seed=len(cases)))
    # zero and tiny variances are clamped to eps; the gradient passes the clamp straight through
    add(case(f"gauss_clamp_straight_through_{tag}", "GaussianNLLLoss", {"reduction": "none"},
             {"input": torch.tensor([0.5, -1., 2., 0.3], dtype=dt), "target": torch.tensor([0., 1., 2., 0.5], dtype=dt),
              "var": torch.tensor([0., 1e-7, 2., 0.5], dtype=dt)}, ["input", "target", "var"]))
    add(case(f"gauss_eps_custom_{tag}", "GaussianNLLLoss", {"eps": 0.1, "reduction": "sum"},
             {"input": torch.tensor([0.5, -1., 2.], dtype=dt), "target": torch.tensor([0., 1., 2.5], dtype=dt),
              "var": torch.tensor([0.01, 0.2, 0.], dtype=dt)}, ["input", "target", "var"]))
    add(case(f"gauss_0d_{tag}", "GaussianNLLLoss", {}, {"input": torch.tensor(0.7, dtype=dt), "target": torch.tensor(-0.2, dtype=dt),
                                                        "var": torch.tensor(0.4, dtype=dt)}, ["input", "target", "var"]))
    add(case(f"gauss_1d_scalar_var_{tag}", "GaussianNLLLoss", {"reduction": "none"},
             {"input": torch.randn(5, dtype=dt), "target": torch.randn(5, dtype=dt), "var": torch.tensor(0.3, dtype=dt)}, ["input", "target", "var"]))
    add(case(f"gauss_1d_var_len1_{tag}", "GaussianNLLLoss", {"full": True},
             {"input": torch.randn(5, dtype=dt), "target": torch.randn(5, dtype=dt), "var": torch.tensor([0.3], dtype=dt)}, ["input", "target", "var"]))
    add(case(f"gauss_target_broadcast_{tag}", "GaussianNLLLoss", {"reduction": "sum"},
             {"input": torch.randn(2, 3, dtype=dt), "target": torch.randn(3, dtype=dt), "var": torch.rand(2, 3, dtype=dt) + 0.1}, ["input", "target", "var"]))
    add(case(f"gauss_3d_onefewer_{tag}", "GaussianNLLLoss", {"reduction": "mean"},
             {"input": torch.randn(2, 3, 4, dtype=dt), "target": torch.randn(2, 3, 4, dtype=dt), "var": torch.rand(2, 3, dtype=dt) + 0.1},
             ["input", "target", "var"]))
    add(case(f"gauss_input_only_grad_{tag}", "GaussianNLLLoss", {"reduction": "mean"},
             {"input": torch.randn(3, 2, dtype=dt), "target": torch.randn(3, 2, dtype=dt), "var": torch.rand(3, 2, dtype=dt) + 0.1}, ["input"]))
add(error_case("gauss_var_wrong_size", "GaussianNLLLoss", {}, {"input": torch.randn(2, 3), "target": torch.randn(2, 3), "var": torch.rand(3)},
               "IllegalArgumentException", "var is of incorrect size"))
add(error_case("gauss_var_wrong_size_1x3", "GaussianNLLLoss", {}, {"input": torch.randn(2, 3), "target": torch.randn(2, 3), "var": torch.rand(1, 3)},
               "IllegalArgumentException", "var is of incorrect size"))
add(error_case("gauss_var_extra_dim", "GaussianNLLLoss", {}, {"input": torch.randn(2, 3), "target": torch.randn(2, 3), "var": torch.rand(2, 3, 1)},
               "IllegalArgumentException", "var is of incorrect size"))
add(error_case("gauss_var_negative", "GaussianNLLLoss", {}, {"input": torch.randn(2, 3), "target": torch.randn(2, 3), "var": torch.tensor([[1., -0.1, 1.], [1., 1., 1.]])},
               "IllegalArgumentException", "var has negative entry/entries"))
add(error_case("gauss_bad_reduction", "GaussianNLLLoss", {"reduction": "avg"}, {"input": torch.randn(3), "target": torch.randn(3), "var": torch.rand(3)},
               "IllegalArgumentException", "avg is not valid"))
add(error_case("gauss_batchmean_rejected", "GaussianNLLLoss", {"reduction": "batchmean"}, {"input": torch.randn(3), "target": torch.randn(3), "var": torch.rand(3)},
               "IllegalArgumentException", "batchmean is not valid"))
add(error_case("gauss_target_bad_broadcast", "GaussianNLLLoss", {}, {"input": torch.randn(2, 3), "target": torch.randn(2, 4), "var": torch.rand(2, 3)},
               "IllegalArgumentException", "The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1"))
add(error_case("gauss_no_legacy_reduce", "GaussianNLLLoss", {"reduce": False}, {"input": torch.randn(3), "target": torch.randn(3), "var": torch.rand(3)},
               "IllegalArgumentException", "GaussianNLLLoss.__init__() got an unexpected keyword argument 'reduce'"))

# ---------------------------------------------------------------- KLDivLoss
RED4 = ("none", "mean", "sum", "batchmean")
for dt, tag in DTYPES:
    for log_target in (False, True):
        for red in RED4:
            seeded(len(cases))
            x = torch.log_softmax(torch.randn(3, 4, dtype=dt), 1)
            t = torch.softmax(torch.randn(3, 4, dtype=dt), 1)
            if log_target:
                t = t.log()
            add(case(f"kldiv_{'logt' if log_target else 'prob'}_{red}_{tag}", "KLDivLoss", {"reduction": red, "log_target": log_target},
                     {"input": x, "target": t}, ["input", "target"], seed=len(cases)))
    # target 0 contributes 0 (xlogy), its gradient is 0/0 = NaN in PyTorch
    for red in ("none", "sum"):
        add(case(f"kldiv_zero_target_{red}_{tag}", "KLDivLoss", {"reduction": red},
                 {"input": torch.tensor([[-1.2, -0.4, -2.], [-0.1, -3., -1.]], dtype=dt), "target": torch.tensor([[0., 0.3, 0.7], [1., 0., 0.]], dtype=dt)},
                 ["input", "target"]))
    add(case(f"kldiv_zero_target_input_grad_only_{tag}", "KLDivLoss", {"reduction": "batchmean"},
             {"input": torch.tensor([[-1.2, -0.4, -2.], [-0.1, -3., -1.]], dtype=dt), "target": torch.tensor([[0., 0.3, 0.7], [1., 0., 0.]], dtype=dt)},
             ["input"]))
    # PyTorch's tricky case: 0-dim input and target, every reduction (batchmean divides by 1)
    for red in RED4:
        for log_target in (False, True):
            add(case(f"kldiv_0d_{red}_{'logt' if log_target else 'prob'}_{tag}", "KLDivLoss", {"reduction": red, "log_target": log_target},
                     {"input": torch.tensor(-0.7, dtype=dt), "target": torch.tensor(0.4 if not log_target else -1.1, dtype=dt)}, ["input", "target"]))
    # broadcasting: batchmean divides by input.size(0), not the broadcast batch
    add(case(f"kldiv_broadcast_batchmean_{tag}", "KLDivLoss", {"reduction": "batchmean"},
             {"input": torch.log_softmax(torch.randn(2, 1, 3, dtype=dt), -1), "target": torch.softmax(torch.randn(4, 3, dtype=dt), -1)}, ["input", "target"]))
    add(case(f"kldiv_broadcast_mean_{tag}", "KLDivLoss", {},
             {"input": torch.log_softmax(torch.randn(3, dtype=dt), -1), "target": torch.softmax(torch.randn(2, 3, dtype=dt), -1)}, ["input", "target"]))
    add(case(f"kldiv_3d_batchmean_{tag}", "KLDivLoss", {"reduction": "batchmean"},
             {"input": torch.log_softmax(torch.randn(2, 3, 4, dtype=dt), 1), "target": torch.softmax(torch.randn(2, 3, 4, dtype=dt), 1)}, ["input", "target"]))
    add(case(f"kldiv_legacy_size_average_false_{tag}", "KLDivLoss", {"size_average": False},
             {"input": torch.randn(2, 3, dtype=dt), "target": torch.rand(2, 3, dtype=dt)}, ["input", "target"]))
    add(case(f"kldiv_legacy_reduce_false_{tag}", "KLDivLoss", {"reduce": False, "log_target": True},
             {"input": torch.randn(2, 3, dtype=dt), "target": torch.randn(2, 3, dtype=dt)}, ["input", "target"]))
    add(case(f"kldiv_negative_target_nan_{tag}", "KLDivLoss", {"reduction": "none"},
             {"input": torch.tensor([-1., -2.], dtype=dt), "target": torch.tensor([-0.5, 0.5], dtype=dt)}, ["input", "target"]))
    add(case(f"kldiv_empty_batchmean_{tag}", "KLDivLoss", {"reduction": "batchmean"},
             {"input": torch.randn(0, 3, dtype=dt), "target": torch.rand(0, 3, dtype=dt)}, ["input"]))
# the tutorial's example (3.5.7): probabilities passed as input, default reduction, prints tensor(-0.3335)
add(case("kldiv_tutorial_example", "KLDivLoss", {}, {"input": torch.tensor([[0.5, 0.3, 0.2], [0.2, 0.3, 0.5]]),
                                                    "target": torch.tensor([[0.9, 0.05, 0.05], [0.1, 0.7, 0.2]], dtype=torch.float)}, []))
add(error_case("kldiv_integral_target", "KLDivLoss", {}, {"input": torch.randn(3), "target": torch.tensor([1, 0, 2])},
               "IllegalArgumentException", "kl_div: Integral inputs not supported."))
add(error_case("kldiv_bad_reduction", "KLDivLoss", {"reduction": "avg"}, {"input": torch.randn(3), "target": torch.rand(3)},
               "IllegalArgumentException", "avg is not a valid value for reduction"))
add(error_case("kldiv_bad_broadcast", "KLDivLoss", {}, {"input": torch.randn(3), "target": torch.rand(4)},
               "IllegalArgumentException", "The size of tensor a (4) must match the size of tensor b (3) at non-singleton dimension 0"))

write("regression.json", cases)
