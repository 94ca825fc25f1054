#!/usr/bin/env python3
"""Golden data for org.losses4j.Generator: outputs of PyTorch 1.13's CPU generator.

Run with the system Python that has torch 1.13:
    /usr/bin/python3 tools/golden/gen_rng.py
Writes losses4j-core/src/test/resources/golden/rng.json.

Each case is a sequence of calls on one generator after seeding it (either a fresh
torch.Generator or the default generator via torch.manual_seed), and records every call's
output.  Floats are stored as the exact Python float of each element (float32 values widen to
double exactly, and repr() round-trips), ints as ints.
"""
import json
import os
import sys

import torch

assert torch.__version__.startswith("1.13"), torch.__version__

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                   "losses4j-core", "src", "test", "resources", "golden", "rng.json")

DT = {"float32": torch.float32, "float64": torch.float64, "int64": torch.int64}
SEEDS = [0, 42, 1234, 2**40 + 7]
SIZES = [1, 2, 15, 16, 17, 31, 100, 1000]


def run_call(call, gen):
    """Executes one call description with torch; returns the flat list of outputs."""
    op = call["op"]
    shape = tuple(call["shape"])
    kw = {} if gen is None else {"generator": gen}
    dt = DT[call.get("dtype", "float32")]
    if op == "randn":
        t = torch.randn(shape, dtype=dt, **kw)
    elif op == "rand":
        t = torch.rand(shape, dtype=dt, **kw)
    elif op == "uniform":
        t = torch.empty(shape, dtype=dt).uniform_(call["from"], call["to"], **kw)
    elif op == "normal":
        t = torch.empty(shape, dtype=dt).normal_(call["mean"], call["std"], **kw)
    elif op == "randint":
        t = torch.randint(call["low"], call["high"], shape, **kw)
        assert t.dtype == torch.int64
    elif op == "random":  # random_(from, to) on a tensor of the given dtype
        t = torch.empty(shape, dtype=dt).random_(call["from"], call["to"], **kw)
    elif op == "random_to":  # random_(to), i.e. from = 0
        t = torch.empty(shape, dtype=dt).random_(call["to"], **kw)
    elif op == "randperm":
        t = torch.randperm(call["n"], **kw)
        assert t.dtype == torch.int64
    elif op == "randn_sign":  # torch.randn(shape).sign()
        t = torch.randn(shape, dtype=dt, **kw).sign()
    elif op == "randn_grad":  # torch.randn(shape, requires_grad=True)
        t = torch.randn(shape, dtype=dt, requires_grad=True, **kw).detach()
    else:
        raise ValueError(op)
    return t.reshape(-1).tolist()


def case(name, seed, calls, default=False):
    if default:
        torch.manual_seed(seed)
        gen = None
    else:
        gen = torch.Generator()
        gen.manual_seed(seed)
    out = []
    for c in calls:
        c = dict(c)
        c.setdefault("shape", [c["n"]] if "n" in c else [])
        c["expected"] = run_call(c, gen)
        out.append(c)
    return {"name": name, "seed": seed, "default_generator": default, "calls": out}


