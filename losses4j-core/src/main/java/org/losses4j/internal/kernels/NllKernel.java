package org.losses4j.internal.kernels;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;
import org.losses4j.DType;
import org.losses4j.Shape;
import org.losses4j.Tensor;
import org.losses4j.autograd.GradMode;
import org.losses4j.Reduction;
import org.losses4j.internal.parallel.Parallel;

/**
 * NLLLoss (negative log likelihood over class indices): l_i = -w[y_i] x[i, y_i], with l_i = 0 and no weight when
 * y_i == ignore_index; 'mean' divides the sum by the total weight sum_i w[y_i] of the non-ignored targets (nan when
 * it is 0), 'sum' sums, 'none' keeps the per-element values.
 *
 * <p>Every input layout is seen as (N, C, S): (C) with a 0-d target is N = S = 1; (N, C) has S = 1; (N, C, d1..dk)
 * has S = d1 * .. * dk and the target (N, d1..dk). Element (n, c, s) sits at {@code (n * C + c) * S + s}, target
 * element (n, s) at {@code n * S + s}. The checks follow PyTorch's {@code nll_loss_nd} / {@code nll_loss} /
 * {@code nll_loss2d} in order and wording. Also holds small helpers that {@link CrossEntropyKernel} shares.
 */
public final class NllKernel {
    private NllKernel() {}

    /** Elements (n, s) per parallel block of the gather and the scatter: each is about one cache miss. */
    private static final int ELEMENT_GRAIN = 1024;

    /**
     * The geometry of one call.
     *
     * @param n        batch size (1 for an unbatched input)
     * @param c        number of classes
     * @param s        positions per sample (product of the extra dimensions, 1 for (N, C) and (C))
     * @param outShape shape of the 'none' output: [], [N] or [N, d1..dk]
     * @param spatial  PyTorch routes this input through nll_loss2d (3 or more dimensions)
     */
    public record Layout(int n, int c, int s, int[] outShape, boolean spatial) {
        /** Number of (n, s) elements, i.e. losses before reduction. */
        public int elements() { return n * s; }

        /**
         * The grad_fn PyTorch prints for nll_loss_nd on an input of {@code inputDim} dimensions: NllLossBackward0 for
         * (C) and (N, C), NllLoss2DBackward0 for the spatial path, except that 'none' on a 3-d or 5+-d input ends
         * with the view back to (N, d1..dK) (ViewBackward0).
         */
        public String gradFnName(Reduction r, int inputDim) {
            if (!spatial) return "NllLossBackward0";
            return r == Reduction.NONE && inputDim != 4 ? "ViewBackward0" : "NllLoss2DBackward0";
        }

        /** PyTorch's name of the forward op, used in its messages. */
        public String opName() { return spatial ? "nll_loss2d_forward" : "nll_loss_forward"; }
    }

    /** The forward result: per-element losses (0 for ignored elements) and the total weight of the counted ones. */
    public record Result(double[] losses, double totalWeight) {}

    /**
     * All checks of {@code F.nll_loss} before any work: dimensions, batch sizes, spatial sizes, weight length, dtypes,
     * a weight that requires grad (not differentiable in PyTorch) and target ranges.
     */
    public static Layout check(Tensor input, Tensor target, Tensor weight, long ignoreIndex) {
        Checks.notNull(input, "input");
        Checks.notNull(target, "target");
        Layout l = checkShapes(input, target, weight);
        checkTypes(input, target, weight, l, l.spatial ? "nll_loss2d_forward_out_frame" : "nll_loss_out_frame");
        checkTargets(target, l, ignoreIndex);
        return l;
    }

    /** Shape checks of nll_loss_nd (dimensions, batch, spatial sizes, weight length); returns the layout. */
    static Layout checkShapes(Tensor input, Tensor target, Tensor weight) {
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
            int[] out = new int[dim - 1];
            out[0] = is[0];
            System.arraycopy(is, 2, out, 1, dim - 2);
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
        int[] out = new int[dim - 1];
        out[0] = is[0];
        System.arraycopy(is, 2, out, 1, dim - 2);
        return new Layout(is[0], is[1], s, out, true);
    }

