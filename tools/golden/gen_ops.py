#!/usr/bin/python3
"""Golden fixtures for losses4j tensor ops, produced by PyTorch (oracle: 1.13).

Writes losses4j-core/src/test/resources/golden/ops.json: a JSON list of cases

  {"name": str (unique), "op": str, "args": [T, ...], "kwargs": {...},
   "out": T or [T, T], "grad_out": T or null, "grads": [T or null, ...]}

with T = {"dtype": "float32"|"float64"|"int64"|"bool", "shape": [...],
          "data": [flat C-order values]}.

grads[i] = d(sum(out * grad_out)) / d(args[i]), computed with
torch.autograd.grad(out, inputs, grad_out, allow_unused=True); null where the
arg is not floating point or the op is not differentiable.  For ops returning
(values, indices) grad_out belongs to values.  NaN/Infinity are written with
Python json's default tokens.

Deterministic: torch.manual_seed(<case index>) before each case's inputs are drawn and
torch.manual_seed(1000000 + <case index>) before its grad_out is drawn; one thread;
no network.  Run with an interpreter that has torch, e.g.
    /usr/bin/python3 tools/golden/gen_ops.py
"""
import collections
import json
import math
import os
import sys

import torch
import torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT_PATH = os.path.join(ROOT, "losses4j-core", "src", "test", "resources", "golden", "ops.json")

F32, F64, I64, BOOL = torch.float32, torch.float64, torch.int64, torch.bool
DTYPE_NAMES = {F32: "float32", F64: "float64", I64: "int64", BOOL: "bool"}
NAME_DTYPES = {v: k for k, v in DTYPE_NAMES.items()}
INF = math.inf
NAN = math.nan

torch.set_default_dtype(torch.float32)
torch.set_num_threads(1)  # reduction order (and so float32 rounding) fixed


# ---------------------------------------------------------------- dumping

def dump(t):
    t = t.detach().contiguous()
    if t.dtype not in DTYPE_NAMES:
        raise TypeError("unsupported dtype %s" % t.dtype)
    flat = t.reshape(-1).tolist()
    if t.dtype.is_floating_point:
        flat = [float(x) for x in flat]
    elif t.dtype == I64:
        flat = [int(x) for x in flat]
    else:
        flat = [bool(x) for x in flat]
    return {"dtype": DTYPE_NAMES[t.dtype], "shape": list(t.shape), "data": flat}


# ---------------------------------------------------------------- op table
# Every entry: fn(args, kwargs) -> tensor or (values, indices).

def _scalar_binary(name):
    def run(args, kw):
        (a,) = args
        s = kw["scalar"]
        rev = kw.get("reverse", False)
        if name == "add":
            return torch.add(s, a) if rev else torch.add(a, s)  # torch.add(s, a) == s + a
        if name == "sub":
            return torch.rsub(a, s) if rev else torch.sub(a, s)  # rsub(a, s) == s - a
        if name == "mul":
            return torch.mul(s, a) if rev else torch.mul(a, s)
        if name == "div":
            return (s / a) if rev else torch.div(a, s)
        if name == "pow":
            return torch.pow(s, a) if rev else torch.pow(a, s)
        raise KeyError(name)
    return run


BINARY = {
    "add": torch.add, "sub": torch.sub, "mul": torch.mul, "div": torch.div,
    "pow": torch.pow, "maximum": torch.maximum, "minimum": torch.minimum,
}
COMPARE = {"eq": torch.eq, "ne": torch.ne, "lt": torch.lt, "le": torch.le,
           "gt": torch.gt, "ge": torch.ge}
UNARY = {
    "neg": torch.neg, "exp": torch.exp, "log": torch.log, "log1p": torch.log1p,
    "expm1": torch.expm1, "abs": torch.abs, "sign": torch.sign, "sqrt": torch.sqrt,
    "sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu,
}


