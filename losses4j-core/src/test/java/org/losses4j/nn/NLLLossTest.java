package org.losses4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import org.losses4j.Reduction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.losses4j.DType;
import org.losses4j.Generator;
import org.losses4j.Tensor;
import org.losses4j.autograd.GradCheck;

class NLLLossTest {

    private static Tensor randn(long seed, int... shape) {
        return Tensor.randn(new Generator(seed), DType.FLOAT64, shape);
    }

    @Test
    void backwardMatchesFiniteDifferences() {
        int[][] shapes = {{4, 3}, {3}, {2, 3, 4}, {2, 3, 2, 2}, {1, 3, 2, 1, 2}};
        long[][] targets = {{1, -1, 2, 0}, {1}, {0, 2, -1, 1, 2, 0, 0, 1}, {0, 2, 1, -1, 1, 1, 0, 0}, {2, 0, -1, 1}};
        int[][] tshapes = {{4}, {}, {2, 4}, {2, 2, 2}, {1, 2, 1, 2}};
        for (int si = 0; si < shapes.length; si++) {
            Tensor target = Tensor.wrap(DType.INT64, targets[si].clone(), tshapes[si]);
            Tensor weight = Tensor.of(0.5, 2.0, 1.5);
            for (Reduction r : new Reduction[] {Reduction.NONE, Reduction.MEAN, Reduction.SUM}) {
                for (NLLLoss loss : List.of(NLLLoss.builder().reduction(r).ignoreIndex(-1).build(),
                        NLLLoss.builder().reduction(r).ignoreIndex(-1).weight(weight).build(),
                        NLLLoss.builder().reduction(r).ignoreIndex(2).weight(weight).build())) {
                    if (loss.ignoreIndex() == 2 && java.util.Arrays.stream(targets[si]).anyMatch(v -> v == -1)) {
                        long[] fixed = targets[si].clone();
                        for (int i = 0; i < fixed.length; i++) if (fixed[i] == -1) fixed[i] = 0;
                        Tensor t2 = Tensor.wrap(DType.INT64, fixed, tshapes[si]);
                        check(loss, randn(si, shapes[si]), t2, si, r);
                    } else {
                        check(loss, randn(si, shapes[si]), target, si, r);
                    }
                }
            }
        }
    }

    private static void check(NLLLoss loss, Tensor x, Tensor t, int si, Reduction r) {
        x.requiresGrad_(true);
        GradCheck.Result res = GradCheck.check(in -> loss.forward(in[0], t), x);
        assertTrue(res.passed(), "shape " + si + " " + r + " ignore=" + loss.ignoreIndex() + " weight=" + (loss.weight() != null) + ": " + res);
    }

    /** Weighted mean: sum_n -w[y_n] x[n, y_n] / sum_n w[y_n] over non-ignored n (values by hand). */
    @Test
    void matchesTorch_weightedMeanWithIgnoreIndex() {
        Tensor x = Tensor.of(new double[][] {{-1, -2, -3}, {-4, -5, -6}, {-7, -8, -9}});
        Tensor w = Tensor.of(1.0, 2.0, 3.0);
        Tensor t = Tensor.of(2L, 1L, 0L);
        NLLLoss loss = NLLLoss.builder().weight(w).ignoreIndex(0).build();
        assertEquals((3 * 3 + 2 * 5) / 5.0, loss.forward(x, t).item(), 1e-15);
        assertEquals(3 * 3 + 2 * 5, NLLLoss.builder().weight(w).ignoreIndex(0).reduction(Reduction.SUM).build().forward(x, t).item(), 1e-15);
        assertArrayEquals(new double[] {9, 10, 0},
                NLLLoss.builder().weight(w).ignoreIndex(0).reduction(Reduction.NONE).build().forward(x, t).toDoubleArray(), 1e-15);
    }

