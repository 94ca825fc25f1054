package org.losses4j.internal.kernels;

import java.util.Arrays;
import org.losses4j.internal.parallel.Parallel;
import org.losses4j.internal.simd.SoftmaxKernels;
import org.losses4j.internal.simd.VectorizationProvider;
import org.losses4j.internal.simd.scalar.ScalarSoftmaxKernels;

/**
 * The overlap losses of segmentation (MONAI's {@code DiceLoss} and {@code TverskyLoss}) on primitive arrays.
 *
 * <p>The input x is viewed as (N, C, S): sample, channel, position (the spatial dimensions flattened), element
 * (n, c, s) at {@code (n C + c) S + s}. The prediction p is x, sigmoid(x) or softmax over the channels of x, computed
 * on the fly and never stored. The target g is either dense values over the same (N, C, S), or class indices over
 * (N, S), whose one-hot form (g_c = [label == c]) is built one tile at a time. Channels below {@code c0} (the
 * background, channel 0, when it is excluded) take part in the softmax but not in the sums. Three sums are taken per
 * group, where a group is (n, c) (MONAI's default: sums over the spatial dimensions), c (batch: also over the
 * samples) or everything (a 2-d input without batch, where MONAI's sum over no dimension sums all):
 * <pre>
 *   Dice:     s0 = I = sum p g,   s1 = G = sum g   (sum g^2 with squared_pred),   s2 = P = sum p   (sum p^2)
 *             f = 1 - (2 I + smooth_nr) / (D + smooth_dr),   D = G + P   (jaccard: D = 2 (G + P - I))
 *   Tversky:  s0 = TP = sum p g,   s1 = FP = sum p (1 - g),   s2 = FN = sum (1 - p) g
 *             f = 1 - (TP + smooth_nr) / (TP + alpha FP + beta FN + smooth_dr)
 * </pre>
 * The gradient with respect to p of a group's loss, times that group's upstream gradient w, has the form
 * {@code df/dp = A g + B h(p)} with per-group A and B ({@link Formula#coefficients}) and h(p) = 2 p for
 * squared_pred, else 1; it then goes back through the activation: {@code p (1 - p) u} for sigmoid,
 * {@code p_c (u_c - sum_k p_k u_k)} for softmax (u = 0 on the excluded channels). So the forward saves the sums
 * only (O(groups)), and the backward is one more pass that recomputes p.
 *
 * <p>Work is cut into fixed blocks of positions (tiles of at most {@code Layout.tile()} positions, never across a sample),
 * and partial sums are added in block order, so the sums are the same bits for any thread count. Two forms of the
 * one algorithm: float (float32 input with a float32 or class-index target; the softmax through
 * {@link SoftmaxKernels}, sums of float products in double) and double (float64, and a float32 input with a float64
 * target, whose prediction is still computed in float as PyTorch computes it in the input's dtype).
 */
public final class OverlapKernels {
    private OverlapKernels() {}

    private static final SoftmaxKernels K = VectorizationProvider.get().kernels(SoftmaxKernels.class);

    /** Elements (positions x channels) per parallel block. */
    static final int GRAIN = 1 << 15;

    /** What is applied to the input before the sums. */
    public enum Activation {
        /** p = x. */
        NONE,
        /** p = sigmoid(x), element-wise. */
        SIGMOID,
        /** p = softmax(x) over the channel dimension. */
        SOFTMAX
    }

    /** Which elements one loss value sums over. */
    public enum Grouping {
        /** One value per (sample, kept channel): sums over the positions. */
        PER_SAMPLE,
        /** One value per kept channel: sums over the samples and the positions. */
        BATCH,
        /** One value: sums over everything. */
        ALL
    }

    /**
     * The geometry of one call.
     *
     * @param n        samples
     * @param c        channels of the input (the softmax runs over all of them)
     * @param s        positions per sample (the product of the spatial sizes; 1 for a 2-d input)
     * @param c0       the first channel that enters the sums (1 when the background is excluded, else 0)
     * @param grouping which elements one loss value sums over
     */
    public record Layout(int n, int c, int s, int c0, Grouping grouping) {
        /** @return the number of channels that enter the sums */
        public int kept() { return Math.max(0, c - c0); }

