#!/usr/bin/python3
"""Golden fixtures for the training ops of losses4j, produced by PyTorch (oracle: 1.13).

Writes losses4j-core/src/test/resources/golden/ops_training.json: a JSON list of cases, each one of

  op case      {"name", "op", "args": [T...], "kwargs": {...}, "out": T, "grad_fn": str|null,
                "grad_out": T|null, "grads": [T|null...]}
  error case   {"name", "op", "args": [T...], "kwargs": {...}, "error": str}          (the message PyTorch raises)
  in-place     {"name", "op": "add_"|..., "args": [self, other...], "kwargs": {...}, "out": T, "exact": true}
               (self after the op, compared bit for bit: PyTorch's float32 arithmetic)
  scenario     {"name", "scenario": str, "error": str}   a named sequence of autograd and in-place calls that the
               Java test repeats (OpsTrainingGoldenTest.SCENARIOS), with the message PyTorch raises at backward or at
               the in-place call

T = {"dtype", "shape", "data"} as in gen_ops.py.  grads[i] = d(sum(out * grad_out)) / d(args[i]) for floating args.
Ops: matmul (every case of torch.matmul's documentation, broadcast batch dims), mm, bmm, dot, mv, gather,
index_select, scatter_add, cat, stack, where, in float32 and float64.  float32 values are compared at
torch.testing's tolerances (rtol 1.3e-6, atol 1e-5): the products here sum at most 64 terms of N(0,1) values, so
the difference of two float32 summation orders (about sqrt(k) u |c|) stays well inside them; no scaling is used.

Deterministic: torch.manual_seed(<case index>) before each case's inputs; one thread.
    /usr/bin/python3 tools/golden/gen_ops_training.py
"""
import json
import os

import torch

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT_PATH = os.path.join(ROOT, "losses4j-core", "src", "test", "resources", "golden", "ops_training.json")
F32, F64, I64, BOOL = torch.float32, torch.float64, torch.int64, torch.bool
NAMES = {F32: "float32", F64: "float64", I64: "int64", BOOL: "bool"}
torch.set_num_threads(1)


def dump(t):
    t = t.detach().contiguous()
    flat = t.reshape(-1).tolist()
    if t.dtype.is_floating_point:
        flat = [float(x) for x in flat]
    elif t.dtype == I64:
        flat = [int(x) for x in flat]
    else:
        flat = [bool(x) for x in flat]
    return {"dtype": NAMES[t.dtype], "shape": list(t.shape), "data": flat}


def run(op, args, kw):
    if op == "matmul": return torch.matmul(*args)
    if op == "mm": return torch.mm(*args)
    if op == "bmm": return torch.bmm(*args)
    if op == "dot": return torch.dot(*args)
    if op == "mv": return torch.mv(*args)
    if op == "gather": return torch.gather(args[0], kw["dim"], args[1])
    if op == "index_select": return torch.index_select(args[0], kw["dim"], args[1])
    if op == "scatter_add": return args[0].scatter_add(kw["dim"], args[1], args[2])
    if op == "cat": return torch.cat(args, kw["dim"])
    if op == "stack": return torch.stack(args, kw["dim"])
    if op == "where": return torch.where(*args)
    raise KeyError(op)


cases = []


def op_case(name, op, args, kw=None):
    kw = kw or {}
    idx = len(cases)
    args = [a.clone().requires_grad_(a.dtype.is_floating_point) for a in args]
    out = run(op, args, kw)
    case = {"name": name, "op": op, "args": [dump(a) for a in args], "kwargs": kw, "out": dump(out),
            "grad_fn": type(out.grad_fn).__name__ if out.grad_fn is not None else None, "grad_out": None, "grads": []}
    diff = [a for a in args if a.requires_grad]
    if out.dtype.is_floating_point and diff:
        torch.manual_seed(1000000 + idx)
        g = torch.randn(out.shape, dtype=out.dtype)
        grads = torch.autograd.grad(out, diff, g, allow_unused=True)
        it = iter(grads)
        case["grad_out"] = dump(g)
        case["grads"] = [(lambda x: None if x is None else dump(x))(next(it)) if a.requires_grad else None for a in args]
    else:
        case["grads"] = [None for _ in args]
    cases.append(case)


def error_case(name, op, args, kw=None):
    kw = kw or {}
    try:
        run(op, args, kw)
    except (RuntimeError, IndexError, TypeError) as e:
        cases.append({"name": name, "op": op, "args": [dump(a) for a in args], "kwargs": kw, "error": str(e)})
        return
    raise AssertionError(name + " did not fail")


def rn(*shape, dtype=F32):
    return torch.randn(*shape, dtype=dtype)


