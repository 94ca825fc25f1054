package org.losses4j.nn;

import org.losses4j.DType;
import org.losses4j.Reduction;
import org.losses4j.Shape;
import org.losses4j.Tensor;
import org.losses4j.autograd.LossNode;
import org.losses4j.internal.tensor.Checks;
import org.losses4j.internal.kernels.EmbeddingKernels;

/**
 * What the embedding losses (CosineEmbeddingLoss, TripletMarginLoss, pairwise_distance, TripletMarginWithDistanceLoss)
 * share at the Tensor level: their checks with PyTorch's messages, reading tensors for {@link EmbeddingKernels}
 * (which takes arrays only) and the LossNode's upstream.
 */
final class EmbeddingSupport {
    private EmbeddingSupport() {}

    /**
     * One loss value per row of {@code shape} (rows x d): the upstream of a 'none' loss per row, of a reduced one as a
     * scalar; {@code fixed} (or null) marks the rows it does not reach.
     */
    static LossNode.Upstream perRow(int[] shape, int rows, Reduction r, boolean[] fixed) {
        int d = rows == 0 ? 0 : Shape.numel(shape) / rows;
        return new LossNode.Upstream(shape, 1, rows, d, 0, r == Reduction.NONE ? 1 : 0, 0).fixing(fixed);
    }

    /** A local gradient computed in double as the array LossNode takes for an input of dtype dt (float32: rounded once). */
    static Object as(DType dt, double[] g) {
        if (g == null || dt == DType.FLOAT64) return g;
        float[] f = new float[g.length];
        for (int i = 0; i < g.length; i++) f[i] = (float) g[i];
        return f;
    }

    /** The local gradients of a general path, each as its input's dtype. */
    static Object[] as(double[][] g, Tensor... inputs) {
        Object[] r = new Object[inputs.length];
        for (int i = 0; i < r.length; i++) r[i] = inputs[i] == null ? null : as(inputs[i].dtype(), g[i]);
        return r;
    }

    /** PyTorch's last composed op of a reduced loss: SumBackward0 or MeanBackward0, else {@code none}. */
    static String gradFnName(Reduction r, String none) {
        return r == Reduction.NONE ? none : r == Reduction.SUM ? "SumBackward0" : "MeanBackward0";
    }

    /** The local gradients wanted from a forward: which inputs take part in a graph. */
    static boolean[] wanted(boolean graph, Tensor... inputs) {
        boolean[] w = new boolean[inputs.length];
        for (int i = 0; i < w.length; i++) w[i] = graph && inputs[i] != null && inputs[i].requiresGrad();
        return w;
    }

    /**
     * CosineEmbeddingLoss checks, PyTorch's wording: a 0-d or 1-D target (else {@code 0D or 1D target tensor expected,
     * multi-target not supported}), 2-D inputs for a 1-D target and 1-D inputs for a 0-d one (PyTorch fails later in
     * sum(dim) of the broadcast product when only input2 has another rank; we ask for equal ranks up front), inputs
     * that broadcast with each other, a target that broadcasts with the rows. Returns the broadcast input shape.
     */
    static int[] cosineCheck(Tensor input1, Tensor input2, Tensor target) {
        Checks.floating(input1, "input1", "cosine_embedding_loss");
        Checks.floating(input2, "input2", "cosine_embedding_loss");
        Checks.notNull(target, "target");
        int td = target.dim();
        if (td > 1) throw new IllegalArgumentException("0D or 1D target tensor expected, multi-target not supported");
        int want = td == 1 ? 2 : 1;
        if (input1.dim() != want || input2.dim() != want) {
            throw new IllegalArgumentException(td + "D target tensor expects " + want + "D input tensors, but found inputs with sizes "
                    + Shape.str(input1.shape()) + " and " + Shape.str(input2.shape()) + ".");
        }
        int[] shape = Shape.broadcast(input1.shape(), input2.shape());
        if (td == 1) Shape.broadcast(new int[] {shape[0]}, target.shape());
        return shape;
    }

