package org.losses4j.internal.kernels;

import java.util.function.DoubleUnaryOperator;
import org.losses4j.DType;
import org.losses4j.Shape;
import org.losses4j.Tensor;
import org.losses4j.Reduction;
import org.losses4j.internal.parallel.Parallel;

/**
 * MarginRankingLoss: l_n = max(0, -y_n (x1_n - x2_n) + margin) over the broadcast of input1, input2 and
 * target (which must have the same number of dimensions, as PyTorch's functional checks). The result dtype
 * is the promotion of the three (float32 unless one is float64). In float32 the pre-clamp value is rounded
 * after every op as PyTorch computes it, so the clamp mask (which decides the gradient) is PyTorch's.
 */
public final class MarginRankingKernel {
    private MarginRankingKernel() {}

    /** Validates the arguments; returns the broadcast shape. */
    public static int[] check(Tensor input1, Tensor input2, Tensor target) {
        Checks.notNull(input1, "input1");
        Checks.notNull(input2, "input2");
        Checks.notNull(target, "target");
        if (input1.dim() != input2.dim() || input1.dim() != target.dim()) {
            throw new IllegalArgumentException("margin_ranking_loss : All input tensors should have same dimension but got sizes: input1: "
                    + BinaryKernels.torchSize(input1.shape()) + ", input2: " + BinaryKernels.torchSize(input2.shape()) + ", target: "
                    + BinaryKernels.torchSize(target.shape()) + " ");
        }
        int[] diff = Shape.broadcast(input1.shape(), input2.shape()); // input1 - input2
        return Shape.broadcast(target.shape(), diff);                 // (-target) * diff
    }

    /** The dtype the loss computes in. */
    public static DType dtype(Tensor input1, Tensor input2, Tensor target) {
        return BinaryKernels.floatingResult(input1, input2, target);
    }

    /** The pre-clamp values -y (x1 - x2) + margin, rounded per op to dtype. */
    static double[] pre(double[] a, double[] b, double[] y, double margin, DType dtype) {
        DoubleUnaryOperator rd = BinaryKernels.rounder(dtype);
        double m = rd.applyAsDouble(margin);
        double[] p = new double[a.length];
        for (int i = 0; i < p.length; i++) {
            double d = rd.applyAsDouble(a[i] - b[i]);
            p[i] = rd.applyAsDouble(rd.applyAsDouble(-y[i] * d) + m);
        }
        return p;
    }


    // ------------------------------------------------------------------ the fused float32 path

    /** Whether the fused path applies: three float32 tensors of one shape, the target not differentiated. */
    public static boolean fusable(Tensor input1, Tensor input2, Tensor target) {
        return BinaryKernels.allFloat32(input1, input2, target) && java.util.Arrays.equals(input1.shape(), input2.shape())
                && java.util.Arrays.equals(input1.shape(), target.shape()) && !BinaryKernels.wantsGrad(target);
    }

    // p_n = -y_n (x1_n - x2_n) + margin (float32 per op), l_n = max(p_n, 0);
    // dL/dx1_n = -g_n [p_n >= 0] y_n ; dL/dx2_n = g_n [p_n >= 0] y_n
    /** Forward, with the inputs' gradients computed in the same pass; attaches the node. */
    public static Tensor fused(Tensor input1, Tensor input2, Tensor target, double margin, int[] shape, Reduction r, String nodeName) {
        BinaryKernels.F32 a = BinaryKernels.F32.of(input1), b = BinaryKernels.F32.of(input2), y = BinaryKernels.F32.of(target);
        int n = Shape.numel(shape);
        float m = (float) margin;
        double divisor = BinaryKernels.divisor(r, n);
        float scale = (float) (1.0 / divisor);
        float[] loss = r == Reduction.NONE ? SpareOutputs.take(n) : null;
        boolean wantA = BinaryKernels.wantsGrad(input1), wantB = BinaryKernels.wantsGrad(input2);
        float[] ga = BinaryKernels.gradIf(wantA, n), gb = BinaryKernels.gradIf(wantB, n);
        double sum = Parallel.parallelSum(0, n, BinaryKernels.GRAIN, (s, e) -> BinaryKernels.K.marginRanking(a.a(), a.off() + s, b.a(),
                b.off() + s, y.a(), y.off() + s, m, loss, ga, gb, s, scale, e - s), SpareOutputs.replacing(loss, ga, gb));
        Tensor out = r == Reduction.NONE ? Tensor.wrap(DType.FLOAT32, loss, shape)
                : Tensor.wrap(DType.FLOAT32, new float[] {(float) (sum / divisor)}, new int[0]);
        return BinaryKernels.attach(out, nodeName, new float[][] {ga, gb, null}, () -> {
            float[] ga2 = BinaryKernels.gradIf(wantA, n), gb2 = BinaryKernels.gradIf(wantB, n);
            Parallel.parallelFor(0, n, BinaryKernels.GRAIN, (s, e) -> BinaryKernels.K.marginRanking(a.a(), a.off() + s, b.a(), b.off() + s,
                    y.a(), y.off() + s, m, null, ga2, gb2, s, scale, e - s));
            return new float[][] {ga2, gb2, null};
        }, r, input1, input2, target);
    }

    /** Forward: the reduced loss. */
    public static Tensor forward(Tensor input1, Tensor input2, Tensor target, double margin, int[] shape, Reduction r) {
        DType dt = dtype(input1, input2, target);
        double[] a = KernelInputs.valuesAs(input1, shape), b = KernelInputs.valuesAs(input2, shape), y = KernelInputs.valuesAs(target, shape);
        double[] l = pre(a, b, y, margin, dt);
        for (int i = 0; i < l.length; i++) if (l[i] < 0) l[i] = 0; // clamp_min(0) keeps NaN
        return LossReduction.output(dt, l, shape, r, l.length);
    }

    // with m_n = [-y_n (x1_n - x2_n) + margin >= 0] (clamp_min passes the gradient at 0, as PyTorch):
    // dL/dx1_n = -g_n m_n y_n ; dL/dx2_n = g_n m_n y_n ; dL/dy_n = -g_n m_n (x1_n - x2_n)
    /** Backward: {d input1, d input2, d target} over the broadcast shape (null where not wanted). */
    public static double[][] backward(Tensor input1, Tensor input2, Tensor target, double margin, int[] shape, Reduction r,
                                      Tensor gradOutput, boolean[] want) {
        DType dt = dtype(input1, input2, target);
        double[] a = KernelInputs.valuesAs(input1, shape), b = KernelInputs.valuesAs(input2, shape), y = KernelInputs.valuesAs(target, shape);
        double[] p = pre(a, b, y, margin, dt);
        double[] g = LossReduction.upstream(gradOutput, p.length, r, p.length);
        double[] g1 = want[0] ? new double[p.length] : null, g2 = want[1] ? new double[p.length] : null;
        double[] gy = want[2] ? new double[p.length] : null;
        for (int i = 0; i < p.length; i++) {
            if (!(p[i] >= 0)) continue;
            if (g1 != null) g1[i] = -g[i] * y[i];
            if (g2 != null) g2[i] = g[i] * y[i];
            if (gy != null) gy[i] = -g[i] * (a[i] - b[i]);
        }
        return new double[][] {g1, g2, gy};
    }
}