MATMUL_SHAPES = [((5,), (5,)), ((3, 5), (5,)), ((5,), (5, 4)), ((3, 5), (5, 4)), ((2, 3, 5), (5, 4)), ((2, 3, 5), (5,)),
                 ((5,), (2, 5, 4)), ((3, 5), (2, 5, 4)), ((2, 3, 5), (2, 5, 4)), ((2, 1, 3, 5), (4, 5, 2)),
                 ((1, 3, 5), (4, 5, 2)), ((3, 1, 2, 5), (1, 4, 5, 3)), ((17, 33), (33, 19)), ((64, 64), (64, 40)),
                 ((4, 40), (40,)), ((0, 5), (5, 3)), ((3, 0), (0, 4)), ((6, 64), (64, 37))]
for dt in (F32, F64):
    dn = NAMES[dt]
    for sa, sb in MATMUL_SHAPES:
        torch.manual_seed(len(cases))
        op_case("matmul_%s_%s_%s" % ("x".join(map(str, sa)) or "s", "x".join(map(str, sb)), dn), "matmul", [rn(*sa, dtype=dt), rn(*sb, dtype=dt)])
    torch.manual_seed(len(cases))
    a = rn(4, 7, dtype=dt)
    op_case("mm_transposed_%s" % dn, "mm", [a.t(), rn(4, 6, dtype=dt)])
    torch.manual_seed(len(cases))
    op_case("bmm_%s" % dn, "bmm", [rn(3, 4, 5, dtype=dt), rn(3, 5, 6, dtype=dt)])
    torch.manual_seed(len(cases))
    op_case("dot_%s" % dn, "dot", [rn(9, dtype=dt), rn(9, dtype=dt)])
    torch.manual_seed(len(cases))
    op_case("mv_%s" % dn, "mv", [rn(4, 9, dtype=dt), rn(9, dtype=dt)])
    torch.manual_seed(len(cases))
    x = rn(3, 4, dtype=dt)
    op_case("gather_dim0_%s" % dn, "gather", [x, torch.tensor([[0, 1, 2, 0], [2, 2, 0, 1]])], {"dim": 0})
    op_case("gather_dim1_%s" % dn, "gather", [x, torch.tensor([[3, 3], [0, 1], [2, 2]])], {"dim": 1})
    op_case("gather_3d_%s" % dn, "gather", [rn(2, 3, 4, dtype=dt), torch.randint(0, 3, (2, 2, 4))], {"dim": -2})
    op_case("index_select_%s" % dn, "index_select", [x, torch.tensor([2, 0, 2, 1])], {"dim": 0})
    op_case("index_select_dim1_%s" % dn, "index_select", [x, torch.tensor([3, 3, 0])], {"dim": 1})
    op_case("scatter_add_%s" % dn, "scatter_add", [x, torch.tensor([[0, 1, 2, 0], [0, 1, 0, 1]]), rn(2, 4, dtype=dt)], {"dim": 0})
    op_case("scatter_add_dim1_%s" % dn, "scatter_add", [x, torch.tensor([[3, 3], [0, 1], [2, 2]]), rn(3, 2, dtype=dt)], {"dim": 1})
    op_case("cat_dim0_%s" % dn, "cat", [x, rn(2, 4, dtype=dt)], {"dim": 0})
    op_case("cat_dim1_%s" % dn, "cat", [x, rn(3, 1, dtype=dt), rn(3, 2, dtype=dt)], {"dim": -1})
    op_case("stack_dim0_%s" % dn, "stack", [x, rn(3, 4, dtype=dt)], {"dim": 0})
    op_case("stack_dim2_%s" % dn, "stack", [x, rn(3, 4, dtype=dt), rn(3, 4, dtype=dt)], {"dim": 2})
    op_case("where_%s" % dn, "where", [torch.tensor([[True, False, True, False]]), x, rn(3, 1, dtype=dt)])
torch.manual_seed(len(cases))
op_case("cat_promotes", "cat", [rn(2, 3), rn(1, 3, dtype=F64)], {"dim": 0})
op_case("matmul_int64", "matmul", [torch.randint(-5, 5, (2, 3, 4)), torch.randint(-5, 5, (4, 2))])

