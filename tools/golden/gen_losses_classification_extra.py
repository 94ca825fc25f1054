"""FocalLoss, PolyLoss and CategoricalHingeLoss fixtures (golden/losses/classification_extra.json).

None of the three is in torch.nn: each is defined below with PyTorch ops, as a Python user writes it, and PyTorch's
autograd differentiates that definition (its kinks and non-finite values included):
  - FocalLoss: the softmax focal loss of Lin et al. (ICCV 2017) with CrossEntropyLoss's weight, ignore_index and
    'mean' over the total weight of the counted targets;
  - PolyLoss: Poly-1 of Leng et al. (ICLR 2022), CE(label_smoothing) + epsilon (1 - p_t), p_t against the
    label-smoothed one-hot target, ignored targets 0, 'mean' over the counted targets;
  - CategoricalHingeLoss: keras.losses.categorical_hinge (target cast to the input's dtype, amax, torch.maximum).
The option checks the Java classes make (gamma >= 0, reduction, shapes, a floating input for the hinge) are made here
too, so each error case fails in PyTorch as well.

Run from tools/golden with /usr/bin/python3 (torch 1.13):  cd tools/golden && /usr/bin/python3 gen_losses_classification_extra.py
"""
import math

import torch
import torch.nn.functional as F

from losscase import case, error_case, write

torch.set_num_threads(1)
REDUCTIONS = ("none", "mean", "sum")


def check_reduction(reduction):
    if reduction not in REDUCTIONS:
        raise ValueError(f"{reduction} is not a valid value for reduction")


class FocalLoss(torch.nn.Module):
    def __init__(self, weight=None, gamma=2.0, ignore_index=-100, reduction="mean"):
        super().__init__()
        check_reduction(reduction)
        if not gamma >= 0:
            raise ValueError(f"gamma must be non-negative, got {float(gamma)}")
        self.weight, self.gamma, self.ignore_index, self.reduction = weight, gamma, ignore_index, reduction

    def forward(self, input, target):
        cdim = 0 if input.dim() == 1 else 1
        logp = F.log_softmax(input, dim=cdim)
        # nll_loss checks the target as cross_entropy does and gives -w_y log p_y, 0 for an ignored target
        nll = F.nll_loss(logp, target, weight=self.weight, ignore_index=self.ignore_index, reduction="none")
        valid = target != self.ignore_index
        t = torch.where(valid, target, torch.zeros_like(target))
        logpt = logp.gather(cdim, t.unsqueeze(cdim)).squeeze(cdim)
        # an ignored target adds exactly 0, also where its logits are not finite (nll is 0 there, the focal term NaN)
        loss = torch.where(valid, (1 - logpt.exp()) ** self.gamma * nll, torch.zeros_like(nll))
        if self.reduction == "none":
            return loss
        if self.reduction == "sum":
            return loss.sum()
        w = self.weight[t] if self.weight is not None else torch.ones_like(logpt)
        return loss.sum() / torch.where(valid, w, torch.zeros_like(w)).sum()


class PolyLoss(torch.nn.Module):
    def __init__(self, epsilon=1.0, ignore_index=-100, label_smoothing=0.0, reduction="mean"):
        super().__init__()
        check_reduction(reduction)
        self.epsilon, self.ignore_index, self.label_smoothing, self.reduction = epsilon, ignore_index, label_smoothing, reduction

    def forward(self, input, target):
        cdim = 0 if input.dim() == 1 else 1
        ce = F.cross_entropy(input, target, ignore_index=self.ignore_index, label_smoothing=self.label_smoothing, reduction="none")
        e = max(self.label_smoothing, 0.0)   # cross_entropy treats a negative label_smoothing as 0
        c = input.shape[cdim]
        valid = target != self.ignore_index
        t = torch.where(valid, target, torch.zeros_like(target))
        q = F.one_hot(t, c).movedim(-1, cdim).to(input.dtype) * (1 - e) + e / c
        pt = (q * F.softmax(input, dim=cdim)).sum(dim=cdim)
        loss = torch.where(valid, ce + self.epsilon * (1 - pt), torch.zeros_like(ce))
        if self.reduction == "none":
            return loss
        if self.reduction == "sum":
            return loss.sum()
        return loss.sum() / valid.sum()