        /** @return the number of loss values */
        public int groups() {
            switch (grouping) {
                case PER_SAMPLE: return n * kept();
                case BATCH: return kept();
                default: return 1;
            }
        }

        /** The loss value that element (sample, channel k) adds to. */
        int group(int sample, int k) {
            switch (grouping) {
                case PER_SAMPLE: return sample * kept() + (k - c0);
                case BATCH: return k - c0;
                default: return 0;
            }
        }

        /** Positions per tile: the scratch of a tile (a few rows of c x tile floats) stays in the L1/L2 cache. */
        int tile() { return Math.max(16, Math.min(1024, (1 << 13) / Math.max(1, c))); }

        /** Positions per parallel block: a whole number of tiles of about {@link #GRAIN} elements. */
        int blockPositions() {
            int t = tile();
            long tiles = Math.max(1, GRAIN / ((long) t * Math.max(1, c)));
            return (int) Math.min(1 << 24, tiles * t);
        }
    }

    /**
     * The input: float32 values ({@code f}) or float64 values ({@code d}), dense over (N, C, S) from {@code off}.
     */
    public record Input(float[] f, double[] d, int off) {
        /**
         * float32 values from off.
         *
         * @param f   the values
         * @param off the first one
         * @return the input
         */
        public static Input of(float[] f, int off) { return new Input(f, null, off); }

        /**
         * float64 values from off.
         *
         * @param d   the values
         * @param off the first one
         * @return the input
         */
        public static Input of(double[] d, int off) { return new Input(null, d, off); }
    }

    /**
     * The target: dense values over (N, C, S) from {@code off} (float32 {@code f} or float64 {@code d}), or class
     * indices over (N, S) from {@code off} ({@code labels}, each in [0, C), already checked).
     */
    public record Target(float[] f, double[] d, long[] labels, int off) {
        /**
         * Dense float32 target values over (N, C, S) from off.
         *
         * @param f   the values
         * @param off the first one
         * @return the target
         */
        public static Target dense(float[] f, int off) { return new Target(f, null, null, off); }

        /**
         * Dense float64 target values over (N, C, S) from off.
         *
         * @param d   the values
         * @param off the first one
         * @return the target
         */
        public static Target dense(double[] d, int off) { return new Target(null, d, null, off); }

        /**
         * Class indices over (N, S) from off, each in [0, C).
         *
         * @param labels the indices
         * @param off    the first one
         * @return the target
         */
        public static Target labels(long[] labels, int off) { return new Target(null, null, labels, off); }
    }

    /**
     * The loss of a group from its three sums, and the coefficients of its gradient.
     *
     * @param tversky  Tversky's sums (TP, FP, FN) and formula, else Dice's (I, G, P)
     * @param squared  Dice's squared_pred: G and P sum squares
     * @param jaccard  Dice's jaccard: the denominator is 2 (G + P - I)
     * @param alpha    Tversky's weight of the false positives
     * @param beta     Tversky's weight of the false negatives
     * @param smoothNr added to the numerator
     * @param smoothDr added to the denominator
     */
    public record Formula(boolean tversky, boolean squared, boolean jaccard, double alpha, double beta, double smoothNr, double smoothDr) {
        /**
         * MONAI's DiceLoss.
         *
         * @param squared  squared_pred
         * @param jaccard  jaccard
         * @param smoothNr smooth_nr
         * @param smoothDr smooth_dr
         * @return the formula
         */
        public static Formula dice(boolean squared, boolean jaccard, double smoothNr, double smoothDr) {
            return new Formula(false, squared, jaccard, 0, 0, smoothNr, smoothDr);
        }

        /**
         * MONAI's TverskyLoss.
         *
         * @param alpha    the weight of the false positives
         * @param beta     the weight of the false negatives
         * @param smoothNr smooth_nr
         * @param smoothDr smooth_dr
         * @return the formula
         */
        public static Formula tversky(double alpha, double beta, double smoothNr, double smoothDr) {
            return new Formula(true, false, false, alpha, beta, smoothNr, smoothDr);
        }

