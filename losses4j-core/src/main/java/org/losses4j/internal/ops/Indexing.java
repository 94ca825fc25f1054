package org.losses4j.internal.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.losses4j.DType;
import org.losses4j.Shape;
import org.losses4j.Tensor;
import org.losses4j.autograd.Autograd;
import org.losses4j.autograd.Node;

/**
 * Indexing and joining: {@code gather}, {@code index_select}, {@code scatter_add} (and {@code scatter_add_}),
 * {@code cat}, {@code stack}, each forward beside its backward, with PyTorch's messages. Indices are int64.
 */
public final class Indexing {
    private Indexing() {}

    // ------------------------------------------------------------------ element moves on any dtype

    /** dst[dOff] = src[sOff] for storages of one dtype. */
    private static void move(Object src, int sOff, Object dst, int dOff) {
        if (src instanceof float[]) ((float[]) dst)[dOff] = ((float[]) src)[sOff];
        else if (src instanceof double[]) ((double[]) dst)[dOff] = ((double[]) src)[sOff];
        else if (src instanceof long[]) ((long[]) dst)[dOff] = ((long[]) src)[sOff];
        else ((boolean[]) dst)[dOff] = ((boolean[]) src)[sOff];
    }

    /** dst[dOff] += src[sOff] (bool: or). */
    private static void accumulate(Object src, int sOff, Object dst, int dOff) {
        if (src instanceof float[]) ((float[]) dst)[dOff] += ((float[]) src)[sOff];
        else if (src instanceof double[]) ((double[]) dst)[dOff] += ((double[]) src)[sOff];
        else if (src instanceof long[]) ((long[]) dst)[dOff] += ((long[]) src)[sOff];
        else ((boolean[]) dst)[dOff] |= ((boolean[]) src)[sOff];
    }

    /** Strides of t for its own shape, with size-1... (0-d tensors read as 1-d of one element). */
    private static int[] shapeOf(Tensor t) { return t.dim() == 0 ? new int[] {1} : t.shape(); }

    private static int[] stridesOf(Tensor t) { return t.dim() == 0 ? new int[] {1} : t.strides(); }

    // ------------------------------------------------------------------ gather

    /**
     * {@code torch.gather(self, dim, index)}: out[i][j][k] = self[index[i][j][k]][j][k] for dim 0 (and likewise
     * for the other dims); out has index's shape, index has self's number of dims and is no larger than self in
     * every dim but {@code dim}. GatherBackward0: d self = zeros.scatter_add(dim, index, g).
     */
    public static Tensor gather(Tensor self, int dim, Tensor index) {
        int d = Shape.wrapDim(dim, self.dim());
        if (index.dtype() != DType.INT64) throw new IllegalArgumentException("gather(): Expected dtype int64 for index");
        int[] ss = shapeOf(self), is = shapeOf(index);
        if (is.length != ss.length && index.numel() != 0) {
            throw new IllegalArgumentException("Index tensor must have the same number of dimensions as input tensor");
        }
        for (int k = 0; k < is.length && index.numel() != 0; k++) {
            if (k != d && is[k] > ss[k]) {
                throw new IllegalArgumentException("Size does not match at dimension " + k + " expected index " + Shape.str(index.shape())
                        + " to be smaller than self " + Shape.str(self.shape()) + " apart from dimension " + d);
            }
        }
        Tensor out = Tensor.zeros(self.dtype(), index.shape());
        int n = index.numel();
        if (n > 0) {
            int[] io = Shape.offsets(is, stridesOf(index), index.storageOffset());
            int[] st = stridesOf(self);
            long[] idx = (long[]) index.storage();
            int[] pos = new int[is.length];
            Object src = self.storage(), dst = out.storage();
            for (int e = 0; e < n; e++) {
                long v = idx[io[e]];
                if (v < 0 || v >= ss[d]) throw new IndexOutOfBoundsException("index " + v + " is out of bounds for dimension " + d + " with size " + ss[d]);
                int o = self.storageOffset();
                for (int k = 0; k < is.length; k++) o += (k == d ? (int) v : pos[k]) * st[k];
                move(src, o, dst, e);
                increment(pos, is);
            }
        }
        if (Autograd.needsGraph(self)) {
            final int[] shape = self.shape();
            out.attachGradFn(new Node("GatherBackward0", self) {
                private final Tensor si = save(index);

                @Override protected Tensor[] backward(Tensor g) {
                    return new Tensor[] {scatterAddValues(Tensor.zeros(g.dtype(), shape), d, si, g)};
                }
            });
        }
        return out;
    }

