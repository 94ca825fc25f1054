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
     * tensor of the given shape, without copying: the tensor owns the array from now on. For op implementers;
     * {@link #of(Object)} copies instead.
     *
     * @param dtype the element type the array holds
     * @param data the storage: a {@code float[]}, {@code double[]}, {@code long[]} or {@code boolean[]}
     * @param shape the sizes, whose product must equal the array's length
     * @return a contiguous tensor over {@code data}, not requiring grad
     * @throws IllegalArgumentException when the array's type does not match {@code dtype} or its length is not the
     *         shape's number of elements
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

    /**
     * A view of {@code base}'s storage with the given geometry (no copy, no autograd link; PyTorch's
     * {@code as_strided} without the graph). For op implementers: nothing checks that the geometry stays inside the
     * storage.
     *
     * @param base the tensor whose storage, dtype and version counter the view shares
     * @param shape the view's sizes
     * @param strides the view's strides, in elements, one per dim
     * @param offset the storage index of element [0, ..., 0]
     * @return the view
     */
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

    /**
     * A new storage array for {@code n} elements of a dtype, zeroed (Java arrays start zeroed). For op implementers.
     *
     * @param dtype the element type: float32 gives a {@code float[]}, float64 a {@code double[]}, int64 a
     *         {@code long[]}, bool a {@code boolean[]}
     * @param n the number of elements
     * @return the new array
     */
    public static Object newStorage(DType dtype, int n) {
        switch (dtype) {
            case FLOAT32: return new float[n];
            case FLOAT64: return new double[n];
            case INT64: return new long[n];
            default: return new boolean[n];
        }
    }

    /**
     * The backing array, shared with other views: read it with {@link #storageOffset()} and {@link #strides()}.
     *
     * @return the {@code float[]}, {@code double[]}, {@code long[]} or {@code boolean[]} (not a copy)
     */
    public Object storage() { return storage; }

    /**
     * Index of element [0, ..., 0] in {@link #storage()} ({@code tensor.storage_offset()}).
     *
     * @return the offset, in elements
     */
    public int storageOffset() { return offset; }

    /**
     * Strides in elements, one per dim ({@code tensor.stride()}).
     *
     * @return a copy of the strides
     */
    public int[] strides() { return strides.clone(); }

    /**
     * True when the elements lie in C order with no gaps (a view may still start at a non-zero offset);
     * {@code tensor.is_contiguous()}.
     *
     * @return whether the layout is C-contiguous
     */
    public boolean isContiguous() { return Shape.isContiguous(shape, strides); }

    /**
     * Storage offsets of every element, in C order. For op implementers.
     *
     * @return one storage index per element ({@link #numel()} of them)
     */
    public int[] elementOffsets() {
        return Shape.offsets(shape, strides, offset);
    }

    /**
     * Makes {@code node} this tensor's {@code grad_fn}: the tensor becomes a non-leaf that requires grad. For op
     * implementers, on a tensor an op has just created.
     *
     * @param node the node whose backward produces the gradients of this tensor's inputs
     * @return this tensor
     */
    public Tensor attachGradFn(Node node) {
        this.gradFn = node;
        this.requiresGrad = true;
        return this;
    }

    // ------------------------------------------------------------------ metadata

    /**
     * The element type ({@code tensor.dtype}).
     *
     * @return float32, float64, int64 or bool
     */
    public DType dtype() { return dtype; }

    /**
     * The sizes, as a copy (PyTorch's {@code tensor.shape}); empty for a 0-d tensor.
     *
     * @return one size per dim
     */
    public int[] shape() { return shape.clone(); }

    /**
     * The size of one dim ({@code tensor.size(dim)}); negative dims count from the end.
     *
     * @param dim the dim, in [-dim(), dim())
     * @return its size
     * @throws IndexOutOfBoundsException when {@code dim} is out of range, with PyTorch's "Dimension out of range"
     */
    public int size(int dim) { return shape[Shape.wrapDim(dim, shape.length)]; }

    /**
     * Number of dims ({@code tensor.dim()}): 0 for a scalar tensor.
     *
     * @return the rank
     */
    public int dim() { return shape.length; }

    /**
     * The number of elements ({@code tensor.numel()}): the product of the sizes, 1 for a 0-d tensor.
     *
     * @return the element count
     */
    public int numel() { return Shape.numel(shape); }

    // ------------------------------------------------------------------ autograd

    /**
     * Whether gradients flow to this tensor ({@code tensor.requires_grad}): true for a leaf marked with
     * {@link #requiresGrad_(boolean)} and for every result of a recorded op.
     *
     * @return whether autograd records ops on this tensor
     */
    public boolean requiresGrad() { return requiresGrad; }

    /**
     * Sets requires_grad on a leaf ({@code tensor.requires_grad_(flag)}); only floating tensors may require
     * gradients.
     *
     * @param flag whether backward should compute this tensor's gradient
     * @return this tensor
     * @throws IllegalStateException when clearing the flag on a non-leaf, with PyTorch's message
     * @throws IllegalArgumentException when setting it on an int64 or bool tensor ("only Tensors of floating point
     *         and complex dtype can require gradients")
     */
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

    /**
     * Sets (or clears, with null) the gradient ({@code tensor.grad = g}); it must match this tensor's shape and dtype.
     *
     * @param g the new gradient, or null
     * @throws IllegalArgumentException when {@code g}'s shape or dtype differs, with PyTorch's "assigned grad has
     *         data of a different size/type"
     */
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

    /**
     * Clears the gradient: drops it when {@code setToNone} (as {@code zero_grad(set_to_none=True)}), otherwise
     * zeroes the existing gradient in place, without recording the write (a gradient that is null stays null).
     *
     * @param setToNone true to drop the gradient, false to fill it with zeros
     */
    public void zeroGrad(boolean setToNone) {
        if (setToNone || grad == null) grad = null;
        else {
            try (var s = GradMode.noGrad()) {
                grad.fill_(0);
            }
        }
    }

    /**
     * The node that created this tensor ({@code tensor.grad_fn}), or null for a leaf.
     *
     * @return the node, or null
     */
    public Node gradFn() { return gradFn; }

    /**
     * A leaf is a tensor not produced by a recorded op (every tensor that does not require grad is one);
     * {@code tensor.is_leaf}. Backward stores gradients in leaves that require grad.
     *
     * @return whether this tensor has no {@code grad_fn}
     */
    public boolean isLeaf() { return gradFn == null; }

    /**
     * The same data, cut from the graph ({@code tensor.detach()}): shares storage and the version counter, and does
     * not require grad.
     *
     * @return a leaf view of the same elements
     */
    public Tensor detach() { return new Tensor(dtype, storage, offset, shape, strides, version, base); }

    /**
     * PyTorch's {@code tensor._version}: how many in-place ops have written this tensor's storage (shared by its
     * views and by {@code detach()}). A node that saved a tensor for its backward checks it did not change.
     *
     * @return the version counter's value
     */
    public int version() { return version[0]; }

    /** Records one in-place write to this tensor's storage (for op implementers). */
    public void bumpVersion() { version[0]++; }

    /**
     * Whether this tensor is a view of another one's storage ({@code tensor._is_view()}).
     *
     * @return true for a view made by reshape, transpose, select and the like
     */
    public boolean isView() { return base != null; }

    /**
     * The tensor this one is a view of, or null ({@code tensor._base}).
     *
     * @return the base tensor, or null when this tensor owns its storage
     */
    public Tensor viewBase() { return base; }

    /**
     * A tensor with this one's data, geometry and version counter and this one's current {@code grad_fn}: what
     * an in-place op records as its input before it makes this tensor the output of a new node (PyTorch's
     * rebase of history). For op implementers.
     *
     * @return the alias
     */
    public Tensor historyAlias() {
        Tensor t = new Tensor(dtype, storage, offset, shape, strides, version, base);
        t.gradFn = gradFn;
        t.requiresGrad = requiresGrad;
        return t;
    }

    /**
     * Makes {@code node} the {@code grad_fn} of this tensor after an in-place op (for op implementers). A retained
     * gradient ({@link #retainGrad()}) moves to the new value.
     *
     * @param node the node that recorded the in-place op
     */
    public void rebaseHistory(Node node) {
        this.gradFn = node;
        this.requiresGrad = true;
        if (retainsGrad) Autograd.retainGrad(this); // the retained gradient moves to the new value, as PyTorch moves its hook
    }

    /**
     * Backward from a scalar ({@code tensor.backward()}): accumulates d this / d leaf into the {@link #grad()} of
     * every leaf that requires grad, then frees the graph's saved state.
     *
     * @throws IllegalStateException when this tensor does not require grad or is not a one-element tensor, or when
     *         the graph was already freed, with PyTorch's messages
     */
    public void backward() { Autograd.backward(this, null, false); }

    /**
     * Backward with an upstream gradient ({@code tensor.backward(gradient)}), freeing the graph's saved state.
     *
     * @param gradient d output / d this, of this tensor's shape; null means 1 for a one-element tensor
     * @throws IllegalStateException when this tensor does not require grad, or the graph was already freed
     * @throws IllegalArgumentException when {@code gradient}'s shape or dtype does not fit
     */
    public void backward(Tensor gradient) { Autograd.backward(this, gradient, false); }

    /**
     * Backward, keeping the graph's saved state so another backward can follow when {@code retainGraph}
     * ({@code tensor.backward(gradient, retain_graph=...)}).
     *
     * @param gradient d output / d this, of this tensor's shape; null means 1 for a one-element tensor
     * @param retainGraph true to keep the saved tensors for another backward through the same graph
     * @throws IllegalStateException when this tensor does not require grad, or the graph was already freed
     * @throws IllegalArgumentException when {@code gradient}'s shape or dtype does not fit
     */
    public void backward(Tensor gradient, boolean retainGraph) { Autograd.backward(this, gradient, retainGraph); }

    // ------------------------------------------------------------------ creation

    /**
     * A tensor from a Java array of any rank ({@code torch.tensor(data)}): float elements give float32, double
     * float64, long or int int64, boolean bool; the data are copied. Ragged arrays are rejected; an empty outer
     * array gives size 0 in every dim (Java keeps no inner lengths). A single boxed number gives a 1-d tensor of one
     * element; for a 0-d tensor use {@link #scalar(double)}.
     *
     * @param nestedArray e.g. a {@code float[][]} for a 2-d float32 tensor
     * @return a new contiguous tensor, not requiring grad
     * @throws IllegalArgumentException for null, a non-array, another element type or a ragged array
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

    /**
     * A 1-d float32 tensor ({@code torch.tensor([...], dtype=torch.float32)}), copying the values.
     *
     * @param values the elements
     * @return a tensor of shape (values.length)
     */
    public static Tensor of(float... values) { return wrap(DType.FLOAT32, values.clone(), values.length); }

    /**
     * A 1-d float64 tensor, copying the values. Note that {@code Tensor.of(1.0, 2.0)} is float64, unlike PyTorch's
     * default float32; use {@code Tensor.of(1f, 2f)} for float32.
     *
     * @param values the elements
     * @return a tensor of shape (values.length)
     */
    public static Tensor of(double... values) { return wrap(DType.FLOAT64, values.clone(), values.length); }

    /**
     * A 1-d int64 tensor (class indices, lengths), copying the values.
     *
     * @param values the elements
     * @return a tensor of shape (values.length)
     */
    public static Tensor of(long... values) { return wrap(DType.INT64, values.clone(), values.length); }

    /**
     * A 1-d bool tensor (a mask), copying the values.
     *
     * @param values the elements
     * @return a tensor of shape (values.length)
     */
    public static Tensor of(boolean... values) { return wrap(DType.BOOL, values.clone(), values.length); }

    /**
     * A 0-d float32 tensor ({@code torch.tensor(value)}).
     *
     * @param value the value, rounded to float
     * @return a tensor of shape ()
     */
    public static Tensor scalar(double value) { return scalar(value, DType.FLOAT32); }

    /**
     * A 0-d tensor of the given dtype.
     *
     * @param value the value (truncated toward zero for int64; non-zero is true for bool)
     * @param dtype the element type
     * @return a tensor of shape ()
     */
    public static Tensor scalar(double value, DType dtype) { return full(dtype, value); }

    /**
     * A float32 tensor of zeros ({@code torch.zeros(*shape)}).
     *
     * @param shape the sizes; none gives a 0-d tensor
     * @return the new tensor
     * @throws IllegalArgumentException for a negative size or more elements than a Java array holds
     */
    public static Tensor zeros(int... shape) { return zeros(DType.FLOAT32, shape); }

    /**
     * A tensor of zeros of a dtype ({@code torch.zeros(*shape, dtype=dtype)}).
     *
     * @param dtype the element type
     * @param shape the sizes
     * @return the new tensor
     * @throws IllegalArgumentException for a negative size or more elements than a Java array holds
     */
    public static Tensor zeros(DType dtype, int... shape) { return wrap(dtype, newStorage(dtype, Shape.numel(shape)), shape); }

    /**
     * A float32 tensor of ones ({@code torch.ones(*shape)}).
     *
     * @param shape the sizes
     * @return the new tensor
     * @throws IllegalArgumentException for a negative size
     */
    public static Tensor ones(int... shape) { return full(DType.FLOAT32, 1, shape); }

    /**
     * A tensor of ones of a dtype ({@code torch.ones(*shape, dtype=dtype)}).
     *
     * @param dtype the element type
     * @param shape the sizes
     * @return the new tensor
     * @throws IllegalArgumentException for a negative size
     */
    public static Tensor ones(DType dtype, int... shape) { return full(dtype, 1, shape); }

    /**
     * {@code torch.empty(*shape)}: uninitialised memory in PyTorch; zeros here (Java arrays start zeroed). float32.
     *
     * @param shape the sizes
     * @return the new tensor
     * @throws IllegalArgumentException for a negative size
     */
    public static Tensor empty(int... shape) { return zeros(DType.FLOAT32, shape); }

    /**
     * {@code torch.empty(*shape, dtype=dtype)}: zeros here, as {@link #zeros(DType, int...)}.
     *
     * @param dtype the element type
     * @param shape the sizes
     * @return the new tensor
     * @throws IllegalArgumentException for a negative size
     */
    public static Tensor empty(DType dtype, int... shape) { return zeros(dtype, shape); }

    /**
     * A float32 tensor filled with one value ({@code torch.full(shape, value)}).
     *
     * @param value the fill value, rounded to float
     * @param shape the sizes
     * @return the new tensor
     * @throws IllegalArgumentException for a negative size
     */
    public static Tensor full(double value, int... shape) { return full(DType.FLOAT32, value, shape); }

    /**
     * A tensor of a dtype filled with one value ({@code torch.full(shape, value, dtype=dtype)}).
     *
     * @param dtype the element type
     * @param value the fill value (truncated toward zero for int64; non-zero is true for bool)
     * @param shape the sizes
     * @return the new tensor
     * @throws IllegalArgumentException for a negative size
     */
    public static Tensor full(DType dtype, double value, int... shape) {
        Tensor t = zeros(dtype, shape);
        t.fillRaw(value);
        return t;
    }

    /**
     * Zeros of {@code t}'s shape and dtype ({@code torch.zeros_like}), contiguous and not requiring grad.
     *
     * @param t the tensor whose shape and dtype to take
     * @return the new tensor
     */
    public static Tensor zerosLike(Tensor t) { return zeros(t.dtype, t.shape); }

    /**
     * Ones of {@code t}'s shape and dtype ({@code torch.ones_like}).
     *
     * @param t the tensor whose shape and dtype to take
     * @return the new tensor
     */
    public static Tensor onesLike(Tensor t) { return full(t.dtype, 1, t.shape); }

    /**
     * A tensor of {@code t}'s shape and dtype filled with {@code value} ({@code torch.full_like}).
     *
     * @param t the tensor whose shape and dtype to take
     * @param value the fill value
     * @return the new tensor
     */
    public static Tensor fullLike(Tensor t, double value) { return full(t.dtype, value, t.shape); }

    /**
     * {@code torch.empty_like}: zeros of {@code t}'s shape and dtype here.
     *
     * @param t the tensor whose shape and dtype to take
     * @return the new tensor
     */
    public static Tensor emptyLike(Tensor t) { return zeros(t.dtype, t.shape); }

    /**
     * {@code torch.arange(end)}: int64 0, 1, ..., end-1.
     *
     * @param end the exclusive upper bound
     * @return a 1-d int64 tensor of {@code max(end, 0)} elements
     * @throws IllegalArgumentException when {@code end} is negative, with PyTorch's message
     */
    public static Tensor arange(long end) { return arange(0, end, 1); }

    /**
     * {@code torch.arange(start, end, step)} with integer arguments: int64 start, start + step, ... short of end.
     *
     * @param start the first value
     * @param end the exclusive bound
     * @param step the increment, positive or negative
     * @return a 1-d int64 tensor
     * @throws IllegalArgumentException when {@code step} is 0 or points away from {@code end}, with PyTorch's messages
     */
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

    /**
     * {@code torch.arange(start, end, step)} with floating arguments: float32, ceil((end - start) / step) values
     * start + i * step.
     *
     * @param start the first value
     * @param end the exclusive bound
     * @param step the increment, positive or negative
     * @return a 1-d float32 tensor
     * @throws IllegalArgumentException when {@code step} is 0 or points away from {@code end}, with PyTorch's messages
     */
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

    /**
     * {@code torch.linspace(start, end, steps)}: float32, computed as PyTorch does (from both ends); see
     * {@link #linspace(double, double, int, DType)}.
     *
     * @param start the first value
     * @param end the last value (included when steps is at least 2)
     * @param steps the number of values
     * @return a 1-d float32 tensor of {@code steps} elements
     * @throws IllegalArgumentException when {@code steps} is negative
     */
    public static Tensor linspace(double start, double end, int steps) { return linspace(start, end, steps, DType.FLOAT32); }

    /**
     * {@code torch.linspace} in float32 or float64, bit-identical to PyTorch 1.13's CPU kernel on x86-64: the
     * first half counts up from start and the second half down from end (start + step*i and end - step*(n-1-i)
     * each one fused multiply-add) in blocks of one AVX2 vector (8 floats or 4 doubles) whose lanes add
     * j*step to the block's first value, for the largest multiple of two vectors; the tail is scalar.
     *
     * @param start the first value
     * @param end the last value (included when steps is at least 2)
     * @param steps the number of values
     * @param dtype float32 or float64
     * @return a 1-d tensor of {@code steps} elements
     * @throws IllegalArgumentException when {@code steps} is negative or {@code dtype} is not floating
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

    /**
     * Seeds the default generator, as {@code torch.manual_seed(seed)}: the same seed gives PyTorch's numbers.
     *
     * @param seed the seed of the default {@link Generator}
     */
    public static void manualSeed(long seed) { Generator.manualSeedDefault(seed); }

    /**
     * Uniform [0, 1) float32 from the default generator ({@code torch.rand}).
     *
     * @param shape the sizes
     * @return a new float32 tensor
     */
    public static Tensor rand(int... shape) { return rand(Generator.defaultGenerator(), DType.FLOAT32, shape); }

    /**
     * Uniform [0, 1) values from a generator ({@code torch.rand(*shape, generator=gen, dtype=dtype)}); the same seed
     * gives PyTorch's numbers.
     *
     * @param gen the generator to draw from (advanced by the draw)
     * @param dtype float32 or float64
     * @param shape the sizes
     * @return a new tensor
     * @throws IllegalArgumentException when {@code dtype} is not floating ("\"rand\" not implemented for 'Long'")
     */
    public static Tensor rand(Generator gen, DType dtype, int... shape) {
        Tensor t = zeros(floatingOnly(dtype, "rand"), shape);
        if (dtype == DType.FLOAT32) gen.rand((float[]) t.storage); else gen.rand((double[]) t.storage);
        return t;
    }

    /**
     * Standard normal float32 from the default generator ({@code torch.randn}).
     *
     * @param shape the sizes
     * @return a new float32 tensor
     */
    public static Tensor randn(int... shape) { return randn(Generator.defaultGenerator(), DType.FLOAT32, shape); }

    /**
     * Standard normal values from a generator ({@code torch.randn(*shape, generator=gen, dtype=dtype)}); the same
     * seed gives PyTorch's numbers.
     *
     * @param gen the generator to draw from (advanced by the draw)
     * @param dtype float32 or float64
     * @param shape the sizes
     * @return a new tensor
     * @throws IllegalArgumentException when {@code dtype} is not floating
     */
    public static Tensor randn(Generator gen, DType dtype, int... shape) {
        Tensor t = zeros(floatingOnly(dtype, "randn"), shape);
        if (dtype == DType.FLOAT32) gen.randn((float[]) t.storage); else gen.randn((double[]) t.storage);
        return t;
    }

    /**
     * {@code torch.randint(low, high, size)}: int64 uniform in [low, high).
     *
     * @param low the inclusive lower bound
     * @param high the exclusive upper bound
     * @param shape the sizes
     * @return a new int64 tensor
     * @throws IllegalArgumentException when {@code low >= high}, with PyTorch's message
     */
    public static Tensor randint(long low, long high, int... shape) { return randint(Generator.defaultGenerator(), low, high, shape); }

    /**
     * {@code torch.randint(low, high, size, generator=gen)}: int64 uniform in [low, high).
     *
     * @param gen the generator to draw from
     * @param low the inclusive lower bound
     * @param high the exclusive upper bound
     * @param shape the sizes
     * @return a new int64 tensor
     * @throws IllegalArgumentException when {@code low >= high}, with PyTorch's message
     */
    public static Tensor randint(Generator gen, long low, long high, int... shape) {
        if (low >= high) {
            throw new IllegalArgumentException("random_ expects 'from' to be less than 'to', but got from=" + low + " >= to=" + high);
        }
        Tensor t = zeros(DType.INT64, shape);
        gen.randint((long[]) t.storage, low, high);
        return t;
    }

    /**
     * {@code torch.randperm(n)}: a random permutation of 0..n-1 as int64.
     *
     * @param n the number of elements
     * @return a 1-d int64 tensor of n elements
     * @throws IllegalArgumentException when {@code n} is negative
     */
    public static Tensor randperm(int n) { return randperm(Generator.defaultGenerator(), n); }

    /**
     * {@code torch.randperm(n, generator=gen)}: a random permutation of 0..n-1 as int64.
     *
     * @param gen the generator to draw from
     * @param n the number of elements
     * @return a 1-d int64 tensor of n elements
     * @throws IllegalArgumentException when {@code n} is negative
     */
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

    /**
     * Fills with a value, in place ({@code tensor.fill_(value)}; FillBackward2 when recorded).
     *
     * @param value the value (truncated toward zero for int64; non-zero is true for bool)
     * @return this tensor
     * @throws IllegalStateException on a leaf that requires grad while grad mode is on, as PyTorch ("a leaf Variable
     *         that requires grad is being used in an in-place operation.")
     */
    public Tensor fill_(double value) {
        Node node = org.losses4j.internal.ops.InPlace.beforeFill(this, "FillBackward2");
        fillRaw(value);
        org.losses4j.internal.ops.InPlace.afterWrite(this, node);
        return this;
    }

    /**
     * Fills with zeros, in place ({@code tensor.zero_()}; ZeroBackward0 when recorded).
     *
     * @return this tensor
     * @throws IllegalStateException on a leaf that requires grad while grad mode is on, as PyTorch
     */
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
     *
     * @param other broadcastable to this tensor's shape; its dtype must cast to this one's
     * @return this tensor
     * @throws IllegalArgumentException when other does not broadcast to this shape, or its dtype cannot be cast
     * @throws IllegalStateException on a leaf that requires grad while grad mode is on
     */
    public Tensor add_(Tensor other) { return org.losses4j.internal.ops.InPlace.add(this, other, 1); }

    /**
     * {@code self.add_(other, alpha=alpha)}: self += alpha * other, one fused multiply-add per element as PyTorch's CPU kernel.
     *
     * @param other broadcastable to this tensor's shape
     * @param alpha the multiplier of other
     * @return this tensor
     * @throws IllegalArgumentException when other does not broadcast to this shape, or its dtype cannot be cast
     * @throws IllegalStateException on a leaf that requires grad while grad mode is on
     */
    public Tensor add_(Tensor other, double alpha) { return org.losses4j.internal.ops.InPlace.add(this, other, alpha); }

    /**
     * {@code self.add_(value)}.
     *
     * @param value the number added to every element
     * @return this tensor
     * @throws IllegalStateException on a leaf that requires grad while grad mode is on
     */
    public Tensor add_(double value) { return org.losses4j.internal.ops.InPlace.addScalar(this, value); }

    /**
     * {@code self.sub_(other)} (SubBackward0).
     *
     * @param other broadcastable to this tensor's shape
     * @return this tensor
     * @throws IllegalArgumentException when other does not broadcast to this shape, or its dtype cannot be cast
     * @throws IllegalStateException on a leaf that requires grad while grad mode is on
     */
    public Tensor sub_(Tensor other) { return org.losses4j.internal.ops.InPlace.sub(this, other, 1); }

    /**
     * {@code self.sub_(other, alpha=alpha)}: self -= alpha * other.
     *
     * @param other broadcastable to this tensor's shape
     * @param alpha the multiplier of other
     * @return this tensor
     * @throws IllegalArgumentException when other does not broadcast to this shape, or its dtype cannot be cast
     * @throws IllegalStateException on a leaf that requires grad while grad mode is on
     */
    public Tensor sub_(Tensor other, double alpha) { return org.losses4j.internal.ops.InPlace.sub(this, other, alpha); }

    /**
     * {@code self.sub_(value)}.
     *
     * @param value the number subtracted from every element
     * @return this tensor
     * @throws IllegalStateException on a leaf that requires grad while grad mode is on
     */
    public Tensor sub_(double value) { return org.losses4j.internal.ops.InPlace.subScalar(this, value); }

    /**
     * {@code self.mul_(other)} (MulBackward0).
     *
     * @param other broadcastable to this tensor's shape
     * @return this tensor
     * @throws IllegalArgumentException when other does not broadcast to this shape, or its dtype cannot be cast
     * @throws IllegalStateException on a leaf that requires grad while grad mode is on
     */
    public Tensor mul_(Tensor other) { return org.losses4j.internal.ops.InPlace.mul(this, other); }

    /**
     * {@code self.mul_(value)}.
     *
     * @param value the factor
     * @return this tensor
     * @throws IllegalStateException on a leaf that requires grad while grad mode is on
     */
    public Tensor mul_(double value) { return org.losses4j.internal.ops.InPlace.mulScalar(this, value); }

    /**
     * {@code self.div_(other)}: true division (DivBackward0); an int64 self fails as in PyTorch.
     *
     * @param other the divisor, broadcastable to this tensor's shape
     * @return this tensor
     * @throws IllegalArgumentException when other does not broadcast, or this tensor is not floating
     * @throws IllegalStateException on a leaf that requires grad while grad mode is on
     */
    public Tensor div_(Tensor other) { return org.losses4j.internal.ops.InPlace.div(this, other); }

    /**
     * {@code self.div_(value)}.
     *
     * @param value the divisor
     * @return this tensor
     * @throws IllegalArgumentException when this tensor is not floating
     * @throws IllegalStateException on a leaf that requires grad while grad mode is on
     */
    public Tensor div_(double value) { return org.losses4j.internal.ops.InPlace.divScalar(this, value); }

    /**
     * {@code self.copy_(src)}: src's values broadcast to self's shape, converted to self's dtype (CopyBackwards).
     *
     * @param src the values, broadcastable to this tensor's shape
     * @return this tensor
     * @throws IllegalArgumentException when src does not broadcast to this shape
     * @throws IllegalStateException on a leaf that requires grad while grad mode is on
     */
    public Tensor copy_(Tensor src) { return org.losses4j.internal.ops.InPlace.copy(this, src); }

    /**
     * {@code self.clamp_(min, max)}; pass null for an absent bound (ClampBackward1).
     *
     * @param min the lower bound, or null
     * @param max the upper bound, or null
     * @return this tensor
     * @throws IllegalArgumentException when both bounds are null ("At least one of 'min' or 'max' must not be None")
     * @throws IllegalStateException on a leaf that requires grad while grad mode is on
     */
    public Tensor clamp_(Double min, Double max) { return org.losses4j.internal.ops.InPlace.clamp(this, min, max); }

    private void writeFrom(Object src) {
        if (isContiguous()) {
            System.arraycopy(src, 0, storage, offset, numel());
        } else {
            Tensor s = wrap(dtype, src, shape);
            Elementwise.copyInto(this, s);
        }
    }

    /**
     * {@code random_(to)}: integers uniform in [0, to), in place, from the default generator.
     *
     * @param to the exclusive upper bound
     * @return this tensor
     * @throws IllegalArgumentException when {@code to <= 0} or this tensor is bool
     */
    public Tensor random_(long to) { return random_(0, to, Generator.defaultGenerator()); }

    /**
     * {@code random_(from, to)}: integers uniform in [from, to), in place.
     *
     * @param from the inclusive lower bound
     * @param to the exclusive upper bound
     * @return this tensor
     * @throws IllegalArgumentException when {@code from >= to} or this tensor is bool
     */
    public Tensor random_(long from, long to) { return random_(from, to, Generator.defaultGenerator()); }

    /**
     * {@code random_(from, to, generator=gen)}: integers uniform in [from, to), in place, for float32, float64 and
     * int64 tensors; the same seed gives PyTorch's numbers.
     *
     * @param from the inclusive lower bound
     * @param to the exclusive upper bound
     * @param gen the generator to draw from
     * @return this tensor
     * @throws IllegalArgumentException when {@code from >= to} (PyTorch's "random_ expects 'from' to be less than
     *         'to'") or this tensor is bool
     * @throws IllegalStateException on a leaf that requires grad while grad mode is on
     */
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

    /**
     * {@code uniform_(from, to)}, in place.
     *
     * @param from the inclusive lower bound
     * @param to the exclusive upper bound
     * @return this tensor
     * @throws IllegalArgumentException when {@code from > to} or this tensor is not floating
     */
    public Tensor uniform_(double from, double to) { return uniform_(from, to, Generator.defaultGenerator()); }

    /**
     * {@code uniform_(from, to, generator=gen)}: values uniform in [from, to), in place, for float32 and float64.
     *
     * @param from the inclusive lower bound
     * @param to the exclusive upper bound
     * @param gen the generator to draw from
     * @return this tensor
     * @throws IllegalArgumentException when {@code from > to} or this tensor is not floating
     * @throws IllegalStateException on a leaf that requires grad while grad mode is on
     */
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

    /**
     * {@code normal_(mean, std)}, in place.
     *
     * @param mean the mean
     * @param std the standard deviation, at least 0
     * @return this tensor
     * @throws IllegalArgumentException when {@code std} is negative or nan, or this tensor is not floating
     */
    public Tensor normal_(double mean, double std) { return normal_(mean, std, Generator.defaultGenerator()); }

    /**
     * {@code normal_(mean, std, generator=gen)}: normal values, in place, for float32 and float64.
     *
     * @param mean the mean
     * @param std the standard deviation, at least 0
     * @param gen the generator to draw from
     * @return this tensor
     * @throws IllegalArgumentException when {@code std} is negative or nan ("normal expects std &gt;= 0.0"), or this
     *         tensor is not floating
     * @throws IllegalStateException on a leaf that requires grad while grad mode is on
     */
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

    /**
     * The value of a one-element tensor as a double ({@code tensor.item()}).
     *
     * @return the element, widened to double (bool gives 0 or 1)
     * @throws IllegalArgumentException when the tensor has more or fewer than one element
     */
    public double item() {
        if (numel() != 1) throw new IllegalArgumentException("a Tensor with " + numel() + " elements cannot be converted to Scalar");
        return getAsDouble(offset);
    }

    /**
     * The value of a one-element integer tensor as a long.
     *
     * @return the element (floats truncate toward zero; bool gives 0 or 1)
     * @throws IllegalArgumentException when the tensor has more or fewer than one element
     */
    public long itemLong() {
        if (numel() != 1) throw new IllegalArgumentException("a Tensor with " + numel() + " elements cannot be converted to Scalar");
        return getAsLong(offset);
    }

    /**
     * The element at a full index (negative indices count from the end) as a double.
     *
     * @param index one index per dim
     * @return the element
     * @throws IllegalArgumentException when the number of indices is not {@link #dim()}
     * @throws IndexOutOfBoundsException when an index is out of range for its dim
     */
    public double get(int... index) { return getAsDouble(offsetOf(index)); }

    /**
     * The element at a full index as a long.
     *
     * @param index one index per dim (negative indices count from the end)
     * @return the element (floats truncate toward zero)
     * @throws IllegalArgumentException when the number of indices is not {@link #dim()}
     * @throws IndexOutOfBoundsException when an index is out of range for its dim
     */
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

    /**
     * Storage element {@code o} as a double, regardless of this view's geometry. For op implementers.
     *
     * @param o an index into {@link #storage()}
     * @return the element (bool gives 0 or 1)
     */
    public double getAsDouble(int o) {
        switch (dtype) {
            case FLOAT32: return ((float[]) storage)[o];
            case FLOAT64: return ((double[]) storage)[o];
            case INT64: return ((long[]) storage)[o];
            default: return ((boolean[]) storage)[o] ? 1 : 0;
        }
    }

    /**
     * Storage element {@code o} as a long (floats truncate toward zero). For op implementers.
     *
     * @param o an index into {@link #storage()}
     * @return the element
     */
    public long getAsLong(int o) {
        switch (dtype) {
            case FLOAT32: return (long) ((float[]) storage)[o];
            case FLOAT64: return (long) ((double[]) storage)[o];
            case INT64: return ((long[]) storage)[o];
            default: return ((boolean[]) storage)[o] ? 1 : 0;
        }
    }

    /**
     * All elements in C order as float (a copy).
     *
     * @return a new array of {@link #numel()} elements
     */
    public float[] toFloatArray() {
        if (dtype == DType.FLOAT32) return (float[]) contiguousCopy().storage;
        return (float[]) to(DType.FLOAT32).detach().contiguousCopy().storage;
    }

    /**
     * All elements in C order as double (a copy).
     *
     * @return a new array of {@link #numel()} elements
     */
    public double[] toDoubleArray() {
        if (dtype == DType.FLOAT64) return (double[]) contiguousCopy().storage;
        return (double[]) to(DType.FLOAT64).detach().contiguousCopy().storage;
    }

    /**
     * All elements in C order as long (a copy; floats truncate toward zero).
     *
     * @return a new array of {@link #numel()} elements
     */
    public long[] toLongArray() {
        if (dtype == DType.INT64) return (long[]) contiguousCopy().storage;
        try (var s = GradMode.noGrad()) {
            return (long[]) to(DType.INT64).contiguousCopy().storage;
        }
    }

    /**
     * All elements in C order as boolean (a copy; non-zero is true).
     *
     * @return a new array of {@link #numel()} elements
     */
    public boolean[] toBooleanArray() {
        if (dtype == DType.BOOL) return (boolean[]) contiguousCopy().storage;
        try (var s = GradMode.noGrad()) {
            return (boolean[]) to(DType.BOOL).contiguousCopy().storage;
        }
    }

    /**
     * A fresh contiguous copy of the data at offset 0 (no autograd link).
     *
     * @return a new contiguous tensor of the same shape and dtype that owns its storage
     */
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

    /**
     * Converts to a dtype ({@code tensor.to(dtype)}); float-to-float conversions are differentiable.
     *
     * @param target the dtype to convert to
     * @return this tensor when it already has that dtype, otherwise a converted copy (floats truncate toward zero
     *         into int64; non-zero is true in bool)
     */
    public Tensor to(DType target) { return Elementwise.to(this, target); }

    /**
     * A contiguous tensor with the same values ({@code tensor.contiguous()}): this one when already contiguous,
     * otherwise a differentiable copy.
     *
     * @return a C-contiguous tensor
     */
    public Tensor contiguous() { return Views.contiguous(this); }

    /** A differentiable copy ({@code tensor.clone()}). */
    public Tensor clone() { return Views.cloneTensor(this); }

    // ------------------------------------------------------------------ views

    /**
     * {@code tensor.reshape(*shape)}: the same elements in C order with another shape; a view when the strides
     * allow, otherwise a copy (ViewBackward0 or UnsafeViewBackward0). One size may be -1, inferred.
     *
     * @param shape the new sizes, with the same number of elements
     * @return the reshaped tensor
     * @throws IllegalArgumentException when the shape does not fit the number of elements ("shape '[...]' is invalid
     *         for input of size n") or has more than one -1
     */
    public Tensor reshape(int... shape) { return Views.reshape(this, shape); }

    /**
     * {@code tensor.view(*shape)}: as {@link #reshape(int...)} but never copies.
     *
     * @param shape the new sizes, with the same number of elements; one may be -1
     * @return a view sharing this tensor's storage
     * @throws IllegalArgumentException when the shape does not fit, or the strides do not allow a view ("view size
     *         is not compatible with input tensor's size and stride"; use reshape)
     */
    public Tensor view(int... shape) { return Views.view(this, shape); }

    /**
     * {@code tensor.transpose(dim0, dim1)}: a view with two dims swapped (TransposeBackward0).
     *
     * @param dim0 a dim, negative counting from the end
     * @param dim1 another dim
     * @return the view
     * @throws IndexOutOfBoundsException when a dim is out of range
     */
    public Tensor transpose(int dim0, int dim1) { return Views.transpose(this, dim0, dim1); }

    /**
     * The transpose of a 2-d tensor ({@code tensor.t()}).
     *
     * @return this tensor when it has fewer than 2 dims, otherwise {@code transpose(0, 1)}
     * @throws IllegalArgumentException when the tensor has more than 2 dims
     */
    public Tensor t() {
        if (dim() > 2) throw new IllegalArgumentException("t() expects a tensor with <= 2 dimensions, but self is " + dim() + "D");
        return dim() < 2 ? this : transpose(0, 1);
    }

    /**
     * {@code tensor.permute(*dims)}: a view with the dims reordered (PermuteBackward0).
     *
     * @param dims a permutation of the dims (negative ones count from the end)
     * @return the view
     * @throws IllegalArgumentException when {@code dims} is not a permutation of this tensor's dims
     */
    public Tensor permute(int... dims) { return Views.permute(this, dims); }

    /**
     * {@code tensor.unsqueeze(dim)}: a view with a size-1 dim inserted at {@code dim} (UnsqueezeBackward0).
     *
     * @param dim the new dim's position, in [-dim()-1, dim()]
     * @return the view
     * @throws IndexOutOfBoundsException when {@code dim} is out of range
     */
    public Tensor unsqueeze(int dim) { return Views.unsqueeze(this, dim); }

    /**
     * Removes every size-1 dim ({@code tensor.squeeze()}), as a view.
     *
     * @return the view
     */
    public Tensor squeeze() { return Views.squeeze(this); }

    /**
     * Removes dim when its size is 1, otherwise returns an equal view ({@code tensor.squeeze(dim)}).
     *
     * @param dim the dim, negative counting from the end
     * @return the view
     * @throws IndexOutOfBoundsException when {@code dim} is out of range
     */
    public Tensor squeeze(int dim) { return Views.squeeze(this, dim); }

    /**
     * {@code tensor.flatten()}: all dims as one (a 0-d tensor gives 1 element), a view when the strides allow.
     *
     * @return a 1-d tensor of {@link #numel()} elements
     */
    public Tensor flatten() { return Views.flatten(this, 0, -1); }

    /**
     * {@code tensor.flatten(start_dim, end_dim)}: dims startDim..endDim (inclusive) merged into one.
     *
     * @param startDim the first dim to merge, negative counting from the end
     * @param endDim the last dim to merge
     * @return the flattened tensor
     * @throws IllegalArgumentException when startDim comes after endDim
     * @throws IndexOutOfBoundsException when a dim is out of range
     */
    public Tensor flatten(int startDim, int endDim) { return Views.flatten(this, startDim, endDim); }

    /**
     * Broadcasts to a larger shape without copying ({@code tensor.expand(*sizes)}): size-1 dims repeat with
     * stride 0 and new leading dims may be added; -1 keeps a size.
     *
     * @param sizes the target sizes
     * @return the view (ExpandBackward0)
     * @throws IllegalArgumentException when a non-1 size differs from the target, with PyTorch's message
     */
    public Tensor expand(int... sizes) { return Views.expand(this, sizes); }

    /**
     * Expands to other's shape ({@code tensor.expand_as(other)}).
     *
     * @param other the tensor whose shape to take
     * @return the view
     * @throws IllegalArgumentException when this shape does not broadcast to other's
     */
    public Tensor expandAs(Tensor other) { return Views.expand(this, other.shape); }

    /**
     * The slice at {@code index} along {@code dim}, with that dim removed ({@code tensor.select(dim, index)}, what
     * {@code x[i]} does); a view (SelectBackward0).
     *
     * @param dim the dim, negative counting from the end
     * @param index the position, negative counting from the end
     * @return a view with one dim fewer
     * @throws IndexOutOfBoundsException when dim or index is out of range, or the tensor is 0-d
     */
    public Tensor select(int dim, int index) { return Views.select(this, dim, index); }

    /**
     * {@code length} elements from {@code start} along {@code dim} ({@code tensor.narrow(dim, start, length)},
     * {@code x[start:start+length]}); a view.
     *
     * @param dim the dim, negative counting from the end
     * @param start the first position, negative counting from the end
     * @param length how many positions
     * @return the view, of size {@code length} in dim
     * @throws IllegalArgumentException when start + length exceeds the size, or the tensor is 0-d
     * @throws IndexOutOfBoundsException when dim or start is out of range
     */
    public Tensor narrow(int dim, int start, int length) { return Views.narrow(this, dim, start, length); }

    // ------------------------------------------------------------------ element-wise

    /**
     * {@code this + other} ({@code torch.add}): broadcasts, and promotes dtypes as {@code torch.result_type}
     * (AddBackward0).
     *
     * @param other the other operand
     * @return a new tensor of the broadcast shape
     * @throws IllegalArgumentException when the shapes do not broadcast ("The size of tensor a (m) must match the
     *         size of tensor b (n) at non-singleton dimension d")
     */
    public Tensor add(Tensor other) { return Elementwise.add(this, other); }

    /**
     * {@code this + other} with a Python number: int64 and bool tensors become float32.
     *
     * @param other the number
     * @return a new tensor of this shape
     */
    public Tensor add(double other) { return Elementwise.addScalar(this, other); }

    /**
     * {@code this - other} ({@code torch.sub}): broadcasts and promotes (SubBackward0).
     *
     * @param other the other operand
     * @return a new tensor of the broadcast shape
     * @throws IllegalArgumentException when the shapes do not broadcast, or both are bool
     */
    public Tensor sub(Tensor other) { return Elementwise.sub(this, other); }

    /**
     * {@code this - other} with a Python number.
     *
     * @param other the number
     * @return a new tensor of this shape
     */
    public Tensor sub(double other) { return Elementwise.subScalar(this, other); }

    /**
     * {@code other - this} ({@code torch.rsub}).
     *
     * @param other the number the elements are subtracted from
     * @return a new tensor of this shape
     */
    public Tensor rsub(double other) { return Elementwise.rsubScalar(this, other); }

    /**
     * {@code this * other} ({@code torch.mul}): broadcasts and promotes (MulBackward0).
     *
     * @param other the other operand
     * @return a new tensor of the broadcast shape
     * @throws IllegalArgumentException when the shapes do not broadcast
     */
    public Tensor mul(Tensor other) { return Elementwise.mul(this, other); }

    /**
     * {@code this * other} with a Python number.
     *
     * @param other the factor
     * @return a new tensor of this shape
     */
    public Tensor mul(double other) { return Elementwise.mulScalar(this, other); }

    /**
     * True division (integers divide to float32).
     *
     * @param other the divisor, broadcastable with this tensor
     * @return a new floating tensor of the broadcast shape (DivBackward0)
     * @throws IllegalArgumentException when the shapes do not broadcast
     */
    public Tensor div(Tensor other) { return Elementwise.div(this, other); }

    /**
     * {@code this / other} with a Python number: true division (integers divide to float32).
     *
     * @param other the divisor
     * @return a new floating tensor of this shape
     */
    public Tensor div(double other) { return Elementwise.divScalar(this, other); }

    /**
     * {@code other / this}.
     *
     * @param other the dividend
     * @return a new floating tensor of this shape
     */
    public Tensor rdiv(double other) { return Elementwise.rdivScalar(this, other); }

    /**
     * {@code -this} ({@code torch.neg}, NegBackward0).
     *
     * @return a new tensor of this shape and dtype
     * @throws IllegalArgumentException for a bool tensor, with PyTorch's message
     */
    public Tensor neg() { return Elementwise.neg(this); }

    /**
     * {@code this ** exponent} element-wise ({@code torch.pow}): broadcasts and promotes (PowBackward1).
     *
     * @param exponent the exponents
     * @return a new tensor of the broadcast shape
     * @throws IllegalArgumentException when the shapes do not broadcast, or an int64 base meets a negative int64
     *         exponent ("Integers to negative integer powers are not allowed.")
     */
    public Tensor pow(Tensor exponent) { return Elementwise.pow(this, exponent); }

    /**
     * {@code this ** exponent} ({@code torch.pow(tensor, number)}, PowBackward0).
     *
     * @param exponent the exponent
     * @return a new tensor of this shape
     * @throws IllegalArgumentException when an int64 tensor meets a negative integral exponent
     */
    public Tensor pow(double exponent) { return Elementwise.powScalar(this, exponent); }

    /**
     * {@code base ** this} ({@code torch.pow(base, tensor)}).
     *
     * @param base the base raised to each element
     * @return a new tensor of this shape
     */
    public Tensor rpow(double base) { return Elementwise.rpowScalar(this, base); }

    /**
     * e to each element ({@code torch.exp}, ExpBackward0); integer tensors give float32.
     *
     * @return a new floating tensor of this shape
     */
    public Tensor exp() { return Elementwise.exp(this); }

    /**
     * The natural logarithm ({@code torch.log}, LogBackward0): -inf at 0, nan below; integer tensors give float32.
     *
     * @return a new floating tensor of this shape
     */
    public Tensor log() { return Elementwise.log(this); }

    /**
     * log(1 + x), accurate near 0 ({@code torch.log1p}, Log1PBackward0).
     *
     * @return a new floating tensor of this shape
     */
    public Tensor log1p() { return Elementwise.log1p(this); }

    /**
     * exp(x) - 1, accurate near 0 ({@code torch.expm1}, Expm1Backward0).
     *
     * @return a new floating tensor of this shape
     */
    public Tensor expm1() { return Elementwise.expm1(this); }

    /**
     * |x| ({@code torch.abs}, AbsBackward0; the gradient at 0 is 0); int64 stays int64.
     *
     * @return a new tensor of this shape
     */
    public Tensor abs() { return Elementwise.abs(this); }

    /**
     * sign(x) in {-1, 0, 1} ({@code torch.sign}, SignBackward0, whose gradient is 0); nan stays nan.
     *
     * @return a new tensor of this shape and dtype
     */
    public Tensor sign() { return Elementwise.sign(this); }

    /**
     * The square root ({@code torch.sqrt}, SqrtBackward0): nan below 0; integer tensors give float32.
     *
     * @return a new floating tensor of this shape
     */
    public Tensor sqrt() { return Elementwise.sqrt(this); }

    /**
     * {@code clamp(min, max)}; pass null for an absent bound.
     *
     * @param min the lower bound, or null
     * @param max the upper bound, or null
     * @return a new tensor of this shape; the gradient passes where min &lt;= x &lt;= max
     * @throws IllegalArgumentException when both bounds are null ("torch.clamp: At least one of 'min' or 'max' must
     *         not be None")
     */
    public Tensor clamp(Double min, Double max) { return Elementwise.clamp(this, min, max); }

    /**
     * {@code torch.clamp(x, min=min)} ({@code clamp_min}).
     *
     * @param min the lower bound
     * @return a new tensor of this shape
     */
    public Tensor clampMin(double min) { return Elementwise.clamp(this, min, null); }

    /**
     * {@code torch.clamp(x, max=max)} ({@code clamp_max}).
     *
     * @param max the upper bound
     * @return a new tensor of this shape
     */
    public Tensor clampMax(double max) { return Elementwise.clamp(this, null, max); }

    /**
     * The logistic function 1 / (1 + exp(-x)) ({@code torch.sigmoid}, SigmoidBackward0), stable for large |x|.
     *
     * @return a new floating tensor of this shape
     */
    public Tensor sigmoid() { return Elementwise.sigmoid(this); }

    /**
     * The hyperbolic tangent ({@code torch.tanh}, TanhBackward0).
     *
     * @return a new floating tensor of this shape
     */
    public Tensor tanh() { return Elementwise.tanh(this); }

    /**
     * max(x, 0) ({@code torch.relu}, ReluBackward0; the gradient at 0 is 0); int64 stays int64.
     *
     * @return a new tensor of this shape
     */
    public Tensor relu() { return Elementwise.relu(this); }

    /**
     * {@code F.softplus(x, beta=1, threshold=20)}.
     *
     * @return a new floating tensor of this shape
     */
    public Tensor softplus() { return Elementwise.softplus(this, 1, 20); }

    /**
     * {@code F.softplus(x, beta, threshold)}: log(1 + exp(beta x)) / beta, and x itself where beta x &gt; threshold
     * (SoftplusBackward0).
     *
     * @param beta the sharpness
     * @param threshold above which beta x the function is linear
     * @return a new floating tensor of this shape
     */
    public Tensor softplus(double beta, double threshold) { return Elementwise.softplus(this, beta, threshold); }

    /**
     * {@code torch.where(condition, a, b)}.
     *
     * @param condition a bool tensor, broadcastable with a and b
     * @param a the values taken where condition is true
     * @param b the values taken where it is false
     * @return a new tensor of the three operands' broadcast shape, a and b's promoted dtype (WhereBackward0)
     * @throws IllegalArgumentException when condition is not bool, or the shapes do not broadcast
     */
    public static Tensor where(Tensor condition, Tensor a, Tensor b) { return Elementwise.where(condition, a, b); }

    /**
     * The element-wise larger value ({@code torch.maximum}): broadcasts and promotes; nan propagates.
     *
     * @param other the other operand
     * @return a new tensor of the broadcast shape
     * @throws IllegalArgumentException when the shapes do not broadcast
     */
    public Tensor maximum(Tensor other) { return Elementwise.maximum(this, other); }

    /**
     * The element-wise smaller value ({@code torch.minimum}): broadcasts and promotes; nan propagates.
     *
     * @param other the other operand
     * @return a new tensor of the broadcast shape
     * @throws IllegalArgumentException when the shapes do not broadcast
     */
    public Tensor minimum(Tensor other) { return Elementwise.minimum(this, other); }

    /**
     * {@code this == other} element-wise ({@code torch.eq}); broadcasts.
     *
     * @param other the other operand
     * @return a new bool tensor of the broadcast shape, never requiring grad
     * @throws IllegalArgumentException when the shapes do not broadcast
     */
    public Tensor eq(Tensor other) { return Elementwise.compare(this, other, Elementwise.Cmp.EQ); }

    /**
     * {@code this != other} element-wise ({@code torch.ne}); broadcasts.
     *
     * @param other the other operand
     * @return a new bool tensor of the broadcast shape
     * @throws IllegalArgumentException when the shapes do not broadcast
     */
    public Tensor ne(Tensor other) { return Elementwise.compare(this, other, Elementwise.Cmp.NE); }

    /**
     * {@code this < other} element-wise ({@code torch.lt}); broadcasts.
     *
     * @param other the other operand
     * @return a new bool tensor of the broadcast shape
     * @throws IllegalArgumentException when the shapes do not broadcast
     */
    public Tensor lt(Tensor other) { return Elementwise.compare(this, other, Elementwise.Cmp.LT); }

    /**
     * {@code this <= other} element-wise ({@code torch.le}); broadcasts.
     *
     * @param other the other operand
     * @return a new bool tensor of the broadcast shape
     * @throws IllegalArgumentException when the shapes do not broadcast
     */
    public Tensor le(Tensor other) { return Elementwise.compare(this, other, Elementwise.Cmp.LE); }

    /**
     * {@code this > other} element-wise ({@code torch.gt}); broadcasts.
     *
     * @param other the other operand
     * @return a new bool tensor of the broadcast shape
     * @throws IllegalArgumentException when the shapes do not broadcast
     */
    public Tensor gt(Tensor other) { return Elementwise.compare(this, other, Elementwise.Cmp.GT); }

    /**
     * {@code this >= other} element-wise ({@code torch.ge}); broadcasts.
     *
     * @param other the other operand
     * @return a new bool tensor of the broadcast shape
     * @throws IllegalArgumentException when the shapes do not broadcast
     */
    public Tensor ge(Tensor other) { return Elementwise.compare(this, other, Elementwise.Cmp.GE); }

    /**
     * {@code this == other} with a number ({@code torch.eq}).
     *
     * @param other the number
     * @return a new bool tensor of this shape
     */
    public Tensor eq(double other) { return Elementwise.compareScalar(this, other, Elementwise.Cmp.EQ); }

    /**
     * {@code this != other} with a number ({@code torch.ne}).
     *
     * @param other the number
     * @return a new bool tensor of this shape
     */
    public Tensor ne(double other) { return Elementwise.compareScalar(this, other, Elementwise.Cmp.NE); }

    /**
     * {@code this < other} with a number ({@code torch.lt}).
     *
     * @param other the number
     * @return a new bool tensor of this shape
     */
    public Tensor lt(double other) { return Elementwise.compareScalar(this, other, Elementwise.Cmp.LT); }

    /**
     * {@code this <= other} with a number ({@code torch.le}).
     *
     * @param other the number
     * @return a new bool tensor of this shape
     */
    public Tensor le(double other) { return Elementwise.compareScalar(this, other, Elementwise.Cmp.LE); }

    /**
     * {@code this > other} with a number ({@code torch.gt}).
     *
     * @param other the number
     * @return a new bool tensor of this shape
     */
    public Tensor gt(double other) { return Elementwise.compareScalar(this, other, Elementwise.Cmp.GT); }

    /**
     * {@code this >= other} with a number ({@code torch.ge}).
     *
     * @param other the number
     * @return a new bool tensor of this shape
     */
    public Tensor ge(double other) { return Elementwise.compareScalar(this, other, Elementwise.Cmp.GE); }

    // ------------------------------------------------------------------ indexing and joining

    /**
     * {@code torch.gather(self, dim, index)}: out has index's shape (int64, self's number of dims, no larger than
     * self but in dim); out[i][j] = self[index[i][j]][j] for dim 0, self[i][index[i][j]] for dim 1 (GatherBackward0).
     *
     * @param dim the dim to index along, negative counting from the end
     * @param index int64 indices
     * @return a new tensor of index's shape and this dtype
     * @throws IllegalArgumentException when index is not int64, has another number of dims or is too large
     * @throws IndexOutOfBoundsException when dim or an index value is out of range
     */
    public Tensor gather(int dim, Tensor index) { return org.losses4j.internal.ops.Indexing.gather(this, dim, index); }

    /**
     * {@code torch.index_select(self, dim, index)}: the slices at the int64 indices of a 1-d index, in order (IndexSelectBackward0).
     *
     * @param dim the dim to index along, negative counting from the end
     * @param index a 1-d (or 0-d) int64 tensor of positions
     * @return a new tensor whose size in dim is index's number of elements
     * @throws IllegalArgumentException when index is not an int64 vector
     * @throws IndexOutOfBoundsException when dim or an index value is out of range
     */
    public Tensor indexSelect(int dim, Tensor index) { return org.losses4j.internal.ops.Indexing.indexSelect(this, dim, index); }

    /**
     * {@code self.scatter_add(dim, index, src)}, out of place: self with src[i][j] added at [index[i][j]][j] for
     * dim 0 (index no larger than src, nor than self but in dim) (ScatterAddBackward0).
     *
     * @param dim the dim to scatter along
     * @param index int64 positions, of src's number of dims
     * @param src the values added, of this dtype
     * @return a new tensor of this shape
     * @throws IllegalArgumentException when the shapes or dtypes do not fit
     * @throws IndexOutOfBoundsException when dim or an index value is out of range
     */
    public Tensor scatterAdd(int dim, Tensor index, Tensor src) { return org.losses4j.internal.ops.Indexing.scatterAdd(this, dim, index, src); }

    /**
     * {@code self.scatter_add_(dim, index, src)}: in place (see {@link org.losses4j.internal.ops.InPlace} for the rules).
     *
     * @param dim the dim to scatter along
     * @param index int64 positions, of src's number of dims
     * @param src the values added, of this dtype
     * @return this tensor
     * @throws IllegalArgumentException when the shapes or dtypes do not fit
     * @throws IndexOutOfBoundsException when dim or an index value is out of range
     */
    public Tensor scatterAdd_(int dim, Tensor index, Tensor src) { return org.losses4j.internal.ops.Indexing.scatterAdd_(this, dim, index, src); }

    /**
     * {@code torch.cat(tensors, dim)}: joins along an existing dim; dtypes promote (CatBackward0).
     *
     * @param dim the dim to join along, negative counting from the end
     * @param tensors at least one tensor; all sizes but dim's must agree
     * @return a new tensor whose size in dim is the sum of theirs
     * @throws IllegalArgumentException when there are no tensors or the shapes do not agree
     */
    public static Tensor cat(int dim, Tensor... tensors) { return org.losses4j.internal.ops.Indexing.cat(dim, tensors); }

    /**
     * {@code torch.stack(tensors, dim)}: joins equal-shaped tensors along a new dim (StackBackward0).
     *
     * @param dim the position of the new dim, in [-r-1, r] for inputs of r dims
     * @param tensors at least one tensor, all of one shape
     * @return a new tensor with one more dim, of size {@code tensors.length}
     * @throws IllegalArgumentException when there are no tensors or their shapes differ
     */
    public static Tensor stack(int dim, Tensor... tensors) { return org.losses4j.internal.ops.Indexing.stack(dim, tensors); }

    // ------------------------------------------------------------------ matrix products

    /**
     * {@code torch.matmul(self, other)}: 1-d x 1-d is the dot product (0-d); 2-d x 1-d a matrix-vector product
     * (m); 1-d x 2-d prepends a 1 to self and removes it (n); 2-d x 2-d the matrix product (m x n); with a
     * batched operand (3-d or more) the batch dims (all but the last two; a 1-d operand has none) broadcast:
     * (b..., n, k) @ (k, p) = (b..., n, p), (j, 1, n, k) @ (m, k, p) = (j, m, n, p). grad_fn as PyTorch 1.13's
     * (DotBackward0, MvBackward0, SqueezeBackward3, MmBackward0, UnsafeViewBackward0, CloneBackward0).
     *
     * @param other the right operand, of this dtype
     * @return the product
     * @throws IllegalArgumentException when an operand is 0-d, the inner sizes differ, the batch dims do not
     *         broadcast or the dtypes differ, with PyTorch's messages
     */
    public Tensor matmul(Tensor other) { return org.losses4j.internal.ops.LinearAlgebra.matmul(this, other); }

    /**
     * {@code torch.mm(self, mat2)}: (m x k) @ (k x n) = (m x n), both 2-d and of one dtype (MmBackward0).
     *
     * @param mat2 the (k x n) right operand
     * @return the (m x n) product
     * @throws IllegalArgumentException when an operand is not 2-d, the inner sizes differ or the dtypes differ
     */
    public Tensor mm(Tensor mat2) { return org.losses4j.internal.ops.LinearAlgebra.mm(this, mat2); }

    /**
     * {@code torch.bmm(self, batch2)}: (B x n x k) @ (B x k x p) = (B x n x p), no broadcasting (BmmBackward0).
     *
     * @param batch2 the (B x k x p) right operand
     * @return the (B x n x p) product
     * @throws IllegalArgumentException when an operand is not 3-d, the sizes do not fit or the dtypes differ
     */
    public Tensor bmm(Tensor batch2) { return org.losses4j.internal.ops.LinearAlgebra.bmm(this, batch2); }

    /**
     * {@code torch.dot(self, other)}: two 1-d tensors of one length and dtype, a 0-d result (DotBackward0).
     *
     * @param other a 1-d tensor of this length and dtype
     * @return the 0-d dot product
     * @throws IllegalArgumentException when an operand is not 1-d, the lengths differ or the dtypes differ
     */
    public Tensor dot(Tensor other) { return org.losses4j.internal.ops.LinearAlgebra.dot(this, other); }

    /**
     * {@code torch.mv(self, vec)}: (m x k) @ (k) = (m) (MvBackward0).
     *
     * @param vec the 1-d right operand, of length k
     * @return the 1-d product, of length m
     * @throws IllegalArgumentException when the shapes or the dtypes do not fit
     */
    public Tensor mv(Tensor vec) { return org.losses4j.internal.ops.LinearAlgebra.mv(this, vec); }

    // ------------------------------------------------------------------ reductions

    /**
     * Sum of all elements (int64 for integer and bool tensors).
     *
     * @return a 0-d tensor ({@code torch.sum(x)}, SumBackward0); floating sums accumulate in double
     */
    public Tensor sum() { return Reductions.sumAll(this); }

    /**
     * The sum over one dim, which is removed ({@code torch.sum(x, dim)}; int64 for integer and bool tensors).
     *
     * @param dim the dim, negative counting from the end
     * @return a tensor with one dim fewer (SumBackward1)
     * @throws IndexOutOfBoundsException when dim is out of range
     */
    public Tensor sum(int dim) { return Reductions.sum(this, new int[] {dim}, false); }

    /**
     * The sum over one dim ({@code torch.sum(x, dim, keepdim)}).
     *
     * @param dim the dim, negative counting from the end
     * @param keepdim true to keep the dim with size 1
     * @return the sums (SumBackward1)
     * @throws IndexOutOfBoundsException when dim is out of range
     */
    public Tensor sum(int dim, boolean keepdim) { return Reductions.sum(this, new int[] {dim}, keepdim); }

    /**
     * The sum over several dims ({@code torch.sum(x, dims, keepdim)}).
     *
     * @param dims distinct dims, negative counting from the end
     * @param keepdim true to keep the reduced dims with size 1
     * @return the sums (SumBackward1)
     * @throws IllegalArgumentException when a dim appears twice
     * @throws IndexOutOfBoundsException when a dim is out of range
     */
    public Tensor sum(int[] dims, boolean keepdim) { return Reductions.sum(this, dims, keepdim); }

    /**
     * The mean of all elements ({@code torch.mean(x)}, MeanBackward0); accumulates in double. An empty tensor
     * gives nan.
     *
     * @return a 0-d tensor of this dtype
     * @throws IllegalArgumentException for an int64 or bool tensor ("mean(): could not infer output dtype...")
     */
    public Tensor mean() { return Reductions.meanAll(this); }

    /**
     * The mean over one dim, which is removed ({@code torch.mean(x, dim)}, MeanBackward1).
     *
     * @param dim the dim, negative counting from the end
     * @return a tensor with one dim fewer
     * @throws IllegalArgumentException for an int64 or bool tensor
     * @throws IndexOutOfBoundsException when dim is out of range
     */
    public Tensor mean(int dim) { return Reductions.mean(this, new int[] {dim}, false); }

    /**
     * The mean over one dim ({@code torch.mean(x, dim, keepdim)}).
     *
     * @param dim the dim, negative counting from the end
     * @param keepdim true to keep the dim with size 1
     * @return the means
     * @throws IllegalArgumentException for an int64 or bool tensor
     * @throws IndexOutOfBoundsException when dim is out of range
     */
    public Tensor mean(int dim, boolean keepdim) { return Reductions.mean(this, new int[] {dim}, keepdim); }

    /**
     * The mean over several dims ({@code torch.mean(x, dims, keepdim)}).
     *
     * @param dims distinct dims, negative counting from the end
     * @param keepdim true to keep the reduced dims with size 1
     * @return the means
     * @throws IllegalArgumentException for an int64 or bool tensor, or a dim given twice
     * @throws IndexOutOfBoundsException when a dim is out of range
     */
    public Tensor mean(int[] dims, boolean keepdim) { return Reductions.mean(this, dims, keepdim); }

    /**
     * Largest element (0-d).
     *
     * @return a 0-d tensor ({@code torch.max(x)}); nan when any element is nan
     * @throws IllegalArgumentException for an empty tensor, with PyTorch's message
     */
    public Tensor max() { return Reductions.maxAll(this, true); }

    /**
     * Smallest element (0-d).
     *
     * @return a 0-d tensor ({@code torch.min(x)}); nan when any element is nan
     * @throws IllegalArgumentException for an empty tensor, with PyTorch's message
     */
    public Tensor min() { return Reductions.maxAll(this, false); }

    /**
     * {@code torch.max(x, dim)}: values and indices.
     *
     * @param dim the dim to reduce, negative counting from the end
     * @param keepdim true to keep the dim with size 1
     * @return the largest values and their int64 positions along dim
     * @throws IllegalArgumentException when dim has size 0
     * @throws IndexOutOfBoundsException when dim is out of range
     */
    public ValuesIndices max(int dim, boolean keepdim) { return Reductions.maxDim(this, dim, keepdim, true); }

    /**
     * {@code torch.min(x, dim, keepdim)}: the smallest values along a dim and their positions.
     *
     * @param dim the dim to reduce, negative counting from the end
     * @param keepdim true to keep the dim with size 1
     * @return the smallest values and their int64 positions along dim
     * @throws IllegalArgumentException when dim has size 0
     * @throws IndexOutOfBoundsException when dim is out of range
     */
    public ValuesIndices min(int dim, boolean keepdim) { return Reductions.maxDim(this, dim, keepdim, false); }

    /**
     * Flat index of the largest element.
     *
     * @return a 0-d int64 tensor ({@code torch.argmax(x)})
     * @throws IllegalArgumentException for an empty tensor
     */
    public Tensor argmax() { return Reductions.argmaxAll(this); }

    /**
     * The positions of the largest values along a dim ({@code torch.argmax(x, dim, keepdim)}).
     *
     * @param dim the dim to reduce, negative counting from the end
     * @param keepdim true to keep the dim with size 1
     * @return an int64 tensor
     * @throws IllegalArgumentException when dim has size 0
     * @throws IndexOutOfBoundsException when dim is out of range
     */
    public Tensor argmax(int dim, boolean keepdim) { return Reductions.maxDim(this, dim, keepdim, true).indices(); }

    /**
     * log(sum(exp(x))) over one dim, computed stably ({@code torch.logsumexp(x, dim, keepdim)},
     * LogsumexpBackward0).
     *
     * @param dim the dim, negative counting from the end
     * @param keepdim true to keep the dim with size 1
     * @return the reduced tensor
     * @throws IndexOutOfBoundsException when dim is out of range
     */
    public Tensor logsumexp(int dim, boolean keepdim) { return Reductions.logsumexp(this, new int[] {dim}, keepdim); }

    /**
     * log(sum(exp(x))) over several dims ({@code torch.logsumexp(x, dims, keepdim)}).
     *
     * @param dims distinct dims, negative counting from the end
     * @param keepdim true to keep the reduced dims with size 1
     * @return the reduced tensor
     * @throws IllegalArgumentException when a dim appears twice
     * @throws IndexOutOfBoundsException when a dim is out of range
     */
    public Tensor logsumexp(int[] dims, boolean keepdim) { return Reductions.logsumexp(this, dims, keepdim); }

    /**
     * The p-norm of all elements ({@code torch.linalg.vector_norm}); p may be infinite.
     *
     * @param p the order: 2 for the Euclidean norm, 1, 0 (the count of non-zeros), +-infinity (max/min |x|)
     * @return a 0-d tensor of this dtype (LinalgVectorNormBackward0)
     * @throws IllegalArgumentException for an int64 or bool tensor
     */
    public Tensor norm(double p) { return Reductions.norm(this, p, null, false); }

    /**
     * The p-norm along one dim ({@code torch.linalg.vector_norm(x, p, dim, keepdim)}).
     *
     * @param p the order, as in {@link #norm(double)}
     * @param dim the dim, negative counting from the end
     * @param keepdim true to keep the dim with size 1
     * @return the norms
     * @throws IllegalArgumentException for an int64 or bool tensor
     * @throws IndexOutOfBoundsException when dim is out of range
     */
    public Tensor norm(double p, int dim, boolean keepdim) { return Reductions.norm(this, p, new int[] {dim}, keepdim); }

    /**
     * exp(x) / sum(exp(x)) along a dim ({@code torch.softmax(x, dim)}, SoftmaxBackward0), computed stably.
     *
     * @param dim the dim, negative counting from the end
     * @return a new tensor of this shape and dtype whose slices along dim sum to 1
     * @throws IllegalArgumentException for an int64 or bool tensor, with PyTorch's "not implemented for 'Long'"
     * @throws IndexOutOfBoundsException when dim is out of range
     */
    public Tensor softmax(int dim) { return Softmax.softmax(this, dim); }

    /**
     * x - logsumexp(x) along a dim ({@code torch.log_softmax(x, dim)}, LogSoftmaxBackward0).
     *
     * @param dim the dim, negative counting from the end
     * @return a new tensor of this shape and dtype
     * @throws IllegalArgumentException for an int64 or bool tensor
     * @throws IndexOutOfBoundsException when dim is out of range
     */
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