def op_fn(op, kw):
    if op in BINARY:
        if "scalar" in kw:
            return _scalar_binary(op)
        return lambda args, kw: BINARY[op](*args)
    if op in COMPARE:
        return lambda args, kw: COMPARE[op](*args)
    if op in UNARY:
        return lambda args, kw: UNARY[op](args[0])
    if op == "where":
        return lambda args, kw: torch.where(*args)
    if op == "softplus":
        return lambda args, kw: F.softplus(args[0], beta=kw["beta"], threshold=kw["threshold"])
    if op == "clamp":
        return lambda args, kw: torch.clamp(args[0], min=kw.get("min"), max=kw.get("max"))
    if op in ("sum", "mean"):
        f = torch.sum if op == "sum" else torch.mean

        def run(args, kw):
            if "dim" in kw:
                return f(args[0], dim=kw["dim"], keepdim=kw.get("keepdim", False))
            return f(args[0])
        return run
    if op in ("max", "min"):
        f = torch.max if op == "max" else torch.min

        def run(args, kw):
            if "dim" in kw:
                r = f(args[0], dim=kw["dim"], keepdim=kw.get("keepdim", False))
                return (r.values, r.indices)
            return f(args[0])
        return run
    if op == "argmax":
        return lambda args, kw: torch.argmax(args[0], dim=kw.get("dim"), keepdim=kw.get("keepdim", False))
    if op == "logsumexp":
        return lambda args, kw: torch.logsumexp(args[0], dim=kw["dim"], keepdim=kw.get("keepdim", False))
    if op == "norm":
        def run(args, kw):
            p = kw["p"]
            p = INF if p == "inf" else p
            return torch.linalg.vector_norm(args[0], ord=p, dim=kw.get("dim"), keepdim=kw.get("keepdim", False))
        return run
    if op == "softmax":
        return lambda args, kw: torch.softmax(args[0], dim=kw["dim"])
    if op == "log_softmax":
        return lambda args, kw: torch.log_softmax(args[0], dim=kw["dim"])
    if op == "reshape":
        return lambda args, kw: torch.reshape(args[0], kw["shape"])
    if op == "transpose":
        return lambda args, kw: torch.transpose(args[0], kw["dim0"], kw["dim1"])
    if op == "transpose_contiguous":
        return lambda args, kw: torch.transpose(args[0], kw["dim0"], kw["dim1"]).contiguous()
    if op == "permute":
        return lambda args, kw: torch.permute(args[0], kw["dims"])
    if op == "unsqueeze":
        return lambda args, kw: torch.unsqueeze(args[0], kw["dim"])
    if op == "squeeze":
        return lambda args, kw: torch.squeeze(args[0], kw["dim"]) if "dim" in kw else torch.squeeze(args[0])
    if op == "flatten":
        return lambda args, kw: torch.flatten(args[0], kw["start_dim"], kw["end_dim"])
    if op == "expand":
        return lambda args, kw: args[0].expand(*kw["sizes"])
    if op == "select":
        return lambda args, kw: torch.select(args[0], kw["dim"], kw["index"])
    if op == "narrow":
        return lambda args, kw: torch.narrow(args[0], kw["dim"], kw["start"], kw["length"])
    if op == "to":
        return lambda args, kw: args[0].to(NAME_DTYPES[kw["dtype"]])
    raise KeyError(op)


NON_DIFFERENTIABLE = set(COMPARE) | {"argmax"}


# ---------------------------------------------------------------- case runner

CASES = []
NAMES = set()
SEQ = collections.Counter()


def seed_next():
    """Seed for the next case: its index. Call before drawing inputs."""
    torch.manual_seed(len(CASES))


def add_case(op, tag, args, kwargs=None, dtype_tag=None):
    kwargs = dict(kwargs or {})
    torch.manual_seed(1_000_000 + len(CASES))  # grad_out: own per-case seed, independent of inputs
    differentiable = op not in NON_DIFFERENTIABLE
    inputs = []
    for a in args:
        a = a.detach().clone()
        if differentiable and a.dtype.is_floating_point:
            a.requires_grad_(True)
        inputs.append(a)
    out = op_fn(op, kwargs)(inputs, kwargs)
    values = out[0] if isinstance(out, tuple) else out

    grad_out = None
    grads = [None] * len(inputs)
    diff_inputs = [a for a in inputs if a.requires_grad]
    if values.requires_grad and diff_inputs:
        grad_out = torch.randn(values.shape, dtype=values.dtype)
        gs = torch.autograd.grad(values, diff_inputs, grad_out, allow_unused=True)
        it = iter(gs)
        for i, a in enumerate(inputs):
            if a.requires_grad:
                g = next(it)
                grads[i] = torch.zeros_like(a) if g is None else g

    if dtype_tag is None:
        dtype_tag = "_".join(sorted({DTYPE_NAMES[a.dtype].replace("float", "f").replace("int", "i")
                                     for a in args}))
    base = "%s_%s_%s" % (op, tag, dtype_tag)
    n = SEQ[base]
    SEQ[base] += 1
    name = "%s_%d" % (base, n)
    assert name not in NAMES, name
    NAMES.add(name)

    case = {
        "name": name,
        "op": op,
        "args": [dump(a) for a in inputs],
        "kwargs": kwargs,
        "out": [dump(out[0]), dump(out[1])] if isinstance(out, tuple) else dump(out),
        "grad_out": None if grad_out is None else dump(grad_out),
        "grads": [None if g is None else dump(g) for g in grads],
    }
    CASES.append(case)


