package org.losses4j;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.losses4j.autograd.Autograd;
import org.losses4j.autograd.GradMode;
import org.losses4j.autograd.Node;
import org.losses4j.internal.ops.Elementwise;
import org.losses4j.internal.ops.Reductions;
import org.losses4j.internal.ops.Softmax;
import org.losses4j.internal.ops.Views;

/**
 * An n-dimensional array of float32, float64, int64 or bool on a Java array, with reverse-mode autograd:
 * the small counterpart of {@code torch.Tensor}.
 *
 * <pre>{@code
 * Tensor input = Tensor.randn(3, 5).requiresGrad_(true);
 * Tensor target = Tensor.empty(DType.INT64, 3).random_(5);
 * Tensor loss = new CrossEntropyLoss().forward(input, target);
 * loss.backward();
 * System.out.println(loss);          // tensor(2.0115, grad_fn=<NllLossBackward0>)
 * }</pre>
 *
 * <p>A tensor is a view: a shape, strides and an offset into a storage array that several views may share
 * ({@code reshape}, {@code transpose}, {@code select}, ... share; {@code contiguous()} copies when it must).
 * The methods here are a thin facade: each op's forward and backward live together in
 * {@code org.losses4j.internal.ops}. No method mutates its receiver or arguments unless its name ends in {@code _}.
 */
public final class Tensor {
    private final DType dtype;
    private final Object storage; // float[] | double[] | long[] | boolean[]
    private final int offset;
    private final int[] shape;
    private final int[] strides;
    private boolean requiresGrad;
    private Tensor grad;
    private Node gradFn;
    /** Set by retainGrad(): the engine stores this non-leaf's gradient in {@link #grad}. */
    private boolean retainsGrad;
    /** Shared by every tensor over the same storage (views, detach()): bumped by each in-place op. */
    private final int[] version;
    /** The tensor this one is a view of (null for a tensor that owns its storage). */
    private final Tensor base;

    private Tensor(DType dtype, Object storage, int offset, int[] shape, int[] strides) {
        this(dtype, storage, offset, shape, strides, new int[1], null);
    }

    private Tensor(DType dtype, Object storage, int offset, int[] shape, int[] strides, int[] version, Tensor base) {
        this.dtype = dtype;
        this.storage = storage;
        this.offset = offset;
        this.shape = shape;
        this.strides = strides;
        this.version = version;
        this.base = base;
    }

    // ------------------------------------------------------------------ low level (for op implementers)

    /**
     * Wraps a primitive array (float[], double[], long[] or boolean[], matching {@code dtype}) as a contiguous
     * tensor of the given shape, without copying: the tensor owns the array from now on.
     */
    public static Tensor wrap(DType dtype, Object data, int... shape) {
        int[] sh = shape.clone();
        int n = Shape.numel(sh);
        int len = storageLength(data, dtype);
        if (len != n) {
            throw new IllegalArgumentException("shape " + Shape.str(sh) + " is invalid for input of size " + len);
        }
        return new Tensor(dtype, data, 0, sh, Shape.contiguousStrides(sh));
    }

    /** A view of {@code base}'s storage with the given geometry (no copy, no autograd link). */
    public static Tensor strided(Tensor base, int[] shape, int[] strides, int offset) {
        Tensor root = base.base == null ? base : base.base;
        return new Tensor(base.dtype, base.storage, offset, shape.clone(), strides.clone(), base.version, root);
    }

    private static int storageLength(Object data, DType dtype) {
        switch (dtype) {
            case FLOAT32: if (data instanceof float[]) return ((float[]) data).length; break;
            case FLOAT64: if (data instanceof double[]) return ((double[]) data).length; break;
            case INT64: if (data instanceof long[]) return ((long[]) data).length; break;
            case BOOL: if (data instanceof boolean[]) return ((boolean[]) data).length; break;
            default: break;
        }
        throw new IllegalArgumentException("storage " + (data == null ? "null" : data.getClass().getSimpleName()) + " does not hold " + dtype.torchName());
    }

    /** A new uninitialised (zeroed) storage array for n elements of a dtype. */
    public static Object newStorage(DType dtype, int n) {
        switch (dtype) {
            case FLOAT32: return new float[n];
            case FLOAT64: return new double[n];
            case INT64: return new long[n];
            default: return new boolean[n];
        }
    }

    /** The backing array, shared with other views: read it with {@link #storageOffset()} and {@link #strides()}. */
    public Object storage() { return storage; }

    /** Index of element [0, ..., 0] in {@link #storage()}. */
    public int storageOffset() { return offset; }

    /** Strides in elements, one per dim. */
    public int[] strides() { return strides.clone(); }

    /** True when the elements lie in C order with no gaps (a view may still start at a non-zero offset). */
    public boolean isContiguous() { return Shape.isContiguous(shape, strides); }

    /** Storage offsets of every element, in C order. */
    public int[] elementOffsets() {
        return Shape.offsets(shape, strides, offset);
    }

    /** Makes {@code node} this tensor's {@code grad_fn}: the tensor becomes a non-leaf that requires grad. */
    public Tensor attachGradFn(Node node) {
        this.gradFn = node;
        this.requiresGrad = true;
        return this;
    }

    // ------------------------------------------------------------------ metadata

    public DType dtype() { return dtype; }

    /** The sizes, as a copy (PyTorch's {@code tensor.shape}). */
    public int[] shape() { return shape.clone(); }

    /** The size of one dim; negative dims count from the end. */
    public int size(int dim) { return shape[Shape.wrapDim(dim, shape.length)]; }

    /** Number of dims. */
    public int dim() { return shape.length; }

    public int numel() { return Shape.numel(shape); }

    // ------------------------------------------------------------------ autograd

    /** Whether gradients flow to this tensor. */
    public boolean requiresGrad() { return requiresGrad; }

    /** Sets requires_grad on a leaf; only floating tensors may require gradients. Returns this. */
    public Tensor requiresGrad_(boolean flag) {
        if (gradFn != null && !flag) {
            throw new IllegalStateException("you can only change requires_grad flags of leaf variables. If you want to use a computed"
                    + " variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().");
        }
        if (flag && !dtype.isFloatingPoint()) {
            throw new IllegalArgumentException("only Tensors of floating point and complex dtype can require gradients (got "
                    + dtype.torchName() + ")");
        }
        this.requiresGrad = flag;
        return this;
    }