    private static void increment(int[] pos, int[] shape) {
        for (int k = shape.length - 1; k >= 0; k--) {
            if (++pos[k] < shape[k]) return;
            pos[k] = 0;
        }
    }

    // ------------------------------------------------------------------ scatter_add

    private static void checkScatter(Tensor self, int d, Tensor index, Tensor src) {
        if (index.dtype() != DType.INT64) throw new IllegalArgumentException("scatter(): Expected dtype int64 for index");
        if (self.dtype() != src.dtype()) throw new IllegalArgumentException("scatter(): Expected self.dtype to be equal to src.dtype");
        if (index.numel() == 0) return;
        int[] ss = shapeOf(self), is = shapeOf(index), rs = shapeOf(src);
        if (is.length != ss.length) throw new IllegalArgumentException("Index tensor must have the same number of dimensions as self tensor");
        if (is.length != rs.length) throw new IllegalArgumentException("Index tensor must have the same number of dimensions as src tensor");
        for (int k = 0; k < is.length; k++) {
            if ((k != d && is[k] > ss[k]) || is[k] > rs[k]) {
                throw new IllegalArgumentException("Expected index " + Shape.str(index.shape()) + " to be smaller than self " + Shape.str(self.shape())
                        + " apart from dimension " + d + " and to be smaller size than src " + Shape.str(src.shape()));
            }
        }
    }

    /** Adds src[...] into base (a fresh contiguous tensor, written in place) at the positions index gives; returns base. */
    static Tensor scatterAddValues(Tensor base, int d, Tensor index, Tensor src) {
        int n = index.numel();
        if (n == 0) return base;
        int[] is = shapeOf(index), bs = shapeOf(base), bt = stridesOf(base), rt = stridesOf(src);
        int[] io = Shape.offsets(is, stridesOf(index), index.storageOffset());
        long[] idx = (long[]) index.storage();
        int[] pos = new int[is.length];
        Object from = src.storage(), to = base.storage();
        for (int e = 0; e < n; e++) {
            long v = idx[io[e]];
            if (v < 0 || v >= bs[d]) throw new IndexOutOfBoundsException("index " + v + " is out of bounds for dimension " + d + " with size " + bs[d]);
            int o = base.storageOffset(), so = src.storageOffset();
            for (int k = 0; k < is.length; k++) {
                o += (k == d ? (int) v : pos[k]) * bt[k];
                so += pos[k] * rt[k];
            }
            accumulate(from, so, to, o);
            increment(pos, is);
        }
        return base;
    }

    /**
     * {@code self.scatter_add(dim, index, src)} (out of place): a copy of self with src[i][j][k] added at
     * [index[i][j][k]][j][k] for dim 0 (likewise for other dims), in index's C order. ScatterAddBackward0:
     * d self = g, d src = g.gather(dim, index).
     */
    public static Tensor scatterAdd(Tensor self, int dim, Tensor index, Tensor src) {
        int d = Shape.wrapDim(dim, self.dim());
        checkScatter(self, d, index, src);
        Tensor out = scatterAddValues(self.contiguousCopy(), d, index, src);
        if (Autograd.needsGraph(self, src)) out.attachGradFn(scatterAddNode(self, d, index, src));
        return out;
    }

