package org.losses4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import org.losses4j.Reduction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.losses4j.DType;
import org.losses4j.Generator;
import org.losses4j.Tensor;
import org.losses4j.internal.parallel.Parallel;

/**
 * The float32 fast path of the point-wise regression losses (loss and gradient fused in one pass): the same bits
 * at 1, 2 and 4 threads, the same values as the float64 path, a gradient handed over once (a second backward with
 * retain_graph recomputes the same one), grad_output scaling, and the target's gradient as minus the input's.
 */
class PointwiseFusedPathTest {
    private static final int N = 4 * 65536 + 1234; // several blocks of 64K (PoissonNLL, GaussianNLL) and a ragged end
    private static final int BIG = 2 * (1 << 20) + 1234; // several blocks of 1M (MSE, L1, SmoothL1, Huber)
    private static final int INITIAL_THREADS = Parallel.numThreads();

    @AfterEach
    void restore() {
        Parallel.setNumThreads(INITIAL_THREADS);
        n = N;
    }

    /** A loss of (input, target) with reduction r; var for GaussianNLL is fixed inside. */
    interface LossFn {
        Tensor apply(Tensor input, Tensor target, Reduction r);
    }

    private static int n = N;

    static Tensor var(DType dt) {
        Tensor v = Tensor.rand(new Generator(5), DType.FLOAT32, n).add(0.1);
        return v.to(dt);
    }

    static Stream<Arguments> losses() {
        return Stream.of(
                Arguments.of("mse", true, (LossFn) MSELoss::mseLoss),
                Arguments.of("l1", true, (LossFn) L1Loss::l1Loss),
                Arguments.of("smooth_l1", true, (LossFn) (x, y, r) -> SmoothL1Loss.smoothL1Loss(x, y, r, 0.5)),
                Arguments.of("huber", true, (LossFn) (x, y, r) -> HuberLoss.huberLoss(x, y, r, 1.5)),
                Arguments.of("poisson_nll", false, (LossFn) (x, y, r) -> PoissonNLLLoss.poissonNllLoss(x, y, true, false, 1e-8, r)),
                Arguments.of("gaussian_nll", true, (LossFn) (x, y, r) -> GaussianNLLLoss.gaussianNllLoss(x, y, var(x.dtype()), true, 1e-6, r)));
    }

    static Tensor input() { return Tensor.randn(new Generator(1), DType.FLOAT32, n); }

    static Tensor target(String name) {
        Tensor t = Tensor.randn(new Generator(2), DType.FLOAT32, n);
        return name.equals("poisson_nll") ? Tensor.rand(new Generator(3), DType.FLOAT32, n).mul(5) : t;
    }

