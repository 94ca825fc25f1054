package org.losses4j.internal.ops;

import java.util.Arrays;
import org.losses4j.Shape;
import org.losses4j.Tensor;
import org.losses4j.autograd.Autograd;
import org.losses4j.autograd.Node;

/** View ops: new geometry over the same storage where possible; each backward maps the gradient back. */
public final class Views {
    private Views() {}

    static Tensor link(Tensor out, Tensor in, String name, java.util.function.UnaryOperator<Tensor> back) {
        if (Autograd.needsGraph(in)) {
            out.attachGradFn(new Node(name, in) {
                @Override protected Tensor[] backward(Tensor g) { return new Tensor[] {back.apply(g)}; }
                @Override protected boolean savesState() { return false; }
            });
        }
        return out;
    }

    /** Resolves one -1 in a requested shape, with PyTorch's messages. */
    static int[] inferShape(int[] req, int numel) {
        int[] s = req.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) {
                if (infer >= 0) throw new IllegalArgumentException("only one dimension can be inferred");
                infer = i;
            } else if (s[i] < 0) {
                throw new IllegalArgumentException("invalid shape dimension " + s[i]);
            } else known *= s[i];
        }
        if (infer >= 0) {
            if (known == 0 || numel % known != 0) throw new IllegalArgumentException("shape '" + Shape.str(req) + "' is invalid for input of size " + numel);
            s[infer] = (int) (numel / known);
        } else if (known != numel) {
            throw new IllegalArgumentException("shape '" + Shape.str(req) + "' is invalid for input of size " + numel);
        }
        return s;
    }

    public static Tensor view(Tensor a, int[] shape) {
        int[] s = inferShape(shape, a.numel());
        if (!a.isContiguous()) {
            throw new IllegalArgumentException("view size is not compatible with input tensor's size and stride (at least one dimension spans across"
                    + " two contiguous subspaces). Use .reshape(...) instead.");
        }
        final int[] in = a.shape();
        return link(Tensor.strided(a, s, Shape.contiguousStrides(s), a.storageOffset()), a, "ViewBackward0", g -> g.reshape(in));
    }

    /** A view when the tensor is contiguous, else a copy, with the new shape. */
    public static Tensor reshape(Tensor a, int[] shape) {
        int[] s = inferShape(shape, a.numel());
        if (a.isContiguous()) return view(a, s);
        final int[] in = a.shape();
        Tensor c = a.contiguousCopy();
        return link(Tensor.wrap(c.dtype(), c.storage(), s), a, "UnsafeViewBackward0", g -> g.reshape(in));
    }

    public static Tensor transpose(Tensor a, int d0, int d1) {
        int r = a.dim();
        if (r == 0) {
            Shape.wrapDim(d0, r);
            Shape.wrapDim(d1, r);
            return link(Tensor.strided(a, a.shape(), a.strides(), a.storageOffset()), a, "TransposeBackward0", g -> g);
        }
        int x = Shape.wrapDim(d0, r), y = Shape.wrapDim(d1, r);
        int[] sh = a.shape(), st = a.strides();
        int t = sh[x]; sh[x] = sh[y]; sh[y] = t;
        t = st[x]; st[x] = st[y]; st[y] = t;
        return link(Tensor.strided(a, sh, st, a.storageOffset()), a, "TransposeBackward0", g -> g.transpose(x, y));
    }

    public static Tensor permute(Tensor a, int[] dims) {
        int r = a.dim();
        if (dims.length != r) {
            throw new IllegalArgumentException("permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = "
                    + r + " is not equal to len(dims) = " + dims.length);
        }
        int[] p = new int[r];
        boolean[] used = new boolean[r];
        for (int i = 0; i < r; i++) {
            p[i] = Shape.wrapDim(dims[i], r);
            if (used[p[i]]) throw new IllegalArgumentException("permute(): duplicate dims are not allowed.");
            used[p[i]] = true;
        }
        int[] sh = a.shape(), st = a.strides(), ns = new int[r], nt = new int[r], inv = new int[r];
        for (int i = 0; i < r; i++) { ns[i] = sh[p[i]]; nt[i] = st[p[i]]; inv[p[i]] = i; }
        return link(Tensor.strided(a, ns, nt, a.storageOffset()), a, "PermuteBackward0", g -> g.permute(inv));
    }

    public static Tensor unsqueeze(Tensor a, int dim) {
        int r = a.dim();
        int d = Shape.wrapDim(dim, r + 1);
        int[] sh = a.shape(), st = a.strides();
        int[] ns = new int[r + 1], nt = new int[r + 1];
        for (int i = 0, j = 0; i <= r; i++) {
            if (i == d) { ns[i] = 1; nt[i] = d < r ? st[d] * sh[d] : 1; }
            else { ns[i] = sh[j]; nt[i] = st[j]; j++; }
        }
        return link(Tensor.strided(a, ns, nt, a.storageOffset()), a, "UnsqueezeBackward0", g -> g.squeeze(d));
    }

    public static Tensor squeeze(Tensor a) {
        int[] sh = a.shape(), st = a.strides();
        int k = 0;
        for (int s : sh) if (s != 1) k++;
        int[] ns = new int[k], nt = new int[k];
        for (int i = 0, j = 0; i < sh.length; i++) if (sh[i] != 1) { ns[j] = sh[i]; nt[j] = st[i]; j++; }
        final int[] in = a.shape();
        return link(Tensor.strided(a, ns, nt, a.storageOffset()), a, "SqueezeBackward0", g -> g.reshape(in));
    }

    public static Tensor squeeze(Tensor a, int dim) {
        int r = a.dim();
        int d = Shape.wrapDim(dim, r);
        final int[] in = a.shape();
        if (r == 0 || in[d] != 1) return link(Tensor.strided(a, a.shape(), a.strides(), a.storageOffset()), a, "SqueezeBackward1", g -> g);
        int[] sh = a.shape(), st = a.strides();
        int[] ns = new int[r - 1], nt = new int[r - 1];
        for (int i = 0, j = 0; i < r; i++) if (i != d) { ns[j] = sh[i]; nt[j] = st[i]; j++; }
        return link(Tensor.strided(a, ns, nt, a.storageOffset()), a, "SqueezeBackward1", g -> g.unsqueeze(d));
    }

    public static Tensor flatten(Tensor a, int start, int end) {
        int r = a.dim();
        if (r == 0) return reshape(a, new int[] {1});
        int s = Shape.wrapDim(start, r), e = Shape.wrapDim(end, r);
        if (s > e) throw new IllegalArgumentException("flatten() has invalid args: start_dim cannot come after end_dim");
        if (s == e) return a;
        int[] sh = a.shape();
        int[] ns = new int[r - (e - s)];
        int k = 0;
        for (int i = 0; i < s; i++) ns[k++] = sh[i];
        int prod = 1;
        for (int i = s; i <= e; i++) prod *= sh[i];
        ns[k++] = prod;
        for (int i = e + 1; i < r; i++) ns[k++] = sh[i];
        return reshape(a, ns);
    }

    public static Tensor expand(Tensor a, int[] sizes) {
        int[] sh = a.shape();
        if (sizes.length < sh.length) {
            throw new IllegalArgumentException("expand(" + a.dtype().torchName() + "{" + Shape.str(sh) + "}, size=" + Shape.str(sizes)
                    + "): the number of sizes provided (" + sizes.length + ") must be greater or equal to the number of dimensions in the tensor ("
                    + sh.length + ")");
        }
        int[] target = sizes.clone();
        int lead = sizes.length - sh.length;
        for (int i = 0; i < target.length; i++) {
            if (target[i] == -1) {
                if (i < lead) throw new IllegalArgumentException("The expanded size of the tensor (-1) isn't allowed in a leading, non-existing dimension " + i);
                target[i] = sh[i - lead];
            }
        }
        int[] st = Shape.expandStrides(sh, a.strides(), target);
        if (Arrays.equals(target, sh)) return link(Tensor.strided(a, sh, a.strides(), a.storageOffset()), a, "ExpandBackward0", g -> g);
        return link(Tensor.strided(a, target, st, a.storageOffset()), a, "ExpandBackward0", g -> Autograd.sumToShape(g, sh));
    }

    public static Tensor select(Tensor a, int dim, int index) {
        int r = a.dim();
        if (r == 0) throw new IndexOutOfBoundsException("select() cannot be applied to a 0-dim tensor.");
        int d = Shape.wrapDim(dim, r);
        int[] sh = a.shape(), st = a.strides();
        if (index < -sh[d] || index >= sh[d]) {
            throw new IndexOutOfBoundsException("select(): index " + index + " out of range for tensor of size " + Shape.str(sh) + " at dimension " + d);
        }
        int i = index < 0 ? index + sh[d] : index;
        int[] ns = new int[r - 1], nt = new int[r - 1];
        for (int k = 0, j = 0; k < r; k++) if (k != d) { ns[j] = sh[k]; nt[j] = st[k]; j++; }
        return link(Tensor.strided(a, ns, nt, a.storageOffset() + i * st[d]), a, "SelectBackward0", g -> {
            Tensor z = Tensor.zeros(g.dtype(), sh);
            Elementwise.copyInto(select(z, d, i), g);
            return z;
        });
    }

    public static Tensor narrow(Tensor a, int dim, int start, int length) {
        int r = a.dim();
        if (r == 0) throw new IllegalArgumentException("narrow() cannot be applied to a 0-dim tensor.");
        int d = Shape.wrapDim(dim, r);
        int[] sh = a.shape(), st = a.strides();
        int s = start < 0 ? start + sh[d] : start;
        if (start < -sh[d] || start > sh[d]) {
            throw new IndexOutOfBoundsException("start out of range (expected to be in range of [" + (-sh[d]) + ", " + sh[d] + "], but got " + start + ")");
        }
        if (length < 0 || s + length > sh[d]) {
            throw new IllegalArgumentException("start (" + s + ") + length (" + length + ") exceeds dimension size (" + sh[d] + ").");
        }
        int[] ns = sh.clone();
        ns[d] = length;
        return link(Tensor.strided(a, ns, st, a.storageOffset() + s * st[d]), a, "SliceBackward0", g -> {
            Tensor z = Tensor.zeros(g.dtype(), sh);
            Elementwise.copyInto(narrow(z, d, s, length), g);
            return z;
        });
    }

    /** This tensor when contiguous; otherwise a contiguous copy (CloneBackward0). */
    public static Tensor contiguous(Tensor a) {
        if (a.isContiguous()) return a;
        return cloneTensor(a);
    }

    /** A differentiable contiguous copy. */
    public static Tensor cloneTensor(Tensor a) {
        return link(a.contiguousCopy(), a, "CloneBackward0", g -> g);
    }
}
