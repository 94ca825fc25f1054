package org.losses4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import org.losses4j.Reduction;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Function;
import org.junit.jupiter.api.function.Executable;
import org.losses4j.DType;
import org.losses4j.Generator;
import org.losses4j.Tensor;
import org.losses4j.autograd.GradCheck;

/** Small helpers shared by the binary-loss tests. */
final class BinaryLossTesting {
    private BinaryLossTesting() {}

    static final Reduction[] REDUCTIONS = {Reduction.NONE, Reduction.MEAN, Reduction.SUM};

    /** Uniform float64 values in [lo, hi), seeded. */
    static Tensor uniform64(long seed, double lo, double hi, int... shape) {
        Tensor t = Tensor.rand(new Generator(seed), DType.FLOAT64, shape);
        return t.mul(hi - lo).add(lo).detach();
    }

    /** Standard-normal float64 values, seeded. */
    static Tensor normal64(long seed, int... shape) {
        return Tensor.randn(new Generator(seed), DType.FLOAT64, shape);
    }

    /** Random +-1 float64 values, seeded. */
    static Tensor signs64(long seed, int... shape) {
        return Tensor.randn(new Generator(seed), DType.FLOAT64, shape).sign().detach();
    }

    static void assertGradCheck(String what, Function<Tensor[], Tensor> f, Tensor... inputs) {
        GradCheck.Result r = GradCheck.check(f, inputs);
        assertTrue(r.passed(), what + ": " + r.worst());
    }

    /** The call fails with type and a message containing {@code message}, and leaves no gradient behind. */
    static <T extends Throwable> void assertFails(Class<T> type, String message, Executable call, Tensor... watched) {
        T e = assertThrows(type, call);
        assertTrue(e.getMessage() != null && e.getMessage().contains(message), "message '" + e.getMessage() + "' lacks '" + message + "'");
        for (Tensor t : watched) assertEquals(null, t.grad(), "no gradient after a failed call");
    }

    static void assertValues(double[] expected, Tensor actual, double tol) {
        double[] a = actual.toDoubleArray();
        assertEquals(expected.length, a.length, "element count");
        for (int i = 0; i < a.length; i++) {
            if (Double.isInfinite(expected[i]) || Double.isNaN(expected[i])) assertEquals(expected[i], a[i], "element " + i);
            else assertEquals(expected[i], a[i], tol * Math.max(1, Math.abs(expected[i])), "element " + i);
        }
    }
}
