package org.losses4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import org.losses4j.Reduction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.losses4j.DType;
import org.losses4j.Generator;
import org.losses4j.Tensor;
import org.losses4j.Warnings;
import org.losses4j.internal.kernels.CtcKernel;
import org.losses4j.autograd.GradCheck;
import org.losses4j.io.Npy;
import org.losses4j.io.NpyArray;

class CTCLossTest {

    private static Tensor logits(long seed, int... shape) {
        return Tensor.randn(new Generator(seed), DType.FLOAT64, shape).requiresGrad_(true);
    }

    private static Tensor longs(long... v) { return Tensor.of(v); }

    private static Tensor padded(long[][] rows) { return Tensor.of(rows); }

    private static void assertGradCheck(Function<Tensor[], Tensor> f, Tensor x) {
        GradCheck.Result r = GradCheck.check(f, x);
        assertTrue(r.passed(), "gradcheck failed: " + r.worst());
    }

    // ------------------------------------------------------------------ gradients (through log_softmax)

    @ParameterizedTest
    @EnumSource(value = Reduction.class, names = {"NONE", "MEAN", "SUM"})
    void backwardMatchesFiniteDifferences_paddedThroughLogSoftmax(Reduction r) {
        Tensor x = logits(1, 7, 3, 5);
        Tensor tg = padded(new long[][] {{1, 2, 2, 0}, {3, 4, 1, 2}, {4, 4, 4, 4}});
        assertGradCheck(in -> CTCLoss.ctcLoss(in[0].logSoftmax(2), tg, longs(7, 6, 7), longs(3, 4, 0), 0, r, false), x);
    }

    @ParameterizedTest
    @EnumSource(value = Reduction.class, names = {"NONE", "MEAN", "SUM"})
    void backwardMatchesFiniteDifferences_concatenatedBlankLast(Reduction r) {
        Tensor x = logits(2, 6, 2, 4);
        Tensor tg = longs(0, 1, 1, 2, 0);
        assertGradCheck(in -> CTCLoss.ctcLoss(in[0].logSoftmax(2), tg, new int[] {6, 5}, new int[] {3, 2}, 3, r, false), x);
    }

    @Test
    void backwardMatchesFiniteDifferences_blankInTheMiddleAndRepeats() {
        Tensor x = logits(3, 8, 2, 5);
        Tensor tg = padded(new long[][] {{1, 1, 3, 4}, {4, 0, 0, 1}});
        assertGradCheck(in -> CTCLoss.ctcLoss(in[0].logSoftmax(2), tg, longs(8, 8), longs(4, 4), 2, Reduction.SUM, false), x);
    }

    @ParameterizedTest
    @EnumSource(value = Reduction.class, names = {"NONE", "MEAN", "SUM"})
    void backwardMatchesFiniteDifferences_zeroInfinityWithAnImpossibleSample(Reduction r) {
        Tensor x = logits(4, 4, 3, 4);
        // sample 1 needs 5 frames for [2, 2, 2] but has 4: its loss and gradient are zero
        Tensor tg = padded(new long[][] {{1, 2, 0}, {2, 2, 2}, {3, 0, 0}});
        Function<Tensor[], Tensor> f = in -> CTCLoss.ctcLoss(in[0].logSoftmax(2), tg, longs(4, 4, 2), longs(2, 3, 1), 0, r, true);
        assertGradCheck(f, x);
        Tensor out = f.apply(new Tensor[] {x});
        out.backward(Tensor.onesLike(out));
        for (int t = 0; t < 4; t++) for (int c = 0; c < 4; c++) assertEquals(0.0, x.grad().get(t, 1, c), "t=" + t + " c=" + c);
    }

    @ParameterizedTest
    @EnumSource(value = Reduction.class, names = {"NONE", "MEAN", "SUM"})
    void backwardMatchesFiniteDifferences_unbatched(Reduction r) {
        Tensor x = logits(5, 6, 4);
        assertGradCheck(in -> CTCLoss.ctcLoss(in[0].logSoftmax(1), longs(1, 3, 3), longs(6), longs(3), 0, r, false), x);
    }

