package org.losses4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import org.losses4j.Reduction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.losses4j.DType;
import org.losses4j.Losses4j;
import org.losses4j.Tensor;

/**
 * The fused float32 path of the binary losses (BCE, BCE with logits, soft margin, hinge embedding, margin
 * ranking, multi-label soft margin): bit-identical results at 1, 2 and 4 threads, a second backward with
 * retain_graph giving the same gradient, an upstream other than 1, and agreement with the float64 path.
 */
class BinaryLossesFusedTest {
    /** Several parallel blocks (2^15 elements each) and a ragged last one. */
    private static final int N = 3 * (1 << 15) + 1234;

    @AfterEach
    void restoreThreads() { Losses4j.setNumThreads(Runtime.getRuntime().availableProcessors()); }

    private record Case(String name, int inputs, Function<Tensor[], Tensor> loss) {}

    private static float[] values(Random r, int n, int kind) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = switch (kind) {
                case 0 -> (float) r.nextGaussian() * 3;                     // logits
                case 1 -> (float) (r.nextDouble() * 0.998 + 1e-3);          // probabilities
                case 2 -> r.nextInt(2);                                     // 0/1 targets
                case 3 -> r.nextInt(2) * 2 - 1;                             // +-1 targets
                default -> (float) Math.abs(r.nextGaussian());              // |normal|
            };
        }
        return a;
    }

    private static List<Case> cases(Reduction red) {
        Random r = new Random(11);
        float[] logits = values(r, N, 0), probs = values(r, N, 1), y01 = values(r, N, 2), ypm = values(r, N, 3), abs = values(r, N, 4);
        float[] other = values(r, N, 0);
        List<Case> cs = new ArrayList<>();
        cs.add(new Case("bce", 1, t -> BCELoss.binaryCrossEntropy(t[0], t(y01, t[0].dtype(), N), null, red)));
        cs.add(new Case("bce_logits", 1, t -> BCEWithLogitsLoss.binaryCrossEntropyWithLogits(t[0], t(y01, t[0].dtype(), N), null, red, null)));
        cs.add(new Case("soft_margin", 1, t -> SoftMarginLoss.softMarginLoss(t[0], t(ypm, t[0].dtype(), N), red)));
        cs.add(new Case("hinge", 1, t -> HingeEmbeddingLoss.hingeEmbeddingLoss(t[0], t(ypm, t[0].dtype(), N), 1.0, red)));
        cs.add(new Case("margin_ranking", 2, t -> MarginRankingLoss.marginRankingLoss(t[0], t[1], t(ypm, t[0].dtype(), N), 0.1, red)));
        if (red != Reduction.NONE) {
            int rows = N / 100;
            cs.add(new Case("multilabel_soft_margin", 1, t -> MultiLabelSoftMarginLoss.multilabelSoftMarginLoss(t[0].reshape(rows, 100),
                    t(y01, t[0].dtype(), N).narrow(0, 0, rows * 100).reshape(rows, 100), null, red)));
        }
        // inputs per case: the first from the list below, the second (margin ranking) "other"
        inputsFor.put("bce", probs);
        inputsFor.put("hinge", abs);
        inputsFor.put("other", other);
        inputsFor.put("default", logits);
        return cs;
    }

    private static final java.util.Map<String, float[]> inputsFor = new java.util.HashMap<>();

    private static Tensor t(float[] v, DType d, int n) {
        Tensor f = Tensor.wrap(DType.FLOAT32, v.clone(), n);
        return d == DType.FLOAT32 ? f : f.to(d);
    }

    private static Tensor[] leaves(Case c, DType d) {
        float[] first = inputsFor.getOrDefault(c.name(), inputsFor.get("default"));
        Tensor[] ts = new Tensor[c.inputs()];
        ts[0] = t(first, d, N);
        if (c.name().equals("multilabel_soft_margin")) ts[0] = ts[0].narrow(0, 0, (N / 100) * 100).contiguous();
        if (c.inputs() > 1) ts[1] = t(inputsFor.get("other"), d, N);
        for (Tensor x : ts) x.requiresGrad_(true);
        return ts;
    }

    /** Loss value(s) then every gradient, as float arrays. */
    private static List<float[]> run(Case c, DType d, int threads, Tensor upstream) {
        Losses4j.setNumThreads(threads);
        Tensor[] in = leaves(c, d);
        Tensor out = c.loss().apply(in);
        List<float[]> res = new ArrayList<>();
        res.add(out.to(DType.FLOAT32).toFloatArray());
        out.backward(upstream);
        for (Tensor x : in) res.add(x.grad().to(DType.FLOAT32).toFloatArray());
        return res;
    }

    @Test
    void identicalAtOneTwoAndFourThreads() {
        for (Reduction red : Reduction.values()) {
            if (red == Reduction.BATCHMEAN) continue;
            for (Case c : cases(red)) {
                Tensor up = red == Reduction.NONE ? Tensor.randn(N) : null;
                // warm up first: with the Vector API, interpreted and C2-compiled lanewise EXP/LOG may differ by an ulp
                for (int w = 0; w < 3; w++) run(c, DType.FLOAT32, 2, up);
                List<float[]> one = run(c, DType.FLOAT32, 1, up);
                for (int th : new int[] {2, 4}) {
                    List<float[]> other = run(c, DType.FLOAT32, th, up);
                    for (int k = 0; k < one.size(); k++) assertArrayEquals(one.get(k), other.get(k), c.name() + " " + red + " threads=" + th);
                }
            }
        }
    }

    @Test
    void float32MatchesTheFloat64Path() {
        for (Reduction red : Reduction.values()) {
            if (red == Reduction.BATCHMEAN) continue;
            for (Case c : cases(red)) {
                Tensor up = red == Reduction.NONE ? Tensor.randn(N) : Tensor.scalar(2.5);
                List<float[]> f = run(c, DType.FLOAT32, 2, up);
                List<float[]> d = run(c, DType.FLOAT64, 2, up == null ? null : up.to(DType.FLOAT64));
                for (int k = 0; k < f.size(); k++) {
                    float[] a = d.get(k), b = f.get(k);
                    assertEquals(a.length, b.length);
                    for (int i = 0; i < a.length; i++) {
                        assertEquals(a[i], b[i], 2e-5 * Math.abs(a[i]) + 1e-6, c.name() + " " + red + " output " + k + " [" + i + "]");
                    }
                }
            }
        }
    }

    @Test
    void secondBackwardWithRetainGraphGivesTheSameGradient() {
        for (Reduction red : new Reduction[] {Reduction.MEAN, Reduction.SUM, Reduction.NONE}) {
            for (Case c : cases(red)) {
                Tensor[] in = leaves(c, DType.FLOAT32);
                Tensor out = c.loss().apply(in);
                Tensor up = red == Reduction.NONE ? Tensor.randn(N) : Tensor.scalar(1.0);
                out.backward(up, true);
                float[][] first = new float[in.length][];
                for (int i = 0; i < in.length; i++) {
                    first[i] = in[i].grad().toFloatArray();
                    in[i].zeroGrad();
                }
                out.backward(up, true);
                for (int i = 0; i < in.length; i++) {
                    assertArrayEquals(first[i], in[i].grad().toFloatArray(), c.name() + " " + red);
                }
                // a third pass accumulates into the existing gradient
                Tensor before = in[0].grad();
                out.backward(up, true);
                float[] twice = in[0].grad().toFloatArray();
                for (int k = 0; k < twice.length; k++) assertEquals(2 * first[0][k], twice[k], 1e-6 * Math.abs(first[0][k]), c.name());
                assertNotSame(null, before);
            }
        }
    }

    @Test
    void noGraphWithoutGradMode() {
        for (Case c : cases(Reduction.MEAN)) {
            Tensor[] in = leaves(c, DType.FLOAT32);
            try (var g = org.losses4j.autograd.GradMode.noGrad()) {
                Tensor out = c.loss().apply(in);
                assertNull(out.gradFn(), c.name());
            }
        }
    }
}
