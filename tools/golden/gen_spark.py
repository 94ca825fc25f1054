"""Fixtures for losses4j-spark: tables of rows (one sample per row, no batch dimension), grouped, with PyTorch's loss of
each group's rows stacked into one batch, the loss of the whole table, and every row's loss (reduction 'none') and
gradient of that loss with respect to the first differentiable column.

Writes losses4j-spark/src/test/resources/golden/spark.json:
  {"tables": [{"name", "loss", "dtype": "float32"|"float64", "columns": {column: {"rank", "kind": "float"|"int"}},
               "args": [column for each functional argument, in order], "rows": [{"g": group, column: value}],
               "wrt": column,
               "cases": [{"options": the SQL options string, "groups": {g: loss}, "all": loss,
                          "row_loss": [...], "row_grad": [...] (first case only)}]}]}
Values are exact (float32 values are stored as the doubles they are). Run with /usr/bin/python3 (torch 1.13).
"""
import json
import math
import os

import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "losses4j-spark", "src", "test", "resources", "golden", "spark.json")
GROUPS = ["a"] * 11 + ["b"] * 8 + ["c"] * 5   # uneven groups, interleaved below
torch.set_num_threads(1)


def group_of(i, n):
    order = [GROUPS[(7 * j) % len(GROUPS)] for j in range(len(GROUPS))]
    return order[i % len(order)] if n <= len(order) else "abc"[i % 3]


def tolist(t):
    return t.detach().tolist()


def stack(rows, col, dtype):
    return torch.stack([torch.tensor(r[col], dtype=dtype) for r in rows])


def py_options(opts, dtype):
    kw = {}
    for k, v in opts.items():
        if isinstance(v, list):
            kw[k] = torch.tensor(v, dtype=dtype)
        elif k == "distance_function" and v == "cosine":
            kw[k] = lambda x, y: 1.0 - F.cosine_similarity(x, y)
        else:
            kw[k] = v
    return kw


def sql_options(opts):
    parts = []
    for k, v in opts.items():
        if isinstance(v, str):
            parts.append(f"{k}='{v}'")
        elif isinstance(v, bool):
            parts.append(f"{k}={v}")
        else:
            parts.append(f"{k}={v!r}")
    return ", ".join(parts)


def run_dense(loss, args, rows, opts, dtype, kinds):
    batch = []
    for col in args:
        batch.append(stack(rows, col, torch.int64 if kinds[col] == "int" else dtype))
    m = getattr(torch.nn, loss)(**py_options(opts, dtype))
    return m(*batch)


def run_ctc(rows, args, opts, dtype, grad=False):
    n = len(rows)
    lp_col, tg_col = args[0], args[1]
    T = [len(r[lp_col]) for r in rows]
    C = len(rows[0][lp_col][0])
    S = [len(r[tg_col]) for r in rows]
    lp = torch.zeros(max(T), n, C, dtype=dtype)
    for i, r in enumerate(rows):
        lp[: T[i], i, :] = torch.tensor(r[lp_col], dtype=dtype)
    tg = torch.zeros(n, max(max(S), 1), dtype=torch.int64)
    for i, r in enumerate(rows):
        if S[i]:
            tg[i, : S[i]] = torch.tensor(r[tg_col])
    il = torch.tensor([r[args[2]] for r in rows]) if len(args) > 2 else torch.tensor(T)
    tl = torch.tensor([r[args[3]] for r in rows]) if len(args) > 3 else torch.tensor(S)
    if grad:
        lp.requires_grad_(True)
    out = torch.nn.CTCLoss(**py_options(opts, dtype))(lp, tg, il, tl)
    return out, lp, T