    @Test
    void backwardMatchesFiniteDifferences_shortInputsAndEmptyTargets() {
        Tensor x = logits(6, 9, 3, 3);
        Tensor tg = padded(new long[][] {{1, 2}, {2, 2}, {1, 0}});
        assertGradCheck(in -> CTCLoss.ctcLoss(in[0].logSoftmax(2), tg, longs(9, 5, 1), longs(0, 2, 1), 0, Reduction.MEAN, false), x);
    }

    /** Documents the contract: the gradient is PyTorch's (w.r.t. the logits behind log_softmax), not d loss / d log_probs. */
    @Test
    void gradientIsNotThePlainDerivativeWithRespectToLogProbs() {
        Tensor x = logits(7, 5, 2, 4).logSoftmax(2).detach().requiresGrad_(true);
        Tensor tg = padded(new long[][] {{1, 2}, {3, 3}});
        GradCheck.Result r = GradCheck.check(in -> CTCLoss.ctcLoss(in[0], tg, longs(5, 5), longs(2, 2), 0, Reduction.SUM, false), x);
        assertFalse(r.passed(), "the plain derivative would be -exp(log(alpha beta) + nll - 2 lp) ... ; ours adds exp(lp)");
        // and the difference is exactly exp(log_probs) per sample (times the upstream gradient 1)
        Tensor out = CTCLoss.ctcLoss(x, tg, longs(5, 5), longs(2, 2), 0, Reduction.SUM, false);
        out.backward();
        double[] g = x.grad().toDoubleArray();
        double[] lp = x.detach().toDoubleArray();
        double sumOverClasses = 0;
        for (int c = 0; c < 4; c++) sumOverClasses += g[c];
        assertEquals(0.0, sumOverClasses, 1e-12, "sum_c (softmax - posterior) = 0 at every frame");
        assertTrue(g[0] > -1 && g[0] < Math.exp(lp[0]) + 1e-12);
    }

    // ------------------------------------------------------------------ values and semantics

    @Test
    void printsLikePyTorch_tutorialPaddedTargets() {
        // PyTorch 1.13: torch.manual_seed(0); nn.CTCLoss docstring example 1 -> tensor(5.9660, grad_fn=<MeanBackward0>)
        Generator.manualSeedDefault(0);
        int T = 50, C = 20, N = 16, S = 30, sMin = 10;
        Tensor input = Tensor.randn(T, N, C).logSoftmax(2).detach().requiresGrad_(true);
        Tensor target = Tensor.randint(1, C, N, S);
        Tensor inputLengths = Tensor.full(DType.INT64, T, N);
        Tensor targetLengths = Tensor.randint(sMin, S, N);
        assertEquals("tensor([21, 29, 18, 15, 23, 24, 14, 21, 17, 29, 22, 19, 27, 14, 19, 13])", targetLengths.toString());
        CTCLoss ctcLoss = new CTCLoss();
        Tensor loss = ctcLoss.forward(input, target, inputLengths, targetLengths);
        assertEquals("tensor(5.9660, grad_fn=<MeanBackward0>)", loss.toString());
        loss.backward();
        // PyTorch: input.grad.sum() = 6.77257776260376e-06, input.grad[0, 0, :3] = [-2.8856e-04, 3.8343e-05, 9.4476e-05]
        assertEquals(-2.8856e-04, input.grad().get(0, 0, 0), 5e-9);
        assertEquals(3.8343e-05, input.grad().get(0, 0, 1), 5e-10);
        // the gradient sums to 0 over (t, n, c) analytically; PyTorch's 6.77e-6 is float32 rounding noise of that sum
        assertEquals(0.0, input.grad().sum().item(), 1e-5);
    }