    @Test
    void allIgnoredIsNanForMeanAndZeroForSum() {
        Tensor x = randn(3, 2, 3);
        Tensor t = Tensor.of(-100L, -100L);
        assertTrue(Double.isNaN(NLLLoss.nllLoss(x, t).item()));
        assertEquals(0.0, new NLLLoss(Reduction.SUM).forward(x, t).item());
    }

    @Test
    void kDimensionalGradFnNamesFollowPyTorch() {
        Tensor t3 = Tensor.zeros(DType.INT64, 2, 4);
        Tensor t4 = Tensor.zeros(DType.INT64, 2, 4, 5);
        assertEquals("NllLoss2DBackward0", NLLLoss.nllLoss(randn(1, 2, 3, 4).requiresGrad_(true), t3).gradFn().name());
        assertEquals("ViewBackward0", new NLLLoss(Reduction.NONE).forward(randn(1, 2, 3, 4).requiresGrad_(true), t3).gradFn().name());
        assertEquals("NllLoss2DBackward0", new NLLLoss(Reduction.NONE).forward(randn(1, 2, 3, 4, 5).requiresGrad_(true), t4).gradFn().name());
        assertEquals("NllLossBackward0", NLLLoss.nllLoss(randn(1, 2, 3).requiresGrad_(true), Tensor.of(0L, 1L)).gradFn().name());
    }

    @Test
    void rejectsTargetOutOfBounds() {
        Tensor x = randn(1, 3, 5).requiresGrad_(true);
        var e = assertThrows(IndexOutOfBoundsException.class, () -> NLLLoss.nllLoss(x, Tensor.of(1L, 7L, 0L)));
        assertEquals("Target 7 is out of bounds.", e.getMessage());
        var neg = assertThrows(IndexOutOfBoundsException.class,
                () -> NLLLoss.builder().ignoreIndex(-1).build().forward(x, Tensor.of(1L, -2L, 0L)));
        assertEquals("Target -2 is out of bounds.", neg.getMessage());
        assertNull(x.grad());
    }

    @Test
    void rejectsBatchMismatch() {
        var e = assertThrows(IllegalArgumentException.class, () -> NLLLoss.nllLoss(randn(1, 3, 5), Tensor.of(1L, 0L)));
        assertEquals("Expected input batch_size (3) to match target batch_size (2).", e.getMessage());
    }

    @Test
    void rejectsWrongWeightLength() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> NLLLoss.builder().weight(Tensor.ones(DType.FLOAT64, 4)).build().forward(randn(1, 3, 5), Tensor.of(1L, 0L, 2L)));
        assertEquals("weight tensor should be defined either for all 5 classes or no classes but got weight tensor of shape: [4]", e.getMessage());
    }

    @Test
    void rejectsWeightThatRequiresGrad() {
        Tensor w = Tensor.ones(DType.FLOAT64, 3).requiresGrad_(true);
        var e = assertThrows(IllegalArgumentException.class,
                () -> NLLLoss.builder().weight(w).build().forward(randn(1, 2, 3, 4), Tensor.zeros(DType.INT64, 2, 4)));
        assertEquals("The function 'nll_loss2d_forward' is not differentiable with respect to argument 'weight'. This input cannot have"
                + " requires_grad True.", e.getMessage());
    }

    @Test
    void rejectsNonLongTarget() {
        var e = assertThrows(IllegalArgumentException.class, () -> NLLLoss.nllLoss(randn(1, 3, 5), Tensor.of(true, false, true)));
        assertEquals("expected scalar type Long but found Bool" + ClassificationSupport.LONG_TARGET_HINT, e.getMessage());
    }

    @Test
    void fromOptionsReadsPyTorchKeywordsIncludingLegacy() {
        NLLLoss l = (NLLLoss) Losses.create("NLLLoss", new LossOptions(java.util.Map.of("ignore_index", -1L, "size_average", false)));
        assertEquals(-1L, l.ignoreIndex());
        assertEquals(Reduction.SUM, l.reduction());
        assertEquals(List.of("input", "target"), l.argNames());
        assertEquals(-100L, new NLLLoss().ignoreIndex());
    }
}
