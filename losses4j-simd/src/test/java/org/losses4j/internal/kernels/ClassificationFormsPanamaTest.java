package org.losses4j.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.losses4j.internal.simd.VectorizationProvider;

/** {@link ClassificationFormsTest} with the Vector API kernels in use: their float forms against the double forms. */
class ClassificationFormsPanamaTest extends ClassificationFormsTest {
    @Test
    void runsWithTheVectorKernels() {
        assertEquals("panama", VectorizationProvider.get().name());
    }
}
