package org.losses4j.internal.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Core alone (no losses4j-simd on the class path) runs the scalar kernels and says why. */
class ScalarProviderTest {
    @Test
    void coreAloneIsScalar() {
        assertEquals("scalar", VectorizationProvider.get().name());
        System.out.println("provider: " + VectorizationProvider.get().reason());
    }
}
