"""Fixtures for the margin / embedding family: MultiLabelMarginLoss, MultiMarginLoss, CosineEmbeddingLoss,
TripletMarginLoss, TripletMarginWithDistanceLoss (golden/losses/margin.json).

Run with /usr/bin/python3 (torch 1.13) from tools/golden/. Where PyTorch 2.x rejects what 1.13 accepts (margin <= 0
for the triplet losses, a weight of the wrong length for MultiMarginLoss, rank mismatch in
TripletMarginWithDistanceLoss) the Java unit tests cover it; here every error case must also fail in 1.13.
"""
import math

import torch
import torch.nn.functional as F

from losscase import case, error_case, write

cases = []
DTS = ((torch.float32, "f32"), (torch.float64, "f64"))
REDS = ("none", "mean", "sum")


def seed():
    torch.manual_seed(1000 + len(cases))
    return len(cases)


def add(name, loss, options, args, rg):
    s = seed()
    cases.append(case(name, loss, options, args, rg, seed=s))


def ml_target(n, c, gen_rows=None):
    """Random multilabel targets: k labels (distinct), then -1, then junk in [-1, C) that must be ignored."""
    rows = []
    for i in range(n):
        k = int(torch.randint(0, c + 1, ()).item())
        perm = torch.randperm(c).tolist()
        row = perm[:k]
        if k < c:
            row.append(-1)
            row += torch.randint(-1, c, (c - k - 1,)).tolist()
        rows.append(row)
    return torch.tensor(rows, dtype=torch.long)


# ---------------------------------------------------------------- MultiLabelMarginLoss
for dt, tag in DTS:
    for red in REDS:
        seed()
        x = torch.randn(4, 5, dtype=dt)
        add(f"mlm_{red}_batched_{tag}", "MultiLabelMarginLoss", {"reduction": red}, {"input": x, "target": ml_target(4, 5)}, ["input"])
        seed()
        x = torch.randn(6, dtype=dt)
        add(f"mlm_{red}_unbatched_{tag}", "MultiLabelMarginLoss", {"reduction": red}, {"input": x, "target": ml_target(1, 6)[0]}, ["input"])
        add(f"mlm_{red}_scalar_input_{tag}", "MultiLabelMarginLoss", {"reduction": red},
            {"input": torch.tensor(0.7, dtype=dt), "target": torch.tensor(0)}, ["input"])
    # PyTorch's own example, and the tutorial's unbatched variant (tensor(0.4500))
    add(f"mlm_torch_doc_example_{tag}", "MultiLabelMarginLoss", {},
        {"input": torch.tensor([[0.1, 0.2, 0.4, 0.8]], dtype=dt), "target": torch.tensor([[3, 0, -1, 1]])}, ["input"])
    add(f"mlm_tutorial_unbatched_{tag}", "MultiLabelMarginLoss", {},
        {"input": torch.tensor([0.9, 0.2, 0.4, 0.8], dtype=dt), "target": torch.tensor([3, 0, -1, 1])}, ["input"])
    # duplicates count twice; a row with no labels (first entry -1) gives 0; a row of all labels gives 0
    add(f"mlm_duplicates_and_empty_rows_{tag}", "MultiLabelMarginLoss", {"reduction": "none"},
        {"input": torch.randn(4, 4, dtype=dt), "target": torch.tensor([[1, 1, -1, 0], [3, 3, 3, 3], [-1, 2, 3, 0], [0, 1, 2, 3]])}, ["input"])
    add(f"mlm_large_magnitude_{tag}", "MultiLabelMarginLoss", {"reduction": "sum"},
        {"input": torch.randn(3, 5, dtype=dt) * 1e4, "target": ml_target(3, 5)}, ["input"])
    add(f"mlm_legacy_size_average_false_{tag}", "MultiLabelMarginLoss", {"size_average": False},
        {"input": torch.randn(3, 4, dtype=dt), "target": ml_target(3, 4)}, ["input"])
    add(f"mlm_legacy_reduce_false_{tag}", "MultiLabelMarginLoss", {"reduce": False},
        {"input": torch.randn(3, 4, dtype=dt), "target": ml_target(3, 4)}, ["input"])
