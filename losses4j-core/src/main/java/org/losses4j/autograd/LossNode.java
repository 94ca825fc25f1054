package org.losses4j.autograd;

import java.util.Arrays;
import org.losses4j.DType;
import org.losses4j.Shape;
import org.losses4j.Tensor;
import org.losses4j.internal.parallel.Parallel;
import org.losses4j.internal.simd.PointwiseKernels;
import org.losses4j.internal.simd.VectorizationProvider;

/**
 * The one autograd node of a loss: {@code loss = f(inputs)} recorded as a single {@code grad_fn} with a
 * hand-written gradient.
 *
 * <p>The contract: the loss computes, for every input that needs one, its <em>local gradient</em> d out / d input
 * for an upstream gradient of 1 (already scaled for the reduction: 1/N for 'mean', 1/total weight for a weighted
 * mean, ...), as a dense {@code float[]} (float32) or {@code double[]} (float64) laid out over {@link Upstream#shape}
 * of that input (its own shape, or the broadcast shape that backward sums down to the input's shape).
 * <ul>
 *   <li>A fused loss computes them in its forward pass and passes them here; the first backward <b>hands them
 *       over</b> (no copy) and forgets them.</li>
 *   <li>A later backward (under {@code retainGraph}), or a loss that gives none from the forward, calls
 *       {@link Gradients#compute} to compute them (again) from what the loss saved.</li>
 *   <li>The upstream gradient is then applied in place, as {@link Upstream} says: times {@code grad_output.item()}
 *       for a reduced loss, times {@code grad_output} element by element, per row, or per (sample, position) for
 *       'none'. A factor of exactly 1 is skipped (multiplying by 1 changes no bit).</li>
 * </ul>
 * Every loop runs in fixed blocks ({@link Parallel}), so gradients are the same bits at any thread count.
 *
 * <p>A loss that PyTorch composes from ops, whose gradient is a sum of terms each multiplied by the upstream gradient
 * ({@code u exp(x) - u y}, not {@code u (exp(x) - y)}), may also give {@link ChainGradients}: they compute the gradients
 * with the upstream gradient applied inside the formula, as PyTorch's chain of op backwards does, so that a non-finite
 * upstream gives NaN where PyTorch's does ({@code inf * 1 - inf * 0}). They serve every backward when the loss gives no
 * {@link Gradients}, else only those whose upstream gradient holds a NaN or an infinity.
 *
 * <p>A loss defines a node of its own only where this cannot serve, and says why beside it.
 */
public final class LossNode extends Node {

    /** Computes the local gradients from the saved state: one array per input (null where not needed). */
    @FunctionalInterface
    public interface Gradients {
        /**
         * @param needs which inputs need a gradient
         * @return float[] or double[] per input, over that input's {@link Upstream#shape}, for an upstream of 1
         */
        Object[] compute(boolean[] needs);
    }

    /** Computes the gradients for the actual upstream gradient, applied inside the loss's formula (nothing is applied after). */
    @FunctionalInterface
    public interface ChainGradients {
        /**
         * @param needs      which inputs need a gradient
         * @param gradOutput the gradient of the loss output
         * @return float[] or double[] per input, over that input's {@link Upstream#shape}, the upstream already applied
         */
        Object[] compute(boolean[] needs, Tensor gradOutput);
    }

    /**
     * How the loss output's gradient maps onto a local gradient: the local gradient is viewed as (a, b, c)
     * (row-major, contiguous) and the upstream gradient is read at {@code i * sa + j * sb + k * sc}, a stride of 0
     * broadcasting it along that axis.
     *
     * <p>{@code fixed} (null: none) marks rows of the (a, b) view, row {@code i * b + j}, that the upstream gradient
     * does not reach: where PyTorch's chain passes the upstream through a {@code where()} or zeroes a row after it
     * (an inactive hinge, CTC's frames beyond an input length), its gradient there is the local one whatever the
     * upstream holds, also NaN or infinite; such rows are left as the loss computed them.
     *
     * @param shape the shape the local gradient is laid out in (summed down to the input's shape when different)
     */
    public record Upstream(int[] shape, int a, int b, int c, int sa, int sb, int sc, boolean[] fixed) {

