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
    /** PyTorch's class name, e.g. {@code CrossEntropyLoss}. */
    String name();

    /** The tensor argument names of the matching {@code torch.nn.functional} function, in order. */
    List<String> argNames();

    /** Runs the loss on tensors given in {@link #argNames()} order (trailing optional ones may be null). */
    Tensor apply(Tensor... args);

    /** This loss's declaration ({@code SPEC} of its class), found in {@link Losses#ALL} by {@link #name()}. */
    default LossSpec spec() {
        LossSpec s = Losses.find(name());
        if (s == null) throw new IllegalStateException(name() + " is not listed in Losses.ALL");
        return s;
    }
}
