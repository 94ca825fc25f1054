"""NLLLoss and CrossEntropyLoss fixtures (class indices, probabilities, label smoothing, K-dim, errors).

Run from tools/golden with /usr/bin/python3 (torch 1.13):  cd tools/golden && /usr/bin/python3 gen_losses_classification.py
"""
import torch

from losscase import case, error_case, write

torch.set_num_threads(1)
cases = []
TAGS = {torch.float32: "f32", torch.float64: "f64"}
REDS = ("none", "mean", "sum")

# (name, input shape, target shape); C is always dim 1 (dim 0 when unbatched)
SHAPES = [
    ("unbatched", (5,), ()),
    ("2d", (4, 5), (4,)),
    ("k1", (2, 3, 4), (2, 4)),
    ("k2", (2, 3, 2, 3), (2, 2, 3)),
    ("k3", (2, 3, 2, 2, 3), (2, 2, 2, 3)),
]


def n_classes(shape):
    return shape[0] if len(shape) == 1 else shape[1]


def targets(tshape, c, ignore=None, frac=0.3):
    """Random class indices; a fraction replaced by `ignore` when given (at least one, never all)."""
    t = torch.randint(0, c, tshape, dtype=torch.int64)
    if ignore is not None and t.numel() > 1:
        flat = t.reshape(-1)
        k = max(1, int(frac * flat.numel()))
        idx = torch.randperm(flat.numel())[:k]
        flat[idx] = ignore
    return t


def seed():
    torch.manual_seed(1000 + len(cases))
    return len(cases)


# ---------------------------------------------------------------- NLLLoss grid
for dt, tag in TAGS.items():
    for red in REDS:
        for sname, ishape, tshape in SHAPES:
            c = n_classes(ishape)
            for oname in ("plain", "weight", "weight_ignore1", "ignore_neg1"):
                s = seed()
                x = torch.log_softmax(torch.randn(ishape, dtype=dt), dim=0 if len(ishape) == 1 else 1)
                opts = {"reduction": red}
                if "weight" in oname:
                    opts["weight"] = torch.rand(c, dtype=dt) + 0.1
                ign = None
                if "ignore1" in oname:
                    opts["ignore_index"] = 1
                    ign = 1
                elif "ignore_neg1" in oname:
                    opts["ignore_index"] = -1
                    ign = -1
                t = targets(tshape, c, ign)
                cases.append(case(f"nll_{sname}_{oname}_{red}_{tag}", "NLLLoss", opts, {"input": x, "target": t}, ["input"], seed=s))

# ---------------------------------------------------------------- CrossEntropyLoss, class indices
for dt, tag in TAGS.items():
    for red in REDS:
        for sname, ishape, tshape in SHAPES:
            c = n_classes(ishape)
            for oname in ("plain", "weight", "ignore2", "ls01", "ls_weight_ignore0"):
                s = seed()
                x = torch.randn(ishape, dtype=dt) * 2
                opts = {"reduction": red}
                ign = None
                if "weight" in oname:
                    opts["weight"] = torch.rand(c, dtype=dt) + 0.1
                if "ignore2" in oname:
                    opts["ignore_index"] = 2
                    ign = 2
                if "ignore0" in oname:
                    opts["ignore_index"] = 0
                    ign = 0
                if oname.startswith("ls"):
                    opts["label_smoothing"] = 0.1 if oname == "ls01" else 0.25
                t = targets(tshape, c, ign)
                cases.append(case(f"ce_{sname}_{oname}_{red}_{tag}", "CrossEntropyLoss", opts, {"input": x, "target": t}, ["input"], seed=s))

# ---------------------------------------------------------------- CrossEntropyLoss, probability targets
for dt, tag in TAGS.items():
    for red in REDS:
        for sname, ishape, _ in SHAPES[:4]:
            c = n_classes(ishape)
            cdim = 0 if len(ishape) == 1 else 1
            for oname in ("plain", "weight", "ls02", "ls_weight"):
                s = seed()
                x = torch.randn(ishape, dtype=dt) * 2
                p = torch.softmax(torch.randn(ishape, dtype=dt), dim=cdim)
                opts = {"reduction": red}
                if "weight" in oname:
                    opts["weight"] = torch.rand(c, dtype=dt) + 0.1
                if oname.startswith("ls"):
                    opts["label_smoothing"] = 0.2
                cases.append(case(f"ce_probs_{sname}_{oname}_{red}_{tag}", "CrossEntropyLoss", opts, {"input": x, "target": p},
                                  ["input", "target"], seed=s))