        /**
         * The group's loss f from its sums.
         *
         * @param s0 I or TP
         * @param s1 G or FP
         * @param s2 P or FN
         * @return f
         */
        public double loss(double s0, double s1, double s2) {
            if (tversky) {
                // f = 1 - (TP + nr) / (TP + alpha FP + beta FN + dr)
                return 1.0 - (s0 + smoothNr) / (s0 + alpha * s1 + beta * s2 + smoothDr);
            }
            // f = 1 - (2 I + nr) / (D + dr), D = G + P, or 2 (G + P - I) for jaccard
            double den = s1 + s2;
            if (jaccard) den = 2.0 * (den - s0);
            return 1.0 - (2.0 * s0 + smoothNr) / (den + smoothDr);
        }

        /**
         * The gradient of {@code w f} with respect to p, {@code A g + B h(p)}: writes A into {@code ab[at]} and B
         * into {@code ab[at + 1]}.
         *
         * @param s0 I or TP
         * @param s1 G or FP
         * @param s2 P or FN
         * @param w  the upstream gradient of the group's loss (1 / groups for mean)
         * @param ab where A and B go
         * @param at the index of A
         */
        public void coefficients(double s0, double s1, double s2, double w, double[] ab, int at) {
            double num, den;
            if (tversky) {
                num = s0 + smoothNr;
                den = s0 + alpha * s1 + beta * s2 + smoothDr;
                // df/dp = -g / D + num / D^2 (g + alpha (1 - g) - beta g): dTP/dp = g, dFP/dp = 1 - g, dFN/dp = -g
                double q = num / (den * den);
                ab[at] = w * (-1.0 / den + q * (1.0 - alpha - beta));
                ab[at + 1] = w * (q * alpha);
                return;
            }
            num = 2.0 * s0 + smoothNr;
            den = s1 + s2;
            if (jaccard) den = 2.0 * (den - s0);
            den += smoothDr;
            double q = num / (den * den);
            if (jaccard) {
                // D = 2 (G + P - I) + dr: df/dp = -2 g / D + q (2 h(p) - 2 g)
                ab[at] = w * (-2.0 / den - 2.0 * q);
                ab[at + 1] = w * (2.0 * q);
            } else {
                // D = G + P + dr: df/dp = -2 g / D + q h(p)
                ab[at] = w * (-2.0 / den);
                ab[at + 1] = w * q;
            }
        }
    }

    // ------------------------------------------------------------------ the parallel driver

    /** One tile: {@code np} positions from p0 of one sample; {@code local} is the block's partial sums (null in backward). */
    @FunctionalInterface
    private interface TileBody {
        void run(int sample, int p0, int np, int n0, double[] local);
    }

    /** Loss values the block starting at sample n0 and ending at sample n1 adds to, in its local partial array. */
    private static int localGroups(Layout l, int n0, int n1) {
        switch (l.grouping()) {
            case PER_SAMPLE: return (n1 - n0 + 1) * l.kept();
            case BATCH: return l.kept();
            default: return 1;
        }
    }

    /** The index in a block's partial array of (sample, channel k) for a block starting at sample n0. */
    static int localGroup(Layout l, int sample, int k, int n0) {
        switch (l.grouping()) {
            case PER_SAMPLE: return (sample - n0) * l.kept() + (k - l.c0());
            case BATCH: return k - l.c0();
            default: return 0;
        }
    }

    /** Runs body over every tile, blocks in parallel; with {@code sums}, returns the groups' three sums added in block order. */
    private static double[] forTiles(Layout l, boolean sums, TileBody body, Runnable aside) {
        int positions = l.n() * l.s();
        int bp = l.blockPositions(), tile = l.tile();
        int blocks = positions == 0 ? 0 : (positions - 1) / bp + 1;
        double[][] partial = sums ? new double[blocks][] : null;
        Parallel.parallelFor(0, blocks, 1, (lo, hi) -> {
            for (int b = lo; b < hi; b++) {
                int start = b * bp, end = Math.min(positions, start + bp);
                int n0 = start / l.s();
                double[] local = sums ? new double[3 * localGroups(l, n0, (end - 1) / l.s())] : null;
                for (int q = start; q < end; ) {
                    int sample = q / l.s(), p0 = q - sample * l.s();
                    int np = Math.min(tile, Math.min(l.s() - p0, end - q));
                    body.run(sample, p0, np, n0, local);
                    q += np;
                }
                if (sums) partial[b] = local;
            }
        }, aside);
        if (!sums) return null;
        double[] total = new double[3 * l.groups()];
        for (int b = 0; b < blocks; b++) {
            int start = b * bp, n0 = start / l.s();
            double[] local = partial[b];
            if (l.grouping() == Grouping.PER_SAMPLE) {
                // the block's samples n0, n0 + 1, ... are consecutive groups from n0 * kept
                int from = 3 * n0 * l.kept();
                for (int i = 0; i < local.length; i++) total[from + i] += local[i];
            } else {
                for (int i = 0; i < local.length; i++) total[i] += local[i];
            }
        }
        return total;
    }

