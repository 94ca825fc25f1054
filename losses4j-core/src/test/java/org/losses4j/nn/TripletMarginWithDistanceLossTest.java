package org.losses4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import org.losses4j.Reduction;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.losses4j.nn.MarginTestSupport.assertFails;
import static org.losses4j.nn.MarginTestSupport.gradcheck;
import static org.losses4j.nn.MarginTestSupport.randn;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.losses4j.Tensor;

class TripletMarginWithDistanceLossTest {
    static final TripletMarginWithDistanceLoss.DistanceFunction L1 = (x, y) -> x.sub(y).abs().sum(-1);

    @Test
    void backwardMatchesFiniteDifferencesThroughTheDistanceFunction() {
        TripletMarginWithDistanceLoss.DistanceFunction[] fs = {TripletMarginWithDistanceLoss.PAIRWISE, TripletMarginWithDistanceLoss.COSINE, L1};
        for (TripletMarginWithDistanceLoss.DistanceFunction f : fs) {
            for (boolean swap : new boolean[] {false, true}) {
                for (Reduction r : new Reduction[] {Reduction.NONE, Reduction.MEAN, Reduction.SUM}) {
                    Tensor a = randn(61, 4, 3).requiresGrad_(true), p = randn(62, 4, 3).requiresGrad_(true);
                    Tensor n = p.detach().add(randn(63, 4, 3).mul(0.3)).detach().requiresGrad_(true);
                    TripletMarginWithDistanceLoss loss = new TripletMarginWithDistanceLoss(f, 0.7, swap, r);
                    gradcheck("swap=" + swap + " " + r, in -> loss.forward(in[0], in[1], in[2]), a, p, n);
                }
            }
        }
    }

    @Test
    void defaultDistanceAgreesWithTripletMarginLoss() {
        Tensor a = randn(64, 5, 4), p = randn(65, 5, 4), n = randn(66, 5, 4);
        Tensor x = new TripletMarginWithDistanceLoss().reduction(Reduction.NONE).swap(true).forward(a, p, n);
        Tensor y = TripletMarginLoss.builder().swap(true).reduction(Reduction.NONE).build().forward(a, p, n);
        org.junit.jupiter.api.Assertions.assertArrayEquals(y.toDoubleArray(), x.toDoubleArray(), 1e-12);
    }

    @Test
    void gradFnNamesAreThoseOfPyTorchsComposedOps() {
        Tensor a = randn(67, 3, 2).requiresGrad_(true);
        Tensor p = randn(68, 3, 2), n = randn(69, 3, 2);
        assertEquals("ClampBackward1", new TripletMarginWithDistanceLoss().reduction(Reduction.NONE).forward(a, p, n).gradFn().name());
        assertEquals("MeanBackward0", new TripletMarginWithDistanceLoss().forward(a, p, n).gradFn().name());
        assertEquals("SumBackward0", new TripletMarginWithDistanceLoss().reduction(Reduction.SUM).forward(a, p, n).gradFn().name());
    }

    @Test
    void fromOptionsAcceptsDistanceNames() {
        assertSame(TripletMarginWithDistanceLoss.COSINE,
                TripletMarginWithDistanceLoss.fromOptions(new LossOptions(Map.of("distance_function", "cosine"))).distanceFunction());
        assertSame(TripletMarginWithDistanceLoss.PAIRWISE,
                TripletMarginWithDistanceLoss.fromOptions(new LossOptions(Map.of("distance_function", "pairwise"))).distanceFunction());
        assertSame(L1, TripletMarginWithDistanceLoss.fromOptions(new LossOptions(Map.of("distance_function", L1))).distanceFunction());
        assertThrows(IllegalArgumentException.class,
                () -> TripletMarginWithDistanceLoss.fromOptions(new LossOptions(Map.of("distance_function", "manhattan"))));
    }

    /** PyTorch 2.x checks ranks in F.triplet_margin_with_distance_loss; 1.13 let them broadcast. */
    @Test
    void rejectsRankMismatchAsPyTorch2() {
        Tensor a = randn(70, 3, 4).requiresGrad_(true);
        assertFails(IllegalArgumentException.class, "The anchor, positive, and negative tensors are expected to have the same number of dimensions,"
                + " but got: anchor 2D, positive 2D, and negative 1D inputs", () -> new TripletMarginWithDistanceLoss().forward(a, randn(71, 3, 4), randn(72, 4)), a);
    }

    /** PyTorch 2.x (pytorch#121978) rejects margin <= 0 in F.triplet_margin_with_distance_loss; 1.13 accepted it. */
    @Test
    void rejectsNonPositiveMarginAsPyTorch2() {
        Tensor a = randn(73, 3, 4).requiresGrad_(true);
        assertFails(IllegalArgumentException.class, "margin must be greater than 0, got -0.5",
                () -> new TripletMarginWithDistanceLoss().margin(-0.5).forward(a, randn(74, 3, 4), randn(75, 3, 4)), a);
    }
}