    /** Dtype checks in PyTorch's order: the input kernel, the weight's type, the target's type, a weight with grad. */
    static void checkTypes(Tensor input, Tensor target, Tensor weight, Layout l, String kernelName) {
        if (!input.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("\"" + kernelName + "\" not implemented for '" + Checks.typeName(input.dtype()) + "'");
        }
        if (weight != null && weight.dtype() != input.dtype()) {
            throw new IllegalArgumentException("expected scalar type " + Checks.typeName(input.dtype()) + " but found " + Checks.typeName(weight.dtype()));
        }
        if (target.dtype() != DType.INT64) {
            throw new IllegalArgumentException("expected scalar type Long but found " + Checks.typeName(target.dtype()));
        }
        if (weight != null && weight.requiresGrad() && GradMode.isEnabled()) {
            throw new IllegalArgumentException("The function '" + l.opName() + "' is not differentiable with respect to argument 'weight'."
                    + " This input cannot have requires_grad True.");
        }
    }

    /** Every target that is not ignore_index must be in [0, C); reports the first one that is not. */
    static void checkTargets(Tensor target, Layout l, long ignoreIndex) {
        Idx t = Idx.of(target, l);
        long c = l.c;
        for (int i = 0, n = l.elements(); i < n; i++) {
            long v = t.at(i);
            if (v != ignoreIndex && (v < 0 || v >= c)) throw new IndexOutOfBoundsException("Target " + v + " is out of bounds.");
        }
    }

    /**
     * The class index per element (n, s), read in place from a contiguous int64 target (no copy): element i is
     * {@code a[off + i]}; an unbatched input reads only the first element.
     */
    public record Idx(long[] a, int off) {
        /** A view of target's first l.elements() values in C order (copied only when the target is strided). */
        public static Idx of(Tensor target, Layout l) {
            if (target.isContiguous() && target.storage() instanceof long[] && target.numel() >= l.elements()) {
                return new Idx((long[]) target.storage(), target.storageOffset());
            }
            return new Idx(targets(target, l), 0);
        }

        /** The class index of element i. */
        public long at(int i) { return a[off + i]; }
    }

    /** The class index per element (n, s): the target in C order, or its first element for an unbatched input. */
    static long[] targets(Tensor target, Layout l) {
        long[] t = target.toLongArray();
        return t.length == l.elements() ? t : Arrays.copyOf(t, l.elements());
    }

    /** Forward over log-probabilities: per-element losses and the total weight (PyTorch's total_weight). */
    public static Result forward(Tensor input, Tensor target, Tensor weight, long ignoreIndex, Layout l) {
        Vals x = Vals.of(input);
        Idx t = Idx.of(target, l);
        double[] w = weight == null ? null : weight.toDoubleArray();
        int c = l.c, s = l.s;
        double[] loss = new double[l.elements()];
        // the gather x[n, y_n, s] is a cache miss per element on a large input: blocks of elements run in parallel
        Parallel.parallelFor(0, l.elements(), ELEMENT_GRAIN, (lo, hi) -> {
            for (int e = lo; e < hi; e++) {
                long y = t.at(e);
                if (y == ignoreIndex) continue;
                double wy = w == null ? 1 : w[(int) y];
                int b = e / s, p = e - b * s;
                loss[e] = -wy * x.at((b * c + (int) y) * s + p);
            }
        });
        double total = 0; // in element order, whatever the thread count
        for (int e = 0, n = l.elements(); e < n; e++) {
            long y = t.at(e);
            if (y != ignoreIndex) total += w == null ? 1 : w[(int) y];
        }
        return new Result(loss, total);
    }

