package org.losses4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import org.losses4j.Reduction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.losses4j.DType;
import org.losses4j.Generator;
import org.losses4j.Tensor;
import org.losses4j.autograd.GradCheck;
import org.losses4j.autograd.GradMode;

class CrossEntropyLossTest {

    private static final Reduction[] REDUCTIONS = {Reduction.NONE, Reduction.MEAN, Reduction.SUM};

    private static Tensor randn(long seed, int... shape) {
        return Tensor.randn(new Generator(seed), DType.FLOAT64, shape);
    }

    /**
     * The tutorial's §3.5.2 example, line for line. The page printed tensor(2.0115, grad_fn=<NllLossBackward>) from an
     * unseeded run; with torch.manual_seed(0), /usr/bin/python3 (torch 1.13) prints
     * tensor(2.2729, grad_fn=<NllLossBackward0>) (input[0] = [1.5410, -0.2934, -2.1788, 0.5684, -1.0845], target = [3, 0, 0]).
     */
    @Test
    void tutorialExamplePrintsLikePyTorch() {
        Generator.manualSeedDefault(0);
        CrossEntropyLoss loss = new CrossEntropyLoss();
        Tensor input = Tensor.randn(3, 5).requiresGrad_(true);
        Tensor target = Tensor.empty(DType.INT64, 3).random_(5);
        Tensor output = loss.forward(input, target);
        output.backward();
        assertArrayEquals(new long[] {3, 0, 0}, target.toLongArray());
        assertEquals("tensor(2.2729, grad_fn=<NllLossBackward0>)", output.toString());
        assertTrue(output.toString().matches("tensor\\(\\d\\.\\d{4}, grad_fn=<NllLossBackward0>\\)"));
        assertEquals(2.272947072982788, output.item(), 1e-6);
        // the gradient of a mean cross entropy: each row sums to 0, the target entry is (p - 1) / 3 < 0
        Tensor g = input.grad();
        assertNotNull(g);
        for (int i = 0; i < 3; i++) {
            double s = 0;
            for (int j = 0; j < 5; j++) s += g.get(i, j);
            assertEquals(0, s, 1e-6);
            assertTrue(g.get(i, (int) target.getLong(i)) < 0);
        }
    }

    @Test
    void backwardMatchesFiniteDifferences_classTargets() {
        int[][] shapes = {{4, 5}, {5}, {2, 3, 4}, {2, 3, 2, 2}};
        long[][] targets = {{1, 4, 2, 0}, {3}, {0, 2, 1, 1, 2, 0, 0, 1}, {0, 2, 1, 2, 1, 1, 0, 0}};
        int[][] tshapes = {{4}, {}, {2, 4}, {2, 2, 2}};
        for (int si = 0; si < shapes.length; si++) {
            int c = shapes[si].length == 1 ? shapes[si][0] : shapes[si][1];
            Tensor target = Tensor.wrap(DType.INT64, targets[si].clone(), tshapes[si]);
            Tensor weight = Tensor.rand(new Generator(7), DType.FLOAT64, c).add(0.2);
            for (Reduction r : REDUCTIONS) {
                List<CrossEntropyLoss> losses = new ArrayList<>();
                losses.add(CrossEntropyLoss.builder().reduction(r).build());
                losses.add(CrossEntropyLoss.builder().reduction(r).weight(weight).build());
                losses.add(CrossEntropyLoss.builder().reduction(r).ignoreIndex(1).build());
                losses.add(CrossEntropyLoss.builder().reduction(r).labelSmoothing(0.2).build());
                losses.add(CrossEntropyLoss.builder().reduction(r).labelSmoothing(0.3).weight(weight).ignoreIndex(2).build());
                for (CrossEntropyLoss loss : losses) {
                    Tensor x = randn(si * 10 + r.ordinal(), shapes[si]).requiresGrad_(true);
                    GradCheck.Result res = GradCheck.check(in -> loss.forward(in[0], target), x);
                    assertTrue(res.passed(), "shape " + si + " " + r + " ls=" + loss.labelSmoothing() + " ignore=" + loss.ignoreIndex() + ": " + res);
                }
            }
        }
    }

