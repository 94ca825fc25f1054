package org.losses4j.nn;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;
import org.losses4j.DType;
import org.losses4j.Shape;
import org.losses4j.Tensor;
import org.losses4j.autograd.GradMode;
import org.losses4j.Reduction;
import org.losses4j.autograd.Autograd;
import org.losses4j.autograd.LossNode;
import org.losses4j.internal.kernels.CrossEntropyKernel;
import org.losses4j.internal.kernels.SpareOutputs;
import org.losses4j.internal.tensor.Checks;
import org.losses4j.internal.tensor.LossReduction;
import org.losses4j.internal.kernels.NllKernel;

/**
 * The Tensor side of the classification losses (CrossEntropyLoss, NLLLoss, MultiMarginLoss, MultiLabelMarginLoss,
 * and FocalLoss, PolyLoss, CategoricalHingeLoss): PyTorch's checks in its order and words, the (N, C, S) geometry,
 * the class-index softmax pass with its node, and reading tensors into the arrays the kernels take (in place when
 * contiguous).
 */
final class ClassificationSupport {
    private ClassificationSupport() {}

    // ------------------------------------------------------------------ (N, C, S) geometry of NLLLoss / CrossEntropyLoss

    /**
     * The geometry of one call: (C) with a 0-d target is N = S = 1; (N, C) has S = 1; (N, C, d1..dk) has S = d1 * .. * dk
     * and the target (N, d1..dk).
     *
     * @param outShape shape of the 'none' output: [], [N] or [N, d1..dk]
     * @param spatial  PyTorch routes this input through nll_loss2d (3 or more dimensions)
     */
    record Layout(int n, int c, int s, int[] outShape, boolean spatial) {
        /** Number of (n, s) elements, i.e. losses before reduction. */
        int elements() { return n * s; }

        /**
         * The grad_fn PyTorch prints for nll_loss_nd on an input of {@code inputDim} dimensions: NllLossBackward0 for
         * (C) and (N, C), NllLoss2DBackward0 for the spatial path, except that 'none' on a 3-d or 5+-d input ends
         * with the view back to (N, d1..dK) (ViewBackward0).
         */
        String gradFnName(Reduction r, int inputDim) {
            if (!spatial) return "NllLossBackward0";
            return r == Reduction.NONE && inputDim != 4 ? "ViewBackward0" : "NllLoss2DBackward0";
        }

        /** PyTorch's name of the forward op, used in its messages. */
        String opName() { return spatial ? "nll_loss2d_forward" : "nll_loss_forward"; }

        /**
         * How a 'none' output's gradient maps onto a gradient over the input (one value per (n, s) element), or a
         * reduced one's.
         */
        LossNode.Upstream upstream(int[] inputShape, Reduction r) {
            if (r != Reduction.NONE) return LossNode.Upstream.scalar(inputShape);
            return s == 1 ? LossNode.Upstream.perRow(inputShape, n) : LossNode.Upstream.perPosition(inputShape, n, c);
        }
    }

    /**
     * All checks of {@code F.nll_loss} before any work: dimensions, batch sizes, spatial sizes, weight length, dtypes,
     * a weight that requires grad (not differentiable in PyTorch) and target ranges.
     */
    static Layout checkNll(Tensor input, Tensor target, Tensor weight, long ignoreIndex) {
        Checks.notNull(input, "input");
        Checks.notNull(target, "target");
        Layout l = nllShapes(input, target, weight);
        nllTypes(input, target, weight, l, l.spatial ? "nll_loss2d_forward_out_frame" : "nll_loss_out_frame");
        nllTargets(target, l, ignoreIndex);
        return l;
    }

