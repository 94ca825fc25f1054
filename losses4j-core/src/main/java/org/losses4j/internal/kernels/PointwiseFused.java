package org.losses4j.internal.kernels;

import java.util.Arrays;
import org.losses4j.DType;
import org.losses4j.Tensor;
import org.losses4j.autograd.Autograd;
import org.losses4j.autograd.Node;
import org.losses4j.Reduction;
import org.losses4j.internal.parallel.Parallel;
import org.losses4j.internal.simd.PointwiseKernels;
import org.losses4j.internal.simd.VectorizationProvider;

/**
 * The fast path shared by the point-wise regression losses (MSE, L1, SmoothL1, Huber, PoissonNLL, GaussianNLL):
 * float32 operands of one shape, read in place. One pass computes the per-element loss, its sum and, when a
 * gradient will be needed, the input's local gradient already scaled for the reduction; the node keeps that array
 * and hands it over in backward (scaled in place when grad_output is not 1, multiplied element-wise for 'none').
 * It is handed over once: a second backward (retain_graph) recomputes it from the inputs.
 *
 * <p>Fixed blocks (of {@link #GRAIN} or {@link #GRAIN_STREAMING} elements) go through {@link Parallel}, so the loss is the same bit for bit at any
 * thread count. Everything else (float64, int64 targets, broadcasting) takes the losses' generic double path.
 */
public final class PointwiseFused {
    private PointwiseFused() {}

    /** The kernels in use (Vector API when available). */
    static final PointwiseKernels K = VectorizationProvider.get().kernels(PointwiseKernels.class);

    /**
     * Elements per parallel block for the losses with exp/log (PoissonNLL, GaussianNLL): compute-bound, worth
     * splitting from 64K elements on.
     */
    public static final int GRAIN = 1 << 16;

    /**
     * Elements per parallel block for the memory-bound losses (MSE, L1, SmoothL1, Huber): one core already streams
     * them at memory speed (about 2 ms for 2^22 elements here), and splitting 4M elements into 64K blocks made a
     * step slower at 2 threads (2.8 ms against 2.0 ms), so they split only from 1M elements on.
     */
    public static final int GRAIN_STREAMING = 1 << 20;

    /** One loss's kernel over a block (v is null except for GaussianNLL). */
    @FunctionalInterface
    public interface Body {
        double run(PointwiseKernels k, float[] x, int xo, float[] y, int yo, float[] v, int vo, int n, float[] out, int oo, float[] g,
                   int go, float scale);
    }

    /** Whether the reduction is none/mean/sum and every operand is float32 with the first one's shape (nulls skipped). */
    public static boolean applies(Reduction r, Tensor first, Tensor... others) {
        if (r == Reduction.BATCHMEAN || first == null || first.dtype() != DType.FLOAT32) return false;
        int[] shape = first.shape();
        for (Tensor t : others) {
            if (t == null) continue;
            if (t.dtype() != DType.FLOAT32 || !Arrays.equals(shape, t.shape())) return false;
        }
        return true;
    }

    static Tensor contiguous(Tensor t) { return t == null ? null : t.isContiguous() ? t.detach() : t.contiguousCopy(); }

