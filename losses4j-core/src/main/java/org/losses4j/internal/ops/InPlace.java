package org.losses4j.internal.ops;

import java.util.Arrays;
import org.losses4j.DType;
import org.losses4j.Shape;
import org.losses4j.Tensor;
import org.losses4j.autograd.GradMode;
import org.losses4j.autograd.Node;

/**
 * In-place ops ({@code add_ sub_ mul_ div_ copy_ clamp_ fill_ zero_}) with PyTorch's rules, each forward beside
 * its backward.
 *
 * <ul>
 *   <li>Every in-place op bumps the tensor's version counter (shared with its views and {@code detach()}), so a
 *       node that saved the tensor fails at backward with PyTorch's "modified by an inplace operation" message.</li>
 *   <li>With grad mode on, a leaf that requires grad cannot be written ("a leaf Variable that requires grad is
 *       being used in an in-place operation."), nor a view of one ("a view of a leaf Variable ..."). Under
 *       {@code GradMode.noGrad()} (an optimizer's step) both are allowed and nothing is recorded.</li>
 *   <li>A tensor that is not a view, with grad mode on, when it or the other operand requires grad: the op records
 *       a node and makes it the tensor's {@code grad_fn} (PyTorch's rebase of history: {@code y.mul_(2)} gives
 *       {@code MulBackward0}); nodes recorded before keep their edge to the tensor's previous history.</li>
 *   <li>A view of a tensor that requires grad (not a leaf): PyTorch rewrites the base's history (CopySlices);
 *       that is not supported here and fails with a message saying so. Write into the base tensor, or compute
 *       out of place.</li>
 * </ul>
 *
 * <p>Arithmetic is PyTorch's CPU kernels': a float32 tensor computes in float32 with the scalar rounded to
 * float32 first; {@code add_(other, alpha)} is one fused multiply-add {@code fma(alpha, other, self)} (Debian's
 * PyTorch 1.13 rounds it once), {@code sub_} the same with {@code -alpha}. Mixed dtypes compute in the promoted
 * dtype and round to self's, which must be able to hold it ("result type Float can't be cast to the desired output
 * type Long"); other broadcasts to self's shape, never the reverse.
 */
public final class InPlace {
    private InPlace() {}

    /** The element-wise operations. */
    private enum Op { ADD, MUL, DIV, COPY }

    // ------------------------------------------------------------------ the rules

    /**
     * PyTorch's checks before an in-place write to {@code self} with grad mode on; true when the op must record
     * a node (self or one of {@code others} requires grad).
     */
    public static boolean checkAndNeedsGraph(Tensor self, Tensor... others) {
        if (!GradMode.isEnabled()) return false;
        if (self.requiresGrad() && self.isLeaf()) {
            throw new IllegalStateException("a leaf Variable that requires grad is being used in an in-place operation.");
        }
        boolean any = self.requiresGrad();
        for (Tensor o : others) any |= o != null && o.requiresGrad();
        Tensor base = self.viewBase();
        if (base != null && base.requiresGrad() && base.isLeaf()) {
            throw new IllegalStateException("a view of a leaf Variable that requires grad is being used in an in-place operation.");
        }
        if (any && self.isView()) {
            throw new UnsupportedOperationException("in-place operations on a view are not supported when the view or the other operand requires"
                    + " grad (PyTorch rebases the base's history with CopySlices): apply the op to the base tensor, or out of place");
        }
        return any;
    }

    private static boolean canCast(DType from, DType to) {
        if (from.isFloatingPoint() && !to.isFloatingPoint()) return false;
        return from == DType.BOOL || to != DType.BOOL;
    }

    private static void checkResult(Tensor self, DType result, Tensor other) {
        if (!canCast(result, self.dtype())) {
            throw new IllegalArgumentException("result type " + LinearAlgebra.scalarTypeName(result) + " can't be cast to the desired output type "
                    + LinearAlgebra.scalarTypeName(self.dtype()));
        }
        if (other != null) {
            int[] b = Shape.broadcast(self.shape(), other.shape());
            if (!Arrays.equals(b, self.shape())) {
                throw new IllegalArgumentException("output with shape " + Shape.str(self.shape()) + " doesn't match the broadcast shape " + Shape.str(b));
            }
        }
    }

