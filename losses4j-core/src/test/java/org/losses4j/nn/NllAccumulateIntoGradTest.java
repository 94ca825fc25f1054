package org.losses4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import org.losses4j.Reduction;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.losses4j.DType;
import org.losses4j.Generator;
import org.losses4j.Tensor;

/**
 * NLLLoss adds its sparse gradient straight into an existing leaf gradient (zero_grad(set_to_none=False), PyTorch
 * 1.13's default, keeps the gradient tensor between steps). The result must be exactly what the dense path gives:
 * the existing gradient plus the freshly computed one, element by element, in the same gradient object.
 */
class NllAccumulateIntoGradTest {

    private record Case(int[] shape, int[] tshape, Reduction red, boolean weighted, long ignore) {}

    private static List<Case> cases() {
        return List.of(
                new Case(new int[] {6, 5}, new int[] {6}, Reduction.MEAN, false, -100),
                new Case(new int[] {6, 5}, new int[] {6}, Reduction.SUM, true, 2),
                new Case(new int[] {6, 5}, new int[] {6}, Reduction.NONE, true, -100),
                new Case(new int[] {5}, new int[] {}, Reduction.MEAN, true, -100),
                new Case(new int[] {2, 5, 3, 4}, new int[] {2, 3, 4}, Reduction.MEAN, true, 1),
                new Case(new int[] {2, 5, 3}, new int[] {2, 3}, Reduction.NONE, false, 0));
    }

    private static Tensor targets(Generator g, Case c) {
        return Tensor.randint(g, 0, c.shape.length == 1 ? c.shape[0] : c.shape[1], c.tshape);
    }

    private static NLLLoss loss(Case c, DType dt) {
        NLLLoss.Builder b = NLLLoss.builder().reduction(c.red).ignoreIndex(c.ignore);
        if (c.weighted) b.weight(Tensor.of(0.5, 2.0, 1.5, 0.25, 3.0).to(dt));
        return b.build();
    }

    private static void backward(Tensor out, Generator g) {
        if (out.dim() == 0) out.backward();
        else out.backward(Tensor.randn(g, out.dtype(), out.shape()));
    }

    @Test
    void addsIntoTheExistingGradientExactlyAsTheDensePathWould() {
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (Case c : cases()) {
                Generator g = new Generator(7);
                Tensor x = Tensor.randn(g, dt, c.shape).requiresGrad_(true);
                Tensor t = targets(g, c);
                Tensor existing = Tensor.randn(g, dt, c.shape);
                NLLLoss loss = loss(c, dt);

                // the dense gradient alone (no existing gradient), then existing + dense by hand
                backward(loss.forward(x, t), new Generator(11));
                Tensor dense = x.grad();
                Tensor expected = existing.add(dense);

                x.setGrad(existing.clone());
                Tensor before = x.grad();
                Object storage = before.storage();
                backward(loss.forward(x, t), new Generator(11));
                assertSame(before, x.grad(), "the gradient object is kept (in-place accumulation)");
                assertSame(storage, x.grad().storage());
                assertArrayEquals(expected.toDoubleArray(), x.grad().toDoubleArray(), 0.0, dt + " " + c);
            }
        }
    }

    @Test
    void zeroGradInPlaceThenBackwardEqualsAFreshGradient() {
        Generator g = new Generator(3);
        Tensor x = Tensor.randn(g, DType.FLOAT32, 64, 10).requiresGrad_(true);
        Tensor t = Tensor.randint(g, 0, 10, 64);
        NLLLoss loss = new NLLLoss();
        loss.forward(x, t).backward();
        float[] fresh = x.grad().toFloatArray();
        for (int step = 0; step < 3; step++) {
            x.zeroGrad(false);
            loss.forward(x, t).backward();
            assertArrayEquals(fresh, x.grad().toFloatArray(), 0f);
        }
    }

    @Test
    void aStridedOrAliasedExistingGradientTakesTheDensePath() {
        Generator g = new Generator(5);
        Tensor x = Tensor.randn(g, DType.FLOAT32, 4, 3).requiresGrad_(true);
        Tensor t = Tensor.of(0L, 2L, 1L, 1L);
        NLLLoss loss = new NLLLoss(Reduction.SUM);
        loss.forward(x, t).backward();
        Tensor dense = x.grad();

        // a transposed (non-contiguous) existing gradient
        Tensor base = Tensor.randn(g, DType.FLOAT32, 3, 4);
        Tensor strided = base.t();
        Tensor expected = strided.add(dense);
        x.setGrad(strided);
        loss.forward(x, t).backward();
        assertArrayEquals(expected.toFloatArray(), x.grad().toFloatArray(), 0f);

        // an existing gradient sharing the input's storage is left to the engine's dense grad += g
        Tensor y = Tensor.randn(g, DType.FLOAT32, 4, 3).requiresGrad_(true);
        float[] yBefore = y.toFloatArray();
        y.setGrad(Tensor.wrap(DType.FLOAT32, y.storage(), 4, 3));
        loss.forward(y, t).backward();
        float[] want = new float[12];
        for (int i = 0; i < 12; i++) want[i] = yBefore[i] + dense.toFloatArray()[i];
        assertArrayEquals(want, y.grad().toFloatArray(), 0f);
    }
}
