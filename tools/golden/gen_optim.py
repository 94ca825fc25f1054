"""Optimizers and learning-rate schedulers against PyTorch (golden/train/optim.json).

Each optimizer case runs 50 steps on two parameters (5x7, whose 35 elements cover PyTorch's vectorised blocks of
16 and a scalar tail, and 3) from fixed initial values and a fixed gradient sequence, both stored here
("init", "grads"), in float32 and float64; the parameters are stored after the steps in "checkpoints".

Where PyTorch 2.x computes differently from the installed 1.13 (Adam/AdamW's first moment and RMSprop's centred
average use lerp_ in 2.x, mul_().add_() in 1.13), "expected" is 2.x's single-tensor update transcribed below
and run with this torch's kernels (the transcription run with 1.13's formula reproduces 1.13's optimizer bit for
bit, which the script asserts), and "torch113" holds what 1.13's optimizer gives. Elsewhere "expected" is the
1.13 optimizer itself (foreach=False), whose update 2.x keeps.

Schedulers: get_last_lr() after construction and after each of 40 steps, for two parameter groups.
Errors: the constructors' messages. Run with /usr/bin/python3 (Debian's python3-torch 1.13), one thread, AVX2.
"""
import os

os.environ.setdefault("ATEN_CPU_CAPABILITY", "avx2")
import json
import math

import torch

from losscase import spec

torch.set_num_threads(1)
STEPS = 50
CHECKPOINTS = [1, 2, 3, 5, 10, 20, 35, 50]
SHAPES = [(5, 7), (3,)]
DTS = {"float32": torch.float32, "float64": torch.float64}

torch.manual_seed(2024)
init = {k: [torch.randn(*s, dtype=dt) for s in SHAPES] for k, dt in DTS.items()}
grads = {}
for k, dt in DTS.items():
    seq = []
    for t in range(STEPS):
        scale = 0.5 + 2.0 * torch.rand(1, dtype=dt).item() if t % 7 else 1e-3  # small gradients now and then (amsgrad's max)
        seq.append([torch.randn(*s, dtype=dt) * scale for s in SHAPES])
    grads[k] = seq


# ---------------------------------------------------------------- 2.x single-tensor updates, transcribed
def adam_2x(params, state, lr, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, amsgrad=False, maximize=False,
            decoupled=False, legacy=False):
    beta1, beta2 = betas
    for i, param in enumerate(params):
        grad = param.grad if not maximize else -param.grad
        st = state.setdefault(i, {"step": torch.tensor(0.), "exp_avg": torch.zeros_like(param),
                                  "exp_avg_sq": torch.zeros_like(param), "max_exp_avg_sq": torch.zeros_like(param)})
        exp_avg, exp_avg_sq, step_t = st["exp_avg"], st["exp_avg_sq"], st["step"]
        step_t += 1
        if decoupled:
            param.mul_(1 - lr * weight_decay)
        elif weight_decay != 0:
            grad = grad.add(param, alpha=weight_decay)
        if legacy:
            exp_avg.mul_(beta1).add_(grad, alpha=1 - beta1)
        else:
            exp_avg.lerp_(grad, 1 - beta1)
        exp_avg_sq.mul_(beta2).addcmul_(grad, grad.conj(), value=1 - beta2)
        step = step_t.item()
        bias_correction1 = 1 - beta1 ** step
        bias_correction2 = 1 - beta2 ** step
        step_size = lr / bias_correction1
        bias_correction2_sqrt = math.sqrt(bias_correction2)
        if amsgrad:
            torch.maximum(st["max_exp_avg_sq"], exp_avg_sq, out=st["max_exp_avg_sq"])
            denom = (st["max_exp_avg_sq"].sqrt() / bias_correction2_sqrt).add_(eps)
        else:
            denom = (exp_avg_sq.sqrt() / bias_correction2_sqrt).add_(eps)
        param.addcdiv_(exp_avg, denom, value=-step_size)


