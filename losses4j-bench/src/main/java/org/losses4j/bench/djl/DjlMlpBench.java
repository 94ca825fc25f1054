package org.losses4j.bench.djl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.losses4j.DType;
import org.losses4j.Generator;
import org.losses4j.Losses4j;
import org.losses4j.Tensor;
import org.losses4j.bench.Workload;
import org.losses4j.bench.Workloads;

/**
 * The training step of workload {@code mlp_784_256_10_adam} (784-256-10 MLP, batch 128, CrossEntropyLoss, Adam
 * lr=1e-3, gradients cleared to none) in losses4j and in PyTorch 2.7.1 through DJL, in one JVM, interleaved
 * ({@link Interleaved}), at each thread count. Both start from the same weights (losses4j's, which are PyTorch's
 * nn.Linear initial values for the workload's seed) and the same batch.
 *
 * <p>PyTorch through DJL, two ways:
 * <ul>
 * <li>{@code djl-adam}: what a DJL user writes: {@code Linear.linear} ({@code torch::linear}, i.e. addmm),
 * {@code Activation.relu}, DJL's {@code SoftmaxCrossEntropyLoss} (log_softmax, gather, neg, mean), a
 * {@code GradientCollector} (libtorch's autograd), DJL's {@code Adam} (its native update: the MXNet formula, eps
 * added to the uncorrected sqrt(v), and the gradient zeroed in place after the update, so the next backward adds
 * into it).</li>
 * <li>{@code torch-adam}: the same forward and backward, the parameters' gradients cleared to none (each parameter
 * detached into a fresh leaf over the same storage), and PyTorch 2.x's single-tensor Adam step, every operation a
 * libtorch kernel (the TorchScript module of {@code bench/torchscript_optim.py}; given with {@code --module}).</li>
 * </ul>
 *
 * <pre>
 * java -Dai.djl.offline=true --add-modules jdk.incubator.vector -cp ... org.losses4j.bench.djl.DjlMlpBench
 *      [--threads 1,2] [--rounds 8] [--seconds 1] [--warmup 3] [--module target/optim.pt] [--json]
 * </pre>
 * {@code --parts} instead times the step's two large matrix products alone at one thread (see {@link #parts()}).
 */
public final class DjlMlpBench {
    private DjlMlpBench() {}

    static final String WORKLOAD = "mlp_784_256_10_adam";

    /**
     * Runs the comparison.
     *
     * @param args see the class comment
     */
    public static void main(String[] args) {
        int[] threads = {1, 2};
        int rounds = 8;
        double seconds = 1, warmup = 3;
        boolean json = false;
        Path module = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--threads": threads = Interleaved.ints(args[++i]); break;
                case "--rounds": rounds = Integer.parseInt(args[++i]); break;
                case "--seconds": seconds = Double.parseDouble(args[++i]); break;
                case "--warmup": warmup = Double.parseDouble(args[++i]); break;
                case "--module": module = Path.of(args[++i]); break;
                case "--json": json = true; break;
                case "--parts": parts(); return;
                default: throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Engine engine = Engine.getEngine("PyTorch");
        JniUtils.setGraphExecutorOptimize(false);
        System.out.println("# " + WORKLOAD + ": losses4j (" + Losses4j.provider() + ") vs PyTorch " + engine.getVersion() + " through DJL "
                + Engine.getDjlVersion() + ", " + Runtime.getRuntime().availableProcessors() + " cores, load " + Load.now());
        try (PtNDManager base = (PtNDManager) engine.newBaseManager()) {
            PtSymbolBlock adamStep = module == null ? null : JniUtils.loadModule(base, module, false, new String[0], new String[0], false);
            agreement(base, adamStep, engine);
            for (int t : threads) {
                Losses4j.setNumThreads(t);
                JniUtils.setNumThreads(t);
                List<Interleaved.Side> sides = new ArrayList<>();
                Workload.Instance ours = Workloads.get(WORKLOAD).setup();
                sides.add(new Interleaved.Side("losses4j", ours::step));
                Djl djl = new Djl(base, ours.differentiated(), null);
                sides.add(new Interleaved.Side("pytorch-" + engine.getVersion() + "-djl-adam", djl::step));
                Djl torch = adamStep == null ? null : new Djl(base, ours.differentiated(), adamStep);
                if (torch != null) sides.add(new Interleaved.Side("pytorch-" + engine.getVersion() + "-torch-adam", torch::step));
                Interleaved.run(sides, rounds, seconds, warmup, 500);
                for (String line : Interleaved.report(WORKLOAD, t, sides, json)) System.out.println(line);
                System.out.println("# load " + Load.now());
                djl.close();
                if (torch != null) torch.close();
            }
        }
    }

