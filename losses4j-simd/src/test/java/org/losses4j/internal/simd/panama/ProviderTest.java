package org.losses4j.internal.simd.panama;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.losses4j.Losses4j;
import org.losses4j.internal.simd.VectorizationProvider;

/** With losses4j-simd on the class path and the module enabled, the Vector API kernels are the ones in use. */
class ProviderTest {
    @Test
    void panamaIsSelected() {
        assertEquals("panama", VectorizationProvider.get().name(), VectorizationProvider.get().reason());
        assertEquals("panama", Losses4j.provider());
    }
}