    // ------------------------------------------------------------------ the entry points

    /**
     * The three sums of every group (s0, s1, s2 of group k at {@code 3 k}), groups in order (n, c), (c) or one.
     *
     * @param x   the input
     * @param t   the target
     * @param l   the geometry
     * @param act the activation
     * @param fm  which sums
     * @return 3 x groups sums
     */
    public static double[] sums(Input x, Target t, Layout l, Activation act, Formula fm) { return sums(x, t, l, act, fm, null, null); }

    /**
     * {@link #sums(Input, Target, Layout, Activation, Formula)}, also writing the prediction p over (N, C, S) into
     * {@code keepF} (a float32 input) or {@code keepD} (a float64 input) when one is given: the array the gradient
     * will be written into, so that {@link #gradient} need not compute the activation again ({@code saved}).
     *
     * @param x     the input
     * @param t     the target
     * @param l     the geometry
     * @param act   the activation
     * @param fm    which sums
     * @param keepF where p goes for a float32 input, or null
     * @param keepD where p goes for a float64 input, or null
     * @return 3 x groups sums
     */
    public static double[] sums(Input x, Target t, Layout l, Activation act, Formula fm, float[] keepF, double[] keepD) {
        if (l.groups() == 0) return new double[0];
        Runnable aside = keepF == null ? null : SpareOutputs.replacing(keepF);
        if (x.f() != null && t.d() == null) {
            return forTiles(l, true, (sample, p0, np, n0, local) -> {
                FloatTile ft = FloatTile.get(l.c(), l.tile());
                ft.activate(x, l, act, sample, p0, np);
                if (keepF != null) ft.store(keepF, l, sample, p0, np);
                ft.sums(t, l, fm, sample, p0, np, n0, local);
            }, aside);
        }
        return forTiles(l, true, (sample, p0, np, n0, local) -> {
            DoubleTile dt = DoubleTile.get(l.c(), l.tile());
            dt.activate(x, l, act, sample, p0, np);
            if (keepF != null || keepD != null) dt.store(keepF, keepD, l, sample, p0, np);
            dt.sums(t, l, fm, sample, p0, np, n0, local);
        }, aside);
    }

    /**
     * The gradient with respect to x over (N, C, S), into {@code gf} (float32 input) or {@code gd} (float64 input),
     * every element written. {@code ab} holds each group's A and B ({@link Formula#coefficients}, the upstream
     * gradient included) at {@code 2 k}.
     *
     * @param x     the input
     * @param t     the target
     * @param l     the geometry
     * @param act   the activation
     * @param fm    the formula (h(p) = 2 p for squared_pred)
     * @param ab    each group's A and B
     * @param gf    the float32 gradient, or null
     * @param gd    the float64 gradient, or null
     * @param saved whether gf / gd hold the prediction p as {@link #sums(Input, Target, Layout, Activation, Formula, float[],
     *              double[])} kept it (read, then overwritten by the gradient), else p is computed from x again
     */
    public static void gradient(Input x, Target t, Layout l, Activation act, Formula fm, double[] ab, float[] gf, double[] gd, boolean saved) {
        if (l.groups() == 0) {
            // no channel enters the sums: d/dx of nothing (the softmax's own gradient of 0 is 0)
            if (gf != null) Arrays.fill(gf, 0f);
            if (gd != null) Arrays.fill(gd, 0.0);
            return;
        }
        Runnable aside = gf == null || saved ? null : SpareOutputs.replacing(gf);
        if (x.f() != null && t.d() == null) {
            forTiles(l, false, (sample, p0, np, n0, local) -> {
                FloatTile ft = FloatTile.get(l.c(), l.tile());
                if (saved) ft.load(gf, l, sample, p0, np);
                else ft.activate(x, l, act, sample, p0, np);
                ft.gradient(t, l, act, fm, ab, sample, p0, np, gf);
            }, aside);
            return;
        }
        forTiles(l, false, (sample, p0, np, n0, local) -> {
            DoubleTile dt = DoubleTile.get(l.c(), l.tile());
            if (saved) dt.load(gf, gd, l, sample, p0, np);
            else dt.activate(x, l, act, sample, p0, np);
            dt.gradient(t, l, act, fm, ab, sample, p0, np, gf, gd);
        }, aside);
    }

