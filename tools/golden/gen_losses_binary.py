"""Binary-classification loss fixtures: BCELoss, BCEWithLogitsLoss, SoftMarginLoss, MultiLabelSoftMarginLoss,
HingeEmbeddingLoss, MarginRankingLoss (PyTorch 1.13 as the oracle).

SoftMarginLoss follows PyTorch even where PyTorch overflows: it evaluates log(1 + exp(-y x)) literally, so
-y x beyond ~88.7 (float32) or ~709.8 (float64) gives inf and a NaN gradient (the `_overflow_` cases).
"""
import torch
import torch.nn.functional as F

from losscase import case, error_case, spec, write

cases = []
DTS = ((torch.float32, "f32"), (torch.float64, "f64"))
REDS = ("none", "mean", "sum")


def seed():
    torch.manual_seed(1000 + len(cases))
    return len(cases)


def add(name, loss, options, args, rg):
    s = seed()
    cases.append(case(name, loss, options, args, rg, seed=s))


# ---------------------------------------------------------------- BCELoss
for dt, tag in DTS:
    for red in REDS:
        for shape in ((), (5,), (3, 4), (2, 3, 4)):
            seed()
            x = torch.rand(shape, dtype=dt).clamp(0.02, 0.98)
            y = torch.rand(shape, dtype=dt)
            add(f"bce_{red}_{len(shape)}d_{tag}", "BCELoss", {"reduction": red}, {"input": x, "target": y}, ["input", "target"])
    for red in REDS:
        seed()
        x, y = torch.rand(3, 4, dtype=dt), torch.randint(0, 2, (3, 4)).to(dt)
        add(f"bce_weight_class_{red}_{tag}", "BCELoss", {"weight": torch.rand(4, dtype=dt), "reduction": red},
            {"input": x, "target": y}, ["input", "target"])
    seed()
    add(f"bce_weight_col_{tag}", "BCELoss", {"weight": torch.rand(3, 1, dtype=dt)},
        {"input": torch.rand(3, 4, dtype=dt), "target": torch.rand(3, 4, dtype=dt)}, ["input", "target"])
    add(f"bce_weight_full_sum_{tag}", "BCELoss", {"weight": torch.rand(2, 3, dtype=dt), "reduction": "sum"},
        {"input": torch.rand(2, 3, dtype=dt), "target": torch.rand(2, 3, dtype=dt)}, ["input"])
    add(f"bce_weight_0d_{tag}", "BCELoss", {"weight": torch.tensor(2.5, dtype=dt)},
        {"input": torch.rand(4, dtype=dt), "target": torch.rand(4, dtype=dt)}, ["input", "target"])
    # exact 0 and 1 probabilities: log terms clamped at -100, input grads through the 1e-12 floor, target grads +-inf
    p = torch.tensor([0., 1., 0., 1., 0.5, 1e-30, 1 - 1e-7, 0.25], dtype=dt)
    t = torch.tensor([0., 1., 1., 0., 0.3, 1., 1., 0.], dtype=dt)
    for red in REDS:
        add(f"bce_exact_0_1_{red}_{tag}", "BCELoss", {"reduction": red}, {"input": p, "target": t}, ["input"])
    add(f"bce_exact_0_1_target_grad_none_{tag}", "BCELoss", {"reduction": "none"}, {"input": p, "target": t}, ["input", "target"])
    add(f"bce_exact_0_1_weighted_sum_{tag}", "BCELoss", {"weight": torch.tensor([0.5, 2.], dtype=dt).repeat(4), "reduction": "sum"},
        {"input": p, "target": t}, ["input"])
    # the tutorial's use: probabilities from a sigmoid, targets 0/1
    seed()
    add(f"bce_after_sigmoid_{tag}", "BCELoss", {}, {"input": torch.randn(3, dtype=dt).sigmoid(), "target": torch.empty(3, dtype=dt).random_(2)},
        ["input"])
    add(f"bce_empty_mean_{tag}", "BCELoss", {}, {"input": torch.rand(0, 3, dtype=dt), "target": torch.rand(0, 3, dtype=dt)}, ["input"])
