/**
 * The Vector API ({@code jdk.incubator.vector}) kernels of losses4j. Nothing is exported: core finds them through the
 * {@link org.losses4j.internal.simd.KernelProvider} service when this module is on the module path (service binding
 * resolves it, and with it {@code jdk.incubator.vector}), or on the class path with
 * {@code --add-modules jdk.incubator.vector}.
 */
module org.losses4j.simd {
    requires jdk.incubator.vector;
    requires org.losses4j.core;

    provides org.losses4j.internal.simd.KernelProvider with org.losses4j.internal.simd.panama.PanamaKernelProvider;
}