add("mlm_empty_batch_none", "MultiLabelMarginLoss", {"reduction": "none"},
    {"input": torch.randn(0, 4), "target": torch.zeros(0, 4, dtype=torch.long)}, ["input"])
cases.append(error_case("mlm_err_target_above_range", "MultiLabelMarginLoss", {}, {"input": torch.randn(2, 4), "target": torch.tensor([[0, 4, -1, 1], [1, -1, 0, 0]])},
                        "IndexOutOfBoundsException", "argument #2 'target' is out of range"))
cases.append(error_case("mlm_err_target_below_minus1", "MultiLabelMarginLoss", {}, {"input": torch.randn(2, 4), "target": torch.tensor([[0, -2, -1, 1], [1, -1, 0, 0]])},
                        "IndexOutOfBoundsException", "argument #2 'target' is out of range"))
cases.append(error_case("mlm_err_out_of_range_after_padding", "MultiLabelMarginLoss", {}, {"input": torch.randn(4), "target": torch.tensor([1, -1, 9, 0])},
                        "IndexOutOfBoundsException", "argument #2 'target' is out of range"))
cases.append(error_case("mlm_err_inconsistent_target", "MultiLabelMarginLoss", {}, {"input": torch.randn(3, 4), "target": torch.zeros(3, 3, dtype=torch.long)},
                        "IllegalArgumentException", "inconsistent target size: [3, 3] for input of size: [3, 4]"))
cases.append(error_case("mlm_err_unbatched_target_2d", "MultiLabelMarginLoss", {}, {"input": torch.randn(4), "target": torch.zeros(1, 4, dtype=torch.long)},
                        "IllegalArgumentException", "inconsistent target size: [1, 4] for input of size: [4]"))
cases.append(error_case("mlm_err_3d_input", "MultiLabelMarginLoss", {}, {"input": torch.randn(2, 3, 4), "target": torch.zeros(2, 3, 4, dtype=torch.long)},
                        "IllegalArgumentException", "Expected non-empty vector or matrix with optional 0-dim batch size, but got: [2, 3, 4]"))
cases.append(error_case("mlm_err_zero_classes", "MultiLabelMarginLoss", {}, {"input": torch.randn(2, 0), "target": torch.zeros(2, 0, dtype=torch.long)},
                        "IllegalArgumentException", "Expected non-empty vector or matrix with optional 0-dim batch size, but got: [2, 0]"))
cases.append(error_case("mlm_err_float_target", "MultiLabelMarginLoss", {}, {"input": torch.randn(2, 3), "target": torch.zeros(2, 3)},
                        "IllegalArgumentException", "expected scalar type Long but found Float"))