    /** {loss values, input gradient} for one run. */
    static float[][] run(LossFn f, String name, Reduction r, int threads) {
        Parallel.setNumThreads(threads);
        Tensor x = input().requiresGrad_(true);
        Tensor out = f.apply(x, target(name), r);
        if (r == Reduction.NONE) out.backward(Tensor.full(0.5, n)); else out.backward();
        return new float[][] {out.toFloatArray(), x.grad().toFloatArray()};
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("losses")
    void identicalBitsAtOneTwoAndFourThreads(String name, boolean targetGrad, LossFn f) {
        n = BIG;
        for (Reduction r : new Reduction[] {Reduction.MEAN, Reduction.SUM, Reduction.NONE}) {
            float[][] one = run(f, name, r, 1);
            for (int t : new int[] {2, 4}) {
                float[][] other = run(f, name, r, t);
                assertArrayEquals(one[0], other[0], name + " " + r + " loss at " + t + " threads");
                assertArrayEquals(one[1], other[1], name + " " + r + " gradient at " + t + " threads");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("losses")
    void matchesTheFloat64Path(String name, boolean targetGrad, LossFn f) {
        for (Reduction r : new Reduction[] {Reduction.MEAN, Reduction.SUM, Reduction.NONE}) {
            Tensor x = input().requiresGrad_(true), y = target(name).requiresGrad_(targetGrad);
            Tensor xd = input().to(DType.FLOAT64).requiresGrad_(true), yd = target(name).to(DType.FLOAT64).requiresGrad_(targetGrad);
            Tensor out = f.apply(x, y, r), outd = f.apply(xd, yd, r);
            assertEquals(DType.FLOAT32, out.dtype());
            Tensor up = Tensor.randn(new Generator(9), DType.FLOAT32, n);
            if (r == Reduction.NONE) {
                out.backward(up);
                outd.backward(up.to(DType.FLOAT64));
            } else {
                out.backward();
                outd.backward();
            }
            assertClose(outd.toDoubleArray(), out.toFloatArray(), name + " " + r + " loss");
            assertClose(xd.grad().toDoubleArray(), x.grad().toFloatArray(), name + " " + r + " input gradient");
            if (targetGrad) {
                assertClose(yd.grad().toDoubleArray(), y.grad().toFloatArray(), name + " " + r + " target gradient");
            }
        }
    }

    static void assertClose(double[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        double max = 0; // float32 cancels (exp(x) - y, log v + d^2 / v): absolute slack at the array's own scale
        for (double e : expected) max = Math.max(max, Math.abs(e));
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5 * Math.abs(expected[i]) + 1e-6 * max, what + " [" + i + "]");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("losses")
    void secondBackwardWithRetainGraphGivesTheSameGradient(String name, boolean targetGrad, LossFn f) {
        for (Reduction r : new Reduction[] {Reduction.MEAN, Reduction.NONE}) {
            Tensor x = input().requiresGrad_(true);
            Tensor out = f.apply(x, target(name), r);
            Tensor up = r == Reduction.NONE ? Tensor.full(0.5, n) : null;
            out.backward(up, true);
            float[] first = x.grad().toFloatArray();
            x.zeroGrad();
            out.backward(up, true);
            assertArrayEquals(first, x.grad().toFloatArray(), name + " " + r + ": recomputed gradient");
            out.backward(up, true);
            float[] twice = x.grad().toFloatArray();
            for (int i = 0; i < first.length; i++) assertEquals(2 * first[i], twice[i], Math.ulp(2 * first[i]), "accumulated");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("losses")
    void scalesByAScalarGradOutput(String name, boolean targetGrad, LossFn f) {
        Tensor x = input().requiresGrad_(true);
        f.apply(x, target(name), Reduction.SUM).backward();
        float[] unit = x.grad().toFloatArray();
        Tensor x2 = input().requiresGrad_(true);
        f.apply(x2, target(name), Reduction.SUM).backward(Tensor.scalar(-2.5));
        float[] scaled = x2.grad().toFloatArray();
        for (int i = 0; i < unit.length; i++) assertEquals(-2.5f * unit[i], scaled[i], "element " + i);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("losses")
    void targetGradientIsMinusTheInputGradient(String name, boolean targetGrad, LossFn f) {
        if (!targetGrad) {
            // PoissonNLL (log_input): d/dy (exp(x) - y x) = -x, not minus the input's gradient exp(x) - y
            assertEquals("poisson_nll", name);
            Tensor x = input().requiresGrad_(true), y = target(name).requiresGrad_(true);
            f.apply(x, y, Reduction.MEAN).backward();
            float[] xs = input().toFloatArray(), gy = y.grad().toFloatArray(), gx = x.grad().toFloatArray();
            Tensor x2 = input().requiresGrad_(true); // the target not differentiated: the input's gradient is the same
            f.apply(x2, target(name), Reduction.MEAN).backward();
            for (int i = 0; i < gy.length; i++) {
                assertEquals((float) (-(double) xs[i] / n), gy[i], Math.ulp((float) (xs[i] / n)), "target gradient " + i);
            }
            // the general path (double) against the fused one (float exp): exp(x) - y cancels, as in matchesTheFloat64Path
            double[] fused = x2.grad().toDoubleArray();
            assertClose(fused, gx, "input gradient, target differentiated or not");
            return;
        }
        BiFunction<Boolean, Boolean, Tensor[]> go = (needX, needY) -> {
            Tensor x = input().requiresGrad_(needX), y = target(name).requiresGrad_(needY);
            f.apply(x, y, Reduction.MEAN).backward();
            return new Tensor[] {x, y};
        };
        Tensor[] both = go.apply(true, true), onlyTarget = go.apply(false, true);
        float[] gx = both[0].grad().toFloatArray(), gy = both[1].grad().toFloatArray();
        for (int i = 0; i < gx.length; i++) assertEquals(-gx[i], gy[i], "element " + i);
        assertNull(onlyTarget[0].grad());
        assertArrayEquals(gy, onlyTarget[1].grad().toFloatArray());
    }
}