    /**
     * The step's two large matrix products at one thread, losses4j's {@code Tensor.mm} against DJL's
     * {@code NDArray.matMul} on the same operands: the first layer's {@code x W1^T} (128 x 784 by 784 x 256) and its
     * weight gradient {@code dH^T x} (256 x 128 by 128 x 784), both with a transposed view as one operand; median
     * CPU time of the calling thread over 400 products after 400 of warm-up, three times.
     */
    static void parts() {
        Losses4j.setNumThreads(1);
        Engine engine = Engine.getEngine("PyTorch");
        JniUtils.setNumThreads(1);
        Generator g = new Generator(Workloads.SEED);
        Tensor x = Tensor.randn(g, DType.FLOAT32, 128, 784), w1 = Tensor.randn(g, DType.FLOAT32, 256, 784), dh = Tensor.randn(g, DType.FLOAT32, 128, 256);
        Tensor w1t = w1.t(), dht = dh.t();
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        java.util.function.ToDoubleFunction<Runnable> time = r -> {
            for (int i = 0; i < 400; i++) r.run();
            double[] ms = new double[400];
            for (int i = 0; i < ms.length; i++) {
                long c = cpu.getCurrentThreadCpuTime();
                r.run();
                ms[i] = (cpu.getCurrentThreadCpuTime() - c) / 1e6;
            }
            java.util.Arrays.sort(ms);
            return ms[ms.length / 2];
        };
        try (NDManager m = engine.newBaseManager()) {
            NDArray xa = m.create(x.toFloatArray(), new Shape(128, 784)), w1a = m.create(w1.toFloatArray(), new Shape(256, 784));
            NDArray dha = m.create(dh.toFloatArray(), new Shape(128, 256));
            NDArray w1ta = w1a.transpose(), dhta = dha.transpose();
            for (int rep = 0; rep < 3; rep++) {
                double a = time.applyAsDouble(() -> x.mm(w1t)), b = time.applyAsDouble(() -> {
                    try (NDArray c = xa.matMul(w1ta)) {
                        c.getShape();
                    }
                });
                double c = time.applyAsDouble(() -> dht.mm(x)), d = time.applyAsDouble(() -> {
                    try (NDArray e = dhta.matMul(xa)) {
                        e.getShape();
                    }
                });
                System.out.printf(Locale.ROOT, "x W1^T: losses4j %.3f ms, PyTorch %s %.3f ms;  dH^T x: losses4j %.3f ms, PyTorch %.3f ms (caller's CPU time, load %s)%n",
                        a, engine.getVersion(), b, c, d, Load.now());
            }
        }
    }

    /** The first losses of both sides from the same start: the forward passes must agree to float32 rounding. */
    private static void agreement(PtNDManager base, PtSymbolBlock adamStep, Engine engine) {
        Losses4j.setNumThreads(1);
        JniUtils.setNumThreads(1);
        Workload.Instance ours = Workloads.get(WORKLOAD).setup();
        Djl djl = new Djl(base, ours.differentiated(), null);
        Djl torch = adamStep == null ? null : new Djl(base, ours.differentiated(), adamStep);
        StringBuilder sb = new StringBuilder("# loss at steps 1, 2, 3, 10, 50: losses4j / djl-adam" + (torch == null ? "" : " / torch-adam") + ":");
        for (int s = 1; s <= 50; s++) {
            double a = ours.step().item(), b = djl.step(), c = torch == null ? Double.NaN : torch.step();
            if (s <= 3 || s == 10 || s == 50) sb.append(String.format(Locale.ROOT, "  %d: %.7f / %.7f%s", s, a, b, torch == null ? "" : String.format(Locale.ROOT, " / %.7f", c)));
        }
        System.out.println(sb);
        djl.close();
        if (torch != null) torch.close();
    }