# ---------------------------------------------------------------- MultiMarginLoss
for dt, tag in DTS:
    for red in REDS:
        for p in (1, 2):
            seed()
            add(f"mm_{red}_p{p}_batched_{tag}", "MultiMarginLoss", {"p": p, "reduction": red},
                {"input": torch.randn(5, 4, dtype=dt), "target": torch.randint(0, 4, (5,))}, ["input"])
        seed()
        add(f"mm_{red}_unbatched_0d_target_{tag}", "MultiMarginLoss", {"reduction": red},
            {"input": torch.randn(6, dtype=dt), "target": torch.tensor(2)}, ["input"])
        add(f"mm_{red}_unbatched_1d_target_{tag}", "MultiMarginLoss", {"reduction": red, "p": 2},
            {"input": torch.randn(6, dtype=dt), "target": torch.tensor([5])}, ["input"])
        w = torch.rand(4, dtype=dt) + 0.5
        add(f"mm_{red}_weight_margin_0.7_{tag}", "MultiMarginLoss", {"reduction": red, "weight": w, "margin": 0.7},
            {"input": torch.randn(5, 4, dtype=dt), "target": torch.randint(0, 4, (5,))}, ["input"])
    for m in (0.0, 2.5, -0.5):
        seed()
        add(f"mm_margin_{m}_{tag}", "MultiMarginLoss", {"margin": m, "reduction": "none"},
            {"input": torch.randn(4, 3, dtype=dt), "target": torch.randint(0, 3, (4,))}, ["input"])
    add(f"mm_tutorial_{tag}", "MultiMarginLoss", {}, {"input": torch.tensor([[0.3, 0.7], [0.5, 0.5]], dtype=dt), "target": torch.tensor([0, 1])}, ["input"])
    add(f"mm_weight_p2_sum_{tag}", "MultiMarginLoss", {"p": 2, "weight": torch.tensor([0.2, 1.0, 3.0], dtype=dt), "reduction": "sum"},
        {"input": torch.randn(6, 3, dtype=dt), "target": torch.tensor([0, 1, 2, 2, 1, 0])}, ["input"])
    add(f"mm_scalar_input_{tag}", "MultiMarginLoss", {"reduction": "none"}, {"input": torch.tensor(0.3, dtype=dt), "target": torch.tensor(0)}, ["input"])
    add(f"mm_large_magnitude_{tag}", "MultiMarginLoss", {"p": 2}, {"input": torch.randn(3, 5, dtype=dt) * 1e3, "target": torch.tensor([0, 4, 2])}, ["input"])
    add(f"mm_legacy_size_average_false_{tag}", "MultiMarginLoss", {"size_average": False},
        {"input": torch.randn(3, 4, dtype=dt), "target": torch.tensor([1, 0, 3])}, ["input"])
    add(f"mm_legacy_reduce_false_{tag}", "MultiMarginLoss", {"reduce": False, "p": 2},
        {"input": torch.randn(3, 4, dtype=dt), "target": torch.tensor([1, 0, 3])}, ["input"])
add("mm_p_given_as_float_2.0", "MultiMarginLoss", {"p": 2.0}, {"input": torch.randn(3, 4), "target": torch.tensor([1, 0, 3])}, ["input"])
add("mm_empty_batch_none", "MultiMarginLoss", {"reduction": "none"}, {"input": torch.randn(0, 4), "target": torch.zeros(0, dtype=torch.long)}, ["input"])
cases.append(error_case("mm_err_p3", "MultiMarginLoss", {"p": 3}, {"input": torch.randn(2, 3), "target": torch.tensor([0, 1])},
                        "IllegalArgumentException", "only p == 1 and p == 2 supported"))
cases.append(error_case("mm_err_target_above_range", "MultiMarginLoss", {}, {"input": torch.randn(3, 4), "target": torch.tensor([0, 4, 1])},
                        "IndexOutOfBoundsException", "target out of range"))
cases.append(error_case("mm_err_target_negative", "MultiMarginLoss", {}, {"input": torch.randn(3, 4), "target": torch.tensor([0, -1, 1])},
                        "IndexOutOfBoundsException", "target out of range"))
cases.append(error_case("mm_err_target_size", "MultiMarginLoss", {}, {"input": torch.randn(3, 4), "target": torch.tensor([0, 1])},
                        "IllegalArgumentException", "inconsistent target size, expected 3 but got [2]"))
cases.append(error_case("mm_err_target_2d", "MultiMarginLoss", {}, {"input": torch.randn(3, 4), "target": torch.tensor([[0, 1, 2]])},
                        "IllegalArgumentException", "inconsistent target size, expected 3 but got [1, 3]"))
cases.append(error_case("mm_err_unbatched_two_targets", "MultiMarginLoss", {}, {"input": torch.randn(4), "target": torch.tensor([0, 1])},
                        "IllegalArgumentException", "inconsistent target size, expected 1 but got [2]"))
cases.append(error_case("mm_err_3d_input", "MultiMarginLoss", {}, {"input": torch.randn(2, 3, 4), "target": torch.tensor([0, 1])},
                        "IllegalArgumentException", "Expected non-empty vector or matrix with optional 0-dim batch size, but got: [2, 3, 4]"))
cases.append(error_case("mm_err_zero_classes", "MultiMarginLoss", {}, {"input": torch.randn(2, 0), "target": torch.tensor([0, 0])},
                        "IllegalArgumentException", "Expected non-empty vector or matrix with optional 0-dim batch size, but got: [2, 0]"))