    /** The float element function of the sigmoid: 1 / (1 + e^-x), 0 for x below about -88.7. */
    static float sigmoid(float x) { return 1f / (1f + ScalarSoftmaxKernels.exp(-x)); }

    /** The double element function of the sigmoid. */
    static double sigmoid(double x) { return 1.0 / (1.0 + Math.exp(-x)); }

    // ------------------------------------------------------------------ the float form

    /** A thread's float scratch rows for one tile: p, g, u per channel (0-based rows), and per-position rows. */
    static final class FloatTile {
        private static final ThreadLocal<FloatTile> CACHE = new ThreadLocal<>();

        final float[][] p, g, u;
        final float[] m, sum, inv, zero, dot, h;
        final boolean[] bad;

        private FloatTile(int c, int tile) {
            p = new float[c][tile];
            g = new float[c][tile];
            u = new float[c][tile];
            m = new float[tile];
            sum = new float[tile];
            inv = new float[tile];
            zero = new float[tile];
            dot = new float[tile];
            h = new float[tile];
            bad = new boolean[tile];
        }

        static FloatTile get(int c, int tile) {
            FloatTile ft = CACHE.get();
            if (ft == null || ft.p.length != c || ft.m.length < tile) {
                ft = new FloatTile(c, tile);
                CACHE.set(ft);
            }
            return ft;
        }

        /** p rows of the tile: x, sigmoid(x) or softmax over the channels (float, as PyTorch computes float32). */
        void activate(Input x, Layout l, Activation act, int sample, int p0, int np) {
            int c = l.c(), s = l.s(), base = x.off() + sample * c * s + p0;
            float[] xf = x.f();
            switch (act) {
                case NONE:
                    for (int k = 0; k < c; k++) System.arraycopy(xf, base + k * s, p[k], 0, np);
                    break;
                case SIGMOID:
                    for (int k = 0; k < c; k++) {
                        float[] pk = p[k];
                        System.arraycopy(xf, base + k * s, pk, 0, np);
                        for (int j = 0; j < np; j++) pk[j] = sigmoid(pk[j]);
                    }
                    break;
                default:
                    softmax(xf, base, c, s, np);
            }
        }

        /** Writes the tile's p rows into dst over (N, C, S). */
        void store(float[] dst, Layout l, int sample, int p0, int np) {
            int c = l.c(), s = l.s(), base = sample * c * s + p0;
            for (int k = 0; k < c; k++) System.arraycopy(p[k], 0, dst, base + k * s, np);
        }

        /** Reads the tile's p rows from src over (N, C, S), as {@link #store} wrote them. */
        void load(float[] src, Layout l, int sample, int p0, int np) {
            int c = l.c(), s = l.s(), base = sample * c * s + p0;
            for (int k = 0; k < c; k++) System.arraycopy(src, base + k * s, p[k], 0, np);
        }

