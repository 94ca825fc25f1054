package org.losses4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Function;
import org.junit.jupiter.api.function.Executable;
import org.losses4j.DType;
import org.losses4j.Generator;
import org.losses4j.Tensor;
import org.losses4j.autograd.GradCheck;

/** Helpers for the margin-family tests: seeded float64 inputs, gradcheck assertions, error assertions. */
final class MarginTestSupport {
    private MarginTestSupport() {}

    static Tensor randn(long seed, int... shape) {
        return Tensor.randn(new Generator(seed), DType.FLOAT64, shape);
    }

    static void gradcheck(String what, Function<Tensor[], Tensor> f, Tensor... inputs) {
        GradCheck.Result r = GradCheck.check(f, inputs);
        assertTrue(r.passed(), what + ": " + r.worst() + " (max diff " + r.maxAbsDiff() + ")");
    }

    static <T extends Throwable> void assertFails(Class<T> type, String message, Executable e, Tensor... untouched) {
        Tensor[] before = new Tensor[untouched.length];
        for (int i = 0; i < untouched.length; i++) before[i] = untouched[i].detach().contiguousCopy();
        T ex = assertThrows(type, e);
        assertEquals(message, ex.getMessage());
        for (int i = 0; i < untouched.length; i++) {
            assertNull(untouched[i].grad(), "no gradient after a failed call");
            assertEquals(before[i].toString(), untouched[i].detach().toString(), "input unchanged after a failed call");
        }
    }
}
