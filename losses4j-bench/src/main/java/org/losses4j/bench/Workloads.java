package org.losses4j.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.losses4j.DType;
import org.losses4j.Generator;
import org.losses4j.Tensor;
import org.losses4j.autograd.GradMode;
import org.losses4j.Reduction;
import org.losses4j.nn.BCELoss;
import org.losses4j.nn.BCEWithLogitsLoss;
import org.losses4j.nn.CategoricalHingeLoss;
import org.losses4j.nn.CTCLoss;
import org.losses4j.nn.CosineEmbeddingLoss;
import org.losses4j.nn.CrossEntropyLoss;
import org.losses4j.nn.FocalLoss;
import org.losses4j.nn.DiceLoss;
import org.losses4j.nn.GaussianNLLLoss;
import org.losses4j.nn.HingeEmbeddingLoss;
import org.losses4j.nn.HuberLoss;
import org.losses4j.nn.InfoNCELoss;
import org.losses4j.nn.KLDivLoss;
import org.losses4j.nn.L1Loss;
import org.losses4j.nn.Linear;
import org.losses4j.nn.LogCoshLoss;
import org.losses4j.nn.LossSpec;
import org.losses4j.nn.MAPELoss;
import org.losses4j.nn.MSELoss;
import org.losses4j.nn.MSLELoss;
import org.losses4j.nn.MarginRankingLoss;
import org.losses4j.nn.MultiLabelMarginLoss;
import org.losses4j.nn.MultiLabelSoftMarginLoss;
import org.losses4j.nn.MultiMarginLoss;
import org.losses4j.nn.NLLLoss;
import org.losses4j.nn.PoissonNLLLoss;
import org.losses4j.nn.QuantileLoss;
import org.losses4j.nn.PolyLoss;
import org.losses4j.nn.ReLU;
import org.losses4j.nn.SigmoidFocalLoss;
import org.losses4j.nn.Sequential;
import org.losses4j.nn.SmoothL1Loss;
import org.losses4j.nn.SoftMarginLoss;
import org.losses4j.nn.SquaredHingeLoss;
import org.losses4j.nn.TripletMarginLoss;
import org.losses4j.nn.functional.F;
import org.losses4j.optim.Adam;

/**
 * Every benchmark workload by its exact name, float32, with seeded inputs: the loss steps and a training step of a small MLP.
 *
 * <p>Inputs come from {@link Generator} (PyTorch's CPU generator) seeded with {@link #SEED}, drawn in the same order
 * as {@code bench/torch_workloads.py} draws them with {@code torch.Generator().manual_seed(SEED)}, so both sides
 * see the same data (up to the last bit of float32 log_softmax/softmax where a workload needs one). Differentiated
 * inputs are leaves; targets, variances and lengths are not differentiated. Reductions are PyTorch's defaults
 * (mean) unless the name says otherwise (kl_div: batchmean).
 */
public final class Workloads {
    private Workloads() {}

    /** The seed of every workload's generator. */
    public static final long SEED = 1234;

    private static final int M1 = 1 << 20;
    private static final int M4 = 1 << 22;

    private static final Map<String, Workload> ALL = build();

    /** Every workload, in the benchmark's order. */
    public static List<Workload> all() { return List.copyOf(ALL.values()); }

    /** The workloads that time this loss, in the benchmark's order (none for a loss the list leaves out). */
    public static List<Workload> of(LossSpec loss) {
        List<Workload> r = new ArrayList<>();
        for (Workload w : ALL.values()) if (w.loss() == loss) r.add(w);
        return Collections.unmodifiableList(r);
    }

    /** Every name, in the benchmark's order. */
    public static List<String> names() { return List.copyOf(ALL.keySet()); }

    /** The workload with this exact name. */
    public static Workload get(String name) {
        Workload w = ALL.get(name);
        if (w == null) throw new IllegalArgumentException("no workload named '" + name + "'; known: " + String.join(", ", ALL.keySet()));
        return w;
    }