def T(data, dtype):
    return torch.tensor(data, dtype=dtype)


def randn(shape, dtype):
    return torch.randn(shape, dtype=dtype)


def rand_pos(shape, dtype, lo=0.5, hi=2.0):
    return torch.rand(shape, dtype=dtype) * (hi - lo) + lo


def rand_nonzero(shape, dtype):
    s = torch.where(torch.rand(shape) < 0.5, -1.0, 1.0).to(dtype)
    return s * rand_pos(shape, dtype)


def rand_ties(shape, dtype):
    """Small half-integers: many exact ties."""
    return (torch.randint(-2, 3, shape).to(dtype) / 2)


def rand_int(shape, lo=-5, hi=6):
    return torch.randint(lo, hi, shape, dtype=I64)


FLOATS = (F32, F64)
_ALT = [0]


def alt():
    """Alternate float32/float64 between successive calls (keeps the case count down
    while every op still gets both float dtypes)."""
    _ALT[0] += 1
    return FLOATS[_ALT[0] % 2]

BCAST_PAIRS = [
    ("same1d", (5,), (5,)),
    ("b31x14", (3, 1), (1, 4)),
    ("b234x4", (2, 3, 4), (4,)),
    ("b0dx23", (), (2, 3)),
    ("b23x0d", (2, 3), ()),
]


# ---------------------------------------------------------------- binary ops

def gen_binary():
    for op in BINARY:
        for tag, sa, sb in BCAST_PAIRS:
            for dt in (FLOATS if tag == "same1d" else (alt(),)):
                seed_next()
                if op == "pow":
                    a, b = rand_pos(sa, dt), randn(sb, dt)
                elif op == "div":
                    a, b = randn(sa, dt), rand_nonzero(sb, dt)
                elif op in ("maximum", "minimum"):
                    a, b = rand_ties(sa, dt), rand_ties(sb, dt)
                else:
                    a, b = randn(sa, dt), randn(sb, dt)
                add_case(op, tag, [a, b])
        # 0-d x 0-d and 3-d x 3-d
        for dt in (alt(),):
            seed_next()
            if op == "pow":
                add_case(op, "0dx0d", [rand_pos((), dt), randn((), dt)])
            elif op == "div":
                add_case(op, "0dx0d", [randn((), dt), rand_nonzero((), dt)])
            else:
                add_case(op, "0dx0d", [randn((), dt), randn((), dt)])
        seed_next()
        if op == "pow":
            add_case(op, "b213x41", [rand_pos((2, 1, 3), F64), randn((4, 1), F64)])
        elif op in ("sub", "div", "minimum"):
            pass  # 3-d broadcast covered by add/mul/pow/maximum
        elif op == "maximum":
            add_case(op, "b213x41", [rand_ties((2, 1, 3), F64), rand_ties((4, 1), F64)])
        else:
            add_case(op, "b213x41", [randn((2, 1, 3), F64), randn((4, 1), F64)])

        # dtype promotion
        seed_next()
        if op == "pow":
            a32, b64 = rand_pos((2, 3), F32), randn((2, 3), F64)
        elif op == "div":
            a32, b64 = randn((2, 3), F32), rand_nonzero((2, 3), F64)
        else:
            a32, b64 = randn((2, 3), F32), randn((2, 3), F64)
        add_case(op, "promote_f32xf64", [a32, b64])            # -> float64
        seed_next()
        if op == "pow":
            ai, bf = rand_int((2, 3), 1, 4), randn((3,), F32)
        elif op == "div":
            ai, bf = rand_int((2, 3)), rand_nonzero((3,), F32)
        else:
            ai, bf = rand_int((2, 3)), randn((3,), F32)
        add_case(op, "promote_i64xf32", [ai, bf])            # -> float32
        seed_next()
        # 0-d float64 with 1-d float32: same category -> dimensioned dtype wins (float32)
        if op == "pow":
            add_case(op, "promote_0df64x1df32", [rand_pos((), F64), randn((4,), F32)])
        elif op == "div":
            add_case(op, "promote_0df64x1df32", [randn((), F64), rand_nonzero((4,), F32)])
        else:
            add_case(op, "promote_0df64x1df32", [randn((), F64), randn((4,), F32)])
        seed_next()
        if op == "pow":
            add_case(op, "int", [rand_int((2, 3), -3, 4), rand_int((3,), 0, 4)])  # int64
        elif op == "div":
            add_case(op, "int_truediv", [rand_int((2, 3), -7, 8), T([3, -2, 4], I64)])  # float32
        else:
            add_case(op, "int", [rand_int((2, 3)), rand_int((3,))])  # int64

    # special values --------------------------------------------------------
    for dt in FLOATS:
        add_case("div", "special_zero_den",
                 [T([1.0, -1.0, 0.0, 0.0, INF, 2.0], dt), T([0.0, 0.0, 0.0, -0.0, INF, -0.0], dt)])
        # pow: zero base with various exponents
        add_case("pow", "zero_base",
                 [T([0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0], dt), T([0.0, 1.0, 2.0, 0.5, -1.0, -2.5, 3.0], dt)])
        for op in ("maximum", "minimum"):
            add_case(op, "ties", [T([[1.0, 2.0, 3.0], [0.0, -1.0, 5.0]], dt),
                                  T([[1.0, 3.0, 3.0], [0.0, -2.0, 5.0]], dt)])
    for dt in (F32,):
        add_case("add", "special", [T([INF, INF, NAN, 1.0, -INF], dt), T([-INF, INF, 1.0, NAN, 2.0], dt)])
        add_case("sub", "special", [T([INF, INF, NAN, 0.0], dt), T([INF, -INF, 1.0, -0.0], dt)])
        add_case("mul", "special", [T([0.0, INF, NAN, -0.0, 2.0, 0.0], dt), T([INF, 0.0, 1.0, 3.0, NAN, 0.0], dt)])
        add_case("pow", "neg_base",
                 [T([-2.0, -2.0, -2.0, -0.5, -1.0], dt), T([2.0, 3.0, 0.5, -1.0, 0.0], dt)])
        add_case("pow", "one_base", [T([1.0, 1.0, 1.0, 2.0], dt), T([NAN, INF, 0.0, NAN], dt)])
        for op in ("maximum", "minimum"):
            add_case(op, "nan_inf", [T([NAN, 1.0, NAN, INF, -INF], dt), T([1.0, NAN, NAN, INF, 0.0], dt)])


