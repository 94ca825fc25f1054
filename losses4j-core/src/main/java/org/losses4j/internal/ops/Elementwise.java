package org.losses4j.internal.ops;

import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongBinaryOperator;
import org.losses4j.DType;
import org.losses4j.Shape;
import org.losses4j.Tensor;
import org.losses4j.autograd.Autograd;
import org.losses4j.autograd.Node;

/**
 * Element-wise ops with NumPy/PyTorch broadcasting, each forward next to its backward.
 *
 * <p>Values are computed in double and rounded once to the output dtype, which for +, -, *, / on float32
 * gives exactly float32 arithmetic's result. Integer (int64) arithmetic stays in long.
 */
public final class Elementwise {
    private Elementwise() {}

    /** Comparison kinds for {@link #compare}. */
    public enum Cmp { EQ, NE, LT, LE, GT, GE }

    // ------------------------------------------------------------------ machinery

    /** Values of t expanded to shape, as a fresh double[] in C order. */
    static double[] doubles(Tensor t, int[] shape) {
        int n = Shape.numel(shape);
        double[] out = new double[n];
        int[] st = Shape.expandStrides(t.shape(), t.strides(), shape);
        if (java.util.Arrays.equals(t.shape(), shape) && t.isContiguous()) {
            int o = t.storageOffset();
            Object s = t.storage();
            if (s instanceof float[]) { float[] f = (float[]) s; for (int i = 0; i < n; i++) out[i] = f[o + i]; }
            else if (s instanceof double[]) System.arraycopy(s, o, out, 0, n);
            else for (int i = 0; i < n; i++) out[i] = t.getAsDouble(o + i);
            return out;
        }
        int[] offs = Shape.offsets(shape, st, t.storageOffset());
        for (int i = 0; i < n; i++) out[i] = t.getAsDouble(offs[i]);
        return out;
    }

    /** Values of t expanded to shape, as a fresh long[] in C order. */
    static long[] longs(Tensor t, int[] shape) {
        int n = Shape.numel(shape);
        long[] out = new long[n];
        int[] offs = Shape.offsets(shape, Shape.expandStrides(t.shape(), t.strides(), shape), t.storageOffset());
        for (int i = 0; i < n; i++) out[i] = t.getAsLong(offs[i]);
        return out;
    }

    /** Values of t expanded to shape, as a fresh boolean[] (non-zero is true). */
    static boolean[] bools(Tensor t, int[] shape) {
        int n = Shape.numel(shape);
        boolean[] out = new boolean[n];
        int[] offs = Shape.offsets(shape, Shape.expandStrides(t.shape(), t.strides(), shape), t.storageOffset());
        for (int i = 0; i < n; i++) out[i] = t.getAsDouble(offs[i]) != 0;
        return out;
    }

    /** A contiguous tensor of dtype from double values (rounded once). */
    static Tensor fromDoubles(DType dtype, double[] v, int[] shape) {
        switch (dtype) {
            case FLOAT64: return Tensor.wrap(DType.FLOAT64, v, shape);
            case FLOAT32: { float[] f = new float[v.length]; for (int i = 0; i < v.length; i++) f[i] = (float) v[i]; return Tensor.wrap(DType.FLOAT32, f, shape); }
            case INT64: { long[] l = new long[v.length]; for (int i = 0; i < v.length; i++) l[i] = (long) v[i]; return Tensor.wrap(DType.INT64, l, shape); }
            default: { boolean[] b = new boolean[v.length]; for (int i = 0; i < v.length; i++) b[i] = v[i] != 0; return Tensor.wrap(DType.BOOL, b, shape); }
        }
    }

    private static Tensor map(Tensor a, DType out, DoubleUnaryOperator f) {
        int[] sh = a.shape();
        double[] v = doubles(a, sh);
        for (int i = 0; i < v.length; i++) v[i] = f.applyAsDouble(v[i]);
        return fromDoubles(out, v, sh);
    }

