"""torch.nn.init and nn.Linear/Sequential initial values after torch.manual_seed (golden/train/init.json).

For each seed in (0, 1, 42), one sequence of calls on the default generator, in order (so the generator state
carried from call to call, the cached second normal of the small normal path included, is part of what is
checked): {"seed", "calls": [{"fn", "shape", "dtype", kwargs..., "out": tensor-spec}]}.
Tensors of more than 1000 elements are stored as their first 16 values and the SHA-256 of their little-endian bytes.
Also: calculate_gain values, fan in/out, error messages, the Linear/Sequential parameters ("modules") and reprs.
Run with /usr/bin/python3 (Debian's python3-torch 1.13).
"""
import json
import math
import os

import torch
from torch import nn

from losscase import spec as full_spec
import hashlib


def spec(t):
    """A tensor-spec; past 1000 elements only the first 16 values and the SHA-256 of the little-endian bytes
    ("sha256", bit for bit) keep the file small."""
    t = t.detach().contiguous()
    if t.numel() <= 1000:
        return full_spec(t)
    head = full_spec(t.reshape(-1)[:16])
    digest = hashlib.sha256(t.numpy().astype(t.numpy().dtype.newbyteorder("<")).tobytes()).hexdigest()
    return {"dtype": head["dtype"], "shape": list(t.shape), "head": head["data"], "sha256": digest}

torch.set_num_threads(1)
DT = {"float32": torch.float32, "float64": torch.float64}

# (fn, shape, dtype, kwargs): every fill function and option, both normal paths (numel >= 16 and < 16)
CALLS = [
    ("uniform_", [3, 5], "float32", {"a": -0.5, "b": 2.0}),
    ("uniform_", [4], "float32", {}),
    ("normal_", [4, 7], "float32", {"mean": 0.3, "std": 2.0}),
    ("normal_", [5], "float32", {"mean": -1.0, "std": 0.5}),
    ("normal_", [3], "float32", {}),
    ("constant_", [2, 3], "float32", {"val": 0.25}),
    ("zeros_", [2, 2], "float32", {}),
    ("ones_", [3], "float32", {}),
    ("xavier_uniform_", [16, 4], "float32", {}),
    ("xavier_uniform_", [8, 3, 3], "float32", {"gain": "relu"}),
    ("xavier_normal_", [8, 6], "float32", {}),
    ("xavier_normal_", [3, 4], "float32", {"gain": 0.5}),
    ("kaiming_uniform_", [16, 4], "float32", {}),
    ("kaiming_uniform_", [16, 4], "float32", {"a": math.sqrt(5)}),
    ("kaiming_uniform_", [10, 7], "float32", {"a": 0.2, "mode": "fan_out", "nonlinearity": "leaky_relu"}),
    ("kaiming_uniform_", [6, 5], "float32", {"mode": "fan_in", "nonlinearity": "relu"}),
    ("kaiming_normal_", [32, 3, 3, 3], "float32", {"mode": "fan_out", "nonlinearity": "relu"}),
    ("kaiming_normal_", [3, 4], "float32", {}),
    ("kaiming_normal_", [9, 5], "float32", {"nonlinearity": "tanh"}),
    ("uniform_", [7], "float64", {"a": -1.0, "b": 1.0}),
    ("xavier_uniform_", [5, 5], "float64", {}),
    ("kaiming_uniform_", [4, 6], "float64", {"a": math.sqrt(5)}),
    ("kaiming_normal_", [6, 6], "float64", {}),
    ("normal_", [20], "float64", {"std": 3.0}),
]


def run(fn, shape, dtype, kw):
    t = torch.empty(*shape, dtype=DT[dtype])
    kw = dict(kw)
    if kw.get("gain") == "relu":
        kw["gain"] = nn.init.calculate_gain("relu")
    getattr(nn.init, fn)(t, **kw)
    return t


sequences = []
for seed in (0, 1, 42):
    torch.manual_seed(seed)
    calls = []
    for fn, shape, dtype, kw in CALLS:
        out = run(fn, shape, dtype, kw)
        calls.append({"fn": fn, "shape": shape, "dtype": dtype, "kwargs": kw, "out": spec(out)})
    sequences.append({"seed": seed, "calls": calls})

gains = []
for nl, p in (("linear", None), ("conv1d", None), ("conv2d", None), ("conv3d", None), ("conv_transpose1d", None),
              ("conv_transpose2d", None), ("conv_transpose3d", None), ("sigmoid", None), ("tanh", None), ("relu", None),
              ("leaky_relu", None), ("leaky_relu", 0.2), ("leaky_relu", math.sqrt(5)), ("leaky_relu", 0.0), ("selu", None)):
    gains.append({"nonlinearity": nl, "param": p, "gain": float(nn.init.calculate_gain(nl, p))})

fans = []
for shape in ([4, 3], [16, 4], [8, 3, 5], [32, 3, 3, 3], [2, 4, 2, 3, 1], [0, 5]):
    fi, fo = nn.init._calculate_fan_in_and_fan_out(torch.empty(*shape))
    fans.append({"shape": shape, "fan_in": fi, "fan_out": fo})

errors = []


def err(name, f):
    try:
        f()
    except ValueError as e:
        errors.append({"name": name, "message": str(e)})
        return
    raise AssertionError(name + " did not raise")


err("fan_1d", lambda: nn.init.xavier_uniform_(torch.empty(5)))
err("gain_unknown", lambda: nn.init.calculate_gain("swish"))
err("mode_unknown", lambda: nn.init.kaiming_uniform_(torch.empty(3, 4), mode="fan_avg"))

modules = []
for seed in (0, 1, 42):
    for name, make in (("linear_4_16", lambda: nn.Linear(4, 16)),
                       ("linear_3_2_nobias", lambda: nn.Linear(3, 2, bias=False)),
                       ("linear_784_256", lambda: nn.Linear(784, 256)),
                       ("mlp_4_16_3", lambda: nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 3))),
                       ("mlp_tanh_sigmoid", lambda: nn.Sequential(nn.Linear(5, 8), nn.Tanh(), nn.Linear(8, 8), nn.Sigmoid(), nn.Linear(8, 1)))):
        torch.manual_seed(seed)
        m = make()
        modules.append({"name": name, "seed": seed, "repr": repr(m),
                        "parameters": [{"name": n, "value": spec(p)} for n, p in m.named_parameters()]})

path = os.path.join(os.path.dirname(__file__), "..", "..", "losses4j-core", "src", "test", "resources", "golden", "train", "init.json")
with open(path, "w") as f:
    json.dump({"sequences": sequences, "gains": gains, "fans": fans, "errors": errors, "modules": modules}, f, separators=(",", ":"))
print(path, len(sequences), "sequences,", len(modules), "modules,", len(gains), "gains,", len(errors), "errors")