        /**
         * No fixed rows.
         *
         * @param shape the shape the local gradient is laid out in
         * @param a the outer extent of the (a, b, c) view
         * @param b the middle extent
         * @param c the inner extent
         * @param sa the upstream gradient's stride along a (0 broadcasts)
         * @param sb its stride along b
         * @param sc its stride along c
         */
        public Upstream(int[] shape, int a, int b, int c, int sa, int sb, int sc) { this(shape, a, b, c, sa, sb, sc, null); }

        /**
         * This mapping with the rows marked in {@code fixed} (a * b of them, or null) left out of the upstream
         * product.
         *
         * @param fixed a * b flags, true for a row the upstream gradient does not reach; or null for none
         * @return a new mapping with those rows
         * @throws IllegalArgumentException when {@code fixed} does not have a * b entries
         */
        public Upstream fixing(boolean[] fixed) {
            if (fixed != null && fixed.length != a * b) throw new IllegalArgumentException("fixed has " + fixed.length + " rows, expected " + a * b);
            return new Upstream(shape, a, b, c, sa, sb, sc, fixed);
        }

        /**
         * A reduced (scalar) loss: every element times {@code grad_output.item()}.
         *
         * @param shape the local gradient's shape
         * @return the mapping
         */
        public static Upstream scalar(int[] shape) { return new Upstream(shape, 1, 1, Shape.numel(shape), 0, 0, 0); }

        /**
         * A 'none' loss of the gradient's own shape: element-wise product.
         *
         * @param shape the local gradient's shape, which is the loss output's
         * @return the mapping
         */
        public static Upstream elementwise(int[] shape) { return new Upstream(shape, 1, 1, Shape.numel(shape), 0, 0, 1); }

        /**
         * A 'none' loss with one value per row of {@code inner} contiguous elements (rows x inner = numel).
         *
         * @param shape the local gradient's shape
         * @param rows the number of rows, the loss output's numel
         * @return the mapping
         */
        public static Upstream perRow(int[] shape, int rows) {
            int n = Shape.numel(shape);
            return new Upstream(shape, 1, rows, rows == 0 ? 0 : n / rows, 0, 1, 0);
        }

        /**
         * A 'none' loss over (N, C, positions...) with one value per (sample, position): upstream (N, positions...),
         * broadcast over the class dimension C.
         *
         * @param shape the local gradient's shape (N, C, positions...)
         * @param n the batch size N
         * @param classes the number of classes C
         * @return the mapping
         */
        public static Upstream perPosition(int[] shape, int n, int classes) {
            int numel = Shape.numel(shape);
            int p = n == 0 || classes == 0 ? 0 : numel / (n * classes);
            return new Upstream(shape, n, classes, p, p, 0, 1);
        }

        /**
         * {@code reduced ? scalar(shape) : elementwise(shape)}: the point-wise losses.
         *
         * @param shape the local gradient's shape
         * @param reduced true for a 'mean' or 'sum' loss, false for 'none'
         * @return the mapping
         */
        public static Upstream pointwise(int[] shape, boolean reduced) { return reduced ? scalar(shape) : elementwise(shape); }

        boolean isScalar() { return sa == 0 && sb == 0 && sc == 0 && fixed == null; }

        boolean isElementwise() { return a == 1 && b == 1 && sc == 1 && fixed == null; }
    }

    /** Elements per parallel block when applying the upstream gradient. */
    static final int GRAIN = 1 << 15;

    private Object[] ready;
    private Gradients gradients;
    private ChainGradients chain;
    private final Upstream[] upstream;

