"""Creation and random-generation fixtures through the Tensor API (golden/creation.json).

Each case: {"name", "call": what the Java test runs, "args": {...}, "out": tensor-spec, "str": str(out)}.
Random cases seed the default generator with torch.manual_seed, as Tensor.manualSeed does.
"""
import json
import os

import torch

from losscase import spec

cases = []


def add(name, call, args, t):
    cases.append({"name": name, "call": call, "args": args, "out": spec(t), "str": str(t)})


add("arange_10", "arange_long", {"start": 0, "end": 10, "step": 1}, torch.arange(10))
add("arange_neg_step", "arange_long", {"start": 5, "end": -7, "step": -3}, torch.arange(5, -7, -3))
add("arange_float", "arange_double", {"start": 0.0, "end": 1.0, "step": 0.1}, torch.arange(0.0, 1.0, 0.1))
add("arange_float_neg", "arange_double", {"start": 2.5, "end": -1.0, "step": -0.5}, torch.arange(2.5, -1.0, -0.5))
for (s, e, n) in ((-10, 10, 5000), (0, 1, 11), (-1, 1, 7), (3, 3, 1), (0, 5, 0), (1e-3, 1 - 1e-3, 17)):
    add(f"linspace_{s}_{e}_{n}_f32", "linspace", {"start": s, "end": e, "steps": n, "dtype": "float32"}, torch.linspace(s, e, n))
    add(f"linspace_{s}_{e}_{n}_f64", "linspace", {"start": s, "end": e, "steps": n, "dtype": "float64"},
        torch.linspace(s, e, n, dtype=torch.float64))
add("full", "full", {"value": 2.5, "shape": [2, 3], "dtype": "float32"}, torch.full((2, 3), 2.5))
add("full_long", "full", {"value": 7, "shape": [4], "dtype": "int64"}, torch.full((4,), 7))
add("zeros", "full", {"value": 0, "shape": [2, 0, 3], "dtype": "float32"}, torch.zeros(2, 0, 3))
add("ones_f64", "full", {"value": 1, "shape": [3], "dtype": "float64"}, torch.ones(3, dtype=torch.float64))
for seed in (0, 7, 1234):
    torch.manual_seed(seed)
    add(f"randn_3x5_seed{seed}", "randn", {"seed": seed, "shape": [3, 5], "dtype": "float32"}, torch.randn(3, 5))
    torch.manual_seed(seed)
    add(f"randn_f64_40_seed{seed}", "randn", {"seed": seed, "shape": [40], "dtype": "float64"}, torch.randn(40, dtype=torch.float64))
    torch.manual_seed(seed)
    add(f"rand_4x4_seed{seed}", "rand", {"seed": seed, "shape": [4, 4], "dtype": "float32"}, torch.rand(4, 4))
    torch.manual_seed(seed)
    add(f"randint_seed{seed}", "randint", {"seed": seed, "low": 1, "high": 20, "shape": [16, 30]}, torch.randint(1, 20, (16, 30)))
    torch.manual_seed(seed)
    add(f"randperm_seed{seed}", "randperm", {"seed": seed, "n": 25}, torch.randperm(25))
    torch.manual_seed(seed)
    add(f"random_float_seed{seed}", "random_float", {"seed": seed, "to": 2, "shape": [3]}, torch.empty(3).random_(2))
    torch.manual_seed(seed)
    add(f"random_long_seed{seed}", "random_long", {"seed": seed, "to": 5, "shape": [3]}, torch.empty(3, dtype=torch.long).random_(5))
    torch.manual_seed(seed)
    add(f"uniform_seed{seed}", "uniform", {"seed": seed, "from": -2.0, "to": 3.0, "shape": [20]}, torch.empty(20).uniform_(-2.0, 3.0))
    torch.manual_seed(seed)
    add(f"normal_seed{seed}", "normal", {"seed": seed, "mean": 1.5, "std": 0.5, "shape": [33]}, torch.empty(33).normal_(1.5, 0.5))

path = os.path.join(os.path.dirname(__file__), "..", "..", "losses4j-core", "src", "test", "resources", "golden", "creation.json")
with open(path, "w") as f:
    json.dump(cases, f, separators=(",", ":"))
print(path, len(cases))