add("bce_legacy_size_average_false", "BCELoss", {"size_average": False}, {"input": torch.rand(4, 2), "target": torch.rand(4, 2)}, ["input"])
add("bce_legacy_reduce_false", "BCELoss", {"reduce": False}, {"input": torch.rand(4, 2), "target": torch.rand(4, 2)}, ["input"])
add("bce_weight_f64_input_f32", "BCELoss", {"weight": torch.rand(2, dtype=torch.float64)}, {"input": torch.rand(3, 2), "target": torch.rand(3, 2)},
    ["input"])

cases.append(error_case("bce_err_target_size", "BCELoss", {}, {"input": torch.rand(3, 4), "target": torch.rand(3, 3)}, "IllegalArgumentException",
                        "Using a target size (torch.Size([3, 3])) that is different to the input size (torch.Size([3, 4])) is deprecated. "
                        "Please ensure they have the same size."))
cases.append(error_case("bce_err_target_unsqueezed", "BCELoss", {}, {"input": torch.rand(3), "target": torch.rand(3, 1)}, "IllegalArgumentException",
                        "Using a target size (torch.Size([3, 1])) that is different to the input size (torch.Size([3]))"))
for nm, bad in (("above_1", 1.5), ("negative", -0.1), ("nan", float("nan"))):
    cases.append(error_case(f"bce_err_input_{nm}", "BCELoss", {}, {"input": torch.tensor([0.2, bad, 0.3]), "target": torch.tensor([0., 1., 1.])},
                            "IllegalArgumentException", "all elements of input should be between 0 and 1"))
cases.append(error_case("bce_err_dtype_mix", "BCELoss", {}, {"input": torch.rand(3), "target": torch.rand(3, dtype=torch.float64)},
                        "IllegalArgumentException", "Found dtype Double but expected Float"))
cases.append(error_case("bce_err_long_target", "BCELoss", {}, {"input": torch.rand(3), "target": torch.tensor([0, 1, 1])},
                        "IllegalArgumentException", "Found dtype Long but expected Float"))
cases.append(error_case("bce_err_weight_size", "BCELoss", {"weight": torch.rand(3)}, {"input": torch.rand(3, 4), "target": torch.rand(3, 4)},
                        "IllegalArgumentException", "The size of tensor a (4) must match the size of tensor b (3) at non-singleton dimension 1"))
cases.append(error_case("bce_err_weight_enlarges", "BCELoss", {"weight": torch.rand(3, 1)}, {"input": torch.rand(3), "target": torch.rand(3)},
                        "IllegalArgumentException", "output with shape [3] doesn't match the broadcast shape [3, 3]"))
cases.append(error_case("bce_err_reduction", "BCELoss", {"reduction": "avg"}, {"input": torch.rand(3), "target": torch.rand(3)},
                        "IllegalArgumentException", "avg is not a valid value for reduction"))