    @Test
    void printsLikePyTorch_tutorialUnpaddedAndUnbatched() {
        // PyTorch 1.13, torch.manual_seed(0), docstring example 2:
        //   tensor(10.8791, grad_fn=<MeanBackward0>); reduction='sum': tensor(2030.1267, grad_fn=<SumBackward0>)
        Generator.manualSeedDefault(0);
        int T = 50, C = 20, N = 16;
        Tensor input = Tensor.randn(T, N, C).logSoftmax(2).detach().requiresGrad_(true);
        Tensor inputLengths = Tensor.full(DType.INT64, T, N);
        Tensor targetLengths = Tensor.randint(1, T, N);
        Tensor target = Tensor.randint(1, C, (int) targetLengths.sum().itemLong());
        assertEquals("tensor(10.8791, grad_fn=<MeanBackward0>)", new CTCLoss().forward(input, target, inputLengths, targetLengths).toString());
        assertEquals("tensor(2030.1267, grad_fn=<SumBackward0>)",
                new CTCLoss(Reduction.SUM).forward(input, target, inputLengths, targetLengths).toString());
        Tensor none = new CTCLoss(Reduction.NONE).forward(input, target, inputLengths, targetLengths);
        assertTrue(none.toString().startsWith("tensor([126.6112, 144.1091, 151.6401, 128.8778, 114.5277, 138.0287, 113.3561,"), none.toString());
        assertTrue(none.toString().endsWith("grad_fn=<CtcLossBackward0>)"), none.toString());

        // example 3 (unbatched): tensor(8.6839, grad_fn=<MeanBackward0>), 'none': tensor(121.5742, grad_fn=<SqueezeBackward1>)
        Generator.manualSeedDefault(0);
        Tensor in1 = Tensor.randn(T, C).logSoftmax(1).detach().requiresGrad_(true);
        Tensor il1 = Tensor.full(DType.INT64, T);
        Tensor tl1 = Tensor.randint(1, T);
        Tensor tg1 = Tensor.randint(1, C, (int) tl1.itemLong());
        assertEquals("tensor(8.6839, grad_fn=<MeanBackward0>)", new CTCLoss().forward(in1, tg1, il1, tl1).toString());
        // Here PyTorch's float32 arithmetic prints 121.5742 (its value is 121.57424927), while the exact value
        // (PyTorch in float64 on the same inputs: 121.57425699) rounds to 121.5743; we compute in double, so we
        // print the correctly rounded 121.5743 and match PyTorch's float32 value at float32 tolerance.
        Tensor u = new CTCLoss(Reduction.NONE).forward(in1, tg1, il1, tl1);
        assertEquals("tensor(121.5743, grad_fn=<SqueezeBackward1>)", u.toString());
        assertEquals(121.57424926757812, u.item(), 1e-5 + 1.3e-6 * 121.6);
        assertEquals((float) 121.5742569867456, (float) u.item(), "the float32 rounding of PyTorch's float64 value");
    }

    @Test
    void gradFnNamesAndShapesAsPyTorch() {
        Tensor x = logits(8, 5, 2, 4).logSoftmax(2).detach().requiresGrad_(true);
        Tensor tg = padded(new long[][] {{1, 2}, {3, 3}});
        Tensor il = longs(5, 5), tl = longs(2, 2);
        Map<String, Tensor> outs = Map.of(
                "CtcLossBackward0", CTCLoss.ctcLoss(x, tg, il, tl, 0, Reduction.NONE, false),
                "WhereBackward0", CTCLoss.ctcLoss(x, tg, il, tl, 0, Reduction.NONE, true),
                "MeanBackward0", CTCLoss.ctcLoss(x, tg, il, tl, 0, Reduction.MEAN, true),
                "SumBackward0", CTCLoss.ctcLoss(x, tg, il, tl, 0, Reduction.SUM, false));
        outs.forEach((name, out) -> assertEquals(name, out.gradFn().name()));
        assertArrayEquals(new int[] {2}, outs.get("CtcLossBackward0").shape());
        assertArrayEquals(new int[0], outs.get("SumBackward0").shape());
        Tensor u = CTCLoss.ctcLoss(x.detach().select(1, 0).requiresGrad_(true), longs(1, 2), longs(5), longs(2), 0, Reduction.NONE, false);
        assertArrayEquals(new int[0], u.shape());
        assertEquals("SqueezeBackward1", u.gradFn().name());
        assertNull(CTCLoss.ctcLoss(x.detach(), tg, il, tl).gradFn(), "no graph when log_probs does not require grad");
    }