    private LossNode(String name, Object[] ready, Gradients gradients, ChainGradients chain, Upstream[] upstream, Tensor... inputs) {
        super(name, inputs);
        if (upstream.length != inputs.length) throw new IllegalArgumentException("one Upstream per input");
        this.ready = ready;
        this.gradients = gradients;
        this.chain = chain;
        this.upstream = upstream.clone();
    }

    /**
     * Attaches the loss's node to {@code out} when grad mode is on and some input requires grad, and returns out.
     *
     * @param out the loss output, just created
     * @param name PyTorch's name of the backward, e.g. {@code MseLossBackward0}
     * @param ready the local gradients computed by the forward pass (handed over by the first backward), or null
     * @param gradients computes them when {@code ready} was null or already handed over
     * @param upstream per input (null entries for inputs that never get a gradient)
     * @param inputs the loss's tensor inputs, in order (null for absent optional ones)
     * @return {@code out}, now with its {@code grad_fn} when one is needed
     * @throws IllegalArgumentException when there is not one {@link Upstream} per input
     */
    public static Tensor attach(Tensor out, String name, Object[] ready, Gradients gradients, Upstream[] upstream, Tensor... inputs) {
        if (Autograd.needsGraph(inputs)) out.attachGradFn(new LossNode(name, ready, gradients, null, upstream, inputs));
        return out;
    }

    /**
     * {@link #attach(Tensor, String, Object[], Gradients, Upstream[], Tensor...)} with {@link ChainGradients} for a
     * backward whose upstream gradient is not all finite ({@code gradients} may then be null: the chain serves every
     * backward).
     *
     * @param out the loss output, just created
     * @param name PyTorch's name of the backward
     * @param ready the local gradients computed by the forward pass, or null
     * @param gradients computes them when {@code ready} was null or already handed over; may be null
     * @param chain computes the gradients with the upstream gradient applied inside the formula
     * @param upstream per input (null entries for inputs that never get a gradient)
     * @param inputs the loss's tensor inputs, in order
     * @return {@code out}, now with its {@code grad_fn} when one is needed
     * @throws IllegalArgumentException when there is not one {@link Upstream} per input
     */
    public static Tensor attach(Tensor out, String name, Object[] ready, Gradients gradients, ChainGradients chain, Upstream[] upstream,
                                Tensor... inputs) {
        if (Autograd.needsGraph(inputs)) out.attachGradFn(new LossNode(name, ready, gradients, chain, upstream, inputs));
        return out;
    }

    /**
     * {@link #attach(Tensor, String, Object[], Gradients, Upstream[], Tensor...)} with the same {@link Upstream} for
     * every input.
     *
     * @param out the loss output, just created
     * @param name PyTorch's name of the backward
     * @param ready the local gradients computed by the forward pass, or null
     * @param gradients computes them when {@code ready} was null or already handed over
     * @param upstream the mapping of every input
     * @param inputs the loss's tensor inputs, in order
     * @return {@code out}, now with its {@code grad_fn} when one is needed
     */
    public static Tensor attach(Tensor out, String name, Object[] ready, Gradients gradients, Upstream upstream, Tensor... inputs) {
        Upstream[] u = new Upstream[inputs.length];
        Arrays.fill(u, upstream);
        return attach(out, name, ready, gradients, u, inputs);
    }

    @Override
    protected Tensor[] backward(Tensor gradOutput) {
        boolean[] needs = new boolean[numInputs()];
        for (int i = 0; i < needs.length; i++) needs[i] = needsInputGrad(i);
        boolean chained = chain != null && (gradients == null || !allFinite(gradOutput));
        Object[] g = ready;
        ready = null; // handed over once: a second backward computes them again
        if (chained) g = chain.compute(needs, gradOutput);
        else if (g == null) g = gradients.compute(needs);
        Tensor[] res = new Tensor[numInputs()];
        for (int i = 0; i < res.length; i++) {
            if (!needs[i] || g[i] == null) continue;
            Upstream u = upstream[i];
            Object a = g[i];
            if (!chained) apply(a, u, gradOutput);
            DType dt = a instanceof float[] ? DType.FLOAT32 : DType.FLOAT64;
            Tensor t = Tensor.wrap(dt, a, u.shape());
            int[] own = input(i).shape();
            if (!Arrays.equals(u.shape(), own)) t = Autograd.sumToShape(t, own);
            res[i] = t;
        }
        return res;
    }