# ---------------------------------------------------------------- BCEWithLogitsLoss
for dt, tag in DTS:
    for red in REDS:
        for shape in ((), (5,), (3, 4), (2, 3, 4)):
            seed()
            add(f"bcel_{red}_{len(shape)}d_{tag}", "BCEWithLogitsLoss", {"reduction": red},
                {"input": torch.randn(shape, dtype=dt) * 3, "target": torch.rand(shape, dtype=dt)}, ["input", "target"])
    for red in REDS:
        seed()
        x, y = torch.randn(4, 3, dtype=dt) * 2, torch.randint(0, 2, (4, 3)).to(dt)
        add(f"bcel_pos_weight_{red}_{tag}", "BCEWithLogitsLoss", {"pos_weight": torch.rand(3, dtype=dt) * 3, "reduction": red},
            {"input": x, "target": y}, ["input", "target"])
        add(f"bcel_weight_{red}_{tag}", "BCEWithLogitsLoss", {"weight": torch.rand(3, dtype=dt), "reduction": red},
            {"input": x, "target": y}, ["input", "target"])
        add(f"bcel_weight_and_pos_weight_{red}_{tag}", "BCEWithLogitsLoss",
            {"weight": torch.rand(4, 1, dtype=dt), "pos_weight": torch.rand(3, dtype=dt) * 3, "reduction": red},
            {"input": x, "target": torch.rand(4, 3, dtype=dt)}, ["input", "target"])
    seed()
    add(f"bcel_pos_weight_3d_classes_last_{tag}", "BCEWithLogitsLoss", {"pos_weight": torch.rand(5, dtype=dt) * 4},
        {"input": torch.randn(2, 3, 5, dtype=dt), "target": torch.rand(2, 3, 5, dtype=dt)}, ["input", "target"])
    add(f"bcel_pos_weight_unbatched_{tag}", "BCEWithLogitsLoss", {"pos_weight": torch.rand(5, dtype=dt) * 4, "reduction": "sum"},
        {"input": torch.randn(5, dtype=dt), "target": torch.rand(5, dtype=dt)}, ["input", "target"])
    # PyTorch's own stability case: logits [0, -120] with pos_weight, and beyond
    big = torch.tensor([0., -120., 120., 1e4, -1e4, 100., -100., 35.], dtype=dt)
    bt = torch.tensor([1., 1., 0., 0., 1., 1., 0., 0.5], dtype=dt)
    for red in ("none", "sum"):
        add(f"bcel_large_logits_pos_weight_{red}_{tag}", "BCEWithLogitsLoss", {"pos_weight": torch.tensor([2.], dtype=dt), "reduction": red},
            {"input": big, "target": bt}, ["input", "target"])
        add(f"bcel_large_logits_{red}_{tag}", "BCEWithLogitsLoss", {"reduction": red}, {"input": big, "target": bt}, ["input", "target"])
    add(f"bcel_torch_case_0_m120_{tag}", "BCEWithLogitsLoss", {"pos_weight": torch.ones(2, dtype=dt), "reduction": "none"},
        {"input": torch.tensor([[0., -120.]], dtype=dt), "target": torch.tensor([[0., 1.]], dtype=dt)}, ["input"])
    add(f"bcel_empty_mean_{tag}", "BCEWithLogitsLoss", {}, {"input": torch.randn(0, 2, dtype=dt), "target": torch.rand(0, 2, dtype=dt)}, ["input"])
seed()
add("bcel_input_f32_target_f64", "BCEWithLogitsLoss", {}, {"input": torch.randn(3, 2), "target": torch.rand(3, 2, dtype=torch.float64)},
    ["input", "target"])
add("bcel_input_f64_target_f32", "BCEWithLogitsLoss", {"pos_weight": torch.rand(2, dtype=torch.float64)},
    {"input": torch.randn(3, 2, dtype=torch.float64), "target": torch.rand(3, 2)}, ["input", "target"])
add("bcel_legacy_reduce_false", "BCEWithLogitsLoss", {"reduce": False}, {"input": torch.randn(3, 2), "target": torch.rand(3, 2)}, ["input"])
add("bcel_legacy_size_average_false", "BCEWithLogitsLoss", {"size_average": False}, {"input": torch.randn(3, 2), "target": torch.rand(3, 2)},
    ["input"])
cases.append(error_case("bcel_err_target_size", "BCEWithLogitsLoss", {}, {"input": torch.randn(3, 4), "target": torch.rand(4)},
                        "IllegalArgumentException", "Target size (torch.Size([4])) must be the same as input size (torch.Size([3, 4]))"))
cases.append(error_case("bcel_err_long_target", "BCEWithLogitsLoss", {}, {"input": torch.randn(3), "target": torch.tensor([0, 1, 1])},
                        "IllegalArgumentException", "result type Float can't be cast to the desired output type Long"))
cases.append(error_case("bcel_err_pos_weight_size", "BCEWithLogitsLoss", {"pos_weight": torch.rand(5)},
                        {"input": torch.randn(3, 4), "target": torch.rand(3, 4)}, "IllegalArgumentException",
                        "The size of tensor a (5) must match the size of tensor b (4) at non-singleton dimension 1"))
cases.append(error_case("bcel_err_pos_weight_enlarges", "BCEWithLogitsLoss", {"pos_weight": torch.rand(2, 3, 4)},
                        {"input": torch.randn(3, 4), "target": torch.rand(3, 4)}, "IllegalArgumentException",
                        "output with shape [3, 4] doesn't match the broadcast shape [2, 3, 4]"))
cases.append(error_case("bcel_err_weight_size", "BCEWithLogitsLoss", {"weight": torch.rand(5)},
                        {"input": torch.randn(3, 4), "target": torch.rand(3, 4)}, "IllegalArgumentException",
                        "The size of tensor a (4) must match the size of tensor b (5) at non-singleton dimension 1"))
