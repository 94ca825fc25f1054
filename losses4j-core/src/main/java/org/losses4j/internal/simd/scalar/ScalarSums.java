package org.losses4j.internal.simd.scalar;

/** The one float-array sum the scalar kernels share. */
final class ScalarSums {
    private ScalarSums() {}

    /**
     * Sum of a[off, off + n) in double, four accumulators: element i goes into accumulator i % 4 and the result is
     * (s0 + s1) + (s2 + s3), the order every fused scalar loop uses, so a chunked kernel gives the same sum as its
     * element-by-element fallback.
     */
    static double sum4(float[] a, int off, int n) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += a[off + i];
            s1 += a[off + i + 1];
            s2 += a[off + i + 2];
            s3 += a[off + i + 3];
        }
        for (; i < n; i++) s0 += a[off + i];
        return (s0 + s1) + (s2 + s3);
    }
}
