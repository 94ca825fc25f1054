#!/usr/bin/env python3
"""The benchmark workloads in PyTorch, and the side-by-side comparison with losses4j (bench/vs-pytorch runs `compare`).

Same names, shapes and data as org.losses4j.bench.Workloads: float32, a torch.Generator seeded with SEED, the
draws in the same order (losses4j's Generator reproduces PyTorch's CPU generator, so the inputs are the same numbers
up to the last bit of a float32 log_softmax/softmax). A step is what a training loop does: clear the input gradients,
forward with the default reduction (mean; kl_div: batchmean), backward. Gradients are cleared to None
(zero_grad(set_to_none=True)), except for the workloads in IN_PLACE, where losses4j zeroes them in place
(zero_grad(set_to_none=False), PyTorch 1.13's default); PyTorch is then timed both ways and its faster median is
the one compared, so the choice can only favour PyTorch.

  torch_workloads.py list                                      names, elements, gradient bytes (no torch needed)
  torch_workloads.py run [--only S] [--threads N] [--seconds S] [--json]      time PyTorch alone
  torch_workloads.py compare [--only S] [--threads "1 2"] [--seconds S] [--json-out FILE] [--no-scalar]
  torch_workloads.py markdown [FILE]      the README's table from a compare's JSON (default bench/results/vs-pytorch.json)
"""
import argparse
import datetime
import json
import math
import os
import platform
import subprocess
import sys
import time

SEED = 1234
# workloads whose losses4j steps zero the gradients in place (Workloads.instInPlace); the rest set them to None
IN_PLACE = {"nll_4096x1000"}
M1 = 1 << 20
M4 = 1 << 22
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# name -> (elements of the main input, elements of all gradients a step produces); float32, so bytes = 4 x.
SHAPES = {
    "cross_entropy_4096x1000": (4096 * 1000, 4096 * 1000),
    "cross_entropy_64x10": (64 * 10, 64 * 10),
    "cross_entropy_smooth_4096x1000": (4096 * 1000, 4096 * 1000),
    "cross_entropy_seg_8x21x128x128": (8 * 21 * 128 * 128, 8 * 21 * 128 * 128),
    "nll_4096x1000": (4096 * 1000, 4096 * 1000),
    "bce_1M": (M1, M1),
    "bce_logits_1M": (M1, M1),
    "l1_4M": (M4, M4),
    "mse_4M": (M4, M4),
    "smooth_l1_4M": (M4, M4),
    "huber_4M": (M4, M4),
    "poisson_nll_1M": (M1, M1),
    "gaussian_nll_1M": (M1, M1),
    "kl_div_4096x1000": (4096 * 1000, 4096 * 1000),
    "margin_ranking_1M": (M1, 2 * M1),
    "hinge_embedding_1M": (M1, M1),
    "soft_margin_1M": (M1, M1),
    "multilabel_soft_margin_4096x100": (4096 * 100, 4096 * 100),
    "multi_margin_4096x100": (4096 * 100, 4096 * 100),
    "multilabel_margin_1024x100": (1024 * 100, 1024 * 100),
    "cosine_embedding_4096x512": (4096 * 512, 2 * 4096 * 512),
    "triplet_margin_4096x512": (4096 * 512, 3 * 4096 * 512),
    "sigmoid_focal_1M": (M1, M1),
    "log_cosh_4M": (M4, M4),
    "msle_4M": (M4, M4),
    "mape_4M": (M4, M4),
    "squared_hinge_4M": (M4, M4),
    "quantile_1Mx3": (3 * M1, 3 * M1),
    "ctc_T50_N16_C20_S30": (50 * 16 * 20, 50 * 16 * 20),
    "ctc_T400_N32_C80_S100": (400 * 32 * 80, 400 * 32 * 80),
    # beyond torch.nn
    "dice_8x4x128x128": (8 * 4 * 128 * 128, 8 * 4 * 128 * 128),
    "infonce_1024x256": (1024 * 256, 2 * 1024 * 256),
    "focal_4096x1000": (4096 * 1000, 4096 * 1000),
    "poly_4096x1000": (4096 * 1000, 4096 * 1000),
    "categorical_hinge_4096x1000": (4096 * 1000, 4096 * 1000),
    "mlp_784_256_10_adam": (784 * 256, 784 * 256 + 256 + 256 * 10 + 10),
}
NAMES = list(SHAPES)


