#!/usr/bin/python3
"""Writes a TorchScript module with PyTorch 2.x's single-tensor optimizer updates (torch/optim/{sgd,adam,adamw,
rmsprop,adagrad}.py, ``_single_tensor_*``, the path torch.optim takes on CPU: foreach and fused default to off there),
for org.losses4j.bench.djl.DjlOptimCheck, which runs it in libtorch 2.7.1 through DJL.

TorchScript keeps every tensor operation of the update as the ATen operator PyTorch's Python code calls
(``aten::lerp_``, ``aten::addcmul_``, ``aten::addcdiv_``, ``aten::add_`` with alpha, ``aten::maximum.out``, ...), so
the module computes with the kernels of the libtorch that runs it, not with those of the PyTorch that wrote it
(Debian's 1.13 here). Scalar arithmetic (bias corrections, step sizes) is double precision, as Python's floats.

    /usr/bin/python3 bench/torchscript_optim.py OUT.pt [--check golden/train/optim.json]

writes OUT.pt (the updates) and OUT_probe.pt (single operations, see Probe); --check runs OUT.pt with this PyTorch
on the fixture's cases.

forward(kind, params, grads, state, hp, flags) updates params and state in place, one step. kind: 0 SGD, 1 Adam,
2 AdamW, 3 RMSprop, 4 Adagrad; kind + 10: the same with float32 square roots taken in float64 (correctly rounded). state holds 5 tensors per parameter, in parameter order: step (a 0-dim float32
tensor, as 2.x keeps it), then the optimizer's buffers (SGD: momentum_buffer; Adam/AdamW: exp_avg, exp_avg_sq,
max_exp_avg_sq; RMSprop: square_avg, grad_avg, momentum_buffer; Adagrad: sum); unused slots are ignored. hp and flags:
see each function.
"""
import sys
from typing import List

import torch
from torch import Tensor


def _sqrt(x: Tensor, exact: bool) -> Tensor:
    """x.sqrt(); with exact, a float32 x goes through float64 (a correctly rounded float32 square root, whatever the
    float32 kernel of this libtorch does), to tell the square root's rounding from everything else."""
    if exact and x.dtype == torch.float32:
        return x.double().sqrt().float()
    return x.sqrt()


def sgd(params: List[Tensor], grads: List[Tensor], state: List[Tensor], hp: List[float], flags: List[bool]):
    # hp: lr, momentum, dampening, weight_decay; flags: nesterov, maximize
    lr, momentum, dampening, weight_decay = hp[0], hp[1], hp[2], hp[3]
    nesterov, maximize = flags[0], flags[1]
    for i in range(len(params)):
        param = params[i]
        grad = grads[i] if not maximize else -grads[i]
        step_t = state[5 * i]
        if weight_decay != 0:
            grad = grad.add(param, alpha=weight_decay)
        if momentum != 0:
            buf = state[5 * i + 1]
            if float(step_t) == 0.0:
                buf.copy_(grad)  # 2.x: buf = torch.clone(grad).detach() when the buffer is None
            else:
                buf.mul_(momentum).add_(grad, alpha=1 - dampening)
            if nesterov:
                grad = grad.add(buf, alpha=momentum)
            else:
                grad = buf
        param.add_(grad, alpha=-lr)
        step_t += 1  # here only to mark the momentum buffer as existing


def adam(params: List[Tensor], grads: List[Tensor], state: List[Tensor], hp: List[float], flags: List[bool],
         decoupled: bool, exact: bool):
    # hp: lr, beta1, beta2, eps, weight_decay; flags: amsgrad, maximize
    lr, beta1, beta2, eps, weight_decay = hp[0], hp[1], hp[2], hp[3], hp[4]
    amsgrad, maximize = flags[0], flags[1]
    for i in range(len(params)):
        param = params[i]
        grad = grads[i] if not maximize else -grads[i]
        step_t = state[5 * i]
        exp_avg = state[5 * i + 1]
        exp_avg_sq = state[5 * i + 2]
        max_exp_avg_sq = state[5 * i + 3]
        step_t += 1
        if weight_decay != 0:
            if decoupled:
                param.mul_(1 - lr * weight_decay)
            else:
                grad = grad.add(param, alpha=weight_decay)
        exp_avg.lerp_(grad, 1 - beta1)
        exp_avg_sq.mul_(beta2).addcmul_(grad, grad.conj(), value=1 - beta2)
        step = float(step_t)
        bias_correction1 = 1 - beta1 ** step
        bias_correction2 = 1 - beta2 ** step
        step_size = lr / bias_correction1
        bias_correction2_sqrt = bias_correction2 ** 0.5
        if amsgrad:
            torch.maximum(max_exp_avg_sq, exp_avg_sq, out=max_exp_avg_sq)
            denom = (_sqrt(max_exp_avg_sq, exact) / bias_correction2_sqrt).add_(eps)
        else:
            denom = (_sqrt(exp_avg_sq, exact) / bias_correction2_sqrt).add_(eps)
        param.addcdiv_(exp_avg, denom, value=-step_size)