def table(name, loss, dtype, kinds, args, rows, cases, wrt=None):
    """kinds: column -> "float" | "int"; args: the columns of the functional arguments in order."""
    tdt = torch.float32 if dtype == "float32" else torch.float64
    ctc = loss == "CTCLoss"
    for i, r in enumerate(rows):
        r["g"] = group_of(i, len(rows))
    ranks = {}
    for c in args:
        v, rank = rows[0][c], 0
        while isinstance(v, list):
            rank += 1
            v = v[0] if v else 0
        ranks[c] = rank
    if wrt is None:
        wrt = args[0]
    out_cases = []
    for ci, opts in enumerate(cases):
        case = {"options": sql_options(opts), "groups": {}}
        for g in sorted({r["g"] for r in rows}):
            sub = [r for r in rows if r["g"] == g]
            v = run_ctc(sub, args, opts, tdt)[0] if ctc else run_dense(loss, args, sub, opts, tdt, kinds)
            case["groups"][g] = v.item()
        v = run_ctc(rows, args, opts, tdt)[0] if ctc else run_dense(loss, args, rows, opts, tdt, kinds)
        case["all"] = v.item()
        if ci == 0:
            none = dict(opts)
            none["reduction"] = "none"
            if ctc:
                out, lp, T = run_ctc(rows, args, none, tdt, grad=True)
                out.sum().backward()
                case["row_loss"] = tolist(out)
                case["row_grad"] = [tolist(lp.grad[: T[i], i, :]) for i in range(len(rows))]
            else:
                batch = []
                for col in args:
                    t = stack(rows, col, torch.int64 if kinds[col] == "int" else tdt)
                    if col == wrt:
                        t.requires_grad_(True)
                        x = t
                    batch.append(t)
                out = getattr(torch.nn, loss)(**py_options(none, tdt))(*batch)
                out.sum().backward()
                case["row_loss"] = tolist(out)
                case["row_grad"] = tolist(x.grad)
        out_cases.append(case)
    cols = {c: {"rank": ranks[c], "kind": kinds[c]} for c in args}
    # float32 tables store float32 values: round the generated doubles first
    if dtype == "float32":
        for r in rows:
            for c in args:
                if kinds[c] == "float":
                    r[c] = tolist(torch.tensor(r[c], dtype=torch.float32).double())
    return {"name": name, "loss": loss, "dtype": dtype, "columns": cols, "args": args, "wrt": wrt, "rows": rows, "cases": out_cases}


def rnd(gen, *shape, scale=1.0):
    return (torch.randn(*shape, generator=gen, dtype=torch.float64) * scale)