        /**
         * p_c = e^(x_c - m) / sum_k e^(x_k - m), m the max over the channels; NaN at every channel of a position
         * whose max is not finite (a NaN, or an infinity: PyTorch's exp(inf - inf)), as PyTorch's softmax gives.
         */
        private void softmax(float[] xf, int base, int c, int s, int np) {
            Arrays.fill(m, 0, np, Float.NEGATIVE_INFINITY);
            for (int k = 0; k < c; k++) K.maxAcc(xf, base + k * s, m, np);
            boolean anyBad = false;
            for (int j = 0; j < np; j++) {
                boolean b = !Float.isFinite(m[j]);
                bad[j] = b;
                anyBad |= b;
                if (b) m[j] = 0f; // the kernels' exponentials need a finite shift; the row is NaN anyway
            }
            Arrays.fill(sum, 0, np, 0f);
            for (int k = 0; k < c; k++) K.expStoreAcc(xf, base + k * s, p[k], 0, m, sum, np);
            for (int j = 0; j < np; j++) inv[j] = 1f / sum[j];
            for (int k = 0; k < c; k++) K.scaleShiftAcross(p[k], 0, inv, zero, 0f, np); // p = e * (1 / sum) - 0 * 0
            if (anyBad) {
                for (int j = 0; j < np; j++) {
                    if (bad[j]) for (int k = 0; k < c; k++) p[k][j] = Float.NaN;
                }
            }
        }

        /** The target rows of the kept channels into g: one-hot rows of the class indices (one pass), or the dense rows. */
        void targets(Target t, Layout l, int sample, int p0, int np) {
            int c = l.c();
            if (t.labels() != null) {
                for (int k = 0; k < c; k++) Arrays.fill(g[k], 0, np, 0f);
                long[] lab = t.labels();
                int lo = t.off() + sample * l.s() + p0;
                for (int j = 0; j < np; j++) g[(int) lab[lo + j]][j] = 1f; // indices checked to lie in [0, C)
            } else {
                for (int k = l.c0(); k < c; k++) System.arraycopy(t.f(), t.off() + (sample * c + k) * l.s() + p0, g[k], 0, np);
            }
        }

        void sums(Target t, Layout l, Formula fm, int sample, int p0, int np, int n0, double[] local) {
            targets(t, l, sample, p0, np);
            for (int k = l.c0(); k < l.c(); k++) {
                float[] pk = p[k], gk = g[k];
                double s0, s1, s2;
                s0 = K.dot(pk, 0, gk, 0, np); // sum p g
                if (fm.tversky()) {
                    for (int j = 0; j < np; j++) h[j] = 1f - gk[j];
                    s1 = K.dot(pk, 0, h, 0, np); // FP = sum p (1 - g)
                    for (int j = 0; j < np; j++) h[j] = 1f - pk[j];
                    s2 = K.dot(h, 0, gk, 0, np); // FN = sum (1 - p) g
                } else if (fm.squared()) {
                    s1 = K.dot(gk, 0, gk, 0, np);
                    s2 = K.dot(pk, 0, pk, 0, np);
                } else {
                    s1 = K.sum(gk, 0, np);
                    s2 = K.sum(pk, 0, np);
                }
                int at = 3 * localGroup(l, sample, k, n0);
                local[at] += s0;
                local[at + 1] += s1;
                local[at + 2] += s2;
            }
        }

        void gradient(Target t, Layout l, Activation act, Formula fm, double[] ab, int sample, int p0, int np, float[] gf) {
            targets(t, l, sample, p0, np);
            int c = l.c(), s = l.s();
            for (int k = 0; k < c; k++) {
                float[] uk = u[k];
                if (k < l.c0()) {
                    Arrays.fill(uk, 0, np, 0f);
                    continue;
                }
                int gi = 2 * l.group(sample, k);
                float a = (float) ab[gi], b = (float) ab[gi + 1];
                float[] gk = g[k], pk = p[k];
                // u = dL/dp = A g + B h(p): h = 2 p (squared_pred) or 1
                if (fm.squared()) {
                    for (int j = 0; j < np; j++) uk[j] = a * gk[j] + b * (2f * pk[j]);
                } else {
                    for (int j = 0; j < np; j++) uk[j] = a * gk[j] + b;
                }
            }
            int base = sample * c * s + p0;
            switch (act) {
                case NONE:
                    for (int k = 0; k < c; k++) System.arraycopy(u[k], 0, gf, base + k * s, np);
                    break;
                case SIGMOID:
                    // dL/dx = u (1 - p) p
                    for (int k = 0; k < c; k++) {
                        float[] uk = u[k], pk = p[k];
                        for (int j = 0; j < np; j++) uk[j] = uk[j] * (1f - pk[j]) * pk[j];
                        System.arraycopy(uk, 0, gf, base + k * s, np);
                    }
                    break;
                default:
                    // dL/dx_c = p_c (u_c - sum_k p_k u_k)
                    Arrays.fill(dot, 0, np, 0f);
                    for (int k = 0; k < c; k++) {
                        float[] uk = u[k], pk = p[k];
                        for (int j = 0; j < np; j++) dot[j] += uk[j] * pk[j];
                    }
                    for (int k = 0; k < c; k++) {
                        float[] uk = u[k], pk = p[k];
                        for (int j = 0; j < np; j++) uk[j] = (uk[j] - dot[j]) * pk[j];
                        System.arraycopy(uk, 0, gf, base + k * s, np);
                    }
            }
        }
    }