def rmsprop(params: List[Tensor], grads: List[Tensor], state: List[Tensor], hp: List[float], flags: List[bool],
            exact: bool):
    # hp: lr, alpha, eps, weight_decay, momentum; flags: centered, maximize
    lr, alpha, eps, weight_decay, momentum = hp[0], hp[1], hp[2], hp[3], hp[4]
    centered, maximize = flags[0], flags[1]
    for i in range(len(params)):
        param = params[i]
        grad = grads[i] if not maximize else -grads[i]
        step_t = state[5 * i]
        square_avg = state[5 * i + 1]
        step_t += 1
        if weight_decay != 0:
            grad = grad.add(param, alpha=weight_decay)
        square_avg.mul_(alpha).addcmul_(grad, grad, value=1 - alpha)
        if centered:
            grad_avg = state[5 * i + 2]
            grad_avg.lerp_(grad, 1 - alpha)
            avg = _sqrt(square_avg.addcmul(grad_avg, grad_avg, value=-1), exact)  # 2.x: .sqrt_()
        else:
            avg = _sqrt(square_avg, exact)
        avg = avg.add_(eps)
        if momentum > 0:
            buf = state[5 * i + 3]
            buf.mul_(momentum).addcdiv_(grad, avg)
            param.add_(buf, alpha=-lr)
        else:
            param.addcdiv_(grad, avg, value=-lr)


def adagrad(params: List[Tensor], grads: List[Tensor], state: List[Tensor], hp: List[float], flags: List[bool],
            exact: bool):
    # hp: lr, lr_decay, weight_decay, eps (initial_accumulator_value fills the sum before the first step);
    # flags: maximize
    lr, lr_decay, weight_decay, eps = hp[0], hp[1], hp[2], hp[3]
    maximize = flags[0]
    for i in range(len(params)):
        param = params[i]
        grad = grads[i]
        step_t = state[5 * i]
        state_sum = state[5 * i + 1]
        step_t += 1
        step = float(step_t)
        grad = grad if not maximize else -grad
        if weight_decay != 0:
            grad = grad.add(param, alpha=weight_decay)
        clr = lr / (1 + (step - 1) * lr_decay)
        state_sum.addcmul_(grad, grad, value=1)
        std = _sqrt(state_sum, exact).add_(eps)
        param.addcdiv_(grad, std, value=-clr)


class Probe(torch.nn.Module):
    """One element-wise operation of the updates at a time (float32), to tell which rounding a libtorch's kernel
    has: 0 a.addcmul(b, c, value=s), 1 a.addcdiv(b, c, value=s), 2 a.lerp(b, s), 3 a.add(b, alpha=s),
    4 a.sqrt(), 5 a / s, 6 a.add(s), 7 a.mul(s), 8 torch.maximum(a, b), 9 a.pow(0.5), 10 a.double().sqrt().float()."""

    def forward(self, op: int, a: Tensor, b: Tensor, c: Tensor, s: float) -> Tensor:
        if op == 0:
            return a.clone().addcmul_(b, c, value=s)
        if op == 1:
            return a.clone().addcdiv_(b, c, value=s)
        if op == 2:
            return a.clone().lerp_(b, s)
        if op == 3:
            return a.clone().add_(b, alpha=s)
        if op == 4:
            return a.sqrt()
        if op == 5:
            return a / s
        if op == 6:
            return a.clone().add_(s)
        if op == 7:
            return a.clone().mul_(s)
        if op == 8:
            return torch.maximum(a, b)
        if op == 9:
            return a.pow(0.5)
        if op == 10:
            return a.double().sqrt().float()
        raise RuntimeError("unknown op")