# errors
z = torch.zeros
error_case("mm_shapes", "mm", [z(2, 3), z(4, 5)])
error_case("mm_self_1d", "mm", [z(3), z(3, 4)])
error_case("mm_mat2_1d", "mm", [z(4, 3), z(3)])
error_case("mm_dtypes", "mm", [z(2, 3), z(3, 4, dtype=F64)])
error_case("mm_double_float", "mm", [z(2, 3, dtype=F64), z(3, 4)])
error_case("bmm_2d", "bmm", [z(2, 3), z(2, 3, 4)])
error_case("bmm_batch2_2d", "bmm", [z(2, 2, 3), z(2, 3)])
error_case("bmm_batch", "bmm", [z(2, 2, 3), z(3, 3, 4)])
error_case("bmm_inner", "bmm", [z(2, 2, 3), z(2, 4, 4)])
error_case("dot_sizes", "dot", [z(3), z(4)])
error_case("dot_2d", "dot", [z(3, 1), z(3)])
error_case("mv_sizes", "mv", [z(2, 3), z(4)])
error_case("matmul_0d", "matmul", [torch.tensor(1.), z(4)])
error_case("matmul_1d_0d", "matmul", [z(4), torch.tensor(1.)])
error_case("matmul_dot", "matmul", [z(3), z(4)])
error_case("matmul_mv", "matmul", [z(2, 3), z(4)])
error_case("matmul_1d_2d", "matmul", [z(3), z(4, 5)])
error_case("matmul_fold", "matmul", [z(2, 2, 3), z(4, 5)])
error_case("matmul_fold_1d", "matmul", [z(2, 2, 3), z(4)])
error_case("matmul_fold_transposed_1d", "matmul", [z(3), z(2, 4, 5)])
error_case("matmul_fold_transposed", "matmul", [z(4, 3), z(2, 4, 5)])
error_case("matmul_batch_broadcast", "matmul", [z(2, 2, 3), z(3, 3, 5)])
error_case("matmul_batch_inner", "matmul", [z(2, 2, 3), z(2, 4, 5)])
error_case("matmul_dtypes", "matmul", [z(2, 3), z(3, 4, dtype=F64)])
error_case("gather_out_of_range", "gather", [z(3, 4), torch.tensor([[5, 0, 0, 0]])], {"dim": 0})
error_case("gather_negative", "gather", [z(3, 4), torch.tensor([[-1, 0, 0, 0]])], {"dim": 1})
error_case("gather_float_index", "gather", [z(3, 4), z(1, 4)], {"dim": 0})
error_case("gather_dims", "gather", [z(3, 4), torch.tensor([0, 1])], {"dim": 0})
error_case("gather_size", "gather", [z(3, 4), torch.zeros(2, 5, dtype=I64)], {"dim": 0})
error_case("gather_dim", "gather", [z(3, 4), torch.zeros(2, 4, dtype=I64)], {"dim": 2})
error_case("index_select_out_of_range", "index_select", [z(3, 4), torch.tensor([5])], {"dim": 0})
error_case("index_select_2d", "index_select", [z(3, 4), torch.tensor([[0]])], {"dim": 0})
error_case("index_select_float", "index_select", [z(3, 4), torch.tensor([0.])], {"dim": 0})
error_case("scatter_add_out_of_range", "scatter_add", [z(3, 4), torch.tensor([[5, 0, 0, 0]]), z(2, 4)], {"dim": 0})
error_case("scatter_add_src", "scatter_add", [z(3, 4), torch.zeros(2, 4, dtype=I64), z(1, 4)], {"dim": 0})
error_case("scatter_add_dtype", "scatter_add", [z(3, 4), torch.zeros(2, 4, dtype=I64), z(2, 4, dtype=F64)], {"dim": 0})
error_case("cat_sizes", "cat", [z(3, 4), z(3, 5)], {"dim": 0})
error_case("cat_dims", "cat", [z(3, 4), z(3)], {"dim": 0})
error_case("cat_dim", "cat", [z(3, 4), z(3, 4)], {"dim": 2})
error_case("stack_sizes", "stack", [z(3, 4), z(3, 5)], {"dim": 0})
error_case("stack_dim", "stack", [z(3, 4), z(3, 4)], {"dim": 3})
error_case("where_long", "where", [torch.tensor([1, 0, 1]), z(3), z(3)])

# in-place arithmetic: PyTorch's float32 rounding, bit for bit
def inplace_case(name, op, self_, others, kw=None):
    kw = kw or {}
    s = self_.clone()
    getattr(s, op)(*others, **kw)
    cases.append({"name": name, "op": op, "args": [dump(self_)] + [dump(o) if torch.is_tensor(o) else {"scalar": o} for o in others],
                  "kwargs": kw, "out": dump(s), "exact": True})


for dt in (F32, F64):
    dn = NAMES[dt]
    torch.manual_seed(len(cases))
    p, g = rn(1000, dtype=dt), rn(1000, dtype=dt)
    inplace_case("add_alpha_%s" % dn, "add_", p, [g], {"alpha": -0.1234567})
    inplace_case("sub_alpha_%s" % dn, "sub_", p, [g], {"alpha": 0.37})
    inplace_case("add_%s" % dn, "add_", p, [g])
    inplace_case("add_scalar_%s" % dn, "add_", p, [0.1234567])
    inplace_case("sub_scalar_%s" % dn, "sub_", p, [0.1])
    inplace_case("mul_scalar_%s" % dn, "mul_", p, [0.1234567])
    inplace_case("div_scalar_%s" % dn, "div_", p, [0.1234567])
    inplace_case("mul_%s" % dn, "mul_", p, [g])
    inplace_case("div_%s" % dn, "div_", p, [g.abs() + 0.5])
    inplace_case("add_broadcast_%s" % dn, "add_", rn(4, 5, dtype=dt), [rn(5, dtype=dt)], {"alpha": 0.3})
    inplace_case("clamp_%s" % dn, "clamp_", p, [], {"min": -0.5, "max": 0.75})
    inplace_case("copy_broadcast_%s" % dn, "copy_", rn(3, 4, dtype=dt), [rn(4, dtype=F64)])