    /**
     * The accumulated gradient ({@code tensor.grad}): a leaf's after a backward, a non-leaf's only when it
     * {@linkplain #retainGrad() retains} it; null until then. Reading it on a non-leaf that does not retain its
     * gradient raises PyTorch's {@code UserWarning} through {@link Warnings} (once per call site): {@value #NON_LEAF_GRAD}
     *
     * @return the gradient, or null
     */
    public Tensor grad() {
        if (grad == null && gradFn != null && !retainsGrad) Warnings.warn(NON_LEAF_GRAD);
        return grad;
    }

    /** PyTorch's warning when {@link #grad()} is read on a non-leaf tensor that does not retain its gradient. */
    public static final String NON_LEAF_GRAD = "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad"
            + " attribute won't be populated during autograd.backward(). If you indeed want the .grad field to be populated for a"
            + " non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. If you access the non-leaf Tensor by mistake, make sure"
            + " you access the leaf Tensor instead. See github.com/pytorch/pytorch/pull/30531 for more informations.";

    /**
     * Makes backward store this non-leaf tensor's gradient in {@link #grad()} ({@code tensor.retain_grad()}): each
     * backward through it adds the gradient of the output with respect to this tensor, as into a leaf. A no-op on a
     * leaf. After an in-place op on this tensor the gradient retained is the new value's, as in PyTorch.
     *
     * @return this tensor
     * @throws IllegalStateException when this tensor does not require grad, with PyTorch's message
     */
    public Tensor retainGrad() {
        if (!requiresGrad) throw new IllegalStateException("can't retain_grad on Tensor that has requires_grad=False");
        if (gradFn == null) return this;
        retainsGrad = true;
        Autograd.retainGrad(this);
        return this;
    }

    /**
     * Whether backward stores this non-leaf tensor's gradient ({@code tensor.retains_grad}): true after
     * {@link #retainGrad()} on a non-leaf, false for every leaf.
     *
     * @return whether the gradient is retained
     */
    public boolean retainsGrad() { return retainsGrad && gradFn != null; }

    /** Sets (or clears, with null) the gradient; it must match this tensor's shape and dtype. */
    public void setGrad(Tensor g) {
        if (g != null) {
            if (!Arrays.equals(g.shape, shape)) {
                throw new IllegalArgumentException("assigned grad has data of a different size: " + Shape.str(g.shape) + " vs " + Shape.str(shape));
            }
            if (g.dtype != dtype) {
                throw new IllegalArgumentException("assigned grad has data of a different type: " + g.dtype.torchName() + " vs " + dtype.torchName());
            }
        }
        this.grad = g;
    }

    /** Clears the gradient to none, as {@code zero_grad(set_to_none=True)}. */
    public void zeroGrad() { this.grad = null; }

    /** With {@code setToNone == false}, zeroes the existing gradient in place instead of dropping it. */
    public void zeroGrad(boolean setToNone) {
        if (setToNone || grad == null) grad = null;
        else {
            try (var s = GradMode.noGrad()) {
                grad.fill_(0);
            }
        }
    }

    /** The node that created this tensor, or null for a leaf. */
    public Node gradFn() { return gradFn; }

    /** A leaf is a tensor not produced by a recorded op (every tensor that does not require grad is one). */
    public boolean isLeaf() { return gradFn == null; }

    /** The same data, cut from the graph (shares storage and the version counter, as PyTorch's detach()). */
    public Tensor detach() { return new Tensor(dtype, storage, offset, shape, strides, version, base); }

    /**
     * PyTorch's {@code tensor._version}: how many in-place ops have written this tensor's storage (shared by its
     * views and by {@code detach()}). A node that saved a tensor for its backward checks it did not change.
     */
    public int version() { return version[0]; }

    /** Records one in-place write to this tensor's storage (for op implementers). */
    public void bumpVersion() { version[0]++; }

    /** Whether this tensor is a view of another one's storage ({@code tensor._is_view()}). */
    public boolean isView() { return base != null; }

    /** The tensor this one is a view of, or null ({@code tensor._base}). */
    public Tensor viewBase() { return base; }

    /**
     * A tensor with this one's data, geometry and version counter and this one's current {@code grad_fn}: what
     * an in-place op records as its input before it makes this tensor the output of a new node (PyTorch's
     * rebase of history). For op implementers.
     */
    public Tensor historyAlias() {
        Tensor t = new Tensor(dtype, storage, offset, shape, strides, version, base);
        t.gradFn = gradFn;
        t.requiresGrad = requiresGrad;
        return t;
    }

    /** Makes {@code node} the {@code grad_fn} of this tensor after an in-place op (for op implementers). */
    public void rebaseHistory(Node node) {
        this.gradFn = node;
        this.requiresGrad = true;
        if (retainsGrad) Autograd.retainGrad(this); // the retained gradient moves to the new value, as PyTorch moves its hook
    }

    /** Backward from a scalar (gradient 1), freeing the graph's saved state. */
    public void backward() { Autograd.backward(this, null, false); }

    /** Backward with an upstream gradient of this tensor's shape. */
    public void backward(Tensor gradient) { Autograd.backward(this, gradient, false); }

    /** Backward, keeping the graph's saved state so another backward can follow when {@code retainGraph}. */
    public void backward(Tensor gradient, boolean retainGraph) { Autograd.backward(this, gradient, retainGraph); }

    // ------------------------------------------------------------------ creation

