"""Segmentation loss fixtures: MONAI's DiceLoss and TverskyLoss (monai.losses, as MONAI 1.4 defines them), written
below with PyTorch ops step by step as MONAI computes them, and differentiated by PyTorch's autograd (PyTorch 1.13
as the oracle; MONAI itself is not needed).

The definitions follow MONAI 1.4 (before 1.5's soft-label rewrite of the sums) with one deliberate difference, the
contract of this library: DiceLoss with reduction='none' returns (N, C') (or (C',) with batch), as TverskyLoss does,
where MONAI 1.4 views it as (N, C', 1, ..., 1). MONAI's `other_act` (a callable) and DiceLoss's class `weight` are not
part of the contract.

Each case records the warnings MONAI issues (single-channel prediction with softmax / to_onehot_y /
include_background=False) under "warnings"; the golden tests ignore the field, SegmentationLossTest checks it.
"""
import warnings

import torch

from losscase import case, error_case, write

cases = []
DTS = ((torch.float32, "f32"), (torch.float64, "f64"))
REDS = ("none", "mean", "sum")


def _reduction(reduction):
    # MONAI's LossReduction(reduction): a StrEnum of none / mean / sum
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"{reduction!r} is not a valid LossReduction")
    return reduction


def _one_hot(labels, num_classes):
    """MONAI's networks.one_hot(labels, num_classes, dtype=torch.float, dim=1)."""
    if labels.ndim < 2:
        labels = labels.reshape(list(labels.shape) + [1] * (2 - labels.ndim))
    shape = list(labels.shape)
    if shape[1] != 1:
        raise AssertionError("labels should have a channel with length equal to one.")
    shape[1] = num_classes
    return torch.zeros(shape, dtype=torch.float).scatter_(1, labels.long(), 1)


class _Overlap(torch.nn.Module):
    """The steps DiceLoss and TverskyLoss share in MONAI: activation, one-hot, background removal, shape check."""

    differing = "different"

    def __init__(self, include_background, to_onehot_y, sigmoid, softmax, reduction, smooth_nr, smooth_dr, batch):
        super().__init__()
        self.reduction = _reduction(reduction)
        if int(sigmoid) + int(softmax) > 1:
            raise ValueError("Incompatible values: more than 1 of [sigmoid=True, softmax=True, other_act is not None].")
        self.include_background = include_background
        self.to_onehot_y = to_onehot_y
        self.sigmoid = sigmoid
        self.softmax = softmax
        self.smooth_nr = float(smooth_nr)
        self.smooth_dr = float(smooth_dr)
        self.batch = batch

    def prepare(self, input, target):
        if self.sigmoid:
            input = torch.sigmoid(input)
        n_pred_ch = input.shape[1]
        if self.softmax:
            if n_pred_ch == 1:
                warnings.warn("single channel prediction, `softmax=True` ignored.")
            else:
                input = torch.softmax(input, 1)
        if self.to_onehot_y:
            if n_pred_ch == 1:
                warnings.warn("single channel prediction, `to_onehot_y=True` ignored.")
            else:
                target = _one_hot(target, num_classes=n_pred_ch)
        if not self.include_background:
            if n_pred_ch == 1:
                warnings.warn("single channel prediction, `include_background=False` ignored.")
            else:
                target = target[:, 1:]
                input = input[:, 1:]
        if target.shape != input.shape:
            raise AssertionError(f"ground truth has {self.differing} shape ({target.shape}) from input ({input.shape})")
        reduce_axis = torch.arange(2, len(input.shape)).tolist()
        if self.batch:
            reduce_axis = [0] + reduce_axis
        return input, target, reduce_axis

    def reduce(self, f):
        if self.reduction == "mean":
            return torch.mean(f)
        if self.reduction == "sum":
            return torch.sum(f)
        return f


class DiceLoss(_Overlap):
    def __init__(self, include_background=True, to_onehot_y=False, sigmoid=False, softmax=False, squared_pred=False, jaccard=False,
                 reduction="mean", smooth_nr=1e-5, smooth_dr=1e-5, batch=False):
        super().__init__(include_background, to_onehot_y, sigmoid, softmax, reduction, smooth_nr, smooth_dr, batch)
        self.squared_pred = squared_pred
        self.jaccard = jaccard

    def forward(self, input, target):
        input, target, reduce_axis = self.prepare(input, target)
        intersection = torch.sum(target * input, dim=reduce_axis)
        if self.squared_pred:
            ground_o = torch.sum(target ** 2, dim=reduce_axis)
            pred_o = torch.sum(input ** 2, dim=reduce_axis)
        else:
            ground_o = torch.sum(target, dim=reduce_axis)
            pred_o = torch.sum(input, dim=reduce_axis)
        denominator = ground_o + pred_o
        if self.jaccard:
            denominator = 2.0 * (denominator - intersection)
        f = 1.0 - (2.0 * intersection + self.smooth_nr) / (denominator + self.smooth_dr)
        return self.reduce(f)