    private static Tensor zip(Tensor a, Tensor b, DType out, DoubleBinaryOperator f, LongBinaryOperator fl) {
        int[] sh = Shape.broadcast(a.shape(), b.shape());
        if (out == DType.INT64 && fl != null) {
            long[] x = longs(a, sh), y = longs(b, sh);
            for (int i = 0; i < x.length; i++) x[i] = fl.applyAsLong(x[i], y[i]);
            return Tensor.wrap(DType.INT64, x, sh);
        }
        double[] x = doubles(a, sh), y = doubles(b, sh);
        for (int i = 0; i < x.length; i++) x[i] = f.applyAsDouble(x[i], y[i]);
        return fromDoubles(out, x, sh);
    }

    /** The float dtype an op on t computes in: t's own if floating, else float32 (PyTorch's default dtype). */
    static DType floatOf(DType t) { return t.isFloatingPoint() ? t : DType.FLOAT32; }

    /** Result dtype of tensor OP python-float scalar. */
    static DType withFloatScalar(DType t) { return floatOf(t); }

    /** Result dtype of tensor OP tensor for arithmetic (bool+bool arithmetic gives int64 here). */
    static DType arith(Tensor a, Tensor b) {
        DType d = resultType(a, b);
        return d == DType.BOOL ? DType.INT64 : d;
    }

    /**
     * PyTorch's {@code torch.result_type} for tensors: dimensioned tensors decide within a category
     * (bool < integer < floating); a 0-d tensor only matters when its category is higher
     * (0-d float64 + float32[4] is float32, 0-d float64 + int64[4] is float64).
     */
    public static DType resultType(Tensor... ts) {
        DType dim = null, zero = null;
        for (Tensor t : ts) {
            if (t == null) continue;
            if (t.dim() > 0) dim = dim == null ? t.dtype() : DType.promote(dim, t.dtype());
            else zero = zero == null ? t.dtype() : DType.promote(zero, t.dtype());
        }
        if (dim == null) return zero;
        if (zero == null || dim.isFloatingPoint()) return dim;
        if (dim == DType.BOOL || zero.isFloatingPoint()) return DType.promote(dim, zero);
        return dim;
    }

    private static void requireNonBoolNeg(Tensor a) {
        if (a.dtype() == DType.BOOL) {
            throw new IllegalArgumentException("Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask,"
                    + " use the `~` or `logical_not()` operator instead.");
        }
    }

    // ------------------------------------------------------------------ copy / dtype

    /** Copies src (broadcast to dst's shape) into dst, in place. */
    public static void copyInto(Tensor dst, Tensor src) {
        int[] sh = dst.shape();
        int[] offs = dst.elementOffsets();
        Object s = dst.storage();
        if (dst.dtype() == DType.INT64) {
            long[] v = longs(src, sh);
            for (int i = 0; i < v.length; i++) ((long[]) s)[offs[i]] = v[i];
            return;
        }
        double[] v = doubles(src, sh);
        for (int i = 0; i < v.length; i++) {
            switch (dst.dtype()) {
                case FLOAT32: ((float[]) s)[offs[i]] = (float) v[i]; break;
                case FLOAT64: ((double[]) s)[offs[i]] = v[i]; break;
                default: ((boolean[]) s)[offs[i]] = v[i] != 0; break;
            }
        }
    }

    /** {@code dst += src} in place (src broadcast to dst); used by the engine to accumulate leaf gradients. */
    public static void addInPlace(Tensor dst, Tensor src) {
        int[] sh = dst.shape();
        double[] v = doubles(src, sh);
        int[] offs = dst.elementOffsets();
        Object s = dst.storage();
        for (int i = 0; i < v.length; i++) {
            if (s instanceof float[]) ((float[]) s)[offs[i]] += (float) v[i];
            else if (s instanceof double[]) ((double[]) s)[offs[i]] += v[i];
            else throw new IllegalArgumentException("in-place add into " + dst.dtype().torchName() + " is not supported");
        }
    }

    /** {@code tensor.to(dtype)}: float-to-float conversions carry the gradient (ToCopyBackward0). */
    public static Tensor to(Tensor a, DType target) {
        if (a.dtype() == target) return a;
        Tensor out;
        if (target == DType.INT64) out = Tensor.wrap(DType.INT64, longs(a, a.shape()), a.shape());
        else if (target == DType.BOOL) out = Tensor.wrap(DType.BOOL, bools(a, a.shape()), a.shape());
        else out = fromDoubles(target, doubles(a, a.shape()), a.shape());
        if (target.isFloatingPoint() && Autograd.needsGraph(a)) {
            final DType src = a.dtype();
            out.attachGradFn(new Node("ToCopyBackward0", a) {
                @Override protected Tensor[] backward(Tensor g) { return new Tensor[] {g.to(src)}; }
                @Override protected boolean savesState() { return false; }
            });
        }
        return out;
    }