cases.append(error_case("bcel_err_reduction", "BCEWithLogitsLoss", {"reduction": "elementwise"}, {"input": torch.randn(3), "target": torch.rand(3)},
                        "IllegalArgumentException", "elementwise is not a valid value for reduction"))


# ---------------------------------------------------------------- SoftMarginLoss
for dt, tag in DTS:
    for red in REDS:
        for shape in ((), (5,), (3, 4), (2, 3, 4)):
            seed()
            add(f"softmargin_{red}_{len(shape)}d_{tag}", "SoftMarginLoss", {"reduction": red},
                {"input": torch.randn(shape, dtype=dt) * 2, "target": torch.randint(0, 2, shape).to(dt) * 2 - 1}, ["input"])
    seed()
    add(f"softmargin_target_bcast_row_{tag}", "SoftMarginLoss", {"reduction": "none"},
        {"input": torch.randn(3, 4, dtype=dt), "target": torch.tensor([1., -1., -1., 1.], dtype=dt)}, ["input"])
    add(f"softmargin_target_bcast_col_{tag}", "SoftMarginLoss", {},
        {"input": torch.randn(3, 4, dtype=dt), "target": torch.tensor([[1.], [-1.], [1.]], dtype=dt)}, ["input"])
    add(f"softmargin_long_target_{tag}", "SoftMarginLoss", {"reduction": "sum"},
        {"input": torch.randn(2, 3, dtype=dt), "target": torch.tensor([[1, -1, 1], [-1, -1, 1]])}, ["input"])
    add(f"softmargin_soft_target_{tag}", "SoftMarginLoss", {}, {"input": torch.randn(6, dtype=dt), "target": torch.randn(6, dtype=dt)}, ["input"])
    add(f"softmargin_tutorial_{tag}", "SoftMarginLoss", {},
        {"input": torch.tensor([[0.3, 0.7], [0.5, 0.5]], dtype=dt), "target": torch.tensor([[-1, 1], [1, -1]], dtype=dt)}, ["input"])
    # large margins where PyTorch itself stays finite (y x >= 0 side, moderate negatives)
    add(f"softmargin_large_finite_{tag}", "SoftMarginLoss", {"reduction": "none"},
        {"input": torch.tensor([1e4, 100., -30., 60., 0.], dtype=dt), "target": torch.tensor([1., 1., 1., -1., 1.], dtype=dt)}, ["input"])
    for red in REDS:
        add(f"softmargin_overflow_1e4_{red}_{tag}", "SoftMarginLoss", {"reduction": red},
            {"input": torch.tensor([1e4, -1e4, 100., -100., 0., 800.], dtype=dt), "target": torch.tensor([1., 1., 1., 1., -1., -1.], dtype=dt)},
            ["input"])
add("softmargin_input_f32_target_f64", "SoftMarginLoss", {}, {"input": torch.randn(4), "target": torch.tensor([1., -1, 1, 1], dtype=torch.float64)},
    ["input"])
add("softmargin_legacy_reduce_false", "SoftMarginLoss", {"reduce": False}, {"input": torch.randn(4), "target": torch.tensor([1., -1, 1, 1])}, ["input"])
cases.append(error_case("softmargin_err_target_enlarges", "SoftMarginLoss", {}, {"input": torch.randn(4), "target": torch.ones(3, 4)},
                        "IllegalArgumentException", "output with shape [4] doesn't match the broadcast shape [3, 4]"))
cases.append(error_case("softmargin_err_bad_broadcast", "SoftMarginLoss", {}, {"input": torch.randn(3, 4), "target": torch.ones(5)},
                        "IllegalArgumentException", "The size of tensor a (4) must match the size of tensor b (5) at non-singleton dimension 1"))