class TverskyLoss(_Overlap):
    differing = "differing"

    def __init__(self, include_background=True, to_onehot_y=False, sigmoid=False, softmax=False, alpha=0.5, beta=0.5,
                 reduction="mean", smooth_nr=1e-5, smooth_dr=1e-5, batch=False):
        super().__init__(include_background, to_onehot_y, sigmoid, softmax, reduction, smooth_nr, smooth_dr, batch)
        self.alpha = alpha
        self.beta = beta

    def forward(self, input, target):
        input, target, reduce_axis = self.prepare(input, target)
        p0 = input
        p1 = 1 - p0
        g0 = target
        g1 = 1 - g0
        tp = torch.sum(p0 * g0, reduce_axis)
        fp = self.alpha * torch.sum(p0 * g1, reduce_axis)
        fn = self.beta * torch.sum(p1 * g0, reduce_axis)
        numerator = tp + self.smooth_nr
        denominator = tp + fp + fn + self.smooth_dr
        score = 1.0 - numerator / denominator
        return self.reduce(score)


# losscase builds a loss by its class name in torch.nn: the two definitions are registered there, for this process only
torch.nn.DiceLoss = DiceLoss
torch.nn.TverskyLoss = TverskyLoss


def seed():
    torch.manual_seed(5000 + len(cases))
    return len(cases)


def add(name, loss, options, args, rg=("input",)):
    s = seed()
    with warnings.catch_warnings(record=True) as ws:
        warnings.simplefilter("always")
        c = case(name, loss, options, args, list(rg), seed=s)
    c["warnings"] = [str(w.message) for w in ws]
    cases.append(c)


def err(name, loss, options, args, exc_type, message):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cases.append(error_case(name, loss, options, args, exc_type, message))


def labels(n, c, *spatial):
    return torch.randint(0, c, (n, 1) + tuple(spatial))


def onehot(n, c, *spatial, dtype=torch.float32):
    return _one_hot(labels(n, c, *spatial), c).to(dtype)


def scores(act, shape, dtype):
    """Probabilities for no activation (rand), logits (randn * 2) for sigmoid / softmax."""
    return torch.rand(shape, dtype=dtype) if act == "none" else torch.randn(shape, dtype=dtype) * 2


ACTS = {"none": {}, "sigmoid": {"sigmoid": True}, "softmax": {"softmax": True}}

