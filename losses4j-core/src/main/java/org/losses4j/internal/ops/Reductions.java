package org.losses4j.internal.ops;

import java.util.Arrays;
import org.losses4j.DType;
import org.losses4j.Shape;
import org.losses4j.Tensor;
import org.losses4j.ValuesIndices;
import org.losses4j.autograd.Autograd;
import org.losses4j.autograd.Node;

/**
 * Reductions (sum, mean, max/min, argmax, logsumexp, p-norms), forward next to backward. Float sums
 * accumulate in double so a float32 mean over millions of elements keeps its accuracy.
 */
public final class Reductions {
    private Reductions() {}

    /**
     * The reduction geometry: for an input of shape s reduced over a set of dims, each output element
     * gathers the inputs sharing its kept coordinates. {@code groups[o]} lists the C-order input positions
     * of output o in order.
     */
    static final class Plan {
        final int[] inShape, outShape, keptShape;
        final boolean[] reduced;
        final int outN, groupN;

        Plan(int[] inShape, int[] dims, boolean keepdim) {
            this.inShape = inShape;
            int r = inShape.length;
            reduced = new boolean[r];
            for (int d : dims) {
                int w = Shape.wrapDim(d, r);
                if (r == 0) continue;
                if (reduced[w]) throw new IllegalArgumentException("dim " + w + " appears multiple times in the list of dims");
                reduced[w] = true;
            }
            keptShape = new int[r];
            int outRank = 0;
            for (int i = 0; i < r; i++) {
                keptShape[i] = reduced[i] ? 1 : inShape[i];
                if (!reduced[i]) outRank++;
            }
            if (keepdim) outShape = keptShape.clone();
            else {
                outShape = new int[outRank];
                int k = 0;
                for (int i = 0; i < r; i++) if (!reduced[i]) outShape[k++] = inShape[i];
            }
            outN = Shape.numel(keptShape);
            int g = 1;
            for (int i = 0; i < r; i++) if (reduced[i]) g *= inShape[i];
            groupN = r == 0 ? 1 : g;
        }

        /** For each input position (C order), the output position it reduces into. */
        int[] outIndexOfInput() {
            int n = Shape.numel(inShape);
            int[] st = Shape.contiguousStrides(keptShape);
            for (int i = 0; i < st.length; i++) if (reduced[i]) st[i] = 0;
            return Shape.offsets(inShape, st, 0);
        }
    }

    private static int[] allDims(int rank) {
        int[] d = new int[rank];
        for (int i = 0; i < rank; i++) d[i] = i;
        return d;
    }

    /** g (of the reduced shape) broadcast back to the input's shape, as a value per input position. */
    static double[] expandBack(Tensor g, Plan p) {
        Tensor gk = g.reshape(p.keptShape);
        return Elementwise.doubles(gk, p.inShape);
    }

    // ------------------------------------------------------------------ sum / mean

    public static Tensor sumAll(Tensor a) { return sum(a, allDims(a.dim()), false); }

    /** Sum over dims (an empty dims array sums everything, as PyTorch's {@code dim=[]} does). */
    public static Tensor sum(Tensor a, int[] dims, boolean keepdim) {
        if (dims.length == 0) dims = allDims(a.dim());
        Plan p = new Plan(a.shape(), dims, keepdim);
        int[] map = p.outIndexOfInput();
        Tensor out;
        if (a.dtype().isFloatingPoint()) {
            double[] v = Elementwise.doubles(a, p.inShape);
            double[] acc = new double[p.outN];
            for (int i = 0; i < v.length; i++) acc[map[i]] += v[i];
            out = Elementwise.fromDoubles(a.dtype(), acc, p.outShape);
        } else {
            long[] v = Elementwise.longs(a, p.inShape);
            long[] acc = new long[p.outN];
            for (int i = 0; i < v.length; i++) acc[map[i]] += v[i];
            out = Tensor.wrap(DType.INT64, acc, p.outShape);
        }
        if (Autograd.needsGraph(a)) {
            final boolean all = p.outShape.length == 0 && !keepdim;
            out.attachGradFn(new Node(all && dimsCoverAll(dims, a.dim()) ? "SumBackward0" : "SumBackward1", a) {
                // d/dx_i sum = 1: the gradient is g broadcast back
                @Override protected Tensor[] backward(Tensor g) {
                    return new Tensor[] {g.reshape(p.keptShape).expand(p.inShape)};
                }
                @Override protected boolean savesState() { return false; }
            });
        }
        return out;
    }