inplace_case("add_mixed_f32_f64", "add_", rn(100), [rn(100, dtype=F64)], {"alpha": 0.1})
inplace_case("sub_int64_alpha", "sub_", torch.arange(6), [torch.ones(6, dtype=I64)], {"alpha": 2})


# in-place rules: named scenarios (the Java test performs the same calls)
def scenario(name, fn):
    try:
        fn()
    except RuntimeError as e:
        cases.append({"name": name, "scenario": name, "error": str(e)})
        return
    raise AssertionError(name + " did not fail")


def leaf():
    return torch.randn(3, requires_grad=True)


def s_exp_output():
    y = leaf().exp(); y.add_(1); y.sum().backward()


def s_mul_rebased_input():
    y = leaf() * 2; z = y * y; y.add_(1); z.sum().backward()


def s_mul_leaf_no_grad():
    x = leaf(); z = x * x
    with torch.no_grad():
        x.add_(1)
    z.sum().backward()


def s_mm_leaf_no_grad():
    w = torch.randn(2, 3, dtype=F64, requires_grad=True); z = w.mm(w.t())
    with torch.no_grad():
        w.mul_(2)
    z.sum().backward()


def s_matmul_weight_no_grad():
    x = torch.randn(4, 3, requires_grad=True); w = torch.randn(3, 2); z = x.matmul(w)
    w.add_(1)
    z.sum().backward()


def s_sigmoid_output():
    y = leaf().sigmoid(); y.mul_(2); y.sum().backward()


def s_zero_saved():
    x = leaf(); y = x * 1; z = y.pow(2); y.zero_(); z.sum().backward()


def s_div_divisor():
    x = leaf(); d = torch.rand(3) + 1; z = x / d; d.fill_(2); z.sum().backward()


for nm, fn in [("exp_output_modified", s_exp_output), ("mul_input_rebased", s_mul_rebased_input), ("mul_leaf_modified_under_no_grad", s_mul_leaf_no_grad),
               ("mm_leaf_modified_under_no_grad", s_mm_leaf_no_grad), ("matmul_weight_modified", s_matmul_weight_no_grad),
               ("sigmoid_output_modified", s_sigmoid_output), ("pow_input_zeroed", s_zero_saved), ("div_divisor_filled", s_div_divisor)]:
    scenario(nm, fn)
for op, call in [("add_", lambda x: x.add_(1)), ("sub_", lambda x: x.sub_(torch.ones(3), alpha=2)), ("mul_", lambda x: x.mul_(2)),
                 ("div_", lambda x: x.div_(2)), ("zero_", lambda x: x.zero_()), ("fill_", lambda x: x.fill_(1)),
                 ("clamp_", lambda x: x.clamp_(0, 1)), ("copy_", lambda x: x.copy_(torch.ones(3))),
                 ("scatter_add_", lambda x: x.scatter_add_(0, torch.tensor([0]), torch.ones(1))),
                 ("uniform_", lambda x: x.uniform_(0, 1)), ("normal_", lambda x: x.normal_(0, 1))]:
    scenario("leaf_" + op, lambda: call(leaf()))
scenario("view_of_leaf_add_", lambda: leaf()[0].add_(1))
scenario("view_of_leaf_mul_", lambda: leaf().view(3).mul_(2))
scenario("inplace_int_from_float", lambda: torch.ones(3, dtype=I64).add_(1.5))
scenario("inplace_broadcast_self", lambda: torch.ones(3).add_(torch.ones(2, 3)))
scenario("inplace_int_div", lambda: torch.ones(3, dtype=I64).div_(2))
scenario("inplace_int_alpha", lambda: torch.ones(3, dtype=I64).sub_(torch.ones(3, dtype=I64), alpha=2.5))

with open(OUT_PATH, "w") as f:
    json.dump(cases, f, indent=None, separators=(",", ":"))
    f.write("\n")
kinds = {}
for c in cases:
    k = "scenario" if "scenario" in c else "error" if "error" in c else "in-place" if c.get("exact") else "op"
    kinds[k] = kinds.get(k, 0) + 1
print("wrote %d cases to %s: %s" % (len(cases), OUT_PATH, kinds))