    /**
     * A tensor from a Java array of any rank: float, double, long, int (as int64) or boolean elements. Ragged
     * arrays are rejected; an empty outer array gives size 0 in every dim (Java keeps no inner lengths).
     * For a 0-d tensor use {@link #scalar(double)}.
     */
    public static Tensor of(Object nestedArray) {
        // a single boxed value (Java picks this overload for Tensor.of(2.0)): the same as the varargs form, shape [1]
        if (nestedArray instanceof Double) return of(new double[] {(Double) nestedArray});
        if (nestedArray instanceof Float) return of(new float[] {(Float) nestedArray});
        if (nestedArray instanceof Long || nestedArray instanceof Integer) return of(new long[] {((Number) nestedArray).longValue()});
        if (nestedArray instanceof Boolean) return of(new boolean[] {(Boolean) nestedArray});
        if (nestedArray == null || !nestedArray.getClass().isArray()) {
            throw new IllegalArgumentException("Tensor.of expects a Java array, got " + (nestedArray == null ? "null" : nestedArray.getClass().getName()));
        }
        List<Integer> dims = new ArrayList<>();
        Object a = nestedArray;
        Class<?> c = a.getClass();
        while (c.isArray()) {
            int len = Array.getLength(a);
            dims.add(len);
            c = c.getComponentType();
            if (c.isArray()) {
                if (len == 0) {
                    while (c.isArray()) { dims.add(0); c = c.getComponentType(); }
                    break;
                }
                a = Array.get(a, 0);
            }
        }
        int[] sh = dims.stream().mapToInt(Integer::intValue).toArray();
        DType dt;
        if (c == float.class) dt = DType.FLOAT32;
        else if (c == double.class) dt = DType.FLOAT64;
        else if (c == long.class || c == int.class) dt = DType.INT64;
        else if (c == boolean.class) dt = DType.BOOL;
        else throw new IllegalArgumentException("unsupported element type " + c.getName() + " (use float, double, long, int or boolean)");
        int n = Shape.numel(sh);
        Object data = newStorage(dt, n);
        int[] pos = {0};
        fill(nestedArray, 0, sh, data, pos, c);
        return wrap(dt, data, sh);
    }

    private static void fill(Object a, int depth, int[] sh, Object out, int[] pos, Class<?> elem) {
        int len = Array.getLength(a);
        if (len != sh[depth]) {
            throw new IllegalArgumentException("expected sequence of length " + sh[depth] + " at dim " + depth + " (got " + len + ")");
        }
        if (depth == sh.length - 1) {
            if (elem == float.class) System.arraycopy(a, 0, out, pos[0], len);
            else if (elem == double.class) System.arraycopy(a, 0, out, pos[0], len);
            else if (elem == long.class) System.arraycopy(a, 0, out, pos[0], len);
            else if (elem == boolean.class) System.arraycopy(a, 0, out, pos[0], len);
            else { int[] ia = (int[]) a; long[] o = (long[]) out; for (int i = 0; i < len; i++) o[pos[0] + i] = ia[i]; }
            pos[0] += len;
            return;
        }
        for (int i = 0; i < len; i++) fill(Array.get(a, i), depth + 1, sh, out, pos, elem);
    }

    /** A 1-d float32 tensor. */
    public static Tensor of(float... values) { return wrap(DType.FLOAT32, values.clone(), values.length); }

    /** A 1-d float64 tensor. */
    public static Tensor of(double... values) { return wrap(DType.FLOAT64, values.clone(), values.length); }

    /** A 1-d int64 tensor. */
    public static Tensor of(long... values) { return wrap(DType.INT64, values.clone(), values.length); }

    /** A 1-d bool tensor. */
    public static Tensor of(boolean... values) { return wrap(DType.BOOL, values.clone(), values.length); }

    /** A 0-d float32 tensor. */
    public static Tensor scalar(double value) { return scalar(value, DType.FLOAT32); }

    /** A 0-d tensor of the given dtype. */
    public static Tensor scalar(double value, DType dtype) { return full(dtype, value); }

    public static Tensor zeros(int... shape) { return zeros(DType.FLOAT32, shape); }

    public static Tensor zeros(DType dtype, int... shape) { return wrap(dtype, newStorage(dtype, Shape.numel(shape)), shape); }

    public static Tensor ones(int... shape) { return full(DType.FLOAT32, 1, shape); }

    public static Tensor ones(DType dtype, int... shape) { return full(dtype, 1, shape); }

    /** Uninitialised memory in PyTorch; zeros here (Java arrays start zeroed). */
    public static Tensor empty(int... shape) { return zeros(DType.FLOAT32, shape); }

    public static Tensor empty(DType dtype, int... shape) { return zeros(dtype, shape); }

    public static Tensor full(double value, int... shape) { return full(DType.FLOAT32, value, shape); }

    public static Tensor full(DType dtype, double value, int... shape) {
        Tensor t = zeros(dtype, shape);
        t.fillRaw(value);
        return t;
    }

    public static Tensor zerosLike(Tensor t) { return zeros(t.dtype, t.shape); }

    public static Tensor onesLike(Tensor t) { return full(t.dtype, 1, t.shape); }

    public static Tensor fullLike(Tensor t, double value) { return full(t.dtype, value, t.shape); }

    public static Tensor emptyLike(Tensor t) { return zeros(t.dtype, t.shape); }

    /** {@code torch.arange(end)}: int64 0, 1, ..., end-1. */
    public static Tensor arange(long end) { return arange(0, end, 1); }

    /** {@code torch.arange(start, end, step)} with integer arguments: int64. */
    public static Tensor arange(long start, long end, long step) {
        if (step == 0) throw new IllegalArgumentException("step must be nonzero");
        if ((step > 0 && start > end) || (step < 0 && start < end)) {
            throw new IllegalArgumentException("upper bound and larger bound inconsistent with step sign");
        }
        long n = (end - start + step - (step > 0 ? 1 : -1)) / step;
        long[] d = new long[(int) Math.max(n, 0)];
        for (int i = 0; i < d.length; i++) d[i] = start + i * step;
        return wrap(DType.INT64, d, d.length);
    }

    /** {@code torch.arange(start, end, step)} with floating arguments: float32. */
    public static Tensor arange(double start, double end, double step) {
        if (step == 0) throw new IllegalArgumentException("step must be nonzero");
        if ((step > 0 && start > end) || (step < 0 && start < end)) {
            throw new IllegalArgumentException("upper bound and larger bound inconsistent with step sign");
        }
        int n = (int) Math.ceil((end - start) / step);
        float[] d = new float[Math.max(n, 0)];
        for (int i = 0; i < d.length; i++) d[i] = (float) (start + i * step);
        return wrap(DType.FLOAT32, d, d.length);
    }

    /** {@code torch.linspace(start, end, steps)}: float32, computed as PyTorch does (from both ends). */
    public static Tensor linspace(double start, double end, int steps) { return linspace(start, end, steps, DType.FLOAT32); }

