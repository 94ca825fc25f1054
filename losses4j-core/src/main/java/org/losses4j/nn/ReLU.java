package org.losses4j.nn;

import org.losses4j.Tensor;

/** {@code torch.nn.ReLU}: y = max(x, 0), element-wise; dy/dx = 1 where x > 0, else 0 (grad_fn ReluBackward0). */
public final class ReLU extends Module {
    @Override
    public Tensor forward(Tensor input) { return input.relu(); }
}