def gen_scalar_binary():
    scalars = {"add": [2.5, -1.0], "sub": [2.5, 0.5], "mul": [2.5, 0.0], "div": [2.5, -0.5],
               "pow": [2.5, 0.0, 2.0, -1.0, 0.5]}
    for op, ss in scalars.items():
        for rev in (False, True):
            for s in ss:
                for dt in (alt(),):
                    if rev and s in (0.0,) and op != "pow":
                        continue
                    seed_next()
                    if op == "pow" and not rev:
                        a = T([0.0, 0.5, 1.0, 2.0, 3.0, -1.0], dt)  # 0-base and negative base included
                    elif op == "div" and rev:
                        a = rand_nonzero((2, 3), dt)
                    elif op == "pow" and rev:
                        a = randn((2, 3), dt)
                    else:
                        a = randn((2, 3) if dt == F32 else (), dt)
                    kw = {"scalar": float(s)}
                    if rev:
                        kw["reverse"] = True
                    add_case(op, "scalar_rev" if rev else "scalar", [a], kw)
        # int64 tensor with float scalar -> float32 (no grads: arg is integral)
        seed_next()
        a = rand_int((2, 3), 1, 5)
        add_case(op, "scalar", [a], {"scalar": 2.5})
        seed_next()
        add_case(op, "scalar_rev", [rand_int((3,), 1, 5)], {"scalar": 2.5, "reverse": True})
    # reverse pow with 0 base: 0 ** a
    for dt in FLOATS:
        add_case("pow", "scalar_rev_zero_base", [T([-1.0, 0.0, 0.5, 2.0], dt)], {"scalar": 0.0, "reverse": True})
    add_case("div", "scalar_zero_den", [T([1.0, -1.0, 0.0], F32)], {"scalar": 0.0})


def gen_compare():
    for op in COMPARE:
        seed_next()
        add_case(op, "ties", [rand_ties((3, 4), F32), rand_ties((3, 4), F32)])
        seed_next()
        add_case(op, "b31x14", [rand_ties((3, 1), F64), rand_ties((1, 4), F64)])
        seed_next()
        add_case(op, "int", [rand_int((2, 3), -2, 3), rand_int((3,), -2, 3)])
        if op == "eq":
            seed_next()
            add_case(op, "promote_i64xf32", [rand_int((2, 3), -2, 3), rand_ties((2, 3), F32)])
        add_case(op, "bool", [T([True, True, False, False], BOOL), T([True, False, True, False], BOOL)])
        add_case(op, "nan_inf", [T([NAN, NAN, 1.0, INF, -INF, 0.0], F32), T([NAN, 1.0, NAN, INF, INF, -0.0], F32)])