    private static boolean allFinite(Tensor t) {
        if (t.numel() == 1) return Double.isFinite(t.item());
        for (double v : t.toDoubleArray()) if (!Double.isFinite(v)) return false;
        return true;
    }

    /** The kernels in use (Vector API when available) for the float32 products. */
    private static final PointwiseKernels K = VectorizationProvider.get().kernels(PointwiseKernels.class);

    /** Multiplies the local gradient {@code g} in place by the upstream gradient as {@code u} maps it. */
    static void apply(Object g, Upstream u, Tensor gradOutput) {
        if (g instanceof float[]) {
            float[] f = (float[]) g;
            if (u.isScalar()) {
                float s = (float) gradOutput.item();
                if (s != 1f) Parallel.parallelFor(0, f.length, GRAIN, (lo, hi) -> K.scale(f, lo, s, hi - lo));
                return;
            }
            Tensor up = gradOutput.dtype() == DType.FLOAT32 && gradOutput.isContiguous() ? gradOutput : gradOutput.to(DType.FLOAT32).contiguousCopy();
            float[] ua = (float[]) up.storage();
            int uo = up.storageOffset();
            if (u.isElementwise()) {
                Parallel.parallelFor(0, f.length, GRAIN, (lo, hi) -> K.multiply(f, lo, ua, uo + lo, hi - lo));
                return;
            }
            forRows(u, (base, ub) -> {
                if (u.sc() == 0) {
                    float s = ua[uo + ub];
                    if (s != 1f) K.scale(f, base, s, u.c());
                } else if (u.sc() == 1) {
                    K.multiply(f, base, ua, uo + ub, u.c());
                } else {
                    for (int k = 0; k < u.c(); k++) f[base + k] *= ua[uo + ub + k * u.sc()];
                }
            });
        } else {
            double[] d = (double[]) g;
            if (u.isScalar()) {
                double s = gradOutput.item();
                if (s != 1.0) Parallel.parallelFor(0, d.length, GRAIN, (lo, hi) -> { for (int k = lo; k < hi; k++) d[k] *= s; });
                return;
            }
            double[] ua = gradOutput.toDoubleArray(); // contiguous, row-major
            if (u.isElementwise()) {
                Parallel.parallelFor(0, d.length, GRAIN, (lo, hi) -> { for (int k = lo; k < hi; k++) d[k] *= ua[k]; });
                return;
            }
            forRows(u, (base, ub) -> {
                if (u.sc() == 0) {
                    double s = ua[ub];
                    if (s != 1.0) for (int k = 0; k < u.c(); k++) d[base + k] *= s;
                } else {
                    for (int k = 0; k < u.c(); k++) d[base + k] *= ua[ub + k * u.sc()];
                }
            });
        }
    }

    @FunctionalInterface
    private interface RowBody {
        void run(int base, int upstreamBase);
    }

    /** Runs {@code body} for every (i, j) row of the (a, b, c) view but the fixed ones, in fixed parallel blocks of rows. */
    private static void forRows(Upstream u, RowBody body) {
        int b = u.b(), c = u.c();
        boolean[] fixed = u.fixed();
        Parallel.parallelFor(0, u.a() * b, Math.max(1, GRAIN / Math.max(1, c)), (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                if (fixed == null || !fixed[r]) body.run(r * c, (r / b) * u.sa() + (r % b) * u.sb());
            }
        });
    }

    @Override
    protected void releaseSavedState() {
        ready = null;
        gradients = null;
        chain = null;
    }
}
