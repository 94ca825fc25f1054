package org.losses4j.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import org.losses4j.DType;
import org.losses4j.Tensor;
import org.losses4j.autograd.GradCheck;
import org.losses4j.nn.Loss;

/**
 * For every loss, two properties over random valid calls drawn by {@link LossCases} from jqwik's seeds:
 * <ul>
 *   <li>{@code values_X}: 150 calls, float32 and float64: the library's output equals {@link ReferenceLosses}
 *       within the dtype's tolerance ({@link Compare}), has the reference's element count, and leaves the
 *       inputs untouched;</li>
 *   <li>{@code gradients_X}: 100 calls in float64 away from kinks: {@link GradCheck} (central differences,
 *       PyTorch's eps/atol/rtol) passes for every differentiable argument.</li>
 * </ul>
 * A failing try prints the whole case (options, shapes, data) so it can be replayed by hand.
 */
class LossReferenceProperties {
    static final int VALUE_TRIES = 150;
    static final int GRAD_TRIES = 100;

    static void values(String loss, long seed, boolean f64) {
        DType dt = f64 ? DType.FLOAT64 : DType.FLOAT32;
        LossCase c = LossCases.random(loss, seed, dt, false);
        if (KnownBugs.excludes(c)) return;
        Tensor[] before = c.copies();
        Loss m = c.module();
        Tensor out = m.apply(c.args);
        double[] ref = c.reference();
        assertEquals(ref.length, out.numel(), () -> "element count\n" + c);
        String bad = Compare.mismatch(dt, ref, out.toDoubleArray(), c.subtractedTerms());
        assertNull(bad, () -> bad + "\n" + c);
        assertEquals(dt, out.dtype(), () -> "output dtype\n" + c);
        for (int i = 0; i < before.length; i++) {
            if (before[i] == null) continue;
            int k = i;
            assertTrue(Compare.bitEqual(before[i].toDoubleArray(), c.args[i].contiguousCopy().toDoubleArray()), () -> "argument " + k + " mutated\n" + c);
        }
    }

    static void gradients(String loss, long seed) {
        LossCase c = LossCases.random(loss, seed, DType.FLOAT64, true);
        if (KnownBugs.excludes(c)) return;
        Tensor[] args = c.copies();
        for (int i : c.diff) args[i].requiresGrad_(true);
        Loss m = c.module();
        GradCheck.Result r = GradCheck.check(in -> {
            Tensor[] a = in.clone();
            if (c.logSoftmaxFirst) a[0] = a[0].logSoftmax(-1);
            return m.apply(a);
        }, args);
        assertTrue(r.passed(), () -> "gradcheck failed: " + r.worst() + "\n" + c);
    }

    static void sameShapes(Tensor[] a, Tensor[] b) {
        for (int i = 0; i < a.length; i++) if (a[i] != null) assertArrayEquals(a[i].shape(), b[i].shape());
    }

    // ---- one property pair per loss (jqwik reports tries and checks for each) --------------------------------