class CategoricalHingeLoss(torch.nn.Module):
    def __init__(self, reduction="mean"):
        super().__init__()
        check_reduction(reduction)
        self.reduction = reduction

    def forward(self, input, target):
        if not input.is_floating_point():
            raise TypeError(f"\"categorical_hinge\" not implemented for '{input.dtype}'")
        if target.shape != input.shape:
            raise ValueError(f"Target size ({list(target.shape)}) must be the same as input size ({list(input.shape)})")
        y = target.to(input.dtype)
        pos = (y * input).sum(-1)
        neg = ((1 - y) * input).amax(-1)
        loss = torch.maximum(neg - pos + 1, torch.zeros_like(pos))
        if self.reduction == "none":
            return loss
        if self.reduction == "sum":
            return loss.sum()
        return loss.mean()


# losscase builds every module by its class name from torch.nn: the three definitions are registered there for this run
for cls in (FocalLoss, PolyLoss, CategoricalHingeLoss):
    setattr(torch.nn, cls.__name__, cls)

cases = []
TAGS = {torch.float32: "f32", torch.float64: "f64"}

# (name, input shape, target shape); C is dim 1 (dim 0 when unbatched)
SHAPES = [
    ("unbatched", (5,), ()),
    ("2d", (4, 5), (4,)),
    ("k1", (2, 3, 4), (2, 4)),
    ("k2", (2, 3, 2, 3), (2, 2, 3)),
    ("k3", (2, 3, 2, 2, 3), (2, 2, 2, 3)),
]
# longer rows and position runs (the kernels' vector bodies and tails), with the options named in BIG_OPTIONS only
BIG_SHAPES = [
    ("len37", (5, 37), (5,)),
    ("k1_len40", (2, 6, 40), (2, 40)),
]
BIG_OPTIONS = {"plain", "gamma35_weight", "weight_ignore0", "ls01", "ls_ignore0_eps3"}


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
    torch.manual_seed(3000 + len(cases))
    return len(cases)


def add(name, loss, options, args, rg):
    s = seed()
    cases.append(case(name, loss, options, args, rg, seed=s))


# ---------------------------------------------------------------- FocalLoss grid
FOCAL_OPTIONS = [
    ("plain", {}),
    ("gamma0", {"gamma": 0.0}),
    ("gamma1", {"gamma": 1.0}),
    ("gamma05", {"gamma": 0.5}),
    ("gamma35_weight", {"gamma": 3.5, "weight": True}),
    ("ignore2", {"ignore_index": 2}),
    ("weight_ignore0", {"weight": True, "ignore_index": 0}),
    ("weight_ignore_neg1", {"weight": True, "ignore_index": -1, "gamma": 1.5}),
]
for dt, tag in TAGS.items():
    for red in REDUCTIONS:
        for sname, ishape, tshape in SHAPES + BIG_SHAPES:
            c = n_classes(ishape)
            for oname, spec in FOCAL_OPTIONS:
                if (sname, ishape, tshape) in BIG_SHAPES and oname not in BIG_OPTIONS:
                    continue
                s = seed()
                x = torch.randn(ishape, dtype=dt) * 2
                opts = {"reduction": red}
                for k, v in spec.items():
                    opts[k] = torch.rand(c, dtype=dt) + 0.1 if k == "weight" else v
                t = targets(tshape, c, spec.get("ignore_index"))
                cases.append(case(f"focal_{sname}_{oname}_{red}_{tag}", "FocalLoss", opts, {"input": x, "target": t}, ["input"], seed=s))

# ---------------------------------------------------------------- PolyLoss grid
POLY_OPTIONS = [
    ("plain", {}),
    ("eps0", {"epsilon": 0.0}),
    ("eps2", {"epsilon": 2.0}),
    ("eps_neg1", {"epsilon": -1.0}),
    ("ls01", {"label_smoothing": 0.1}),
    ("ignore2", {"ignore_index": 2}),
    ("ls_ignore0_eps3", {"label_smoothing": 0.25, "ignore_index": 0, "epsilon": 3.0}),
    ("ignore_neg1", {"ignore_index": -1, "epsilon": 0.5}),
]
for dt, tag in TAGS.items():
    for red in REDUCTIONS:
        for sname, ishape, tshape in SHAPES + BIG_SHAPES:
            c = n_classes(ishape)
            for oname, opts0 in POLY_OPTIONS:
                if (sname, ishape, tshape) in BIG_SHAPES and oname not in BIG_OPTIONS:
                    continue
                s = seed()
                x = torch.randn(ishape, dtype=dt) * 2
                t = targets(tshape, c, opts0.get("ignore_index"))
                cases.append(case(f"poly_{sname}_{oname}_{red}_{tag}", "PolyLoss", dict(opts0, reduction=red), {"input": x, "target": t},
                                  ["input"], seed=s))

