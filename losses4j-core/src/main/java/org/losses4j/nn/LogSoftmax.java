package org.losses4j.nn;

import org.losses4j.Tensor;

/** {@code torch.nn.LogSoftmax(dim)}: x_i - log(sum_j exp(x_j)) along dim, numerically stable. */
public final class LogSoftmax {
    private final int dim;

    public LogSoftmax(int dim) { this.dim = dim; }

    public int dim() { return dim; }

    public Tensor forward(Tensor input) { return input.logSoftmax(dim); }
}
