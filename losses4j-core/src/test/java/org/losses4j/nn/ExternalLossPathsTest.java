package org.losses4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.losses4j.DType;
import org.losses4j.Generator;
import org.losses4j.Reduction;
import org.losses4j.Tensor;
import org.losses4j.internal.parallel.Parallel;
import org.losses4j.nn.functional.F;

/**
 * The losses from outside torch.nn on their two paths: the fused float32 pass (operands of one shape, read in place)
 * and the general one (broadcast operands in double, rounded as float32 ops round) run the same element functions,
 * so they give the same bits, values and both gradients; the fused pass gives the same bits at 1, 2 and 4 threads,
 * and a second backward under retain_graph recomputes the same gradients.
 */
class ExternalLossPathsTest {
    private static final int ROWS = 300, COLS = 101; // 30300 elements: two parallel blocks and a ragged end
    private static final int INITIAL_THREADS = Parallel.numThreads();

    @AfterEach
    void restore() { Parallel.setNumThreads(INITIAL_THREADS); }

    interface LossFn {
        Tensor apply(Tensor input, Tensor target, Reduction r);
    }

    static Stream<Arguments> losses() {
        return Stream.of(
                Arguments.of("log_cosh", (LossFn) LogCoshLoss::logCoshLoss, 3.0),
                Arguments.of("msle", (LossFn) MSLELoss::msleLoss, 0.0),
                Arguments.of("mape", (LossFn) MAPELoss::mapeLoss, 2.0),
                Arguments.of("squared_hinge", (LossFn) SquaredHingeLoss::squaredHingeLoss, -1.0),
                Arguments.of("sigmoid_focal", (LossFn) (x, y, r) -> SigmoidFocalLoss.sigmoidFocalLoss(x, y, 0.25, 2.0, r), 1.0),
                Arguments.of("sigmoid_focal_gamma_1.5_no_alpha", (LossFn) (x, y, r) -> SigmoidFocalLoss.sigmoidFocalLoss(x, y, -1, 1.5, r), 1.0));
    }

    /** A row of targets for the loss: labels -1 / 1 for the hinge, 0 / 1 for the focal loss, magnitudes for MSLE. */
    static Tensor row(double kind) {
        Tensor t = Tensor.randn(new Generator(2), DType.FLOAT32, COLS);
        if (kind == -1.0) return t.sign();
        if (kind == 1.0) return t.gt(0).to(DType.FLOAT32);
        if (kind == 0.0) return t.abs().mul(3);
        return t.mul(kind);
    }

    static Tensor input(double kind) {
        Tensor x = Tensor.randn(new Generator(1), DType.FLOAT32, ROWS, COLS).mul(3);
        return kind == 0.0 ? x.abs() : x;
    }

    /** The losses whose operands broadcast (SigmoidFocalLoss takes one shape: see the next test). */
    static Stream<Arguments> broadcasting() { return losses().filter(a -> !((String) a.get()[0]).startsWith("sigmoid_focal")); }

    @ParameterizedTest(name = "{0}")
    @MethodSource("broadcasting")
    void fusedAndGeneralPathsGiveTheSameBits(String name, LossFn f, double kind) {
        for (Reduction r : Reduction.values()) {
            if (r == Reduction.BATCHMEAN) continue;
            Tensor y = row(kind);
            // fused: the target repeated to the input's shape; general: the (COLS,) row broadcast
            Tensor x1 = input(kind).requiresGrad_(true), y1 = y.unsqueeze(0).expand(ROWS, COLS).contiguousCopy().requiresGrad_(true);
            Tensor x2 = input(kind).requiresGrad_(true), y2 = y.contiguousCopy().requiresGrad_(true);
            Tensor fused = f.apply(x1, y1, r), general = f.apply(x2, y2, r);
            assertArrayEquals(general.toDoubleArray(), fused.toDoubleArray(), 0.0, name + " " + r + " value");
            Tensor go = r == Reduction.NONE ? Tensor.randn(new Generator(3), DType.FLOAT32, ROWS, COLS) : Tensor.full(DType.FLOAT32, r == Reduction.SUM ? 1 : 0.75);
            fused.backward(go);
            general.backward(go);
            double[] a = x2.grad().toDoubleArray(), b = x1.grad().toDoubleArray();
            if (r == Reduction.SUM) {
                // an upstream of 1: the fused local gradient is the chain form's, bit for bit
                assertArrayEquals(a, b, 0.0, name + " " + r + " input grad");
            } else {
                // the fused pass multiplies its local gradient by the upstream afterwards, the general path carries the upstream
                // through the chain as PyTorch does: the same up to a few roundings of the upstream's size
                double u = r == Reduction.NONE ? 5 : 0.75 / (ROWS * COLS);
                for (int i = 0; i < a.length; i++) {
                    assertEquals(a[i], b[i], 2e-6 * Math.abs(a[i]) + 8 * Math.ulp((float) u), name + " " + r + " input grad " + i);
                }
            }
            // the row's gradient is the fused one summed over the rows (float32, in a different order: a few ulps)
            double[] summed = y1.grad().to(DType.FLOAT64).sum(0).toDoubleArray(), g = y2.grad().toDoubleArray();
            double[] mass = y1.grad().to(DType.FLOAT64).abs().sum(0).toDoubleArray(); // what the rounding errors scale with
            for (int j = 0; j < COLS; j++) {
                assertEquals(summed[j], g[j], 1e-6 * mass[j] + 1e-7 * Math.abs(summed[j]) + 1e-9, name + " " + r + " target grad " + j);
            }
        }
    }


