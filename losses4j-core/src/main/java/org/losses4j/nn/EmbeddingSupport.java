package org.losses4j.nn;

import org.losses4j.DType;
import org.losses4j.Reduction;
import org.losses4j.Shape;
import org.losses4j.Tensor;
import org.losses4j.autograd.LossNode;
import org.losses4j.internal.kernels.Checks;

/** What the embedding losses (CosineEmbeddingLoss, TripletMarginLoss, TripletMarginWithDistanceLoss) share at the Tensor level. */
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
}