# ---------------------------------------------------------------- the option grid, both losses
for loss, tag0 in (("DiceLoss", "dice"), ("TverskyLoss", "tversky")):
    for dt, tag in DTS:
        i = 0
        for act, aopt in ACTS.items():
            for bg in (True, False):
                for oh in (False, True):
                    for batch in (False, True):
                        red = REDS[i % 3]
                        i += 1
                        seed()
                        x = scores(act, (2, 3, 4, 5), dt)
                        y = labels(2, 3, 4, 5) if oh else onehot(2, 3, 4, 5, dtype=dt)
                        opts = dict(aopt, include_background=bg, to_onehot_y=oh, batch=batch, reduction=red)
                        add(f"{tag0}_{act}_bg{int(bg)}_oh{int(oh)}_batch{int(batch)}_{red}_{tag}", loss, opts, {"input": x, "target": y})
        # every reduction on the defaults, soft targets, other shapes
        for red in REDS:
            seed()
            add(f"{tag0}_default_{red}_{tag}", loss, {"reduction": red},
                {"input": torch.rand(3, 2, 6, dtype=dt), "target": torch.rand(3, 2, 6, dtype=dt)})
            add(f"{tag0}_3d_softmax_{red}_{tag}", loss, {"softmax": True, "to_onehot_y": True, "reduction": red},
                {"input": torch.randn(2, 4, 3, 2, 5, dtype=dt), "target": labels(2, 4, 3, 2, 5)})
            add(f"{tag0}_2d_input_{red}_{tag}", loss, {"reduction": red},
                {"input": torch.rand(5, 3, dtype=dt), "target": torch.rand(5, 3, dtype=dt)})
            add(f"{tag0}_2d_input_batch_{red}_{tag}", loss, {"reduction": red, "batch": True, "sigmoid": True},
                {"input": torch.randn(5, 3, dtype=dt), "target": torch.rand(5, 3, dtype=dt)})
            add(f"{tag0}_2d_input_onehot_{red}_{tag}", loss, {"reduction": red, "softmax": True, "to_onehot_y": True, "include_background": False},
                {"input": torch.randn(6, 4, dtype=dt), "target": torch.randint(0, 4, (6,))})
        seed()
        add(f"{tag0}_smooth_custom_{tag}", loss, {"smooth_nr": 0.0, "smooth_dr": 1.0, "sigmoid": True, "reduction": "none"},
            {"input": torch.randn(2, 2, 3, 3, dtype=dt), "target": onehot(2, 2, 3, 3, dtype=dt)})
        add(f"{tag0}_smooth_large_{tag}", loss, {"smooth_nr": 2.5, "smooth_dr": 0.5, "softmax": True, "to_onehot_y": True},
            {"input": torch.randn(2, 3, 3, 3, dtype=dt), "target": labels(2, 3, 3, 3)})
        # an empty class in a sample: its terms are smooth_nr / smooth_dr
        y = torch.zeros(2, 1, 4, 4, dtype=torch.long)
        y[1, 0, :2] = 2
        add(f"{tag0}_absent_class_none_{tag}", loss, {"softmax": True, "to_onehot_y": True, "reduction": "none"},
            {"input": torch.randn(2, 3, 4, 4, dtype=dt), "target": y})
        # single channel: softmax / to_onehot_y / include_background=False are warned about and ignored
        add(f"{tag0}_single_channel_softmax_{tag}", loss, {"softmax": True, "reduction": "none"},
            {"input": torch.rand(3, 1, 4, 4, dtype=dt), "target": torch.randint(0, 2, (3, 1, 4, 4)).to(dt)})
        add(f"{tag0}_single_channel_all_warnings_{tag}", loss,
            {"softmax": True, "to_onehot_y": True, "include_background": False, "reduction": "sum"},
            {"input": torch.rand(3, 1, 5, dtype=dt), "target": torch.randint(0, 2, (3, 1, 5)).to(dt)})
        add(f"{tag0}_single_channel_sigmoid_nobg_{tag}", loss, {"sigmoid": True, "include_background": False},
            {"input": torch.randn(2, 1, 3, 3, dtype=dt), "target": torch.randint(0, 2, (2, 1, 3, 3)).to(dt)})
        # class indices given as floats: MONAI's labels.long() truncates toward zero
        add(f"{tag0}_float_labels_{tag}", loss, {"softmax": True, "to_onehot_y": True, "reduction": "none"},
            {"input": torch.randn(2, 3, 5, dtype=dt), "target": torch.tensor([[[0., 1.7, 2.2, 0.9, 2.]], [[1., 1., 0., 2.99, 0.]]], dtype=dt)})
        # an int64 one-hot target without to_onehot_y (multiplies as the input's dtype)
        add(f"{tag0}_int_target_{tag}", loss, {"sigmoid": True}, {"input": torch.randn(2, 3, 4, dtype=dt), "target": torch.randint(0, 2, (2, 3, 4))})
        # empty batch: 'mean' of no values is nan; with batch every sum is 0
        for red in REDS:
            add(f"{tag0}_empty_batch_{red}_{tag}", loss, {"softmax": True, "reduction": red},
                {"input": torch.randn(0, 3, 4, dtype=dt), "target": torch.rand(0, 3, 4, dtype=dt)})
        add(f"{tag0}_empty_batch_batch_{tag}", loss, {"batch": True, "reduction": "none"},
            {"input": torch.rand(0, 3, 4, dtype=dt), "target": torch.rand(0, 3, 4, dtype=dt)})
        add(f"{tag0}_empty_spatial_{tag}", loss, {"sigmoid": True, "reduction": "none"},
            {"input": torch.randn(2, 2, 0, dtype=dt), "target": torch.rand(2, 2, 0, dtype=dt)})
        # non-finite logits: the softmax of a position with nan or inf is nan at every channel, and so is its sample
        x = torch.randn(2, 3, 4, dtype=dt)
        x[0, 1, 2] = float("nan")
        x[1, 0, 1] = float("inf")
        add(f"{tag0}_nonfinite_softmax_none_{tag}", loss, {"softmax": True, "reduction": "none"}, {"input": x, "target": onehot(2, 3, 4, dtype=dt)})
        add(f"{tag0}_nonfinite_softmax_batch_{tag}", loss, {"softmax": True, "batch": True, "reduction": "none"},
            {"input": x, "target": onehot(2, 3, 4, dtype=dt)})
        xs = torch.tensor([[[30., -30., float("inf"), float("-inf"), 0.]], [[100., -100., 1., -1., 0.5]]], dtype=dt)
        add(f"{tag0}_large_logits_sigmoid_{tag}", loss, {"sigmoid": True, "reduction": "none"},
            {"input": xs, "target": torch.tensor([[[1., 0., 1., 0., 1.]], [[0., 1., 1., 1., 0.]]], dtype=dt)})
        xm = torch.randn(2, 3, 4, dtype=dt)
        xm[0, :, 1] = float("-inf")
        xm[1, 2, 3] = float("-inf")
        add(f"{tag0}_minus_inf_softmax_{tag}", loss, {"softmax": True, "to_onehot_y": True, "reduction": "none"},
            {"input": xm, "target": labels(2, 3, 4)})
    # a float32 input with a float64 target: the sums and the loss in float64
    seed()
    add(f"{tag0}_input_f32_target_f64", loss, {"softmax": True, "reduction": "none"},
        {"input": torch.randn(2, 3, 4, 4), "target": onehot(2, 3, 4, 4, dtype=torch.float64)})
    add(f"{tag0}_input_f32_target_f64_mean", loss, {"sigmoid": True},
        {"input": torch.randn(2, 3, 4, 4), "target": torch.rand(2, 3, 4, 4, dtype=torch.float64)})
    add(f"{tag0}_input_f64_onehot", loss, {"softmax": True, "to_onehot_y": True},
        {"input": torch.randn(2, 3, 4, 4, dtype=torch.float64), "target": labels(2, 3, 4, 4)})
    # two tiles per sample (1024 positions, then 6)
    seed()
    add(f"{tag0}_softmax_onehot_2x3x1030", loss, {"softmax": True, "to_onehot_y": True, "include_background": False, "reduction": "none"},
        {"input": torch.randn(2, 3, 1030), "target": labels(2, 3, 1030)})

