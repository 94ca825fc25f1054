package org.losses4j.autograd;

/**
 * Whether operations record a graph, per thread, as {@code torch.no_grad()} / {@code torch.enable_grad()}.
 *
 * <pre>{@code
 * try (var ignored = GradMode.noGrad()) {
 *     Tensor y = x.mul(2);   // y.requiresGrad() == false
 * }
 * }</pre>
 */
public final class GradMode {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

    private GradMode() {}

    /**
     * True when ops on this thread record the autograd graph.
     *
     * @return {@code torch.is_grad_enabled()} for this thread
     */
    public static boolean isEnabled() { return ENABLED.get()[0]; }

    /**
     * Sets grad mode on this thread; prefer the scopes {@link #noGrad()} and {@link #enableGrad()}.
     *
     * @param enabled true to record, false not to ({@code torch.set_grad_enabled})
     */
    public static void setEnabled(boolean enabled) { ENABLED.get()[0] = enabled; }

    /**
     * A scope in which no graph is recorded; closing it restores the previous mode.
     *
     * @return the scope, to close (try-with-resources)
     */
    public static Scope noGrad() { return new Scope(false); }

    /**
     * A scope in which the graph is recorded; closing it restores the previous mode.
     *
     * @return the scope, to close (try-with-resources)
     */
    public static Scope enableGrad() { return new Scope(true); }

    /** Restores the previous grad mode on close. */
    public static final class Scope implements AutoCloseable {
        private final boolean previous;

        private Scope(boolean enabled) {
            previous = isEnabled();
            setEnabled(enabled);
        }

        @Override
        public void close() { setEnabled(previous); }
    }
}