    /**
     * {@code torch.linspace} in float32 or float64, bit-identical to PyTorch 1.13's CPU kernel on x86-64: the
     * first half counts up from start and the second half down from end (start + step*i and end - step*(n-1-i)
     * each one fused multiply-add) in blocks of one AVX2 vector (8 floats or 4 doubles) whose lanes add
     * j*step to the block's first value, for the largest multiple of two vectors; the tail is scalar.
     */
    public static Tensor linspace(double start, double end, int steps, DType dtype) {
        if (steps < 0) throw new IllegalArgumentException("number of steps must be non-negative");
        if (!dtype.isFloatingPoint()) throw new IllegalArgumentException("linspace supports float32 and float64 here, got " + dtype.torchName());
        int half = steps / 2;
        if (dtype == DType.FLOAT32) {
            float s = (float) start, e = (float) end;
            float[] d = new float[steps];
            if (steps == 1) d[0] = s;
            if (steps > 1) {
                float step = (e - s) / (steps - 1);
                int vec = 8, vecEnd = (steps / (2 * vec)) * (2 * vec);
                for (int i = 0; i < steps; i++) {
                    int b = i < vecEnd ? (i / vec) * vec : i, j = i - b;
                    float base = b < half ? Math.fma(step, (float) b, s) : Math.fma(-step, (float) (steps - b - 1), e);
                    d[i] = j == 0 ? base : base + j * step; // the vector lanes: j*step rounded, then added
                }
            }
            return wrap(DType.FLOAT32, d, steps);
        }
        double[] d = new double[steps];
        if (steps == 1) d[0] = start;
        if (steps > 1) {
            double step = (end - start) / (steps - 1);
            int vec = 4, vecEnd = (steps / (2 * vec)) * (2 * vec);
            for (int i = 0; i < steps; i++) {
                int b = i < vecEnd ? (i / vec) * vec : i, j = i - b;
                double base = b < half ? Math.fma(step, b, start) : Math.fma(-step, steps - b - 1, end);
                d[i] = j == 0 ? base : base + j * step;
            }
        }
        return wrap(DType.FLOAT64, d, steps);
    }

    /** Seeds the default generator, as {@code torch.manual_seed(seed)}: the same seed gives PyTorch's numbers. */
    public static void manualSeed(long seed) { Generator.manualSeedDefault(seed); }

    /** Uniform [0, 1) float32 from the default generator ({@code torch.rand}). */
    public static Tensor rand(int... shape) { return rand(Generator.defaultGenerator(), DType.FLOAT32, shape); }

    public static Tensor rand(Generator gen, DType dtype, int... shape) {
        Tensor t = zeros(floatingOnly(dtype, "rand"), shape);
        if (dtype == DType.FLOAT32) gen.rand((float[]) t.storage); else gen.rand((double[]) t.storage);
        return t;
    }

    /** Standard normal float32 from the default generator ({@code torch.randn}). */
    public static Tensor randn(int... shape) { return randn(Generator.defaultGenerator(), DType.FLOAT32, shape); }

    public static Tensor randn(Generator gen, DType dtype, int... shape) {
        Tensor t = zeros(floatingOnly(dtype, "randn"), shape);
        if (dtype == DType.FLOAT32) gen.randn((float[]) t.storage); else gen.randn((double[]) t.storage);
        return t;
    }

    /** {@code torch.randint(low, high, size)}: int64 uniform in [low, high). */
    public static Tensor randint(long low, long high, int... shape) { return randint(Generator.defaultGenerator(), low, high, shape); }

    public static Tensor randint(Generator gen, long low, long high, int... shape) {
        if (low >= high) {
            throw new IllegalArgumentException("random_ expects 'from' to be less than 'to', but got from=" + low + " >= to=" + high);
        }
        Tensor t = zeros(DType.INT64, shape);
        gen.randint((long[]) t.storage, low, high);
        return t;
    }

    /** {@code torch.randperm(n)}: a random permutation of 0..n-1 as int64. */
    public static Tensor randperm(int n) { return randperm(Generator.defaultGenerator(), n); }

    public static Tensor randperm(Generator gen, int n) {
        if (n < 0) throw new IllegalArgumentException("n must be non-negative, got" + n);
        return wrap(DType.INT64, gen.randperm(n), n);
    }

    private static DType floatingOnly(DType dtype, String fn) {
        if (!dtype.isFloatingPoint()) throw new IllegalArgumentException("\"" + fn + "\" not implemented for '" + dtype.torchName() + "'");
        return dtype;
    }

    // ------------------------------------------------------------------ in-place

    private void fillRaw(double value) {
        int n = numel();
        if (isContiguous() && (dtype == DType.FLOAT32 || dtype == DType.FLOAT64)) {
            // zero_grad in place clears whole gradients every step: Arrays.fill over blocks, in parallel when large
            final int off = offset;
            final float fv = (float) value;
            Object st = storage;
            // one contiguous piece per thread (a fill has no partial sums to keep in order; finer blocks were slower)
            int threads = org.losses4j.internal.parallel.Parallel.numThreads();
            int grain = Math.max(FILL_GRAIN, (int) (((long) n + threads - 1) / threads));
            org.losses4j.internal.parallel.Parallel.parallelFor(0, n, grain, (s, e) -> {
                if (st instanceof float[]) fillBlocks((float[]) st, off + s, off + e, fv);
                else fillBlocks((double[]) st, off + s, off + e, value);
            });
            return;
        }
        int[] offs = isContiguous() ? null : elementOffsets();
        for (int k = 0; k < n; k++) {
            int o = offs == null ? offset + k : offs[k];
            switch (dtype) {
                case FLOAT32: ((float[]) storage)[o] = (float) value; break;
                case FLOAT64: ((double[]) storage)[o] = value; break;
                case INT64: ((long[]) storage)[o] = (long) value; break;
                default: ((boolean[]) storage)[o] = value != 0; break;
            }
        }
    }

    /** Elements per block of a parallel fill (1 MiB of float32): smaller tensors are filled on one thread. */
    private static final int FILL_GRAIN = 1 << 18;