# ---------------------------------------------------------------- MultiLabelSoftMarginLoss
for dt, tag in DTS:
    for red in REDS:
        for shape in ((5,), (3, 4), (2, 3, 4)):
            seed()
            add(f"mlsm_{red}_{len(shape)}d_{tag}", "MultiLabelSoftMarginLoss", {"reduction": red},
                {"input": torch.randn(shape, dtype=dt) * 2, "target": torch.randint(0, 2, shape).to(dt)}, ["input", "target"])
        seed()
        add(f"mlsm_weight_{red}_{tag}", "MultiLabelSoftMarginLoss", {"weight": torch.rand(4, dtype=dt), "reduction": red},
            {"input": torch.randn(3, 4, dtype=dt), "target": torch.rand(3, 4, dtype=dt)}, ["input", "target"])
    seed()
    add(f"mlsm_weight_col_{tag}", "MultiLabelSoftMarginLoss", {"weight": torch.rand(3, 1, dtype=dt), "reduction": "none"},
        {"input": torch.randn(3, 4, dtype=dt), "target": torch.randint(0, 2, (3, 4)).to(dt)}, ["input", "target"])
    add(f"mlsm_weight_unbatched_{tag}", "MultiLabelSoftMarginLoss", {"weight": torch.rand(6, dtype=dt), "reduction": "none"},
        {"input": torch.randn(6, dtype=dt), "target": torch.randint(0, 2, (6,)).to(dt)}, ["input", "target"])
    add(f"mlsm_target_bcast_{tag}", "MultiLabelSoftMarginLoss", {"reduction": "none"},
        {"input": torch.randn(3, 4, dtype=dt), "target": torch.tensor([1., 0., 0., 1.], dtype=dt)}, ["input", "target"])
    # a target with more dims than the input: PyTorch sums over dim input.dim()-1 of the broadcast
    add(f"mlsm_target_more_dims_{tag}", "MultiLabelSoftMarginLoss", {"reduction": "none"},
        {"input": torch.randn(3, 4, dtype=dt), "target": torch.rand(2, 3, 4, dtype=dt)}, ["input", "target"])
    add(f"mlsm_large_logits_{tag}", "MultiLabelSoftMarginLoss", {"reduction": "sum"},
        {"input": torch.tensor([[1e4, -1e4, 100., -100., 0.], [-120., 120., 35., -35., 1.]], dtype=dt),
         "target": torch.tensor([[1., 1., 0., 0., 0.5], [0., 1., 1., 0., 1.]], dtype=dt)}, ["input", "target"])
    add(f"mlsm_empty_batch_mean_{tag}", "MultiLabelSoftMarginLoss", {}, {"input": torch.randn(0, 3, dtype=dt), "target": torch.rand(0, 3, dtype=dt)},
        ["input"])
seed()
add("mlsm_long_target", "MultiLabelSoftMarginLoss", {}, {"input": torch.randn(3, 4), "target": torch.randint(0, 2, (3, 4))}, ["input"])
add("mlsm_input_f32_target_f64", "MultiLabelSoftMarginLoss", {}, {"input": torch.randn(3, 4), "target": torch.rand(3, 4, dtype=torch.float64)},
    ["input", "target"])
add("mlsm_weight_f64_input_f32", "MultiLabelSoftMarginLoss", {"weight": torch.rand(4, dtype=torch.float64)},
    {"input": torch.randn(3, 4), "target": torch.rand(3, 4)}, ["input", "target"])
add("mlsm_legacy_size_average_false", "MultiLabelSoftMarginLoss", {"size_average": False}, {"input": torch.randn(3, 4), "target": torch.rand(3, 4)},
    ["input"])
add("mlsm_legacy_reduce_false", "MultiLabelSoftMarginLoss", {"reduce": False}, {"input": torch.randn(3, 4), "target": torch.rand(3, 4)}, ["input"])
cases.append(error_case("mlsm_err_0d_input", "MultiLabelSoftMarginLoss", {}, {"input": torch.tensor(0.3), "target": torch.tensor(1.)},
                        "IndexOutOfBoundsException", "Dimension specified as -1 but tensor has no dimensions"))
cases.append(error_case("mlsm_err_weight_size", "MultiLabelSoftMarginLoss", {"weight": torch.rand(5)},
                        {"input": torch.randn(3, 4), "target": torch.rand(3, 4)}, "IllegalArgumentException",
                        "The size of tensor a (4) must match the size of tensor b (5) at non-singleton dimension 1"))
cases.append(error_case("mlsm_err_target_size", "MultiLabelSoftMarginLoss", {}, {"input": torch.randn(3, 4), "target": torch.rand(3, 5)},
                        "IllegalArgumentException", "The size of tensor a (5) must match the size of tensor b (4) at non-singleton dimension 1"))