def gen_where():
    for dt in FLOATS:
        seed_next()
        c = torch.rand((3, 4)) < 0.5
        add_case("where", "same", [c, randn((3, 4), dt), randn((3, 4), dt)])
        seed_next()
        c = torch.rand((3, 1)) < 0.5
        add_case("where", "bcast", [c, randn((1, 4), dt), randn((4,), dt)])
        seed_next()
        c = torch.rand((2, 3, 4)) < 0.5
        add_case("where", "bcast3d", [c, randn((), dt), randn((3, 1), dt)])
        # nan in the unselected branch must not leak into values or grads
        add_case("where", "nan_unselected",
                 [T([True, False, True, False], BOOL), T([1.0, NAN, INF, 2.0], dt), T([NAN, 3.0, 4.0, -INF], dt)])
    seed_next()
    add_case("where", "promote", [torch.rand((2, 3)) < 0.5, randn((2, 3), F32), randn((3,), F64)])
    seed_next()
    add_case("where", "promote_int", [torch.rand((2, 3)) < 0.5, rand_int((2, 3)), randn((2, 3), F32)])


# ---------------------------------------------------------------- unary ops

def gen_unary():
    specials = {
        "neg": [0.0, -0.0, INF, NAN],
        "exp": [0.0, 100.0, -100.0, 1000.0, -INF, INF, NAN],
        "log": [0.0, -1.0, 1.0, INF, NAN, 1e-30],
        "log1p": [0.0, -1.0, -2.0, 1e-10, INF, NAN],
        "expm1": [0.0, 1e-10, 100.0, -100.0, -INF, NAN],
        "abs": [0.0, -0.0, -3.0, -INF, NAN],
        "sign": [0.0, -0.0, -3.0, 2.0, INF, NAN],
        "sqrt": [0.0, -1.0, 4.0, INF, NAN, 1e-30],
        "sigmoid": [0.0, 100.0, -100.0, 1000.0, -1000.0, NAN],
        "tanh": [0.0, 100.0, -100.0, 20.0, -INF, NAN],
        "relu": [0.0, -0.0, -1.0, 1.0, INF, NAN],
    }
    for op in UNARY:
        for dt in FLOATS:
            for tag, shape in (("0d", ()), ("2d", (3, 4)), ("3d", (2, 3, 2))):
                if tag != "2d" and dt != alt():
                    continue
                seed_next()
                if op in ("log", "sqrt"):
                    a = rand_pos(shape, dt, 0.1, 3.0)
                elif op == "log1p":
                    a = rand_pos(shape, dt, -0.9, 3.0)
                elif op in ("abs", "sign", "relu"):
                    a = rand_ties(shape, dt)  # includes exact zeros
                else:
                    a = randn(shape, dt)
                add_case(op, tag, [a])
            if dt == F32 or op in ("exp", "log", "sqrt", "sigmoid", "expm1"):
                add_case(op, "special", [T(specials[op], dt)])
        if op in ("neg", "abs"):
            seed_next()
            add_case(op, "int", [rand_int((2, 3))])

    # softplus
    sp_cfg = [(1.0, 20.0), (2.0, 5.0), (0.5, 1.0)]
    for beta, thr in sp_cfg:
        dt = alt()
        seed_next()
        add_case("softplus", "2d", [randn((3, 4), dt) * 3], {"beta": beta, "threshold": thr})
    for dt in FLOATS:
        add_case("softplus", "special", [T([0.0, 100.0, -100.0, 20.0, 19.99, 20.01, 2.5, -INF, NAN], dt)],
                 {"beta": 1.0, "threshold": 20.0})
        # x*beta exactly at the threshold (5.0) is NOT linear: the test is strict '>' 
        if dt == F32:
            add_case("softplus", "threshold_edge", [T([2.5, 2.4, 2.6, -2.5], dt)], {"beta": 2.0, "threshold": 5.0})
        # large threshold: exp(x*beta) overflows -> inf value, nan grad (float32 at 100 already)
        add_case("softplus", "overflow", [T([50.0, 100.0, 800.0, -800.0], dt)], {"beta": 1.0, "threshold": 1e6})

    # clamp
    for kw in ({"min": -0.5, "max": 0.5}, {"min": 0.0}, {"max": 0.25}):
        seed_next()
        add_case("clamp", "2d", [randn((3, 4), alt())], kw)
    seed_next()
    add_case("clamp", "0d", [randn((), alt())], {"min": -0.1, "max": 0.1})
    for dt in FLOATS:
        # boundary values: gradient passes through (mask is min <= x <= max)
        add_case("clamp", "boundary", [T([-1.0, -0.5, 0.0, 0.5, 1.0, NAN, INF, -INF], dt)],
                 {"min": -0.5, "max": 0.5})
        # min > max: result is max everywhere, grad 0 everywhere
        if dt == F32:
            add_case("clamp", "min_gt_max", [T([-2.0, 0.0, 1.0, 1.5, 3.0], dt)], {"min": 2.0, "max": 1.0})
    seed_next()
    add_case("clamp", "int", [rand_int((2, 3))], {"min": -1.0, "max": 2.0})


