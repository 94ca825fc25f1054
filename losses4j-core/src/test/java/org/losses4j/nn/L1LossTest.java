package org.losses4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import org.losses4j.Reduction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.losses4j.nn.RegressionTestSupport.gradcheck;
import static org.losses4j.nn.RegressionTestSupport.leaf;
import static org.losses4j.nn.RegressionTestSupport.randn;

import org.junit.jupiter.api.Test;
import org.losses4j.Tensor;

class L1LossTest {

    @Test
    void backwardMatchesFiniteDifferences() {
        for (Reduction r : new Reduction[] {Reduction.NONE, Reduction.MEAN, Reduction.SUM}) {
            L1Loss loss = new L1Loss(r);
            gradcheck("L1 " + r, a -> loss.forward(a[0], a[1]), leaf(randn(1, 3, 4)), leaf(randn(2, 3, 4)));
            gradcheck("L1 broadcast " + r, a -> loss.forward(a[0], a[1]), leaf(randn(3, 3, 1)), leaf(randn(4, 5)));
        }
    }

    @Test
    void gradientAtTiesIsZero() {
        Tensor x = leaf(Tensor.of(1.0, 2.0, -3.0));
        Tensor y = leaf(Tensor.of(1.0, 0.0, -3.0));
        new L1Loss(Reduction.SUM).forward(x, y).backward();
        assertArrayEquals(new double[] {0, 1, 0}, x.grad().toDoubleArray());
        assertArrayEquals(new double[] {-0.0, -1, -0.0}, y.grad().toDoubleArray()); // PyTorch: tensor([-0., -1., -0.])
    }

    @Test
    void gradFnNamesAreTorchs() {
        Tensor x = leaf(randn(3, 2, 2)), y = randn(4, 2, 2);
        assertEquals("MeanBackward0", new L1Loss().forward(x, y).gradFn().name());
        assertEquals("SumBackward0", new L1Loss(Reduction.SUM).forward(x, y).gradFn().name());
        assertEquals("AbsBackward0", new L1Loss(Reduction.NONE).forward(x, y).gradFn().name());
    }

    @Test
    void rejectsBadBroadcastWithTorchsMessage() {
        Tensor x = leaf(randn(1, 3, 4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new L1Loss().forward(x, randn(2, 3, 5)));
        assertEquals("The size of tensor a (4) must match the size of tensor b (5) at non-singleton dimension 1", e.getMessage());
        assertNull(x.grad());
    }

    @Test
    void rejectsBatchmeanAndTheMeanOfTwoIntegerOperands() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new L1Loss(Reduction.BATCHMEAN));
        assertEquals("batchmean is not a valid value for reduction", e.getMessage());
        // PyTorch 1.13: (input - target).abs() is int64, and mean() of int64 fails; sum and none give int64 values
        e = assertThrows(IllegalArgumentException.class, () -> new L1Loss().forward(Tensor.of(1L, 2L), Tensor.of(1L, 3L)));
        assertEquals("mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: Long", e.getMessage());
        Tensor sum = new L1Loss(Reduction.SUM).forward(Tensor.of(1L, 2L), Tensor.of(1L, 5L));
        assertEquals(org.losses4j.DType.INT64, sum.dtype());
        assertEquals(3L, sum.toLongArray()[0]);
        assertArrayEquals(new long[] {0, 3}, new L1Loss(Reduction.NONE).forward(Tensor.of(1L, 2L), Tensor.of(1L, 5L)).toLongArray());
    }

    @Test
    void anInt64InputPromotesToTheTargetsDtype() {
        Tensor y = leaf(Tensor.of(0.5, 4.0));
        Tensor out = new L1Loss(Reduction.SUM).forward(Tensor.of(1L, 2L), y);
        assertEquals(org.losses4j.DType.FLOAT64, out.dtype());
        assertEquals(2.5, out.item());
        out.backward();
        assertArrayEquals(new double[] {-1, 1}, y.grad().toDoubleArray());
    }

    @Test
    void legacyKeywordsMapToReduction() {
        assertEquals(Reduction.SUM, L1Loss.fromOptions(new LossOptions(java.util.Map.of("size_average", false))).reduction());
        assertEquals(Reduction.NONE, L1Loss.fromOptions(new LossOptions(java.util.Map.of("reduce", false))).reduction());
    }
}