cases.append(error_case("mm_err_float_target", "MultiMarginLoss", {}, {"input": torch.randn(2, 3), "target": torch.tensor([0.0, 1.0])},
                        "IllegalArgumentException", "expected scalar type Long but found Float"))
cases.append(error_case("mm_err_weight_dtype", "MultiMarginLoss", {"weight": torch.ones(3, dtype=torch.float64)},
                        {"input": torch.randn(2, 3), "target": torch.tensor([0, 1])}, "IllegalArgumentException", "expected scalar type Float but found Double"))
cases.append(error_case("mm_err_weight_2d", "MultiMarginLoss", {"weight": torch.ones(1, 3)},
                        {"input": torch.randn(2, 3), "target": torch.tensor([0, 1])}, "IllegalArgumentException", "weight must be one-dimensional"))
cases.append(error_case("mm_err_bad_reduction", "MultiMarginLoss", {"reduction": "avg"},
                        {"input": torch.randn(2, 3), "target": torch.tensor([0, 1])}, "IllegalArgumentException", "avg is not a valid value for reduction"))

# ---------------------------------------------------------------- CosineEmbeddingLoss
for dt, tag in DTS:
    for red in REDS:
        for m in (0.0, 0.3, -0.4):
            seed()
            add(f"cos_{red}_margin_{m}_batched_{tag}", "CosineEmbeddingLoss", {"margin": m, "reduction": red},
                {"input1": torch.randn(6, 5, dtype=dt), "input2": torch.randn(6, 5, dtype=dt), "target": torch.tensor([1, -1, 1, -1, -1, 1])},
                ["input1", "input2"])
        for y in (1, -1):
            seed()
            add(f"cos_{red}_unbatched_y{y}_{tag}", "CosineEmbeddingLoss", {"reduction": red, "margin": -0.9},
                {"input1": torch.randn(5, dtype=dt), "input2": torch.randn(5, dtype=dt), "target": torch.tensor(y)}, ["input1", "input2"])
    add(f"cos_tutorial_{tag}", "CosineEmbeddingLoss", {},
        {"input1": torch.tensor([[0.3, 0.5, 0.7], [0.3, 0.5, 0.7]], dtype=dt), "input2": torch.tensor([[0.1, 0.3, 0.5], [0.1, 0.3, 0.5]], dtype=dt),
         "target": torch.tensor([1, -1])}, ["input1", "input2"])
    add(f"cos_float_target_requires_grad_{tag}", "CosineEmbeddingLoss", {"reduction": "none"},
        {"input1": torch.randn(4, 3, dtype=dt), "input2": torch.randn(4, 3, dtype=dt), "target": torch.tensor([1.0, -1.0, -1.0, 1.0], dtype=dt)},
        ["input1", "input2", "target"])
    add(f"cos_other_target_values_give_zero_{tag}", "CosineEmbeddingLoss", {"reduction": "none"},
        {"input1": torch.randn(4, 3, dtype=dt), "input2": torch.randn(4, 3, dtype=dt), "target": torch.tensor([0.0, 2.0, -1.0, 0.5], dtype=dt)},
        ["input1", "input2"])
    add(f"cos_bool_target_{tag}", "CosineEmbeddingLoss", {"reduction": "none"},
        {"input1": torch.randn(3, 3, dtype=dt), "input2": torch.randn(3, 3, dtype=dt), "target": torch.tensor([True, False, True])}, ["input1", "input2"])
    add(f"cos_broadcast_input2_row_{tag}", "CosineEmbeddingLoss", {"reduction": "none"},
        {"input1": torch.randn(4, 3, dtype=dt), "input2": torch.randn(1, 3, dtype=dt), "target": torch.tensor([1, -1, -1, 1])}, ["input1", "input2"])
    add(f"cos_broadcast_target_len1_{tag}", "CosineEmbeddingLoss", {"reduction": "sum", "margin": -0.5},
        {"input1": torch.randn(4, 3, dtype=dt), "input2": torch.randn(4, 3, dtype=dt), "target": torch.tensor([-1])}, ["input1", "input2"])
    add(f"cos_zero_vector_{tag}", "CosineEmbeddingLoss", {"reduction": "none"},
        {"input1": torch.zeros(2, 3, dtype=dt), "input2": torch.randn(2, 3, dtype=dt), "target": torch.tensor([1, -1])}, ["input1", "input2"])
    add(f"cos_large_magnitude_{tag}", "CosineEmbeddingLoss", {"reduction": "mean"},
        {"input1": torch.randn(3, 4, dtype=dt) * 1e5, "input2": torch.randn(3, 4, dtype=dt) * 1e-3, "target": torch.tensor([1, -1, 1])}, ["input1", "input2"])
    add(f"cos_legacy_size_average_false_{tag}", "CosineEmbeddingLoss", {"size_average": False},
        {"input1": torch.randn(3, 4, dtype=dt), "input2": torch.randn(3, 4, dtype=dt), "target": torch.tensor([1, -1, 1])}, ["input1"])
    add(f"cos_legacy_reduce_false_{tag}", "CosineEmbeddingLoss", {"reduce": False},
        {"input1": torch.randn(3, 4, dtype=dt), "input2": torch.randn(3, 4, dtype=dt), "target": torch.tensor([1, -1, 1])}, ["input2"])
