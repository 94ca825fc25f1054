package org.losses4j.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.losses4j.DType;
import org.losses4j.Tensor;

class LossNodeTest {

    private static float[] seq(int n, float start) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = start + i;
        return a;
    }

    @Test
    void handsOverTheForwardGradientOnceThenRecomputes() {
        Tensor x = Tensor.of(1f, 2f, 3f).requiresGrad_(true);
        float[] ready = {10f, 20f, 30f};
        AtomicInteger computed = new AtomicInteger();
        Tensor out = Tensor.scalar(0);
        LossNode.attach(out, "TestBackward0", new Object[] {ready}, needs -> {
            computed.incrementAndGet();
            return new Object[] {new float[] {1f, 2f, 3f}};
        }, LossNode.Upstream.scalar(x.shape()), x);
        out.backward(Tensor.scalar(2), true);
        assertSame(ready, x.grad().storage(), "the first backward hands the forward's array over");
        assertArrayEquals(new float[] {20f, 40f, 60f}, x.grad().toFloatArray());
        assertEquals(0, computed.get());
        x.zeroGrad();
        out.backward(Tensor.scalar(1), false);
        assertEquals(1, computed.get(), "a second backward computes the gradient again");
        assertArrayEquals(new float[] {1f, 2f, 3f}, x.grad().toFloatArray());
    }

    @Test
    void noNodeWithoutGradOrInNoGradMode() {
        Tensor x = Tensor.of(1f, 2f);
        Tensor out = LossNode.attach(Tensor.scalar(0), "TestBackward0", null, needs -> null, LossNode.Upstream.scalar(x.shape()), x);
        assertNull(out.gradFn());
        Tensor y = Tensor.of(1f, 2f).requiresGrad_(true);
        try (var s = GradMode.noGrad()) {
            assertNull(LossNode.attach(Tensor.scalar(0), "T", null, needs -> null, LossNode.Upstream.scalar(y.shape()), y).gradFn());
        }
    }

    @Test
    void perRowPerPositionAndElementwiseUpstream() {
        // (N=2, C=3, P=2): upstream (2, 2) broadcast over the class dimension
        Tensor x = Tensor.zeros(2, 3, 2).requiresGrad_(true);
        Tensor out = Tensor.zeros(2, 2);
        LossNode.attach(out, "T", new Object[] {seq(12, 1)}, null, LossNode.Upstream.perPosition(x.shape(), 2, 3), x);
        out.backward(Tensor.of(new float[][] {{1, 10}, {100, 1000}}));
        float[] g = x.grad().toFloatArray();
        float[] want = new float[12];
        for (int n = 0; n < 2; n++) for (int c = 0; c < 3; c++) for (int p = 0; p < 2; p++) {
            int i = (n * 3 + c) * 2 + p;
            want[i] = (i + 1) * (float) Math.pow(10, n * 2 + p);
        }
        assertArrayEquals(want, g);

        Tensor r = Tensor.zeros(DType.FLOAT64, 2, 3).requiresGrad_(true);
        Tensor ro = Tensor.zeros(DType.FLOAT64, 2);
        LossNode.attach(ro, "T", new Object[] {new double[] {1, 2, 3, 4, 5, 6}}, null, LossNode.Upstream.perRow(r.shape(), 2), r);
        ro.backward(Tensor.of(2.0, -1.0));
        assertArrayEquals(new double[] {2, 4, 6, -4, -5, -6}, r.grad().toDoubleArray());

        Tensor e = Tensor.zeros(3).requiresGrad_(true);
        Tensor eo = Tensor.zeros(3);
        LossNode.attach(eo, "T", new Object[] {new float[] {1, 2, 3}}, null, LossNode.Upstream.elementwise(e.shape()), e);
        eo.backward(Tensor.of(3f, Float.NaN, 0f));
        float[] ge = e.grad().toFloatArray();
        assertEquals(3f, ge[0]);
        assertEquals(Float.NaN, ge[1]);
        assertEquals(0f, ge[2]);
    }

    @Test
    void broadcastGradientIsSummedDownToTheInputShape() {
        Tensor t = Tensor.zeros(DType.FLOAT64, 1, 3).requiresGrad_(true);
        Tensor out = Tensor.scalar(0, DType.FLOAT64);
        LossNode.Upstream u = LossNode.Upstream.scalar(new int[] {2, 3});
        LossNode.attach(out, "T", new Object[] {new double[] {1, 2, 3, 10, 20, 30}}, null, u, t);
        out.backward();
        assertArrayEquals(new int[] {1, 3}, t.grad().shape());
        assertArrayEquals(new double[] {11, 22, 33}, t.grad().toDoubleArray());
        assertNotSame(null, t.grad());
    }

    @Test
    void fixedRowsAreLeftOutOfTheUpstreamProduct() {
        // (2, 3) as 2 rows of 3; row 1 fixed: a NaN or infinite upstream leaves it as computed (0, NaN), as PyTorch's where()
        for (boolean f32 : new boolean[] {true, false}) {
            Tensor x = (f32 ? Tensor.zeros(DType.FLOAT32, 2, 3) : Tensor.zeros(DType.FLOAT64, 2, 3)).requiresGrad_(true);
            Object local = f32 ? new float[] {1, 2, 3, 0, Float.NaN, 0} : new double[] {1, 2, 3, 0, Double.NaN, 0};
            Tensor out = Tensor.scalar(0);
            LossNode.Upstream u = new LossNode.Upstream(x.shape(), 1, 2, 3, 0, 0, 0).fixing(new boolean[] {false, true});
            LossNode.attach(out, "T", new Object[] {local}, null, u, x);
            out.backward(Tensor.scalar(Double.POSITIVE_INFINITY));
            assertArrayEquals(new double[] {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 0, Double.NaN, 0},
                    x.grad().toDoubleArray(), "scalar, f32 " + f32);
            Tensor y = (f32 ? Tensor.zeros(DType.FLOAT32, 2, 3) : Tensor.zeros(DType.FLOAT64, 2, 3)).requiresGrad_(true);
            Object local2 = f32 ? new float[] {1, 2, 3, 4, 5, 6} : new double[] {1, 2, 3, 4, 5, 6};
            Tensor out2 = Tensor.zeros(DType.FLOAT64, 2);
            LossNode.attach(out2, "T", new Object[] {local2}, null, LossNode.Upstream.perRow(y.shape(), 2).fixing(new boolean[] {true, false}), y);
            out2.backward(Tensor.of(Double.NaN, 2.0));
            assertArrayEquals(new double[] {1, 2, 3, 8, 10, 12}, y.grad().toDoubleArray(), "per row, f32 " + f32);
        }
    }
}