    /**
     * Runs a loss on the fast path and records its node.
     *
     * @param operands        input, target and (GaussianNLL) var, the tensors the node is attached to
     * @param targetNegated   whether target's gradient is minus the input's (else the caller ensured target needs none)
     * @param grain           elements per parallel block ({@link #GRAIN} or {@link #GRAIN_STREAMING})
     */
    public static Tensor run(String nodeName, Reduction r, Tensor[] operands, boolean targetNegated, int grain, Body body) {
        Tensor input = operands[0], target = operands[1], var = operands.length > 2 ? operands[2] : null;
        final Tensor x = contiguous(input), y = contiguous(target), v = contiguous(var);
        final int n = x.numel();
        final int[] shape = x.shape();
        boolean graph = Autograd.needsGraph(operands);
        if (graph && (var != null && var.requiresGrad() || !targetNegated && target.requiresGrad())) {
            throw new IllegalStateException("the fused path cannot differentiate " + nodeName + " with respect to this operand");
        }
        final float scale = r == Reduction.MEAN ? (float) (1.0 / n) : 1f;
        float[] out = r == Reduction.NONE ? SpareOutputs.take(n) : null;
        float[] g = graph ? SpareOutputs.take(n) : null;
        double sum = compute(body, grain, x, y, v, n, out, g, scale, SpareOutputs.replacing(out, g));
        Tensor result;
        if (r == Reduction.NONE) {
            result = Tensor.wrap(DType.FLOAT32, out, shape);
        } else {
            double s = r == Reduction.SUM ? sum : sum / n;
            result = Tensor.wrap(DType.FLOAT32, new float[] {(float) s}, new int[0]);
        }
        if (graph) result.attachGradFn(new FusedNode(nodeName, operands, r, x, y, v, n, shape, scale, g, grain, body));
        return result;
    }

    /** The kernel over [0, n) in parallel blocks; returns the loss sum (blocks added in order). */
    static double compute(Body body, int grain, Tensor x, Tensor y, Tensor v, int n, float[] out, float[] g, float scale, Runnable aside) {
        final float[] xa = (float[]) x.storage(), ya = (float[]) y.storage(), va = v == null ? null : (float[]) v.storage();
        final int xo = x.storageOffset(), yo = y.storageOffset(), vo = v == null ? 0 : v.storageOffset();
        return Parallel.parallelSum(0, n, grain, (s, e) -> body.run(K, xa, xo + s, ya, yo + s, va, vo + s, e - s, out, s, g, s, scale), aside);
    }

    private static final class FusedNode extends Node {
        private final Reduction r;
        private final int n;
        private final int[] shape;
        private final float scale;
        private final int grain;
        private final Body body;
        private Tensor x, y, v;
        private float[] grad;

        FusedNode(String name, Tensor[] operands, Reduction r, Tensor x, Tensor y, Tensor v, int n, int[] shape, float scale, float[] grad,
                  int grain, Body body) {
            super(name, operands);
            this.r = r;
            this.x = x;
            this.y = y;
            this.v = v;
            this.n = n;
            this.shape = shape;
            this.scale = scale;
            this.grad = grad;
            this.grain = grain;
            this.body = body;
        }

        @Override
        protected Tensor[] backward(Tensor gradOutput) {
            float[] g = grad;
            grad = null; // handed over once; a second backward recomputes
            if (g == null) {
                g = new float[n];
                compute(body, grain, x, y, v, n, null, g, scale, null);
            }
            final float[] ga = g;
            if (r != Reduction.NONE) {
                float s = (float) gradOutput.item();
                if (s != 1f) Parallel.parallelFor(0, n, grain, (a, b) -> K.scale(ga, a, b - a, s));
            } else {
                Tensor up = gradOutput.dtype() == DType.FLOAT32 ? contiguous(gradOutput) : gradOutput.to(DType.FLOAT32).contiguousCopy();
                final float[] ua = (float[]) up.storage();
                final int uo = up.storageOffset();
                Parallel.parallelFor(0, n, grain, (a, b) -> K.multiply(ga, a, ua, uo + a, b - a));
            }
            Tensor[] res = new Tensor[numInputs()];
            if (needsInputGrad(1)) {
                float[] gt = needsInputGrad(0) ? new float[n] : ga;
                Parallel.parallelFor(0, n, grain, (a, b) -> K.negate(ga, a, gt, a, b - a));
                res[1] = Tensor.wrap(DType.FLOAT32, gt, shape);
            }
            if (needsInputGrad(0)) res[0] = Tensor.wrap(DType.FLOAT32, ga, shape);
            return res;
        }

        @Override
        protected void releaseSavedState() {
            grad = null;
            x = y = v = null;
        }
    }
}
