package org.losses4j.nn;

import org.losses4j.Tensor;

/** {@code torch.nn.Sigmoid}: y = 1 / (1 + exp(-x)), element-wise (grad_fn SigmoidBackward0). */
public final class Sigmoid extends Module {
    @Override
    public Tensor forward(Tensor input) { return input.sigmoid(); }
}