cases.append(error_case("mlsm_err_reduction", "MultiLabelSoftMarginLoss", {"reduction": "avg"}, {"input": torch.randn(3, 4), "target": torch.rand(3, 4)},
                        "IllegalArgumentException", "avg is not valid"))

# ---------------------------------------------------------------- HingeEmbeddingLoss
for dt, tag in DTS:
    for red in REDS:
        for shape in ((), (5,), (3, 4), (2, 3, 4)):
            seed()
            add(f"hinge_{red}_{len(shape)}d_{tag}", "HingeEmbeddingLoss", {"reduction": red},
                {"input": torch.randn(shape, dtype=dt) + 0.5, "target": torch.randint(0, 2, shape).to(dt) * 2 - 1}, ["input"])
    for margin in (0.5, 2.0, -0.5):
        seed()
        add(f"hinge_margin_{margin}_{tag}", "HingeEmbeddingLoss", {"margin": margin},
            {"input": torch.randn(3, 4, dtype=dt) * 2, "target": torch.randint(0, 2, (3, 4)).to(dt) * 2 - 1}, ["input"])
    # PyTorch's formula for targets other than +-1: both terms
    add(f"hinge_other_targets_none_{tag}", "HingeEmbeddingLoss", {"reduction": "none"},
        {"input": torch.tensor([0.5, 0.5, 0.5, 2., 2., -0.3, 0.7], dtype=dt), "target": torch.tensor([0., 2., -1., 1., 0., 0.5, -3.], dtype=dt)},
        ["input"])
    # exactly at the margin: clamp_min passes the gradient
    add(f"hinge_at_margin_sum_{tag}", "HingeEmbeddingLoss", {"reduction": "sum", "margin": 0.5},
        {"input": torch.tensor([0.5, 1., 0.25, 0.5], dtype=dt), "target": torch.tensor([-1., -1., -1., 0.], dtype=dt)}, ["input"])
    add(f"hinge_input_bcast_{tag}", "HingeEmbeddingLoss", {"reduction": "sum"},
        {"input": torch.randn(4, dtype=dt), "target": torch.randint(0, 2, (3, 4)).to(dt) * 2 - 1}, ["input"])
    add(f"hinge_target_bcast_none_{tag}", "HingeEmbeddingLoss", {"reduction": "none"},
        {"input": torch.randn(3, 4, dtype=dt), "target": torch.tensor([[1.], [-1.], [1.]], dtype=dt)}, ["input"])
    add(f"hinge_target_requires_grad_{tag}", "HingeEmbeddingLoss", {},
        {"input": torch.randn(5, dtype=dt), "target": torch.tensor([1., -1., -1., 1., 1.], dtype=dt)}, ["input", "target"])
    add(f"hinge_tutorial_long_target_{tag}", "HingeEmbeddingLoss", {},
        {"input": torch.tensor([[1., 0.8, 0.5]], dtype=dt), "target": torch.tensor([[1, 1, -1]])}, ["input"])
    add(f"hinge_empty_mean_{tag}", "HingeEmbeddingLoss", {}, {"input": torch.randn(0, 2, dtype=dt), "target": torch.ones(0, 2, dtype=dt)}, ["input"])
add("hinge_f32_margin_0.1_edge", "HingeEmbeddingLoss", {"margin": 0.1, "reduction": "none"},
    {"input": torch.tensor([0.1, 0.1000001, 0.0999999]), "target": torch.tensor([-1., -1., -1.])}, ["input"])
add("hinge_input_f32_target_f64", "HingeEmbeddingLoss", {}, {"input": torch.randn(4), "target": torch.tensor([1., -1, 1, -1], dtype=torch.float64)},
    ["input"])
add("hinge_legacy_size_average_false", "HingeEmbeddingLoss", {"size_average": False}, {"input": torch.randn(4), "target": torch.tensor([1., -1, 1, -1])},
    ["input"])
cases.append(error_case("hinge_err_bad_broadcast", "HingeEmbeddingLoss", {}, {"input": torch.randn(3, 4), "target": torch.ones(5)},
                        "IllegalArgumentException", "The size of tensor a (5) must match the size of tensor b (4) at non-singleton dimension 1"))