    // ------------------------------------------------------------------ the double form

    /** A thread's double scratch rows for one tile, and float rows for a float32 input's prediction. */
    static final class DoubleTile {
        private static final ThreadLocal<DoubleTile> CACHE = new ThreadLocal<>();

        final double[][] p, g, u;
        final double[] dot;
        final int tile;

        private DoubleTile(int c, int tile) {
            this.tile = tile;
            p = new double[c][tile];
            g = new double[c][tile];
            u = new double[c][tile];
            dot = new double[tile];
        }

        static DoubleTile get(int c, int tile) {
            DoubleTile dt = CACHE.get();
            if (dt == null || dt.p.length != c || dt.tile < tile) {
                dt = new DoubleTile(c, tile);
                CACHE.set(dt);
            }
            return dt;
        }

        /** p rows of the tile; a float32 input's prediction is computed in float (as PyTorch does) and widened. */
        void activate(Input x, Layout l, Activation act, int sample, int p0, int np) {
            int c = l.c(), s = l.s();
            if (x.f() != null) {
                FloatTile ft = FloatTile.get(c, l.tile());
                ft.activate(x, l, act, sample, p0, np);
                for (int k = 0; k < c; k++) {
                    float[] src = ft.p[k];
                    double[] pk = p[k];
                    for (int j = 0; j < np; j++) pk[j] = src[j];
                }
                return;
            }
            double[] xd = x.d();
            int base = x.off() + sample * c * s + p0;
            switch (act) {
                case NONE:
                    for (int k = 0; k < c; k++) System.arraycopy(xd, base + k * s, p[k], 0, np);
                    break;
                case SIGMOID:
                    for (int k = 0; k < c; k++) {
                        double[] pk = p[k];
                        for (int j = 0; j < np; j++) pk[j] = sigmoid(xd[base + k * s + j]);
                    }
                    break;
                default:
                    // p_c = e^(x_c - m) / sum_k e^(x_k - m); NaN for the whole position when m is not finite
                    for (int j = 0; j < np; j++) {
                        double m = Double.NEGATIVE_INFINITY;
                        boolean nan = false;
                        for (int k = 0; k < c; k++) {
                            double v = xd[base + k * s + j];
                            nan |= v != v;
                            m = Math.max(m, v);
                        }
                        if (nan || Double.isInfinite(m)) {
                            for (int k = 0; k < c; k++) p[k][j] = Double.NaN;
                            continue;
                        }
                        double sum = 0;
                        for (int k = 0; k < c; k++) {
                            double e = Math.exp(xd[base + k * s + j] - m);
                            p[k][j] = e;
                            sum += e;
                        }
                        for (int k = 0; k < c; k++) p[k][j] /= sum;
                    }
            }
        }

        /** Writes the tile's p rows into dd (float64) or df (a float32 input's p, exact in float) over (N, C, S). */
        void store(float[] df, double[] dd, Layout l, int sample, int p0, int np) {
            int c = l.c(), s = l.s(), base = sample * c * s + p0;
            for (int k = 0; k < c; k++) {
                double[] pk = p[k];
                if (dd != null) System.arraycopy(pk, 0, dd, base + k * s, np);
                else for (int j = 0; j < np; j++) df[base + k * s + j] = (float) pk[j];
            }
        }