    /** Shape checks of nll_loss_nd (dimensions, batch, spatial sizes, weight length); returns the layout. */
    static Layout nllShapes(Tensor input, Tensor target, Tensor weight) {
        int[] is = input.shape(), ts = target.shape();
        int dim = is.length;
        if (dim < 1) throw new IllegalArgumentException("Expected 1 or more dimensions (got " + dim + ")");
        if (dim != 1) {
            // PyTorch reads target.sizes()[0]; for a 0-d target it reports 0
            int tb = ts.length == 0 ? 0 : ts[0];
            if (is[0] != tb) {
                throw new IllegalArgumentException("Expected input batch_size (" + is[0] + ") to match target batch_size (" + tb + ").");
            }
        }
        if (dim <= 2) {
            if (ts.length > 1) throw new IllegalArgumentException("0D or 1D target tensor expected, multi-target not supported");
            boolean noBatch = dim == 1 && ts.length == 0;
            if (!noBatch && (ts.length == 0 || is[0] != ts[0])) {
                throw new IllegalArgumentException("size mismatch (got input: " + Shape.str(is) + ", target: " + Shape.str(ts) + ")");
            }
            int c = dim == 1 ? is[0] : is[1];
            if (weight != null && (weight.dim() != 1 || weight.numel() != c)) {
                throw new IllegalArgumentException("weight tensor should be defined either for all " + c
                        + " classes or no classes but got weight tensor of shape: " + Shape.str(weight.shape()));
            }
            // an unbatched input reads only the first target element (as PyTorch does for a 1-d target)
            return dim == 1 ? new Layout(1, c, 1, new int[0], false) : new Layout(is[0], c, 1, new int[] {is[0]}, false);
        }
        if (dim == 4) {
            if (ts.length != 3) {
                throw new IllegalArgumentException("only batches of spatial targets supported (3D tensors) but got targets of dimension: " + ts.length);
            }
            if (is[0] != ts[0] || is[2] != ts[1] || is[3] != ts[2]) {
                throw new IllegalArgumentException("size mismatch (got input: " + Shape.str(is) + " , target: " + Shape.str(ts));
            }
        } else {
            int[] out = spatialOut(is);
            int[] tRest = ts.length == 0 ? new int[0] : Arrays.copyOfRange(ts, 1, ts.length);
            if (!Arrays.equals(tRest, Arrays.copyOfRange(is, 2, dim))) {
                throw new IllegalArgumentException("Expected target size " + Shape.str(out) + ", got " + Shape.str(ts));
            }
        }
        if (weight != null && (weight.dim() != 1 || weight.numel() != is[1])) {
            throw new IllegalArgumentException("weight tensor should be defined either for all or no classes");
        }
        int s = 1;
        for (int i = 2; i < dim; i++) s *= is[i];
        return new Layout(is[0], is[1], s, spatialOut(is), true);
    }

    /** (N, d1..dk) of an (N, C, d1..dk) shape. */
    private static int[] spatialOut(int[] is) {
        int[] out = new int[is.length - 1];
        out[0] = is[0];
        System.arraycopy(is, 2, out, 1, is.length - 2);
        return out;
    }

    /** Dtype checks in PyTorch's order: the input kernel, the weight's type, the target's type, a weight with grad. */
    static void nllTypes(Tensor input, Tensor target, Tensor weight, Layout l, String kernelName) {
        if (!input.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("\"" + kernelName + "\" not implemented for '" + Checks.typeName(input.dtype()) + "'");
        }
        if (weight != null && weight.dtype() != input.dtype()) {
            throw new IllegalArgumentException("expected scalar type " + Checks.typeName(input.dtype()) + " but found " + Checks.typeName(weight.dtype()));
        }
        longTarget(target);
        if (weight != null && weight.requiresGrad() && GradMode.isEnabled()) notDifferentiable(l.opName(), "weight");
    }

    /** Every target that is not ignore_index must be in [0, C); reports the first one that is not. */
    static void nllTargets(Tensor target, Layout l, long ignoreIndex) {
        long[] t = longs(target);
        int to = longOffset(target);
        long c = l.c;
        for (int i = 0, n = l.elements(); i < n; i++) {
            long v = t[to + i];
            if (v != ignoreIndex && (v < 0 || v >= c)) throw new IndexOutOfBoundsException("Target " + v + " is out of bounds.");
        }
    }

