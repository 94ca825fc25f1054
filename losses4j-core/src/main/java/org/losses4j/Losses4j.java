package org.losses4j;

import org.losses4j.internal.parallel.Parallel;
import org.losses4j.internal.simd.VectorizationProvider;

/** Library-wide settings: threads (as {@code torch.set_num_threads}) and which kernels run. */
public final class Losses4j {
    private Losses4j() {}

    /**
     * Sets how many threads the kernels may use ({@code torch.set_num_threads}). Results are identical for every
     * count.
     *
     * @param n the number of threads, at least 1
     * @throws IllegalArgumentException when {@code n} is less than 1
     */
    public static void setNumThreads(int n) { Parallel.setNumThreads(n); }

    /**
     * How many threads the kernels may use.
     *
     * @return the thread count ({@code torch.get_num_threads()})
     */
    public static int numThreads() { return Parallel.numThreads(); }

    /**
     * "panama" when the Vector API kernels are in use, else "scalar".
     *
     * @return {@code "panama"} or {@code "scalar"}
     */
    public static String provider() { return VectorizationProvider.get().name(); }

    /**
     * Why the kernels are the ones {@link #provider()} names, e.g. {@code Vector API on amd64}, or
     * {@code jdk.incubator.vector is not enabled (run java with --add-modules jdk.incubator.vector)}.
     *
     * @return the reason, in words
     */
    public static String providerReason() { return VectorizationProvider.get().reason(); }
}
