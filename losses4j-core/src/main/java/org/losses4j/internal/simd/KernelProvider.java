package org.losses4j.internal.simd;

/**
 * A source of faster kernel implementations than the scalar ones, found with {@link java.util.ServiceLoader}: the
 * Vector API kernels of module {@code org.losses4j.simd} declare one ({@code provides} in its module descriptor on the
 * module path, {@code META-INF/services} on the class path). {@link VectorizationProvider} asks it only after checking
 * that the JVM offers {@code jdk.incubator.vector}, so loading this class never touches the Vector API.
 */
public interface KernelProvider {
    /**
     * Loads what the kernels need and says what they run on (e.g. {@code Vector API on amd64}); fails with a
     * {@link LinkageError} or a {@link RuntimeException} when they cannot run in this JVM.
     */
    String check();

    /** This provider's implementation of a kernel family interface, or null when it has none. */
    <T> T kernels(Class<T> family);
}