    /**
     * Elements a fill writes with a loop; the rest is copied from them (System.arraycopy). Arrays.fill is one loop
     * whose compiled form depends on the trip counts the JVM profiled for it anywhere in the process: after many
     * small fills (a 64 x 10 cross entropy, say) C2 stopped unrolling and vectorising it, and zeroing a 16 MB
     * gradient in place went from 0.2 to 1.2 ms. arraycopy is a stub whose speed does not depend on a profile.
     */
    private static final int FILL_SEED = 4096;

    static void fillBlocks(float[] a, int from, int to, float v) {
        int seed = Math.min(to - from, FILL_SEED);
        Arrays.fill(a, from, from + seed, v);
        for (int i = from + seed; i < to; i += seed) System.arraycopy(a, from, a, i, Math.min(seed, to - i));
    }

    static void fillBlocks(double[] a, int from, int to, double v) {
        int seed = Math.min(to - from, FILL_SEED / 2);
        Arrays.fill(a, from, from + seed, v);
        for (int i = from + seed; i < to; i += seed) System.arraycopy(a, from, a, i, Math.min(seed, to - i));
    }

    /** Fills with a value, in place. */
    public Tensor fill_(double value) {
        Node node = org.losses4j.internal.ops.InPlace.beforeFill(this, "FillBackward2");
        fillRaw(value);
        org.losses4j.internal.ops.InPlace.afterWrite(this, node);
        return this;
    }

    /** Fills with zeros, in place. */
    public Tensor zero_() {
        Node node = org.losses4j.internal.ops.InPlace.beforeFill(this, "ZeroBackward0");
        fillRaw(0);
        org.losses4j.internal.ops.InPlace.afterWrite(this, node);
        return this;
    }

    /**
     * {@code self.add_(other)}: self += other, other broadcast to self's shape (AddBackward0 when recorded). The rules
     * of every in-place op (version counter, leaves, views, dtypes, PyTorch's float32 arithmetic):
     * {@link org.losses4j.internal.ops.InPlace}.
     */
    public Tensor add_(Tensor other) { return org.losses4j.internal.ops.InPlace.add(this, other, 1); }

    /** {@code self.add_(other, alpha=alpha)}: self += alpha * other, one fused multiply-add per element as PyTorch's CPU kernel. */
    public Tensor add_(Tensor other, double alpha) { return org.losses4j.internal.ops.InPlace.add(this, other, alpha); }

    /** {@code self.add_(value)}. */
    public Tensor add_(double value) { return org.losses4j.internal.ops.InPlace.addScalar(this, value); }

    /** {@code self.sub_(other)} (SubBackward0). */
    public Tensor sub_(Tensor other) { return org.losses4j.internal.ops.InPlace.sub(this, other, 1); }

    /** {@code self.sub_(other, alpha=alpha)}: self -= alpha * other. */
    public Tensor sub_(Tensor other, double alpha) { return org.losses4j.internal.ops.InPlace.sub(this, other, alpha); }

    /** {@code self.sub_(value)}. */
    public Tensor sub_(double value) { return org.losses4j.internal.ops.InPlace.subScalar(this, value); }

    /** {@code self.mul_(other)} (MulBackward0). */
    public Tensor mul_(Tensor other) { return org.losses4j.internal.ops.InPlace.mul(this, other); }

    /** {@code self.mul_(value)}. */
    public Tensor mul_(double value) { return org.losses4j.internal.ops.InPlace.mulScalar(this, value); }

    /** {@code self.div_(other)}: true division (DivBackward0); an int64 self fails as in PyTorch. */
    public Tensor div_(Tensor other) { return org.losses4j.internal.ops.InPlace.div(this, other); }

    /** {@code self.div_(value)}. */
    public Tensor div_(double value) { return org.losses4j.internal.ops.InPlace.divScalar(this, value); }

    /** {@code self.copy_(src)}: src's values broadcast to self's shape, converted to self's dtype (CopyBackwards). */
    public Tensor copy_(Tensor src) { return org.losses4j.internal.ops.InPlace.copy(this, src); }

    /** {@code self.clamp_(min, max)}; pass null for an absent bound (ClampBackward1). */
    public Tensor clamp_(Double min, Double max) { return org.losses4j.internal.ops.InPlace.clamp(this, min, max); }

    private void writeFrom(Object src) {
        if (isContiguous()) {
            System.arraycopy(src, 0, storage, offset, numel());
        } else {
            Tensor s = wrap(dtype, src, shape);
            Elementwise.copyInto(this, s);
        }
    }

    /** {@code random_(to)}: integers uniform in [0, to), in place, from the default generator. */
    public Tensor random_(long to) { return random_(0, to, Generator.defaultGenerator()); }

    /** {@code random_(from, to)}: integers uniform in [from, to), in place. */
    public Tensor random_(long from, long to) { return random_(from, to, Generator.defaultGenerator()); }

    public Tensor random_(long from, long to, Generator gen) {
        Node node = org.losses4j.internal.ops.InPlace.beforeFill(this, null);
        if (from >= to) throw new IllegalArgumentException("random_ expects 'from' to be less than 'to', but got from=" + from + " >= to=" + to);
        int n = numel();
        switch (dtype) {
            case FLOAT32: { float[] d = new float[n]; gen.random(d, from, to); writeFrom(d); break; }
            case FLOAT64: { double[] d = new double[n]; gen.random(d, from, to); writeFrom(d); break; }
            case INT64: { long[] d = new long[n]; gen.randint(d, from, to); writeFrom(d); break; }
            default: throw new IllegalArgumentException("random_ is not supported for " + dtype.torchName() + " here");
        }
        org.losses4j.internal.ops.InPlace.afterWrite(this, node);
        return this;
    }

    /** {@code uniform_(from, to)}, in place. */
    public Tensor uniform_(double from, double to) { return uniform_(from, to, Generator.defaultGenerator()); }

    public Tensor uniform_(double from, double to, Generator gen) {
        Node node = org.losses4j.internal.ops.InPlace.beforeFill(this, null);
        floatingOnly(dtype, "uniform_");
        if (from > to) throw new IllegalArgumentException("uniform_ expects to return a [from, to) range, but found from=" + from + " > to=" + to);
        int n = numel();
        if (dtype == DType.FLOAT32) { float[] d = new float[n]; gen.uniform(d, from, to); writeFrom(d); }
        else { double[] d = new double[n]; gen.uniform(d, from, to); writeFrom(d); }
        org.losses4j.internal.ops.InPlace.afterWrite(this, node);
        return this;
    }