    /**
     * The workloads a {@code --only} filter selects: the one whose name equals {@code only} exactly when there
     * is one (so {@code l1_4M} does not also pick {@code smooth_l1_4M}), else every name containing it.
     */
    public static List<Workload> select(String only) {
        if (only == null || only.isEmpty()) return all();
        if (ALL.containsKey(only)) return List.of(ALL.get(only));
        List<Workload> r = new ArrayList<>();
        for (Workload w : ALL.values()) if (w.name().contains(only)) r.add(w);
        return Collections.unmodifiableList(r);
    }

    // ------------------------------------------------------------------ sweep workloads

    /** CrossEntropyLoss on {@code rows x classes} normal logits, random targets (the sweep's first curve). */
    public static Workload crossEntropy(int rows, int classes) {
        long n = (long) rows * classes;
        return new Workload(CrossEntropyLoss.SPEC, "cross_entropy_" + rows + "x" + classes, n, 4 * n, () -> {
            Data d = new Data();
            Tensor x = d.randn(rows, classes).requiresGrad_(true);
            Tensor t = d.randint(0, classes, rows);
            return inst(() -> F.crossEntropy(x, t), x);
        });
    }

    /** MSELoss on {@code n} normal inputs and targets (the sweep's second curve). */
    public static Workload mse(int n) {
        return new Workload(MSELoss.SPEC, "mse_" + n, n, 4L * n, () -> {
            Data d = new Data();
            Tensor x = d.randn(n).requiresGrad_(true);
            Tensor y = d.randn(n);
            return inst(() -> F.mseLoss(x, y), x);
        });
    }

    // ------------------------------------------------------------------ the list