class Step(torch.nn.Module):
    def forward(self, kind: int, params: List[Tensor], grads: List[Tensor], state: List[Tensor], hp: List[float],
                flags: List[bool]) -> List[Tensor]:
        exact = kind >= 10
        kind = kind % 10
        with torch.no_grad():
            if kind == 0:
                sgd(params, grads, state, hp, flags)
            elif kind == 1:
                adam(params, grads, state, hp, flags, False, exact)
            elif kind == 2:
                adam(params, grads, state, hp, flags, True, exact)
            elif kind == 3:
                rmsprop(params, grads, state, hp, flags, exact)
            elif kind == 4:
                adagrad(params, grads, state, hp, flags, exact)
            else:
                raise RuntimeError("unknown optimizer kind")
        return params




def hyper(cls, kw):
    """(kind, hp, flags, initial sum) of a fixture case's options, with torch.optim's defaults."""
    g = lambda k, d: float(kw.get(k, d))
    if cls == "SGD":
        return 0, [g("lr", 0), g("momentum", 0), g("dampening", 0), g("weight_decay", 0)], \
            [bool(kw.get("nesterov", False)), bool(kw.get("maximize", False))], 0.0
    if cls in ("Adam", "AdamW"):
        b = kw.get("betas", [0.9, 0.999])
        return (1 if cls == "Adam" else 2), [g("lr", 1e-3), float(b[0]), float(b[1]), g("eps", 1e-8),
                                            g("weight_decay", 0 if cls == "Adam" else 1e-2)], \
            [bool(kw.get("amsgrad", False)), bool(kw.get("maximize", False))], 0.0
    if cls == "RMSprop":
        return 3, [g("lr", 1e-2), g("alpha", 0.99), g("eps", 1e-8), g("weight_decay", 0), g("momentum", 0)], \
            [bool(kw.get("centered", False)), bool(kw.get("maximize", False))], 0.0
    if cls == "Adagrad":
        return 4, [g("lr", 1e-2), g("lr_decay", 0), g("weight_decay", 0), g("eps", 1e-10)], \
            [bool(kw.get("maximize", False))], g("initial_accumulator_value", 0)
    raise ValueError(cls)


def check(module_path, fixture_path):
    """Runs the module with this PyTorch on every case of golden/train/optim.json and counts the cases whose
    checkpoints equal "expected" bit for bit (the fixture's 2.x transcription run on the same kernels)."""
    import json
    m = torch.jit.load(module_path)
    fx = json.load(open(fixture_path))
    dts = {"float32": torch.float32, "float64": torch.float64}
    t = lambda s: torch.tensor(s["data"], dtype=dts[s["dtype"]]).reshape(s["shape"])
    same = 0
    for c in fx["cases"]:
        dt = c["dtype"]
        params = [t(s) for s in fx["init"][dt]]
        kind, hp, flags, acc = hyper(c["optimizer"], c["options"])
        state = []
        for p in params:
            state += [torch.zeros((), dtype=torch.float32)] + [torch.full_like(p, acc) if j == 0 else torch.zeros_like(p)
                                                             for j in range(4)]
        ok = True
        for step, gs in enumerate(fx["grads"][dt]):
            m(kind, params, [t(g) for g in gs], state, hp, flags)
            cp = c["expected"].get(str(step + 1))
            if cp is not None and [p.reshape(-1).tolist() for p in params] != [e["data"] for e in cp]:
                ok = False
        same += ok
        if not ok:
            print("differs:", c["name"], file=sys.stderr)
    print(f"{same} of {len(fx['cases'])} cases equal the fixture bit for bit (PyTorch {torch.__version__})")


if __name__ == "__main__":
    torch.jit.script(Step()).save(sys.argv[1])
    probe = sys.argv[1][:-3] + "_probe.pt" if sys.argv[1].endswith(".pt") else sys.argv[1] + "_probe"
    torch.jit.script(Probe()).save(probe)
    print("wrote", sys.argv[1], "and", probe, "(TorchScript from PyTorch", torch.__version__ + ")", file=sys.stderr)
    if len(sys.argv) > 3 and sys.argv[2] == "--check":
        torch.set_num_threads(1)
        check(sys.argv[1], sys.argv[3])