    private static boolean dimsCoverAll(int[] dims, int rank) { return dims.length == rank; }

    public static Tensor meanAll(Tensor a) { return mean(a, allDims(a.dim()), false); }

    public static Tensor mean(Tensor a, int[] dims, boolean keepdim) {
        if (!a.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: "
                    + (a.dtype() == DType.INT64 ? "Long" : "Bool"));
        }
        if (dims.length == 0) dims = allDims(a.dim());
        Plan p = new Plan(a.shape(), dims, keepdim);
        int[] map = p.outIndexOfInput();
        double[] v = Elementwise.doubles(a, p.inShape);
        double[] acc = new double[p.outN];
        for (int i = 0; i < v.length; i++) acc[map[i]] += v[i];
        for (int i = 0; i < acc.length; i++) acc[i] /= p.groupN;
        Tensor out = Elementwise.fromDoubles(a.dtype(), acc, p.outShape);
        if (Autograd.needsGraph(a)) {
            boolean all = dims.length == a.dim() && !keepdim;
            out.attachGradFn(new Node(all ? "MeanBackward0" : "MeanBackward1", a) {
                // d/dx_i mean = 1/n
                @Override protected Tensor[] backward(Tensor g) {
                    return new Tensor[] {Elementwise.divScalar(g.reshape(p.keptShape).expand(p.inShape), p.groupN)};
                }
                @Override protected boolean savesState() { return false; }
            });
        }
        return out;
    }

    // ------------------------------------------------------------------ max / min / argmax

    private static void requireNonEmpty(Tensor a, String op, Integer dim) {
        if (a.numel() == 0) {
            if (dim == null) {
                throw new IllegalArgumentException(op + "(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.");
            }
            throw new IllegalArgumentException(op + "(): Expected reduction dim " + dim + " to have non-zero size.");
        }
    }

    private static boolean better(double x, double best, boolean max) {
        if (Double.isNaN(best)) return false;
        if (Double.isNaN(x)) return true;
        return max ? x > best : x < best;
    }

    /** Full max/min (0-d). Its gradient is shared evenly among all elements equal to the result. */
    public static Tensor maxAll(Tensor a, boolean max) {
        requireNonEmpty(a, max ? "max" : "min", null);
        int[] sh = a.shape();
        if (a.dtype() == DType.INT64) {
            long[] v = Elementwise.longs(a, sh);
            long best = v[0];
            for (long x : v) best = max ? Math.max(best, x) : Math.min(best, x);
            return Tensor.scalar(best, DType.INT64);
        }
        double[] v = Elementwise.doubles(a, sh);
        double best = v[0];
        for (double x : v) if (better(x, best, max)) best = x;
        Tensor out = Elementwise.fromDoubles(a.dtype(), new double[] {best}, new int[0]);
        if (Autograd.needsGraph(a)) {
            final double b = best;
            out.attachGradFn(new Node(max ? "MaxBackward1" : "MinBackward1", a) {
                // values were copied in the forward; saved as PyTorch saves them, so an in-place change fails the same way
                { save(a); saveOutput(out); }

                @Override protected Tensor[] backward(Tensor g) {
                    int count = 0;
                    for (double x : v) if (x == b || (Double.isNaN(b) && Double.isNaN(x))) count++;
                    double share = g.item() / count;
                    double[] r = new double[v.length];
                    for (int i = 0; i < v.length; i++) if (v[i] == b || (Double.isNaN(b) && Double.isNaN(v[i]))) r[i] = share;
                    return new Tensor[] {Elementwise.fromDoubles(input(0).dtype(), r, sh)};
                }
            });
        }
        return out;
    }

    /** Max/min along a dim: values and the index of the first extreme (nan counts as extreme). */
    public static ValuesIndices maxDim(Tensor a, int dim, boolean keepdim, boolean max) {
        int d = Shape.wrapDim(dim, a.dim());
        int[] sh = a.shape();
        if (a.dim() > 0 && sh[d] == 0) requireNonEmpty(a, max ? "max" : "min", d);
        Plan p = new Plan(sh, new int[] {d}, keepdim);
        int[] map = p.outIndexOfInput();
        int len = a.dim() == 0 ? 1 : sh[d];
        int inner = 1;
        for (int i = d + 1; i < sh.length; i++) inner *= sh[i];
        long[] idx = new long[p.outN];
        boolean[] seen = new boolean[p.outN];
        Tensor values;
        if (a.dtype() == DType.INT64) {
            long[] v = Elementwise.longs(a, sh);
            long[] best = new long[p.outN];
            for (int i = 0; i < v.length; i++) {
                int o = map[i];
                if (!seen[o] || (max ? v[i] > best[o] : v[i] < best[o])) { best[o] = v[i]; idx[o] = (i / inner) % len; seen[o] = true; }
            }
            values = Tensor.wrap(DType.INT64, best, p.outShape);
        } else {
            double[] v = Elementwise.doubles(a, sh);
            double[] best = new double[p.outN];
            for (int i = 0; i < v.length; i++) {
                int o = map[i];
                if (!seen[o] || better(v[i], best[o], max)) { best[o] = v[i]; idx[o] = (i / inner) % len; seen[o] = true; }
            }
            values = Elementwise.fromDoubles(a.dtype(), best, p.outShape);
        }
        Tensor indices = Tensor.wrap(DType.INT64, idx, p.outShape);
        if (Autograd.needsGraph(a)) {
            final int innerF = inner, lenF = len;
            values.attachGradFn(new Node(max ? "MaxBackward0" : "MinBackward0", a) {
                // the gradient goes to the selected element of each slice
                @Override protected Tensor[] backward(Tensor g) {
                    double[] gv = Elementwise.doubles(g.reshape(p.keptShape), p.keptShape);
                    double[] r = new double[Shape.numel(sh)];
                    for (int i = 0; i < r.length; i++) {
                        int o = map[i];
                        if ((i / innerF) % lenF == idx[o]) r[i] = gv[o];
                    }
                    return new Tensor[] {Elementwise.fromDoubles(input(0).dtype(), r, sh)};
                }
            });
        }
        return new ValuesIndices(values, indices);
    }

    /** Flat index of the largest element (the first one on ties; nan wins). */
    public static Tensor argmaxAll(Tensor a) {
        requireNonEmpty(a, "argmax", null);
        return maxDim(a.reshape(-1), 0, false, true).indices();
    }

    // ------------------------------------------------------------------ logsumexp

    /** log(sum(exp(x))) over dims, stable: m + log(sum(exp(x - m))). d/dx_i = exp(x_i - out). */
    public static Tensor logsumexp(Tensor a, int[] dims, boolean keepdim) {
        if (dims.length == 0) dims = allDims(a.dim());
        Tensor af = a.dtype().isFloatingPoint() ? a : a.to(DType.FLOAT32);
        Plan p = new Plan(af.shape(), dims, keepdim);
        int[] map = p.outIndexOfInput();
        double[] v = Elementwise.doubles(af, p.inShape);
        double[] m = new double[p.outN];
        Arrays.fill(m, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < v.length; i++) if (v[i] > m[map[i]] || Double.isNaN(v[i])) m[map[i]] = v[i];
        double[] s = new double[p.outN];
        for (int i = 0; i < v.length; i++) {
            double mm = Double.isInfinite(m[map[i]]) ? 0 : m[map[i]];
            s[map[i]] += Math.exp(v[i] - mm);
        }
        double[] r = new double[p.outN];
        for (int o = 0; o < r.length; o++) r[o] = Math.log(s[o]) + (Double.isInfinite(m[o]) ? 0 : m[o]);
        Tensor out = Elementwise.fromDoubles(af.dtype(), r, p.outShape);
        final double[] rr = Elementwise.doubles(out, p.outShape); // the rounded result, as PyTorch's backward sees it
        if (Autograd.needsGraph(a)) {
            out.attachGradFn(new Node("LogsumexpBackward0", a) {
                // values were copied in the forward; saved as PyTorch saves them, so an in-place change fails the same way
                { save(a); saveOutput(out); }

                @Override protected Tensor[] backward(Tensor g) {
                    double[] gv = expandBack(g, p);
                    double[] res = new double[v.length];
                    for (int i = 0; i < v.length; i++) res[i] = gv[i] * Math.exp(v[i] - rr[map[i]]);
                    return new Tensor[] {Elementwise.fromDoubles(input(0).dtype(), res, p.inShape)};
                }
            });
        }
        return out;
    }

    // ------------------------------------------------------------------ norms

    /**
     * {@code torch.linalg.vector_norm(x, ord=p, dim, keepdim)}: (sum |x|^p)^(1/p); p = inf is max |x|,
     * p = -inf min |x|, p = 0 counts non-zeros.
     * Backward: g * sign(x) |x|^(p-1) / norm^(p-1), 0 where the norm is 0; for inf the gradient is shared
     * evenly among the elements reaching the max.
     */
    public static Tensor norm(Tensor a, double ord, int[] dims, boolean keepdim) {
        if (!a.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("linalg.vector_norm: Expected a floating point or complex tensor as input. Got " + a.dtype().torchName());
        }
        if (dims == null || dims.length == 0) dims = allDims(a.dim());
        Plan p = new Plan(a.shape(), dims, keepdim);
        int[] map = p.outIndexOfInput();
        double[] v = Elementwise.doubles(a, p.inShape);
        double[] acc = new double[p.outN];
        boolean inf = Double.isInfinite(ord);
        if (inf) Arrays.fill(acc, ord > 0 ? 0 : Double.POSITIVE_INFINITY);
        for (int i = 0; i < v.length; i++) {
            double x = Math.abs(v[i]);
            int o = map[i];
            if (inf) acc[o] = ord > 0 ? (x > acc[o] || Double.isNaN(x) ? x : acc[o]) : (x < acc[o] || Double.isNaN(x) ? x : acc[o]);
            else if (ord == 0) acc[o] += x != 0 ? 1 : 0;
            else if (ord == 1) acc[o] += x;
            else if (ord == 2) acc[o] += x * x;
            else acc[o] += Math.pow(x, ord);
        }
        if (!inf && ord != 0 && ord != 1) {
            for (int o = 0; o < acc.length; o++) acc[o] = ord == 2 ? Math.sqrt(acc[o]) : Math.pow(acc[o], 1 / ord);
        }
        Tensor out = Elementwise.fromDoubles(a.dtype(), acc, p.outShape);
        if (Autograd.needsGraph(a)) {
            out.attachGradFn(new Node("LinalgVectorNormBackward0", a) {
                // values were copied in the forward; saved as PyTorch saves them, so an in-place change fails the same way
                { save(a); saveOutput(out); }

                @Override protected Tensor[] backward(Tensor g) {
                    double[] gv = expandBack(g, p);
                    double[] res = new double[v.length];
                    int[] ties = null;
                    if (inf) {
                        ties = new int[p.outN];
                        for (int i = 0; i < v.length; i++) if (Math.abs(v[i]) == acc[map[i]]) ties[map[i]]++;
                    }
                    for (int i = 0; i < v.length; i++) {
                        double x = v[i], n = acc[map[i]];
                        double sgn = x > 0 ? 1 : x < 0 ? -1 : 0;
                        double d;
                        if (ord == 0) d = 0;
                        else if (inf) d = Math.abs(x) == n ? sgn / ties[map[i]] : 0;
                        else if (ord == 1) d = sgn;
                        else if (n == 0 || x == 0) d = 0;
                        else if (ord == 2) d = x / n;
                        else d = sgn * Math.pow(Math.abs(x), ord - 1) / Math.pow(n, ord - 1);
                        res[i] = gv[i] * d;
                    }
                    return new Tensor[] {Elementwise.fromDoubles(input(0).dtype(), res, p.inShape)};
                }
            });
        }
        return out;
    }
}