    @Property(tries = VALUE_TRIES, shrinking = ShrinkingMode.OFF) void values_L1Loss(@ForAll long s, @ForAll boolean f64) { values("L1Loss", s, f64); }
    @Property(tries = VALUE_TRIES, shrinking = ShrinkingMode.OFF) void values_MSELoss(@ForAll long s, @ForAll boolean f64) { values("MSELoss", s, f64); }
    @Property(tries = VALUE_TRIES, shrinking = ShrinkingMode.OFF) void values_CrossEntropyLoss(@ForAll long s, @ForAll boolean f64) { values("CrossEntropyLoss", s, f64); }
    @Property(tries = VALUE_TRIES, shrinking = ShrinkingMode.OFF) void values_CTCLoss(@ForAll long s, @ForAll boolean f64) { values("CTCLoss", s, f64); }
    @Property(tries = VALUE_TRIES, shrinking = ShrinkingMode.OFF) void values_NLLLoss(@ForAll long s, @ForAll boolean f64) { values("NLLLoss", s, f64); }
    @Property(tries = VALUE_TRIES, shrinking = ShrinkingMode.OFF) void values_PoissonNLLLoss(@ForAll long s, @ForAll boolean f64) { values("PoissonNLLLoss", s, f64); }
    @Property(tries = VALUE_TRIES, shrinking = ShrinkingMode.OFF) void values_GaussianNLLLoss(@ForAll long s, @ForAll boolean f64) { values("GaussianNLLLoss", s, f64); }
    @Property(tries = VALUE_TRIES, shrinking = ShrinkingMode.OFF) void values_KLDivLoss(@ForAll long s, @ForAll boolean f64) { values("KLDivLoss", s, f64); }
    @Property(tries = VALUE_TRIES, shrinking = ShrinkingMode.OFF) void values_BCELoss(@ForAll long s, @ForAll boolean f64) { values("BCELoss", s, f64); }
    @Property(tries = VALUE_TRIES, shrinking = ShrinkingMode.OFF) void values_BCEWithLogitsLoss(@ForAll long s, @ForAll boolean f64) { values("BCEWithLogitsLoss", s, f64); }
    @Property(tries = VALUE_TRIES, shrinking = ShrinkingMode.OFF) void values_MarginRankingLoss(@ForAll long s, @ForAll boolean f64) { values("MarginRankingLoss", s, f64); }
    @Property(tries = VALUE_TRIES, shrinking = ShrinkingMode.OFF) void values_HingeEmbeddingLoss(@ForAll long s, @ForAll boolean f64) { values("HingeEmbeddingLoss", s, f64); }
    @Property(tries = VALUE_TRIES, shrinking = ShrinkingMode.OFF) void values_MultiLabelMarginLoss(@ForAll long s, @ForAll boolean f64) { values("MultiLabelMarginLoss", s, f64); }
    @Property(tries = VALUE_TRIES, shrinking = ShrinkingMode.OFF) void values_HuberLoss(@ForAll long s, @ForAll boolean f64) { values("HuberLoss", s, f64); }
    @Property(tries = VALUE_TRIES, shrinking = ShrinkingMode.OFF) void values_SmoothL1Loss(@ForAll long s, @ForAll boolean f64) { values("SmoothL1Loss", s, f64); }
    @Property(tries = VALUE_TRIES, shrinking = ShrinkingMode.OFF) void values_SoftMarginLoss(@ForAll long s, @ForAll boolean f64) { values("SoftMarginLoss", s, f64); }
    @Property(tries = VALUE_TRIES, shrinking = ShrinkingMode.OFF) void values_MultiLabelSoftMarginLoss(@ForAll long s, @ForAll boolean f64) { values("MultiLabelSoftMarginLoss", s, f64); }
    @Property(tries = VALUE_TRIES, shrinking = ShrinkingMode.OFF) void values_CosineEmbeddingLoss(@ForAll long s, @ForAll boolean f64) { values("CosineEmbeddingLoss", s, f64); }
    @Property(tries = VALUE_TRIES, shrinking = ShrinkingMode.OFF) void values_MultiMarginLoss(@ForAll long s, @ForAll boolean f64) { values("MultiMarginLoss", s, f64); }
    @Property(tries = VALUE_TRIES, shrinking = ShrinkingMode.OFF) void values_TripletMarginLoss(@ForAll long s, @ForAll boolean f64) { values("TripletMarginLoss", s, f64); }
    @Property(tries = VALUE_TRIES, shrinking = ShrinkingMode.OFF) void values_TripletMarginWithDistanceLoss(@ForAll long s, @ForAll boolean f64) { values("TripletMarginWithDistanceLoss", s, f64); }
    @Property(tries = VALUE_TRIES, shrinking = ShrinkingMode.OFF) void values_InfoNCELoss(@ForAll long s, @ForAll boolean f64) { values("InfoNCELoss", s, f64); }
    @Property(tries = VALUE_TRIES, shrinking = ShrinkingMode.OFF) void values_FocalLoss(@ForAll long s, @ForAll boolean f64) { values("FocalLoss", s, f64); }
    @Property(tries = VALUE_TRIES, shrinking = ShrinkingMode.OFF) void values_PolyLoss(@ForAll long s, @ForAll boolean f64) { values("PolyLoss", s, f64); }
    @Property(tries = VALUE_TRIES, shrinking = ShrinkingMode.OFF) void values_CategoricalHingeLoss(@ForAll long s, @ForAll boolean f64) { values("CategoricalHingeLoss", s, f64); }

