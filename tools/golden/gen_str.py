#!/usr/bin/python3
"""Golden fixtures for org.losses4j.TensorFormatter: what PyTorch 1.13 prints for str(tensor).

Run from the repository root with the system Python that has torch 1.13:

    /usr/bin/python3 tools/golden/gen_str.py

Writes losses4j-core/src/test/resources/golden/str.json, a list of
{"name", "dtype", "shape", "data", "grad_fn", "requires_grad", "expected"}.
float32 data is emitted as the exact double of each float32 value; NaN/Infinity
appear as bare JSON tokens (the Java test reads the file with a lenient Gson).
"""
import json
import math
import os

import torch

torch.manual_seed(0)
torch.set_printoptions(profile="default")

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                   "..", "..", "losses4j-core", "src", "test", "resources", "golden", "str.json")

DTYPES = {
    torch.float32: "float32",
    torch.float64: "float64",
    torch.int64: "int64",
    torch.bool: "bool",
}

cases = []
names = set()


def add(name, t):
    assert name not in names, name
    names.add(name)
    assert t.dtype in DTYPES, (name, t.dtype)
    grad_fn = type(t.grad_fn).__name__ if t.grad_fn is not None else None
    requires_grad = bool(t.requires_grad and t.grad_fn is None)
    flat = t.detach().reshape(-1).tolist()
    if t.dtype.is_floating_point:
        flat = [float(v) for v in flat]
    cases.append({
        "name": name,
        "dtype": DTYPES[t.dtype],
        "shape": list(t.shape),
        "data": flat,
        "grad_fn": grad_fn,
        "requires_grad": requires_grad,
        "expected": str(t),
    })


nan, inf = float("nan"), float("inf")
f32, f64, i64 = torch.float32, torch.float64, torch.int64

# ---- 0-d -------------------------------------------------------------------------------
add("scalar_f32", torch.tensor(0.5732))
add("scalar_f32_int", torch.tensor(3.0))
add("scalar_f32_zero", torch.tensor(0.0))
add("scalar_f32_negzero", torch.tensor(-0.0))
add("scalar_f32_nan", torch.tensor(nan))
add("scalar_f32_neginf", torch.tensor(-inf))
add("scalar_f32_small_sci", torch.tensor(1.5e-5))
add("scalar_f32_large_sci", torch.tensor(3.0e10))
add("scalar_f32_large_nonint", torch.tensor(1.25e9 + 0.5, dtype=f64).float())
add("scalar_f64", torch.tensor(2.718281828459045, dtype=f64))
add("scalar_i64_neg", torch.tensor(-2))
add("scalar_bool", torch.tensor(False))
add("scalar_requires_grad", torch.tensor(1.5, requires_grad=True))