def main():
    cases = []
    # A never-seeded torch.Generator() starts from default_rng_seed_val = 67280421310721.
    # (torch's *default* generator is instead seeded non-deterministically at start-up, so it
    # cannot be recorded.)
    fresh_gen = torch.Generator()
    fresh = {"name": "unseeded torch.Generator()", "seed": fresh_gen.initial_seed(),
             "default_generator": False, "unseeded": True, "calls": []}
    for c in [{"op": "randn", "shape": [5]}, {"op": "rand", "shape": [4]},
              {"op": "randn", "shape": [20]}]:
        c["expected"] = run_call(c, fresh_gen)
        fresh["calls"].append(c)
    cases.append(fresh)

    for seed in SEEDS:
        for dt in ["float32", "float64"]:
            for n in SIZES:
                cases.append(case(f"randn {dt} n={n}", seed, [{"op": "randn", "dtype": dt, "shape": [n]}]))
                cases.append(case(f"rand {dt} n={n}", seed, [{"op": "rand", "dtype": dt, "shape": [n]}]))
            # all sizes consecutively on one generator (normal cache and state carry over)
            cases.append(case(f"randn {dt} consecutive sizes", seed,
                              [{"op": "randn", "dtype": dt, "shape": [n]} for n in SIZES]))
            cases.append(case(f"uniform/normal {dt}", seed, [
                {"op": "uniform", "dtype": dt, "shape": [7], "from": -3.7, "to": 2.2},
                {"op": "uniform", "dtype": dt, "shape": [100], "from": 0.5, "to": 1e3},
                {"op": "normal", "dtype": dt, "shape": [5], "mean": 1.3, "std": 2.7},
                {"op": "normal", "dtype": dt, "shape": [33], "mean": -0.5, "std": 0.1},
                {"op": "normal", "dtype": dt, "shape": [3], "mean": 10.0, "std": 3.0},
            ]))
            cases.append(case(f"random_ {dt}", seed, [
                {"op": "random_to", "dtype": dt, "shape": [3], "to": 2},
                {"op": "random", "dtype": dt, "shape": [50], "from": -7, "to": 100},
                {"op": "random", "dtype": dt, "shape": [20], "from": 0, "to": 2**24},
            ]))
        cases.append(case("randint int64", seed, [
            {"op": "randint", "shape": [100], "low": 0, "high": 5},
            {"op": "randint", "shape": [3, 4], "low": -1000, "high": 1000},
            {"op": "randint", "shape": [30], "low": -2**40, "high": 2**40},   # range >= 2^32: random64
            {"op": "randint", "shape": [10], "low": 0, "high": 2**32},
            {"op": "random", "dtype": "int64", "shape": [10], "from": 3, "to": 2**62},
            {"op": "random_to", "dtype": "int64", "shape": [3], "to": 5},
        ]))
        cases.append(case("randperm", seed, [{"op": "randperm", "n": n} for n in [0, 1, 2, 10, 100, 1000, 5000]]))
        cases.append(case("mixed sequence", seed, [
            {"op": "randn", "shape": [3, 5]},
            {"op": "randint", "shape": [3], "low": 0, "high": 5},
            {"op": "rand", "shape": [7]},
            {"op": "randperm", "n": 10},
        ]))
        # The double-normal cache is shared by float32 and float64 small tensors.
        cases.append(case("normal cache across calls", seed, [
            {"op": "randn", "shape": [3]},
            {"op": "randn", "shape": [1]},
            {"op": "randn", "shape": [16]},
            {"op": "randn", "shape": [1]},
            {"op": "randn", "dtype": "float64", "shape": [5]},
            {"op": "randn", "shape": [2]},
        ]))
        # Tutorial patterns, on the default generator after torch.manual_seed(seed).
        cases.append(case("tutorial: randn(3, grad) then random_(2)", seed, [
            {"op": "randn_grad", "shape": [3]},
            {"op": "random_to", "shape": [3], "to": 2},
        ], default=True))
        cases.append(case("tutorial: randn(3,5) then long random_(5)", seed, [
            {"op": "randn", "shape": [3, 5]},
            {"op": "random_to", "dtype": "int64", "shape": [3], "to": 5},
        ], default=True))
        cases.append(case("tutorial: randn(3).sign()", seed, [{"op": "randn_sign", "shape": [3]}], default=True))
        cases.append(case("tutorial: randn(5,2)", seed, [{"op": "randn", "shape": [5, 2]}], default=True))
        if seed in (0, 2**40 + 7):  # the large ones only for two seeds, to keep the file small
            cases.append(case("tutorial: randn(100,128) x3", seed,
                              [{"op": "randn", "shape": [100, 128]}] * 3, default=True))
            cases.append(case("tutorial: randn(50,16,20), randint(1,20,(16,30)), randint(10,30,(16,))", seed, [
                {"op": "randn", "shape": [50, 16, 20]},
                {"op": "randint", "shape": [16, 30], "low": 1, "high": 20},
                {"op": "randint", "shape": [16], "low": 10, "high": 30},
            ], default=True))

    doc = {"torch_version": torch.__version__,
           "cpu_capability": torch.__config__.show().split("CPU capability usage: ")[1].split("\n")[0],
           "cases": cases}
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(doc, f, separators=(",", ":"))
    print(f"wrote {len(cases)} cases to {os.path.normpath(OUT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