# ---------------------------------------------------------------- FocalLoss / PolyLoss edges
for dt, tag in TAGS.items():
    T = lambda *rows: torch.tensor(rows, dtype=dt)
    for red in REDUCTIONS:
        # every target ignored: 'mean' is 0/0 = nan, 'sum' 0, 'none' zeros; the gradient is 0
        add(f"focal_all_ignored_{red}_{tag}", "FocalLoss", {"reduction": red, "ignore_index": 3, "weight": torch.rand(4, dtype=dt) + 0.1},
            {"input": torch.randn(3, 4, dtype=dt), "target": torch.tensor([3, 3, 3])}, ["input"])
        add(f"poly_all_ignored_{red}_{tag}", "PolyLoss", {"reduction": red, "ignore_index": 3, "label_smoothing": 0.2},
            {"input": torch.randn(3, 4, dtype=dt), "target": torch.tensor([3, 3, 3])}, ["input"])
        add(f"focal_unbatched_ignored_{red}_{tag}", "FocalLoss", {"reduction": red, "ignore_index": 2},
            {"input": torch.randn(4, dtype=dt), "target": torch.tensor(2)}, ["input"])
        add(f"poly_unbatched_ignored_{red}_{tag}", "PolyLoss", {"reduction": red, "ignore_index": 2},
            {"input": torch.randn(4, dtype=dt), "target": torch.tensor(2)}, ["input"])
        # empty batch
        add(f"focal_empty_batch_{red}_{tag}", "FocalLoss", {"reduction": red},
            {"input": torch.randn(0, 3, dtype=dt), "target": torch.zeros(0, dtype=torch.int64)}, ["input"])
        add(f"poly_empty_batch_{red}_{tag}", "PolyLoss", {"reduction": red, "label_smoothing": 0.3},
            {"input": torch.randn(0, 3, dtype=dt), "target": torch.zeros(0, dtype=torch.int64)}, ["input"])
        # large logits: +-1e4 stay finite; p_y rounds to exactly 1 in some rows (gamma >= 1 keeps the gradient finite)
        X = T([1e4, -1e4, 0.0], [-1e4, -1e4, 1e4], [1e4, 1e4, -1e4], [0.0, 1e4, 3.0])
        for oname, opts in (("plain", {}), ("gamma1_weight", {"gamma": 1.0, "weight": T(0.5, 2.0, 1.0)})):
            add(f"focal_large_logits_{oname}_{red}_{tag}", "FocalLoss", dict(opts, reduction=red),
                {"input": X, "target": torch.tensor([0, 1, 2, 1])}, ["input"])
        for oname, opts in (("plain", {}), ("ls01", {"label_smoothing": 0.1})):
            add(f"poly_large_logits_{oname}_{red}_{tag}", "PolyLoss", dict(opts, reduction=red),
                {"input": X, "target": torch.tensor([0, 1, 2, 1])}, ["input"])
        # label_smoothing = 1 and a negative one (cross_entropy treats it as 0)
        for ls, oname in ((1.0, "ls1"), (-0.5, "ls_negative")):
            add(f"poly_{oname}_{red}_{tag}", "PolyLoss", {"reduction": red, "label_smoothing": ls},
                {"input": torch.randn(3, 4, dtype=dt), "target": torch.tensor([0, 3, 1])}, ["input"])
        # one class: p = 1 for every row (focal's (1 - p)^gamma = 0; Poly-1's term 0)
        add(f"focal_one_class_{red}_{tag}", "FocalLoss", {"reduction": red}, {"input": torch.randn(3, 1, dtype=dt), "target": torch.zeros(3, dtype=torch.int64)},
            ["input"])
        add(f"poly_one_class_{red}_{tag}", "PolyLoss", {"reduction": red}, {"input": torch.randn(3, 1, dtype=dt), "target": torch.zeros(3, dtype=torch.int64)},
            ["input"])
        # non-finite logits: a row with NaN, +inf or all -inf has a NaN log-softmax (loss and gradient NaN, also when its
        # target is ignored: the gradient then is 0 * NaN); a partial -inf row is finite unless the target is the -inf class
        XN = T([math.nan, 0.5, 1.0, -1.0], [math.inf, 0.0, 1.0, 2.0], [-math.inf] * 4, [-math.inf, 0.0, 1.0, 0.5],
               [0.3, -0.2, 1.5, 0.0], [2.0, 1.0, 0.0, -1.0])
        for tname, t in (("counted", torch.tensor([1, 2, 0, 2, 2, 0])), ("ignored", torch.tensor([-100, -100, -100, 0, 2, -100]))):
            add(f"focal_nonfinite_{tname}_{red}_{tag}", "FocalLoss", {"reduction": red, "weight": T(0.5, 1.5, 1.0, 2.0)},
                {"input": XN, "target": t}, ["input"])
            add(f"poly_nonfinite_{tname}_{red}_{tag}", "PolyLoss", {"reduction": red, "label_smoothing": 0.1},
                {"input": XN, "target": t}, ["input"])
        xk = torch.randn(2, 3, 5, dtype=dt)
        xk[0, 1, 2] = math.nan
        xk[1, 0, 4] = math.inf
        tk = torch.tensor([[1, 0, -100, 2, 1], [0, -100, 2, 1, -100]])
        add(f"focal_k1_nonfinite_{red}_{tag}", "FocalLoss", {"reduction": red}, {"input": xk, "target": tk}, ["input"])
        add(f"poly_k1_nonfinite_{red}_{tag}", "PolyLoss", {"reduction": red, "label_smoothing": 0.3}, {"input": xk, "target": tk}, ["input"])

