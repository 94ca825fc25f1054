#!/usr/bin/python3
"""float32 GEMM timings of PyTorch (torch.mm(a, b), a fresh result per call) with the protocol of
org.losses4j.bench.GemmBench: warm-up of at least 2 s and 10 products, then products for --seconds (at least 5);
median / p10 / p90 ms and GFLOP/s per (n, threads). Operands: torch.manual_seed(0); randn(n, n), randn(n, n).

    /usr/bin/python3 bench/torch_gemm.py [--sizes 128,512,1024] [--threads 1,2] [--seconds 3] [--json]
"""
import argparse
import json
import time

import numpy as np
import torch


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--sizes", default="128,512,1024")
    p.add_argument("--threads", default="1,2")
    p.add_argument("--seconds", type=float, default=3.0)
    p.add_argument("--json", action="store_true")
    a = p.parse_args()
    impl = "pytorch-" + torch.__version__.split("+")[0]
    for n in [int(x) for x in a.sizes.split(",")]:
        g = torch.Generator().manual_seed(0)
        x = torch.randn(n, n, generator=g)
        y = torch.randn(n, n, generator=g)
        for t in [int(x) for x in a.threads.split(",")]:
            torch.set_num_threads(t)
            t0 = time.perf_counter()
            warm = 0
            while warm < 10 or time.perf_counter() - t0 < 2.0:
                torch.mm(x, y)
                warm += 1
            ms = []
            start = time.perf_counter()
            while len(ms) < 5 or time.perf_counter() - start < a.seconds:
                s = time.perf_counter()
                torch.mm(x, y)
                ms.append((time.perf_counter() - s) * 1e3)
            med, p10, p90 = (float(np.percentile(ms, q)) for q in (50, 10, 90))
            gf = 2.0 * n ** 3 / (med * 1e6)
            if a.json:
                print(json.dumps({"impl": impl, "n": n, "threads": t, "median_ms": round(med, 4), "p10_ms": round(p10, 4),
                                  "p90_ms": round(p90, 4), "gflops": round(gf, 2), "samples": len(ms)}))
            else:
                print("%-22s n=%-5d threads=%d  median %9.3f ms  p10 %9.3f  p90 %9.3f  %7.1f GFLOP/s  (%d samples)"
                      % (impl, n, t, med, p10, p90, gf, len(ms)))


if __name__ == "__main__":
    main()
