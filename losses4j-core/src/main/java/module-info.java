/**
 * losses4j: PyTorch's torch.nn losses for the JVM, with reverse-mode autograd. The API is the exported packages;
 * the kernels ({@code org.losses4j.internal...}) are exported to the Vector API module {@code org.losses4j.simd}
 * alone, which provides faster implementations of them through {@link org.losses4j.internal.simd.KernelProvider}.
 */
module org.losses4j.core {
    requires java.logging;

    exports org.losses4j;
    exports org.losses4j.autograd;
    exports org.losses4j.nn;
    exports org.losses4j.nn.functional;
    exports org.losses4j.nn.init;
    exports org.losses4j.io;
    exports org.losses4j.optim;
    exports org.losses4j.optim.lr_scheduler;

    exports org.losses4j.internal.kernels to org.losses4j.simd;
    exports org.losses4j.internal.ops to org.losses4j.simd;
    exports org.losses4j.internal.parallel to org.losses4j.simd;
    exports org.losses4j.internal.simd to org.losses4j.simd;
    exports org.losses4j.internal.simd.scalar to org.losses4j.simd;

    uses org.losses4j.internal.simd.KernelProvider;
}
