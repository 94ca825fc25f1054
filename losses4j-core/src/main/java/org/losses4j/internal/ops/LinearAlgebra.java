package org.losses4j.internal.ops;

import java.util.Arrays;
import org.losses4j.DType;
import org.losses4j.Shape;
import org.losses4j.Tensor;
import org.losses4j.autograd.Autograd;
import org.losses4j.autograd.Node;
import org.losses4j.internal.simd.GemmKernels;
import org.losses4j.internal.simd.GemmKernels.Layout;
import org.losses4j.internal.simd.VectorizationProvider;

/**
 * Matrix products: {@code torch.matmul}, {@code mm}, {@code bmm}, {@code dot}, {@code mv}, each forward beside its
 * backward. For C = A B the backward is {@code dA = dC B^T} and {@code dB = A^T dC}: the same kernel
 * ({@link GemmKernels}) with an operand's strides swapped, no transposed copy. Every product reads its operands
 * as they lie (any strides, expanded batch dims included) and writes a fresh contiguous result.
 */
public final class LinearAlgebra {
    private LinearAlgebra() {}

    private static GemmKernels kernels() { return VectorizationProvider.get().kernels(GemmKernels.class); }

    /** PyTorch's scalar type name in "expected scalar type Float but found Double". */
    static String scalarTypeName(DType d) {
        switch (d) {
            case FLOAT32: return "Float";
            case FLOAT64: return "Double";
            case INT64: return "Long";
            default: return "Bool";
        }
    }

