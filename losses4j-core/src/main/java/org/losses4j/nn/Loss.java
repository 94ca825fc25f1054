package org.losses4j.nn;

import java.util.List;
import org.losses4j.Tensor;

/**
 * A loss module, as a {@code torch.nn} loss: options set at construction, then {@code forward}. Every loss
 * also has a typed {@code forward(...)} with PyTorch's argument order; {@link #apply} is the generic entry
 * used by the CLI and the fixture tests, taking the tensors in {@link #argNames()} order.
 *
 * <p>Loss instances hold only their options, so one instance may be shared by many threads.
 */
public interface Loss {
    /**
     * This loss's declaration: the {@code SPEC} of its class, listed in {@link Losses#ALL}.
     *
     * @return the declaration
     */
    LossSpec spec();

    /**
     * PyTorch's class name, e.g. {@code CrossEntropyLoss}: its declaration's.
     *
     * @return the name
     */
    default String name() { return spec().name(); }

    /**
     * The tensor argument names of the matching {@code torch.nn.functional} function, in order: its declaration's.
     *
     * @return the names, e.g. {@code [input, target]}
     */
    default List<String> argNames() { return spec().argNames(); }

    /**
     * Runs the loss on tensors given in {@link #argNames()} order (trailing optional ones may be null).
     *
     * @param args the tensors, as many as the loss takes
     * @return the loss output, as the typed {@code forward} returns it
     * @throws IllegalArgumentException when a tensor's shape, dtype or values do not fit, with PyTorch's message
     */
    Tensor apply(Tensor... args);
}