def rmsprop_2x(params, state, lr, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0, centered=False, maximize=False, legacy=False):
    for i, param in enumerate(params):
        grad = param.grad if not maximize else -param.grad
        st = state.setdefault(i, {"square_avg": torch.zeros_like(param), "grad_avg": torch.zeros_like(param),
                                  "momentum_buffer": torch.zeros_like(param)})
        square_avg = st["square_avg"]
        if weight_decay != 0:
            grad = grad.add(param, alpha=weight_decay)
        square_avg.mul_(alpha).addcmul_(grad, grad, value=1 - alpha)
        if centered:
            grad_avg = st["grad_avg"]
            if legacy:
                grad_avg.mul_(alpha).add_(grad, alpha=1 - alpha)
            else:
                grad_avg.lerp_(grad, 1 - alpha)
            avg = square_avg.addcmul(grad_avg, grad_avg, value=-1).sqrt_()
        else:
            avg = square_avg.sqrt()
        avg = avg.add_(eps)
        if momentum > 0:
            buf = st["momentum_buffer"]
            buf.mul_(momentum).addcdiv_(grad, avg)
            param.add_(buf, alpha=-lr)
        else:
            param.addcdiv_(grad, avg, value=-lr)


TRANSCRIBED = {"Adam": lambda ps, st, kw, legacy: adam_2x(ps, st, legacy=legacy, **kw),
               "AdamW": lambda ps, st, kw, legacy: adam_2x(ps, st, decoupled=True, legacy=legacy,
                                                           **{"weight_decay": 1e-2, **kw}),
               "RMSprop": lambda ps, st, kw, legacy: rmsprop_2x(ps, st, legacy=legacy, **kw)}


def run(dtype, step_fn):
    params = [p.clone() for p in init[dtype]]
    out = {}
    for t in range(STEPS):
        for p, g in zip(params, grads[dtype][t]):
            p.grad = g.clone()
        with torch.no_grad():
            step_fn(params)
        if t + 1 in CHECKPOINTS:
            out[str(t + 1)] = [spec(p) for p in params]
    return out


def run_torch(cls, kw, dtype):
    holder = {}

    def step(params):
        if "opt" not in holder:
            holder["opt"] = getattr(torch.optim, cls)(params, foreach=False, **kw)
        holder["opt"].step()
    return run(dtype, step)


def run_transcribed(cls, kw, dtype, legacy):
    state = {}
    return run(dtype, lambda params: TRANSCRIBED[cls](params, state, kw, legacy))


CASES = [
    ("SGD", {"lr": 0.1}),
    ("SGD", {"lr": 0.05, "momentum": 0.9}),
    ("SGD", {"lr": 0.05, "momentum": 0.9, "dampening": 0.5}),
    ("SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True}),
    ("SGD", {"lr": 0.1, "weight_decay": 0.01}),
    ("SGD", {"lr": 0.1, "maximize": True}),
    ("SGD", {"lr": 0.1, "momentum": 0.9, "nesterov": True, "weight_decay": 1e-4, "maximize": True}),
    ("Adam", {"lr": 0.01}),
    ("Adam", {"lr": 0.01, "weight_decay": 0.1}),
    ("Adam", {"lr": 0.01, "amsgrad": True}),
    ("Adam", {"lr": 0.01, "maximize": True}),
    ("Adam", {"lr": 0.02, "betas": [0.8, 0.99], "eps": 1e-6}),
    ("Adam", {"lr": 0.6, "betas": [0.3, 0.9]}),
    ("Adam", {"lr": 0.01, "betas": [0.8, 0.99], "eps": 1e-6, "weight_decay": 0.05, "amsgrad": True, "maximize": True}),
    ("AdamW", {"lr": 0.01}),
    ("AdamW", {"lr": 0.01, "weight_decay": 0.1, "amsgrad": True}),
    ("AdamW", {"lr": 0.01, "maximize": True, "betas": [0.85, 0.95]}),
    ("RMSprop", {"lr": 0.01}),
    ("RMSprop", {"lr": 0.01, "centered": True}),
    ("RMSprop", {"lr": 0.01, "momentum": 0.9}),
    ("RMSprop", {"lr": 0.01, "alpha": 0.4, "centered": True}),
    ("RMSprop", {"lr": 0.005, "centered": True, "momentum": 0.5, "weight_decay": 0.01}),
    ("RMSprop", {"lr": 0.01, "alpha": 0.9, "eps": 1e-6, "maximize": True}),
    ("Adagrad", {"lr": 0.1}),
    ("Adagrad", {"lr": 0.1, "lr_decay": 0.1}),
    ("Adagrad", {"lr": 0.1, "weight_decay": 0.05}),
    ("Adagrad", {"lr": 0.1, "initial_accumulator_value": 0.1, "eps": 1e-6, "maximize": True}),
]

cases = []
for cls, kw in CASES:
    for dtype in DTS:
        real = run_torch(cls, {k: tuple(v) if k == "betas" else v for k, v in kw.items()}, dtype)
        case = {"name": f"{cls}_{'_'.join(f'{k}={v}' for k, v in kw.items())}_{dtype}", "optimizer": cls, "options": kw,
                "dtype": dtype}
        uses_lerp = cls in ("Adam", "AdamW") or (cls == "RMSprop" and kw.get("centered"))
        if uses_lerp:
            assert run_transcribed(cls, kw, dtype, legacy=True) == real, case["name"] + ": transcription != 1.13"
            case["expected"] = run_transcribed(cls, kw, dtype, legacy=False)
            case["torch113"] = real
        else:
            case["expected"] = real
        cases.append(case)

# ---------------------------------------------------------------- schedulers
schedulers = []
for name, make in (("StepLR", lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=3, gamma=0.5)),
                   ("StepLR", lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=4)),
                   ("CosineAnnealingLR", lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=10, eta_min=0.001)),
                   ("CosineAnnealingLR", lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=7))):
    p1, p2 = torch.zeros(2, requires_grad=True), torch.zeros(3, requires_grad=True)
    opt = torch.optim.SGD([{"params": [p1]}, {"params": [p2], "lr": 0.3}], lr=0.1)
    sch = make(opt)
    args = {k: getattr(sch, k) for k in ("step_size", "gamma", "T_max", "eta_min") if hasattr(sch, k)}
    lrs = [sch.get_last_lr()]
    for _ in range(40):
        opt.step()
        sch.step()
        lrs.append(sch.get_last_lr())
    schedulers.append({"scheduler": name, "args": args, "group_lrs": [0.1, 0.3], "lrs": lrs})