    private static Map<String, Workload> build() {
        Map<String, Workload> m = new LinkedHashMap<>();
        add(m, crossEntropy(4096, 1000).withName("cross_entropy_4096x1000"));
        add(m, crossEntropy(64, 10).withName("cross_entropy_64x10"));
        add(m, w(CrossEntropyLoss.SPEC, "cross_entropy_smooth_4096x1000", 4096L * 1000, 4096L * 1000, () -> {
            Data d = new Data();
            Tensor x = d.randn(4096, 1000).requiresGrad_(true);
            Tensor t = d.randint(0, 1000, 4096);
            return inst(() -> F.crossEntropy(x, t, null, -100, Reduction.MEAN, 0.1), x);
        }));
        add(m, w(CrossEntropyLoss.SPEC, "cross_entropy_seg_8x21x128x128", 8L * 21 * 128 * 128, 8L * 21 * 128 * 128, () -> {
            // targets: classes in [0, 21), then ~5% (uniform < 0.05) set to ignore_index 255
            Data d = new Data();
            Tensor x = d.randn(8, 21, 128, 128).requiresGrad_(true);
            long[] t = d.randintArray(0, 21, 8 * 128 * 128);
            float[] u = d.randArray(t.length);
            for (int i = 0; i < t.length; i++) if (u[i] < 0.05f) t[i] = 255;
            Tensor target = Tensor.wrap(DType.INT64, t, 8, 128, 128);
            return inst(() -> F.crossEntropy(x, target, null, 255, Reduction.MEAN, 0.0), x);
        }));
        add(m, w(NLLLoss.SPEC, "nll_4096x1000", 4096L * 1000, 4096L * 1000, () -> {
            Data d = new Data();
            Tensor x = leaf(d.randn(4096, 1000).logSoftmax(1));
            Tensor t = d.randint(0, 1000, 4096);
            // the gradient is 4096 non-zero entries in 4096 x 1000: zeroed in place, the backward adds 4096 values
            return instInPlace(() -> F.nllLoss(x, t), x);
        }));
        add(m, w(BCELoss.SPEC, "bce_1M", M1, M1, () -> {
            Data d = new Data();
            Tensor x = d.uniform(1e-3, 1 - 1e-3, M1).requiresGrad_(true);
            Tensor y = d.bernoulliHalf(M1);
            return inst(() -> F.binaryCrossEntropy(x, y), x);
        }));
        add(m, w(BCEWithLogitsLoss.SPEC, "bce_logits_1M", M1, M1, () -> {
            Data d = new Data();
            Tensor x = d.randn(M1).requiresGrad_(true);
            Tensor y = d.bernoulliHalf(M1);
            return inst(() -> F.binaryCrossEntropyWithLogits(x, y), x);
        }));
        add(m, pointwise(L1Loss.SPEC, "l1_4M", (x, y) -> F.l1Loss(x, y)));
        add(m, pointwise(MSELoss.SPEC, "mse_4M", (x, y) -> F.mseLoss(x, y)));
        add(m, pointwise(SmoothL1Loss.SPEC, "smooth_l1_4M", (x, y) -> F.smoothL1Loss(x, y)));
        add(m, pointwise(HuberLoss.SPEC, "huber_4M", (x, y) -> F.huberLoss(x, y)));
        add(m, w(PoissonNLLLoss.SPEC, "poisson_nll_1M", M1, M1, () -> {
            Data d = new Data();
            Tensor x = d.randn(M1).requiresGrad_(true);
            Tensor y = d.uniform(0, 5, M1);
            return inst(() -> F.poissonNllLoss(x, y), x);
        }));
        add(m, w(GaussianNLLLoss.SPEC, "gaussian_nll_1M", M1, M1, () -> {
            Data d = new Data();
            Tensor x = d.randn(M1).requiresGrad_(true);
            Tensor y = d.randn(M1);
            Tensor var = d.uniform(0.1, 1.1, M1);
            return inst(() -> F.gaussianNllLoss(x, y, var), x);
        }));
        add(m, w(KLDivLoss.SPEC, "kl_div_4096x1000", 4096L * 1000, 4096L * 1000, () -> {
            Data d = new Data();
            Tensor x = leaf(d.randn(4096, 1000).logSoftmax(1));
            Tensor y = d.randn(4096, 1000).softmax(1);
            return inst(() -> F.klDiv(x, y, Reduction.BATCHMEAN, false), x);
        }));
        add(m, w(MarginRankingLoss.SPEC, "margin_ranking_1M", M1, 2L * M1, () -> {
            Data d = new Data();
            Tensor x1 = d.randn(M1).requiresGrad_(true);
            Tensor x2 = d.randn(M1).requiresGrad_(true);
            Tensor y = d.sign(M1);
            return inst(() -> F.marginRankingLoss(x1, x2, y, 0.1, Reduction.MEAN), x1, x2);
        }));
        add(m, w(HingeEmbeddingLoss.SPEC, "hinge_embedding_1M", M1, M1, () -> {
            Data d = new Data();
            Tensor x = leaf(d.randn(M1).abs());
            Tensor y = d.sign(M1);
            return inst(() -> F.hingeEmbeddingLoss(x, y), x);
        }));
        add(m, w(SoftMarginLoss.SPEC, "soft_margin_1M", M1, M1, () -> {
            Data d = new Data();
            Tensor x = d.randn(M1).requiresGrad_(true);
            Tensor y = d.sign(M1);
            return inst(() -> F.softMarginLoss(x, y), x);
        }));
        add(m, w(MultiLabelSoftMarginLoss.SPEC, "multilabel_soft_margin_4096x100", 4096L * 100, 4096L * 100, () -> {
            Data d = new Data();
            Tensor x = d.randn(4096, 100).requiresGrad_(true);
            Tensor y = d.bernoulliHalf(4096, 100);
            return inst(() -> F.multilabelSoftMarginLoss(x, y), x);
        }));
        add(m, w(MultiMarginLoss.SPEC, "multi_margin_4096x100", 4096L * 100, 4096L * 100, () -> {
            Data d = new Data();
            Tensor x = d.randn(4096, 100).requiresGrad_(true);
            Tensor y = d.randint(0, 100, 4096);
            return inst(() -> F.multiMarginLoss(x, y), x);
        }));
        add(m, w(MultiLabelMarginLoss.SPEC, "multilabel_margin_1024x100", 1024L * 100, 1024L * 100, () -> {
            // row i: the first 1 + i % 10 entries of a random permutation of the classes, then -1
            Data d = new Data();
            Tensor x = d.randn(1024, 100).requiresGrad_(true);
            long[] t = new long[1024 * 100];
            for (int i = 0; i < 1024; i++) {
                long[] perm = d.gen.randperm(100);
                int k = 1 + i % 10;
                for (int j = 0; j < 100; j++) t[i * 100 + j] = j < k ? perm[j] : -1;
            }
            Tensor y = Tensor.wrap(DType.INT64, t, 1024, 100);
            return inst(() -> F.multilabelMarginLoss(x, y), x);
        }));
        add(m, w(CosineEmbeddingLoss.SPEC, "cosine_embedding_4096x512", 4096L * 512, 2L * 4096 * 512, () -> {
            Data d = new Data();
            Tensor x1 = d.randn(4096, 512).requiresGrad_(true);
            Tensor x2 = d.randn(4096, 512).requiresGrad_(true);
            Tensor y = d.sign(4096);
            return inst(() -> F.cosineEmbeddingLoss(x1, x2, y, 0.2, Reduction.MEAN), x1, x2);
        }));
        add(m, w(TripletMarginLoss.SPEC, "triplet_margin_4096x512", 4096L * 512, 3L * 4096 * 512, () -> {
            Data d = new Data();
            Tensor a = d.randn(4096, 512).requiresGrad_(true);
            Tensor p = d.randn(4096, 512).requiresGrad_(true);
            Tensor n = d.randn(4096, 512).requiresGrad_(true);
            return inst(() -> F.tripletMarginLoss(a, p, n), a, p, n);
        }));
        // beyond torch.nn: one workload per kernel family (torchvision's focal loss, Keras's point-wise losses, the pinball loss)
        add(m, w(SigmoidFocalLoss.SPEC, "sigmoid_focal_1M", M1, M1, () -> {
            Data d = new Data();
            Tensor x = d.randn(M1).requiresGrad_(true);
            Tensor y = d.bernoulliHalf(M1);
            return inst(() -> F.sigmoidFocalLoss(x, y, 0.25, 2.0, Reduction.MEAN), x);
        }));
        add(m, pointwise(LogCoshLoss.SPEC, "log_cosh_4M", (x, y) -> F.logCoshLoss(x, y)));
        add(m, w(MSLELoss.SPEC, "msle_4M", M4, M4, () -> {
            Data d = new Data();
            Tensor x = d.uniform(0, 10, M4).requiresGrad_(true);
            Tensor y = d.uniform(0, 10, M4);
            return inst(() -> F.msleLoss(x, y), x);
        }));
        add(m, pointwise(MAPELoss.SPEC, "mape_4M", (x, y) -> F.mapeLoss(x, y)));
        add(m, w(SquaredHingeLoss.SPEC, "squared_hinge_4M", M4, M4, () -> {
            Data d = new Data();
            Tensor x = d.randn(M4).requiresGrad_(true);
            Tensor y = d.sign(M4);
            return inst(() -> F.squaredHingeLoss(x, y), x);
        }));
        add(m, w(QuantileLoss.SPEC, "quantile_1Mx3", 3L * M1, 3L * M1, () -> {
            Data d = new Data();
            Tensor x = d.randn(M1, 3).requiresGrad_(true);
            Tensor y = d.randn(M1);
            return inst(() -> F.quantileLoss(x, y, new double[] {0.1, 0.5, 0.9}, Reduction.MEAN), x);
        }));
        add(m, ctc(50, 16, 20, 30));
        add(m, ctc(400, 32, 80, 100));
        // beyond torch.nn
        add(m, w(DiceLoss.SPEC, "dice_8x4x128x128", 8L * 4 * 128 * 128, 8L * 4 * 128 * 128, () -> {
            // MONAI's DiceLoss as a segmentation model trains with it: softmax over 4 classes, class-index targets (N, 1, H, W)
            Data d = new Data();
            Tensor x = d.randn(8, 4, 128, 128).requiresGrad_(true);
            Tensor t = d.randint(0, 4, 8, 1, 128, 128);
            DiceLoss loss = DiceLoss.builder().softmax(true).toOnehotY(true).build();
            return inst(() -> loss.forward(x, t), x);
        }));
        add(m, w(InfoNCELoss.SPEC, "infonce_1024x256", 1024L * 256, 2L * 1024 * 256, () -> {
            // anchors and positives (N = 1024, D = 256), temperature 0.07, mean: in PyTorch F.normalize, matmul and
            // F.cross_entropy against arange(N)
            Data d = new Data();
            Tensor x1 = d.randn(1024, 256).requiresGrad_(true);
            Tensor x2 = d.randn(1024, 256).requiresGrad_(true);
            return inst(() -> F.infoNce(x1, x2), x1, x2);
        }));
        // the class-index losses from elsewhere, on cross_entropy_4096x1000's data (the same draws)
        add(m, w(FocalLoss.SPEC, "focal_4096x1000", 4096L * 1000, 4096L * 1000, () -> {
            Data d = new Data();
            Tensor x = d.randn(4096, 1000).requiresGrad_(true);
            Tensor t = d.randint(0, 1000, 4096);
            return inst(() -> F.focalLoss(x, t), x);
        }));
        add(m, w(PolyLoss.SPEC, "poly_4096x1000", 4096L * 1000, 4096L * 1000, () -> {
            Data d = new Data();
            Tensor x = d.randn(4096, 1000).requiresGrad_(true);
            Tensor t = d.randint(0, 1000, 4096);
            return inst(() -> F.polyLoss(x, t), x);
        }));
        add(m, w(CategoricalHingeLoss.SPEC, "categorical_hinge_4096x1000", 4096L * 1000, 4096L * 1000, () -> {
            // one-hot float32 targets of random classes
            Data d = new Data();
            Tensor x = d.randn(4096, 1000).requiresGrad_(true);
            long[] t = d.randintArray(0, 1000, 4096);
            float[] y = new float[4096 * 1000];
            for (int i = 0; i < t.length; i++) y[i * 1000 + (int) t[i]] = 1;
            Tensor target = Tensor.wrap(DType.FLOAT32, y, 4096, 1000);
            return inst(() -> F.categoricalHinge(x, target), x);
        }));
        add(m, mlp());
        return Collections.unmodifiableMap(m);
    }