        /** Reads the tile's p rows from sd or sf over (N, C, S), as {@link #store} wrote them. */
        void load(float[] sf, double[] sd, Layout l, int sample, int p0, int np) {
            int c = l.c(), s = l.s(), base = sample * c * s + p0;
            for (int k = 0; k < c; k++) {
                double[] pk = p[k];
                if (sd != null) System.arraycopy(sd, base + k * s, pk, 0, np);
                else for (int j = 0; j < np; j++) pk[j] = sf[base + k * s + j];
            }
        }

        /** The target rows of the kept channels into g: one-hot rows of the class indices (one pass), or the dense rows. */
        void targets(Target t, Layout l, int sample, int p0, int np) {
            int c = l.c();
            if (t.labels() != null) {
                for (int k = 0; k < c; k++) Arrays.fill(g[k], 0, np, 0.0);
                long[] lab = t.labels();
                int lo = t.off() + sample * l.s() + p0;
                for (int j = 0; j < np; j++) g[(int) lab[lo + j]][j] = 1.0; // indices checked to lie in [0, C)
            } else {
                for (int k = l.c0(); k < c; k++) {
                    int lo = t.off() + (sample * c + k) * l.s() + p0;
                    if (t.d() != null) System.arraycopy(t.d(), lo, g[k], 0, np);
                    else for (int j = 0; j < np; j++) g[k][j] = t.f()[lo + j];
                }
            }
        }

        void sums(Target t, Layout l, Formula fm, int sample, int p0, int np, int n0, double[] local) {
            targets(t, l, sample, p0, np);
            for (int k = l.c0(); k < l.c(); k++) {
                double[] pk = p[k], gk = g[k];
                double s0 = 0, s1 = 0, s2 = 0;
                for (int j = 0; j < np; j++) {
                    double pj = pk[j], gj = gk[j];
                    s0 += pj * gj;
                    if (fm.tversky()) {
                        s1 += pj * (1.0 - gj);
                        s2 += (1.0 - pj) * gj;
                    } else if (fm.squared()) {
                        s1 += gj * gj;
                        s2 += pj * pj;
                    } else {
                        s1 += gj;
                        s2 += pj;
                    }
                }
                int at = 3 * localGroup(l, sample, k, n0);
                local[at] += s0;
                local[at + 1] += s1;
                local[at + 2] += s2;
            }
        }

        void gradient(Target t, Layout l, Activation act, Formula fm, double[] ab, int sample, int p0, int np, float[] gf, double[] gd) {
            targets(t, l, sample, p0, np);
            int c = l.c(), s = l.s();
            for (int k = 0; k < c; k++) {
                double[] uk = u[k];
                if (k < l.c0()) {
                    Arrays.fill(uk, 0, np, 0.0);
                    continue;
                }
                int gi = 2 * l.group(sample, k);
                double a = ab[gi], b = ab[gi + 1];
                double[] gk = g[k], pk = p[k];
                for (int j = 0; j < np; j++) uk[j] = a * gk[j] + b * (fm.squared() ? 2.0 * pk[j] : 1.0);
            }
            if (act == Activation.SIGMOID) {
                for (int k = 0; k < c; k++) {
                    double[] uk = u[k], pk = p[k];
                    for (int j = 0; j < np; j++) uk[j] = uk[j] * (1.0 - pk[j]) * pk[j];
                }
            } else if (act == Activation.SOFTMAX) {
                Arrays.fill(dot, 0, np, 0.0);
                for (int k = 0; k < c; k++) {
                    double[] uk = u[k], pk = p[k];
                    for (int j = 0; j < np; j++) dot[j] += uk[j] * pk[j];
                }
                for (int k = 0; k < c; k++) {
                    double[] uk = u[k], pk = p[k];
                    for (int j = 0; j < np; j++) uk[j] = (uk[j] - dot[j]) * pk[j];
                }
            }
            int base = sample * c * s + p0;
            for (int k = 0; k < c; k++) {
                double[] uk = u[k];
                if (gd != null) System.arraycopy(uk, 0, gd, base + k * s, np);
                else for (int j = 0; j < np; j++) gf[base + k * s + j] = (float) uk[j];
            }
        }
    }
}