# ---------------------------------------------------------------- Dice's own options
for dt, tag in DTS:
    for sq in (False, True):
        for jac in (False, True):
            for act, aopt in ACTS.items():
                for red in REDS:
                    seed()
                    opts = dict(aopt, squared_pred=sq, jaccard=jac, reduction=red)
                    add(f"dice_sq{int(sq)}_jac{int(jac)}_{act}_{red}_{tag}", "DiceLoss", opts,
                        {"input": scores(act, (2, 3, 3, 4), dt), "target": torch.rand(2, 3, 3, 4, dtype=dt)})
    seed()
    add(f"dice_sq_jac_onehot_batch_nobg_{tag}", "DiceLoss",
        {"squared_pred": True, "jaccard": True, "softmax": True, "to_onehot_y": True, "batch": True, "include_background": False, "reduction": "none"},
        {"input": torch.randn(3, 4, 5, 2, dtype=dt), "target": labels(3, 4, 5, 2)})
    add(f"dice_perfect_prediction_{tag}", "DiceLoss", {"reduction": "none"},
        {"input": onehot(2, 3, 4, dtype=dt), "target": onehot(2, 3, 4, dtype=dt)})
    # a bool mask as the target (Dice only: Tversky's 1 - target refuses bool)
    add(f"dice_bool_target_{tag}", "DiceLoss", {"sigmoid": True, "reduction": "none"},
        {"input": torch.randn(2, 2, 5, dtype=dt), "target": torch.rand(2, 2, 5) > 0.5})

# ---------------------------------------------------------------- Tversky's own options
for dt, tag in DTS:
    for a, b in ((0.3, 0.7), (0.7, 0.3), (1.0, 1.0), (0.0, 0.0), (2.0, 0.5), (-0.5, 1.5)):
        for act in ("none", "softmax"):
            seed()
            add(f"tversky_a{a}_b{b}_{act}_{tag}", "TverskyLoss", dict(ACTS[act], alpha=a, beta=b, reduction="none"),
                {"input": scores(act, (2, 3, 3, 4), dt), "target": onehot(2, 3, 3, 4, dtype=dt)})
    seed()
    add(f"tversky_soft_target_batch_sum_{tag}", "TverskyLoss", {"alpha": 0.2, "beta": 0.8, "batch": True, "reduction": "sum", "sigmoid": True},
        {"input": torch.randn(3, 2, 5, dtype=dt), "target": torch.rand(3, 2, 5, dtype=dt)})