# ---------------------------------------------------------------- errors
errors = []
p = [torch.zeros(2, requires_grad=True)]
for cls, kw in (("SGD", {"lr": -0.1}), ("SGD", {"lr": 0.1, "momentum": -0.5}), ("SGD", {"lr": 0.1, "weight_decay": -1e-05}),
                ("SGD", {"lr": 0.1, "nesterov": True}), ("SGD", {"lr": 0.1, "momentum": 0.9, "dampening": 0.1, "nesterov": True}),
                ("Adam", {"lr": -1.0}), ("Adam", {"eps": -1e-08}), ("Adam", {"betas": [1.0, 0.999]}), ("Adam", {"betas": [0.9, -0.1]}),
                ("Adam", {"weight_decay": -0.01}), ("AdamW", {"lr": -0.001}), ("AdamW", {"weight_decay": -0.5}),
                ("RMSprop", {"lr": -0.01}), ("RMSprop", {"alpha": -0.99}), ("RMSprop", {"momentum": -0.9}), ("RMSprop", {"eps": -1e-08}),
                ("RMSprop", {"weight_decay": -2.0}), ("Adagrad", {"lr": -0.01}), ("Adagrad", {"lr_decay": -0.1}),
                ("Adagrad", {"weight_decay": -0.1}), ("Adagrad", {"initial_accumulator_value": -1.0}), ("Adagrad", {"eps": -1e-10})):
    try:
        getattr(torch.optim, cls)(p, **{k: tuple(v) if k == "betas" else v for k, v in kw.items()})
    except ValueError as e:
        errors.append({"optimizer": cls, "options": kw, "message": str(e)})
        continue
    raise AssertionError(f"{cls} {kw} did not raise")
try:
    torch.optim.SGD([], lr=0.1)
except ValueError as e:
    errors.append({"optimizer": "SGD", "options": {"lr": 0.1}, "params": "empty", "message": str(e)})

path = os.path.join(os.path.dirname(__file__), "..", "..", "losses4j-core", "src", "test", "resources", "golden", "train", "optim.json")
with open(path, "w") as f:
    json.dump({"shapes": [list(s) for s in SHAPES], "steps": STEPS, "checkpoints": CHECKPOINTS,
               "init": {k: [spec(t) for t in v] for k, v in init.items()},
               "grads": {k: [[spec(g) for g in step] for step in v] for k, v in grads.items()},
               "cases": cases, "schedulers": schedulers, "errors": errors}, f, separators=(",", ":"))
differ = sum(1 for c in cases if "torch113" in c and c["torch113"] != c["expected"])
print(path, len(cases), "optimizer cases (", differ, "where 2.x's bits differ from 1.13's ),", len(schedulers), "schedulers,", len(errors), "errors")
