package org.losses4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.losses4j.DType;
import org.losses4j.Reduction;
import org.losses4j.Tensor;

/**
 * The binary losses exactly at their kinks and edges, on every path: the fused float32 kernel (float32 operands
 * of one shape, the target not differentiated), the general path in float32 (a differentiated, broadcast or int64
 * target) and float64. The expected numbers are PyTorch 1.13's (printed by the script in each comment): its
 * clamp_min passes the gradient where the clamped value is exactly 0 ({@code self >= min}).
 */
class BinaryLossKinksTest {

    /** float32 or float64 tensor of the values. */
    private static Tensor t(DType d, double... v) { return Tensor.of(v).to(d).detach(); }

    private static void assertExactly(double[] expected, Tensor actual, String what) {
        assertNotNull(actual, what + ": no gradient");
        double[] a = actual.toDoubleArray();
        assertEquals(expected.length, a.length, what);
        for (int i = 0; i < a.length; i++) {
            if (Double.isNaN(expected[i])) assertTrue(Double.isNaN(a[i]), what + " [" + i + "] is " + a[i] + ", expected NaN");
            else assertEquals(expected[i], a[i], Math.ulp((float) expected[i]), what + " [" + i + "]");
        }
    }

    // a = torch.tensor([1., 2., 0.5, 3., 0., 0., 0.1]); b = torch.tensor([1., 1., 0.5, 3., 0., 0., 0.])
    // y = torch.tensor([1., 1., -1., 0., 1., -1., 1.]); per element margin 0 (the last 0.1: -0.1 + 0.1 = 0 in float32)
    // -> grad a [-1, -0, 1, -0, -1, 1, -1], grad b [1, 0, -1, 0, 1, -1, 1], grad y [-0, -0, -0, -0, -0, -0, -0.1]
    @Test
    void marginRankingPassesTheGradientAtZero() {
        for (DType d : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (boolean targetGrad : new boolean[] {false, true}) {
                Tensor a = t(d, 1, 2, 0.5, 3, 0, 0, 0.1).requiresGrad_(true), b = t(d, 1, 1, 0.5, 3, 0, 0, 0).requiresGrad_(true);
                Tensor y = t(d, 1, 1, -1, 0, 1, -1, 1).requiresGrad_(targetGrad);
                // the margin differs per element in PyTorch's check; here margin 0 for all but the last case, run apart
                Tensor m0 = MarginRankingLoss.marginRankingLoss(a.narrow(0, 0, 6), b.narrow(0, 0, 6), y.narrow(0, 0, 6), 0.0, Reduction.SUM);
                Tensor m1 = MarginRankingLoss.marginRankingLoss(a.narrow(0, 6, 1), b.narrow(0, 6, 1), y.narrow(0, 6, 1), 0.1, Reduction.SUM);
                m0.add(m1).backward();
                String what = d + (targetGrad ? " general" : " fused");
                assertExactly(new double[] {-1, 0, 1, 0, -1, 1, -1}, a.grad(), "ranking grad input1 " + what);
                assertExactly(new double[] {1, 0, -1, 0, 1, -1, 1}, b.grad(), "ranking grad input2 " + what);
                if (targetGrad) assertExactly(new double[] {0, 0, 0, 0, 0, 0, d == DType.FLOAT32 ? -0.1f : -0.1}, y.grad(), "ranking grad target " + what);
            }
        }
    }

    @Test
    void marginRankingFusedKernelAtZeroOnLargeInputs() {
        // enough elements for several kernel blocks and vector lanes: every element exactly at p = 0 passes the gradient
        int n = 70_000;
        float[] a = new float[n], b = new float[n], y = new float[n];
        for (int i = 0; i < n; i++) { a[i] = i % 7; b[i] = i % 7; y[i] = i % 2 == 0 ? 1 : -1; }
        Tensor ta = Tensor.wrap(DType.FLOAT32, a, n).requiresGrad_(true), tb = Tensor.wrap(DType.FLOAT32, b, n).requiresGrad_(true);
        MarginRankingLoss.marginRankingLoss(ta, tb, Tensor.wrap(DType.FLOAT32, y, n), 0.0, Reduction.SUM).backward();
        float[] ga = ta.grad().toFloatArray(), gb = tb.grad().toFloatArray();
        for (int i = 0; i < n; i++) {
            assertEquals(-y[i], ga[i], "ga[" + i + "]");
            assertEquals(y[i], gb[i], "gb[" + i + "]");
        }
    }