    @Test
    void lengthsAsTensorsLongArraysAndIntArraysAgree() {
        Tensor x = logits(9, 6, 3, 5).logSoftmax(2).detach();
        Tensor tg = longs(1, 2, 3, 4, 4, 2);
        double a = CTCLoss.ctcLoss(x, tg, longs(6, 5, 4), longs(3, 1, 2), 0, Reduction.SUM, false).item();
        double b = CTCLoss.ctcLoss(x, tg, new long[] {6, 5, 4}, new long[] {3, 1, 2}, 0, Reduction.SUM, false).item();
        double c = CTCLoss.ctcLoss(x, tg, new int[] {6, 5, 4}, new int[] {3, 1, 2}, 0, Reduction.SUM, false).item();
        double d = CTCLoss.ctcLoss(x, tg, longs(6, 5, 4).reshape(3, 1), longs(3, 1, 2).reshape(1, 3), 0, Reduction.SUM, false).item();
        assertEquals(a, b);
        assertEquals(a, c);
        assertEquals(a, d, "PyTorch reads the lengths' elements whatever their shape");
    }

    @Test
    void meanDividesByTargetLengthClampedToOneThenAveragesTheBatch() {
        Tensor x = logits(10, 6, 3, 4).logSoftmax(2).detach();
        Tensor tg = padded(new long[][] {{1, 2, 3}, {2, 0, 0}, {0, 0, 0}});
        double[] none = CTCLoss.ctcLoss(x, tg, longs(6, 6, 6), longs(3, 1, 0), 0, Reduction.NONE, false).toDoubleArray();
        double mean = CTCLoss.ctcLoss(x, tg, longs(6, 6, 6), longs(3, 1, 0), 0, Reduction.MEAN, false).item();
        assertEquals((none[0] / 3 + none[1] / 1 + none[2] / 1) / 3, mean, 1e-12);
        // the empty target's loss is -sum_t log_probs[t, 2, blank]
        double blankPath = 0;
        for (int t = 0; t < 6; t++) blankPath -= x.get(t, 2, 0);
        assertEquals(blankPath, none[2], 1e-12);
    }

    @Test
    void impossibleAlignmentGivesInfAndNanGradientWithoutZeroInfinity() {
        Tensor x = logits(11, 4, 2, 4).logSoftmax(2).detach().requiresGrad_(true);
        Tensor tg = padded(new long[][] {{1, 2}, {3, 3}});
        Tensor out = CTCLoss.ctcLoss(x, tg, longs(4, 2), longs(2, 2), 0, Reduction.NONE, false);
        assertEquals(Double.POSITIVE_INFINITY, out.get(1));
        out.backward(Tensor.ones(DType.FLOAT64, 2));
        for (int c = 0; c < 4; c++) {
            assertTrue(Double.isNaN(x.grad().get(0, 1, c)), "PyTorch gives nan for t < input_length");
            assertEquals(0.0, x.grad().get(3, 1, c), "and 0 after");
            assertFalse(Double.isNaN(x.grad().get(0, 0, c)), "other samples are unaffected");
        }
    }

    /** PyTorch 2.x: input_length 0 gives loss 0 for an empty target, +inf otherwise (1.13 read outside its alphas). */
    @Test
    void zeroInputLengthFollowsPyTorch2() {
        Tensor x = logits(12, 3, 2, 3).logSoftmax(2).detach().requiresGrad_(true);
        Tensor tg = padded(new long[][] {{1}, {2}});
        Tensor out = CTCLoss.ctcLoss(x, tg, longs(0, 0), longs(0, 1), 0, Reduction.NONE, false);
        assertEquals(-0.0, out.get(0), "-(log-likelihood 0), as PyTorch 2.x");
        assertEquals(Double.POSITIVE_INFINITY, out.get(1));
        out.backward(Tensor.ones(DType.FLOAT64, 2));
        for (double g : x.grad().toDoubleArray()) assertEquals(0.0, g);
        assertEquals(0.0, CTCLoss.ctcLoss(x, tg, longs(0, 0), longs(0, 1), 0, Reduction.SUM, true).item());
    }