    // ------------------------------------------------------------------ binary arithmetic

    public static Tensor add(Tensor a, Tensor b) {
        Tensor out = zip(a, b, arith(a, b), Double::sum, Long::sum);
        if (Autograd.needsGraph(a, b)) {
            final int[] as = a.shape(), bs = b.shape();
            out.attachGradFn(new Node("AddBackward0", a, b) {
                @Override protected Tensor[] backward(Tensor g) {
                    return new Tensor[] {needsInputGrad(0) ? Autograd.sumToShape(g, as) : null, needsInputGrad(1) ? Autograd.sumToShape(g, bs) : null};
                }
                @Override protected boolean savesState() { return false; }
            });
        }
        return out;
    }

    public static Tensor sub(Tensor a, Tensor b) {
        if (a.dtype() == DType.BOOL && b.dtype() == DType.BOOL) {
            throw new IllegalArgumentException("Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or"
                    + " `logical_xor()` operator instead.");
        }
        Tensor out = zip(a, b, arith(a, b), (x, y) -> x - y, (x, y) -> x - y);
        if (Autograd.needsGraph(a, b)) {
            final int[] as = a.shape(), bs = b.shape();
            out.attachGradFn(new Node("SubBackward0", a, b) {
                @Override protected Tensor[] backward(Tensor g) {
                    return new Tensor[] {needsInputGrad(0) ? Autograd.sumToShape(g, as) : null, needsInputGrad(1) ? Autograd.sumToShape(g.neg(), bs) : null};
                }
                @Override protected boolean savesState() { return false; }
            });
        }
        return out;
    }

    public static Tensor mul(Tensor a, Tensor b) {
        Tensor out = zip(a, b, arith(a, b), (x, y) -> x * y, (x, y) -> x * y);
        if (Autograd.needsGraph(a, b)) {
            out.attachGradFn(new Node("MulBackward0", a, b) {
                // d(ab)/da = b needs b; d(ab)/db = a needs a: each saved only when used, as PyTorch
                private final Tensor sx = needsInputGrad(1) ? save(a) : a.detach();
                private final Tensor sy = needsInputGrad(0) ? save(b) : b.detach();

                @Override protected Tensor[] backward(Tensor g) {
                    Tensor x = sx, y = sy;
                    return new Tensor[] {needsInputGrad(0) ? Autograd.sumToShape(mul(g, y), x.shape()).to(x.dtype()) : null,
                                         needsInputGrad(1) ? Autograd.sumToShape(mul(g, x), y.shape()).to(y.dtype()) : null};
                }
            });
        }
        return out;
    }

    public static Tensor div(Tensor a, Tensor b) {
        DType dt = floatOf(resultType(a, b));
        Tensor out = zip(a, b, dt, (x, y) -> x / y, null);
        if (Autograd.needsGraph(a, b)) {
            out.attachGradFn(new Node("DivBackward0", a, b) {
                private final Tensor sx = needsInputGrad(1) ? save(a) : a.detach();
                private final Tensor sy = save(b);

                @Override protected Tensor[] backward(Tensor g) {
                    Tensor x = sx, y = sy;
                    // d(a/b)/da = 1/b ; d(a/b)/db = -a/b^2
                    return new Tensor[] {needsInputGrad(0) ? Autograd.sumToShape(div(g, y), x.shape()).to(x.dtype()) : null,
                                         needsInputGrad(1) ? Autograd.sumToShape(div(mul(g.neg(), x), mul(y, y)), y.shape()).to(y.dtype()) : null};
                }
            });
        }
        return out;
    }

