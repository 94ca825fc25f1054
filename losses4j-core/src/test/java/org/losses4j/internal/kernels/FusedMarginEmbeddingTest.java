package org.losses4j.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.losses4j.DType;
import org.losses4j.Generator;
import org.losses4j.Tensor;
import org.losses4j.nn.CosineEmbeddingLoss;
import org.losses4j.nn.MultiLabelMarginLoss;
import org.losses4j.nn.MultiMarginLoss;
import org.losses4j.Reduction;
import org.losses4j.nn.TripletMarginLoss;
import org.losses4j.internal.parallel.Parallel;

/**
 * The fused float32 paths of MultiMarginLoss, MultiLabelMarginLoss, CosineEmbeddingLoss and TripletMarginLoss: the same
 * bits at 1, 2 and 4 threads; a second backward (retain_graph) gives the same gradient; upstream gradients other than 1
 * (reduction none, sum times a scalar); and agreement with the float64 reference path.
 */
class FusedMarginEmbeddingTest {
    private final int before = Parallel.numThreads();

    @AfterEach
    void restore() { Parallel.setNumThreads(before); }

    /** A loss case: builds fresh leaves (float32 or float64) and returns them with the loss. */
    private interface Case {
        Tensor[] inputs(DType dt);

        Tensor loss(Tensor[] in);
    }

    private static Tensor randn(long seed, DType dt, int... shape) {
        return Tensor.randn(new Generator(seed), DType.FLOAT32, shape).to(dt).detach().requiresGrad_(true);
    }