    /** {@code normal_(mean, std)}, in place. */
    public Tensor normal_(double mean, double std) { return normal_(mean, std, Generator.defaultGenerator()); }

    public Tensor normal_(double mean, double std, Generator gen) {
        Node node = org.losses4j.internal.ops.InPlace.beforeFill(this, null);
        floatingOnly(dtype, "normal_");
        if (!(std >= 0)) throw new IllegalArgumentException("normal expects std >= 0.0, but found std " + std);
        int n = numel();
        if (dtype == DType.FLOAT32) { float[] d = new float[n]; gen.normal(d, mean, std); writeFrom(d); }
        else { double[] d = new double[n]; gen.normal(d, mean, std); writeFrom(d); }
        org.losses4j.internal.ops.InPlace.afterWrite(this, node);
        return this;
    }

    // ------------------------------------------------------------------ element access and conversion

    /** The value of a one-element tensor as a double ({@code tensor.item()}). */
    public double item() {
        if (numel() != 1) throw new IllegalArgumentException("a Tensor with " + numel() + " elements cannot be converted to Scalar");
        return getAsDouble(offset);
    }

    /** The value of a one-element integer tensor as a long. */
    public long itemLong() {
        if (numel() != 1) throw new IllegalArgumentException("a Tensor with " + numel() + " elements cannot be converted to Scalar");
        return getAsLong(offset);
    }

    /** The element at a full index (negative indices count from the end) as a double. */
    public double get(int... index) { return getAsDouble(offsetOf(index)); }

    /** The element at a full index as a long. */
    public long getLong(int... index) { return getAsLong(offsetOf(index)); }

    private int offsetOf(int[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("expected " + shape.length + " indices for a tensor of shape " + Shape.str(shape) + ", got " + index.length);
        }
        int o = offset;
        for (int d = 0; d < index.length; d++) {
            int i = index[d];
            if (i < -shape[d] || i >= shape[d]) {
                throw new IndexOutOfBoundsException("index " + i + " is out of bounds for dimension " + d + " with size " + shape[d]);
            }
            o += (i < 0 ? i + shape[d] : i) * strides[d];
        }
        return o;
    }

    /** Storage element o as a double. */
    public double getAsDouble(int o) {
        switch (dtype) {
            case FLOAT32: return ((float[]) storage)[o];
            case FLOAT64: return ((double[]) storage)[o];
            case INT64: return ((long[]) storage)[o];
            default: return ((boolean[]) storage)[o] ? 1 : 0;
        }
    }

    /** Storage element o as a long (floats truncate toward zero). */
    public long getAsLong(int o) {
        switch (dtype) {
            case FLOAT32: return (long) ((float[]) storage)[o];
            case FLOAT64: return (long) ((double[]) storage)[o];
            case INT64: return ((long[]) storage)[o];
            default: return ((boolean[]) storage)[o] ? 1 : 0;
        }
    }

    /** All elements in C order as float (a copy). */
    public float[] toFloatArray() {
        if (dtype == DType.FLOAT32) return (float[]) contiguousCopy().storage;
        return (float[]) to(DType.FLOAT32).detach().contiguousCopy().storage;
    }

    /** All elements in C order as double (a copy). */
    public double[] toDoubleArray() {
        if (dtype == DType.FLOAT64) return (double[]) contiguousCopy().storage;
        return (double[]) to(DType.FLOAT64).detach().contiguousCopy().storage;
    }

    /** All elements in C order as long (a copy; floats truncate toward zero). */
    public long[] toLongArray() {
        if (dtype == DType.INT64) return (long[]) contiguousCopy().storage;
        try (var s = GradMode.noGrad()) {
            return (long[]) to(DType.INT64).contiguousCopy().storage;
        }
    }

    /** All elements in C order as boolean (a copy; non-zero is true). */
    public boolean[] toBooleanArray() {
        if (dtype == DType.BOOL) return (boolean[]) contiguousCopy().storage;
        try (var s = GradMode.noGrad()) {
            return (boolean[]) to(DType.BOOL).contiguousCopy().storage;
        }
    }

    /** A fresh contiguous copy of the data at offset 0 (no autograd link). */
    public Tensor contiguousCopy() {
        int n = numel();
        Object out = newStorage(dtype, n);
        if (isContiguous()) {
            System.arraycopy(storage, offset, out, 0, n);
        } else {
            int[] offs = elementOffsets();
            switch (dtype) {
                case FLOAT32: { float[] s = (float[]) storage, d = (float[]) out; for (int k = 0; k < n; k++) d[k] = s[offs[k]]; break; }
                case FLOAT64: { double[] s = (double[]) storage, d = (double[]) out; for (int k = 0; k < n; k++) d[k] = s[offs[k]]; break; }
                case INT64: { long[] s = (long[]) storage, d = (long[]) out; for (int k = 0; k < n; k++) d[k] = s[offs[k]]; break; }
                default: { boolean[] s = (boolean[]) storage, d = (boolean[]) out; for (int k = 0; k < n; k++) d[k] = s[offs[k]]; break; }
            }
        }
        return wrap(dtype, out, shape);
    }

    /** Converts to a dtype ({@code tensor.to(dtype)}); float-to-float conversions are differentiable. */
    public Tensor to(DType target) { return Elementwise.to(this, target); }

    /** A contiguous tensor with the same values: this one when already contiguous. */
    public Tensor contiguous() { return Views.contiguous(this); }

    /** A differentiable copy ({@code tensor.clone()}). */
    public Tensor clone() { return Views.cloneTensor(this); }

    // ------------------------------------------------------------------ views

    public Tensor reshape(int... shape) { return Views.reshape(this, shape); }

    public Tensor view(int... shape) { return Views.view(this, shape); }

    public Tensor transpose(int dim0, int dim1) { return Views.transpose(this, dim0, dim1); }

    /** The transpose of a 2-d tensor ({@code tensor.t()}). */
    public Tensor t() {
        if (dim() > 2) throw new IllegalArgumentException("t() expects a tensor with <= 2 dimensions, but self is " + dim() + "D");
        return dim() < 2 ? this : transpose(0, 1);
    }

    public Tensor permute(int... dims) { return Views.permute(this, dims); }

