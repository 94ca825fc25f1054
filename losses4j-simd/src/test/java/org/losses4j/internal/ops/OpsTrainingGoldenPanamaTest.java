package org.losses4j.internal.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.losses4j.internal.simd.VectorizationProvider;

/**
 * The PyTorch fixtures of the training ops run again with the Vector API kernels in use (core's OpsTrainingGoldenTest
 * runs them with the scalar ones): the products of 17 x 33 x 19, 64 x 64 x 40 and 6 x 64 x 37 go through the blocked
 * GEMM and must meet PyTorch's float32 tolerances too.
 */
class OpsTrainingGoldenPanamaTest {
    @TestFactory
    Stream<DynamicTest> matchesTorchWithVectorKernels() {
        assertEquals("panama", VectorizationProvider.get().name());
        return new OpsTrainingGoldenTest().matchesTorch();
    }
}