    public static Tensor pow(Tensor a, Tensor b) {
        Tensor out = zip(a, b, arith(a, b), Elementwise::powValue, (x, y) -> {
            if (y < 0) throw new IllegalArgumentException("Integers to negative integer powers are not allowed.");
            long r = 1;
            for (long k = 0; k < y; k++) r *= x;
            return r;
        });
        if (Autograd.needsGraph(a, b)) {
            final Tensor result = out.detach();
            out.attachGradFn(new Node("PowBackward1", a, b) {
                private final Tensor sx = save(a), sy = save(b), sr = saveOutput(result);

                @Override protected Tensor[] backward(Tensor g) {
                    Tensor x = sx, y = sy;
                    Tensor ga = null, gb = null;
                    if (needsInputGrad(0)) {
                        // d/da a^b = b * a^(b-1), defined as 0 where b == 0
                        int[] sh = Shape.broadcast(x.shape(), y.shape());
                        double[] xv = doubles(x, sh), yv = doubles(y, sh), gv = doubles(g, sh);
                        // computed as PyTorch does, grad * (b * a^(b-1)), rounding each step at the gradient's precision
                        boolean f32 = g.dtype() == DType.FLOAT32;
                        for (int i = 0; i < xv.length; i++) {
                            if (yv[i] == 0) { xv[i] = 0; continue; }
                            double pw = powValue(xv[i], yv[i] - 1);
                            double t = f32 ? (float) (yv[i] * (f32 ? (float) pw : pw)) : yv[i] * pw;
                            xv[i] = gv[i] * t;
                        }
                        ga = Autograd.sumToShape(fromDoubles(g.dtype(), xv, sh), x.shape()).to(x.dtype());
                    }
                    if (needsInputGrad(1)) {
                        // d/db a^b = a^b * log(a), defined as 0 where a == 0 and b >= 0
                        int[] sh = Shape.broadcast(x.shape(), y.shape());
                        double[] xv = doubles(x, sh), yv = doubles(y, sh), gv = doubles(g, sh), rv = doubles(sr, sh);
                        for (int i = 0; i < xv.length; i++) xv[i] = (xv[i] == 0 && yv[i] >= 0) ? 0 : gv[i] * rv[i] * Math.log(xv[i]);
                        gb = Autograd.sumToShape(fromDoubles(g.dtype(), xv, sh), y.shape()).to(y.dtype());
                    }
                    return new Tensor[] {ga, gb};
                }
            });
        }
        return out;
    }

    private static Tensor minMax(Tensor a, Tensor b, boolean max) {
        Tensor out = zip(a, b, resultType(a, b), (x, y) -> {
            if (Double.isNaN(x) || Double.isNaN(y)) return Double.NaN;
            return max ? Math.max(x, y) : Math.min(x, y);
        }, (x, y) -> max ? Math.max(x, y) : Math.min(x, y));
        if (Autograd.needsGraph(a, b)) {
            out.attachGradFn(new Node(max ? "MaximumBackward0" : "MinimumBackward0", a, b) {
                private final Tensor sx = save(a), sy = save(b);

                @Override protected Tensor[] backward(Tensor g) {
                    // gradient goes to the larger (smaller) input; ties split it in half
                    Tensor x = sx, y = sy;
                    int[] sh = Shape.broadcast(x.shape(), y.shape());
                    double[] xv = doubles(x, sh), yv = doubles(y, sh), gv = doubles(g, sh);
                    double[] gx = new double[gv.length], gy = new double[gv.length];
                    for (int i = 0; i < gv.length; i++) {
                        if (Double.isNaN(xv[i]) || Double.isNaN(yv[i])) { gx[i] = gv[i]; gy[i] = gv[i]; }
                        else if (xv[i] == yv[i]) { gx[i] = gv[i] / 2; gy[i] = gv[i] / 2; }
                        else if ((xv[i] > yv[i]) == max) gx[i] = gv[i];
                        else gy[i] = gv[i];
                    }
                    return new Tensor[] {needsInputGrad(0) ? Autograd.sumToShape(fromDoubles(g.dtype(), gx, sh), x.shape()).to(x.dtype()) : null,
                                         needsInputGrad(1) ? Autograd.sumToShape(fromDoubles(g.dtype(), gy, sh), y.shape()).to(y.dtype()) : null};
                }
            });
        }
        return out;
    }

    /** C's pow: 1^y = 1 and x^0 = 1 even for nan (Java's Math.pow gives nan for 1^nan). */
    public static double powValue(double x, double y) {
        if (x == 1 || y == 0) return 1;
        return Math.pow(x, y);
    }

