package org.losses4j.internal.simd.scalar;

import java.util.Arrays;
import org.losses4j.internal.parallel.Parallel;
import org.losses4j.internal.simd.GemmKernels;

/**
 * Plain-Java matrix products: for each row i of C and each p in ascending order, {@code c[i][:] += a[i][p] b[p][:]}
 * (a multiply and an add, rounded separately), over blocks of {@link #KC} values of p so a block of B stays in
 * cache while a block of rows uses it. The inner loop runs over contiguous columns of B and C (C2 vectorises it);
 * a B whose columns are not contiguous (a transposed operand) is first copied to row-major.
 *
 * <p>Each element is summed over p in ascending order from +0: the same for every split of the rows into
 * parallel blocks, so results do not depend on the thread count.
 */
public final class ScalarGemmKernels implements GemmKernels {
    /** Values of p per block: KC rows of B (KC x n) are reused by every row of a block of C. */
    static final int KC = 256;

    @Override
    public void gemm(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, Layout l) {
        final int m = l.m(), n = l.n(), k = l.k();
        if (m == 0 || n == 0) return;
        float[] bp = b;
        int bo = bOff, br = l.bRow();
        if (l.bCol() != 1 && n > 1) {
            bp = new float[k * n];
            for (int p = 0; p < k; p++) for (int j = 0; j < n; j++) bp[p * n + j] = b[bOff + p * l.bRow() + j * l.bCol()];
            bo = 0;
            br = n;
        }
        final float[] bb = bp;
        final int bOff2 = bo, bRow = br;
        Parallel.parallelFor(0, m, rowGrain(n, k), (s, e) -> rows(a, aOff, l.aRow(), l.aCol(), bb, bOff2, bRow, c, cOff, l.cRow(), s, e, n, k));
    }

    @Override
    public void gemm(double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, Layout l) {
        final int m = l.m(), n = l.n(), k = l.k();
        if (m == 0 || n == 0) return;
        double[] bp = b;
        int bo = bOff, br = l.bRow();
        if (l.bCol() != 1 && n > 1) {
            bp = new double[k * n];
            for (int p = 0; p < k; p++) for (int j = 0; j < n; j++) bp[p * n + j] = b[bOff + p * l.bRow() + j * l.bCol()];
            bo = 0;
            br = n;
        }
        final double[] bb = bp;
        final int bOff2 = bo, bRow = br;
        Parallel.parallelFor(0, m, rowGrain(n, k), (s, e) -> rows(a, aOff, l.aRow(), l.aCol(), bb, bOff2, bRow, c, cOff, l.cRow(), s, e, n, k));
    }

    /** Rows of C per parallel block: about SERIAL_FLOPS multiply-adds each (the split does not change any sum). */
    static int rowGrain(int n, int k) {
        long perRow = Math.max(1L, (long) n * k);
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, SERIAL_FLOPS / perRow));
    }

    // c[i][j] = sum_p a[i][p] b[p][j], p ascending; B rows contiguous (column stride 1)
    static void rows(float[] a, int aOff, int aRow, int aCol, float[] b, int bOff, int bRow, float[] c, int cOff, int cRow,
                     int i0, int i1, int n, int k) {
        for (int i = i0; i < i1; i++) Arrays.fill(c, cOff + i * cRow, cOff + i * cRow + n, 0f);
        for (int pc = 0; pc < k; pc += KC) {
            int pe = Math.min(k, pc + KC);
            for (int i = i0; i < i1; i++) {
                int ci = cOff + i * cRow, ai = aOff + i * aRow;
                for (int p = pc; p < pe; p++) {
                    float av = a[ai + p * aCol];
                    int bi = bOff + p * bRow;
                    for (int j = 0; j < n; j++) c[ci + j] += av * b[bi + j];
                }
            }
        }
    }

    static void rows(double[] a, int aOff, int aRow, int aCol, double[] b, int bOff, int bRow, double[] c, int cOff, int cRow,
                     int i0, int i1, int n, int k) {
        for (int i = i0; i < i1; i++) Arrays.fill(c, cOff + i * cRow, cOff + i * cRow + n, 0d);
        for (int pc = 0; pc < k; pc += KC) {
            int pe = Math.min(k, pc + KC);
            for (int i = i0; i < i1; i++) {
                int ci = cOff + i * cRow, ai = aOff + i * aRow;
                for (int p = pc; p < pe; p++) {
                    double av = a[ai + p * aCol];
                    int bi = bOff + p * bRow;
                    for (int j = 0; j < n; j++) c[ci + j] += av * b[bi + j];
                }
            }
        }
    }
}