add("cos_mixed_f32_f64", "CosineEmbeddingLoss", {"reduction": "none"},
    {"input1": torch.randn(3, 4), "input2": torch.randn(3, 4, dtype=torch.float64), "target": torch.tensor([1, -1, -1])}, ["input1", "input2"])
tut1, tut2 = torch.tensor([[0.3, 0.5, 0.7], [0.3, 0.5, 0.7]]), torch.tensor([[0.1, 0.3, 0.5], [0.1, 0.3, 0.5]])
cases.append(error_case("cos_err_tutorial_2d_target", "CosineEmbeddingLoss", {}, {"input1": tut1, "input2": tut2, "target": torch.tensor([[1, -1]])},
                        "IllegalArgumentException", "0D or 1D target tensor expected, multi-target not supported"))
cases.append(error_case("cos_err_1d_target_1d_inputs", "CosineEmbeddingLoss", {}, {"input1": torch.randn(4), "input2": torch.randn(4), "target": torch.ones(3)},
                        "IllegalArgumentException", "1D target tensor expects 2D input tensors, but found inputs with sizes [4] and [4]."))
cases.append(error_case("cos_err_0d_target_2d_inputs", "CosineEmbeddingLoss", {}, {"input1": torch.randn(3, 4), "input2": torch.randn(3, 4), "target": torch.tensor(1.0)},
                        "IllegalArgumentException", "0D target tensor expects 1D input tensors, but found inputs with sizes [3, 4] and [3, 4]."))
cases.append(error_case("cos_err_3d_inputs", "CosineEmbeddingLoss", {}, {"input1": torch.randn(2, 3, 4), "input2": torch.randn(2, 3, 4), "target": torch.ones(2)},
                        "IllegalArgumentException", "1D target tensor expects 2D input tensors, but found inputs with sizes [2, 3, 4] and [2, 3, 4]."))
cases.append(error_case("cos_err_target_length", "CosineEmbeddingLoss", {}, {"input1": torch.randn(3, 4), "input2": torch.randn(3, 4), "target": torch.ones(2)},
                        "IllegalArgumentException", "The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 0"))
cases.append(error_case("cos_err_input_sizes", "CosineEmbeddingLoss", {}, {"input1": torch.randn(3, 4), "input2": torch.randn(3, 5), "target": torch.ones(3)},
                        "IllegalArgumentException", "The size of tensor a (4) must match the size of tensor b (5) at non-singleton dimension 1"))

# ---------------------------------------------------------------- TripletMarginLoss


def triplet(n, d, dt, close_swap=False):
    a, p, ng = torch.randn(n, d, dtype=dt), torch.randn(n, d, dtype=dt), torch.randn(n, d, dtype=dt)
    if close_swap:  # some negatives near the positive, so swap picks d(p, n) in those rows
        ng[::2] = p[::2] + 0.1 * torch.randn_like(p[::2])
    return a, p, ng