# ---------------------------------------------------------------- CategoricalHingeLoss
def one_hot(n, c, dt):
    return F.one_hot(torch.randint(0, c, (n,)), c).to(dt)


for dt, tag in TAGS.items():
    T = lambda *rows: torch.tensor(rows, dtype=dt)
    for red in REDUCTIONS:
        # scores at several scales: active and inactive hinges
        for sc in (0.5, 2.0):
            add(f"cathinge_2d_scale{sc}_{red}_{tag}", "CategoricalHingeLoss", {"reduction": red},
                {"input": torch.randn(6, 5, dtype=dt) * sc, "target": one_hot(6, 5, dt)}, ["input", "target"])
        add(f"cathinge_unbatched_{red}_{tag}", "CategoricalHingeLoss", {"reduction": red},
            {"input": torch.randn(7, dtype=dt), "target": one_hot(1, 7, dt)[0]}, ["input", "target"])
        add(f"cathinge_3d_{red}_{tag}", "CategoricalHingeLoss", {"reduction": red},
            {"input": torch.randn(2, 3, 4, dtype=dt), "target": one_hot(6, 4, dt).reshape(2, 3, 4)}, ["input", "target"])
        add(f"cathinge_len37_{red}_{tag}", "CategoricalHingeLoss", {"reduction": red},
            {"input": torch.randn(4, 37, dtype=dt) * 0.3, "target": one_hot(4, 37, dt)}, ["input", "target"])
        # soft (non-one-hot) targets: the formula as written, gradients for both
        add(f"cathinge_soft_target_{red}_{tag}", "CategoricalHingeLoss", {"reduction": red},
            {"input": torch.randn(5, 4, dtype=dt), "target": torch.softmax(torch.randn(5, 4, dtype=dt), 1)}, ["input", "target"])
        # kinks: z = 0 exactly (torch.maximum: half the gradient), tied maxima of (1 - y) x (amax: shared), z < 0
        xs = T([1.0, 0.0, 0.0], [2.0, 1.0, 1.0], [3.0, 2.0, 2.5], [0.5, 1.5, 1.5], [0.0, 0.0, 0.0], [-1.0, -1.0, -1.0])
        ys = T([1.0, 0.0, 0.0], [1.0, 0.0, 0.0], [1.0, 0.0, 0.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0])
        add(f"cathinge_kinks_{red}_{tag}", "CategoricalHingeLoss", {"reduction": red}, {"input": xs, "target": ys}, ["input", "target"])
        # integer and bool one-hot targets: cast to the input's dtype (no gradient)
        add(f"cathinge_int_target_{red}_{tag}", "CategoricalHingeLoss", {"reduction": red},
            {"input": torch.randn(4, 3, dtype=dt), "target": F.one_hot(torch.tensor([2, 0, 1, 1]), 3)}, ["input"])
        add(f"cathinge_bool_target_{red}_{tag}", "CategoricalHingeLoss", {"reduction": red},
            {"input": torch.randn(4, 3, dtype=dt), "target": F.one_hot(torch.tensor([0, 0, 2, 1]), 3).bool()}, ["input"])
        # empty batch: 'mean' is nan
        add(f"cathinge_empty_batch_{red}_{tag}", "CategoricalHingeLoss", {"reduction": red},
            {"input": torch.randn(0, 4, dtype=dt), "target": torch.zeros(0, 4, dtype=dt)}, ["input", "target"])
        # one class
        add(f"cathinge_one_class_{red}_{tag}", "CategoricalHingeLoss", {"reduction": red},
            {"input": torch.randn(3, 1, dtype=dt), "target": torch.ones(3, 1, dtype=dt)}, ["input", "target"])
        # non-finite scores: NaN and +-inf in the max or in the true class
        xn = T([math.nan, 0.0, 1.0], [0.0, math.nan, 1.0], [math.inf, 0.0, 1.0], [0.0, math.inf, 1.0], [-math.inf, 0.0, 1.0],
               [0.0, -math.inf, -math.inf])
        yn = T([1.0, 0.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 0.0, 1.0], [1.0, 0.0, 0.0], [1.0, 0.0, 0.0])
        add(f"cathinge_nonfinite_{red}_{tag}", "CategoricalHingeLoss", {"reduction": red}, {"input": xn, "target": yn}, ["input"])
    # float64 target with a float32 input: cast to float32 (Keras), the target's gradient comes back in float64
    if dt == torch.float32:
        for red in REDUCTIONS:
            add(f"cathinge_f64_target_{red}", "CategoricalHingeLoss", {"reduction": red},
                {"input": torch.randn(4, 5), "target": torch.softmax(torch.randn(4, 5, dtype=torch.float64), 1)}, ["input", "target"])