# ---- 1-d floats ------------------------------------------------------------------------
add("vec_int_mode", torch.tensor([1.0, 2.0, 3.0]))
add("vec_int_mode_neg", torch.tensor([-1.0, 20.0, -300.0, 0.0]))
add("vec_four_decimals", torch.tensor([0.1, -1.23456, 10.5, 3.14159]))
add("vec_randn", torch.randn(6))
add("vec_ratio_1000_fixed", torch.tensor([0.5, 500.0]))
add("vec_ratio_over_1000_sci", torch.tensor([0.001, 2.0]))
add("vec_int_ratio_1000", torch.tensor([1.0, 1000.0]))
add("vec_int_ratio_over_1000_sci", torch.tensor([1.0, 2000.0]))
add("vec_int_1e8_fixed", torch.tensor([1.0e8, 5.0e7], dtype=f64))
add("vec_int_over_1e8_sci", torch.tensor([123456789.0, 2.0]))
add("vec_large_sci", torch.tensor([1.0e10, 3.5e10, -2.25e9]))
add("vec_small_sci", torch.tensor([1.0e-5, 0.5, 0.25]))
add("vec_min_1e-4_fixed", torch.tensor([1.0e-4, 0.05], dtype=f64))
add("vec_tiny_sci", torch.tensor([1.0e-30, -2.0e-35, 0.0]))
add("vec_huge_sci_f64", torch.tensor([1.0e200, -3.0e-200, 1.0], dtype=f64))
add("vec_nan_inf_mixed", torch.tensor([nan, 1.5, inf, -inf, -2.25]))
add("vec_nan_int_mode", torch.tensor([nan, 1.0, 2.0]))
add("vec_nan_sci", torch.tensor([nan, 1.0e-6, inf, 3.0]))
add("vec_all_nan", torch.tensor([nan, nan]))
add("vec_zero_nan", torch.tensor([0.0, nan, -inf]))
add("vec_all_zero", torch.zeros(4))
add("vec_negzero_int_mode", torch.tensor([-0.0, 0.0, 1.0]))
add("vec_negzero_fixed", torch.tensor([-0.0, 0.0, 1.5]))
add("vec_negzero_sci", torch.tensor([-0.0, 1.0e-7, 2.0]))
add("vec_only_negzero", torch.tensor([-0.0, -0.0]))
add("vec_tiny_negative_sci", torch.tensor([-0.00001, 0.5, 0.25]))
add("vec_half_even_ties_f64", torch.tensor([0.03125, 0.15625, 1.00005, 2.5, 0.00015], dtype=f64))
add("vec_rounding_f32", torch.tensor([0.00015, 0.12345, 1.23455, 9.99995]))
add("vec_sci_round_up", torch.tensor([9.99995e-5, 9.99996e9], dtype=f64))
add("vec_f64", torch.randn(5, dtype=f64))
add("vec_f64_int_mode", torch.tensor([1.0, -2.0, 3.0], dtype=f64))

# ---- long rows that wrap ---------------------------------------------------------------
add("vec_wrap_randn30", torch.randn(30))
add("vec_wrap_arange50", torch.arange(50.0))
add("vec_wrap_f64_25", torch.randn(25, dtype=f64) * 100)
add("vec_wrap_sci40", torch.randn(40) * 1.0e5)
add("vec_wrap_1000_exact", torch.arange(1000.0) / 8)

# ---- int64 -----------------------------------------------------------------------------
add("i64_small", torch.tensor([1, 2, 3]))
add("i64_negative", torch.tensor([-5, 100, -1000, 7]))
add("i64_wide", torch.tensor([9223372036854775807, -9223372036854775808, 0, 42]))
add("i64_wrap", torch.arange(100) * 12345 - 600000)
add("i64_2d", torch.tensor([[1, -22, 333], [4444, 5, -6]]))
add("i64_3d", torch.arange(24).reshape(2, 3, 4) - 10)

# ---- bool ------------------------------------------------------------------------------
add("bool_vec", torch.tensor([True, False, True]))
add("bool_all_true", torch.tensor([True, True]))
add("bool_2d", torch.tensor([[True, False], [False, False], [True, True]]))

# ---- 2-d / 3-d / 4-d -------------------------------------------------------------------
add("mat_randn", torch.randn(3, 4))
add("mat_int_mode", torch.tensor([[1.0, 2.0], [30.0, -4.0]]))
add("mat_f64", torch.randn(2, 3, dtype=f64))
add("mat_wrap_rows", torch.randn(3, 20))
add("mat_sci", torch.tensor([[1.0e-8, 1.0], [2.0, 3.0e3]]))
add("mat_single_row", torch.randn(1, 5))
add("mat_single_col", torch.randn(4, 1))
add("t3_randn", torch.randn(2, 3, 4))
add("t3_int_mode", torch.arange(12.0).reshape(3, 2, 2))
add("t3_wrap", torch.randn(2, 2, 15, dtype=f64))
add("t4_randn", torch.randn(2, 2, 2, 3))
add("t4_i64", torch.arange(36).reshape(3, 2, 3, 2))
add("t4_bool", (torch.arange(16).reshape(2, 2, 2, 2) % 3) == 0)