    /** One side through DJL: parameters, batch and optimizer state in libtorch tensors. */
    static final class Djl implements AutoCloseable {
        private final PtNDManager base;
        private final NDArray[] params = new NDArray[4];
        private final NDArray x, y;
        private final SoftmaxCrossEntropyLoss loss = new SoftmaxCrossEntropyLoss();
        private final Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build();
        private final PtSymbolBlock adamStep;
        private final List<PtNDArray> state = new ArrayList<>();
        private final Engine engine;

        /** {@code init}: losses4j's parameters W1, b1, W2, b2, copied. {@code adamStep}: null for DJL's Adam. */
        Djl(PtNDManager base, List<Tensor> init, PtSymbolBlock adamStep) {
            this.base = base;
            this.adamStep = adamStep;
            this.engine = Engine.getEngine("PyTorch");
            for (int i = 0; i < 4; i++) {
                Tensor p = init.get(i);
                long[] shape = new long[p.dim()];
                for (int d = 0; d < shape.length; d++) shape[d] = p.size(d);
                // a tensor made from Java data borrows the direct buffer DJL keeps beside it; a copy owns its memory,
                // so that a detached leaf over the same storage stays valid when the first handle is closed
                try (NDArray borrowed = base.create(p.toFloatArray(), new Shape(shape))) {
                    params[i] = borrowed.duplicate();
                }
                params[i].setRequiresGradient(true);
                if (adamStep != null) {
                    state.add((PtNDArray) base.create(0f));
                    for (int k = 1; k < 5; k++) state.add((PtNDArray) base.zeros(params[i].getShape()));
                }
            }
            // the workload's batch: normal inputs, then classes, from a generator seeded with the workload seed
            Generator g = new Generator(Workloads.SEED);
            x = base.create(Tensor.randn(g, DType.FLOAT32, 128, 784).toFloatArray(), new Shape(128, 784));
            y = base.create(Tensor.randint(g, 0, 10, 128).toLongArray(), new Shape(128));
        }

        /** zero_grad (DJL's Adam: in place, after its update; torch-adam: to none), forward, backward, Adam step. */
        double step() {
            if (adamStep != null) {
                for (int i = 0; i < 4; i++) { // set_to_none: a fresh leaf over the same storage, without a gradient
                    NDArray fresh = params[i].stopGradient();
                    fresh.setRequiresGradient(true);
                    params[i].close();
                    params[i] = fresh;
                }
            }
            double value;
            try (NDManager sub = base.newSubManager()) {
                sub.tempAttachAll(x, y, params[0], params[1], params[2], params[3]);
                try (GradientCollector gc = engine.newGradientCollector()) {
                    NDArray h = Activation.relu(Linear.linear(x, params[0], params[1]).singletonOrThrow());
                    NDArray logits = Linear.linear(h, params[2], params[3]).singletonOrThrow();
                    NDArray l = loss.evaluate(new NDList(y), new NDList(logits));
                    gc.backward(l);
                    value = l.getFloat();
                }
            }
            if (adamStep == null) {
                for (int i = 0; i < 4; i++) {
                    try (NDArray g = params[i].getGradient()) {
                        adam.update("p" + i, params[i], g);
                    }
                }
            } else {
                PtNDArray[] ps = new PtNDArray[4], gs = new PtNDArray[4];
                for (int i = 0; i < 4; i++) {
                    ps[i] = (PtNDArray) params[i];
                    gs[i] = (PtNDArray) params[i].getGradient();
                }
                try (IValue kind = IValue.from(1L); IValue pl = IValue.listFrom(ps); IValue gl = IValue.listFrom(gs);
                     IValue sl = IValue.listFrom(state.toArray(new PtNDArray[0]));
                     IValue hp = IValue.listFrom(1e-3, 0.9, 0.999, 1e-8, 0.0); IValue fl = IValue.listFrom(false, false);
                     IValue out = adamStep.forward(kind, pl, gl, sl, hp, fl)) {
                    out.getType();
                }
                for (PtNDArray g : gs) g.close();
            }
            return value;
        }

        @Override
        public void close() {
            for (NDArray p : params) p.close();
            for (NDArray s : state) s.close();
            x.close();
            y.close();
        }
    }

    /** The load average, as {@code uptime} prints it. */
    static final class Load {
        private Load() {}

        static String now() {
            try {
                String[] f = java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
                return f[0] + " " + f[1] + " " + f[2];
            } catch (java.io.IOException e) {
                return "?";
            }
        }
    }
}