RG3 = ["anchor", "positive", "negative"]
for dt, tag in DTS:
    for red in REDS:
        for swap in (False, True):
            seed()
            a, p, ng = triplet(6, 5, dt, close_swap=swap)
            add(f"tml_{red}_swap_{swap}_batched_{tag}", "TripletMarginLoss", {"reduction": red, "swap": swap},
                {"anchor": a, "positive": p, "negative": ng}, RG3)
            seed()
            a, p, ng = triplet(1, 7, dt, close_swap=swap)
            add(f"tml_{red}_swap_{swap}_unbatched_{tag}", "TripletMarginLoss", {"reduction": red, "swap": swap, "margin": 2.0},
                {"anchor": a[0], "positive": p[0], "negative": ng[0]}, RG3)
    for pn in (1.0, 3.0, 1.5, 0.5, float("inf")):
        for swap in (False, True):
            seed()
            a, p, ng = triplet(5, 4, dt, close_swap=True)
            add(f"tml_p_{pn}_swap_{swap}_{tag}", "TripletMarginLoss", {"p": pn, "swap": swap, "reduction": "none", "margin": 1.5},
                {"anchor": a, "positive": p, "negative": ng}, RG3)
    for eps in (0.0, 1e-3, 0.5):
        seed()
        a, p, ng = triplet(4, 3, dt)
        add(f"tml_eps_{eps}_{tag}", "TripletMarginLoss", {"eps": eps, "reduction": "none"}, {"anchor": a, "positive": p, "negative": ng}, RG3)
    for m in (0.2, 5.0):
        seed()
        a, p, ng = triplet(4, 3, dt)
        add(f"tml_margin_{m}_{tag}", "TripletMarginLoss", {"margin": m}, {"anchor": a, "positive": p, "negative": ng}, RG3)
    seed()
    a, p, ng = triplet(4, 3, dt)
    add(f"tml_broadcast_positive_row_{tag}", "TripletMarginLoss", {"reduction": "none", "swap": True},
        {"anchor": a, "positive": p[:1], "negative": ng}, RG3)
    add(f"tml_3d_inputs_{tag}", "TripletMarginLoss", {"reduction": "none"},
        {"anchor": torch.randn(2, 3, 4, dtype=dt), "positive": torch.randn(2, 3, 4, dtype=dt), "negative": torch.randn(2, 3, 4, dtype=dt)}, RG3)
    add(f"tml_anchor_only_grad_{tag}", "TripletMarginLoss", {}, {"anchor": a, "positive": p, "negative": ng}, ["anchor"])
    add(f"tml_legacy_size_average_false_{tag}", "TripletMarginLoss", {"size_average": False}, {"anchor": a, "positive": p, "negative": ng}, RG3)
    add(f"tml_legacy_reduce_false_{tag}", "TripletMarginLoss", {"reduce": False}, {"anchor": a, "positive": p, "negative": ng}, RG3)
# the tutorial's setting (margin 1, p 2, 128 features) with 25 rows instead of 100 to keep the file small
seed()
add("tml_tutorial_shape_25x128_f32", "TripletMarginLoss", {"margin": 1.0, "p": 2}, {"anchor": torch.randn(25, 128), "positive": torch.randn(25, 128),
                                                                                "negative": torch.randn(25, 128)}, RG3)
cases.append(error_case("tml_err_rank_mismatch", "TripletMarginLoss", {}, {"anchor": torch.randn(3, 4), "positive": torch.randn(4), "negative": torch.randn(3, 4)},
                        "IllegalArgumentException",
                        "The anchor, positive, and negative tensors are expected to have the same number of dimensions, but got: anchor 2D, positive 1D, and negative 2D inputs"))
cases.append(error_case("tml_err_batch_mismatch", "TripletMarginLoss", {}, {"anchor": torch.randn(3, 4), "positive": torch.randn(2, 4), "negative": torch.randn(3, 4)},
                        "IllegalArgumentException", "The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 0"))
cases.append(error_case("tml_err_dim_mismatch", "TripletMarginLoss", {}, {"anchor": torch.randn(3, 4), "positive": torch.randn(3, 4), "negative": torch.randn(3, 5)},
                        "IllegalArgumentException", "The size of tensor a (4) must match the size of tensor b (5) at non-singleton dimension 1"))
