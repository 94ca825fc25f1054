package org.losses4j.internal.kernels;

import org.losses4j.internal.parallel.Parallel;

/**
 * NLLLoss (negative log likelihood over class indices) on primitive arrays:
 * <pre>
 *   l_e = -w[y_e] x[n, y_e, s]           (e = (n, s); 0, and not counted, when y_e == ignore_index)
 *   dl_e/dx[n, y_e, s] = -w[y_e]         (0 elsewhere and for ignored elements)
 * </pre>
 * 'mean' divides by the total weight sum_e w[y_e] of the counted elements (PyTorch's total_weight).
 *
 * <p>Every input is seen as (N, C, S): element (n, c, s) at {@code (n * C + c) * S + s}, target element (n, s) at
 * {@code n * S + s}. The checks and the Tensor glue live in {@code org.losses4j.nn.NLLLoss}; CrossEntropyKernel
 * shares {@link Targets} and {@link Vals}.
 */
public final class NllKernel {
    private NllKernel() {}

    /** Elements (n, s) per parallel block of the gather and the scatter: each is about one cache miss. */
    private static final int ELEMENT_GRAIN = 1024;

    /**
     * The class-index targets of one call and the geometry.
     *
     * @param y           class indices, element e at {@code y[yo + e]} (read in place)
     * @param w           class weights (null: all 1)
     * @param ignoreIndex the target value that is ignored
     * @param n           batch size; c the number of classes; s positions per sample
     */
    public record Targets(long[] y, int yo, double[] w, long ignoreIndex, int n, int c, int s) {
        /** Number of (n, s) elements. */
        public int elements() { return n * s; }

        /** The class index of element e. */
        public long at(int e) { return y[yo + e]; }

        /** The weight of class k (1 without weights). */
        public double weight(int k) { return w == null ? 1 : w[k]; }

        /** sum_e w[y_e] over the counted elements (PyTorch's total_weight, the 'mean' divisor), in element order. */
        public double totalWeight() {
            double total = 0;
            for (int e = 0, m = elements(); e < m; e++) {
                long t = at(e);
                if (t != ignoreIndex) total += weight((int) t);
            }
            return total;
        }
    }

    /**
     * Read access to float32 or float64 values in C order from {@code off}: both dtypes share one algorithm in double
     * through {@link #at(int)}.
     */
    public record Vals(float[] f, double[] d, int off) {
        /** Element i, as double. */
        public double at(int i) { return f != null ? f[off + i] : d[off + i]; }
    }

    /** Forward over log-probabilities: writes the per-element losses into {@code loss}; returns the total weight. */
    public static double forward(Vals x, Targets t, double[] loss) {
        int c = t.c(), s = t.s();
        // the gather x[n, y_n, s] is a cache miss per element on a large input: blocks of elements run in parallel
        Parallel.parallelFor(0, t.elements(), ELEMENT_GRAIN, (lo, hi) -> {
            for (int e = lo; e < hi; e++) {
                long y = t.at(e);
                if (y == t.ignoreIndex()) continue;
                int b = e / s, p = e - b * s;
                loss[e] = -t.weight((int) y) * x.at((b * c + (int) y) * s + p);
            }
        });
        return t.totalWeight();
    }

    /**
     * Writes (or, with {@code add}, adds) the non-zero entries of the gradient into {@code f} (float32) or {@code d}
     * (float64) from {@code off}: -w[y] u / total_weight ('mean'), -w[y] u ('sum'), or -w[y] u_e per element
     * ({@code perElement} non-null, 'none'), u the upstream gradient. Adding is PyTorch's {@code grad += g} restricted
     * to the entries where g is not 0.
     *
     * @param scalar -(u / total_weight) or -u for a reduced loss, formed once as PyTorch does (0 * inf stays nan)
     */
    public static void scatter(float[] f, double[] d, int off, Targets t, boolean add, double scalar, double[] perElement) {
        int c = t.c(), s = t.s();
        // every element writes its own entry: blocks of elements run in parallel
        Parallel.parallelFor(0, t.elements(), ELEMENT_GRAIN, (lo, hi) -> {
            for (int e = lo; e < hi; e++) {
                long y = t.at(e);
                if (y == t.ignoreIndex()) continue;
                double ge = perElement == null ? scalar : -perElement[e];
                double v = t.w() == null ? ge : t.w()[(int) y] * ge;
                int b = e / s, p = e - b * s;
                int idx = off + (b * c + (int) y) * s + p;
                if (f != null) f[idx] = add ? f[idx] + (float) v : (float) v;
                else d[idx] = add ? d[idx] + v : v;
            }
        });
    }
}
