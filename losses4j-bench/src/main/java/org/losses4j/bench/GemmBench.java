package org.losses4j.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.losses4j.DType;
import org.losses4j.Generator;
import org.losses4j.Losses4j;
import org.losses4j.Tensor;

/**
 * float32 GEMM timings: {@code C = A.mm(B)} for square n x n x n products (a fresh C per call, as {@code torch.mm}),
 * median / p10 / p90 ms per product and GFLOP/s (2 n^3 / time), one line per (n, threads). The same protocol as
 * {@code bench/torch_gemm.py} (PyTorch) and {@link org.losses4j.bench.djl.DjlGemmBench} (PyTorch 2.x through DJL):
 * warm-up of at least 2 s and 10 products, then products for the given seconds (at least 5).
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp ... org.losses4j.bench.GemmBench [--sizes 128,512,1024] [--threads 1,2]
 *      [--seconds 3] [--json]
 * </pre>
 */
public final class GemmBench {
    private GemmBench() {}

    /** One measurement. */
    public record Result(String impl, int n, int threads, double medianMs, double p10Ms, double p90Ms, int samples) {
        /** GFLOP/s at the median. */
        public double gflops() { return 2.0 * n * n * (double) n / (medianMs * 1e6); }

        public String json() {
            return String.format(Locale.ROOT, "{\"impl\": \"%s\", \"n\": %d, \"threads\": %d, \"median_ms\": %.4f, \"p10_ms\": %.4f, \"p90_ms\": %.4f,"
                    + " \"gflops\": %.2f, \"samples\": %d}", impl, n, threads, medianMs, p10Ms, p90Ms, gflops(), samples);
        }

        public String line() {
            return String.format(Locale.ROOT, "%-22s n=%-5d threads=%d  median %9.3f ms  p10 %9.3f  p90 %9.3f  %7.1f GFLOP/s  (%d samples)",
                    impl, n, threads, medianMs, p10Ms, p90Ms, gflops(), samples);
        }
    }

    /** Times {@code op} (one product per call): warm-up, then samples for {@code seconds}. */
    public static Result time(String impl, int n, int threads, double seconds, Runnable op) {
        long t0 = System.nanoTime();
        int warm = 0;
        while (warm < 10 || System.nanoTime() - t0 < 2_000_000_000L) {
            op.run();
            warm++;
            if (System.nanoTime() - t0 > 20_000_000_000L) break;
        }
        List<Double> ms = new ArrayList<>();
        long start = System.nanoTime();
        while (ms.size() < 5 || System.nanoTime() - start < seconds * 1e9) {
            long a = System.nanoTime();
            op.run();
            ms.add((System.nanoTime() - a) / 1e6);
        }
        double[] s = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Result(impl, n, threads, BenchRunner.quantile(s, 0.5), BenchRunner.quantile(s, 0.1), BenchRunner.quantile(s, 0.9), s.length);
    }

    /** The seeded n x n float32 operands (torch.manual_seed(0); randn(n, n), randn(n, n) on PyTorch's side). */
    public static Tensor[] operands(int n) {
        Generator g = new Generator(0);
        return new Tensor[] {Tensor.randn(g, DType.FLOAT32, n, n), Tensor.randn(g, DType.FLOAT32, n, n)};
    }

    static int[] ints(String s) { return Arrays.stream(s.split(",")).mapToInt(x -> Integer.parseInt(x.trim())).toArray(); }

    public static void main(String[] args) {
        int[] sizes = {128, 512, 1024}, threads = {1, 2};
        double seconds = 3;
        boolean json = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--sizes": sizes = ints(args[++i]); break;
                case "--threads": threads = ints(args[++i]); break;
                case "--seconds": seconds = Double.parseDouble(args[++i]); break;
                case "--json": json = true; break;
                default: throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        for (int n : sizes) {
            Tensor[] ab = operands(n);
            for (int t : threads) {
                Losses4j.setNumThreads(t);
                Supplier<Tensor> mm = () -> ab[0].mm(ab[1]);
                Result r = time("losses4j-" + Losses4j.provider(), n, t, seconds, mm::get);
                System.out.println(json ? r.json() : r.line());
            }
        }
    }
}