    /** The class-index targets of a checked call: read in place from a contiguous int64 target, weights as double. */
    static NllKernel.Targets targets(Tensor target, Tensor weight, long ignoreIndex, Layout l) {
        return new NllKernel.Targets(longs(target), longOffset(target), weight == null ? null : weight.toDoubleArray(), ignoreIndex,
                l.n, l.c, l.s);
    }

    // ------------------------------------------------------------------ CrossEntropyLoss

    /**
     * What the cross-entropy check decided.
     *
     * @param probs  probability targets (same shape as the input)
     * @param layout the (N, C, S) geometry and the 'none' output shape
     * @param dtype  the output dtype (input's for class targets; promoted with target and weight for probabilities)
     */
    record CrossEntropyPlan(boolean probs, Layout layout, DType dtype) {}

    /** All checks of {@code F.cross_entropy} before any work, in PyTorch's order and wording. */
    static CrossEntropyPlan checkCrossEntropy(Tensor input, Tensor target, Tensor weight, long ignoreIndex, double labelSmoothing) {
        Checks.notNull(input, "input");
        Checks.notNull(target, "target");
        int[] is = input.shape();
        if (Arrays.equals(is, target.shape())) {
            if (!target.dtype().isFloatingPoint()) {
                throw new IllegalArgumentException("Expected floating point type for target with class probabilities, got "
                        + Checks.typeName(target.dtype()));
            }
            if (ignoreIndex >= 0) throw new IllegalArgumentException("ignore_index is not supported for floating point target");
            if (is.length == 0) throw new IndexOutOfBoundsException("Dimension specified as 1 but tensor has no dimensions");
            int c = is.length == 1 ? is[0] : is[1];
            if (weight != null && (weight.dim() != 1 || weight.numel() != c)) {
                throw new IllegalArgumentException("cross_entropy: weight tensor should be defined either for all " + c
                        + " classes or no classes but got weight tensor of shape: " + Shape.str(weight.shape()));
            }
            logSoftmaxType(input);
            if (labelSmoothing > 0 && labelSmoothing > 1) throw smoothingError(labelSmoothing);
            DType dt = DType.promote(input.dtype(), target.dtype());
            if (weight != null) dt = DType.promote(dt, weight.dtype());
            int n = is.length == 1 ? 1 : is[0], s = 1;
            for (int i = 2; i < is.length; i++) s *= is[i];
            int[] out = is.length > 1 ? spatialOut(is) : new int[0];
            return new CrossEntropyPlan(true, new Layout(n, c, s, out, is.length > 2), dt);
        }
        return new CrossEntropyPlan(false, checkClassIndices(input, target, weight, ignoreIndex, labelSmoothing), input.dtype());
    }

    /**
     * The checks of {@code F.cross_entropy} with class-index targets, in PyTorch's order and wording: label smoothing
     * in [0, 1], a class dimension, a floating input, then nll_loss's shapes, dtypes and target range. FocalLoss and
     * PolyLoss, which take class indices only, call it for every target (a floating target shaped like the input fails
     * nll_loss's target checks).
     */
    static Layout checkClassIndices(Tensor input, Tensor target, Tensor weight, long ignoreIndex, double labelSmoothing) {
        Checks.notNull(input, "input");
        Checks.notNull(target, "target");
        if (labelSmoothing > 0 && labelSmoothing > 1) throw smoothingError(labelSmoothing);
        if (input.dim() == 0) throw new IndexOutOfBoundsException("Dimension out of range (expected to be in range of [-1, 0], but got 1)");
        logSoftmaxType(input);
        Layout l = nllShapes(input, target, weight);
        nllTypes(input, target, weight, l, "nll_loss_out_frame");
        nllTargets(target, l, ignoreIndex);
        return l;
    }