# ---------------------------------------------------------------- reductions

def gen_reductions():
    for op in ("sum", "mean"):
        cfgs = [
            ("0d", (), {}),
            ("all", (3, 4), {}),
            ("all3d", (2, 3, 4), {}),
            ("dim0", (3, 4), {"dim": 0, "keepdim": False}),
            ("dimneg1_keep", (3, 4), {"dim": -1, "keepdim": True}),
            ("dims02", (2, 3, 4), {"dim": [0, 2], "keepdim": False}),
            ("dimsneg_keep", (2, 3, 4), {"dim": [-1, -2], "keepdim": True}),
            ("dim1d", (5,), {"dim": 0, "keepdim": False}),
            ("dim0d", (), {"dim": 0, "keepdim": True}),
        ]
        for tag, shape, kw in cfgs:
            seed_next()
            add_case(op, tag, [randn(shape, alt())], kw)
        add_case(op, "special", [T([[1.0, INF, 2.0], [NAN, 1.0, 0.0], [INF, -INF, 1.0]], F32)],
                 {"dim": 1, "keepdim": False})
    seed_next()
    add_case("sum", "int", [rand_int((2, 3))], {"dim": 1, "keepdim": False})
    add_case("sum", "bool", [T([[True, False, True], [True, True, True]], BOOL)])  # -> int64

    for op in ("max", "min"):
        for dt in FLOATS:
            seed_next()
            add_case(op, "all", [randn((3, 4), dt)])
            if dt == F64:
                seed_next()
                add_case(op, "all_0d", [randn((), dt)])
                # ties: gradient split evenly across all maximal elements
                seed_next()
                add_case(op, "all_ties", [rand_ties((3, 4), dt)])
            else:
                add_case(op, "all_ties3", [T([[1.0, -1.0, 1.0], [1.0, 0.0, -1.0]], dt)])
        for tag, shape, kw in (("dim1", (3, 4), {"dim": 1, "keepdim": False}),
                               ("dim0_keep", (3, 4), {"dim": 0, "keepdim": True}),
                               ("dimneg2", (2, 3, 4), {"dim": -2, "keepdim": False}),
                               ("dim0_1d", (5,), {"dim": 0, "keepdim": False})):
            seed_next()
            add_case(op, tag, [randn(shape, alt())], kw)
        for dt in FLOATS:
            # ties along dim: index = first occurrence; grad only to that index
            add_case(op, "dim_ties", [T([[1.0, 3.0, 3.0], [2.0, 2.0, 2.0], [-1.0, -1.0, 0.0]], dt)],
                     {"dim": 1, "keepdim": False})
        add_case(op, "all_nan", [T([1.0, NAN, 3.0, NAN], F32)])
        seed_next()
        add_case(op, "int_dim", [rand_int((3, 4))], {"dim": 1, "keepdim": False})
        seed_next()
        add_case(op, "int_all", [rand_int((3, 4))])

    seed_next()
    add_case("argmax", "all", [randn((3, 4), alt())])
    seed_next()
    add_case("argmax", "dim1", [randn((3, 4), alt())], {"dim": 1, "keepdim": False})
    seed_next()
    add_case("argmax", "dimneg1_keep", [randn((2, 3, 4), alt())], {"dim": -1, "keepdim": True})
    add_case("argmax", "ties", [T([[1.0, 3.0, 3.0], [2.0, 2.0, 2.0]], F32)], {"dim": 1, "keepdim": False})
    add_case("argmax", "ties_all", [T([[1.0, 3.0, 3.0], [3.0, 2.0, 2.0]], F32)])
    add_case("argmax", "all_keep", [T([[1.0, 3.0, 4.0], [3.0, 2.0, 2.0]], F32)], {"keepdim": True})
    seed_next()
    add_case("argmax", "int", [rand_int((3, 4))], {"dim": 0, "keepdim": False})

    for dt in FLOATS:
        for tag, shape, kw in (("dim1", (3, 4), {"dim": 1, "keepdim": False}),
                               ("dim0_keep", (3, 4), {"dim": 0, "keepdim": True}),
                               ("dims", (2, 3, 4), {"dim": [0, -1], "keepdim": False}),
                               ("1d", (5,), {"dim": 0, "keepdim": False})):
            if dt != alt():
                continue
            seed_next()
            add_case("logsumexp", tag, [randn(shape, dt) * 3], kw)
        add_case("logsumexp", "large", [T([[1000.0, 1000.0, -1000.0], [-1000.0, -1000.0, -INF], [0.0, -INF, 1.0]], dt)],
                 {"dim": 1, "keepdim": False})
        if dt == F64:
            add_case("logsumexp", "all_neginf", [T([[-INF, -INF], [0.0, 1.0]], dt)], {"dim": 1, "keepdim": False})
        if dt == F32:
            add_case("logsumexp", "posinf", [T([[INF, 1.0], [0.0, 1.0]], dt)], {"dim": 1, "keepdim": False})

    for dt in FLOATS:
        for p in (1, 2, 3, "inf", 0.5):
            if dt != alt():
                seed_next()
                add_case("norm", "all", [randn((3, 4), dt)], {"p": p, "keepdim": False})
            seed_next()
            a = randn((3, 4), dt)
            a[1] = 0.0  # zero row: gradient at the origin
            a[2, 1] = 0.0  # isolated zero inside a non-zero row
            add_case("norm", "dim1_zero_row", [a], {"p": p, "dim": 1, "keepdim": False})
        seed_next()
        if dt == F32:
            add_case("norm", "dim0_keep", [randn((3, 4), dt)], {"p": 2, "dim": 0, "keepdim": True})
        else:
            add_case("norm", "dimneg1_3d", [randn((2, 3, 4), dt)], {"p": 2, "dim": -1, "keepdim": False})
        add_case("norm", "inf_ties", [T([[3.0, -3.0, 1.0], [2.0, -1.0, 0.0]], dt)], {"p": "inf", "dim": 1, "keepdim": False})
        if dt == F32:
            add_case("norm", "0d", [T(-2.0, dt)], {"p": 2, "keepdim": False})
        else:
            add_case("norm", "zero_all", [T([0.0, 0.0, 0.0], dt)], {"p": 2, "keepdim": False})


