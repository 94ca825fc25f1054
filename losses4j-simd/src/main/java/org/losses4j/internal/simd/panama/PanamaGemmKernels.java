package org.losses4j.internal.simd.panama;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.losses4j.internal.parallel.Parallel;
import org.losses4j.internal.simd.GemmKernels;
import org.losses4j.internal.simd.VectorizationProvider;

/**
 * Matrix products on the Vector API, blocked as BLIS/GotoBLAS do:
 *
 * <pre>
 * for pc in blocks of KC of k:              pack B[pc.., :] into panels of NR columns (kc x NR, zero-padded)
 *   parallel over tiles of C (up to MC rows x PANELS panels; smaller when that leaves threads idle):
 *     pack A[tile rows, pc..] into strips of MR rows (kc x MR, zero-padded)
 *     for each NR-column panel, each MR-row strip: micro-kernel
 * micro-kernel: MR x NR accumulators (MR rows x 2 vectors) in registers; for p: two vector loads of B, MR
 *               broadcasts of A, 2 MR fused multiply-adds; the first k-block starts from 0, the next ones from C
 * </pre>
 *
 * <p>Each element of C is therefore {@code fma(a[i][k-1], b[k-1][j], ... fma(a[i][0], b[0][j], 0))} in p order: a
 * chain fixed by (m, n, k) alone, the same whatever the number of threads (the tiles only decide who computes it;
 * the k-blocks, which do split the chain, are fixed).
 * Operands are packed from any strides, so transposed operands (the backward's dC B^T and A^T dC) cost one strided
 * copy of the panels and no transposed matrix. Products too small or too narrow for the tiles go to the scalar
 * kernels.
 */