    private static Node scatterAddNode(Tensor self, int d, Tensor index, Tensor src) {
        return new Node("ScatterAddBackward0", self, src) {
            private final Tensor si = needsInputGrad(1) ? save(index) : null;

            @Override protected Tensor[] backward(Tensor g) {
                return new Tensor[] {needsInputGrad(0) ? g : null, needsInputGrad(1) ? gather(g, d, si) : null};
            }
        };
    }

    /** {@code self.scatter_add_(dim, index, src)}: in place, with the rules of {@link InPlace}. */
    public static Tensor scatterAdd_(Tensor self, int dim, Tensor index, Tensor src) {
        int d = Shape.wrapDim(dim, self.dim());
        boolean graph = InPlace.checkAndNeedsGraph(self, src);
        checkScatter(self, d, index, src);
        Node node = graph ? scatterAddNode(self, d, index, src) : null;
        scatterAddValues(self, d, index, src);
        InPlace.afterWrite(self, node);
        return self;
    }

    // ------------------------------------------------------------------ index_select

    /**
     * {@code torch.index_select(self, dim, index)}: the slices self.select(dim, index[i]) stacked along dim; index
     * is 1-d (or 0-d) int64. IndexSelectBackward0: d self = zeros.index_add(dim, index, g).
     */
    public static Tensor indexSelect(Tensor self, int dim, Tensor index) {
        int d = Shape.wrapDim(dim, self.dim());
        if (index.dim() > 1) throw new IndexOutOfBoundsException("index_select(): Index is supposed to be a vector");
        if (index.dtype() != DType.INT64) throw new IllegalArgumentException("index_select(): Expected dtype int32 or int64 for index");
        long[] idx = index.toLongArray();
        int[] ss = shapeOf(self);
        for (long v : idx) {
            if (v < 0) throw new IndexOutOfBoundsException("INDICES element is out of DATA bounds, id=" + v + " axis_dim=" + ss[d]);
            if (v >= ss[d]) throw new IndexOutOfBoundsException("index out of range in self");
        }
        int[] os = self.shape();
        if (os.length > 0) os[d] = idx.length;
        Tensor out = Tensor.zeros(self.dtype(), os);
        if (self.dim() == 0) {
            if (idx.length > 0) move(self.storage(), self.storageOffset(), out.storage(), 0);
        } else {
            for (int i = 0; i < idx.length; i++) {
                Tensor from = Views.select(self.detach(), d, (int) idx[i]), to = Views.select(out, d, i);
                Elementwise.copyInto(to, from);
            }
        }
        if (Autograd.needsGraph(self)) {
            final int[] shape = self.shape();
            out.attachGradFn(new Node("IndexSelectBackward0", self) {
                private final Tensor si = save(index);

                @Override protected Tensor[] backward(Tensor g) {
                    Tensor z = Tensor.zeros(g.dtype(), shape);
                    if (shape.length == 0) return new Tensor[] {idx.length == 0 ? z : g.reshape()};
                    long[] ix = si.toLongArray();
                    for (int i = 0; i < ix.length; i++) Elementwise.addInPlace(Views.select(z, d, (int) ix[i]), Views.select(g, d, i));
                    return new Tensor[] {z};
                }
            });
        }
        return out;
    }

    // ------------------------------------------------------------------ cat, stack