    @Property(tries = GRAD_TRIES, shrinking = ShrinkingMode.OFF) void gradients_L1Loss(@ForAll long s) { gradients("L1Loss", s); }
    @Property(tries = GRAD_TRIES, shrinking = ShrinkingMode.OFF) void gradients_MSELoss(@ForAll long s) { gradients("MSELoss", s); }
    @Property(tries = GRAD_TRIES, shrinking = ShrinkingMode.OFF) void gradients_CrossEntropyLoss(@ForAll long s) { gradients("CrossEntropyLoss", s); }
    @Property(tries = GRAD_TRIES, shrinking = ShrinkingMode.OFF) void gradients_CTCLoss(@ForAll long s) { gradients("CTCLoss", s); }
    @Property(tries = GRAD_TRIES, shrinking = ShrinkingMode.OFF) void gradients_NLLLoss(@ForAll long s) { gradients("NLLLoss", s); }
    @Property(tries = GRAD_TRIES, shrinking = ShrinkingMode.OFF) void gradients_PoissonNLLLoss(@ForAll long s) { gradients("PoissonNLLLoss", s); }
    @Property(tries = GRAD_TRIES, shrinking = ShrinkingMode.OFF) void gradients_GaussianNLLLoss(@ForAll long s) { gradients("GaussianNLLLoss", s); }
    @Property(tries = GRAD_TRIES, shrinking = ShrinkingMode.OFF) void gradients_KLDivLoss(@ForAll long s) { gradients("KLDivLoss", s); }
    @Property(tries = GRAD_TRIES, shrinking = ShrinkingMode.OFF) void gradients_BCELoss(@ForAll long s) { gradients("BCELoss", s); }
    @Property(tries = GRAD_TRIES, shrinking = ShrinkingMode.OFF) void gradients_BCEWithLogitsLoss(@ForAll long s) { gradients("BCEWithLogitsLoss", s); }
    @Property(tries = GRAD_TRIES, shrinking = ShrinkingMode.OFF) void gradients_MarginRankingLoss(@ForAll long s) { gradients("MarginRankingLoss", s); }
    @Property(tries = GRAD_TRIES, shrinking = ShrinkingMode.OFF) void gradients_HingeEmbeddingLoss(@ForAll long s) { gradients("HingeEmbeddingLoss", s); }
    @Property(tries = GRAD_TRIES, shrinking = ShrinkingMode.OFF) void gradients_MultiLabelMarginLoss(@ForAll long s) { gradients("MultiLabelMarginLoss", s); }
    @Property(tries = GRAD_TRIES, shrinking = ShrinkingMode.OFF) void gradients_HuberLoss(@ForAll long s) { gradients("HuberLoss", s); }
    @Property(tries = GRAD_TRIES, shrinking = ShrinkingMode.OFF) void gradients_SmoothL1Loss(@ForAll long s) { gradients("SmoothL1Loss", s); }
    @Property(tries = GRAD_TRIES, shrinking = ShrinkingMode.OFF) void gradients_SoftMarginLoss(@ForAll long s) { gradients("SoftMarginLoss", s); }
    @Property(tries = GRAD_TRIES, shrinking = ShrinkingMode.OFF) void gradients_MultiLabelSoftMarginLoss(@ForAll long s) { gradients("MultiLabelSoftMarginLoss", s); }
    @Property(tries = GRAD_TRIES, shrinking = ShrinkingMode.OFF) void gradients_CosineEmbeddingLoss(@ForAll long s) { gradients("CosineEmbeddingLoss", s); }
    @Property(tries = GRAD_TRIES, shrinking = ShrinkingMode.OFF) void gradients_MultiMarginLoss(@ForAll long s) { gradients("MultiMarginLoss", s); }
    @Property(tries = GRAD_TRIES, shrinking = ShrinkingMode.OFF) void gradients_TripletMarginLoss(@ForAll long s) { gradients("TripletMarginLoss", s); }
    @Property(tries = GRAD_TRIES, shrinking = ShrinkingMode.OFF) void gradients_TripletMarginWithDistanceLoss(@ForAll long s) { gradients("TripletMarginWithDistanceLoss", s); }
    @Property(tries = GRAD_TRIES, shrinking = ShrinkingMode.OFF) void gradients_InfoNCELoss(@ForAll long s) { gradients("InfoNCELoss", s); }
    @Property(tries = GRAD_TRIES, shrinking = ShrinkingMode.OFF) void gradients_FocalLoss(@ForAll long s) { gradients("FocalLoss", s); }
    @Property(tries = GRAD_TRIES, shrinking = ShrinkingMode.OFF) void gradients_PolyLoss(@ForAll long s) { gradients("PolyLoss", s); }
    @Property(tries = GRAD_TRIES, shrinking = ShrinkingMode.OFF) void gradients_CategoricalHingeLoss(@ForAll long s) { gradients("CategoricalHingeLoss", s); }

