package org.losses4j.nn;

import java.util.Arrays;
import org.losses4j.DType;
import org.losses4j.Reduction;
import org.losses4j.Shape;
import org.losses4j.Tensor;
import org.losses4j.autograd.Autograd;
import org.losses4j.autograd.LossNode;
import org.losses4j.internal.kernels.SpareOutputs;
import org.losses4j.internal.parallel.Parallel;
import org.losses4j.internal.tensor.Checks;

/**
 * The Tensor side shared by the point-wise losses from outside torch.nn (LogCoshLoss, MSLELoss, MAPELoss,
 * SquaredHingeLoss, SigmoidFocalLoss), whose target has a gradient of its own rather than minus the input's:
 * their reduction keyword, and the fused float32 driver. Float32 operands of one shape go through {@link #fused}: one
 * parallel pass of the loss's kernel writes the per-element loss (or returns its sum) and the local gradients of the
 * operands that need one, handed to the {@link LossNode}; the node also gets the loss's chain-form gradients for an
 * upstream gradient that holds a NaN or an infinity. Everything else takes {@link RegressionSupport#general}.
 */
final class PointwiseSupport {
    private PointwiseSupport() {}

    /**
     * Elements per parallel block: the kernels spend tens of nanoseconds per element (exp and log in double), so
     * splitting pays from a few tens of thousands of elements on.
     */
    static final int GRAIN = 1 << 14;

    /**
     * The reduction keyword of these losses: {@code 'none' | 'mean' | 'sum'} (they have no legacy size_average /
     * reduce), with PyTorch's message for anything else.
     */
    static Reduction reduction(LossOptions o, String def) {
        Reduction r = Reduction.of(o.getString("reduction", def));
        return noneMeanSum(r);
    }

    /** none, mean or sum (not batchmean), with PyTorch's message otherwise. */
    static Reduction noneMeanSum(Reduction r) {
        if (r == null) throw new IllegalArgumentException("reduction must not be null");
        return r.notBatchmean();
    }

    /** PyTorch's composed grad_fn name: MeanBackward0 / SumBackward0, or that of the last op ({@code none}). */
    static String nodeName(Reduction r, String none) { return RegressionSupport.composedNodeName(r, none); }

    /** Whether both operands are float32 of one shape (the fused path). */
    static boolean fusable(Tensor input, Tensor target) {
        return input.dtype() == DType.FLOAT32 && target.dtype() == DType.FLOAT32 && Arrays.equals(input.shape(), target.shape());
    }

    /** The result dtype of a floating input with a float or int64 target: float64 if either is. */
    static DType common(Tensor input, Tensor target) { return RegressionSupport.common(input, target); }

    /** Not null, floating input (float32 or float64). */
    static void floatingInput(Tensor input, String fn) {
        Checks.notNull(input, "input");
        Checks.floating(input, "input", fn);
    }

    /** One block of a fused kernel: elements [lo, lo + n) into out / gx / gy (each may be null), gradients scaled for the reduction. */
    @FunctionalInterface
    interface Block {
        double run(float[] out, float[] gx, float[] gy, int lo, int n);
    }

    /**
     * The fused float32 pass over input and target (float32, one shape, contiguous): the per-element losses (none) or
     * their sum, and the local gradients of those operands that need one, in fixed parallel blocks; one {@link LossNode}
     * named {@code name}.
     *
     * @param chain the chain-form gradients for a non-finite upstream gradient
     */
    static Tensor fused(String name, Reduction r, Tensor input, Tensor target, Block block, LossNode.ChainGradients chain) {
        int[] shape = input.shape();
        int n = Shape.numel(shape);
        boolean graph = Autograd.needsGraph(input, target);
        boolean needX = graph && input.requiresGrad(), needY = graph && target.requiresGrad();
        float[] out = r == Reduction.NONE ? SpareOutputs.take(n) : null;
        float[] gx = needX ? SpareOutputs.take(n) : null, gy = needY ? SpareOutputs.take(n) : null;
        double sum = Parallel.parallelSum(0, n, GRAIN, (s, e) -> block.run(out, gx, gy, s, e - s), SpareOutputs.replacing(out, gx, gy));
        Tensor result = r == Reduction.NONE ? Tensor.wrap(DType.FLOAT32, out, shape)
                : Tensor.wrap(DType.FLOAT32, new float[] {(float) (r == Reduction.SUM ? sum : sum / n)}, new int[0]);
        if (!graph) return result;
        LossNode.Gradients again = needs -> {
            float[] a = needs[0] ? new float[n] : null, b = needs[1] ? new float[n] : null;
            Parallel.parallelFor(0, n, GRAIN, (s, e) -> block.run(null, a, b, s, e - s));
            return new Object[] {a, b};
        };
        LossNode.Upstream up = LossNode.Upstream.pointwise(shape, r != Reduction.NONE);
        return LossNode.attach(result, name, new Object[] {gx, gy}, again, chain, new LossNode.Upstream[] {up, up}, input, target);
    }

    /** The float32 scale of a fused kernel's gradients: 1/N for mean (as PyTorch's MeanBackward0 divides in float32), else 1. */
    static float scale(Reduction r, int n) { return r == Reduction.MEAN ? (float) (1.0 / n) : 1f; }

    /** A loss's fused float32 kernel: elements [0, n) of x and y from their offsets into out / gx / gy from index o, upstream u. */
    @FunctionalInterface
    interface Kernel {
        double run(float[] x, int xo, float[] y, int yo, float[] out, float[] gx, float[] gy, int o, float u, int n);
    }

    /**
     * Runs a point-wise loss of (input, target) over their broadcast {@code shape} (checked by the caller): the fused
     * kernel for float32 operands of one shape, else the general path with the loss's double forms; both with the
     * chain-form backward {@code b} for what the fused gradients cannot give (a non-finite upstream gradient).
     */
    static Tensor run(String name, Reduction r, Tensor input, Tensor target, int[] shape, Kernel k, RegressionSupport.Forward f,
                      RegressionSupport.Backward b) {
        Tensor[] operands = {input, target};
        int n = Shape.numel(shape);
        if (fusable(input, target)) {
            Tensor x = RegressionSupport.contiguous(input), y = RegressionSupport.contiguous(target);
            float[] xa = (float[]) x.storage(), ya = (float[]) y.storage();
            int xo = x.storageOffset(), yo = y.storageOffset();
            float u = scale(r, n);
            return fused(name, r, input, target, (out, gx, gy, lo, len) -> k.run(xa, xo + lo, ya, yo + lo, out, gx, gy, lo, u, len),
                    RegressionSupport.chain(shape, r, n, operands, b));
        }
        return RegressionSupport.general(name, common(input, target), shape, r, n, operands, f, b);
    }
}