    /** A Python number as PyTorch wraps it: int64 when integral and self is integral, else self's float dtype. */
    private static Tensor wrapScalar(Tensor self, double s) {
        if (!self.dtype().isFloatingPoint() && s == Math.rint(s) && !Double.isInfinite(s)) return Tensor.scalar(s, DType.INT64);
        return Tensor.scalar(s, self.dtype() == DType.FLOAT64 ? DType.FLOAT64 : DType.FLOAT32);
    }

    private static DType resultOf(Tensor self, Tensor other, boolean scalarOther) {
        if (scalarOther) {
            // a wrapped number only lifts the category: int64 self with a float number computes in float32
            if (self.dtype().isFloatingPoint() || !other.dtype().isFloatingPoint()) return self.dtype();
            return DType.FLOAT32;
        }
        return Elementwise.resultType(self, other);
    }

    // ------------------------------------------------------------------ public ops

    /** {@code self.add_(other, alpha=alpha)}: self += alpha * other (AddBackward0). */
    public static Tensor add(Tensor self, Tensor other, double alpha) { return binary(self, other, false, Op.ADD, alpha, "AddBackward0"); }

    /** {@code self.add_(s)}. */
    public static Tensor addScalar(Tensor self, double s) { return binary(self, wrapScalar(self, s), true, Op.ADD, 1, "AddBackward0"); }

    /** {@code self.sub_(other, alpha=alpha)}: self -= alpha * other (SubBackward0). */
    public static Tensor sub(Tensor self, Tensor other, double alpha) {
        checkSubBool(self, other);
        return binary(self, other, false, Op.ADD, -alpha, "SubBackward0");
    }

    /** {@code self.sub_(s)}. */
    public static Tensor subScalar(Tensor self, double s) { return binary(self, wrapScalar(self, s), true, Op.ADD, -1, "SubBackward0"); }

    /** {@code self.mul_(other)} (MulBackward0). */
    public static Tensor mul(Tensor self, Tensor other) { return binary(self, other, false, Op.MUL, 1, "MulBackward0"); }

    /** {@code self.mul_(s)}. */
    public static Tensor mulScalar(Tensor self, double s) { return binary(self, wrapScalar(self, s), true, Op.MUL, 1, "MulBackward0"); }

    /** {@code self.div_(other)}: true division (an integer self cannot hold it) (DivBackward0). */
    public static Tensor div(Tensor self, Tensor other) { return binary(self, other, false, Op.DIV, 1, "DivBackward0"); }

    /** {@code self.div_(s)}. */
    public static Tensor divScalar(Tensor self, double s) {
        return binary(self, Tensor.scalar(s, self.dtype() == DType.FLOAT64 ? DType.FLOAT64 : DType.FLOAT32), true, Op.DIV, 1, "DivBackward0");
    }

    /** {@code self.copy_(src)}: src broadcast to self's shape and converted to self's dtype (CopyBackwards). */
    public static Tensor copy(Tensor self, Tensor src) {
        return binary(self, src, false, Op.COPY, 1, "CopyBackwards");
    }

    private static void checkSubBool(Tensor self, Tensor other) {
        if (self.dtype() == DType.BOOL && other.dtype() == DType.BOOL) {
            throw new IllegalArgumentException("Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or"
                    + " `logical_xor()` operator instead.");
        }
    }

    private static Tensor binary(Tensor self, Tensor other, boolean scalarOther, Op op, double alpha, String name) {
        boolean graph = checkAndNeedsGraph(self, other);
        if (op != Op.COPY) {
            DType r = resultOf(self, other, scalarOther);
            if (r == DType.BOOL && op == Op.ADD) r = DType.INT64;
            if (op == Op.DIV) r = Elementwise.floatOf(r);
            checkResult(self, r, other);
            if (r == DType.INT64 && alpha != Math.rint(alpha)) {
                throw new IllegalArgumentException("For integral input tensors, argument alpha must not be a floating point number.");
            }
        } else {
            checkResult(self, self.dtype(), other); // copy_ converts to self's dtype (floats truncate into int64)
        }
        Node node = null;
        if (graph) node = node(self, other, op, alpha, name);
        DType compute = op == Op.COPY ? self.dtype() : resultOf(self, other, scalarOther);
        if (op == Op.DIV) compute = Elementwise.floatOf(compute);
        write(self, other, op, alpha, compute);
        self.bumpVersion();
        if (node != null) self.rebaseHistory(node);
        return self;
    }