    /**
     * {@code torch.cat(tensors, dim)}: joins along an existing dim; every tensor has the same number of dims and
     * the same sizes but in {@code dim} (1-d empty tensors are skipped, as PyTorch's legacy rule); dtypes promote.
     * CatBackward0: each input's gradient is its slice of g.
     */
    public static Tensor cat(int dim, Tensor... tensors) {
        if (tensors.length == 0) throw new IllegalArgumentException("torch.cat(): expected a non-empty list of Tensors");
        List<Tensor> used = new ArrayList<>();
        for (Tensor t : tensors) if (!(t.dim() == 1 && t.numel() == 0)) used.add(t);
        Tensor first = used.isEmpty() ? tensors[0] : used.get(0);
        for (Tensor t : tensors) {
            if (t.dim() == 0) throw new IllegalArgumentException("zero-dimensional tensor (at position " + Arrays.asList(tensors).indexOf(t) + ") cannot be concatenated");
        }
        int r = first.dim();
        int d = Shape.wrapDim(dim, r);
        DType dt = Elementwise.resultType(tensors);
        int total = 0;
        int[] ref = first.shape();
        for (int i = 0; i < tensors.length; i++) {
            Tensor t = tensors[i];
            if (t.dim() == 1 && t.numel() == 0) continue;
            if (t.dim() != r) throw new IllegalArgumentException("Tensors must have same number of dimensions: got " + r + " and " + t.dim());
            int[] s = t.shape();
            for (int k = 0; k < r; k++) {
                if (k != d && s[k] != ref[k]) {
                    throw new IllegalArgumentException("Sizes of tensors must match except in dimension " + d + ". Expected size " + ref[k]
                            + " but got size " + s[k] + " for tensor number " + i + " in the list.");
                }
            }
            total += s[d];
        }
        int[] os = ref.clone();
        if (r > 0) os[d] = total;
        Tensor out = Tensor.zeros(dt, os);
        int at = 0;
        final int[] starts = new int[tensors.length], sizes = new int[tensors.length];
        for (int i = 0; i < tensors.length; i++) {
            Tensor t = tensors[i];
            if (t.dim() == 1 && t.numel() == 0) { starts[i] = -1; continue; }
            int len = t.size(d);
            starts[i] = at;
            sizes[i] = len;
            Elementwise.copyInto(Views.narrow(out, d, at, len), t.detach());
            at += len;
        }
        if (Autograd.needsGraph(tensors)) {
            out.attachGradFn(new Node("CatBackward0", tensors) {
                @Override protected Tensor[] backward(Tensor g) {
                    Tensor[] gs = new Tensor[tensors.length];
                    for (int i = 0; i < gs.length; i++) {
                        if (!needsInputGrad(i)) continue;
                        gs[i] = starts[i] < 0 ? Tensor.zeros(g.dtype(), 0) : Views.narrow(g, d, starts[i], sizes[i]);
                    }
                    return gs;
                }
                @Override protected boolean savesState() { return false; }
            });
        }
        return out;
    }

    /**
     * {@code torch.stack(tensors, dim)}: joins equal-shaped tensors along a new dim ({@code dim} in [-(r+1), r]).
     * StackBackward0: each input's gradient is g.select(dim, i).
     */
    public static Tensor stack(int dim, Tensor... tensors) {
        if (tensors.length == 0) throw new IllegalArgumentException("stack expects a non-empty TensorList");
        int[] s0 = tensors[0].shape();
        for (int i = 1; i < tensors.length; i++) {
            if (!Arrays.equals(s0, tensors[i].shape())) {
                throw new IllegalArgumentException("stack expects each tensor to be equal size, but got " + Shape.str(s0) + " at entry 0 and "
                        + Shape.str(tensors[i].shape()) + " at entry " + i);
            }
        }
        int d = Shape.wrapDim(dim, s0.length + 1);
        Tensor[] parts = new Tensor[tensors.length];
        for (int i = 0; i < parts.length; i++) parts[i] = Views.unsqueeze(tensors[i].detach(), d);
        Tensor out;
        try (var s = org.losses4j.autograd.GradMode.noGrad()) {
            out = cat(d, parts);
        }
        if (Autograd.needsGraph(tensors)) {
            out.attachGradFn(new Node("StackBackward0", tensors) {
                @Override protected Tensor[] backward(Tensor g) {
                    Tensor[] gs = new Tensor[tensors.length];
                    for (int i = 0; i < gs.length; i++) if (needsInputGrad(i)) gs[i] = Views.select(g, d, i);
                    return gs;
                }
                @Override protected boolean savesState() { return false; }
            });
        }
        return out;
    }
}