    // ---- losses beyond torch.nn: MONAI's segmentation losses ----
    @Property(tries = VALUE_TRIES, shrinking = ShrinkingMode.OFF) void values_DiceLoss(@ForAll long s, @ForAll boolean f64) { values("DiceLoss", s, f64); }
    @Property(tries = VALUE_TRIES, shrinking = ShrinkingMode.OFF) void values_TverskyLoss(@ForAll long s, @ForAll boolean f64) { values("TverskyLoss", s, f64); }
    @Property(tries = GRAD_TRIES, shrinking = ShrinkingMode.OFF) void gradients_DiceLoss(@ForAll long s) { gradients("DiceLoss", s); }
    @Property(tries = GRAD_TRIES, shrinking = ShrinkingMode.OFF) void gradients_TverskyLoss(@ForAll long s) { gradients("TverskyLoss", s); }

    // ---- losses beyond torch.nn
    @Property(tries = VALUE_TRIES, shrinking = ShrinkingMode.OFF) void values_SigmoidFocalLoss(@ForAll long s, @ForAll boolean f64) { values("SigmoidFocalLoss", s, f64); }
    @Property(tries = VALUE_TRIES, shrinking = ShrinkingMode.OFF) void values_LogCoshLoss(@ForAll long s, @ForAll boolean f64) { values("LogCoshLoss", s, f64); }
    @Property(tries = VALUE_TRIES, shrinking = ShrinkingMode.OFF) void values_MSLELoss(@ForAll long s, @ForAll boolean f64) { values("MSLELoss", s, f64); }
    @Property(tries = VALUE_TRIES, shrinking = ShrinkingMode.OFF) void values_MAPELoss(@ForAll long s, @ForAll boolean f64) { values("MAPELoss", s, f64); }
    @Property(tries = VALUE_TRIES, shrinking = ShrinkingMode.OFF) void values_SquaredHingeLoss(@ForAll long s, @ForAll boolean f64) { values("SquaredHingeLoss", s, f64); }
    @Property(tries = VALUE_TRIES, shrinking = ShrinkingMode.OFF) void values_QuantileLoss(@ForAll long s, @ForAll boolean f64) { values("QuantileLoss", s, f64); }
    @Property(tries = GRAD_TRIES, shrinking = ShrinkingMode.OFF) void gradients_SigmoidFocalLoss(@ForAll long s) { gradients("SigmoidFocalLoss", s); }
    @Property(tries = GRAD_TRIES, shrinking = ShrinkingMode.OFF) void gradients_LogCoshLoss(@ForAll long s) { gradients("LogCoshLoss", s); }
    @Property(tries = GRAD_TRIES, shrinking = ShrinkingMode.OFF) void gradients_MSLELoss(@ForAll long s) { gradients("MSLELoss", s); }
    @Property(tries = GRAD_TRIES, shrinking = ShrinkingMode.OFF) void gradients_MAPELoss(@ForAll long s) { gradients("MAPELoss", s); }
    @Property(tries = GRAD_TRIES, shrinking = ShrinkingMode.OFF) void gradients_SquaredHingeLoss(@ForAll long s) { gradients("SquaredHingeLoss", s); }
    @Property(tries = GRAD_TRIES, shrinking = ShrinkingMode.OFF) void gradients_QuantileLoss(@ForAll long s) { gradients("QuantileLoss", s); }
}