# ---------------------------------------------------------------- PyTorch's own tricky cases (common_nn / test_nn)
for dt, tag in TAGS.items():
    for red in REDS:
        # CrossEntropy with label_smoothing=0.15 and ignore_index=1 on (2, 3, 5)
        s = seed()
        x = torch.randn(2, 3, 5, dtype=dt)
        t = torch.randint(0, 3, (2, 5))
        t[0, 1] = 1
        t[1, 3] = 1
        cases.append(case(f"ce_torch_ls015_ignore1_2x3x5_{red}_{tag}", "CrossEntropyLoss",
                          {"label_smoothing": 0.15, "ignore_index": 1, "reduction": red}, {"input": x, "target": t}, ["input"], seed=s))
        s = seed()
        cases.append(case(f"ce_torch_ls015_ignore1_weight_2x3x5_{red}_{tag}", "CrossEntropyLoss",
                          {"label_smoothing": 0.15, "ignore_index": 1, "reduction": red, "weight": torch.rand(3, dtype=dt) + 0.1},
                          {"input": x, "target": t}, ["input"], seed=s))
        # probability targets with weights on (5, 3, 4, 2)
        s = seed()
        x = torch.randn(5, 3, 4, 2, dtype=dt)
        p = torch.softmax(torch.randn(5, 3, 4, 2, dtype=dt), dim=1)
        cases.append(case(f"ce_torch_probs_weight_5x3x4x2_{red}_{tag}", "CrossEntropyLoss",
                          {"weight": torch.rand(3, dtype=dt), "reduction": red}, {"input": x, "target": p}, ["input", "target"], seed=s))
        # NLLLoss on (2, 3, 5, 5, 2, 2): four extra dimensions
        s = seed()
        x = torch.randn(2, 3, 5, 5, 2, 2, dtype=dt)
        t = torch.randint(0, 3, (2, 5, 5, 2, 2))
        cases.append(case(f"nll_torch_k4_2x3x5x5x2x2_{red}_{tag}", "NLLLoss", {"reduction": red}, {"input": x, "target": t}, ["input"], seed=s))
        s = seed()
        t2 = t.clone()
        t2[t2 == 2] = -1
        cases.append(case(f"nll_torch_k4_ignore_neg1_{red}_{tag}", "NLLLoss", {"reduction": red, "ignore_index": -1,
                                                                               "weight": torch.rand(3, dtype=dt) + 0.1},
                          {"input": x, "target": t2}, ["input"], seed=s))
        # every target ignored: mean -> nan, sum -> 0, none -> zeros; gradients are zero
        for extra, oname in (({}, "plain"), ({"label_smoothing": 0.2}, "ls02"), ({"weight": torch.rand(4, dtype=dt) + 0.1}, "weight")):
            s = seed()
            opts = dict(extra, reduction=red, ignore_index=3)
            cases.append(case(f"ce_all_ignored_{oname}_{red}_{tag}", "CrossEntropyLoss", opts,
                              {"input": torch.randn(3, 4, dtype=dt), "target": torch.tensor([3, 3, 3])}, ["input"], seed=s))
        s = seed()
        cases.append(case(f"nll_all_ignored_{red}_{tag}", "NLLLoss", {"reduction": red},
                          {"input": torch.randn(3, 4, dtype=dt), "target": torch.tensor([-100, -100, -100])}, ["input"], seed=s))
        # unbatched target equal to ignore_index
        s = seed()
        cases.append(case(f"ce_unbatched_ignored_{red}_{tag}", "CrossEntropyLoss", {"reduction": red, "ignore_index": 2},
                          {"input": torch.randn(4, dtype=dt), "target": torch.tensor(2)}, ["input"], seed=s))
        # large logits: +-1e4 must stay finite (log-sum-exp with the max subtracted)
        for oname, opts in (("plain", {}), ("ls01", {"label_smoothing": 0.1})):
            s = seed()
            x = torch.tensor([[1e4, -1e4, 0.0], [-1e4, -1e4, 1e4], [1e4, 1e4, -1e4], [0.0, 1e4, 3.0]], dtype=dt)
            cases.append(case(f"ce_large_logits_{oname}_{red}_{tag}", "CrossEntropyLoss", dict(opts, reduction=red),
                              {"input": x, "target": torch.tensor([0, 1, 2, 1])}, ["input"], seed=s))
        s = seed()
        x = torch.tensor([[1e4, -1e4, 0.0], [-1e4, -1e4, 1e4]], dtype=dt)
        p = torch.tensor([[1.0, 0.0, 0.0], [0.0, 0.5, 0.5]], dtype=dt)
        cases.append(case(f"ce_probs_large_logits_{red}_{tag}", "CrossEntropyLoss", {"reduction": red}, {"input": x, "target": p},
                          ["input", "target"], seed=s))
        # one-hot (exact 0/1) probability targets equal the class-index loss
        s = seed()
        x = torch.randn(3, 4, dtype=dt)
        cases.append(case(f"ce_probs_onehot_{red}_{tag}", "CrossEntropyLoss", {"reduction": red},
                          {"input": x, "target": torch.nn.functional.one_hot(torch.tensor([0, 3, 1]), 4).to(dt)}, ["input", "target"], seed=s))
        # empty batch: mean is nan, sum 0
        for oname, tgt in (("class", torch.zeros(0, dtype=torch.int64)), ("probs", torch.zeros(0, 3, dtype=dt))):
            s = seed()
            cases.append(case(f"ce_empty_batch_{oname}_{red}_{tag}", "CrossEntropyLoss", {"reduction": red},
                              {"input": torch.randn(0, 3, dtype=dt), "target": tgt}, ["input"], seed=s))
        s = seed()
        cases.append(case(f"ce_empty_batch_ls_{red}_{tag}", "CrossEntropyLoss", {"reduction": red, "label_smoothing": 0.3},
                          {"input": torch.randn(0, 3, dtype=dt), "target": torch.zeros(0, dtype=torch.int64)}, ["input"], seed=s))
        # label_smoothing = 1 (all smoothing) and a negative value (PyTorch treats it as 0, even in 2.x)
        for ls, oname in ((1.0, "ls1"), (-0.5, "ls_negative")):
            s = seed()
            cases.append(case(f"ce_{oname}_{red}_{tag}", "CrossEntropyLoss", {"reduction": red, "label_smoothing": ls},
                              {"input": torch.randn(3, 4, dtype=dt), "target": torch.tensor([0, 3, 1])}, ["input"], seed=s))
            s = seed()
            cases.append(case(f"ce_probs_{oname}_{red}_{tag}", "CrossEntropyLoss", {"reduction": red, "label_smoothing": ls},
                              {"input": torch.randn(3, 4, dtype=dt), "target": torch.softmax(torch.randn(3, 4, dtype=dt), 1)},
                              ["input", "target"], seed=s))
    # the weight of every present class is 0: 'mean' is 0/0 = nan and so is that column of the gradient
    s = seed()
    cases.append(case(f"nll_zero_total_weight_{tag}", "NLLLoss", {"weight": torch.tensor([1.0, 0.0, 1.0], dtype=dt)},
                      {"input": torch.randn(3, 3, dtype=dt), "target": torch.tensor([1, 1, 1])}, ["input"], seed=s))
    # probability target in float64 with a float32 input: the result is float64 (type promotion)
    if dt == torch.float32:
        s = seed()
        cases.append(case("ce_probs_f32_input_f64_target", "CrossEntropyLoss", {"weight": torch.rand(4) + 0.5},
                          {"input": torch.randn(3, 4), "target": torch.softmax(torch.randn(3, 4, dtype=torch.float64), 1)},
                          ["input", "target"], seed=s))
    # legacy size_average / reduce
    for legacy, oname in (({"size_average": False}, "size_average_false"), ({"reduce": False}, "reduce_false"),
                          ({"size_average": True, "reduce": True}, "both_true")):
        for loss in ("NLLLoss", "CrossEntropyLoss"):
            s = seed()
            x = torch.randn(4, 3, dtype=dt)
            cases.append(case(f"{loss.lower()}_legacy_{oname}_{tag}", loss, dict(legacy, weight=torch.rand(3, dtype=dt) + 0.1),
                              {"input": x, "target": torch.tensor([0, 2, 1, 2])}, ["input"], seed=s))
    # NLLLoss with a 1-d input and a 1-d target of the same length: PyTorch reads only target[0]
    s = seed()
    cases.append(case(f"nll_unbatched_1d_target_{tag}", "NLLLoss", {"reduction": "none"},
                      {"input": torch.randn(5, dtype=dt), "target": torch.tensor([3, 0, 1, 4, 2])}, ["input"], seed=s))