    /** SigmoidFocalLoss's fused float32 pass against its double element functions rounded as float32 ops (the general path's). */
    @Test
    void sigmoidFocalFusedPassIsTheFloat32FormOfTheGeneralOne() {
        for (double[] ag : new double[][] {{0.25, 2}, {-1, 2}, {0.75, 0.5}, {0.25, 0}, {0.5, 1.5}}) {
            Tensor x = input(1.0).requiresGrad_(true), y = row(1.0).unsqueeze(0).expand(ROWS, COLS).contiguousCopy();
            Tensor out = SigmoidFocalLoss.sigmoidFocalLoss(x, y, ag[0], ag[1], Reduction.NONE);
            double[] want = new double[ROWS * COLS];
            org.losses4j.internal.kernels.SigmoidFocalKernel.forward(x.detach().toDoubleArray(), y.toDoubleArray(), want,
                    org.losses4j.internal.kernels.SigmoidFocalKernel.Params.of(ag[0], ag[1], true));
            double[] got = out.toDoubleArray();
            for (int i = 0; i < want.length; i++) assertEquals((float) want[i], got[i], 0.0, "alpha " + ag[0] + " gamma " + ag[1] + " [" + i + "]");
            double[] u = new double[ROWS * COLS], gx = new double[ROWS * COLS];
            java.util.Arrays.fill(u, 1);
            org.losses4j.internal.kernels.SigmoidFocalKernel.backward(x.detach().toDoubleArray(), y.toDoubleArray(), u, gx, null,
                    org.losses4j.internal.kernels.SigmoidFocalKernel.Params.of(ag[0], ag[1], true));
            out.backward(Tensor.onesLike(out));
            double[] g = x.grad().toDoubleArray();
            for (int i = 0; i < gx.length; i++) assertEquals((float) gx[i], g[i], 0.0, "grad alpha " + ag[0] + " gamma " + ag[1] + " [" + i + "]");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("losses")
    void fusedPathIsTheSameAtAnyThreadCountAndOnASecondBackward(String name, LossFn f, double kind) {
        double[] ref = null, refGx = null, refGy = null;
        for (int threads : new int[] {1, 2, 4}) {
            Parallel.setNumThreads(threads);
            Tensor x = input(kind).requiresGrad_(true), y = row(kind).unsqueeze(0).expand(ROWS, COLS).contiguousCopy().requiresGrad_(true);
            Tensor out = f.apply(x, y, Reduction.MEAN);
            out.backward(null, true);
            double[] gx = x.grad().toDoubleArray(), gy = y.grad().toDoubleArray();
            x.setGrad(null);
            y.setGrad(null);
            out.backward();
            assertArrayEquals(gx, x.grad().toDoubleArray(), 0.0, name + ": second backward");
            assertArrayEquals(gy, y.grad().toDoubleArray(), 0.0, name + ": second backward, target");
            if (ref == null) {
                ref = out.toDoubleArray();
                refGx = gx;
                refGy = gy;
            } else {
                assertArrayEquals(ref, out.toDoubleArray(), 0.0, name + " at " + threads + " threads");
                assertArrayEquals(refGx, gx, 0.0, name + " input grad at " + threads + " threads");
                assertArrayEquals(refGy, gy, 0.0, name + " target grad at " + threads + " threads");
            }
        }
    }

    @Test
    void quantileLossFusedAndGeneralPathsAgreeAndItsShapesAreAsDocumented() {
        double[] qs = {0.1, 0.5, 0.9};
        Tensor x = Tensor.randn(new Generator(4), DType.FLOAT32, 20000, 3);
        Tensor y = Tensor.randn(new Generator(5), DType.FLOAT32, 20000);
        Tensor none = F.quantileLoss(x, y, qs, Reduction.NONE);
        assertArrayEquals(new int[] {20000, 3}, none.shape());
        Tensor mean = F.quantileLoss(x, y, qs, Reduction.MEAN);
        // mean over all N Q terms, as torch.mean over the stacked pinball terms
        assertEquals(none.to(DType.FLOAT64).sum().item() / (20000 * 3), mean.item(), 1e-6);
        // float32 read in place (float32 target) vs the general path (an int64 target of the same values): the same bits
        Tensor yl = y.mul(3).to(DType.INT64);
        for (Reduction r : new Reduction[] {Reduction.NONE, Reduction.MEAN, Reduction.SUM}) {
            Tensor xg = x.detach().requiresGrad_(true), xf = x.detach().requiresGrad_(true);
            Tensor general = F.quantileLoss(xg, yl, qs, r), fused = F.quantileLoss(xf, yl.to(DType.FLOAT32), qs, r);
            assertArrayEquals(general.toDoubleArray(), fused.toDoubleArray(), 0.0, r + " value");
            Tensor go = r == Reduction.NONE ? Tensor.randn(new Generator(6), DType.FLOAT32, 20000, 3) : Tensor.full(DType.FLOAT32, 1.5);
            general.backward(go);
            fused.backward(go);
            assertArrayEquals(xg.grad().toDoubleArray(), xf.grad().toDoubleArray(), 0.0, r + " grad");
        }
        // one quantile: (N,) input gives (N,) losses; q = 0.5 is half the absolute error
        Tensor x1 = Tensor.of(1f, -2f, 3f), y1 = Tensor.of(0f, 0f, 5f);
        assertArrayEquals(new double[] {0.5, 1.0, 1.0}, F.quantileLoss(x1, y1, new double[] {0.5}, Reduction.NONE).toDoubleArray(), 0.0);
        // at a tie torch.maximum splits the gradient: d/dx = 1/2 - q
        Tensor xt = Tensor.of(2f).requiresGrad_(true);
        F.quantileLoss(xt, Tensor.of(2f), new double[] {0.9}, Reduction.SUM).backward();
        assertEquals(0.5 - 0.9, xt.grad().item(), 1e-7);
    }

    @Test
    void quantilesAreCheckedAndParsedAsTheCommandLineGivesThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new QuantileLoss(new double[] {0.1, 1.5}));
        assertEquals("quantiles must be in (0, 1), got 1.5", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new QuantileLoss(new double[] {Double.NaN}));
        assertEquals("quantiles must be in (0, 1), got NaN", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new QuantileLoss(new double[0]));
        assertArrayEquals(new double[] {0.1, 0.5, 0.9},
                ((QuantileLoss) Losses.create("QuantileLoss", new LossOptions(Map.of("quantiles", "0.1,0.5,0.9")))).quantiles(), 0.0);
        assertArrayEquals(new double[] {0.1, 0.5, 0.9},
                ((QuantileLoss) Losses.create("QuantileLoss", new LossOptions(Map.of("quantiles", "[0.1, 0.5, 0.9]")))).quantiles(), 0.0);
        assertArrayEquals(new double[] {0.25},
                ((QuantileLoss) Losses.create("QuantileLoss", new LossOptions(Map.of("quantiles", 0.25)))).quantiles(), 0.0);
        assertArrayEquals(new double[] {0.2, 0.8},
                ((QuantileLoss) Losses.create("QuantileLoss", new LossOptions(Map.of("quantiles", List.of(0.2, 0.8))))).quantiles(), 0.0);
        e = assertThrows(IllegalArgumentException.class, () -> Losses.create("QuantileLoss", new LossOptions(Map.of("quantiles", "0.1,x"))));
        assertTrue(e.getMessage().contains("quantiles"), e.getMessage());
    }