    @Test
    void backwardMatchesFiniteDifferences_probabilityTargetsInputTargetAndWeight() {
        int[][] shapes = {{3, 4}, {4}, {2, 3, 2}};
        for (int[] shape : shapes) {
            int c = shape.length == 1 ? shape[0] : shape[1];
            for (Reduction r : REDUCTIONS) {
                for (double ls : new double[] {0.0, 0.3}) {
                    Tensor x = randn(1, shape).requiresGrad_(true);
                    Tensor t = Tensor.rand(new Generator(2), DType.FLOAT64, shape).requiresGrad_(true);
                    Tensor w = Tensor.rand(new Generator(3), DType.FLOAT64, c).add(0.1).requiresGrad_(true);
                    GradCheck.Result res = GradCheck.check(in -> CrossEntropyLoss.crossEntropy(in[0], in[1], in[2], -100, r, ls), x, t, w);
                    assertTrue(res.passed(), java.util.Arrays.toString(shape) + " " + r + " ls=" + ls + ": " + res);
                }
            }
        }
    }

    @Test
    void probabilityTargetGradFnNamesFollowPyTorch() {
        Tensor x = randn(4, 2, 3).requiresGrad_(true);
        Tensor t = Tensor.full(DType.FLOAT64, 1.0 / 3, 2, 3);
        assertEquals("DivBackward1", CrossEntropyLoss.crossEntropy(x, t).gradFn().name());
        assertEquals("NegBackward0", new CrossEntropyLoss(Reduction.SUM).forward(x, t).gradFn().name());
        assertEquals("NegBackward0", new CrossEntropyLoss(Reduction.NONE).forward(x, t).gradFn().name());
        Tensor cls = Tensor.of(0L, 2L);
        assertEquals("NllLossBackward0", CrossEntropyLoss.crossEntropy(x, cls).gradFn().name());
        assertEquals("AddBackward0", CrossEntropyLoss.builder().labelSmoothing(0.1).build().forward(x, cls).gradFn().name());
    }

    /** Cross entropy on logits equals NLLLoss on log_softmax(logits), value and gradient. */
    @Test
    void matchesNllOfLogSoftmax() {
        Tensor x = randn(11, 4, 6);
        Tensor t = Tensor.of(5L, 0L, 3L, 3L);
        Tensor a = x.detach().clone().requiresGrad_(true);
        Tensor ce = CrossEntropyLoss.crossEntropy(a, t);
        ce.backward();
        Tensor b = x.detach().clone().requiresGrad_(true);
        Tensor nll = NLLLoss.nllLoss(org.losses4j.internal.ops.Softmax.logSoftmax(b, 1), t);
        nll.backward();
        assertEquals(nll.item(), ce.item(), 1e-12);
        double[] ga = a.grad().toDoubleArray(), gb = b.grad().toDoubleArray();
        for (int i = 0; i < ga.length; i++) assertEquals(gb[i], ga[i], 1e-12);
    }

    @Test
    void stridedInputGivesTheSameAsContiguous() {
        Tensor base = randn(5, 6, 4);                 // (C=6? no: transpose to (4, 6))
        Tensor strided = base.t().requiresGrad_(false); // (4, 6), not contiguous
        Tensor contiguous = strided.contiguousCopy();
        Tensor t = Tensor.of(1L, 5L, 0L, 2L);
        assertTrue(!strided.isContiguous());
        assertEquals(CrossEntropyLoss.crossEntropy(contiguous, t).item(), CrossEntropyLoss.crossEntropy(strided, t).item(), 0);
    }

    @Test
    void largeLogitsStayFinite() {
        Tensor x = Tensor.of(new float[][] {{1e4f, -1e4f, 0f}, {-1e4f, -1e4f, 1e4f}}).requiresGrad_(true);
        Tensor out = CrossEntropyLoss.crossEntropy(x, Tensor.of(1L, 2L));
        assertEquals(1e4, out.item(), 1e-3); // row 0: 2e4, row 1: 0
        out.backward();
        for (double v : x.grad().toDoubleArray()) assertTrue(Double.isFinite(v));
    }

    @Test
    void allIgnoredIsNanForMeanAndZeroForSum() {
        Tensor x = randn(3, 2, 3).requiresGrad_(true);
        Tensor t = Tensor.of(1L, 1L);
        Tensor mean = CrossEntropyLoss.builder().ignoreIndex(1).labelSmoothing(0.2).build().forward(x, t);
        assertTrue(Double.isNaN(mean.item()));
        mean.backward();
        for (double v : x.grad().toDoubleArray()) assertEquals(0.0, v);
        assertEquals(0.0, CrossEntropyLoss.builder().ignoreIndex(1).reduction(Reduction.SUM).build().forward(x, t).item());
    }