public final class PanamaGemmKernels implements GemmKernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final int FL = F.length(), DL = D.length();

    /** Rows of a register tile. */
    static final int MR = 6;
    /** Columns of a register tile: two vectors. */
    static final int NRF = 2 * FL, NRD = 2 * DL;
    /** Values of k per block (a packed B panel of KC x NR stays in L1/L2 while the strips of A pass). */
    static final int KC = 256;
    /** Rows of C per parallel tile (a multiple of MR). */
    static final int MC = 16 * MR;
    /** Register panels per parallel tile in the column direction. */
    static final int PANELS = 8;

    private final GemmKernels scalar = VectorizationProvider.scalar(GemmKernels.class);

    /**
     * Rows of C per parallel tile: MC, or fewer (a multiple of MR) so a small product still has about four tiles per
     * thread. The tiles only decide which thread computes an element, never its sum, so they may follow the thread
     * count without changing any result.
     */
    static int rowsPerTile(int m, int colTiles) {
        int want = 4 * Parallel.numThreads();
        int rowTiles = (want + colTiles - 1) / colTiles;
        int rows = (m + rowTiles - 1) / rowTiles;
        rows = (rows + MR - 1) / MR * MR;
        return Math.max(MR, Math.min(MC, rows));
    }

    /** Whether the blocked kernel pays: at least one full tile and enough work to amortise the packing. */
    private static boolean blocked(Layout l, int nr) {
        return l.m() >= MR && l.n() >= nr && l.k() >= 4 && l.flops() >= 4096;
    }

    // ------------------------------------------------------------------ float32

    /** Packed panels of B, kept per thread between calls (a product allocates nothing it does not return). */
    private static final ThreadLocal<float[][]> F_SCRATCH = ThreadLocal.withInitial(() -> new float[3][0]);
    private static final ThreadLocal<double[][]> D_SCRATCH = ThreadLocal.withInitial(() -> new double[3][0]);

    private static float[] scratchF(int slot, int n) {
        float[][] s = F_SCRATCH.get();
        if (s[slot].length < n) s[slot] = new float[n];
        return s[slot];
    }

    private static double[] scratchD(int slot, int n) {
        double[][] s = D_SCRATCH.get();
        if (s[slot].length < n) s[slot] = new double[n];
        return s[slot];
    }

    /**
     * A product with few columns but many rows (a linear layer's forward to 10 classes): computed as the transposed
     * product C^T = B^T A^T, whose rows fill the register tiles, into scratch, then copied to C. Each element is the
     * same fma chain over p as the blocked kernel computes.
     */
    private static boolean transposes(Layout l, int nr) {
        return l.n() < nr && l.m() >= nr && l.k() >= 4 && l.flops() >= 4096;
    }

    private static Layout transposed(Layout l) {
        return new Layout(l.n(), l.m(), l.k(), l.bCol(), l.bRow(), l.aCol(), l.aRow(), l.m());
    }

    @Override
    public void gemm(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, Layout l) {
        if (transposes(l, NRF)) {
            int m = l.m(), n = l.n();
            float[] t = scratchF(2, m * n);
            gemm(b, bOff, a, aOff, t, 0, transposed(l));
            for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) c[cOff + i * l.cRow() + j] = t[j * m + i];
            return;
        }
        if (!blocked(l, NRF)) {
            scalar.gemm(a, aOff, b, bOff, c, cOff, l);
            return;
        }
        final int m = l.m(), n = l.n(), k = l.k();
        final int panels = (n + NRF - 1) / NRF;
        final int colTiles = (panels + PANELS - 1) / PANELS, mc = rowsPerTile(m, colTiles), rowTiles = (m + mc - 1) / mc;
        final float[] bp = scratchF(0, Math.min(KC, k) * panels * NRF);
        for (int pc = 0; pc < k; pc += KC) {
            final int kc = Math.min(KC, k - pc), p0 = pc;
            final boolean first = pc == 0;
            // pack B[pc..pc+kc, :] panel by panel (a copy: its split cannot change any value)
            Parallel.parallelFor(0, panels, Math.max(1, (int) (32768L / ((long) kc * NRF))), (s, e) -> {
                for (int q = s; q < e; q++) packB(b, bOff, l.bRow(), l.bCol(), p0, kc, q * NRF, n, bp, q * kc * NRF);
            });
            Parallel.parallelFor(0, rowTiles * colTiles, 1, (s, e) -> {
                float[] ap = scratchF(1, MC * kc + MR * NRF);
                float[] tile = new float[MR * NRF];
                for (int t = s; t < e; t++) {
                    int i0 = (t / colTiles) * mc, q0 = (t % colTiles) * PANELS;
                    int rows = Math.min(mc, m - i0), q1 = Math.min(panels, q0 + PANELS);
                    int strips = (rows + MR - 1) / MR;
                    for (int r = 0; r < strips; r++) packA(a, aOff, l.aRow(), l.aCol(), i0 + r * MR, Math.min(MR, m - i0 - r * MR), p0, kc, ap, r * kc * MR);
                    for (int q = q0; q < q1; q++) {
                        int j0 = q * NRF, cols = Math.min(NRF, n - j0);
                        for (int r = 0; r < strips; r++) {
                            int i = i0 + r * MR, rr = Math.min(MR, m - i);
                            if (rr == MR && cols == NRF) {
                                micro(ap, r * kc * MR, bp, q * kc * NRF, kc, c, cOff + i * l.cRow() + j0, l.cRow(), first);
                            } else {
                                // an edge tile: compute the full register tile into scratch, keep its valid part
                                for (int x = 0; x < rr; x++) {
                                    for (int y = 0; y < NRF; y++) tile[x * NRF + y] = y < cols && !first ? c[cOff + (i + x) * l.cRow() + j0 + y] : 0f;
                                }
                                for (int x = rr; x < MR; x++) java.util.Arrays.fill(tile, x * NRF, (x + 1) * NRF, 0f);
                                micro(ap, r * kc * MR, bp, q * kc * NRF, kc, tile, 0, NRF, first);
                                for (int x = 0; x < rr; x++) System.arraycopy(tile, x * NRF, c, cOff + (i + x) * l.cRow() + j0, cols);
                            }
                        }
                    }
                }
            });
        }
    }

    /** B[p0 + p][j0 + y] for p < kc, y < NR into dst[p * NR + y] (zero beyond column n). */
    private static void packB(float[] b, int bOff, int bRow, int bCol, int p0, int kc, int j0, int n, float[] dst, int dOff) {
        int cols = Math.min(NRF, n - j0);
        if (bCol == 1 && cols == NRF) {
            for (int p = 0; p < kc; p++) System.arraycopy(b, bOff + (p0 + p) * bRow + j0, dst, dOff + p * NRF, NRF);
            return;
        }
        for (int p = 0; p < kc; p++) {
            int src = bOff + (p0 + p) * bRow + j0 * bCol, d = dOff + p * NRF;
            for (int y = 0; y < cols; y++) dst[d + y] = b[src + y * bCol];
            for (int y = cols; y < NRF; y++) dst[d + y] = 0f;
        }
    }

    /** A[i0 + x][p0 + p] for x < MR, p < kc into dst[p * MR + x] (zero beyond row rows). */
    private static void packA(float[] a, int aOff, int aRow, int aCol, int i0, int rows, int p0, int kc, float[] dst, int dOff) {
        for (int x = 0; x < MR; x++) {
            if (x < rows) {
                int src = aOff + (i0 + x) * aRow + p0 * aCol;
                for (int p = 0; p < kc; p++) dst[dOff + p * MR + x] = a[src + p * aCol];
            } else {
                for (int p = 0; p < kc; p++) dst[dOff + p * MR + x] = 0f;
            }
        }
    }

    // c[x][y] = fma(a[x][p], b[p][y], c[x][y]) for p in order; c starts at 0 when first, else at C's value
    private static void micro(float[] ap, int ao, float[] bp, int bo, int kc, float[] c, int co, int ldc, boolean first) {
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        if (first) {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = FloatVector.zero(F);
        } else {
            c00 = FloatVector.fromArray(F, c, co); c01 = FloatVector.fromArray(F, c, co + FL);
            c10 = FloatVector.fromArray(F, c, co + ldc); c11 = FloatVector.fromArray(F, c, co + ldc + FL);
            c20 = FloatVector.fromArray(F, c, co + 2 * ldc); c21 = FloatVector.fromArray(F, c, co + 2 * ldc + FL);
            c30 = FloatVector.fromArray(F, c, co + 3 * ldc); c31 = FloatVector.fromArray(F, c, co + 3 * ldc + FL);
            c40 = FloatVector.fromArray(F, c, co + 4 * ldc); c41 = FloatVector.fromArray(F, c, co + 4 * ldc + FL);
            c50 = FloatVector.fromArray(F, c, co + 5 * ldc); c51 = FloatVector.fromArray(F, c, co + 5 * ldc + FL);
        }
        for (int p = 0; p < kc; p++) {
            int pb = bo + p * NRF, pa = ao + p * MR;
            FloatVector b0 = FloatVector.fromArray(F, bp, pb), b1 = FloatVector.fromArray(F, bp, pb + FL);
            FloatVector x;
            x = FloatVector.broadcast(F, ap[pa]); c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(F, ap[pa + 1]); c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(F, ap[pa + 2]); c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(F, ap[pa + 3]); c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(F, ap[pa + 4]); c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(F, ap[pa + 5]); c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
        }
        c00.intoArray(c, co); c01.intoArray(c, co + FL);
        c10.intoArray(c, co + ldc); c11.intoArray(c, co + ldc + FL);
        c20.intoArray(c, co + 2 * ldc); c21.intoArray(c, co + 2 * ldc + FL);
        c30.intoArray(c, co + 3 * ldc); c31.intoArray(c, co + 3 * ldc + FL);
        c40.intoArray(c, co + 4 * ldc); c41.intoArray(c, co + 4 * ldc + FL);
        c50.intoArray(c, co + 5 * ldc); c51.intoArray(c, co + 5 * ldc + FL);
    }

    // ------------------------------------------------------------------ float64 (the same algorithm)

    @Override
    public void gemm(double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, Layout l) {
        if (transposes(l, NRD)) {
            int m = l.m(), n = l.n();
            double[] t = scratchD(2, m * n);
            gemm(b, bOff, a, aOff, t, 0, transposed(l));
            for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) c[cOff + i * l.cRow() + j] = t[j * m + i];
            return;
        }
        if (!blocked(l, NRD)) {
            scalar.gemm(a, aOff, b, bOff, c, cOff, l);
            return;
        }
        final int m = l.m(), n = l.n(), k = l.k();
        final int panels = (n + NRD - 1) / NRD;
        final int colTiles = (panels + PANELS - 1) / PANELS, mc = rowsPerTile(m, colTiles), rowTiles = (m + mc - 1) / mc;
        final double[] bp = scratchD(0, Math.min(KC, k) * panels * NRD);
        for (int pc = 0; pc < k; pc += KC) {
            final int kc = Math.min(KC, k - pc), p0 = pc;
            final boolean first = pc == 0;
            Parallel.parallelFor(0, panels, Math.max(1, (int) (32768L / ((long) kc * NRD))), (s, e) -> {
                for (int q = s; q < e; q++) packB(b, bOff, l.bRow(), l.bCol(), p0, kc, q * NRD, n, bp, q * kc * NRD);
            });
            Parallel.parallelFor(0, rowTiles * colTiles, 1, (s, e) -> {
                double[] ap = scratchD(1, MC * kc + MR * NRD);
                double[] tile = new double[MR * NRD];
                for (int t = s; t < e; t++) {
                    int i0 = (t / colTiles) * mc, q0 = (t % colTiles) * PANELS;
                    int rows = Math.min(mc, m - i0), q1 = Math.min(panels, q0 + PANELS);
                    int strips = (rows + MR - 1) / MR;
                    for (int r = 0; r < strips; r++) packA(a, aOff, l.aRow(), l.aCol(), i0 + r * MR, Math.min(MR, m - i0 - r * MR), p0, kc, ap, r * kc * MR);
                    for (int q = q0; q < q1; q++) {
                        int j0 = q * NRD, cols = Math.min(NRD, n - j0);
                        for (int r = 0; r < strips; r++) {
                            int i = i0 + r * MR, rr = Math.min(MR, m - i);
                            if (rr == MR && cols == NRD) {
                                micro(ap, r * kc * MR, bp, q * kc * NRD, kc, c, cOff + i * l.cRow() + j0, l.cRow(), first);
                            } else {
                                for (int x = 0; x < rr; x++) {
                                    for (int y = 0; y < NRD; y++) tile[x * NRD + y] = y < cols && !first ? c[cOff + (i + x) * l.cRow() + j0 + y] : 0d;
                                }
                                for (int x = rr; x < MR; x++) java.util.Arrays.fill(tile, x * NRD, (x + 1) * NRD, 0d);
                                micro(ap, r * kc * MR, bp, q * kc * NRD, kc, tile, 0, NRD, first);
                                for (int x = 0; x < rr; x++) System.arraycopy(tile, x * NRD, c, cOff + (i + x) * l.cRow() + j0, cols);
                            }
                        }
                    }
                }
            });
        }
    }

    private static void packB(double[] b, int bOff, int bRow, int bCol, int p0, int kc, int j0, int n, double[] dst, int dOff) {
        int cols = Math.min(NRD, n - j0);
        if (bCol == 1 && cols == NRD) {
            for (int p = 0; p < kc; p++) System.arraycopy(b, bOff + (p0 + p) * bRow + j0, dst, dOff + p * NRD, NRD);
            return;
        }
        for (int p = 0; p < kc; p++) {
            int src = bOff + (p0 + p) * bRow + j0 * bCol, d = dOff + p * NRD;
            for (int y = 0; y < cols; y++) dst[d + y] = b[src + y * bCol];
            for (int y = cols; y < NRD; y++) dst[d + y] = 0d;
        }
    }

    private static void packA(double[] a, int aOff, int aRow, int aCol, int i0, int rows, int p0, int kc, double[] dst, int dOff) {
        for (int x = 0; x < MR; x++) {
            if (x < rows) {
                int src = aOff + (i0 + x) * aRow + p0 * aCol;
                for (int p = 0; p < kc; p++) dst[dOff + p * MR + x] = a[src + p * aCol];
            } else {
                for (int p = 0; p < kc; p++) dst[dOff + p * MR + x] = 0d;
            }
        }
    }

    private static void micro(double[] ap, int ao, double[] bp, int bo, int kc, double[] c, int co, int ldc, boolean first) {
        DoubleVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        if (first) {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = DoubleVector.zero(D);
        } else {
            c00 = DoubleVector.fromArray(D, c, co); c01 = DoubleVector.fromArray(D, c, co + DL);
            c10 = DoubleVector.fromArray(D, c, co + ldc); c11 = DoubleVector.fromArray(D, c, co + ldc + DL);
            c20 = DoubleVector.fromArray(D, c, co + 2 * ldc); c21 = DoubleVector.fromArray(D, c, co + 2 * ldc + DL);
            c30 = DoubleVector.fromArray(D, c, co + 3 * ldc); c31 = DoubleVector.fromArray(D, c, co + 3 * ldc + DL);
            c40 = DoubleVector.fromArray(D, c, co + 4 * ldc); c41 = DoubleVector.fromArray(D, c, co + 4 * ldc + DL);
            c50 = DoubleVector.fromArray(D, c, co + 5 * ldc); c51 = DoubleVector.fromArray(D, c, co + 5 * ldc + DL);
        }
        for (int p = 0; p < kc; p++) {
            int pb = bo + p * NRD, pa = ao + p * MR;
            DoubleVector b0 = DoubleVector.fromArray(D, bp, pb), b1 = DoubleVector.fromArray(D, bp, pb + DL);
            DoubleVector x;
            x = DoubleVector.broadcast(D, ap[pa]); c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = DoubleVector.broadcast(D, ap[pa + 1]); c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = DoubleVector.broadcast(D, ap[pa + 2]); c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = DoubleVector.broadcast(D, ap[pa + 3]); c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = DoubleVector.broadcast(D, ap[pa + 4]); c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = DoubleVector.broadcast(D, ap[pa + 5]); c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
        }
        c00.intoArray(c, co); c01.intoArray(c, co + DL);
        c10.intoArray(c, co + ldc); c11.intoArray(c, co + ldc + DL);
        c20.intoArray(c, co + 2 * ldc); c21.intoArray(c, co + 2 * ldc + DL);
        c30.intoArray(c, co + 3 * ldc); c31.intoArray(c, co + 3 * ldc + DL);
        c40.intoArray(c, co + 4 * ldc); c41.intoArray(c, co + 4 * ldc + DL);
        c50.intoArray(c, co + 5 * ldc); c51.intoArray(c, co + 5 * ldc + DL);
    }
}