    @Test
    void externalDeclarationsNameTheirSourceAsTheirQualifiedName() {
        assertEquals("torchvision.ops.sigmoid_focal_loss", SigmoidFocalLoss.SPEC.qualifiedName());
        assertEquals("keras.losses.log_cosh", LogCoshLoss.SPEC.source());
        assertTrue(!LogCoshLoss.SPEC.isTorchNn() && MSELoss.SPEC.isTorchNn());
        assertEquals("'none'", SigmoidFocalLoss.SPEC.option("reduction").defaultValue());
        assertEquals(Reduction.NONE, new SigmoidFocalLoss().reduction());
        assertEquals(LossSpec.Type.FLOAT_LIST, QuantileLoss.SPEC.option("quantiles").type());
    }

    @Test
    void logCoshDoesNotOverflowWhereCoshWould() {
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            double big = dt == DType.FLOAT32 ? 1e30 : 1e300;
            Tensor x = Tensor.of(big, -big, 100.0, -100.0, 1e4).to(dt), y = Tensor.zeros(dt, 5);
            double[] l = F.logCoshLoss(x, y, Reduction.NONE).toDoubleArray();
            double ln2 = Math.log(2);
            double[] want = {big - ln2, big - ln2, 100 - ln2, 100 - ln2, 1e4 - ln2};
            for (int i = 0; i < 5; i++) assertEquals(want[i], l[i], Math.abs(want[i]) * 1e-6, dt + " " + i);
        }
    }
}