    /**
     * CTC: log_probs = log_softmax(normals (T, N, C), 2) as a leaf; full input lengths; target lengths uniform in
     * [S/2, S]; padded targets (N, S) with classes in [1, C) (blank 0 excluded).
     */
    private static Workload ctc(int T, int N, int C, int S) {
        String name = "ctc_T" + T + "_N" + N + "_C" + C + "_S" + S;
        long n = (long) T * N * C;
        return w(CTCLoss.SPEC, name, n, n, () -> {
            Data d = new Data();
            Tensor lp = leaf(d.randn(T, N, C).logSoftmax(2));
            Tensor targets = d.randint(1, C, N, S);
            long[] tl = d.randintArray(S / 2, S + 1, N);
            int[] targetLengths = new int[N];
            int[] inputLengths = new int[N];
            for (int i = 0; i < N; i++) {
                targetLengths[i] = (int) tl[i];
                inputLengths[i] = T;
            }
            return inst(() -> F.ctcLoss(lp, targets, inputLengths, targetLengths, 0, Reduction.MEAN, false), lp);
        });
    }

    /**
     * A training step of a 784-256-10 MLP (Linear, ReLU, Linear) on a batch of 128: zero_grad (to none),
     * CrossEntropyLoss forward and backward, Adam(lr=1e-3) step. The weights are nn.Linear's initial values drawn
     * from a generator seeded with {@link #SEED} (first layer, then second), the batch (normal inputs, random classes)
     * from a second one; {@code elements} is the first weight's, the gradients are every parameter's.
     */
    private static Workload mlp() {
        long params = 784L * 256 + 256 + 256L * 10 + 10;
        return w(CrossEntropyLoss.SPEC, "mlp_784_256_10_adam", 784L * 256, params, () -> {
            Generator init = new Generator(SEED);
            var model = new Sequential(new Linear(784, 256, true, init), new ReLU(), new Linear(256, 10, true, init));
            Data d = new Data();
            Tensor x = d.randn(128, 784);
            Tensor y = d.randint(0, 10, 128);
            var lossFn = new CrossEntropyLoss();
            Adam opt = new Adam(model.parameters(), 1e-3);
            return new Workload.Instance(model.parameters(), () -> lossFn.forward(model.forward(x), y), Workload.ZeroGrad.SET_TO_NONE, opt::step);
        });
    }

