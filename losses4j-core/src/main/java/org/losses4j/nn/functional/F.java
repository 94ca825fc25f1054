package org.losses4j.nn.functional;

import org.losses4j.Tensor;
import org.losses4j.nn.MSELoss;
import org.losses4j.nn.Reduction;

/**
 * The functional facade, mirroring {@code torch.nn.functional}: {@code F.mseLoss(input, target)} and so on,
 * with PyTorch's defaults. Each function builds nothing but calls the loss's kernel directly.
 */
public final class F {
    private F() {}

    /** {@code F.mse_loss(input, target, reduction='mean')}. */
    public static Tensor mseLoss(Tensor input, Tensor target) { return MSELoss.mseLoss(input, target, Reduction.MEAN); }

    public static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) { return MSELoss.mseLoss(input, target, reduction); }
}