def grad_bytes(name):
    return 4 * SHAPES[name][1]


def alloc_budget(name):
    """The allocation budget: 1.25 x the gradient bytes + 64 KiB."""
    return math.ceil(1.25 * grad_bytes(name)) + 64 * 1024


def select(only):
    """Like losses4j's --only: an exact name selects just that workload, else every name containing the text."""
    if not only:
        return list(NAMES)
    if only in SHAPES:
        return [only]
    return [n for n in NAMES if only in n]


# ---------------------------------------------------------------------------------------------- the workloads

def build(name):
    """Returns (differentiated leaves, forward function[, update after backward]) with inputs drawn as Workloads.java
    draws them."""
    import torch
    import torch.nn.functional as F

    if name == "mlp_784_256_10_adam":
        # nn.Linear draws its initial values from the default generator: seed it, build both layers, then the batch
        torch.manual_seed(SEED)
        model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10))
        gd = torch.Generator().manual_seed(SEED)
        x = torch.randn(128, 784, generator=gd)
        y = torch.randint(0, 10, (128,), generator=gd)
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        return list(model.parameters()), lambda: F.cross_entropy(model(x), y), opt.step

    g = torch.Generator().manual_seed(SEED)

    def randn(*shape):
        return torch.randn(*shape, generator=g)

    def randint(lo, hi, *shape):
        return torch.randint(lo, hi, shape, generator=g)

    def uniform(lo, hi, *shape):
        return torch.empty(*shape).uniform_(lo, hi, generator=g)

    def bernoulli_half(*shape):
        return randint(0, 2, *shape).float()

    def sign(*shape):
        return randint(0, 2, *shape).float() * 2 - 1

    def leaf(t):
        return t.detach().contiguous().requires_grad_()

    def pointwise(f):
        x = randn(M4).requires_grad_()
        y = randn(M4)
        return [x], lambda: f(x, y)

    if name == "cross_entropy_4096x1000" or name == "cross_entropy_64x10":
        n, c = (4096, 1000) if name.endswith("4096x1000") else (64, 10)
        x = randn(n, c).requires_grad_()
        t = randint(0, c, n)
        return [x], lambda: F.cross_entropy(x, t)
    if name == "cross_entropy_smooth_4096x1000":
        x = randn(4096, 1000).requires_grad_()
        t = randint(0, 1000, 4096)
        return [x], lambda: F.cross_entropy(x, t, label_smoothing=0.1)
    if name == "cross_entropy_seg_8x21x128x128":
        x = randn(8, 21, 128, 128).requires_grad_()
        t = randint(0, 21, 8 * 128 * 128)
        u = torch.rand(8 * 128 * 128, generator=g)
        t[u < 0.05] = 255
        t = t.view(8, 128, 128)
        return [x], lambda: F.cross_entropy(x, t, ignore_index=255)
    if name == "nll_4096x1000":
        x = leaf(randn(4096, 1000).log_softmax(1))
        t = randint(0, 1000, 4096)
        return [x], lambda: F.nll_loss(x, t)
    if name == "bce_1M":
        x = uniform(1e-3, 1 - 1e-3, M1).requires_grad_()
        y = bernoulli_half(M1)
        return [x], lambda: F.binary_cross_entropy(x, y)
    if name == "bce_logits_1M":
        x = randn(M1).requires_grad_()
        y = bernoulli_half(M1)
        return [x], lambda: F.binary_cross_entropy_with_logits(x, y)
    if name == "l1_4M":
        return pointwise(F.l1_loss)
    if name == "mse_4M":
        return pointwise(F.mse_loss)
    if name == "smooth_l1_4M":
        return pointwise(F.smooth_l1_loss)
    if name == "huber_4M":
        return pointwise(F.huber_loss)
    if name == "poisson_nll_1M":
        x = randn(M1).requires_grad_()
        y = uniform(0, 5, M1)
        return [x], lambda: F.poisson_nll_loss(x, y)
    if name == "gaussian_nll_1M":
        x = randn(M1).requires_grad_()
        y = randn(M1)
        var = uniform(0.1, 1.1, M1)
        return [x], lambda: F.gaussian_nll_loss(x, y, var)
    if name == "kl_div_4096x1000":
        x = leaf(randn(4096, 1000).log_softmax(1))
        y = randn(4096, 1000).softmax(1)
        return [x], lambda: F.kl_div(x, y, reduction="batchmean")
    if name == "margin_ranking_1M":
        x1 = randn(M1).requires_grad_()
        x2 = randn(M1).requires_grad_()
        y = sign(M1)
        return [x1, x2], lambda: F.margin_ranking_loss(x1, x2, y, margin=0.1)
    if name == "hinge_embedding_1M":
        x = leaf(randn(M1).abs())
        y = sign(M1)
        return [x], lambda: F.hinge_embedding_loss(x, y)
    if name == "soft_margin_1M":
        x = randn(M1).requires_grad_()
        y = sign(M1)
        return [x], lambda: F.soft_margin_loss(x, y)
    if name == "multilabel_soft_margin_4096x100":
        x = randn(4096, 100).requires_grad_()
        y = bernoulli_half(4096, 100)
        return [x], lambda: F.multilabel_soft_margin_loss(x, y)
    if name == "multi_margin_4096x100":
        x = randn(4096, 100).requires_grad_()
        y = randint(0, 100, 4096)
        return [x], lambda: F.multi_margin_loss(x, y)
    if name == "multilabel_margin_1024x100":
        x = randn(1024, 100).requires_grad_()
        y = torch.full((1024, 100), -1, dtype=torch.long)
        for i in range(1024):
            perm = torch.randperm(100, generator=g)
            k = 1 + i % 10
            y[i, :k] = perm[:k]
        return [x], lambda: F.multilabel_margin_loss(x, y)
    if name == "cosine_embedding_4096x512":
        x1 = randn(4096, 512).requires_grad_()
        x2 = randn(4096, 512).requires_grad_()
        y = sign(4096)
        return [x1, x2], lambda: F.cosine_embedding_loss(x1, x2, y, margin=0.2)
    if name == "triplet_margin_4096x512":
        a = randn(4096, 512).requires_grad_()
        p = randn(4096, 512).requires_grad_()
        n = randn(4096, 512).requires_grad_()
        return [a, p, n], lambda: F.triplet_margin_loss(a, p, n)
    # beyond torch.nn: the definitions a Python user runs today (torchvision's function; Keras's losses as Keras 3 runs
    # them on PyTorch, and the pinball loss, written with PyTorch ops)
    if name == "sigmoid_focal_1M":
        x = randn(M1).requires_grad_()
        y = bernoulli_half(M1)
        from torchvision.ops import sigmoid_focal_loss
        return [x], lambda: sigmoid_focal_loss(x, y, alpha=0.25, gamma=2.0, reduction="mean")
    if name == "log_cosh_4M":
        def log_cosh(x, y):
            d = x - y
            return (d + F.softplus(d * -2.0) - math.log(2.0)).mean()
        return pointwise(log_cosh)
    if name == "msle_4M":
        x = uniform(0, 10, M4).requires_grad_()
        y = uniform(0, 10, M4)
        eps = torch.tensor(1e-7)
        return [x], lambda: torch.square(torch.log(torch.maximum(x, eps) + 1.0) - torch.log(torch.maximum(y, eps) + 1.0)).mean()
    if name == "mape_4M":
        def mape(x, y):
            return (100.0 * torch.abs((y - x) / torch.maximum(torch.abs(y), torch.tensor(1e-7)))).mean()
        return pointwise(mape)
    if name == "squared_hinge_4M":
        x = randn(M4).requires_grad_()
        y = sign(M4)
        return [x], lambda: torch.square(torch.maximum(1.0 - y * x, torch.zeros(()))).mean()
    if name == "quantile_1Mx3":
        x = randn(M1, 3).requires_grad_()
        y = randn(M1)
        q = torch.tensor([0.1, 0.5, 0.9])

        def pinball():
            e = y.unsqueeze(1) - x
            return torch.maximum(q * e, (q - 1) * e).mean()
        return [x], pinball
    if name == "dice_8x4x128x128":
        # MONAI's DiceLoss(softmax=True, to_onehot_y=True) as MONAI 1.4 computes it, written with PyTorch ops (MONAI's
        # one_hot: zeros + scatter_; sums over the spatial dims; mean over (N, C)): what a MONAI user runs today
        x = randn(8, 4, 128, 128).requires_grad_()
        t = randint(0, 4, 8, 1, 128, 128)

        def dice():
            p = torch.softmax(x, 1)
            g = torch.zeros(8, 4, 128, 128).scatter_(1, t, 1)
            intersection = torch.sum(g * p, dim=[2, 3])
            denominator = torch.sum(g, dim=[2, 3]) + torch.sum(p, dim=[2, 3])
            return torch.mean(1.0 - (2.0 * intersection + 1e-5) / (denominator + 1e-5))
        return [x], dice
    if name.startswith("ctc_"):
        parts = dict((s[0], int(s[1:])) for s in name.split("_")[1:])
        T, N, C, S = parts["T"], parts["N"], parts["C"], parts["S"]
        lp = leaf(randn(T, N, C).log_softmax(2))
        targets = randint(1, C, N, S)
        target_lengths = randint(S // 2, S + 1, N)
        input_lengths = torch.full((N,), T, dtype=torch.long)
        return [lp], lambda: F.ctc_loss(lp, targets, input_lengths, target_lengths)
    if name == "infonce_1024x256":
        # InfoNCE with in-batch negatives as a PyTorch user writes it (temperature 0.07, mean)
        x1 = randn(1024, 256).requires_grad_()
        x2 = randn(1024, 256).requires_grad_()

        def info_nce():
            logits = F.normalize(x1, dim=1) @ F.normalize(x2, dim=1).T / 0.07
            return F.cross_entropy(logits, torch.arange(logits.shape[0]))
        return [x1, x2], info_nce
    if name in ("focal_4096x1000", "poly_4096x1000"):
        # not in torch.nn: the definitions as a Python user writes them with PyTorch ops (focal loss, gamma 2, of
        # Lin et al.; Poly-1, epsilon 1, of Leng et al.), on cross_entropy_4096x1000's data
        x = randn(4096, 1000).requires_grad_()
        t = randint(0, 1000, 4096)
        if name == "focal_4096x1000":
            def focal():
                logp = F.log_softmax(x, dim=1)
                pt = logp.gather(1, t.unsqueeze(1)).squeeze(1).exp()
                return ((1 - pt) ** 2 * F.nll_loss(logp, t, reduction="none")).mean()
            return [x], focal

        def poly():
            pt = F.softmax(x, dim=1).gather(1, t.unsqueeze(1)).squeeze(1)
            return (F.cross_entropy(x, t, reduction="none") + 1.0 * (1 - pt)).mean()
        return [x], poly
    if name == "categorical_hinge_4096x1000":
        # keras.losses.categorical_hinge with PyTorch ops (Keras's torch backend: sum, amax, maximum), one-hot targets
        x = randn(4096, 1000).requires_grad_()
        y = F.one_hot(randint(0, 1000, 4096), 1000).float()

        def categorical_hinge():
            pos = (y * x).sum(-1)
            neg = ((1 - y) * x).amax(-1)
            return torch.maximum(neg - pos + 1, torch.zeros_like(pos)).mean()
        return [x], categorical_hinge
    raise KeyError(name)


# ---------------------------------------------------------------------------------------------- timing

def time_steps(step, seconds):
    """As BenchRunner: warm up (>= 50 steps and 2 s, at most 12 s), then time steps for `seconds` (>= 3 steps);
    steps under 0.2 ms are timed in batches of ~1 ms. Returns median/p10/p90 ms per step."""
    clock = time.perf_counter_ns
    start = clock()
    warm = 0
    while True:
        step()
        warm += 1
        el = clock() - start
        if (warm >= 50 and el >= 2e9) or el >= 12e9:
            break
    per_step = (clock() - start) / warm
    batch = 1 if per_step >= 0.2e6 else max(1, min(100000, int(1e6 / max(per_step, 1))))
    samples = []
    steps = 0
    start = clock()
    while True:
        t0 = clock()
        for _ in range(batch):
            step()
        t1 = clock()
        steps += batch
        samples.append((t1 - t0) / 1e6 / batch)
        if t1 - start >= seconds * 1e9 and steps >= 3:
            break
    samples.sort()
    return {"median_ms": quantile(samples, 0.5), "p10_ms": quantile(samples, 0.1), "p90_ms": quantile(samples, 0.9),
            "steps": steps, "samples": len(samples)}


def quantile(s, q):
    pos = q * (len(s) - 1)
    lo = int(math.floor(pos))
    hi = min(len(s) - 1, lo + 1)
    return s[lo] + (s[hi] - s[lo]) * (pos - lo)


def run_torch(name, threads, seconds):
    import torch
    torch.set_num_threads(threads)
    built = build(name)
    diff, forward = built[0], built[1]
    update = built[2] if len(built) > 2 else None  # an optimizer's step, for a workload that trains a model
    n = sum(t.numel() for t in diff)
    if n != SHAPES[name][1]:
        raise AssertionError(f"{name}: gradient elements {n} != {SHAPES[name][1]}")
    last = [None]

    def step():
        for t in diff:
            t.grad = None
        loss = forward()
        loss.backward()
        if update is not None:
            update()
        last[0] = loss

    def step_in_place():
        for t in diff:  # Optimizer.zero_grad(set_to_none=False)
            if t.grad is not None:
                t.grad.zero_()
        loss = forward()
        loss.backward()
        last[0] = loss

    r = time_steps(step, seconds)
    r["zero_grad"] = "set_to_none"
    if name in IN_PLACE:
        r["median_ms_set_to_none"] = r["median_ms"]
        r2 = time_steps(step_in_place, seconds)
        r["median_ms_in_place"] = r2["median_ms"]
        if r2["median_ms"] < r["median_ms"]:
            r = {**r2, "zero_grad": "in_place", "median_ms_set_to_none": r["median_ms"], "median_ms_in_place": r2["median_ms"]}
    r = {"name": name, "threads": threads, "median_ms": r["median_ms"], "provider": "pytorch", **{k: v for k, v in r.items() if k != "median_ms"}}
    r["loss"] = float(last[0].item())
    r["grad_bytes"] = grad_bytes(name)
    return r


# ---------------------------------------------------------------------------------------------- losses4j

def run_losses4j(launcher, name, threads, seconds, scalar):
    cmd = [launcher, "bench", "--only", name, "--threads", str(threads), "--json", "--seconds", str(seconds)]
    if scalar:
        cmd.append("--scalar")
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        sys.stderr.write(f"losses4j failed ({' '.join(cmd)}):\n{p.stderr}\n")
        return None
    for line in p.stdout.splitlines():
        line = line.strip()
        if line.startswith("{"):
            r = json.loads(line)
            if r.get("name") == name:
                return r
    sys.stderr.write(f"losses4j printed no result for {name}:\n{p.stdout}\n{p.stderr}\n")
    return None


# ---------------------------------------------------------------------------------------------- commands

def torch_available():
    try:
        import torch  # noqa: F401
        return True, torch.__version__
    except Exception as e:  # ImportError, or a broken install
        return False, str(e)


def fmt(v, spec=".3f"):
    return "-" if v is None else format(v, spec)


def geomean(xs):
    xs = [x for x in xs if x is not None and x > 0]
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else None


def cmd_list(_args):
    for n in NAMES:
        print(f"{n} elements={SHAPES[n][0]} grad_bytes={grad_bytes(n)} alloc_budget={alloc_budget(n)}")
    return 0


def cmd_run(args):
    ok, why = torch_available()
    if not ok:
        print(f"PyTorch is not available under {sys.executable}: {why}", file=sys.stderr)
        return 1
    for name in select(args.only):
        r = run_torch(name, args.threads, args.seconds)
        if args.json:
            print(json.dumps(r), flush=True)
        else:
            print(f"{name:32s} {args.threads:2d} {r['median_ms']:10.4f} ms  (p10 {r['p10_ms']:.4f}, p90 {r['p90_ms']:.4f})", flush=True)
    return 0


def cmd_compare(args):
    names = select(args.only)
    if not names:
        print(f"no workload matches {args.only!r}", file=sys.stderr)
        return 2
    threads = [int(t) for t in args.threads.split()]
    have_torch, why = torch_available()
    if not have_torch:
        print(f"NOTE: PyTorch is not importable under {sys.executable} ({why}); running losses4j only. "
              "Install it with: apt-get install -y python3-torch python3-numpy", file=sys.stderr)
    launcher = args.losses4j
    rows = []
    hdr = (f"{'workload':32s} {'thr':>3s} {'PyTorch ms':>11s} {'losses4j ms':>11s} {'ratio':>7s} {'scalar ms':>11s} {'s.ratio':>7s} "
           f"{'alloc B/step':>13s} {'budget B':>11s} {'alloc':>5s}")
    print(f"vs-pytorch: {len(names)} workload(s), threads {threads}, {args.seconds} s per measurement; "
          f"ratio = PyTorch ms / losses4j ms (> 1: losses4j faster)", flush=True)
    print(hdr, flush=True)
    for name in names:
        for t in threads:
            tr = run_torch(name, t, args.seconds) if have_torch else None
            lr = run_losses4j(launcher, name, t, args.seconds, scalar=False)
            sr = None if args.no_scalar else run_losses4j(launcher, name, t, args.seconds, scalar=True)
            tm = tr["median_ms"] if tr else None
            lm = lr["median_ms"] if lr else None
            sm = sr["median_ms"] if sr else None
            alloc = lr["alloc_bytes_per_step"] if lr else None
            budget = alloc_budget(name)
            if lr and lr.get("grad_bytes") not in (None, grad_bytes(name)):
                print(f"WARNING: {name}: losses4j reports grad_bytes {lr.get('grad_bytes')}, this script {grad_bytes(name)}", file=sys.stderr)
            row = {
                "workload": name, "threads": t,
                "pytorch_ms": tm, "losses4j_ms": lm,
                "ratio": (tm / lm) if tm and lm else None,
                "scalar_ms": sm,
                "scalar_ratio": (tm / sm) if tm and sm else None,
                "alloc_bytes_per_step": alloc,
                "scalar_alloc_bytes_per_step": sr["alloc_bytes_per_step"] if sr else None,
                "grad_bytes": grad_bytes(name), "alloc_budget": budget,
                "alloc_ok": (alloc <= budget) if alloc is not None else None,
                "provider": lr["provider"] if lr else None,
                "scalar_provider": sr["provider"] if sr else None,
                "pytorch": tr, "losses4j": lr, "scalar": sr,
            }
            rows.append(row)
            print(f"{name:32s} {t:3d} {fmt(tm, '11.4f'):>11s} {fmt(lm, '11.4f'):>11s} {fmt(row['ratio'], '7.3f'):>7s} "
                  f"{fmt(sm, '11.4f'):>11s} {fmt(row['scalar_ratio'], '7.3f'):>7s} {fmt(alloc, 'd'):>13s} {budget:11d} "
                  f"{'-' if alloc is None else ('ok' if row['alloc_ok'] else 'OVER'):>5s}", flush=True)
            if lr and lr.get("zero_grad", "set_to_none") != "set_to_none":
                both = (f"set_to_none {fmt(tr.get('median_ms_set_to_none'), '.4f')} ms, in place {fmt(tr.get('median_ms_in_place'), '.4f')} ms"
                        if tr else "not run")
                print(f"    ^ losses4j zeroes the gradient in place (zero_grad(set_to_none=False)); PyTorch {both}: "
                      f"the faster is compared", flush=True)
    summary = {}
    for t in threads:
        rs = [r for r in rows if r["threads"] == t]
        s = {
            "geomean_ratio": geomean([r["ratio"] for r in rs]),
            "geomean_scalar_ratio": geomean([r["scalar_ratio"] for r in rs]),
            "min_ratio": min([r["ratio"] for r in rs if r["ratio"]], default=None),
            "min_scalar_ratio": min([r["scalar_ratio"] for r in rs if r["scalar_ratio"]], default=None),
            "ratio_ge_1": sum(1 for r in rs if r["ratio"] and r["ratio"] >= 1.0),
            "scalar_ratio_ge_0_5": sum(1 for r in rs if r["scalar_ratio"] and r["scalar_ratio"] >= 0.5),
            "alloc_ok": sum(1 for r in rs if r["alloc_ok"]),
            "workloads": len(rs),
        }
        summary[str(t)] = s
        print(f"threads {t}: geometric mean ratio {fmt(s['geomean_ratio'])} (min {fmt(s['min_ratio'])}, "
              f"{s['ratio_ge_1']}/{s['workloads']} >= 1.0); scalar {fmt(s['geomean_scalar_ratio'])} "
              f"(min {fmt(s['min_scalar_ratio'])}, {s['scalar_ratio_ge_0_5']}/{s['workloads']} >= 0.5); "
              f"allocation within budget {s['alloc_ok']}/{s['workloads']}", flush=True)
    meta = {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "command": " ".join(["bench/vs-pytorch"] + sys.argv[2:]),
        "seconds": args.seconds, "threads": threads,
        "pytorch": why if have_torch else None,
        "python": sys.version.split()[0],
        "machine": platform.machine(), "cpus": os.cpu_count(),
        "cpu": cpu_model(),
        "java": java_version(),
        "ratio": "PyTorch median ms / losses4j median ms; > 1 means losses4j is faster",
        "alloc_budget": "1.25 x gradient bytes + 65536",
    }
    out = args.json_out or os.path.join(ROOT, "bench", "results", "vs-pytorch.json")
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with open(out, "w") as f:
        json.dump({"meta": meta, "summary": summary, "rows": rows}, f, indent=1)
        f.write("\n")
    print(f"wrote {out}")
    return 0


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or None


def java_version():
    try:
        p = subprocess.run(["java", "-version"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        return (p.stderr or p.stdout).splitlines()[0]
    except Exception:
        return None


def cmd_markdown(args):
    path = args.file or os.path.join(ROOT, "bench", "results", "vs-pytorch.json")
    with open(path) as f:
        data = json.load(f)
    by = {(r["workload"], r["threads"]): r for r in data["rows"]}
    names = [n for n in NAMES if any(k[0] == n for k in by)]

    def cell(v, spec, goal=None):
        if v is None:
            return "-"
        t = format(v, spec)
        return f"**{t}**" if goal is not None and v < goal else t

    print("| workload | PyTorch 1T ms | losses4j 1T ms | ratio 1T | PyTorch 2T ms | losses4j 2T ms | ratio 2T "
          "| scalar ratio 1T | scalar ratio 2T |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in names:
        a, b = by.get((n, 1), {}), by.get((n, 2), {})
        print(f"| {n} | {cell(a.get('pytorch_ms'), '.3f')} | {cell(a.get('losses4j_ms'), '.3f')} | {cell(a.get('ratio'), '.2f', 1.0)} "
              f"| {cell(b.get('pytorch_ms'), '.3f')} | {cell(b.get('losses4j_ms'), '.3f')} | {cell(b.get('ratio'), '.2f', 1.0)} "
              f"| {cell(a.get('scalar_ratio'), '.2f', 0.5)} | {cell(b.get('scalar_ratio'), '.2f', 0.5)} |")
    return 0


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("list")
    r = sub.add_parser("run")
    r.add_argument("--only")
    r.add_argument("--threads", type=int, default=1)
    r.add_argument("--seconds", type=float, default=2.0)
    r.add_argument("--json", action="store_true")
    c = sub.add_parser("compare")
    c.add_argument("--only")
    c.add_argument("--threads", default="1 2", help='thread counts, e.g. "1 2"')
    c.add_argument("--seconds", type=float, default=2.0)
    c.add_argument("--json-out")
    c.add_argument("--no-scalar", action="store_true", help="skip the scalar losses4j runs")
    c.add_argument("--losses4j", default=os.path.join(ROOT, "bin", "losses4j"), help="the losses4j launcher")
    m = sub.add_parser("markdown")
    m.add_argument("file", nargs="?")
    args = ap.parse_args(argv)
    return {"list": cmd_list, "run": cmd_run, "compare": cmd_compare, "markdown": cmd_markdown}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