    /**
     * The class-index pass of the softmax family on checked operands, with its node: float32 logits with finite
     * weights take the fused float kernel, which writes the local gradient while it computes the loss (handed to the
     * node); float64, and weights that are not finite, the double form, which computes the gradient with the loss too.
     * 'mean' divides by the total weight of the counted targets (their number without weights), nan when it is 0.
     *
     * @param e      label smoothing, 0 when not positive (the pass then skips the smoothing sum)
     * @param head   what the loss makes of each counted element ({@link CrossEntropyKernel.Head})
     * @param gradFn the grad_fn name of the output
     */
    static Tensor classIndexLoss(Tensor input, Tensor target, Tensor weight, long ignoreIndex, Reduction reduction, double e,
                                 CrossEntropyKernel.Head head, Layout l, String gradFn) {
        boolean grad = Autograd.needsGraph(input);
        NllKernel.Targets t = targets(target, weight, ignoreIndex, l);
        float[] wf = weight == null || input.dtype() != DType.FLOAT32 ? null : floatValues(weight);
        CrossEntropyKernel.ClassTargets p = new CrossEntropyKernel.ClassTargets(vals(input), t, wf, e, head);
        boolean fused = input.dtype() == DType.FLOAT32 && p.finiteWeights();
        double total = t.totalWeight();
        double gradScale = reduction == Reduction.MEAN ? 1 / total : 1;
        double[] losses = reduction == Reduction.NONE ? new double[l.elements()] : null;
        Object ready;
        double sum;
        if (fused) {
            float[] gx = grad ? SpareOutputs.take(input.numel()) : null;
            sum = CrossEntropyKernel.fusedClass(p, gx, gradScale, losses, SpareOutputs.replacing(gx));
            ready = gx;
        } else {
            double[] gx = grad ? new double[input.numel()] : null;
            sum = CrossEntropyKernel.forwardClass(p, gradScale, losses, gx);
            ready = inDtype(gx, input.dtype());
        }
        Tensor out = reduction == Reduction.NONE ? LossReduction.fromDoubles(input.dtype(), losses, l.outShape())
                : LossReduction.fromDoubles(input.dtype(), new double[] {reduction == Reduction.SUM ? sum : sum / total}, new int[0]);
        if (!grad) return out;
        final DType dt = input.dtype();
        final int numel = input.numel();
        // a later backward (retain_graph) computes the gradient again from the inputs, which the caller must not change
        return LossNode.attach(out, gradFn, new Object[] {ready}, needs -> {
            if (fused) {
                float[] d = new float[numel];
                CrossEntropyKernel.fusedClass(p, d, gradScale, null, null);
                return new Object[] {d};
            }
            double[] d = new double[numel];
            CrossEntropyKernel.forwardClass(p, gradScale, null, d);
            return new Object[] {inDtype(d, dt)};
        }, l.upstream(input.shape(), reduction), input);
    }

    private static void logSoftmaxType(Tensor input) {
        if (!input.dtype().isFloatingPoint()) {
            String k = input.dim() <= 2 ? "log_softmax_lastdim_kernel_impl" : "softmax_kernel_impl";
            throw new IllegalArgumentException("\"" + k + "\" not implemented for '" + Checks.typeName(input.dtype()) + "'");
        }
    }

    private static IllegalArgumentException smoothingError(double e) {
        return new IllegalArgumentException("label_smoothing must be between 0.0 and 1.0. Got: " + cppDouble(e));
    }