cases.append(error_case("tml_err_bad_reduction", "TripletMarginLoss", {"reduction": "avg"}, {"anchor": torch.randn(3, 4), "positive": torch.randn(3, 4),
                                                                                             "negative": torch.randn(3, 4)},
                        "IllegalArgumentException", "avg is not a valid value for reduction"))

# ---------------------------------------------------------------- TripletMarginWithDistanceLoss


def cosine_distance(x, y):
    return 1.0 - F.cosine_similarity(x, y, dim=-1)


DISTS = (("pairwise", None), ("cosine", cosine_distance))
for dt, tag in DTS:
    for red in REDS:
        for dname, fn in DISTS:
            for swap in (False, True):
                seed()
                a, p, ng = triplet(6, 5, dt, close_swap=swap)
                opts = {"reduction": red, "swap": swap}
                if fn is not None:
                    opts["distance_function"] = fn
                c = case(f"tmwd_{dname}_{red}_swap_{swap}_batched_{tag}", "TripletMarginWithDistanceLoss", opts,
                         {"anchor": a, "positive": p, "negative": ng}, RG3, seed=len(cases))
                if fn is not None:
                    c["options"]["distance_function"] = dname  # the Java side's name for the same function
                cases.append(c)
        seed()
        a, p, ng = triplet(1, 6, dt)
        c = case(f"tmwd_cosine_{red}_unbatched_{tag}", "TripletMarginWithDistanceLoss", {"reduction": red, "distance_function": cosine_distance, "margin": 0.5},
                 {"anchor": a[0], "positive": p[0], "negative": ng[0]}, RG3, seed=len(cases))
        c["options"]["distance_function"] = "cosine"
        cases.append(c)
        add(f"tmwd_pairwise_{red}_unbatched_{tag}", "TripletMarginWithDistanceLoss", {"reduction": red, "margin": 3.0},
            {"anchor": a[0], "positive": p[0], "negative": ng[0]}, RG3)
    for m in (0.1, 2.0):
        seed()
        a, p, ng = triplet(4, 3, dt)
        add(f"tmwd_margin_{m}_{tag}", "TripletMarginWithDistanceLoss", {"margin": m}, {"anchor": a, "positive": p, "negative": ng}, RG3)
    seed()
    a, p, ng = triplet(4, 3, dt)
    add(f"tmwd_explicit_pairwise_name_{tag}", "TripletMarginWithDistanceLoss", {"distance_function": None, "reduction": "sum"},
        {"anchor": a, "positive": p, "negative": ng}, RG3)
    add(f"tmwd_broadcast_negative_row_{tag}", "TripletMarginWithDistanceLoss", {"reduction": "none", "swap": True},
        {"anchor": a, "positive": p, "negative": ng[:1]}, RG3)
    add(f"tmwd_positive_only_grad_{tag}", "TripletMarginWithDistanceLoss", {"swap": True}, {"anchor": a, "positive": p, "negative": ng}, ["positive"])
cases.append(error_case("tmwd_err_legacy_keyword", "TripletMarginWithDistanceLoss", {"size_average": False},
                        {"anchor": torch.randn(3, 4), "positive": torch.randn(3, 4), "negative": torch.randn(3, 4)},
                        "IllegalArgumentException", "got an unexpected keyword argument 'size_average'"))
cases.append(error_case("tmwd_err_bad_reduction", "TripletMarginWithDistanceLoss", {"reduction": "avg"},
                        {"anchor": torch.randn(3, 4), "positive": torch.randn(3, 4), "negative": torch.randn(3, 4)},
                        "IllegalArgumentException", "avg is not a valid value for reduction"))
cases.append(error_case("tmwd_err_feature_mismatch", "TripletMarginWithDistanceLoss", {},
                        {"anchor": torch.randn(3, 4), "positive": torch.randn(3, 5), "negative": torch.randn(3, 4)},
                        "IllegalArgumentException", "The size of tensor a (4) must match the size of tensor b (5) at non-singleton dimension 1"))

write("margin.json", cases)
