package org.losses4j.nn;

import org.losses4j.Tensor;

/** {@code torch.nn.Softmax(dim)}: exp(x_i) / sum_j exp(x_j) along dim, numerically stable. */
public final class Softmax {
    private final int dim;

    public Softmax(int dim) { this.dim = dim; }

    public int dim() { return dim; }

    public Tensor forward(Tensor input) { return input.softmax(dim); }
}