    // ------------------------------------------------------------------ values

    /** self = self OP other, element by element, other broadcast to self; arithmetic in {@code compute}. */
    private static void write(Tensor self, Tensor other, Op op, double alpha, DType compute) {
        int n = self.numel();
        if (n == 0) return;
        int[] sh = self.shape();
        int[] ost = Shape.expandStrides(other.shape(), other.strides(), sh);
        boolean contiguous = self.isContiguous();
        boolean otherScalar = other.numel() == 1;
        boolean otherContiguous = Arrays.equals(other.shape(), sh) && other.isContiguous();
        Object s = self.storage();
        int so = self.storageOffset();
        if (compute == DType.FLOAT32 && self.dtype() == DType.FLOAT32 && other.dtype() == DType.FLOAT32 && contiguous && (otherScalar || otherContiguous)) {
            float[] d = (float[]) s, o = (float[]) other.storage();
            int oo = other.storageOffset();
            if (otherScalar) floatScalar(d, so, o[oo], op, (float) alpha, n);
            else floatArray(d, so, o, oo, op, (float) alpha, n);
            return;
        }
        if (compute == DType.FLOAT64 && self.dtype() == DType.FLOAT64 && other.dtype() == DType.FLOAT64 && contiguous && (otherScalar || otherContiguous)) {
            double[] d = (double[]) s, o = (double[]) other.storage();
            int oo = other.storageOffset();
            if (otherScalar) doubleScalar(d, so, o[oo], op, alpha, n);
            else doubleArray(d, so, o, oo, op, alpha, n);
            return;
        }
        // general: any strides, broadcast, mixed dtypes
        int[] so2 = self.elementOffsets();
        int[] oo2 = Shape.offsets(sh, ost, other.storageOffset());
        for (int i = 0; i < n; i++) {
            int si = so2[i], oi = oo2[i];
            switch (compute) {
                case FLOAT32: {
                    float x = (float) self.getAsDouble(si), y = (float) other.getAsDouble(oi);
                    storeDouble(self, si, floatOp(x, y, op, (float) alpha));
                    break;
                }
                case FLOAT64: {
                    double x = self.getAsDouble(si), y = other.getAsDouble(oi);
                    storeDouble(self, si, doubleOp(x, y, op, alpha));
                    break;
                }
                case INT64: {
                    long x = self.getAsLong(si), y = other.getAsLong(oi);
                    long r;
                    switch (op) {
                        case ADD: r = x + (long) alpha * y; break;
                        case MUL: r = x * y; break;
                        default: r = y; break;
                    }
                    if (self.dtype() == DType.INT64) ((long[]) s)[si] = r;
                    else storeDouble(self, si, r);
                    break;
                }
                default: { // bool
                    boolean x = self.getAsDouble(si) != 0, y = other.getAsDouble(oi) != 0;
                    boolean r = op == Op.ADD ? x | y : op == Op.MUL ? x & y : y;
                    ((boolean[]) s)[si] = r;
                    break;
                }
            }
        }
    }

    private static void storeDouble(Tensor t, int o, double v) {
        switch (t.dtype()) {
            case FLOAT32: ((float[]) t.storage())[o] = (float) v; break;
            case FLOAT64: ((double[]) t.storage())[o] = v; break;
            case INT64: ((long[]) t.storage())[o] = (long) v; break;
            default: ((boolean[]) t.storage())[o] = v != 0; break;
        }
    }

    // self + alpha other = fma(alpha, other, self); self * other; self / other; other
    private static float floatOp(float x, float y, Op op, float alpha) {
        switch (op) {
            case ADD: return Math.fma(alpha, y, x);
            case MUL: return x * y;
            case DIV: return x / y;
            default: return y;
        }
    }

    private static double doubleOp(double x, double y, Op op, double alpha) {
        switch (op) {
            case ADD: return Math.fma(alpha, y, x);
            case MUL: return x * y;
            case DIV: return x / y;
            default: return y;
        }
    }