def gen_softmax():
    for op in ("softmax", "log_softmax"):
        for dt in FLOATS:
            seed_next()
            add_case(op, "dim1", [randn((3, 4), dt)], {"dim": 1})
            seed_next()
            if dt == F32:
                add_case(op, "dim0", [randn((3, 4), dt)], {"dim": 0})
                add_case(op, "0d", [T(1.5, dt)], {"dim": 0})
            else:
                add_case(op, "dimneg2_3d", [randn((2, 3, 4), dt)], {"dim": -2})
                seed_next()
                add_case(op, "1d", [randn((5,), dt)], {"dim": 0})
            add_case(op, "large", [T([[1000.0, -1000.0, 0.0], [1000.0, 1000.0, 999.0], [-1000.0, -1000.0, -999.0]], dt)],
                     {"dim": 1})
            if dt == F32:
                add_case(op, "neginf", [T([[-INF, 0.0, 1.0], [2.0, -INF, -INF], [-INF, 5.0, -INF]], dt)], {"dim": -1})
        add_case(op, "all_neginf", [T([[-INF, -INF, -INF], [0.0, 1.0, 2.0]], F64)], {"dim": 1})


# ---------------------------------------------------------------- views

def gen_views():
    v = [
        ("reshape", "2d_to_1d", (3, 4), {"shape": [12]}),
        ("reshape", "neg1", (2, 3, 4), {"shape": [4, -1]}),
        ("reshape", "to_0d", (1, 1), {"shape": []}),
        ("reshape", "from_0d", (), {"shape": [1, 1, -1]}),
        ("transpose", "2d", (3, 4), {"dim0": 0, "dim1": 1}),
        ("transpose", "3d_neg", (2, 3, 4), {"dim0": -1, "dim1": 0}),
        ("transpose", "same", (2, 3), {"dim0": 1, "dim1": 1}),
        ("transpose_contiguous", "2d", (3, 4), {"dim0": 0, "dim1": 1}),
        ("transpose_contiguous", "3d", (2, 3, 4), {"dim0": 1, "dim1": 2}),
        ("permute", "3d", (2, 3, 4), {"dims": [2, 0, 1]}),
        ("permute", "neg", (2, 3, 4), {"dims": [-1, -3, -2]}),
        ("unsqueeze", "front", (3, 4), {"dim": 0}),
        ("unsqueeze", "neg1", (3, 4), {"dim": -1}),
        ("unsqueeze", "0d", (), {"dim": 0}),
        ("squeeze", "all", (1, 3, 1, 2), {}),
        ("squeeze", "dim", (1, 3, 1, 2), {"dim": 2}),
        ("squeeze", "dim_noop", (1, 3, 1, 2), {"dim": 1}),
        ("squeeze", "neg", (3, 1), {"dim": -1}),
        ("flatten", "all", (2, 3, 4), {"start_dim": 0, "end_dim": -1}),
        ("flatten", "mid", (2, 3, 4, 1), {"start_dim": 1, "end_dim": 2}),
        ("flatten", "0d", (), {"start_dim": 0, "end_dim": -1}),
        ("expand", "col", (3, 1), {"sizes": [3, 4]}),
        ("expand", "neg1_lead", (3, 1), {"sizes": [2, -1, 4]}),
        ("expand", "0d", (), {"sizes": [2, 3]}),
        ("expand", "1d", (4,), {"sizes": [3, -1]}),
        ("select", "dim0", (3, 4), {"dim": 0, "index": 1}),
        ("select", "negidx", (2, 3, 4), {"dim": 1, "index": -1}),
        ("select", "negdim", (2, 3, 4), {"dim": -1, "index": 2}),
        ("select", "1d", (5,), {"dim": 0, "index": 3}),
        ("narrow", "dim1", (3, 4), {"dim": 1, "start": 1, "length": 2}),
        ("narrow", "dim0_3d", (4, 2, 3), {"dim": 0, "start": 0, "length": 3}),
        ("narrow", "negstart", (5,), {"dim": 0, "start": -3, "length": 2}),
        ("narrow", "empty", (3, 4), {"dim": 1, "start": 2, "length": 0}),
    ]
    for op, tag, shape, kw in v:
        seed_next()
        add_case(op, tag, [randn(shape, alt())], kw)
    # views on integer tensors (no grads)
    seed_next()
    add_case("reshape", "int", [rand_int((2, 3))], {"shape": [3, -1]})
    seed_next()
    add_case("transpose_contiguous", "int", [rand_int((2, 3))], {"dim0": 0, "dim1": 1})
    seed_next()
    add_case("expand", "bool", [torch.rand((3, 1)) < 0.5], {"sizes": [3, 2]})