    /**
     * PyTorch's type promotion of int64 inputs (its composite ops subtract, multiply and add eps, pair by pair): each
     * int64 tensor in float64 when every floating input is float64, else in float32 (also when all are int64). Each
     * distance then computes in the dtype PyTorch gives that pair: an int64 input next to a float32 one makes a float32
     * distance even when a third input is float64 (integers up to 2^24 are exact in float32). Other tensors and nulls
     * are returned as they are.
     */
    static Tensor[] promoted(Tensor... ts) {
        boolean f64 = false, f32 = false;
        for (Tensor t : ts) {
            if (t != null && t.dtype() == DType.FLOAT64) f64 = true;
            if (t != null && t.dtype() == DType.FLOAT32) f32 = true;
        }
        DType dt = f64 && !f32 ? DType.FLOAT64 : DType.FLOAT32;
        Tensor[] r = ts.clone();
        for (int i = 0; i < r.length; i++) if (r[i] != null && r[i].dtype() == DType.INT64) r[i] = r[i].to(dt);
        return r;
    }

    /** The dtype several floating tensors compute in: float64 if any is (null entries ignored). */
    static DType common(Tensor... ts) {
        DType[] d = new DType[ts.length];
        for (int i = 0; i < ts.length; i++) d[i] = ts[i] == null ? null : ts[i].dtype();
        return EmbeddingKernels.common(d);
    }

    /** The tensors' dtypes. */
    static DType[] dtypes(Tensor... ts) {
        DType[] d = new DType[ts.length];
        for (int i = 0; i < ts.length; i++) d[i] = ts[i].dtype();
        return d;
    }

    /** A float32 contiguous tensor's storage (read in place from its storage offset), or null when it is not one. */
    static float[] floats(Tensor t) {
        return t != null && t.dtype() == DType.FLOAT32 && t.isContiguous() ? (float[]) t.storage() : null;
    }

    /** Inputs the fused paths take: float32, contiguous, all of one shape with at least one dimension. */
    static boolean fusable(Tensor... ts) {
        for (Tensor t : ts) {
            if (floats(t) == null || t.dim() == 0 || !java.util.Arrays.equals(t.shape(), ts[0].shape())) return false;
        }
        return true;
    }

    /** A target's values as doubles (bool: 1 / 0). */
    static double[] targetValues(Tensor target) {
        if (target.dtype() == DType.BOOL) {
            boolean[] v = target.toBooleanArray();
            double[] d = new double[v.length];
            for (int i = 0; i < v.length; i++) d[i] = v[i] ? 1 : 0;
            return d;
        }
        return target.toDoubleArray();
    }

    /** The upstream factor of a loss with one value per row: 1 / rows for mean, else 1. */
    static double red(Reduction r, int rows) { return r == Reduction.MEAN ? 1.0 / rows : 1.0; }

    /** The broadcast shape of two tensors for pairwise_distance (floating inputs, as torch.norm asks). */
    static int[] pairwiseCheck(Tensor x1, Tensor x2) {
        Checks.floating(x1, "x1", "norm");
        Checks.floating(x2, "x2", "norm");
        return Shape.broadcast(x1.shape(), x2.shape());
    }

    /**
     * TripletMarginLoss checks: floating inputs, the same number of dimensions ({@link #sameRank}), shapes that
     * broadcast. Returns the broadcast shape.
     */
    static int[] tripletCheck(Tensor anchor, Tensor positive, Tensor negative) {
        Checks.floating(anchor, "anchor", "norm");
        Checks.floating(positive, "positive", "norm");
        Checks.floating(negative, "negative", "norm");
        sameRank(anchor.dim(), positive.dim(), negative.dim());
        return Shape.broadcast(Shape.broadcast(anchor.shape(), positive.shape()), negative.shape());
    }

    /**
     * The rank check of TripletMarginLoss and TripletMarginWithDistanceLoss, PyTorch 2.x's wording: {@code The anchor,
     * positive, and negative tensors are expected to have the same number of dimensions, but got: anchor 2D, positive
     * 1D, and negative 2D inputs}.
     */
    static void sameRank(int a, int p, int n) {
        if (a != p || p != n) {
            throw new IllegalArgumentException("The anchor, positive, and negative tensors are expected to have the same number of dimensions,"
                    + " but got: anchor " + a + "D, positive " + p + "D, and negative " + n + "D inputs");
        }
    }
}