    public static Tensor maximum(Tensor a, Tensor b) { return minMax(a, b, true); }

    public static Tensor minimum(Tensor a, Tensor b) { return minMax(a, b, false); }

    /** {@code torch.where(condition, a, b)}; the condition must be bool. */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) {
        if (cond.dtype() != DType.BOOL) {
            throw new IllegalArgumentException("where expected condition to be a boolean tensor, but got a tensor with dtype " + LinearAlgebra.scalarTypeName(cond.dtype()));
        }
        int[] sh = Shape.broadcast(Shape.broadcast(cond.shape(), a.shape()), b.shape());
        DType dt = resultType(a, b);
        boolean[] c = bools(cond, sh);
        Tensor out;
        if (dt == DType.INT64 || dt == DType.BOOL) {
            long[] x = longs(a, sh), y = longs(b, sh);
            for (int i = 0; i < x.length; i++) if (!c[i]) x[i] = y[i];
            out = dt == DType.INT64 ? Tensor.wrap(DType.INT64, x, sh) : to(Tensor.wrap(DType.INT64, x, sh), DType.BOOL);
        } else {
            double[] x = doubles(a, sh), y = doubles(b, sh);
            for (int i = 0; i < x.length; i++) if (!c[i]) x[i] = y[i];
            out = fromDoubles(dt, x, sh);
        }
        if (Autograd.needsGraph(a, b)) {
            out.attachGradFn(new Node("WhereBackward0", a, b) {
                @Override protected Tensor[] backward(Tensor g) {
                    double[] gv = doubles(g, sh);
                    double[] ga = new double[gv.length], gb = new double[gv.length];
                    for (int i = 0; i < gv.length; i++) { if (c[i]) ga[i] = gv[i]; else gb[i] = gv[i]; }
                    Tensor x = input(0), y = input(1);
                    return new Tensor[] {needsInputGrad(0) ? Autograd.sumToShape(fromDoubles(g.dtype(), ga, sh), x.shape()).to(x.dtype()) : null,
                                         needsInputGrad(1) ? Autograd.sumToShape(fromDoubles(g.dtype(), gb, sh), y.shape()).to(y.dtype()) : null};
                }
            });
        }
        return out;
    }

    /** Element-wise comparison to a bool tensor (not differentiable). */
    public static Tensor compare(Tensor a, Tensor b, Cmp cmp) {
        int[] sh = Shape.broadcast(a.shape(), b.shape());
        boolean[] out = new boolean[Shape.numel(sh)];
        if (a.dtype() == DType.INT64 && b.dtype() == DType.INT64) {
            long[] x = longs(a, sh), y = longs(b, sh);
            for (int i = 0; i < out.length; i++) out[i] = test(Long.compare(x[i], y[i]), cmp, false);
        } else {
            double[] x = doubles(a, sh), y = doubles(b, sh);
            for (int i = 0; i < out.length; i++) {
                boolean nan = Double.isNaN(x[i]) || Double.isNaN(y[i]);
                out[i] = test(nan ? 0 : Double.compare(x[i] == 0 ? 0.0 : x[i], y[i] == 0 ? 0.0 : y[i]), cmp, nan);
            }
        }
        return Tensor.wrap(DType.BOOL, out, sh);
    }

    private static boolean test(int c, Cmp cmp, boolean nan) {
        if (nan) return cmp == Cmp.NE;
        switch (cmp) {
            case EQ: return c == 0;
            case NE: return c != 0;
            case LT: return c < 0;
            case LE: return c <= 0;
            case GT: return c > 0;
            default: return c >= 0;
        }
    }

    /** Comparison with a scalar. */
    public static Tensor compareScalar(Tensor a, double s, Cmp cmp) {
        return compare(a, Tensor.scalar(s, a.dtype() == DType.INT64 && s == Math.rint(s) ? DType.INT64 : DType.FLOAT64), cmp);
    }

    // ------------------------------------------------------------------ tensor OP scalar

    private static Tensor scalarOp(Tensor a, String name, DType out, DoubleUnaryOperator f, java.util.function.UnaryOperator<Tensor> grad) {
        Tensor r = map(a, out, f);
        if (Autograd.needsGraph(a)) {
            r.attachGradFn(new Node(name, a) {
                @Override protected Tensor[] backward(Tensor g) { return new Tensor[] {grad.apply(g).to(input(0).dtype())}; }
                @Override protected boolean savesState() { return false; }
            });
        }
        return r;
    }

    private static boolean isIntegral(double s) { return s == Math.rint(s) && !Double.isInfinite(s); }

    public static Tensor addScalar(Tensor a, double s) {
        if (a.dtype() == DType.INT64 && isIntegral(s)) return add(a, Tensor.scalar(s, DType.INT64));
        return scalarOp(a, "AddBackward1", withFloatScalar(a.dtype()), x -> x + s, g -> g);
    }

    public static Tensor subScalar(Tensor a, double s) {
        if (a.dtype() == DType.INT64 && isIntegral(s)) return sub(a, Tensor.scalar(s, DType.INT64));
        return scalarOp(a, "SubBackward1", withFloatScalar(a.dtype()), x -> x - s, g -> g);
    }

    public static Tensor rsubScalar(Tensor a, double s) {
        if (a.dtype() == DType.INT64 && isIntegral(s)) return sub(Tensor.scalar(s, DType.INT64), a);
        return scalarOp(a, "RsubBackward1", withFloatScalar(a.dtype()), x -> s - x, Tensor::neg);
    }

    public static Tensor mulScalar(Tensor a, double s) {
        if (a.dtype() == DType.INT64 && isIntegral(s)) return mul(a, Tensor.scalar(s, DType.INT64));
        return scalarOp(a, "MulBackward1", withFloatScalar(a.dtype()), x -> x * s, g -> g.mul(s));
    }

    public static Tensor divScalar(Tensor a, double s) {
        return scalarOp(a, "DivBackward1", withFloatScalar(a.dtype()), x -> x / s, g -> g.div(s));
    }

    public static Tensor rdivScalar(Tensor a, double s) {
        Tensor r = map(a, withFloatScalar(a.dtype()), x -> s / x);
        if (Autograd.needsGraph(a)) {
            r.attachGradFn(new Node("DivBackward0", a) {
                private final Tensor x = save(a);

                @Override protected Tensor[] backward(Tensor g) { return new Tensor[] {div(g.mul(-s), mul(x, x)).to(x.dtype())}; }
            });
        }
        return r;
    }

    /** {@code a ** e} for a scalar exponent (PowBackward0; the gradient is 0 where e == 0). */
    public static Tensor powScalar(Tensor a, double e) {
        if (a.dtype() == DType.INT64 && isIntegral(e)) return pow(a, Tensor.scalar(e, DType.INT64));
        Tensor r = map(a, withFloatScalar(a.dtype()), x -> powValue(x, e));
        if (Autograd.needsGraph(a)) {
            r.attachGradFn(new Node("PowBackward0", a) {
                private final Tensor x = save(a);

                @Override protected Tensor[] backward(Tensor g) {
                    if (e == 0) return new Tensor[] {Tensor.zerosLike(x)};
                    int[] sh = x.shape();
                    double[] xv = doubles(x, sh), gv = doubles(g, sh);
                    for (int i = 0; i < xv.length; i++) xv[i] = gv[i] * e * Math.pow(xv[i], e - 1);
                    return new Tensor[] {fromDoubles(x.dtype(), xv, sh)};
                }
            });
        }
        return r;
    }

    /** {@code base ** a} for a scalar base (PowBackward2; gradient 0 where base == 0 and a >= 0). */
    public static Tensor rpowScalar(Tensor a, double base) {
        Tensor r = map(a, withFloatScalar(a.dtype()), x -> powValue(base, x));
        if (Autograd.needsGraph(a)) {
            final Tensor x = a.detach();
            r.attachGradFn(new Node("PowBackward2", a) {
                private final Tensor res = saveOutput(r);

                @Override protected Tensor[] backward(Tensor g) {
                    int[] sh = x.shape();
                    double[] xv = doubles(x, sh), gv = doubles(g, sh), rv = doubles(res, sh);
                    for (int i = 0; i < xv.length; i++) xv[i] = (base == 0 && xv[i] >= 0) ? 0 : gv[i] * rv[i] * Math.log(base);
                    return new Tensor[] {fromDoubles(x.dtype(), xv, sh)};
                }
            });
        }
        return r;
    }

    // ------------------------------------------------------------------ unary

    /** A differentiable unary op whose derivative is a function of (x, y = f(x)). */
    private static final int SAVES_INPUT = 0, SAVES_RESULT = 1, SAVES_NOTHING = 2;

    /**
     * A differentiable unary op whose derivative is a function of (x, y = f(x)); {@code saves} says which of the two
     * the node keeps (PyTorch's choice per op: an in-place change of the other one is no error), the other reads as 0.
     */
    private static Tensor unary(Tensor a, String name, int saves, DoubleUnaryOperator f, DoubleBinaryOperator dfdx) {
        Tensor r = map(a, floatOf(a.dtype()), f);
        if (Autograd.needsGraph(a)) {
            final int[] sh = a.shape();
            final DType dt = a.dtype();
            r.attachGradFn(new Node(name, a) {
                private final Tensor x = saves == SAVES_INPUT ? save(a) : null;
                private final Tensor y = saves == SAVES_RESULT ? saveOutput(r) : null;

                @Override protected Tensor[] backward(Tensor g) {
                    double[] gv = doubles(g, sh);
                    double[] xv = x == null ? null : doubles(x, sh), yv = y == null ? null : doubles(y, sh);
                    for (int i = 0; i < gv.length; i++) gv[i] = gv[i] * dfdx.applyAsDouble(xv == null ? 0 : xv[i], yv == null ? 0 : yv[i]);
                    return new Tensor[] {fromDoubles(dt, gv, sh)};
                }
                @Override protected boolean savesState() { return saves != SAVES_NOTHING; }
            });
        }
        return r;
    }

    public static Tensor neg(Tensor a) {
        requireNonBoolNeg(a);
        if (a.dtype() == DType.INT64) {
            long[] v = longs(a, a.shape());
            for (int i = 0; i < v.length; i++) v[i] = -v[i];
            return Tensor.wrap(DType.INT64, v, a.shape());
        }
        return scalarOp(a, "NegBackward0", a.dtype(), x -> -x, Elementwise::neg);
    }

    // d/dx e^x = e^x
    public static Tensor exp(Tensor a) { return unary(a, "ExpBackward0", SAVES_RESULT, Math::exp, (x, y) -> y); }

    // d/dx log x = 1/x
    public static Tensor log(Tensor a) { return unary(a, "LogBackward0", SAVES_INPUT, Math::log, (x, y) -> 1 / x); }

    // d/dx log(1+x) = 1/(1+x)
    public static Tensor log1p(Tensor a) { return unary(a, "Log1PBackward0", SAVES_INPUT, Math::log1p, (x, y) -> 1 / (1 + x)); }

    // d/dx (e^x - 1) = y + 1
    public static Tensor expm1(Tensor a) { return unary(a, "Expm1Backward0", SAVES_RESULT, Math::expm1, (x, y) -> y + 1); }

    // d/dx sqrt x = 1 / (2 sqrt x)
    public static Tensor sqrt(Tensor a) { return unary(a, "SqrtBackward0", SAVES_RESULT, Math::sqrt, (x, y) -> 1 / (2 * y)); }

    // d/dx sigmoid = y (1 - y)
    public static Tensor sigmoid(Tensor a) { return unary(a, "SigmoidBackward0", SAVES_RESULT, Elementwise::sigmoidValue, (x, y) -> y * (1 - y)); }

    // d/dx tanh = 1 - y^2
    public static Tensor tanh(Tensor a) { return unary(a, "TanhBackward0", SAVES_RESULT, Math::tanh, (x, y) -> 1 - y * y); }

    /** The logistic function, stable for large |x|. */
    public static double sigmoidValue(double x) {
        if (x >= 0) return 1 / (1 + Math.exp(-x));
        double e = Math.exp(x);
        return e / (1 + e);
    }

    /** |x|; integer tensors stay integer. d/dx |x| = sign(x) (0 at 0). */
    public static Tensor abs(Tensor a) {
        if (a.dtype() == DType.INT64) {
            long[] v = longs(a, a.shape());
            for (int i = 0; i < v.length; i++) v[i] = Math.abs(v[i]);
            return Tensor.wrap(DType.INT64, v, a.shape());
        }
        return unary(a, "AbsBackward0", SAVES_INPUT, Math::abs, (x, y) -> x > 0 ? 1 : x < 0 ? -1 : 0);
    }

    /** sign(x) in {-1, 0, 1} (nan stays nan); its gradient is 0. */
    public static Tensor sign(Tensor a) {
        if (!a.dtype().isFloatingPoint()) {
            return to(map(a, DType.FLOAT64, x -> Math.signum(x)), a.dtype());
        }
        return unary(a, "SignBackward0", SAVES_NOTHING, x -> x > 0 ? 1 : x < 0 ? -1 : 0, (x, y) -> 0);
    }

    /** max(x, 0); the gradient at 0 is 0. Integer tensors stay integer. */
    public static Tensor relu(Tensor a) {
        if (a.dtype() == DType.INT64) {
            long[] v = longs(a, a.shape());
            for (int i = 0; i < v.length; i++) v[i] = Math.max(v[i], 0);
            return Tensor.wrap(DType.INT64, v, a.shape());
        }
        Tensor r = map(a, a.dtype(), x -> x < 0 ? 0 : x); // keeps -0.0 and nan, as PyTorch
        if (Autograd.needsGraph(a)) {
            r.attachGradFn(new Node("ReluBackward0", a) {
                private final Tensor y = saveOutput(r);

                @Override protected Tensor[] backward(Tensor g) {
                    int[] sh = y.shape();
                    double[] yv = doubles(y, sh), gv = doubles(g, sh);
                    for (int i = 0; i < yv.length; i++) yv[i] = yv[i] <= 0 ? 0 : gv[i]; // nan passes g
                    return new Tensor[] {fromDoubles(y.dtype(), yv, sh)};
                }
            });
        }
        return r;
    }

    /**
     * {@code F.softplus}: log(1 + exp(beta x)) / beta, and x itself where beta x > threshold.
     * d/dx = z / (z + 1) with z = exp(beta x), or 1 above the threshold.
     */
    public static Tensor softplus(Tensor a, double beta, double threshold) {
        // exp is taken at the tensor's precision so float32 overflows where PyTorch's does (inf value, nan gradient)
        boolean f32 = a.dtype() != DType.FLOAT64;
        java.util.function.DoubleUnaryOperator ex = v -> f32 ? (float) Math.exp((float) v) : Math.exp(v);
        return unary(a, "SoftplusBackward0", SAVES_INPUT,
                x -> x * beta > threshold ? x : Math.log1p(ex.applyAsDouble(x * beta)) / beta,
                (x, y) -> {
                    if (x * beta > threshold) return 1;
                    double z = ex.applyAsDouble(x * beta);
                    return z / (z + 1);
                });
    }

    /**
     * {@code torch.clamp(x, min, max)} (either bound may be null). The gradient passes where
     * min <= x <= max and is 0 elsewhere (and at nan).
     */
    public static Tensor clamp(Tensor a, Double min, Double max) {
        if (min == null && max == null) throw new IllegalArgumentException("torch.clamp: At least one of 'min' or 'max' must not be None");
        double lo = min == null ? Double.NEGATIVE_INFINITY : min, hi = max == null ? Double.POSITIVE_INFINITY : max;
        DType dt = floatOf(a.dtype()); // Java bounds are floating scalars: int64 input gives float32, as in PyTorch
        Tensor r = map(a, dt, x -> Double.isNaN(x) ? x : Math.min(Math.max(x, lo), hi));
        if (Autograd.needsGraph(a)) {
            r.attachGradFn(new Node("ClampBackward1", a) {
                private final Tensor x = save(a);

                @Override protected Tensor[] backward(Tensor g) {
                    int[] sh = x.shape();
                    double[] xv = doubles(x, sh), gv = doubles(g, sh);
                    for (int i = 0; i < xv.length; i++) xv[i] = (xv[i] >= lo && xv[i] <= hi) ? gv[i] : 0;
                    return new Tensor[] {fromDoubles(x.dtype(), xv, sh)};
                }
            });
        }
        return r;
    }
}