def gen_to():
    seed_next()
    add_case("to", "f32_to_f64", [randn((3, 4), F32)], {"dtype": "float64"})
    seed_next()
    add_case("to", "f64_to_f32", [randn((3, 4), F64) * 1e-3], {"dtype": "float32"})  # rounding
    add_case("to", "f64_to_f32_special", [T([1e300, -1e300, 1e-300, NAN, INF, 0.1], F64)], {"dtype": "float32"})
    seed_next()
    add_case("to", "f32_to_f32", [randn((2, 3), F32)], {"dtype": "float32"})
    seed_next()
    add_case("to", "f64_0d", [randn((), F64)], {"dtype": "float32"})
    add_case("to", "f32_to_i64", [T([-2.7, -0.5, 0.0, 0.5, 2.7, 3.0], F32)], {"dtype": "int64"})  # trunc toward 0
    add_case("to", "f32_to_bool", [T([-2.7, 0.0, -0.0, 0.5, NAN], F32)], {"dtype": "bool"})
    add_case("to", "i64_to_f32", [T([-3, 0, 16777217, 5], I64)], {"dtype": "float32"})
    add_case("to", "i64_to_f64", [T([-3, 0, 2, 5], I64)], {"dtype": "float64"})
    add_case("to", "bool_to_f32", [T([True, False, True], BOOL)], {"dtype": "float32"})
    add_case("to", "bool_to_i64", [T([True, False, True], BOOL)], {"dtype": "int64"})
    add_case("to", "i64_to_bool", [T([-1, 0, 2], I64)], {"dtype": "bool"})


# ---------------------------------------------------------------- main

def main():
    gen_binary()
    gen_scalar_binary()
    gen_compare()
    gen_where()
    gen_unary()
    gen_reductions()
    gen_softmax()
    gen_views()
    gen_to()

    os.makedirs(os.path.dirname(OUT_PATH), exist_ok=True)
    with open(OUT_PATH, "w") as f:
        json.dump(CASES, f, separators=(",", ":"))
        f.write("\n")

    with open(OUT_PATH) as f:
        loaded = json.load(f)
    assert len(loaded) == len(CASES)
    assert len({c["name"] for c in loaded}) == len(loaded)

    per_op = collections.Counter(c["op"] for c in loaded)
    kw_keys = collections.defaultdict(set)
    for c in loaded:
        kw_keys[c["op"]].update(c["kwargs"].keys())
    print("wrote %s: %d cases, %d bytes, torch %s" % (
        os.path.relpath(OUT_PATH, ROOT), len(loaded), os.path.getsize(OUT_PATH), torch.__version__))
    for op in sorted(per_op):
        print("  %-22s %4d  kwargs=%s" % (op, per_op[op], sorted(kw_keys[op])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
