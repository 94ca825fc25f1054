package org.losses4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.losses4j.DType;
import org.losses4j.Generator;
import org.losses4j.Losses4j;
import org.losses4j.Reduction;
import org.losses4j.Tensor;
import org.losses4j.Warnings;
import org.losses4j.nn.functional.F;
import org.losses4j.testing.Golden;

/**
 * DiceLoss and TverskyLoss beyond the PyTorch fixtures (golden/losses/segmentation.json, read by LossGoldenTest):
 * MONAI's warnings, the float32 path against the float64 one on inputs large enough for
 * many tiles and blocks, the same bits at any thread count, a second backward, the output shapes, the API forms.
 */
class SegmentationLossTest {

    @AfterEach
    void restoreThreads() { Losses4j.setNumThreads(Runtime.getRuntime().availableProcessors()); }

    /** The fixtures exercise MONAI's warnings (LossGoldenTest checks each case's list against what the loss raises). */
    @Test
    void theFixturesRecordMonaisWarnings() {
        int withWarnings = 0, all = 0;
        for (JsonElement e : Golden.loadShared("/golden/losses/segmentation.json").getAsJsonArray()) {
            JsonObject c = e.getAsJsonObject();
            all++;
            if (c.has("warnings") && c.getAsJsonArray("warnings").size() > 0) withWarnings++;
        }
        assertTrue(withWarnings >= 8 && all > 300, withWarnings + " cases with warnings of " + all);
    }

    /** Under the default filter a warning shows once per call site, as Python shows MONAI's; the options ignored change nothing. */
    @Test
    void warningsShowOncePerCallSiteAndTheIgnoredOptionsChangeNothing() {
        Tensor x = Tensor.rand(2, 1, 3), y = Tensor.rand(2, 1, 3);
        DiceLoss loss = DiceLoss.builder().softmax(true).build();
        try (Warnings.Recorder rec = Warnings.catchWarnings()) {
            for (int i = 0; i < 3; i++) loss.forward(x, y);
            TverskyLoss.builder().includeBackground(false).toOnehotY(true).build().forward(x, y);
            assertEquals(List.of(SegmentationSupport.SOFTMAX_IGNORED, SegmentationSupport.TO_ONEHOT_IGNORED, SegmentationSupport.BACKGROUND_IGNORED),
                    rec.messages());
        }
        try (Warnings.Recorder rec = Warnings.catchWarnings()) {
            // a failing call reports its error alone
            assertThrows(IllegalArgumentException.class, () -> loss.forward(x, Tensor.rand(2, 1, 4)));
            assertEquals(List.of(), rec.messages());
        }
        // softmax over one channel is skipped, channel 0 is kept, the target is used as given
        assertEquals(DiceLoss.diceLoss(x, y).item(), loss.forward(x, y).item(), 0.0);
        assertEquals(TverskyLoss.tverskyLoss(x, y).item(), TverskyLoss.builder().includeBackground(false).toOnehotY(true).build().forward(x, y).item(),
                0.0);
    }

    // ------------------------------------------------------------------ float32 against float64, threads

    /** (N, C, H, W) logits and class indices (N, 1, H, W), seeded. */
    static Tensor[] data(long seed, int n, int c, int h, int w) {
        Generator g = new Generator(seed);
        Tensor x = Tensor.randn(g, DType.FLOAT32, n, c, h, w).mul(2);
        Tensor y = Tensor.randint(g, 0, c, n, 1, h, w);
        return new Tensor[] {x, y};
    }

    static void assertClose(Tensor expected, Tensor actual, double rtol) {
        double[] e = expected.toDoubleArray(), a = actual.toDoubleArray();
        assertEquals(e.length, a.length);
        for (int i = 0; i < e.length; i++) {
            double tol = 1e-6 + rtol * Math.abs(e[i]);
            int k = i;
            assertTrue(Math.abs(e[i] - a[i]) <= tol || (Double.isNaN(e[i]) && Double.isNaN(a[i])),
                    () -> "element " + k + ": " + a[k] + " vs " + e[k]);
        }
    }