# ---------------------------------------------------------------- MarginRankingLoss
for dt, tag in DTS:
    for red in REDS:
        for shape in ((), (5,), (3, 4)):
            seed()
            add(f"ranking_{red}_{len(shape)}d_{tag}", "MarginRankingLoss", {"reduction": red, "margin": 0.1},
                {"input1": torch.randn(shape, dtype=dt), "input2": torch.randn(shape, dtype=dt),
                 "target": torch.randint(0, 2, shape).to(dt) * 2 - 1}, ["input1", "input2", "target"])
    for margin in (0.0, 0.5, -0.3, 2.0):
        seed()
        add(f"ranking_margin_{margin}_{tag}", "MarginRankingLoss", {"margin": margin},
            {"input1": torch.randn(6, dtype=dt), "input2": torch.randn(6, dtype=dt), "target": torch.randn(6, dtype=dt).sign()},
            ["input1", "input2"])
    seed()
    add(f"ranking_bcast_3x1_1x4_{tag}", "MarginRankingLoss", {"margin": 0.2, "reduction": "none"},
        {"input1": torch.randn(3, 1, dtype=dt), "input2": torch.randn(1, 4, dtype=dt), "target": torch.randn(3, 4, dtype=dt).sign()},
        ["input1", "input2", "target"])
    add(f"ranking_bcast_target_1x1_{tag}", "MarginRankingLoss", {"margin": 0.2, "reduction": "sum"},
        {"input1": torch.randn(3, 4, dtype=dt), "input2": torch.randn(3, 4, dtype=dt), "target": torch.tensor([[-1.]], dtype=dt)},
        ["input1", "input2", "target"])
    add(f"ranking_at_zero_{tag}", "MarginRankingLoss", {"reduction": "sum"},
        {"input1": torch.tensor([1., 2., 0.5, 3.], dtype=dt), "input2": torch.tensor([1., 1., 0.5, 3.], dtype=dt),
         "target": torch.tensor([1., 1., -1., 0.], dtype=dt)}, ["input1", "input2", "target"])
    add(f"ranking_long_target_{tag}", "MarginRankingLoss", {"margin": 0.3},
        {"input1": torch.randn(5, dtype=dt), "input2": torch.randn(5, dtype=dt), "target": torch.tensor([1, -1, 1, 1, -1])}, ["input1", "input2"])
    add(f"ranking_empty_mean_{tag}", "MarginRankingLoss", {},
        {"input1": torch.randn(0, dtype=dt), "input2": torch.randn(0, dtype=dt), "target": torch.ones(0, dtype=dt)}, ["input1"])
seed()
add("ranking_tutorial_random", "MarginRankingLoss", {},
    {"input1": torch.randn(3), "input2": torch.randn(3), "target": torch.randn(3).sign()}, ["input1", "input2"])
add("ranking_mixed_f32_f64", "MarginRankingLoss", {"margin": 0.1},
    {"input1": torch.randn(4), "input2": torch.randn(4, dtype=torch.float64), "target": torch.tensor([1., -1, 1, -1])}, ["input1", "input2", "target"])
add("ranking_legacy_reduce_false", "MarginRankingLoss", {"reduce": False},
    {"input1": torch.randn(4), "input2": torch.randn(4), "target": torch.tensor([1., -1, 1, -1])}, ["input1"])
cases.append(error_case("ranking_err_dims", "MarginRankingLoss", {},
                        {"input1": torch.randn(3, 4), "input2": torch.randn(4), "target": torch.ones(3, 4)}, "IllegalArgumentException",
                        "margin_ranking_loss : All input tensors should have same dimension but got sizes: input1: torch.Size([3, 4]), "
                        "input2: torch.Size([4]), target: torch.Size([3, 4])"))
cases.append(error_case("ranking_err_bad_broadcast", "MarginRankingLoss", {},
                        {"input1": torch.randn(3, 2), "input2": torch.randn(1, 4), "target": torch.ones(3, 4)}, "IllegalArgumentException",
                        "The size of tensor a (2) must match the size of tensor b (4) at non-singleton dimension 1"))
cases.append(error_case("ranking_err_target_broadcast", "MarginRankingLoss", {},
                        {"input1": torch.randn(3, 4), "input2": torch.randn(3, 4), "target": torch.ones(3, 5)}, "IllegalArgumentException",
                        "The size of tensor a (5) must match the size of tensor b (4) at non-singleton dimension 1"))

write("binary.json", cases)