    /** C++ ostream's default rendering of a double (6 significant digits, no trailing zeros), as PyTorch prints it. */
    static String cppDouble(double v) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (v == 0) return "0";
        BigDecimal b = new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros();
        int exp = b.precision() - b.scale() - 1;
        if (exp < -5 || exp >= 6) {
            String digits = b.unscaledValue().abs().toString();
            String mant = digits.length() > 1 ? digits.charAt(0) + "." + digits.substring(1) : digits;
            return (v < 0 ? "-" : "") + mant + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
        }
        return b.toPlainString();
    }

    // ------------------------------------------------------------------ MultiMarginLoss / MultiLabelMarginLoss

    /** Rows (nframe) and classes (dim) of a checked margin-loss input, and whether the output keeps the batch dimension. */
    record Rows(int nframe, int dim, boolean batchedOutput) {
        /** The per-row output shape for reduction none. */
        int[] noneShape() { return batchedOutput ? new int[] {nframe} : new int[0]; }

        /** How the output's gradient maps onto the input's: per row for 'none', a scalar otherwise. */
        LossNode.Upstream upstream(int[] inputShape, Reduction r) {
            return r == Reduction.NONE ? LossNode.Upstream.perRow(inputShape, nframe) : LossNode.Upstream.scalar(inputShape);
        }

        /** The gradient's scale: 1 / N for 'mean', 1 otherwise. */
        double gradScale(Reduction r) { return r == Reduction.MEAN ? 1.0 / nframe : 1.0; }
    }

    private static Rows inputRows(Tensor input) {
        int nd = input.dim();
        boolean valid = (nd == 2 && input.size(1) != 0) || (nd == 1 && input.size(0) != 0) || nd == 0;
        if (!valid) {
            throw new IllegalArgumentException("Expected non-empty vector or matrix with optional 0-dim batch size, but got: " + Shape.str(input.shape()));
        }
        int nframe = nd <= 1 ? 1 : input.size(0);
        int dim = nd == 0 ? 1 : nd == 1 ? input.size(0) : input.size(1);
        return new Rows(nframe, dim, false);
    }

    /**
     * MultiMarginLoss checks (PyTorch 2.x wording): p in {1, 2}, a weight without grad, input (C) / (N, C) / 0-d, int64
     * target with one entry per row, weight 1-D of length C and the input's dtype, every target in [0, C).
     */
    static Rows checkMultiMargin(Tensor input, Tensor target, int p, Tensor weight) {
        if (weight != null && weight.requiresGrad()) notDifferentiable("multi_margin_loss", "weight");
        checkP(p);
        Checks.floating(input, "input", "multi_margin_loss_cpu_kernel");
        longTarget(target);
        Rows g = inputRows(input);
        if (target.dim() > 1 || target.numel() != g.nframe()) {
            throw new IllegalArgumentException("inconsistent target size, expected " + g.nframe() + " but got " + Shape.str(target.shape()));
        }
        if (weight != null) {
            checkOneDimensional(weight);
            if (weight.numel() != g.dim()) {
                throw new IllegalArgumentException("inconsistent weight size, expected " + g.dim() + " but got " + Shape.str(weight.shape()));
            }
            if (weight.dtype() != input.dtype()) {
                throw new IllegalArgumentException("expected scalar type " + Checks.typeName(input.dtype()) + " but found " + Checks.typeName(weight.dtype()));
            }
        }
        long[] t = longs(target);
        for (int i = longOffset(target), e = i + target.numel(); i < e; i++) {
            if (t[i] < 0 || t[i] >= g.dim()) throw new IndexOutOfBoundsException("target out of range");
        }
        return new Rows(g.nframe(), g.dim(), target.dim() > 0);
    }

    /** MultiMarginLoss's p: 1 or 2. */
    static void checkP(double p) {
        if (p != 1 && p != 2) throw new IllegalArgumentException("only p == 1 and p == 2 supported");
    }

    /** MultiMarginLoss's weight: one-dimensional. */
    static void checkOneDimensional(Tensor weight) {
        if (weight != null && weight.dim() != 1) throw new IllegalArgumentException("weight must be one-dimensional");
    }

    /**
     * MultiLabelMarginLoss checks (PyTorch 2.x wording): input (C) / (N, C) / 0-d, int64 target of the input's
     * shape (any 1-D or 0-d target with C elements for unbatched input), every target value in [-1, C).
     */
    static Rows checkMultiLabelMargin(Tensor input, Tensor target) {
        Checks.floating(input, "input", "multilabel_margin_loss_forward_out_frame");
        longTarget(target);
        Rows g = inputRows(input);
        boolean ok = input.dim() <= 1 ? target.dim() <= 1 && target.numel() == g.dim()
                : target.dim() == 2 && target.size(0) == g.nframe() && target.size(1) == g.dim();
        if (!ok) {
            throw new IllegalArgumentException("inconsistent target size: " + Shape.str(target.shape()) + " for input of size: " + Shape.str(input.shape()));
        }
        long[] t = longs(target);
        for (int i = longOffset(target), e = i + target.numel(); i < e; i++) {
            if (t[i] < -1 || t[i] >= g.dim()) throw new IndexOutOfBoundsException("argument #2 'target' is out of range");
        }
        return new Rows(g.nframe(), g.dim(), target.dim() == 2);
    }

    // ------------------------------------------------------------------ shared

    /** PyTorch's words for a class-index target that is not int64, then how to make one in Java. */
    private static void longTarget(Tensor target) {
        Checks.notNull(target, "target");
        if (target.dtype() != DType.INT64) {
            throw new IllegalArgumentException("expected scalar type Long but found " + Checks.typeName(target.dtype()) + LONG_TARGET_HINT);
        }
    }

    /** The Java hint after PyTorch's "expected scalar type Long but found ..." for a class-index target. */
    static final String LONG_TARGET_HINT = " (class indices are an int64 tensor: build one with Tensor.of(long...) or Tensor.of(int[]),"
            + " or convert with target.to(DType.INT64))";

    private static void notDifferentiable(String op, String arg) {
        throw new IllegalArgumentException("The function '" + op + "' is not differentiable with respect to argument '" + arg + "'."
                + " This input cannot have requires_grad True.");
    }

    /** An int64 tensor's values in C order: its storage when contiguous (read in place from {@link #longOffset}), else a copy. */
    static long[] longs(Tensor t) {
        return t.dtype() == DType.INT64 && t.isContiguous() ? (long[]) t.storage() : t.toLongArray();
    }

    /** Where {@link #longs} values start. */
    static int longOffset(Tensor t) {
        return t.dtype() == DType.INT64 && t.isContiguous() ? t.storageOffset() : 0;
    }

    /** A floating tensor's values for the double forms: its storage when contiguous (read in place), else a copy. */
    static NllKernel.Vals vals(Tensor t) {
        if (!t.isContiguous()) t = t.contiguousCopy();
        Object st = t.storage();
        if (st instanceof float[]) return new NllKernel.Vals((float[]) st, null, t.storageOffset());
        if (st instanceof double[]) return new NllKernel.Vals(null, (double[]) st, t.storageOffset());
        return new NllKernel.Vals(null, t.toDoubleArray(), 0);
    }

    /** A contiguous float32 tensor's storage, from {@code t.storageOffset()} (read in place). */
    static float[] floats(Tensor t) { return (float[]) t.storage(); }

    /** A contiguous float64 tensor's storage, from {@code t.storageOffset()} (read in place). */
    static double[] doubles(Tensor t) { return (double[]) t.storage(); }

    /** t's values as a float32 array of exactly t.numel() elements (its storage when it is one, else a copy). */
    static float[] floatValues(Tensor t) {
        if (t.isContiguous() && t.storageOffset() == 0 && t.storage() instanceof float[] && ((float[]) t.storage()).length == t.numel()) {
            return (float[]) t.storage();
        }
        return t.toFloatArray();
    }

    /** A local gradient in the dtype of the tensor it belongs to: float[] for float32 (rounded once), else double[]. */
    static Object inDtype(double[] g, DType dtype) {
        if (g == null || dtype != DType.FLOAT32) return g;
        float[] f = new float[g.length];
        for (int i = 0; i < g.length; i++) f[i] = (float) g[i];
        return f;
    }
}