def main():
    gen = torch.Generator().manual_seed(1234)
    N, C, D = len(GROUPS), 5, 4
    tables = []

    def f32(x):
        return tolist(x.float().double())

    # --- classification: logits and class indices (float32, Parquet)
    logits = rnd(gen, N, C, scale=2.0)
    label = torch.randint(0, C, (N,), generator=gen)
    w = [1.0, 2.0, 0.5, 1.5, 0.25]
    rows = [{"logits": f32(logits[i]), "label": int(label[i])} for i in range(N)]
    tables.append(table("ce_f32", "CrossEntropyLoss", "float32", {"logits": "float", "label": "int"}, ["logits", "label"], rows,
                        [{}, {"reduction": "sum"}, {"label_smoothing": 0.1}, {"weight": w, "ignore_index": 2},
                         {"weight": w, "ignore_index": 2, "label_smoothing": 0.2}]))
    lp = F.log_softmax(rnd(gen, N, C), dim=1)
    rows = [{"lp": f32(lp[i]), "y": int(label[i])} for i in range(N)]
    tables.append(table("nll_f32", "NLLLoss", "float32", {"lp": "float", "y": "int"}, ["lp", "y"], rows,
                        [{}, {"weight": w, "ignore_index": 1}, {"reduction": "sum"}]))
    rows = [{"x": f32(logits[i]), "y": int(label[i])} for i in range(N)]
    tables.append(table("multimargin_f32", "MultiMarginLoss", "float32", {"x": "float", "y": "int"}, ["x", "y"], rows,
                        [{}, {"p": 2, "margin": 0.5, "weight": w}]))
    # --- classification in float64 (JSON, CSV): probability targets; spatial (C, d) rows
    probs = F.softmax(rnd(gen, N, C), dim=1)
    rows = [{"logits": tolist(logits[i]), "p": tolist(probs[i])} for i in range(N)]
    tables.append(table("ce_probs_f64", "CrossEntropyLoss", "float64", {"logits": "float", "p": "float"}, ["logits", "p"], rows,
                        [{}, {"label_smoothing": 0.15, "weight": w}, {"reduction": "sum"}]))
    sp = rnd(gen, N, C, 3)
    spy = torch.randint(0, C, (N, 3), generator=gen)
    rows = [{"x": tolist(sp[i]), "y": tolist(spy[i])} for i in range(N)]
    tables.append(table("ce_spatial_f64", "CrossEntropyLoss", "float64", {"x": "float", "y": "int"}, ["x", "y"], rows,
                        [{}, {"ignore_index": 1}, {"weight": w}]))
    # --- regression
    x, y = rnd(gen, N, D), rnd(gen, N, D)
    for dt, conv in (("float32", f32), ("float64", tolist)):
        rows = [{"x": conv(x[i]), "y": conv(y[i])} for i in range(N)]
        tables.append(table("mse_" + dt, "MSELoss", dt, {"x": "float", "y": "float"}, ["x", "y"], [dict(r) for r in rows],
                            [{}, {"reduction": "sum"}]))
        tables.append(table("l1_" + dt, "L1Loss", dt, {"x": "float", "y": "float"}, ["x", "y"], [dict(r) for r in rows], [{}]))
        tables.append(table("smoothl1_" + dt, "SmoothL1Loss", dt, {"x": "float", "y": "float"}, ["x", "y"], [dict(r) for r in rows],
                            [{"beta": 0.5}]))
        tables.append(table("huber_" + dt, "HuberLoss", dt, {"x": "float", "y": "float"}, ["x", "y"], [dict(r) for r in rows],
                            [{"delta": 0.7}, {"reduction": "sum"}]))
    rows = [{"x": float(x[i, 0]), "y": float(y[i, 0])} for i in range(N)]
    tables.append(table("mse_scalar_f64", "MSELoss", "float64", {"x": "float", "y": "float"}, ["x", "y"], rows, [{}]))
    logq = F.log_softmax(rnd(gen, N, C), dim=1)
    pt = F.softmax(rnd(gen, N, C), dim=1)
    for dt, conv in (("float32", f32), ("float64", tolist)):
        rows = [{"q": conv(logq[i]), "p": conv(pt[i]), "logp": conv(pt[i].log())} for i in range(N)]
        tables.append(table("kldiv_" + dt, "KLDivLoss", dt, {"q": "float", "p": "float"}, ["q", "p"], [dict(r) for r in rows],
                            [{"reduction": "batchmean"}, {}, {"reduction": "sum"}]))
        tables.append(table("kldiv_logt_" + dt, "KLDivLoss", dt, {"q": "float", "logp": "float"}, ["q", "logp"], [dict(r) for r in rows],
                            [{"reduction": "batchmean", "log_target": True}]))
    rate = rnd(gen, N, D, scale=0.5)
    counts = torch.poisson(rate.exp(), generator=gen)
    rows = [{"r": f32(rate[i]), "k": f32(counts[i])} for i in range(N)]
    tables.append(table("poisson_f32", "PoissonNLLLoss", "float32", {"r": "float", "k": "float"}, ["r", "k"], rows,
                        [{}, {"full": True}]))
    rows = [{"r": tolist(rate[i].exp()), "k": tolist(counts[i])} for i in range(N)]
    tables.append(table("poisson_rate_f64", "PoissonNLLLoss", "float64", {"r": "float", "k": "float"}, ["r", "k"], rows,
                        [{"log_input": False, "full": True}]))
    var = rnd(gen, N, D).abs() + 0.1
    rows = [{"mu": f32(x[i]), "y": f32(y[i]), "var": f32(var[i])} for i in range(N)]
    tables.append(table("gaussian_f32", "GaussianNLLLoss", "float32", {"mu": "float", "y": "float", "var": "float"}, ["mu", "y", "var"],
                        rows, [{}, {"full": True, "eps": 0.001}]))
    rows = [{"mu": tolist(x[i]), "y": tolist(y[i]), "var": float(var[i, 0])} for i in range(N)]
    tables.append(table("gaussian_scalar_var_f64", "GaussianNLLLoss", "float64", {"mu": "float", "y": "float", "var": "float"},
                        ["mu", "y", "var"], rows, [{}]))
    # --- binary
    p = torch.sigmoid(rnd(gen, N, D))
    t = torch.rand(N, D, generator=gen, dtype=torch.float64)
    bits = (torch.rand(N, D, generator=gen) > 0.5).double()
    pm = bits * 2 - 1
    wd = [0.5, 1.0, 2.0, 1.5]
    for dt, conv in (("float32", f32), ("float64", tolist)):
        rows = [{"p": conv(p[i]), "t": conv(t[i]), "z": conv(x[i]), "b": conv(bits[i]), "s": conv(pm[i])} for i in range(N)]
        tables.append(table("bce_" + dt, "BCELoss", dt, {"p": "float", "t": "float"}, ["p", "t"], [dict(r) for r in rows],
                            [{}, {"weight": wd}]))
        tables.append(table("bcelogits_" + dt, "BCEWithLogitsLoss", dt, {"z": "float", "b": "float"}, ["z", "b"], [dict(r) for r in rows],
                            [{}, {"pos_weight": wd, "reduction": "sum"}]))
        tables.append(table("softmargin_" + dt, "SoftMarginLoss", dt, {"z": "float", "s": "float"}, ["z", "s"], [dict(r) for r in rows], [{}]))
        tables.append(table("multilabelsoft_" + dt, "MultiLabelSoftMarginLoss", dt, {"z": "float", "b": "float"}, ["z", "b"],
                            [dict(r) for r in rows], [{}, {"weight": wd}]))
        tables.append(table("hinge_" + dt, "HingeEmbeddingLoss", dt, {"z": "float", "s": "float"}, ["z", "s"], [dict(r) for r in rows],
                            [{"margin": 0.5}]))
    rows = [{"a": float(x[i, 0]), "b": float(x[i, 1]), "y": float(pm[i, 0])} for i in range(N)]
    tables.append(table("ranking_f64", "MarginRankingLoss", "float64", {"a": "float", "b": "float", "y": "float"}, ["a", "b", "y"], rows,
                        [{"margin": 0.1}]))
    # --- embeddings and multi-label margin
    a, pos, neg = rnd(gen, N, D), rnd(gen, N, D), rnd(gen, N, D)
    for dt, conv in (("float32", f32), ("float64", tolist)):
        rows = [{"a": conv(a[i]), "p": conv(pos[i]), "n": conv(neg[i]), "y": float(pm[i, 1])} for i in range(N)]
        tables.append(table("cosine_" + dt, "CosineEmbeddingLoss", dt, {"a": "float", "p": "float", "y": "float"}, ["a", "p", "y"],
                            [dict(r) for r in rows], [{}, {"margin": 0.2}]))
        tables.append(table("triplet_" + dt, "TripletMarginLoss", dt, {"a": "float", "p": "float", "n": "float"}, ["a", "p", "n"],
                            [dict(r) for r in rows], [{}, {"p": 1.0, "swap": True, "margin": 0.5}]))
        tables.append(table("tripletdist_" + dt, "TripletMarginWithDistanceLoss", dt, {"a": "float", "p": "float", "n": "float"},
                            ["a", "p", "n"], [dict(r) for r in rows], [{}, {"distance_function": "cosine", "margin": 0.3}]))
    ml = torch.full((N, C), -1, dtype=torch.int64)
    for i in range(N):
        k = 1 + i % 3
        ml[i, :k] = torch.randperm(C, generator=gen)[:k]
    rows = [{"x": f32(logits[i]), "y": tolist(ml[i])} for i in range(N)]
    tables.append(table("multilabelmargin_f32", "MultiLabelMarginLoss", "float32", {"x": "float", "y": "int"}, ["x", "y"], rows, [{}]))
    # --- CTC: (T, C) log-probabilities with T varying per row, targets of varying length
    Cc = 6
    for dt in ("float32", "float64"):
        rows = []
        for i in range(N):
            T = 5 + (i * 3) % 6
            S = 1 + (i * 5) % 4
            lpr = F.log_softmax(rnd(gen, T, Cc), dim=1)
            tg = torch.randint(1, Cc, (S,), generator=gen)
            r = {"lp": f32(lpr) if dt == "float32" else tolist(lpr), "labels": tolist(tg), "frames": T - (i % 2), "n": S - (1 if S > 1 and i % 3 == 0 else 0)}
            rows.append(r)
        kinds = {"lp": "float", "labels": "int", "frames": "int", "n": "int"}
        tables.append(table("ctc_" + dt, "CTCLoss", dt, kinds, ["lp", "labels"], [dict(r) for r in rows],
                            [{}, {"reduction": "sum"}, {"zero_infinity": True}]))
        tables.append(table("ctc_lengths_" + dt, "CTCLoss", dt, kinds, ["lp", "labels", "frames", "n"], [dict(r) for r in rows],
                            [{}, {"reduction": "sum", "blank": 0}]))
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump({"torch": torch.__version__, "tables": tables}, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {OUT}: {len(tables)} tables, {sum(len(t['cases']) for t in tables)} cases")


if __name__ == "__main__":
    main()