    private static Tensor multiLabelTarget(int n, int c, long seed) {
        long[] t = new long[n * c];
        java.util.Arrays.fill(t, -1);
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            int k = 1 + i % 10;
            for (int j = 0; j < k; j++) t[i * c + j] = r.nextInt(c); // duplicates allowed: they count twice
        }
        return Tensor.wrap(DType.INT64, t, n, c);
    }

    private static Tensor signs(int n, long seed) {
        long[] t = new long[n];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) t[i] = r.nextInt(3) == 0 ? 1 : -1;
        return Tensor.wrap(DType.INT64, t, n);
    }

    private static List<Case> cases(Reduction r) {
        List<Case> cs = new ArrayList<>();
        Tensor y = Tensor.randint(new Generator(3), 0, 1100, 700);
        Tensor w = Tensor.rand(new Generator(4), DType.FLOAT32, 1100);
        for (int p : new int[] {1, 2}) {
            cs.add(new Case() {
                public Tensor[] inputs(DType dt) { return new Tensor[] {randn(1, dt, 700, 1100)}; }
                public Tensor loss(Tensor[] in) {
                    Tensor ww = in[0].dtype() == DType.FLOAT32 ? w : w.to(DType.FLOAT64);
                    return new MultiMarginLoss(p, 0.7, ww, r).forward(in[0], y);
                }
            });
        }
        Tensor ym = MultiMarginTargets.small();
        cs.add(new Case() {
            public Tensor[] inputs(DType dt) { return new Tensor[] {randn(2, dt, 2000, 37)}; }
            public Tensor loss(Tensor[] in) { return new MultiMarginLoss(r).forward(in[0], ym); }
        });
        Tensor yl = multiLabelTarget(900, 1500, 5);
        cs.add(new Case() {
            public Tensor[] inputs(DType dt) { return new Tensor[] {randn(6, dt, 900, 1500)}; }
            public Tensor loss(Tensor[] in) { return new MultiLabelMarginLoss(r).forward(in[0], yl); }
        });
        Tensor t = signs(3000, 7);
        cs.add(new Case() {
            public Tensor[] inputs(DType dt) { return new Tensor[] {randn(8, dt, 3000, 67), randn(9, dt, 3000, 67)}; }
            public Tensor loss(Tensor[] in) { return new CosineEmbeddingLoss(0.05, r).forward(in[0], in[1], t); }
        });
        cs.add(new Case() {
            public Tensor[] inputs(DType dt) { return new Tensor[] {randn(10, dt, 500, 1200), randn(11, dt, 500, 1200)}; }
            public Tensor loss(Tensor[] in) { return new CosineEmbeddingLoss(-0.01, r).forward(in[0], in[1], signs(500, 12)); }
        });
        cs.add(new Case() {
            public Tensor[] inputs(DType dt) { return new Tensor[] {randn(13, dt, 3000, 67), randn(14, dt, 3000, 67), randn(15, dt, 3000, 67)}; }
            public Tensor loss(Tensor[] in) { return TripletMarginLoss.builder().margin(1.5).reduction(r).build().forward(in[0], in[1], in[2]); }
        });
        return cs;
    }

    /** Runs forward + backward (upstream: ones for none, 1 otherwise, or the given factor), returns loss and grads. */
    private static float[][] run(Case c, DType dt, double upstream, int threads) {
        Parallel.setNumThreads(threads);
        Tensor[] in = c.inputs(dt);
        Tensor out = c.loss(in);
        Tensor g = out.dim() == 0 ? Tensor.full(out.dtype(), upstream) : ramp(out);
        out.backward(g);
        float[][] res = new float[in.length + 1][];
        res[0] = out.detach().toFloatArray();
        for (int i = 0; i < in.length; i++) {
            assertNotNull(in[i].grad(), "gradient of input " + i);
            res[i + 1] = in[i].grad().toFloatArray();
        }
        return res;
    }

    private static Tensor ramp(Tensor out) {
        int n = out.numel();
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = i % 3 == 0 ? 1 : (i % 7) * 0.25 - 0.5;
        return Tensor.wrap(DType.FLOAT64, v, out.shape()).to(out.dtype());
    }

    @Test
    void sameBitsAtOneTwoAndFourThreads() {
        for (Reduction r : new Reduction[] {Reduction.MEAN, Reduction.SUM, Reduction.NONE}) {
            for (Case c : cases(r)) {
                float[][] one = run(c, DType.FLOAT32, 1, 1);
                for (int t : new int[] {2, 4}) {
                    float[][] other = run(c, DType.FLOAT32, 1, t);
                    for (int i = 0; i < one.length; i++) assertArrayEquals(one[i], other[i], r + " output " + i + " at " + t + " threads");
                }
            }
        }
    }

    @Test
    void fusedFloat32MatchesTheFloat64Path() {
        for (Reduction r : new Reduction[] {Reduction.MEAN, Reduction.SUM, Reduction.NONE}) {
            for (double up : new double[] {1, -2.5}) {
                for (Case c : cases(r)) {
                    float[][] f = run(c, DType.FLOAT32, up, 2);
                    float[][] d = run(c, DType.FLOAT64, up, 1);
                    for (int i = 0; i < f.length; i++) {
                        assertEquals(d[i].length, f[i].length);
                        double scale = 0;
                        for (float v : d[i]) scale = Math.max(scale, Math.abs(v));
                        for (int k = 0; k < f[i].length; k++) {
                            double tol = 1e-5 * scale + 1e-5 * Math.abs(d[i][k]);
                            assertTrue(Math.abs(f[i][k] - d[i][k]) <= tol,
                                    r + " up " + up + " output " + i + " [" + k + "]: float32 " + f[i][k] + " vs float64 " + d[i][k]);
                        }
                    }
                }
            }
        }
    }

    @Test
    void secondBackwardWithRetainGraphGivesTheSameGradient() {
        for (Reduction r : new Reduction[] {Reduction.MEAN, Reduction.NONE}) {
            for (Case c : cases(r)) {
                Tensor[] in = c.inputs(DType.FLOAT32);
                Tensor out = c.loss(in);
                Tensor g = out.dim() == 0 ? Tensor.full(out.dtype(), 1.0) : ramp(out);
                out.backward(g, true);
                float[][] first = new float[in.length][];
                for (int i = 0; i < in.length; i++) {
                    first[i] = in[i].grad().toFloatArray();
                    in[i].zeroGrad();
                }
                out.backward(g, true);
                for (int i = 0; i < in.length; i++) assertArrayEquals(first[i], in[i].grad().toFloatArray(), r + " input " + i);
                // and a third pass accumulates onto the existing gradient
                out.backward(g, false);
                float[] twice = in[0].grad().toFloatArray();
                for (int k = 0; k < twice.length; k++) assertEquals(2 * first[0][k], twice[k], Math.abs(first[0][k]) * 1e-6 + 1e-12);
            }
        }
    }

    @Test
    void onlyTheInputsThatRequireGradGetOne() {
        Tensor a = randn(20, DType.FLOAT32, 64, 33), b = Tensor.randn(new Generator(21), DType.FLOAT32, 64, 33);
        new CosineEmbeddingLoss().forward(a, b, signs(64, 22)).backward();
        assertNotNull(a.grad());
        assertEquals(null, b.grad());
        Tensor p = Tensor.randn(new Generator(23), DType.FLOAT32, 64, 33), n = randn(24, DType.FLOAT32, 64, 33);
        Tensor an = Tensor.randn(new Generator(25), DType.FLOAT32, 64, 33);
        new TripletMarginLoss().forward(an, p, n).backward();
        assertNotNull(n.grad());
        assertEquals(null, an.grad());
        assertEquals(null, p.grad());
    }

    /** A target of 2000 rows over 37 classes. */
    private static final class MultiMarginTargets {
        static Tensor small() { return Tensor.randint(new Generator(30), 0, 37, 2000); }
    }

    @Test
    void noGradModeComputesTheSameLoss() {
        Function<Boolean, Float> f = grad -> {
            Tensor x = randn(40, DType.FLOAT32, 300, 50);
            if (!grad) x = x.detach();
            return (float) new MultiMarginLoss().forward(x, Tensor.randint(new Generator(41), 0, 50, 300)).item();
        };
        assertEquals(f.apply(true), f.apply(false));
    }
}