    // x = torch.tensor([0.5, 1., 0.25, 0.5, 0.]); y = torch.tensor([-1., -1., -1., 0., -1.])
    // nn.HingeEmbeddingLoss(margin=0.5, reduction='sum')(x, y).backward() -> grad x [-1, 0, -1, 0, -1]
    // (margin - x = 0 at 0.5 passes; target 0 adds both terms: 1 - 1 = 0)
    @Test
    void hingeEmbeddingPassesTheGradientAtTheMargin() {
        for (DType d : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int path = 0; path < 3; path++) { // 0: same-shape float target (fused in float32), 1: int64 target, 2: broadcast target
                Tensor x = t(d, 0.5, 1, 0.25, 0.5, 0).requiresGrad_(true);
                Tensor y = t(d, -1, -1, -1, 0, -1);
                if (path == 1) y = y.to(DType.INT64);
                Tensor in = path == 2 ? x.unsqueeze(0) : x;
                Tensor yy = path == 2 ? y.unsqueeze(0).expand(2, 5) : y;
                HingeEmbeddingLoss.hingeEmbeddingLoss(in, yy, 0.5, Reduction.SUM).backward();
                double k = path == 2 ? 2 : 1;
                assertExactly(new double[] {-k, 0, -k, 0, -k}, x.grad(), "hinge " + d + " path " + path);
            }
        }
        // margin -0: -0 - 0 = -0 >= 0 passes too
        Tensor x = t(DType.FLOAT32, 0).requiresGrad_(true);
        HingeEmbeddingLoss.hingeEmbeddingLoss(x, t(DType.FLOAT32, -1), -0.0, Reduction.SUM).backward();
        assertExactly(new double[] {-1}, x.grad(), "hinge margin -0");
    }

    // x = torch.tensor([-88.72283172607422, -88.72284]); nn.SoftMarginLoss(reduction='none')(x, torch.ones(2))
    // -> [88.7228317261, inf], grad x (ones upstream) [-1, nan]: the float32 exp overflows exactly past 88.72283172607422
    @Test
    void softMarginOverflowsExactlyWhereFloat32ExpDoes() {
        float hi = 88.72283172607422f;
        for (int path = 0; path < 2; path++) { // 0: fused, 1: float64 target (general path, float32 arithmetic)
            Tensor x = Tensor.of(new float[] {-hi, -Math.nextUp(hi), Math.nextUp(hi), 0f}).requiresGrad_(true);
            Tensor y = Tensor.of(new float[] {1, 1, -1, 1});
            if (path == 1) y = y.to(DType.FLOAT64);
            Tensor out = SoftMarginLoss.softMarginLoss(x, y, Reduction.NONE);
            out.backward(Tensor.ones(4));
            double[] v = out.toDoubleArray();
            assertEquals(hi, v[0], Math.ulp(hi), "path " + path);
            assertEquals(Double.POSITIVE_INFINITY, v[1], "path " + path);
            assertEquals(Double.POSITIVE_INFINITY, v[2], "path " + path);
            assertEquals(Math.log(2), v[3], 1e-7, "path " + path);
            assertExactly(new double[] {-1, Double.NaN, Double.NaN, -0.5}, x.grad(), "soft margin grad path " + path);
        }
        // float64: exp overflows past 709.78...
        Tensor x = Tensor.of(-709.78, -709.79).requiresGrad_(true);
        Tensor out = SoftMarginLoss.softMarginLoss(x, Tensor.of(1.0, 1.0), Reduction.NONE);
        out.backward(Tensor.of(1.0, 1.0));
        assertEquals(709.78, out.toDoubleArray()[0], 1e-12);
        assertEquals(Double.POSITIVE_INFINITY, out.toDoubleArray()[1]);
        assertExactly(new double[] {-1, Double.NaN}, x.grad(), "soft margin float64");
    }
}