    /** The float32 form (SoftmaxKernels, float sums of tiles) agrees with the float64 form on many tiles and blocks. */
    @Test
    void float32PathAgreesWithFloat64OnManyBlocks() {
        // 3 x 4 x 70 x 70: 4900 positions per sample, tiles of 1024 and blocks of 8192 positions that cross samples
        Tensor[] d = data(7, 3, 4, 70, 70);
        for (boolean batch : new boolean[] {false, true}) {
            for (String act : new String[] {"none", "sigmoid", "softmax"}) {
                for (boolean tversky : new boolean[] {false, true}) {
                    Tensor x32 = act.equals("none") ? d[0].sigmoid().detach() : d[0];
                    x32 = x32.detach().requiresGrad_(true);
                    Tensor x64 = x32.detach().to(DType.FLOAT64).requiresGrad_(true);
                    Loss loss = build(tversky, act, batch, true, false);
                    Tensor up = Tensor.rand(new Generator(3), DType.FLOAT32, loss.apply(x32.detach(), d[1]).shape());
                    Tensor o32 = loss.apply(x32, d[1]), o64 = loss.apply(x64, d[1]);
                    assertEquals(DType.FLOAT32, o32.dtype());
                    assertClose(o64, o32, 2e-6);
                    o32.backward(up);
                    o64.backward(up.to(DType.FLOAT64));
                    assertClose(x64.grad(), x32.grad(), 1e-4);
                }
            }
        }
    }

    static Loss build(boolean tversky, String act, boolean batch, boolean onehot, boolean background) {
        if (tversky) {
            return TverskyLoss.builder().sigmoid(act.equals("sigmoid")).softmax(act.equals("softmax")).batch(batch).toOnehotY(onehot)
                    .includeBackground(background).alpha(0.3).beta(0.7).reduction(Reduction.NONE).build();
        }
        return DiceLoss.builder().sigmoid(act.equals("sigmoid")).softmax(act.equals("softmax")).batch(batch).toOnehotY(onehot)
                .includeBackground(background).squaredPred(true).reduction(Reduction.NONE).build();
    }

    @Test
    void sameBitsAtAnyThreadCount() {
        Tensor[] d = data(11, 9, 3, 61, 67); // 36783 positions: 4 blocks of 10240
        for (boolean batch : new boolean[] {false, true}) {
            double[] ref = null, refGrad = null;
            for (int threads : new int[] {1, 2, 3, 4}) {
                Losses4j.setNumThreads(threads);
                Tensor x = d[0].detach().requiresGrad_(true);
                Tensor out = DiceLoss.builder().softmax(true).toOnehotY(true).batch(batch).reduction(Reduction.SUM).build().forward(x, d[1]);
                out.backward();
                if (ref == null) {
                    ref = out.toDoubleArray();
                    refGrad = x.grad().toDoubleArray();
                } else {
                    assertArrayEquals(ref, out.toDoubleArray(), "threads " + threads);
                    assertArrayEquals(refGrad, x.grad().toDoubleArray(), "grad, threads " + threads);
                }
            }
        }
    }

