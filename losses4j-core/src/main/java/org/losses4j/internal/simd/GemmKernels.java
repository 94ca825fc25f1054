package org.losses4j.internal.simd;

/**
 * Matrix products on primitive arrays: the kernels of {@code matmul}, {@code mm}, {@code bmm} and their backward.
 *
 * <p>{@code C = A B} with A of m x k, B of k x n and C of m x n, C overwritten. A and B are strided: element (i, p)
 * of A is {@code a[aOff + i * aRow + p * aCol]} (and likewise B), so a transposed or otherwise strided view is
 * passed as it lies, with its strides swapped, never copied by the caller: the backward's {@code dA = dC B^T} and
 * {@code dB = A^T dC} are calls with swapped strides. C is row-major with row stride {@code cRow}.
 *
 * <p>Each element is {@code c[i][j] = sum_p a[i][p] b[p][j]} summed in an order that depends on (m, n, k) and the
 * implementation only, never on the thread count: work is split into fixed blocks of the output. float32 sums
 * in float32, as PyTorch's CPU kernels do.
 */
public interface GemmKernels {

    /**
     * The shape and strides of one product: A is m x k with strides (aRow, aCol), B is k x n with strides
     * (bRow, bCol), C is m x n with row stride cRow and column stride 1.
     */
    record Layout(int m, int n, int k, int aRow, int aCol, int bRow, int bCol, int cRow) {
        /** Row-major A (m x k), B (k x n), C (m x n), all contiguous. */
        public static Layout rowMajor(int m, int n, int k) { return new Layout(m, n, k, k, 1, n, 1, n); }

        /** Multiply-adds of one product (m n k). */
        public long flops() { return (long) m * n * k; }
    }

    /** {@code C = A B} in float32 (see the class comment for the layout). */
    void gemm(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, Layout l);

    /** {@code C = A B} in float64. */
    void gemm(double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, Layout l);

    /**
     * {@code C_t = A_t B_t} for every t, all with the same layout: the matrices start at {@code aOffs[t]},
     * {@code bOffs[t]}, {@code cOffs[t]} (broadcast batches repeat an offset). Small products run one per block of
     * a parallel loop over t, large ones one after another, each parallel inside: results do not depend on the
     * thread count either way.
     */
    default void gemmBatch(float[] a, int[] aOffs, float[] b, int[] bOffs, float[] c, int[] cOffs, Layout l) {
        batch(aOffs.length, l, t -> gemm(a, aOffs[t], b, bOffs[t], c, cOffs[t], l));
    }

    /** {@link #gemmBatch(float[], int[], float[], int[], float[], int[], Layout)} in float64. */
    default void gemmBatch(double[] a, int[] aOffs, double[] b, int[] bOffs, double[] c, int[] cOffs, Layout l) {
        batch(aOffs.length, l, t -> gemm(a, aOffs[t], b, bOffs[t], c, cOffs[t], l));
    }

    /** Multiply-adds under which a product runs on one thread (a parallel loop's start costs more than it saves). */
    long SERIAL_FLOPS = 1L << 16;

    private static void batch(int count, Layout l, java.util.function.IntConsumer one) {
        long f = Math.max(1, l.flops());
        if (count > 1 && f < 8 * SERIAL_FLOPS) {
            // many small products: fixed groups of them per block (each product then runs serially inside)
            int grain = (int) Math.max(1, Math.min(count, (4 * SERIAL_FLOPS) / f));
            org.losses4j.internal.parallel.Parallel.parallelFor(0, count, grain, (s, e) -> {
                for (int t = s; t < e; t++) one.accept(t);
            });
        } else {
            for (int t = 0; t < count; t++) one.accept(t);
        }
    }
}