# ---- summarised (numel > 1000); data from formulas to keep the file small -------------
add("sum_vec_arange2000", torch.arange(2000.0))
add("sum_vec_frac2000", torch.arange(2000.0) / 4 - 250)
add("sum_vec_1001", torch.arange(1001.0) / 1000)
add("sum_vec_i64", torch.arange(2000) * 7 - 3)
add("sum_vec_bool", torch.arange(2000) % 2 == 0)
mid = torch.arange(2000.0) / 2
mid[1000] = 1.0e20   # hidden in the middle: must not switch the formatter to sci mode
mid[1001] = nan
add("sum_vec_hidden_middle", mid)
add("sum_mat_100x100", (torch.arange(10000.0).reshape(100, 100) % 97) / 8)
add("sum_mat_100x100_f64", torch.arange(10000, dtype=f64).reshape(100, 100) * 1.5e3)
add("sum_mat_2x600", torch.arange(1200.0).reshape(2, 600) / 3)
add("sum_mat_600x2", torch.arange(1200.0).reshape(600, 2) / 3)
add("sum_t3_20x20x20", (torch.arange(8000.0).reshape(20, 20, 20) % 13) - 6)
add("sum_t3_sci", (torch.arange(1280.0).reshape(8, 8, 20) + 1) * 1.0e-6)
add("sum_t3_4x20x20", torch.arange(1600).reshape(4, 20, 20) % 11)
add("sum_t4_10x10x10x10", torch.arange(10000.0).reshape(10, 10, 10, 10) / 8)
add("sum_requires_grad", (torch.arange(1500.0) / 7).requires_grad_())

# ---- empty -----------------------------------------------------------------------------
add("empty_1d", torch.zeros(0))
add("empty_2d", torch.zeros(0, 3))
add("empty_3d", torch.zeros(2, 0, 3))
add("empty_i64", torch.zeros(0, dtype=i64))
add("empty_i64_2d", torch.zeros(3, 0, dtype=i64))
add("empty_bool", torch.zeros(0, dtype=torch.bool))
add("empty_f64_2d", torch.zeros(0, 3, dtype=f64))
add("empty_requires_grad", torch.zeros(0, 2, requires_grad=True))

# ---- autograd suffixes -----------------------------------------------------------------
x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
add("leaf_requires_grad", x)
add("mul_grad_fn", x * 2)
add("sum_grad_fn", (x * 2).sum())
add("mean_grad_fn", x.mean())
xd = torch.randn(2, 3, dtype=f64, requires_grad=True)
add("leaf_f64_requires_grad", xd)
add("f64_grad_fn", (xd - 1).exp())
add("mat_grad_fn", torch.randn(3, 3, requires_grad=True) @ torch.randn(3, 3))

# Cases where a suffix wraps onto its own line: look for sizes that make it happen.
wrapped = 0
for n in range(4, 40):
    for kind in ("f64_leaf", "f32_grad", "f64_grad"):
        g = torch.Generator().manual_seed(100 + n)
        if kind == "f64_leaf":
            t = torch.randn(n, dtype=f64, generator=g).requires_grad_()
        elif kind == "f32_grad":
            t = torch.randn(n, generator=g, requires_grad=True) * 3
        else:
            t = torch.randn(n, dtype=f64, generator=g, requires_grad=True).neg()
        s = str(t)
        if "\n       dtype" in s or "\n       requires_grad" in s or "\n       grad_fn" in s:
            if wrapped < 6:
                add("suffix_wrap_%s_%d" % (kind, n), t)
                wrapped += 1
assert wrapped >= 3, wrapped
add("suffix_wrap_scalar_long_name", torch.tensor(1.0e30, dtype=f64, requires_grad=True) * 2)

os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, "w") as f:
    json.dump(cases, f, separators=(",", ":"), allow_nan=True)
    f.write("\n")
print("wrote %d cases to %s (%d bytes)" % (len(cases), os.path.normpath(OUT), os.path.getsize(OUT)))
