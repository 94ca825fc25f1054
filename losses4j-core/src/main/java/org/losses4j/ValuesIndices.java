package org.losses4j;

/**
 * What {@link Tensor#max(int, boolean)} and {@link Tensor#min(int, boolean)} return, as {@code torch.return_types.max}:
 * the values (differentiable) and their int64 indices along the dimension.
 */
public record ValuesIndices(Tensor values, Tensor indices) {}