    /**
     * Writes (or, with {@code add}, adds) the non-zero entries of the gradient into {@code f} (float32) or {@code d}
     * (float64) from {@code off}: -w[y] u / total_weight ('mean'), -w[y] u ('sum') or -w[y] u_e ('none',
     * {@code perElement} non-null). Adding is PyTorch's {@code grad += g} restricted to the entries where g is not 0.
     */
    static void scatter(float[] f, double[] d, int off, boolean add, Tensor target, Tensor weight, long ignoreIndex, Layout l,
                        Reduction red, double totalWeight, double u, double[] perElement) {
        Idx t = Idx.of(target, l);
        double[] w = weight == null ? null : weight.toDoubleArray();
        int c = l.c, s = l.s;
        // PyTorch forms -(grad_output / total_weight) once and multiplies it by the weight (0 * inf stays nan)
        double scalar = red == Reduction.NONE ? 0 : -(red == Reduction.SUM ? u : u / totalWeight);
        // every element writes its own entry: blocks of elements run in parallel
        Parallel.parallelFor(0, l.elements(), ELEMENT_GRAIN, (lo, hi) -> {
            for (int e = lo; e < hi; e++) {
                long y = t.at(e);
                if (y == ignoreIndex) continue;
                double ge = perElement == null ? scalar : -perElement[e];
                double v = w == null ? ge : w[(int) y] * ge;
                int b = e / s, p = e - b * s;
                int idx = off + (b * c + (int) y) * s + p;
                if (f != null) f[idx] = add ? f[idx] + (float) v : (float) v;
                else d[idx] = add ? d[idx] + v : v;
            }
        });
    }

    /** The output tensor of a forward result (mean divides by the total weight). */
    public static Tensor output(DType dtype, Result r, Layout l, Reduction red) {
        return LossReduction.output(dtype, r.losses, l.outShape, red, r.totalWeight);
    }

    // dL/dx[n, y, s] = -w[y] g_(n,s)   (g = upstream; / total_weight for 'mean'), 0 elsewhere and for ignored targets
    /** Backward: the gradient with respect to the input (a fresh tensor of the input's shape and dtype). */
    public static Tensor backward(DType dtype, int[] inShape, Tensor target, Tensor weight, long ignoreIndex, Layout l, Reduction red,
                                  double totalWeight, Tensor gradOutput) {
        int numel = l.n * l.c * l.s;
        float[] f = dtype == DType.FLOAT32 ? new float[numel] : null;
        double[] d = f == null ? new double[numel] : null;
        scatterUpstream(f, d, 0, false, target, weight, ignoreIndex, l, red, totalWeight, gradOutput);
        return f != null ? Tensor.wrap(dtype, f, inShape) : LossReduction.fromDoubles(dtype, d, inShape);
    }

    /**
     * Backward into an existing gradient: adds the gradient to {@code grad} in place (a contiguous float32 or float64
     * tensor of the input's shape), touching only the N x S entries where it is not 0.
     */
    public static void backwardInto(Tensor grad, Tensor target, Tensor weight, long ignoreIndex, Layout l, Reduction red,
                                    double totalWeight, Tensor gradOutput) {
        Object st = grad.storage();
        scatterUpstream(st instanceof float[] ? (float[]) st : null, st instanceof double[] ? (double[]) st : null, grad.storageOffset(),
                true, target, weight, ignoreIndex, l, red, totalWeight, gradOutput);
    }

    private static void scatterUpstream(float[] f, double[] d, int off, boolean add, Tensor target, Tensor weight, long ignoreIndex,
                                        Layout l, Reduction red, double totalWeight, Tensor gradOutput) {
        boolean none = red == Reduction.NONE;
        scatter(f, d, off, add, target, weight, ignoreIndex, l, red, totalWeight, none ? 0 : gradOutput.item(),
                none ? gradOutput.toDoubleArray() : null);
    }

    /**
     * Primitive read access to a floating tensor without copying a contiguous one: float32 and float64 share one
     * algorithm through {@link #at(int)} (a strided tensor is made contiguous once).
     */
    public static final class Vals {
        private final float[] f;
        private final double[] d;
        private final int off;

        private Vals(float[] f, double[] d, int off) {
            this.f = f;
            this.d = d;
            this.off = off;
        }

        /** A reader over t in C order. */
        public static Vals of(Tensor t) {
            if (!t.isContiguous()) t = t.contiguousCopy();
            Object st = t.storage();
            if (st instanceof float[]) return new Vals((float[]) st, null, t.storageOffset());
            if (st instanceof double[]) return new Vals(null, (double[]) st, t.storageOffset());
            return new Vals(null, t.toDoubleArray(), 0);
        }

        /** Element i in C order, as double. */
        public double at(int i) { return f != null ? f[off + i] : d[off + i]; }
    }

    /** C++ ostream's default rendering of a double (6 significant digits, no trailing zeros), as PyTorch prints it. */
    public static String cppDouble(double v) {
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
}