# ---------------------------------------------------------------- errors (PyTorch must fail too)
x35 = torch.randn(3, 5)
IOOB, IAE = "IndexOutOfBoundsException", "IllegalArgumentException"
E = [
    ("nll_err_target_out_of_bounds", "NLLLoss", {}, {"input": x35, "target": torch.tensor([1, 0, 7])}, IOOB, "Target 7 is out of bounds."),
    ("nll_err_negative_target", "NLLLoss", {}, {"input": x35, "target": torch.tensor([1, -5, 2])}, IOOB, "Target -5 is out of bounds."),
    ("nll_err_negative_target_not_ignored", "NLLLoss", {"ignore_index": -2}, {"input": x35, "target": torch.tensor([1, -1, 2])}, IOOB,
     "Target -1 is out of bounds."),
    ("nll_err_k2_out_of_bounds", "NLLLoss", {}, {"input": torch.randn(2, 3, 2, 2), "target": torch.tensor([[[0, 1], [2, 3]], [[0, 0], [0, 0]]])},
     IOOB, "Target 3 is out of bounds."),
    ("nll_err_k1_out_of_bounds", "NLLLoss", {}, {"input": torch.randn(2, 3, 2), "target": torch.tensor([[0, 1], [5, 0]])}, IOOB,
     "Target 5 is out of bounds."),
    ("nll_err_unbatched_out_of_bounds", "NLLLoss", {}, {"input": torch.randn(5), "target": torch.tensor(5)}, IOOB, "Target 5 is out of bounds."),
    ("ce_err_target_out_of_bounds", "CrossEntropyLoss", {}, {"input": x35, "target": torch.tensor([1, 0, 7])}, IOOB, "Target 7 is out of bounds."),
    ("ce_err_negative_target_ls", "CrossEntropyLoss", {"label_smoothing": 0.1}, {"input": x35, "target": torch.tensor([1, 0, -1])}, IOOB,
     "Target -1 is out of bounds."),
    ("ce_err_no_classes", "CrossEntropyLoss", {}, {"input": torch.randn(3, 0), "target": torch.tensor([0, 0, 0])}, IOOB,
     "Target 0 is out of bounds."),
    ("nll_err_batch_mismatch", "NLLLoss", {}, {"input": x35, "target": torch.tensor([1, 0])}, IAE,
     "Expected input batch_size (3) to match target batch_size (2)."),
    ("ce_err_batch_mismatch", "CrossEntropyLoss", {}, {"input": x35, "target": torch.tensor([1, 0])}, IAE,
     "Expected input batch_size (3) to match target batch_size (2)."),
    ("ce_err_batch_mismatch_ls", "CrossEntropyLoss", {"label_smoothing": 0.1}, {"input": x35, "target": torch.tensor([1, 0])}, IAE,
     "Expected input batch_size (3) to match target batch_size (2)."),
    ("ce_err_batch_mismatch_k1", "CrossEntropyLoss", {}, {"input": torch.randn(3, 5, 2), "target": torch.zeros(2, 2, dtype=torch.int64)}, IAE,
     "Expected input batch_size (3) to match target batch_size (2)."),
    ("nll_err_scalar_target_for_batch", "NLLLoss", {}, {"input": x35, "target": torch.tensor(1)}, IAE,
     "Expected input batch_size (3) to match target batch_size (0)."),
    ("nll_err_weight_length", "NLLLoss", {"weight": torch.ones(4)}, {"input": x35, "target": torch.tensor([1, 0, 4])}, IAE,
     "weight tensor should be defined either for all 5 classes or no classes but got weight tensor of shape: [4]"),
    ("nll_err_weight_2d", "NLLLoss", {"weight": torch.ones(5, 1)}, {"input": x35, "target": torch.tensor([1, 0, 4])}, IAE,
     "weight tensor should be defined either for all 5 classes or no classes but got weight tensor of shape: [5, 1]"),
    ("ce_err_weight_length", "CrossEntropyLoss", {"weight": torch.ones(4)}, {"input": x35, "target": torch.tensor([1, 0, 4])}, IAE,
     "weight tensor should be defined either for all 5 classes or no classes but got weight tensor of shape: [4]"),
    ("ce_err_weight_length_ls", "CrossEntropyLoss", {"weight": torch.ones(4), "label_smoothing": 0.2},
     {"input": x35, "target": torch.tensor([1, 0, 4])}, IAE,
     "weight tensor should be defined either for all 5 classes or no classes but got weight tensor of shape: [4]"),
    ("ce_err_weight_length_probs", "CrossEntropyLoss", {"weight": torch.ones(4)}, {"input": x35, "target": torch.softmax(x35, 1)}, IAE,
     "cross_entropy: weight tensor should be defined either for all 5 classes or no classes but got weight tensor of shape: [4]"),
    ("ce_err_weight_length_k1", "CrossEntropyLoss", {"weight": torch.ones(4)}, {"input": torch.randn(2, 3, 4), "target": torch.zeros(2, 4, dtype=torch.int64)},
     IAE, "weight tensor should be defined either for all or no classes"),
    ("nll_err_weight_length_k2", "NLLLoss", {"weight": torch.ones(2)}, {"input": torch.randn(2, 3, 4, 5), "target": torch.zeros(2, 4, 5, dtype=torch.int64)},
     IAE, "weight tensor should be defined either for all or no classes"),
    ("nll_err_weight_dtype", "NLLLoss", {"weight": torch.ones(5, dtype=torch.float64)}, {"input": x35, "target": torch.tensor([1, 0, 4])}, IAE,
     "expected scalar type Float but found Double"),
    ("ce_err_ls_above_one", "CrossEntropyLoss", {"label_smoothing": 1.5}, {"input": x35, "target": torch.tensor([1, 0, 4])}, IAE,
     "label_smoothing must be between 0.0 and 1.0. Got: 1.5"),
    ("ce_err_ls_two", "CrossEntropyLoss", {"label_smoothing": 2.0}, {"input": x35, "target": torch.tensor([1, 0, 4])}, IAE,
     "label_smoothing must be between 0.0 and 1.0. Got: 2"),
    ("ce_err_ls_above_one_probs", "CrossEntropyLoss", {"label_smoothing": 1.5}, {"input": x35, "target": torch.softmax(x35, 1)}, IAE,
     "label_smoothing must be between 0.0 and 1.0. Got: 1.5"),
    ("ce_err_float_target_wrong_shape", "CrossEntropyLoss", {}, {"input": x35, "target": torch.tensor([1.0, 0.0, 4.0])}, IAE,
     "expected scalar type Long but found Float"),
    ("ce_err_float_target_2d_wrong_shape", "CrossEntropyLoss", {}, {"input": x35, "target": torch.rand(3, 4)}, IAE,
     "0D or 1D target tensor expected, multi-target not supported"),
    ("ce_err_long_target_same_shape", "CrossEntropyLoss", {}, {"input": x35, "target": torch.zeros(3, 5, dtype=torch.int64)}, IAE,
     "Expected floating point type for target with class probabilities, got Long"),
    ("ce_err_bool_target_same_shape", "CrossEntropyLoss", {}, {"input": x35, "target": torch.zeros(3, 5, dtype=torch.bool)}, IAE,
     "Expected floating point type for target with class probabilities, got Bool"),
    ("ce_err_probs_ignore_index", "CrossEntropyLoss", {"ignore_index": 1}, {"input": x35, "target": torch.softmax(x35, 1)}, IAE,
     "ignore_index is not supported for floating point target"),
    ("ce_err_probs_ignore_index_zero", "CrossEntropyLoss", {"ignore_index": 0}, {"input": x35, "target": torch.softmax(x35, 1)}, IAE,
     "ignore_index is not supported for floating point target"),
    ("nll_err_float_target", "NLLLoss", {}, {"input": x35, "target": torch.tensor([1.0, 0.0, 4.0])}, IAE, "expected scalar type Long but found Float"),
    ("nll_err_bool_target", "NLLLoss", {}, {"input": x35, "target": torch.tensor([True, False, True])}, IAE, "expected scalar type Long but found Bool"),
    ("nll_err_float_target_k2", "NLLLoss", {}, {"input": torch.randn(2, 3, 4, 5), "target": torch.zeros(2, 4, 5)}, IAE,
     "expected scalar type Long but found Float"),
    ("nll_err_0d_input", "NLLLoss", {}, {"input": torch.tensor(1.0), "target": torch.tensor(1)}, IAE, "Expected 1 or more dimensions (got 0)"),
    ("nll_err_2d_target", "NLLLoss", {}, {"input": x35, "target": torch.tensor([[1, 2, 3], [0, 0, 0], [1, 1, 1]])}, IAE,
     "0D or 1D target tensor expected, multi-target not supported"),
    ("nll_err_unbatched_size_mismatch", "NLLLoss", {}, {"input": torch.randn(5), "target": torch.tensor([1])}, IAE,
     "size mismatch (got input: [5], target: [1])"),
    ("ce_err_unbatched_size_mismatch", "CrossEntropyLoss", {}, {"input": torch.randn(3), "target": torch.tensor([1])}, IAE,
     "size mismatch (got input: [3], target: [1])"),
    ("nll_err_k1_target_size", "NLLLoss", {}, {"input": torch.randn(2, 3, 4), "target": torch.zeros(2, 3, dtype=torch.int64)}, IAE,
     "Expected target size [2, 4], got [2, 3]"),
    ("nll_err_k3_target_size", "NLLLoss", {}, {"input": torch.randn(2, 3, 4, 5, 6), "target": torch.zeros(2, 4, 5, dtype=torch.int64)}, IAE,
     "Expected target size [2, 4, 5, 6], got [2, 4, 5]"),
    ("nll_err_k2_target_dims", "NLLLoss", {}, {"input": torch.randn(2, 3, 4, 5), "target": torch.zeros(2, 4, dtype=torch.int64)}, IAE,
     "only batches of spatial targets supported (3D tensors) but got targets of dimension: 2"),
    ("nll_err_k2_size_mismatch", "NLLLoss", {}, {"input": torch.randn(2, 3, 4, 5), "target": torch.zeros(2, 4, 4, dtype=torch.int64)}, IAE,
     "size mismatch (got input: [2, 3, 4, 5] , target: [2, 4, 4]"),
    ("nll_err_long_input", "NLLLoss", {}, {"input": torch.zeros(3, 5, dtype=torch.int64), "target": torch.tensor([1, 0, 4])}, IAE,
     "\"nll_loss_out_frame\" not implemented for 'Long'"),
    ("ce_err_long_input", "CrossEntropyLoss", {}, {"input": torch.zeros(3, 5, dtype=torch.int64), "target": torch.tensor([1, 0, 4])}, IAE,
     "\"log_softmax_lastdim_kernel_impl\" not implemented for 'Long'"),
    ("ce_err_0d_input_probs", "CrossEntropyLoss", {}, {"input": torch.tensor(1.0), "target": torch.tensor(1.0)}, IOOB,
     "Dimension specified as 1 but tensor has no dimensions"),
    ("ce_err_0d_input_class", "CrossEntropyLoss", {}, {"input": torch.tensor(1.0), "target": torch.tensor([1, 2])}, IOOB,
     "Dimension out of range (expected to be in range of [-1, 0], but got 1)"),
    ("nll_err_bad_reduction", "NLLLoss", {"reduction": "avg"}, {"input": x35, "target": torch.tensor([1, 0, 4])}, IAE,
     "avg is not a valid value for reduction"),
    ("ce_err_bad_reduction", "CrossEntropyLoss", {"reduction": "batchmean"}, {"input": x35, "target": torch.tensor([1, 0, 4])}, IAE,
     "batchmean is not a valid value for reduction"),
    ("ce_err_unknown_keyword", "CrossEntropyLoss", {"smoothing": 0.1}, {"input": x35, "target": torch.tensor([1, 0, 4])}, IAE,
     "got an unexpected keyword argument 'smoothing'"),
]
for name, loss, opts, args, typ, msg in E:
    c = error_case(name, loss, opts, args, typ, msg)
    # our message must be PyTorch's own (a substring of it)
    try:
        getattr(torch.nn, loss)(**opts)(*args.values())
    except Exception as e:  # noqa: BLE001
        assert msg in str(e), f"{name}: PyTorch says {e!r}, not {msg!r}"
    cases.append(c)

write("classification.json", cases)
