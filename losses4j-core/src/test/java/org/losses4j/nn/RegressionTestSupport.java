package org.losses4j.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Function;
import org.losses4j.DType;
import org.losses4j.Generator;
import org.losses4j.Tensor;
import org.losses4j.autograd.GradCheck;

/** Small helpers shared by the regression-family tests. */
final class RegressionTestSupport {
    private RegressionTestSupport() {}

    static Tensor randn(long seed, int... shape) { return Tensor.randn(new Generator(seed), DType.FLOAT64, shape); }

    static Tensor rand(long seed, int... shape) { return Tensor.rand(new Generator(seed), DType.FLOAT64, shape); }

    static Tensor leaf(Tensor t) { return t.requiresGrad_(true); }

    /** Runs GradCheck with PyTorch's defaults and fails with the worst element when it does not pass. */
    static void gradcheck(String what, Function<Tensor[], Tensor> f, Tensor... inputs) {
        GradCheck.Result r = GradCheck.check(f, inputs);
        assertTrue(r.passed(), what + ": " + r.worst() + " (max diff " + r.maxAbsDiff() + ")");
    }
}