    private interface Pair {
        Tensor apply(Tensor x, Tensor y);
    }

    /** A 2^22-element regression loss on normal inputs and targets. */
    private static Workload pointwise(LossSpec loss, String name, Pair f) {
        return w(loss, name, M4, M4, () -> {
            Data d = new Data();
            Tensor x = d.randn(M4).requiresGrad_(true);
            Tensor y = d.randn(M4);
            return inst(() -> f.apply(x, y), x);
        });
    }

    private static void add(Map<String, Workload> m, Workload w) {
        if (m.put(w.name(), w) != null) throw new IllegalStateException("duplicate workload " + w.name());
    }

    /** A workload whose gradients are float32 over {@code gradElements} elements in all. */
    private static Workload w(LossSpec loss, String name, long elements, long gradElements, Supplier<Workload.Instance> setup) {
        return new Workload(loss, name, elements, 4 * gradElements, setup);
    }

    private static Workload.Instance inst(Supplier<Tensor> forward, Tensor... differentiated) {
        return new Workload.Instance(List.of(differentiated), forward, Workload.ZeroGrad.SET_TO_NONE);
    }

    /** A workload whose steps clear the gradients to zero in place (zero_grad(set_to_none=False)). */
    private static Workload.Instance instInPlace(Supplier<Tensor> forward, Tensor... differentiated) {
        return new Workload.Instance(List.of(differentiated), forward, Workload.ZeroGrad.IN_PLACE);
    }