    /** The first backward reads the prediction the forward kept; a second one computes it again: the same bits. */
    @Test
    void aSecondBackwardGivesTheSameGradient() {
        Tensor[] d = data(5, 2, 3, 9, 9);
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (boolean softmax : new boolean[] {true, false}) {
                Tensor x = d[0].detach().to(dt).requiresGrad_(true);
                Tensor out = DiceLoss.builder().softmax(softmax).sigmoid(!softmax).toOnehotY(true).squaredPred(true).reduction(Reduction.NONE)
                        .build().forward(x, d[1]);
                Tensor up = Tensor.rand(new Generator(4), dt, out.shape());
                out.backward(up, true);
                double[] first = x.grad().toDoubleArray();
                x.zeroGrad();
                out.backward(up, true);
                assertArrayEquals(first, x.grad().toDoubleArray(), dt + " softmax " + softmax);
            }
        }
        Tensor x = d[0].detach().requiresGrad_(true);
        Tensor out = TverskyLoss.builder().softmax(true).toOnehotY(true).build().forward(x, d[1]);
        out.backward(Tensor.scalar(1.0), true);
        double[] first = x.grad().toDoubleArray();
        x.zeroGrad();
        out.backward(Tensor.scalar(1.0), true);
        assertArrayEquals(first, x.grad().toDoubleArray());
        x.zeroGrad();
        out.backward(Tensor.scalar(2.0));
        double[] twice = x.grad().toDoubleArray();
        for (int i = 0; i < first.length; i++) assertEquals(2 * first[i], twice[i], 1e-7);
    }

    // ------------------------------------------------------------------ shapes and forms

    @Test
    void noneGivesSampleByChannelOrChannelOrOneValue() {
        Tensor x = Tensor.rand(3, 4, 5, 2), y = Tensor.rand(3, 4, 5, 2);
        assertArrayEquals(new int[] {3, 4}, new DiceLoss(Reduction.NONE).forward(x, y).shape());
        assertArrayEquals(new int[] {3, 3}, DiceLoss.builder().includeBackground(false).reduction(Reduction.NONE).build().forward(x, y).shape());
        assertArrayEquals(new int[] {3}, TverskyLoss.builder().includeBackground(false).batch(true).reduction(Reduction.NONE).build()
                .forward(x, y).shape());
        assertArrayEquals(new int[0], new TverskyLoss(Reduction.NONE).forward(Tensor.rand(3, 4), Tensor.rand(3, 4)).shape());
        assertArrayEquals(new int[] {4}, TverskyLoss.builder().batch(true).reduction(Reduction.NONE).build()
                .forward(Tensor.rand(3, 4), Tensor.rand(3, 4)).shape());
        assertArrayEquals(new int[0], new DiceLoss().forward(x, y).shape());
    }

    @Test
    void functionalFormsAndBuildersAgree() {
        Tensor[] d = data(2, 2, 3, 4, 4);
        Tensor a = F.diceLoss(d[0], d[1], false, true, false, true, true, true, Reduction.SUM, 0.1, 0.2, true);
        DiceLoss l = DiceLoss.builder().includeBackground(false).toOnehotY(true).softmax(true).squaredPred(true).jaccard(true)
                .reduction(Reduction.SUM).smoothNr(0.1).smoothDr(0.2).batch(true).build();
        assertEquals(a.item(), l.forward(d[0], d[1]).item());
        assertFalse(l.includeBackground());
        assertTrue(l.toOnehotY() && l.softmax() && !l.sigmoid() && l.squaredPred() && l.jaccard() && l.batch());
        assertEquals(0.1, l.smoothNr());
        assertEquals(0.2, l.smoothDr());
        Tensor b = F.tverskyLoss(d[0], d[1], true, true, true, false, 0.2, 0.8, Reduction.MEAN, 0, 1, false);
        TverskyLoss t = TverskyLoss.builder().toOnehotY(true).sigmoid(true).alpha(0.2).beta(0.8).smoothNr(0).smoothDr(1).build();
        assertEquals(b.item(), t.forward(d[0], d[1]).item());
        assertEquals(0.2, t.alpha());
        assertEquals(0.8, t.beta());
        Tensor p = Tensor.rand(2, 3, 4), g = Tensor.rand(2, 3, 4);
        assertEquals(new DiceLoss().forward(p, g).item(), F.diceLoss(p, g).item());
        assertEquals(new TverskyLoss().forward(p, g).item(), F.tverskyLoss(p, g).item());
        // without smoothing, alpha = beta = 0.5 is Dice and alpha = beta = 1 is Jaccard (a 0/1 target: the sums agree)
        Tensor oh = Tensor.randint(new Generator(1), 0, 2, 2, 3, 4).to(DType.FLOAT64);
        Tensor p64 = p.to(DType.FLOAT64);
        assertEquals(DiceLoss.builder().smoothNr(0).smoothDr(0).build().forward(p64, oh).item(),
                TverskyLoss.builder().smoothNr(0).smoothDr(0).build().forward(p64, oh).item(), 1e-12);
        assertEquals(DiceLoss.builder().jaccard(true).smoothNr(0).smoothDr(0).build().forward(p64, oh).item(),
                TverskyLoss.builder().alpha(1).beta(1).smoothNr(0).smoothDr(0).build().forward(p64, oh).item(), 1e-12);
    }

    @Test
    void optionsAreCheckedAtConstruction() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DiceLoss.builder().sigmoid(true).softmax(true).build());
        assertEquals(SegmentationSupport.INCOMPATIBLE, e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TverskyLoss(Reduction.BATCHMEAN));
        assertEquals("'batchmean' is not a valid LossReduction", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DiceLoss(null));
    }

    /** Class indices as a strided int64 view, and as float32 values (a .npy of floats), give the int64 result. */
    @Test
    void labelsAsViewsAndAsFloats() {
        Tensor[] d = data(9, 2, 3, 5, 6);
        DiceLoss l = DiceLoss.builder().softmax(true).toOnehotY(true).reduction(Reduction.NONE).build();
        Tensor ref = l.forward(d[0], d[1]);
        Tensor view = d[1].transpose(2, 3).contiguousCopy().transpose(2, 3);
        assertFalse(view.isContiguous());
        assertArrayEquals(ref.toDoubleArray(), l.forward(d[0], view).toDoubleArray());
        assertArrayEquals(ref.toDoubleArray(), l.forward(d[0], d[1].to(DType.FLOAT32).add(0.5)).toDoubleArray());
    }
}