    private static void checkSameDtype(Tensor a, Tensor b) {
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException("expected scalar type " + scalarTypeName(a.dtype()) + " but found " + scalarTypeName(b.dtype()));
        }
        if (a.dtype() == DType.BOOL) throw new IllegalArgumentException("\"addmm_impl_cpu_\" not implemented for 'Bool'");
    }

    /** A 2-d view with the strides of a transposed. */
    private static Tensor transposed(Tensor t) {
        int[] s = t.shape(), st = t.strides();
        return Tensor.strided(t, new int[] {s[1], s[0]}, new int[] {st[1], st[0]}, t.storageOffset());
    }

    // ------------------------------------------------------------------ the products (values only)

    /** The m x n product of the 2-d views a (m x k) and b (k x n) as a new contiguous tensor. */
    static Tensor product(Tensor a, Tensor b) {
        int m = a.size(0), k = a.size(1), n = b.size(1);
        int[] as = a.strides(), bs = b.strides();
        Layout l = new Layout(m, n, k, as[0], as[1], bs[0], bs[1], n);
        Tensor c = Tensor.zeros(a.dtype(), m, n);
        switch (a.dtype()) {
            case FLOAT32: kernels().gemm((float[]) a.storage(), a.storageOffset(), (float[]) b.storage(), b.storageOffset(), (float[]) c.storage(), 0, l); break;
            case FLOAT64: kernels().gemm((double[]) a.storage(), a.storageOffset(), (double[]) b.storage(), b.storageOffset(), (double[]) c.storage(), 0, l); break;
            default: longProduct((long[]) a.storage(), new int[] {a.storageOffset()}, (long[]) b.storage(), new int[] {b.storageOffset()}, (long[]) c.storage(), new int[] {0}, l); break;
        }
        return c;
    }

    /**
     * Products of a (batchA..., n, k) and b (batchB..., k, p) over the broadcast batch shape {@code batch}: a new
     * contiguous (prod(batch), n, p) tensor.
     */
    static Tensor batchedProduct(Tensor a, Tensor b, int[] batch) {
        int ra = a.dim(), rb = b.dim();
        int n = a.size(-2), k = a.size(-1), p = b.size(-1);
        int count = Shape.numel(batch);
        int[] as = a.strides(), bs = b.strides();
        int[] aOffs = batchOffsets(a, batch), bOffs = batchOffsets(b, batch);
        int[] cOffs = new int[count];
        for (int t = 0; t < count; t++) cOffs[t] = t * n * p;
        Layout l = new Layout(n, p, k, as[ra - 2], as[ra - 1], bs[rb - 2], bs[rb - 1], p);
        Tensor c = Tensor.zeros(a.dtype(), count, n, p);
        switch (a.dtype()) {
            case FLOAT32: kernels().gemmBatch((float[]) a.storage(), aOffs, (float[]) b.storage(), bOffs, (float[]) c.storage(), cOffs, l); break;
            case FLOAT64: kernels().gemmBatch((double[]) a.storage(), aOffs, (double[]) b.storage(), bOffs, (double[]) c.storage(), cOffs, l); break;
            default: longProduct((long[]) a.storage(), aOffs, (long[]) b.storage(), bOffs, (long[]) c.storage(), cOffs, l); break;
        }
        return c;
    }

    /** Storage offsets of t's matrices (its last two dims) for each index of the broadcast batch shape, in C order. */
    private static int[] batchOffsets(Tensor t, int[] batch) {
        int r = t.dim();
        int[] sh = Arrays.copyOf(t.shape(), r - 2), st = Arrays.copyOf(t.strides(), r - 2);
        return Shape.offsets(batch, Shape.expandStrides(sh, st, batch), t.storageOffset());
    }

    /** int64 products (no kernel: exact integer arithmetic, wrapping as C's does). */
    private static void longProduct(long[] a, int[] aOffs, long[] b, int[] bOffs, long[] c, int[] cOffs, Layout l) {
        for (int t = 0; t < aOffs.length; t++) {
            for (int i = 0; i < l.m(); i++) {
                for (int j = 0; j < l.n(); j++) {
                    long s = 0;
                    for (int q = 0; q < l.k(); q++) s += a[aOffs[t] + i * l.aRow() + q * l.aCol()] * b[bOffs[t] + q * l.bRow() + j * l.bCol()];
                    c[cOffs[t] + i * l.cRow() + j] = s;
                }
            }
        }
    }

    // ------------------------------------------------------------------ mm, bmm, dot, mv

    /**
     * {@code torch.mm(a, b)}: (m x k) @ (k x n) = (m x n). MmBackward0: dA = dC B^T, dB = A^T dC (each input saved
     * only when the other one needs its gradient, as PyTorch saves them).
     */
    public static Tensor mm(Tensor a, Tensor b) {
        if (a.dim() != 2) throw new IllegalArgumentException("self must be a matrix");
        if (b.dim() != 2) throw new IllegalArgumentException("mat2 must be a matrix");
        if (a.size(1) != b.size(0)) {
            throw new IllegalArgumentException("mat1 and mat2 shapes cannot be multiplied (" + a.size(0) + "x" + a.size(1) + " and "
                    + b.size(0) + "x" + b.size(1) + ")");
        }
        checkSameDtype(a, b);
        Tensor out = product(a, b);
        if (Autograd.needsGraph(a, b)) {
            out.attachGradFn(new Node("MmBackward0", a, b) {
                // dA = dC B^T needs B; dB = A^T dC needs A (saved in PyTorch's order: self, then mat2)
                private final Tensor sa = needsInputGrad(1) ? save(a) : null;
                private final Tensor sb = needsInputGrad(0) ? save(b) : null;

                @Override protected Tensor[] backward(Tensor g) {
                    return new Tensor[] {needsInputGrad(0) ? product(g, transposed(sb)) : null, needsInputGrad(1) ? product(transposed(sa), g) : null};
                }
            });
        }
        return out;
    }

    /**
     * {@code torch.bmm(a, b)}: (B x n x k) @ (B x k x p) = (B x n x p). BmmBackward0: dA_t = dC_t B_t^T,
     * dB_t = A_t^T dC_t.
     */
    public static Tensor bmm(Tensor a, Tensor b) {
        if (a.dim() != 3) throw new IllegalArgumentException("batch1 must be a 3D tensor");
        if (b.dim() != 3) throw new IllegalArgumentException("batch2 must be a 3D tensor");
        if (b.size(0) != a.size(0) || b.size(1) != a.size(2)) {
            throw new IllegalArgumentException("Expected size for first two dimensions of batch2 tensor to be: [" + a.size(0) + ", " + a.size(2)
                    + "] but got: [" + b.size(0) + ", " + b.size(1) + "].");
        }
        checkSameDtype(a, b);
        return broadcastBmm(a, b, new int[] {a.size(0)});
    }

    /**
     * Batched products over a broadcast batch shape (bmm, and matmul's batched case without the expanded copies
     * PyTorch makes): output (prod(batch), n, p), node BmmBackward0. A broadcast input's gradient sums the
     * per-batch products over the batches it was repeated in.
     */
    private static Tensor broadcastBmm(Tensor a, Tensor b, int[] batch) {
        Tensor out = batchedProduct(a, b, batch);
        if (Autograd.needsGraph(a, b)) {
            final int[] aShape = a.shape(), bShape = b.shape();
            final int n = a.size(-2), k = a.size(-1), p = b.size(-1);
            out.attachGradFn(new Node("BmmBackward0", a, b) {
                private final Tensor sa = needsInputGrad(1) ? save(a) : null;
                private final Tensor sb = needsInputGrad(0) ? save(b) : null;

                @Override protected Tensor[] backward(Tensor g) {
                    int[] full = concat(batch, n, p);
                    Tensor gb = g.reshape(full);
                    Tensor ga = null, gbb = null;
                    if (needsInputGrad(0)) {
                        // dA_t = dC_t B_t^T, summed over the batches A was broadcast in
                        Tensor bt = sb.transpose(-1, -2);
                        Tensor d = batchedProduct(gb, bt, batch).reshape(concat(batch, n, k));
                        ga = Autograd.sumToShape(d, aShape);
                    }
                    if (needsInputGrad(1)) {
                        Tensor at = sa.transpose(-1, -2);
                        Tensor d = batchedProduct(at, gb, batch).reshape(concat(batch, k, p));
                        gbb = Autograd.sumToShape(d, bShape);
                    }
                    return new Tensor[] {ga, gbb};
                }
            });
        }
        return out;
    }

    private static int[] concat(int[] head, int... tail) {
        int[] r = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, r, head.length, tail.length);
        return r;
    }

    /** {@code torch.dot(a, b)}: the 0-d sum of a_i b_i. DotBackward0: da = g b, db = g a. */
    public static Tensor dot(Tensor a, Tensor b) {
        if (a.dim() != 1 || b.dim() != 1) {
            throw new IllegalArgumentException("1D tensors expected, but got " + a.dim() + "D and " + b.dim() + "D tensors");
        }
        if (a.size(0) != b.size(0)) {
            throw new IllegalArgumentException("inconsistent tensor size, expected tensor [" + a.size(0) + "] and src [" + b.size(0)
                    + "] to have the same number of elements, but got " + a.size(0) + " and " + b.size(0) + " elements respectively");
        }
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException("dot : expected both vectors to have same dtype, but found " + scalarTypeName(a.dtype()) + " and "
                    + scalarTypeName(b.dtype()));
        }
        checkSameDtype(a, b);
        int k = a.size(0);
        Tensor row = Tensor.strided(a, new int[] {1, k}, new int[] {0, a.strides()[0]}, a.storageOffset());
        Tensor col = Tensor.strided(b, new int[] {k, 1}, new int[] {b.strides()[0], 0}, b.storageOffset());
        Tensor out = product(row, col).reshape();
        if (Autograd.needsGraph(a, b)) {
            out.attachGradFn(new Node("DotBackward0", a, b) {
                private final Tensor sa = needsInputGrad(1) ? save(a) : null;
                private final Tensor sb = needsInputGrad(0) ? save(b) : null;

                @Override protected Tensor[] backward(Tensor g) {
                    return new Tensor[] {needsInputGrad(0) ? Elementwise.mul(sb, g).to(sb.dtype()) : null,
                                         needsInputGrad(1) ? Elementwise.mul(sa, g).to(sa.dtype()) : null};
                }
            });
        }
        return out;
    }

    /** {@code torch.mv(a, v)}: (m x k) @ (k) = (m). MvBackward0: dA = g v^T (outer product), dv = A^T g. */
    public static Tensor mv(Tensor a, Tensor v) {
        if (a.dim() != 2 || v.dim() != 1) {
            throw new IllegalArgumentException("vector + matrix @ vector expected, got 1, " + a.dim() + ", " + v.dim());
        }
        if (a.size(1) != v.size(0)) {
            throw new IllegalArgumentException("size mismatch, got " + a.size(0) + ", " + a.size(0) + "x" + a.size(1) + "," + v.size(0));
        }
        checkSameDtype(a, v);
        int m = a.size(0), k = a.size(1);
        Tensor out = product(a, column(v)).reshape(m);
        if (Autograd.needsGraph(a, v)) {
            out.attachGradFn(new Node("MvBackward0", a, v) {
                private final Tensor sa = needsInputGrad(1) ? save(a) : null;
                private final Tensor sv = needsInputGrad(0) ? save(v) : null;

                @Override protected Tensor[] backward(Tensor g) {
                    Tensor ga = null, gv = null;
                    if (needsInputGrad(0)) ga = product(column(g), Tensor.strided(sv, new int[] {1, k}, new int[] {0, sv.strides()[0]}, sv.storageOffset()));
                    if (needsInputGrad(1)) gv = product(transposed(sa), column(g)).reshape(k);
                    return new Tensor[] {ga, gv};
                }
            });
        }
        return out;
    }

    /** A 1-d tensor as a (k x 1) view. */
    private static Tensor column(Tensor v) {
        return Tensor.strided(v, new int[] {v.size(0), 1}, new int[] {v.strides()[0], 0}, v.storageOffset());
    }

    // ------------------------------------------------------------------ matmul

    /**
     * {@code torch.matmul(a, b)} with PyTorch 1.13's cases: 1-d x 1-d is {@link #dot}; 2-d x 1-d is {@link #mv};
     * 1-d x 2-d prepends a 1 to a and removes it from the result; 2-d x 2-d is {@link #mm}; a batched (>= 3-d)
     * operand with a 1-d or 2-d one folds the batch into the rows of one mm/mv (as PyTorch does, which fixes the
     * error messages and grad_fn); two batched operands broadcast their batch dims (all but the last two) and
     * multiply each pair of matrices (bmm), the result shaped batch + (n, p).
     */
    public static Tensor matmul(Tensor a, Tensor b) {
        int d1 = a.dim(), d2 = b.dim();
        if (d1 == 0 || d2 == 0) {
            throw new IllegalArgumentException("both arguments to matmul need to be at least 1D, but they are " + d1 + "D and " + d2 + "D");
        }
        if (d1 == 1 && d2 == 1) return dot(a, b);
        if (d1 == 2 && d2 == 1) return mv(a, b);
        if (d1 == 1 && d2 == 2) {
            Tensor r = mm(a.unsqueeze(0), b);
            int[] s = r.shape();
            // PyTorch squeezes in place (squeeze_(0)): SqueezeBackward3
            return Views.link(Tensor.strided(r, new int[] {s[1]}, new int[] {r.strides()[1]}, r.storageOffset()), r, "SqueezeBackward3",
                    g -> g.unsqueeze(0));
        }
        if (d1 == 2 && d2 == 2) return mm(a, b);
        boolean fold1 = d1 >= 3 && (d2 == 1 || d2 == 2), fold2 = d2 >= 3 && (d1 == 1 || d1 == 2);
        if (fold1 || fold2) {
            // fold the batch of the batched operand into rows: (batch x n, k) @ (k, p); for a batched b, through
            // the transpose: (b^T folded) @ a^T, transposed back
            boolean transpose = d2 > d1;
            Tensor t1 = transpose ? b.transpose(-1, -2) : a;
            Tensor t2 = !transpose ? b : (d1 == 2 ? a.t() : a);
            int[] s1 = t1.shape();
            int[] outShape = Arrays.copyOf(s1, s1.length - 1);
            int folded = Shape.numel(outShape);
            if (t2.dim() > 1) outShape = concat(outShape, t2.size(1));
            Tensor t1f = t1.reshape(folded, s1[s1.length - 1]);
            Tensor r = t2.dim() == 2 ? mm(t1f, t2) : mv(t1f, t2);
            if (!transpose || t2.dim() == 1) return unsafeView(r, outShape);
            return r.view(outShape).transpose(-1, -2).contiguous();
        }
        // both batched: broadcast the batch dims
        int[] batch1 = Arrays.copyOf(a.shape(), d1 - 2), batch2 = Arrays.copyOf(b.shape(), d2 - 2);
        int[] batch = Shape.broadcast(batch1, batch2);
        int n = a.size(-2), m1 = a.size(-1), m2 = b.size(-2), p = b.size(-1);
        int count = Shape.numel(batch);
        if (m1 != m2) {
            throw new IllegalArgumentException("Expected size for first two dimensions of batch2 tensor to be: [" + count + ", " + m1
                    + "] but got: [" + count + ", " + m2 + "].");
        }
        checkSameDtype(a, b);
        return unsafeView(broadcastBmm(a, b, batch), concat(batch, n, p));
    }

    /** A contiguous tensor reshaped without a copy, as PyTorch's {@code _unsafe_view} (UnsafeViewBackward0). */
    static Tensor unsafeView(Tensor t, int[] shape) {
        final int[] in = t.shape();
        return Views.link(Tensor.strided(t, shape, Shape.contiguousStrides(shape), t.storageOffset()), t, "UnsafeViewBackward0", g -> g.reshape(in));
    }
}
