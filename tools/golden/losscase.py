"""Shared helpers for the loss fixture generators (tools/golden/gen_losses_*.py).

A fixture file is a JSON list of cases read by LossGoldenTest:
  {"name": unique str, "loss": PyTorch class name, "options": {kw: value or tensor-spec},
   "args": {functional arg name: tensor-spec}, "requires_grad": [arg names],
   "out": tensor-spec, "grad_out": tensor-spec, "grads": {arg: tensor-spec or None},
   "grad_fn": "MseLossBackward0" (optional), "tol_scale": 1.0 (optional, rarely > 1; say why),
   "error": {"type": "IllegalArgumentException"|"IndexOutOfBoundsException", "message": substring} for error cases}
Run every script with /usr/bin/python3 (Debian's python3-torch 1.13).
"""
import json
import math
import os

import torch

OUT_DIR = os.path.join(os.path.dirname(__file__), "..", "..", "losses4j-core", "src", "test", "resources", "golden", "losses")
DT = {torch.float32: "float32", torch.float64: "float64", torch.int64: "int64", torch.bool: "bool", torch.int32: "int64"}


def spec(t):
    """A tensor-spec dict: dtype, shape, flat C-order data (exact floats; int32 stored as int64)."""
    t = t.detach().contiguous()
    if t.dtype == torch.int32:
        t = t.to(torch.int64)
    data = t.reshape(-1).tolist()
    return {"dtype": DT[t.dtype], "shape": list(t.shape), "data": data}


def _opt(v):
    return spec(v) if isinstance(v, torch.Tensor) else v


def case(name, loss, options, args, requires_grad, seed=0):
    """Runs torch.nn.<loss>(**options)(*args) and returns the fixture dict (value, grads, grad_fn).

    args is an ordered dict {functional arg name: tensor}; requires_grad lists the names that get
    requires_grad_(True). The upstream gradient is random (seeded) with the output's shape.
    """
    cls = getattr(torch.nn, loss)
    m = cls(**options)
    ts = {}
    for k, v in args.items():
        v = v.detach().clone()
        if k in requires_grad:
            v.requires_grad_(True)
        ts[k] = v
    out = m(*ts.values())
    c = {"name": name, "loss": loss, "options": {k: _opt(v) for k, v in options.items()},
         "args": {k: spec(v) for k, v in ts.items()}, "requires_grad": list(requires_grad), "out": spec(out)}
    if out.grad_fn is not None:
        c["grad_fn"] = type(out.grad_fn).__name__
        g = torch.Generator().manual_seed(seed + 7919)
        go = torch.randn(out.shape, generator=g, dtype=out.dtype)
        grads = torch.autograd.grad(out, [ts[k] for k in requires_grad], go, allow_unused=True)
        c["grad_out"] = spec(go)
        c["grads"] = {k: (spec(gr) if gr is not None else None) for k, gr in zip(requires_grad, grads)}
    return c


def error_case(name, loss, options, args, exc_type, message):
    """A case that must fail; checks that PyTorch fails too, and records our exception type and message substring."""
    try:
        cls = getattr(torch.nn, loss)
        cls(**options)(*args.values())
    except Exception:
        pass
    else:
        raise AssertionError(f"{name}: PyTorch accepted this input")
    return {"name": name, "loss": loss, "options": {k: _opt(v) for k, v in options.items()},
            "args": {k: spec(v) for k, v in args.items()}, "requires_grad": [],
            "error": {"type": exc_type, "message": message}}


def write(filename, cases):
    names = [c["name"] for c in cases]
    dup = {n for n in names if names.count(n) > 1}
    assert not dup, f"duplicate case names: {sorted(dup)}"
    os.makedirs(OUT_DIR, exist_ok=True)
    path = os.path.join(OUT_DIR, filename)
    with open(path, "w") as f:
        json.dump(cases, f, separators=(",", ":"))
    print(f"{path}: {len(cases)} cases")
