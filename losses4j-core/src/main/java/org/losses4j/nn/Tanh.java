package org.losses4j.nn;

import org.losses4j.Tensor;

/** {@code torch.nn.Tanh}: y = tanh(x), element-wise; dy/dx = 1 - y^2 (grad_fn TanhBackward0). */
public final class Tanh extends Module {
    @Override
    public Tensor forward(Tensor input) { return input.tanh(); }
}