    /** A computed tensor turned into a fresh leaf that requires grad (as {@code t.detach().requires_grad_()}). */
    private static Tensor leaf(Tensor t) {
        Tensor c = t.isContiguous() && t.storageOffset() == 0 ? t.detach() : t.contiguousCopy().detach();
        return c.requiresGrad_(true);
    }

    /** Seeded float32 data, drawn like {@code torch.randn(..., generator=g)} and friends. */
    private static final class Data {
        final Generator gen = new Generator(SEED);

        Tensor randn(int... shape) {
            try (var s = GradMode.noGrad()) {
                return Tensor.randn(gen, DType.FLOAT32, shape);
            }
        }

        float[] randArray(int n) {
            float[] a = new float[n];
            gen.rand(a);
            return a;
        }

        /** {@code torch.empty(shape).uniform_(lo, hi, generator=g)}. */
        Tensor uniform(double lo, double hi, int... shape) {
            Tensor t = Tensor.zeros(shape);
            gen.uniform((float[]) t.storage(), lo, hi);
            return t;
        }

        long[] randintArray(long lo, long hi, int n) {
            long[] a = new long[n];
            gen.randint(a, lo, hi);
            return a;
        }

        /** {@code torch.randint(lo, hi, shape, generator=g)} (int64). */
        Tensor randint(long lo, long hi, int... shape) {
            return Tensor.randint(gen, lo, hi, shape);
        }

        /** 0/1 float32 targets: {@code torch.randint(0, 2, shape, generator=g).float()}. */
        Tensor bernoulliHalf(int... shape) {
            Tensor r = randint(0, 2, shape);
            long[] v = (long[]) r.storage();
            float[] f = new float[v.length];
            for (int i = 0; i < v.length; i++) f[i] = v[i];
            return Tensor.wrap(DType.FLOAT32, f, shape);
        }

        /** ±1 float32 targets: {@code torch.randint(0, 2, shape, generator=g).float() * 2 - 1}. */
        Tensor sign(int... shape) {
            Tensor r = randint(0, 2, shape);
            long[] v = (long[]) r.storage();
            float[] f = new float[v.length];
            for (int i = 0; i < v.length; i++) f[i] = 2 * v[i] - 1;
            return Tensor.wrap(DType.FLOAT32, f, shape);
        }
    }
}