    /**
     * PyTorch 1.13 (and 2.x, whose LossNLL.cpp only tests label_smoothing &gt; 0 before its "&lt;= 1" check) accepts a
     * negative label_smoothing and computes as with 0; we do the same (fixture ce_ls_negative_*).
     */
    @Test
    void negativeLabelSmoothingBehavesAsZeroLikePyTorch() {
        Tensor x = randn(8, 3, 4);
        Tensor t = Tensor.of(0L, 3L, 1L);
        double plain = CrossEntropyLoss.crossEntropy(x, t).item();
        assertEquals(plain, CrossEntropyLoss.builder().labelSmoothing(-0.5).build().forward(x, t).item(), 0);
        assertEquals("NllLossBackward0",
                CrossEntropyLoss.builder().labelSmoothing(-0.5).build().forward(x.detach().clone().requiresGrad_(true), t).gradFn().name());
    }

    @Test
    void rejectsLabelSmoothingAboveOne() {
        Tensor x = randn(9, 3, 4);
        var e = assertThrows(IllegalArgumentException.class,
                () -> CrossEntropyLoss.builder().labelSmoothing(1.25).build().forward(x, Tensor.of(0L, 1L, 2L)));
        assertEquals("label_smoothing must be between 0.0 and 1.0. Got: 1.25", e.getMessage());
    }

    @Test
    void rejectsTargetOutOfBounds() {
        Tensor x = randn(9, 3, 5).requiresGrad_(true);
        var e = assertThrows(IndexOutOfBoundsException.class, () -> CrossEntropyLoss.crossEntropy(x, Tensor.of(1L, 7L, 0L)));
        assertEquals("Target 7 is out of bounds.", e.getMessage());
        assertNull(x.grad());
    }

    @Test
    void rejectsBatchMismatch() {
        var e = assertThrows(IllegalArgumentException.class, () -> CrossEntropyLoss.crossEntropy(randn(1, 3, 5), Tensor.of(1L, 0L)));
        assertEquals("Expected input batch_size (3) to match target batch_size (2).", e.getMessage());
    }

    @Test
    void rejectsWeightThatRequiresGradForClassTargetsButDifferentiatesItForProbabilities() {
        Tensor x = randn(1, 3, 4).requiresGrad_(true);
        Tensor w = Tensor.ones(DType.FLOAT64, 4).requiresGrad_(true);
        var e = assertThrows(IllegalArgumentException.class,
                () -> CrossEntropyLoss.crossEntropy(x, Tensor.of(0L, 1L, 2L), w, -100, Reduction.MEAN, 0.1));
        assertEquals("The function 'nll_loss_forward' is not differentiable with respect to argument 'weight'. This input cannot have"
                + " requires_grad True.", e.getMessage());
        try (var s = GradMode.noGrad()) { // PyTorch checks this only when grad mode is on
            CrossEntropyLoss.crossEntropy(x, Tensor.of(0L, 1L, 2L), w, -100, Reduction.MEAN, 0.1);
        }
        Tensor out = CrossEntropyLoss.crossEntropy(x, Tensor.full(DType.FLOAT64, 0.25, 3, 4), w, -100, Reduction.SUM, 0.0);
        out.backward();
        assertNotNull(w.grad());
        assertArrayEquals(new int[] {4}, w.grad().shape());
    }

    @Test
    void rejectsFloatTargetOfWrongShape() {
        var e = assertThrows(IllegalArgumentException.class, () -> CrossEntropyLoss.crossEntropy(randn(1, 3, 5), Tensor.of(1.0, 0.0, 4.0)));
        assertEquals("expected scalar type Long but found Double (class indices are an int64 tensor: build one with Tensor.of(long...) or"
                + " Tensor.of(int[]), or convert with target.to(DType.INT64))", e.getMessage());
    }

    @Test
    void fromOptionsReadsPyTorchKeywords() {
        Tensor w = Tensor.of(1.0, 2.0, 3.0);
        Loss l = Losses.create("CrossEntropyLoss", new LossOptions(java.util.Map.of("weight", w, "ignore_index", 2L, "label_smoothing", 0.1,
                "reduction", "sum")));
        CrossEntropyLoss ce = (CrossEntropyLoss) l;
        assertEquals(2L, ce.ignoreIndex());
        assertEquals(0.1, ce.labelSmoothing());
        assertEquals(Reduction.SUM, ce.reduction());
        assertEquals(List.of("input", "target"), ce.argNames());
        CrossEntropyLoss defaults = new CrossEntropyLoss();
        assertEquals(-100L, defaults.ignoreIndex());
        assertEquals(Reduction.MEAN, defaults.reduction());
        assertEquals(0.0, defaults.labelSmoothing());
        assertNull(defaults.weight());
    }
}
