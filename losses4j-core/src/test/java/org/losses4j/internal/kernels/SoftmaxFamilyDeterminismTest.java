package org.losses4j.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.losses4j.DType;
import org.losses4j.Generator;
import org.losses4j.Losses4j;
import org.losses4j.Tensor;
import org.losses4j.nn.CrossEntropyLoss;
import org.losses4j.nn.FocalLoss;
import org.losses4j.nn.KLDivLoss;
import org.losses4j.nn.NLLLoss;
import org.losses4j.nn.PolyLoss;
import org.losses4j.Reduction;
import org.losses4j.internal.ops.Softmax;

/**
 * CrossEntropyLoss, NLLLoss, KLDivLoss, FocalLoss and PolyLoss on inputs large enough for several parallel blocks: loss and gradient are
 * bit-identical at 1, 2 and 4 threads, and a second backward (retain_graph) gives the same gradient as the first
 * (the fused gradient is handed over once, then recomputed).
 */
class SoftmaxFamilyDeterminismTest {
    private final int threads = Losses4j.numThreads();

    @AfterEach
    void restore() { Losses4j.setNumThreads(threads); }

    private static Tensor randn(long seed, int... shape) { return Tensor.randn(new Generator(seed), DType.FLOAT32, shape); }

    /** Each case: the leaf that requires grad, and the loss of it. */
    private record Case(String name, Tensor x, Function<Tensor, Tensor> loss) {}

    private static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        Tensor t = Tensor.randint(new Generator(1), 0, 500, 300);
        Tensor weight = Tensor.rand(new Generator(2), DType.FLOAT32, 500);
        long[] ta = (long[]) t.storage();
        for (int i = 0; i < ta.length; i += 7) ta[i] = -100;
        for (Reduction r : new Reduction[] {Reduction.MEAN, Reduction.SUM, Reduction.NONE}) {
            c.add(new Case("ce rows " + r, randn(3, 300, 500), x -> CrossEntropyLoss.crossEntropy(x, t, null, -100, r, 0)));
            c.add(new Case("ce rows smooth weight " + r, randn(4, 300, 500),
                    x -> CrossEntropyLoss.crossEntropy(x, t, weight, -100, r, 0.1)));
            c.add(new Case("focal rows weight " + r, randn(15, 300, 500), x -> FocalLoss.focalLoss(x, t, weight, 1.5, -100, r)));
            c.add(new Case("poly rows smooth " + r, randn(16, 300, 500), x -> PolyLoss.polyLoss(x, t, 2, -100, 0.1, r)));
            c.add(new Case("nll " + r, Softmax.logSoftmax(randn(5, 300, 500), 1), x -> NLLLoss.nllLoss(x, t, weight, -100, r)));
            Tensor p = Softmax.softmax(randn(6, 300, 500), 1);
            c.add(new Case("kl " + r, Softmax.logSoftmax(randn(7, 300, 500), 1), x -> KLDivLoss.klDiv(x, p, r, false)));
        }
        Tensor ts = Tensor.randint(new Generator(8), 0, 5, 3, 64, 65);
        long[] tsa = (long[]) ts.storage();
        for (int i = 0; i < tsa.length; i += 19) tsa[i] = 255;
        Tensor w5 = Tensor.rand(new Generator(9), DType.FLOAT32, 5);
        for (Reduction r : new Reduction[] {Reduction.MEAN, Reduction.NONE}) {
            c.add(new Case("ce seg " + r, randn(10, 3, 5, 64, 65), x -> CrossEntropyLoss.crossEntropy(x, ts, null, 255, r, 0)));
            c.add(new Case("ce seg smooth weight " + r, randn(11, 3, 5, 64, 65),
                    x -> CrossEntropyLoss.crossEntropy(x, ts, w5, 255, r, 0.2)));
            c.add(new Case("focal seg weight " + r, randn(13, 3, 5, 64, 65), x -> FocalLoss.focalLoss(x, ts, w5, 2, 255, r)));
            c.add(new Case("poly seg smooth " + r, randn(14, 3, 5, 64, 65), x -> PolyLoss.polyLoss(x, ts, 1, 255, 0.1, r)));
        }
        c.add(new Case("kl batchmean", Softmax.logSoftmax(randn(12, 300, 500), 1),
                x -> KLDivLoss.klDiv(x, Softmax.softmax(randn(13, 300, 500), 1), Reduction.BATCHMEAN, false)));
        return c;
    }

    private static Tensor upstream(Tensor out) {
        return out.dim() == 0 ? Tensor.scalar(1.0) : Tensor.rand(new Generator(99), DType.FLOAT32, out.shape());
    }

    @Test
    void identicalAtOneTwoAndFourThreads() {
        for (Case c : cases()) {
            float[] loss1 = null, grad1 = null;
            for (int n : new int[] {1, 2, 4}) {
                Losses4j.setNumThreads(n);
                Tensor x = c.x.detach().requiresGrad_(true);
                Tensor out = c.loss.apply(x);
                out.backward(upstream(out));
                float[] loss = out.toFloatArray(), grad = x.grad().toFloatArray();
                if (loss1 == null) {
                    loss1 = loss;
                    grad1 = grad;
                } else {
                    assertArrayEquals(loss1, loss, c.name + " loss at " + n + " threads");
                    assertArrayEquals(grad1, grad, c.name + " grad at " + n + " threads");
                }
            }
        }
    }

    @Test
    void secondBackwardWithRetainGraphGivesTheSameGradient() {
        for (Case c : cases()) {
            for (double u : new double[] {1.0, 0.5}) {
                Tensor x = c.x.detach().requiresGrad_(true);
                Tensor out = c.loss.apply(x);
                Tensor g = out.dim() == 0 ? Tensor.scalar(u) : upstream(out);
                out.backward(g, true);
                float[] first = x.grad().toFloatArray();
                x.zeroGrad();
                out.backward(g, true);
                assertArrayEquals(first, x.grad().toFloatArray(), c.name + " second backward, upstream " + u);
                out.backward(g);
                float[] twice = x.grad().toFloatArray();
                for (int i = 0; i < first.length; i++) assertEquals(first[i] + first[i], twice[i], 0f, c.name + " accumulated at " + i);
            }
        }
    }
}