    public Tensor unsqueeze(int dim) { return Views.unsqueeze(this, dim); }

    /** Removes every size-1 dim. */
    public Tensor squeeze() { return Views.squeeze(this); }

    /** Removes dim when its size is 1 (otherwise returns an equal view). */
    public Tensor squeeze(int dim) { return Views.squeeze(this, dim); }

    public Tensor flatten() { return Views.flatten(this, 0, -1); }

    public Tensor flatten(int startDim, int endDim) { return Views.flatten(this, startDim, endDim); }

    /** Broadcasts to a larger shape without copying; -1 keeps a size. */
    public Tensor expand(int... sizes) { return Views.expand(this, sizes); }

    /** Expands to other's shape. */
    public Tensor expandAs(Tensor other) { return Views.expand(this, other.shape); }

    /** The slice at {@code index} along {@code dim}, with that dim removed. */
    public Tensor select(int dim, int index) { return Views.select(this, dim, index); }

    /** {@code length} elements from {@code start} along {@code dim}. */
    public Tensor narrow(int dim, int start, int length) { return Views.narrow(this, dim, start, length); }

    // ------------------------------------------------------------------ element-wise

    public Tensor add(Tensor other) { return Elementwise.add(this, other); }

    public Tensor add(double other) { return Elementwise.addScalar(this, other); }

    public Tensor sub(Tensor other) { return Elementwise.sub(this, other); }

    public Tensor sub(double other) { return Elementwise.subScalar(this, other); }

    /** {@code other - this} ({@code torch.rsub}). */
    public Tensor rsub(double other) { return Elementwise.rsubScalar(this, other); }

    public Tensor mul(Tensor other) { return Elementwise.mul(this, other); }

    public Tensor mul(double other) { return Elementwise.mulScalar(this, other); }

    /** True division (integers divide to float32). */
    public Tensor div(Tensor other) { return Elementwise.div(this, other); }

    public Tensor div(double other) { return Elementwise.divScalar(this, other); }

    /** {@code other / this}. */
    public Tensor rdiv(double other) { return Elementwise.rdivScalar(this, other); }

    public Tensor neg() { return Elementwise.neg(this); }

    public Tensor pow(Tensor exponent) { return Elementwise.pow(this, exponent); }

    public Tensor pow(double exponent) { return Elementwise.powScalar(this, exponent); }

    /** {@code base ** this} ({@code torch.pow(base, tensor)}). */
    public Tensor rpow(double base) { return Elementwise.rpowScalar(this, base); }

    public Tensor exp() { return Elementwise.exp(this); }

    public Tensor log() { return Elementwise.log(this); }

    public Tensor log1p() { return Elementwise.log1p(this); }

    public Tensor expm1() { return Elementwise.expm1(this); }

    public Tensor abs() { return Elementwise.abs(this); }

    public Tensor sign() { return Elementwise.sign(this); }

    public Tensor sqrt() { return Elementwise.sqrt(this); }

    /** {@code clamp(min, max)}; pass null for an absent bound. */
    public Tensor clamp(Double min, Double max) { return Elementwise.clamp(this, min, max); }

    public Tensor clampMin(double min) { return Elementwise.clamp(this, min, null); }

    public Tensor clampMax(double max) { return Elementwise.clamp(this, null, max); }

    public Tensor sigmoid() { return Elementwise.sigmoid(this); }

    public Tensor tanh() { return Elementwise.tanh(this); }

    public Tensor relu() { return Elementwise.relu(this); }

    /** {@code F.softplus(x, beta=1, threshold=20)}. */
    public Tensor softplus() { return Elementwise.softplus(this, 1, 20); }

    public Tensor softplus(double beta, double threshold) { return Elementwise.softplus(this, beta, threshold); }

    /** {@code torch.where(condition, a, b)}. */
    public static Tensor where(Tensor condition, Tensor a, Tensor b) { return Elementwise.where(condition, a, b); }

    public Tensor maximum(Tensor other) { return Elementwise.maximum(this, other); }

    public Tensor minimum(Tensor other) { return Elementwise.minimum(this, other); }

    public Tensor eq(Tensor other) { return Elementwise.compare(this, other, Elementwise.Cmp.EQ); }

    public Tensor ne(Tensor other) { return Elementwise.compare(this, other, Elementwise.Cmp.NE); }

    public Tensor lt(Tensor other) { return Elementwise.compare(this, other, Elementwise.Cmp.LT); }

    public Tensor le(Tensor other) { return Elementwise.compare(this, other, Elementwise.Cmp.LE); }

    public Tensor gt(Tensor other) { return Elementwise.compare(this, other, Elementwise.Cmp.GT); }

    public Tensor ge(Tensor other) { return Elementwise.compare(this, other, Elementwise.Cmp.GE); }

    public Tensor eq(double other) { return Elementwise.compareScalar(this, other, Elementwise.Cmp.EQ); }

    public Tensor ne(double other) { return Elementwise.compareScalar(this, other, Elementwise.Cmp.NE); }

    public Tensor lt(double other) { return Elementwise.compareScalar(this, other, Elementwise.Cmp.LT); }

    public Tensor le(double other) { return Elementwise.compareScalar(this, other, Elementwise.Cmp.LE); }

    public Tensor gt(double other) { return Elementwise.compareScalar(this, other, Elementwise.Cmp.GT); }

    public Tensor ge(double other) { return Elementwise.compareScalar(this, other, Elementwise.Cmp.GE); }

    // ------------------------------------------------------------------ indexing and joining

    /**
     * {@code torch.gather(self, dim, index)}: out has index's shape (int64, self's number of dims, no larger than
     * self but in dim); out[i][j] = self[index[i][j]][j] for dim 0, self[i][index[i][j]] for dim 1 (GatherBackward0).
     */
    public Tensor gather(int dim, Tensor index) { return org.losses4j.internal.ops.Indexing.gather(this, dim, index); }

    /** {@code torch.index_select(self, dim, index)}: the slices at the int64 indices of a 1-d index, in order (IndexSelectBackward0). */
    public Tensor indexSelect(int dim, Tensor index) { return org.losses4j.internal.ops.Indexing.indexSelect(this, dim, index); }