# ---------------------------------------------------------------- errors, with MONAI's (and PyTorch's) messages
for loss, tag0, word in (("DiceLoss", "dice", "different"), ("TverskyLoss", "tversky", "differing")):
    err(f"{tag0}_err_sigmoid_and_softmax", loss, {"sigmoid": True, "softmax": True}, {"input": torch.randn(2, 3, 4), "target": torch.rand(2, 3, 4)},
        "IllegalArgumentException", "Incompatible values: more than 1 of [sigmoid=True, softmax=True, other_act is not None].")
    err(f"{tag0}_err_shape", loss, {}, {"input": torch.rand(2, 3, 4, 4), "target": torch.rand(2, 3, 4, 5)}, "IllegalArgumentException",
        f"ground truth has {word} shape (torch.Size([2, 3, 4, 5])) from input (torch.Size([2, 3, 4, 4]))")
    err(f"{tag0}_err_shape_after_background", loss, {"include_background": False},
        {"input": torch.rand(2, 3, 4), "target": torch.rand(2, 1, 4)}, "IllegalArgumentException",
        f"ground truth has {word} shape (torch.Size([2, 0, 4])) from input (torch.Size([2, 2, 4]))")
    err(f"{tag0}_err_labels_without_onehot", loss, {"softmax": True}, {"input": torch.randn(2, 3, 4), "target": torch.randint(0, 3, (2, 1, 4))},
        "IllegalArgumentException", f"ground truth has {word} shape (torch.Size([2, 1, 4])) from input (torch.Size([2, 3, 4]))")
    err(f"{tag0}_err_onehot_target_channels", loss, {"to_onehot_y": True}, {"input": torch.rand(2, 3, 4), "target": torch.rand(2, 3, 4)},
        "IllegalArgumentException", "labels should have a channel with length equal to one.")
    err(f"{tag0}_err_onehot_spatial", loss, {"to_onehot_y": True}, {"input": torch.rand(2, 3, 4), "target": torch.randint(0, 3, (2, 1, 5))},
        "IllegalArgumentException", f"ground truth has {word} shape (torch.Size([2, 3, 5])) from input (torch.Size([2, 3, 4]))")
    err(f"{tag0}_err_label_too_large", loss, {"to_onehot_y": True, "softmax": True},
        {"input": torch.randn(2, 3, 4), "target": torch.tensor([[[0, 1, 3, 2]], [[0, 0, 0, 0]]])},
        "IndexOutOfBoundsException", "index 3 is out of bounds for dimension 1 with size 3")
    err(f"{tag0}_err_label_negative", loss, {"to_onehot_y": True}, {"input": torch.rand(2, 3, 4), "target": torch.tensor([[[0, 1, -1, 2]], [[0, 0, 0, 0]]])},
        "IndexOutOfBoundsException", "index -1 is out of bounds for dimension 1 with size 3")
    err(f"{tag0}_err_reduction", loss, {"reduction": "avg"}, {"input": torch.rand(2, 3, 4), "target": torch.rand(2, 3, 4)},
        "IllegalArgumentException", "'avg' is not a valid LossReduction")
    err(f"{tag0}_err_reduction_batchmean", loss, {"reduction": "batchmean"}, {"input": torch.rand(2, 3, 4), "target": torch.rand(2, 3, 4)},
        "IllegalArgumentException", "'batchmean' is not a valid LossReduction")
    err(f"{tag0}_err_1d_input", loss, {}, {"input": torch.rand(4), "target": torch.rand(4)}, "IndexOutOfBoundsException", "tuple index out of range")
    err(f"{tag0}_err_long_input", loss, {"softmax": True}, {"input": torch.randint(0, 3, (2, 3, 4)), "target": torch.rand(2, 3, 4)},
        "IllegalArgumentException", "not implemented for 'Long'")
err("tversky_err_bool_target", "TverskyLoss", {}, {"input": torch.rand(2, 3, 4), "target": torch.rand(2, 3, 4) > 0.5}, "IllegalArgumentException",
    "Subtraction, the `-` operator, with a bool tensor is not supported.")

write("segmentation.json", cases)