    @Test
    void int32TargetsFromNpyAreWidenedToInt64() throws Exception {
        // Our Tensor has no int32: an int32 .npy (as PyTorch users save targets for cuDNN) is widened when read,
        // which is what PyTorch does too (targets.to(torch.long)); the result is the same as with int64.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Npy.write(bytes, NpyArray.ofInts(new int[] {2, 3}, new int[] {1, 2, 3, 3, 1, 0}));
        NpyArray read = Npy.read(new ByteArrayInputStream(bytes.toByteArray()), "targets.npy");
        int[] ints = read.ints();
        long[] wide = new long[ints.length];
        for (int i = 0; i < ints.length; i++) wide[i] = ints[i];
        Tensor x = logits(13, 5, 2, 4).logSoftmax(2).detach();
        Tensor a = CTCLoss.ctcLoss(x, Tensor.wrap(DType.INT64, wide, read.shape()), longs(5, 5), longs(3, 2), 0, Reduction.NONE, false);
        Tensor b = CTCLoss.ctcLoss(x, padded(new long[][] {{1, 2, 3}, {3, 1, 0}}), longs(5, 5), longs(3, 2), 0, Reduction.NONE, false);
        assertArrayEquals(b.toDoubleArray(), a.toDoubleArray());
        // floating targets are read like PyTorch's targets.to(torch.long): truncated toward zero
        Tensor f = CTCLoss.ctcLoss(x, Tensor.of(new double[][] {{1.7, 2.2, 3.9}, {3.0, 1.5, 0}}), longs(5, 5), longs(3, 2), 0, Reduction.NONE, false);
        assertArrayEquals(b.toDoubleArray(), f.toDoubleArray());
    }

    @Test
    void resultsAreBitIdenticalForAnyThreadCountAndPerSample() throws Exception {
        int T = 60, N = 24, C = 12, S = 20;
        Generator g = new Generator(14);
        Tensor x = Tensor.randn(g, DType.FLOAT32, T, N, C).logSoftmax(2).detach();
        Tensor tg = Tensor.randint(g, 1, C, N, S);
        Tensor il = Tensor.randint(g, 40, T + 1, N), tl = Tensor.randint(g, 0, S + 1, N);
        Function<Tensor, double[][]> run = lp -> {
            Tensor in = lp.detach().requiresGrad_(true);
            Tensor out = CTCLoss.ctcLoss(in, tg, il, tl, 0, Reduction.NONE, true);
            out.backward(Tensor.ones(DType.FLOAT32, N));
            return new double[][] {out.toDoubleArray(), in.grad().toDoubleArray()};
        };
        double[][] common = run.apply(x);
        double[][] one = new ForkJoinPool(1).submit(() -> run.apply(x)).get();
        double[][] three = new ForkJoinPool(3).submit(() -> run.apply(x)).get();
        assertArrayEquals(common[0], one[0]);
        assertArrayEquals(common[1], one[1]);
        assertArrayEquals(common[0], three[0]);
        assertArrayEquals(common[1], three[1]);
        // each sample alone (sequential path) gives the same bits
        long[] ils = il.toLongArray(), tls = tl.toLongArray();
        for (int b = 0; b < N; b += 5) {
            Tensor lpB = x.select(1, b);
            Tensor out = CTCLoss.ctcLoss(lpB, tg.select(0, b).unsqueeze(0), new long[] {ils[b]}, new long[] {tls[b]}, 0, Reduction.NONE, true);
            assertEquals(common[0][b], out.item(), "sample " + b);
        }
    }