# ---------------------------------------------------------------- errors (PyTorch's definitions above fail too)
x35 = torch.randn(3, 5)
IOOB, IAE = "IndexOutOfBoundsException", "IllegalArgumentException"
E = [
    # (name, loss, options, args, exception type, message, whether PyTorch's own message contains it)
    ("focal_err_target_out_of_bounds", "FocalLoss", {}, {"input": x35, "target": torch.tensor([1, 0, 7])}, IOOB, "Target 7 is out of bounds.", True),
    ("focal_err_negative_target", "FocalLoss", {"gamma": 1.0}, {"input": x35, "target": torch.tensor([1, -5, 2])}, IOOB, "Target -5 is out of bounds.",
     True),
    ("focal_err_k2_out_of_bounds", "FocalLoss", {}, {"input": torch.randn(2, 3, 2, 2), "target": torch.tensor([[[0, 1], [2, 3]], [[0, 0], [0, 0]]])},
     IOOB, "Target 3 is out of bounds.", True),
    ("focal_err_batch_mismatch", "FocalLoss", {}, {"input": x35, "target": torch.tensor([1, 0])}, IAE,
     "Expected input batch_size (3) to match target batch_size (2).", True),
    ("focal_err_weight_length", "FocalLoss", {"weight": torch.ones(4)}, {"input": x35, "target": torch.tensor([1, 0, 4])}, IAE,
     "weight tensor should be defined either for all 5 classes or no classes but got weight tensor of shape: [4]", True),
    ("focal_err_weight_dtype", "FocalLoss", {"weight": torch.ones(5, dtype=torch.float64)}, {"input": x35, "target": torch.tensor([1, 0, 4])}, IAE,
     "expected scalar type Float but found Double", True),
    ("focal_err_float_target", "FocalLoss", {}, {"input": x35, "target": torch.tensor([1.0, 0.0, 4.0])}, IAE,
     "expected scalar type Long but found Float", True),
    ("focal_err_probability_target", "FocalLoss", {}, {"input": x35, "target": torch.softmax(x35, 1)}, IAE,
     "0D or 1D target tensor expected, multi-target not supported", True),
    ("focal_err_k1_target_size", "FocalLoss", {}, {"input": torch.randn(2, 3, 4), "target": torch.zeros(2, 3, dtype=torch.int64)}, IAE,
     "Expected target size [2, 4], got [2, 3]", True),
    ("focal_err_0d_input", "FocalLoss", {}, {"input": torch.tensor(1.0), "target": torch.tensor(0)}, IOOB,
     "Dimension out of range (expected to be in range of [-1, 0], but got 1)", True),
    ("focal_err_negative_gamma", "FocalLoss", {"gamma": -1.0}, {"input": x35, "target": torch.tensor([1, 0, 4])}, IAE,
     "gamma must be non-negative, got -1.0", True),
    ("focal_err_bad_reduction", "FocalLoss", {"reduction": "avg"}, {"input": x35, "target": torch.tensor([1, 0, 4])}, IAE,
     "avg is not a valid value for reduction", True),
    ("focal_err_unknown_keyword", "FocalLoss", {"alpha": 0.25}, {"input": x35, "target": torch.tensor([1, 0, 4])}, IAE,
     "got an unexpected keyword argument 'alpha'", True),
    ("poly_err_target_out_of_bounds", "PolyLoss", {}, {"input": x35, "target": torch.tensor([1, 0, 7])}, IOOB, "Target 7 is out of bounds.", True),
    ("poly_err_negative_target_ls", "PolyLoss", {"label_smoothing": 0.1}, {"input": x35, "target": torch.tensor([1, 0, -1])}, IOOB,
     "Target -1 is out of bounds.", True),
    ("poly_err_batch_mismatch", "PolyLoss", {}, {"input": x35, "target": torch.tensor([1, 0])}, IAE,
     "Expected input batch_size (3) to match target batch_size (2).", True),
    ("poly_err_ls_above_one", "PolyLoss", {"label_smoothing": 1.5}, {"input": x35, "target": torch.tensor([1, 0, 4])}, IAE,
     "label_smoothing must be between 0.0 and 1.0. Got: 1.5", True),
    ("poly_err_float_target", "PolyLoss", {}, {"input": x35, "target": torch.tensor([1.0, 0.0, 4.0])}, IAE,
     "expected scalar type Long but found Float", True),
    # cross_entropy reads a floating target of the input's shape as probabilities; Poly-1 then fails in one_hot
    ("poly_err_probability_target", "PolyLoss", {}, {"input": x35, "target": torch.softmax(x35, 1)}, IAE,
     "0D or 1D target tensor expected, multi-target not supported", False),
    ("poly_err_long_input", "PolyLoss", {}, {"input": torch.zeros(3, 5, dtype=torch.int64), "target": torch.tensor([1, 0, 4])}, IAE,
     "\"log_softmax_lastdim_kernel_impl\" not implemented for 'Long'", True),
    ("poly_err_bad_reduction", "PolyLoss", {"reduction": "batchmean"}, {"input": x35, "target": torch.tensor([1, 0, 4])}, IAE,
     "batchmean is not a valid value for reduction", True),
    ("poly_err_unknown_keyword", "PolyLoss", {"eps": 1.0}, {"input": x35, "target": torch.tensor([1, 0, 4])}, IAE,
     "got an unexpected keyword argument 'eps'", True),
    ("cathinge_err_shape_mismatch", "CategoricalHingeLoss", {}, {"input": x35, "target": torch.zeros(3, 4)}, IAE,
     "Target size ([3, 4]) must be the same as input size ([3, 5])", True),
    ("cathinge_err_class_indices", "CategoricalHingeLoss", {}, {"input": x35, "target": torch.tensor([1, 0, 4])}, IAE,
     "Target size ([3]) must be the same as input size ([3, 5])", True),
    ("cathinge_err_long_input", "CategoricalHingeLoss", {}, {"input": torch.zeros(3, 5, dtype=torch.int64), "target": torch.zeros(3, 5)}, IAE,
     "not implemented for", True),
    ("cathinge_err_no_classes", "CategoricalHingeLoss", {}, {"input": torch.zeros(3, 0), "target": torch.zeros(3, 0)}, IOOB,
     "amax(): Expected reduction dim -1 to have non-zero size.", True),
    ("cathinge_err_bad_reduction", "CategoricalHingeLoss", {"reduction": "avg"}, {"input": x35, "target": torch.zeros(3, 5)}, IAE,
     "avg is not a valid value for reduction", True),
]
for name, loss, opts, args, typ, msg, same in E:
    c = error_case(name, loss, opts, args, typ, msg)
    if same:
        try:
            getattr(torch.nn, loss)(**opts)(*args.values())
        except Exception as e:  # noqa: BLE001
            assert msg in str(e), f"{name}: PyTorch says {e!r}, not {msg!r}"
    cases.append(c)

write("classification_extra.json", cases)