    private static void floatScalar(float[] d, int off, float y, Op op, float alpha, int n) {
        switch (op) {
            case ADD: { float t = alpha * y; if (alpha == 1 || alpha == -1) { for (int i = 0; i < n; i++) d[off + i] += t; } else { for (int i = 0; i < n; i++) d[off + i] = Math.fma(alpha, y, d[off + i]); } break; }
            case MUL: for (int i = 0; i < n; i++) d[off + i] *= y; break;
            case DIV: for (int i = 0; i < n; i++) d[off + i] /= y; break;
            default: Arrays.fill(d, off, off + n, y); break;
        }
    }

    private static void floatArray(float[] d, int off, float[] o, int oo, Op op, float alpha, int n) {
        switch (op) {
            case ADD:
                if (alpha == 1) { for (int i = 0; i < n; i++) d[off + i] += o[oo + i]; }
                else if (alpha == -1) { for (int i = 0; i < n; i++) d[off + i] -= o[oo + i]; }
                else { for (int i = 0; i < n; i++) d[off + i] = Math.fma(alpha, o[oo + i], d[off + i]); }
                break;
            case MUL: for (int i = 0; i < n; i++) d[off + i] *= o[oo + i]; break;
            case DIV: for (int i = 0; i < n; i++) d[off + i] /= o[oo + i]; break;
            default: System.arraycopy(o, oo, d, off, n); break;
        }
    }

    private static void doubleScalar(double[] d, int off, double y, Op op, double alpha, int n) {
        switch (op) {
            case ADD: { double t = alpha * y; if (alpha == 1 || alpha == -1) { for (int i = 0; i < n; i++) d[off + i] += t; } else { for (int i = 0; i < n; i++) d[off + i] = Math.fma(alpha, y, d[off + i]); } break; }
            case MUL: for (int i = 0; i < n; i++) d[off + i] *= y; break;
            case DIV: for (int i = 0; i < n; i++) d[off + i] /= y; break;
            default: Arrays.fill(d, off, off + n, y); break;
        }
    }

    private static void doubleArray(double[] d, int off, double[] o, int oo, Op op, double alpha, int n) {
        switch (op) {
            case ADD:
                if (alpha == 1) { for (int i = 0; i < n; i++) d[off + i] += o[oo + i]; }
                else if (alpha == -1) { for (int i = 0; i < n; i++) d[off + i] -= o[oo + i]; }
                else { for (int i = 0; i < n; i++) d[off + i] = Math.fma(alpha, o[oo + i], d[off + i]); }
                break;
            case MUL: for (int i = 0; i < n; i++) d[off + i] *= o[oo + i]; break;
            case DIV: for (int i = 0; i < n; i++) d[off + i] /= o[oo + i]; break;
            default: System.arraycopy(o, oo, d, off, n); break;
        }
    }

    // ------------------------------------------------------------------ backward

    /**
     * The node of an in-place op, recorded before self is written (it keeps a copy of self's old values when the
     * other operand's gradient needs them).
     * add/sub: d self = g, d other = alpha g; mul: d self = g other, d other = g self_old;
     * div: d self = g / other, d other = -g self_old / other^2; copy: d self = 0, d other = g.
     */
    private static Node node(Tensor self, Tensor other, Op op, double alpha, String name) {
        final int[] oShape = other.shape();
        final DType oType = other.dtype(), sType = self.dtype();
        return new Node(name, self, other) {
            private final Tensor old = (op == Op.MUL || op == Op.DIV) && needsInputGrad(1) ? self.detach().contiguousCopy() : null;
            private final Tensor sOther = (op == Op.MUL || op == Op.DIV) && needsInputGrad(0) ? save(other) : null;
            private final Tensor sOtherForB = op == Op.DIV && needsInputGrad(1) && sOther == null ? save(other) : sOther;

            @Override protected Tensor[] backward(Tensor g) {
                Tensor gs = null, go = null;
                switch (op) {
                    case ADD:
                        if (needsInputGrad(0)) gs = g;
                        if (needsInputGrad(1)) go = org.losses4j.autograd.Autograd.sumToShape(alpha == 1 ? g : g.mul(alpha), oShape);
                        break;
                    case MUL:
                        if (needsInputGrad(0)) gs = Elementwise.mul(g, sOther);
                        if (needsInputGrad(1)) go = org.losses4j.autograd.Autograd.sumToShape(Elementwise.mul(g, old), oShape);
                        break;
                    case DIV:
                        if (needsInputGrad(0)) gs = Elementwise.div(g, sOther);
                        if (needsInputGrad(1)) {
                            Tensor y = sOtherForB;
                            go = org.losses4j.autograd.Autograd.sumToShape(Elementwise.div(Elementwise.mul(g.neg(), old), Elementwise.mul(y, y)), oShape);
                        }
                        break;
                    default:
                        if (needsInputGrad(0)) gs = Tensor.zerosLike(g);
                        if (needsInputGrad(1)) go = org.losses4j.autograd.Autograd.sumToShape(g, oShape);
                        break;
                }
                return new Tensor[] {gs == null ? null : gs.to(sType), go == null ? null : go.to(oType)};
            }
        };
    }