    @Test
    void optionsFromPyTorchKeywords() {
        CTCLoss l = (CTCLoss) Losses.create("CTCLoss", new LossOptions(Map.of("blank", 14L, "reduction", "sum", "zero_infinity", true)));
        assertEquals(14, l.blank());
        assertEquals(Reduction.SUM, l.reduction());
        assertTrue(l.zeroInfinity());
        CTCLoss d = new CTCLoss();
        assertEquals(0, d.blank());
        assertEquals(Reduction.MEAN, d.reduction());
        assertFalse(d.zeroInfinity());
        CTCLoss b = CTCLoss.builder().blank(3).reduction(Reduction.NONE).zeroInfinity(true).build();
        assertEquals(3, b.blank());
        assertEquals(java.util.List.of("log_probs", "targets", "input_lengths", "target_lengths"), b.argNames());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Losses.create("CTCLoss", new LossOptions(Map.of("reduce", false))));
        assertEquals("CTCLoss.__init__() got an unexpected keyword argument 'reduce'", e.getMessage());
    }

    // ------------------------------------------------------------------ errors PyTorch 1.13 does not raise

    private static void assertRejected(Class<? extends RuntimeException> type, String message, Tensor lp, Tensor tg, Tensor il, Tensor tl,
                                       long blank) {
        Tensor before = lp.detach().contiguousCopy();
        RuntimeException e = assertThrows(type, () -> CTCLoss.ctcLoss(lp, tg, il, tl, blank, Reduction.MEAN, false));
        assertTrue(e.getMessage().contains(message), "message: " + e.getMessage());
        assertArrayEquals(before.toDoubleArray(), lp.detach().toDoubleArray(), "input unchanged");
        assertNull(lp.grad());
    }

    private static Tensor lp542() { return logits(15, 5, 2, 4).logSoftmax(2).detach().requiresGrad_(true); }

    @Test
    void rejectsNegativeInputLength_asPyTorch2() {
        // 1.13 computes garbage (it returned 0.9168 for this); 2.x checks with these words
        assertRejected(IllegalArgumentException.class, "Expected input_lengths to have value at least 0, but got value -1",
                lp542(), padded(new long[][] {{1, 2}, {3, 3}}), longs(-1, 5), longs(2, 2), 0);
    }

    @Test
    void rejectsNegativeTargetLength_asPyTorch2() {
        assertRejected(IllegalArgumentException.class, "Expected target_lengths to have value at least 0, but got value -1",
                lp542(), padded(new long[][] {{1, 2}, {3, 3}}), longs(5, 5), longs(-1, 2), 0);
        assertRejected(IllegalArgumentException.class, "Expected target_lengths to have value at least 0, but got value -1",
                lp542(), longs(1, 2, 3), longs(5, 5), longs(-1, 4), 0);
    }

    @Test
    void rejectsTargetsOutsideTheClassRange_whichPyTorchReadsOutOfBounds() {
        assertRejected(IndexOutOfBoundsException.class, "Target 7 is out of bounds (targets[0][1]",
                lp542(), padded(new long[][] {{1, 7}, {3, 3}}), longs(5, 5), longs(2, 2), 0);
        assertRejected(IndexOutOfBoundsException.class, "Target -1 is out of bounds (targets[2] (sample 1)",
                lp542(), longs(1, 2, -1), longs(5, 5), longs(2, 1), 0);
        // padding beyond target_lengths is never read, as in PyTorch
        CTCLoss.ctcLoss(lp542(), padded(new long[][] {{1, -100}, {3, 99}}), longs(5, 5), longs(1, 1), 0, Reduction.MEAN, false);
    }

    @Test
    void targetsEqualToBlankAreScoredAsPyTorchScoresThemWithAWarningNamingTheSamples() {
        // PyTorch (1.13 and 2.x) computes these silently; golden/losses/accepts.json holds its values and gradients
        try (Warnings.Recorder rec = Warnings.catchWarnings()) {
            Warnings.simpleFilter(Warnings.Action.ALWAYS);
            Tensor lp = lp542();
            Tensor out = CTCLoss.ctcLoss(lp, padded(new long[][] {{1, 0}, {3, 3}}), longs(5, 5), longs(2, 2), 0, Reduction.NONE, false);
            assertTrue(Double.isFinite(out.toDoubleArray()[0]), out.toString());
            out.sum().backward();
            assertNotNull(lp.grad());
            CTCLoss.ctcLoss(lp542(), padded(new long[][] {{3, 2}, {3, 1}}), longs(5, 5), longs(2, 2), 3, Reduction.MEAN, false);
            CTCLoss.ctcLoss(lp542(), longs(1, 0, 0, 2), longs(5, 5), longs(2, 2), 0, Reduction.SUM, false);
            assertEquals(List.of(
                    "ctc_loss: the targets of sample 0 contain the blank index 0 (first at targets[0][1]). The loss is computed as PyTorch"
                            + " computes it, but CTC never emits the blank as a label: check blank and the targets within target_lengths.",
                    "ctc_loss: the targets of samples 0, 1 contain the blank index 3 (first at targets[0][0]). The loss is computed as PyTorch"
                            + " computes it, but CTC never emits the blank as a label: check blank and the targets within target_lengths.",
                    "ctc_loss: the targets of samples 0, 1 contain the blank index 0 (first at targets[1] (sample 0)). The loss is computed as"
                            + " PyTorch computes it, but CTC never emits the blank as a label: check blank and the targets within target_lengths."),
                    rec.messages());
        }
    }

    @Test
    void aSampleWithABlankLabelTakesPyTorchsLogSpaceAlgorithm() {
        Tensor lp = lp542().detach();
        CtcKernel.Problem p = CtcSupport.check(lp, padded(new long[][] {{1, 2}, {3, 0}}), new long[] {5, 5}, new long[] {2, 2}, 0);
        int[] path = CtcKernel.run(CtcSupport.logProbs(lp), p, new double[] {1, 1}, false, new float[lp.numel()], null).path();
        assertEquals(CtcKernel.SCALED, path[0]);
        assertEquals(CtcKernel.BLANK_LABEL, path[1]);
    }

    @Test
    void rejectsAnEmptyBatch_asPyTorch2() {
        // 1.13 returns tensor([]) (and nan for mean); 2.x: log_probs tensor must not be empty
        assertRejected(IllegalArgumentException.class, "log_probs tensor must not be empty",
                Tensor.zeros(DType.FLOAT64, 5, 0, 4).requiresGrad_(true), Tensor.zeros(DType.INT64, 0, 2), Tensor.zeros(DType.INT64, 0),
                Tensor.zeros(DType.INT64, 0), 0);
    }

    @Test
    void rejectsNullArgumentsAndInputLengthAboveT() {
        Tensor lp = lp542();
        assertThrows(IllegalArgumentException.class, () -> CTCLoss.ctcLoss(null, longs(1), longs(5), longs(1)));
        assertThrows(IllegalArgumentException.class, () -> CTCLoss.ctcLoss(lp, null, longs(5, 5), longs(1, 1)));
        assertThrows(IllegalArgumentException.class, () -> CTCLoss.ctcLoss(lp, longs(1, 2), (Tensor) null, longs(1, 1)));
        assertThrows(IllegalArgumentException.class, () -> CTCLoss.ctcLoss(lp, longs(1, 2), new long[] {5, 5}, null, 0, Reduction.SUM, false));
        assertRejected(IllegalArgumentException.class,
                "Expected input_lengths to have value at most 5, but got value 51", lp, longs(1, 2), longs(5, 51), longs(1, 1), 0);
        assertThrows(IllegalArgumentException.class, () -> new CTCLoss(Reduction.BATCHMEAN));
        assertThrows(IndexOutOfBoundsException.class, () -> CTCLoss.ctcLoss(Tensor.scalar(0.5, DType.FLOAT64), longs(1), longs(1), longs(1)));
    }
}
