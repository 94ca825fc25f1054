package org.losses4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import org.losses4j.Reduction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.losses4j.nn.MarginTestSupport.assertFails;
import static org.losses4j.nn.MarginTestSupport.gradcheck;
import static org.losses4j.nn.MarginTestSupport.randn;

import org.junit.jupiter.api.Test;
import org.losses4j.DType;
import org.losses4j.Generator;
import org.losses4j.Tensor;

class TripletMarginLossTest {

    @Test
    void backwardMatchesFiniteDifferencesForAllThreeInputs() {
        for (double p : new double[] {1, 2, 3, 1.5, Double.POSITIVE_INFINITY}) {
            for (boolean swap : new boolean[] {false, true}) {
                for (Reduction r : new Reduction[] {Reduction.NONE, Reduction.MEAN, Reduction.SUM}) {
                    Tensor a = randn(41, 4, 3).requiresGrad_(true), po = randn(42, 4, 3).requiresGrad_(true);
                    Tensor n = po.detach().add(randn(43, 4, 3).mul(0.3)).detach().requiresGrad_(true); // near the positive: swap matters
                    TripletMarginLoss loss = TripletMarginLoss.builder().p(p).swap(swap).margin(1.5).reduction(r).build();
                    gradcheck("p=" + p + " swap=" + swap + " " + r, in -> loss.forward(in[0], in[1], in[2]), a, po, n);
                }
            }
        }
        Tensor a = randn(44, 5).requiresGrad_(true), po = randn(45, 5).requiresGrad_(true), n = randn(46, 5).requiresGrad_(true);
        gradcheck("unbatched, eps 0.1", in -> TripletMarginLoss.builder().eps(0.1).margin(3).build().forward(in[0], in[1], in[2]), a, po, n);
    }

    @Test
    void gradFnNamesAreThoseOfPyTorchsComposedOps() {
        Tensor a = randn(47, 3, 2).requiresGrad_(true);
        Tensor p = randn(48, 3, 2), n = randn(49, 3, 2);
        assertEquals("ClampMinBackward0", TripletMarginLoss.builder().reduction(Reduction.NONE).build().forward(a, p, n).gradFn().name());
        assertEquals("MeanBackward0", new TripletMarginLoss().forward(a, p, n).gradFn().name());
        assertEquals("SumBackward0", TripletMarginLoss.builder().reduction(Reduction.SUM).build().forward(a, p, n).gradFn().name());
    }

    /** The tutorial's setting: three randn(100, 128), margin 1, p 2; the loss of random unit-variance triplets is near the margin. */
    @Test
    void tutorialSettingRunsAndGivesGradientsToAllInputs() {
        Generator g = new Generator(0);
        Tensor a = Tensor.randn(g, DType.FLOAT32, 100, 128).requiresGrad_(true);
        Tensor p = Tensor.randn(g, DType.FLOAT32, 100, 128).requiresGrad_(true);
        Tensor n = Tensor.randn(g, DType.FLOAT32, 100, 128).requiresGrad_(true);
        Tensor out = TripletMarginLoss.builder().margin(1.0).p(2).build().forward(a, p, n);
        out.backward();
        assertEquals(1.0, out.item(), 0.2);
        for (Tensor t : new Tensor[] {a, p, n}) assertArrayEquals(new int[] {100, 128}, t.grad().shape());
    }

    @Test
    void rejectsRankMismatchWithPyTorch2Message() {
        Tensor a = randn(50, 3, 4).requiresGrad_(true);
        assertFails(IllegalArgumentException.class, "The anchor, positive, and negative tensors are expected to have the same number of dimensions,"
                + " but got: anchor 2D, positive 1D, and negative 2D inputs", () -> new TripletMarginLoss().forward(a, randn(51, 4), randn(52, 3, 4)), a);
    }

    /** PyTorch 2.x (pytorch#121978) rejects margin <= 0, which 1.13 accepted; we follow 2.x. */
    @Test
    void rejectsNonPositiveMarginAsPyTorch2() {
        Tensor a = randn(53, 3, 4).requiresGrad_(true);
        assertFails(IllegalArgumentException.class, "margin must be greater than 0, got 0.0",
                () -> TripletMarginLoss.builder().margin(0).build().forward(a, randn(54, 3, 4), randn(55, 3, 4)), a);
        assertFails(IllegalArgumentException.class, "margin must be greater than 0, got -1.0",
                () -> TripletMarginLoss.builder().margin(-1).build().forward(a, randn(54, 3, 4), randn(55, 3, 4)), a);
    }

    @Test
    void pairwiseDistanceMatchesTheNormOfTheShiftedDifference() {
        Tensor x = Tensor.of(new double[][] {{3, 0}, {0, 0}}), y = Tensor.of(new double[][] {{0, 4}, {1, 1}});
        Tensor d = TripletMarginLoss.pairwiseDistance(x, y, 2, 0, false);
        assertArrayEquals(new double[] {5, Math.sqrt(2)}, d.toDoubleArray(), 1e-12);
        assertArrayEquals(new int[] {2, 1}, TripletMarginLoss.pairwiseDistance(x, y, 2, 1e-6, true).shape());
        Tensor a = randn(56, 3, 4).requiresGrad_(true), b = randn(57, 1, 4).requiresGrad_(true);
        gradcheck("pairwise p=3 broadcast", in -> TripletMarginLoss.pairwiseDistance(in[0], in[1], 3, 1e-6, false), a, b);
    }
}
