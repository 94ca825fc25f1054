package org.losses4j.nn.functional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.losses4j.DType;
import org.losses4j.Generator;
import org.losses4j.Tensor;
import org.losses4j.nn.LossOptions;
import org.losses4j.nn.Losses;

/** The functional facade gives exactly what the module built from PyTorch's defaults gives. */
class FTest {
    private static Tensor r(long s, int... shape) { return Tensor.randn(new Generator(s), DType.FLOAT64, shape); }

    private static void same(String loss, Supplier<Tensor> functional, Tensor... args) {
        Tensor m = Losses.create(loss, LossOptions.empty()).apply(args);
        Tensor f = functional.get();
        assertEquals(m.dtype(), f.dtype(), loss);
        assertArrayEquals(m.toDoubleArray(), f.toDoubleArray(), 0.0, loss);
    }

    @Test
    void defaultsMatchTheModules() {
        Tensor x = r(1, 3, 5), y = r(2, 3, 5), p = r(3, 3, 5).sigmoid(), t = Tensor.of(1L, 0L, 4L), s = r(4, 3, 5).sign();
        same("L1Loss", () -> F.l1Loss(x, y), x, y);
        same("MSELoss", () -> F.mseLoss(x, y), x, y);
        same("SmoothL1Loss", () -> F.smoothL1Loss(x, y), x, y);
        same("HuberLoss", () -> F.huberLoss(x, y), x, y);
        same("PoissonNLLLoss", () -> F.poissonNllLoss(x, p), x, p);
        same("GaussianNLLLoss", () -> F.gaussianNllLoss(x, y, p), x, y, p);
        same("KLDivLoss", () -> F.klDiv(x.logSoftmax(1), p), x.logSoftmax(1), p);
        same("CrossEntropyLoss", () -> F.crossEntropy(x, t), x, t);
        same("NLLLoss", () -> F.nllLoss(x.logSoftmax(1), t), x.logSoftmax(1), t);
        same("BCELoss", () -> F.binaryCrossEntropy(p, y.sigmoid()), p, y.sigmoid());
        same("BCEWithLogitsLoss", () -> F.binaryCrossEntropyWithLogits(x, p), x, p);
        same("SoftMarginLoss", () -> F.softMarginLoss(x, s), x, s);
        same("MultiLabelSoftMarginLoss", () -> F.multilabelSoftMarginLoss(x, p), x, p);
        same("HingeEmbeddingLoss", () -> F.hingeEmbeddingLoss(x, s), x, s);
        same("MultiMarginLoss", () -> F.multiMarginLoss(x, t), x, t);
        Tensor ml = Tensor.of(new long[][] {{3, 0, -1, 1, 2}, {1, -1, 0, 0, 0}, {4, 2, 1, -1, 3}});
        same("MultiLabelMarginLoss", () -> F.multilabelMarginLoss(x, ml), x, ml);
        Tensor a = r(5, 4, 6), b = r(6, 4, 6), c = r(7, 4, 6), ts = r(8, 4).sign();
        same("MarginRankingLoss", () -> F.marginRankingLoss(a.select(1, 0), b.select(1, 0), ts), a.select(1, 0), b.select(1, 0), ts);
        same("CosineEmbeddingLoss", () -> F.cosineEmbeddingLoss(a, b, ts), a, b, ts);
        same("TripletMarginLoss", () -> F.tripletMarginLoss(a, b, c), a, b, c);
        same("TripletMarginWithDistanceLoss", () -> F.tripletMarginWithDistanceLoss(a, b, c), a, b, c);
        Tensor lp = r(9, 12, 2, 5).logSoftmax(2), tg = Tensor.of(new long[][] {{1, 2, 3, 4}, {2, 2, 1, 0}});
        Tensor il = Tensor.of(12L, 10L), tl = Tensor.of(4L, 3L);
        same("CTCLoss", () -> F.ctcLoss(lp, tg, il, tl), lp, tg, il, tl);
        same("FocalLoss", () -> F.focalLoss(x, t), x, t);
        same("PolyLoss", () -> F.polyLoss(x, t), x, t);
        Tensor onehot = Tensor.of(new double[][] {{0, 1, 0, 0, 0}, {1, 0, 0, 0, 0}, {0, 0, 0, 0, 1}});
        same("CategoricalHingeLoss", () -> F.categoricalHinge(x, onehot), x, onehot);
    }
}