    // ------------------------------------------------------------------ clamp_, fill_, zero_

    /**
     * {@code self.clamp_(min, max)} (either bound may be null): ClampBackward1, the gradient passing where
     * min <= x <= max (0 elsewhere and at nan), from a mask taken before the write.
     */
    public static Tensor clamp(Tensor self, Double min, Double max) {
        if (min == null && max == null) throw new IllegalArgumentException("torch.clamp: At least one of 'min' or 'max' must not be None");
        boolean graph = checkAndNeedsGraph(self);
        if (!self.dtype().isFloatingPoint() && ((min != null && min != Math.rint(min)) || (max != null && max != Math.rint(max)))) {
            checkResult(self, DType.FLOAT32, null);
        }
        double lo = min == null ? Double.NEGATIVE_INFINITY : min, hi = max == null ? Double.POSITIVE_INFINITY : max;
        int n = self.numel();
        int[] offs = self.elementOffsets();
        boolean[] pass = graph ? new boolean[n] : null;
        boolean f32 = self.dtype() == DType.FLOAT32;
        // bounds at self's precision, as PyTorch's kernel compares in the tensor's type
        double flo = f32 ? (double) (float) lo : lo, fhi = f32 ? (double) (float) hi : hi;
        for (int i = 0; i < n; i++) {
            double x = self.getAsDouble(offs[i]);
            if (pass != null) pass[i] = x >= flo && x <= fhi;
            if (!Double.isNaN(x)) storeDouble(self, offs[i], Math.min(Math.max(x, flo), fhi));
        }
        if (graph) {
            final int[] sh = self.shape();
            Node node = new Node("ClampBackward1", self) {
                @Override protected Tensor[] backward(Tensor g) {
                    double[] gv = Elementwise.doubles(g, sh);
                    for (int i = 0; i < gv.length; i++) if (!pass[i]) gv[i] = 0;
                    return new Tensor[] {Elementwise.fromDoubles(g.dtype(), gv, sh)};
                }
            };
            self.bumpVersion();
            self.rebaseHistory(node);
        } else {
            self.bumpVersion();
        }
        return self;
    }

    /**
     * The bookkeeping of {@code fill_}/{@code zero_} (and of the in-place random fills, which record nothing):
     * the checks before the write. Returns the node to attach after it (the gradient of the old values is 0:
     * ZeroBackward0 / FillBackward2), or null.
     */
    public static Node beforeFill(Tensor self, String gradFnName) {
        if (!checkAndNeedsGraph(self)) return null;
        if (gradFnName == null) {
            throw new UnsupportedOperationException("in-place random fills of a tensor that requires grad are not supported");
        }
        return new Node(gradFnName, self) {
            @Override protected Tensor[] backward(Tensor g) { return new Tensor[] {Tensor.zerosLike(g)}; }
            @Override protected boolean savesState() { return false; }
        };
    }

    /** After an in-place write: bumps the version and attaches the node from {@link #beforeFill}. */
    public static void afterWrite(Tensor self, Node node) {
        self.bumpVersion();
        if (node != null) self.rebaseHistory(node);
    }
}
