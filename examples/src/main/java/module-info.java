/**
 * The examples as an application module: it requires losses4j's API module and nothing else. With
 * {@code losses4j-simd} on the module path too, core finds the Vector API kernels as a service (and the module
 * system adds {@code jdk.incubator.vector}); without it the scalar kernels run.
 */
module org.losses4j.examples {
    requires org.losses4j.core;
}