    /**
     * {@code self.scatter_add(dim, index, src)}, out of place: self with src[i][j] added at [index[i][j]][j] for
     * dim 0 (index no larger than src, nor than self but in dim) (ScatterAddBackward0).
     */
    public Tensor scatterAdd(int dim, Tensor index, Tensor src) { return org.losses4j.internal.ops.Indexing.scatterAdd(this, dim, index, src); }

    /** {@code self.scatter_add_(dim, index, src)}: in place (see {@link org.losses4j.internal.ops.InPlace} for the rules). */
    public Tensor scatterAdd_(int dim, Tensor index, Tensor src) { return org.losses4j.internal.ops.Indexing.scatterAdd_(this, dim, index, src); }

    /** {@code torch.cat(tensors, dim)}: joins along an existing dim; dtypes promote (CatBackward0). */
    public static Tensor cat(int dim, Tensor... tensors) { return org.losses4j.internal.ops.Indexing.cat(dim, tensors); }

    /** {@code torch.stack(tensors, dim)}: joins equal-shaped tensors along a new dim (StackBackward0). */
    public static Tensor stack(int dim, Tensor... tensors) { return org.losses4j.internal.ops.Indexing.stack(dim, tensors); }

    // ------------------------------------------------------------------ matrix products

    /**
     * {@code torch.matmul(self, other)}: 1-d x 1-d is the dot product (0-d); 2-d x 1-d a matrix-vector product
     * (m); 1-d x 2-d prepends a 1 to self and removes it (n); 2-d x 2-d the matrix product (m x n); with a
     * batched operand (3-d or more) the batch dims (all but the last two; a 1-d operand has none) broadcast:
     * (b..., n, k) @ (k, p) = (b..., n, p), (j, 1, n, k) @ (m, k, p) = (j, m, n, p). grad_fn as PyTorch 1.13's
     * (DotBackward0, MvBackward0, SqueezeBackward3, MmBackward0, UnsafeViewBackward0, CloneBackward0).
     */
    public Tensor matmul(Tensor other) { return org.losses4j.internal.ops.LinearAlgebra.matmul(this, other); }

    /** {@code torch.mm(self, mat2)}: (m x k) @ (k x n) = (m x n), both 2-d and of one dtype (MmBackward0). */
    public Tensor mm(Tensor mat2) { return org.losses4j.internal.ops.LinearAlgebra.mm(this, mat2); }

    /** {@code torch.bmm(self, batch2)}: (B x n x k) @ (B x k x p) = (B x n x p), no broadcasting (BmmBackward0). */
    public Tensor bmm(Tensor batch2) { return org.losses4j.internal.ops.LinearAlgebra.bmm(this, batch2); }

    /** {@code torch.dot(self, other)}: two 1-d tensors of one length and dtype, a 0-d result (DotBackward0). */
    public Tensor dot(Tensor other) { return org.losses4j.internal.ops.LinearAlgebra.dot(this, other); }

    /** {@code torch.mv(self, vec)}: (m x k) @ (k) = (m) (MvBackward0). */
    public Tensor mv(Tensor vec) { return org.losses4j.internal.ops.LinearAlgebra.mv(this, vec); }

    // ------------------------------------------------------------------ reductions

    /** Sum of all elements (int64 for integer and bool tensors). */
    public Tensor sum() { return Reductions.sumAll(this); }

    public Tensor sum(int dim) { return Reductions.sum(this, new int[] {dim}, false); }

    public Tensor sum(int dim, boolean keepdim) { return Reductions.sum(this, new int[] {dim}, keepdim); }

    public Tensor sum(int[] dims, boolean keepdim) { return Reductions.sum(this, dims, keepdim); }

    public Tensor mean() { return Reductions.meanAll(this); }

    public Tensor mean(int dim) { return Reductions.mean(this, new int[] {dim}, false); }

    public Tensor mean(int dim, boolean keepdim) { return Reductions.mean(this, new int[] {dim}, keepdim); }

    public Tensor mean(int[] dims, boolean keepdim) { return Reductions.mean(this, dims, keepdim); }

    /** Largest element (0-d). */
    public Tensor max() { return Reductions.maxAll(this, true); }

    /** Smallest element (0-d). */
    public Tensor min() { return Reductions.maxAll(this, false); }

    /** {@code torch.max(x, dim)}: values and indices. */
    public ValuesIndices max(int dim, boolean keepdim) { return Reductions.maxDim(this, dim, keepdim, true); }

    public ValuesIndices min(int dim, boolean keepdim) { return Reductions.maxDim(this, dim, keepdim, false); }

    /** Flat index of the largest element. */
    public Tensor argmax() { return Reductions.argmaxAll(this); }

    public Tensor argmax(int dim, boolean keepdim) { return Reductions.maxDim(this, dim, keepdim, true).indices(); }

    public Tensor logsumexp(int dim, boolean keepdim) { return Reductions.logsumexp(this, new int[] {dim}, keepdim); }

    public Tensor logsumexp(int[] dims, boolean keepdim) { return Reductions.logsumexp(this, dims, keepdim); }

    /** The p-norm of all elements ({@code torch.linalg.vector_norm}); p may be infinite. */
    public Tensor norm(double p) { return Reductions.norm(this, p, null, false); }

    public Tensor norm(double p, int dim, boolean keepdim) { return Reductions.norm(this, p, new int[] {dim}, keepdim); }

    public Tensor softmax(int dim) { return Softmax.softmax(this, dim); }

    public Tensor logSoftmax(int dim) { return Softmax.logSoftmax(this, dim); }

    // ------------------------------------------------------------------ printing

    /** Exactly what PyTorch's {@code str(tensor)} prints. */
    @Override
    public String toString() {
        double[] f = null;
        long[] l = null;
        boolean[] b = null;
        Tensor c = detach().contiguousCopy();
        switch (dtype) {
            case FLOAT32: { float[] s = (float[]) c.storage; f = new double[s.length]; for (int i = 0; i < s.length; i++) f[i] = s[i]; break; }
            case FLOAT64: f = (double[]) c.storage; break;
            case INT64: l = (long[]) c.storage; break;
            default: b = (boolean[]) c.storage; break;
        }
        return TensorFormatter.format(dtype, shape, f, l, b, gradFn == null ? null : gradFn.name(), requiresGrad && gradFn == null);
    }
}
