package org.losses4j.nn;

import org.losses4j.Tensor;

/** {@code torch.nn.Softmax(dim)}: exp(x_i) / sum_j exp(x_j) along dim, numerically stable. */
public final class Softmax {
    private final int dim;

    /**
     * {@code nn.Softmax(dim)}.
     *
     * @param dim the dim to normalise over, negative counting from the end (checked at forward)
     */
    public Softmax(int dim) { this.dim = dim; }

    /**
     * The dim this module normalises over.
     *
     * @return the dim
     */
    public int dim() { return dim; }

    /**
     * exp(x) / sum(exp(x)) along {@link #dim()}: {@link Tensor#softmax(int)}.
     *
     * @param input a floating tensor
     * @return a new tensor of input's shape and dtype
     * @throws IllegalArgumentException for an int64 or bool input
     * @throws IndexOutOfBoundsException when the dim is out of range for input
     */
    public Tensor forward(Tensor input) { return input.softmax(dim); }
}
