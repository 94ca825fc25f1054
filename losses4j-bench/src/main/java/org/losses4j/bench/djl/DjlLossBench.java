package org.losses4j.bench.djl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.L1Loss;
import ai.djl.training.loss.L2Loss;
import ai.djl.training.loss.Loss;
import ai.djl.training.loss.SigmoidBinaryCrossEntropyLoss;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
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
 * DJL's own losses (PyTorch 2.7.1 engine) against losses4j's on the benchmark workloads' inputs, forward and
 * backward, in one JVM, interleaved ({@link Interleaved}), at each thread count; and whether the values and
 * gradients agree.
 *
 * <table>
 * <caption>pairs</caption>
 * <tr><th>workload</th><th>losses4j</th><th>DJL</th><th>DJL's definition</th></tr>
 * <tr><td>cross_entropy_4096x1000</td><td>CrossEntropyLoss</td><td>SoftmaxCrossEntropyLoss</td>
 * <td>{@code -mean(pick(logSoftmax(x, -1), y))}: the same loss</td></tr>
 * <tr><td>l1_4M</td><td>L1Loss</td><td>L1Loss</td><td>{@code mean(|y - x|)}: the same loss</td></tr>
 * <tr><td>mse_4M</td><td>MSELoss</td><td>L2Loss</td><td>{@code mean((y - x)^2 / 2)}: half of MSELoss, and half its gradient</td></tr>
 * <tr><td>bce_logits_1M</td><td>BCEWithLogitsLoss</td><td>SigmoidBinaryCrossEntropyLoss</td>
 * <td>{@code mean(relu(x) - x y + softplus(-|x|))}: the same loss, composed of 6 tensor operations</td></tr>
 * </table>
 *
 * <p>A step on either side: the input's gradient cleared to none (DJL: the input detached into a fresh leaf over the
 * same storage), the loss with reduction mean, backward. DJL composes each loss from NDArray operations, each a
 * libtorch kernel with its own output and its own node in libtorch's autograd; losses4j runs one fused kernel.
 *
 * <pre>
 * java -Dai.djl.offline=true --add-modules jdk.incubator.vector -cp ... org.losses4j.bench.djl.DjlLossBench
 *      [--only cross_entropy_4096x1000,l1_4M,mse_4M,bce_logits_1M] [--threads 1,2] [--rounds 6] [--seconds 1] [--warmup 4] [--json]
 * </pre>
 */
public final class DjlLossBench {
    private DjlLossBench() {}

    private static final int M1 = 1 << 20, M4 = 1 << 22;

    /**
     * Runs the comparison.
     *
     * @param args see the class comment
     */
    public static void main(String[] args) {
        String[] only = {"cross_entropy_4096x1000", "l1_4M", "mse_4M", "bce_logits_1M"};
        int[] threads = {1, 2};
        int rounds = 6;
        double seconds = 1, warmup = 4;
        boolean json = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--only": only = args[++i].split(","); break;
                case "--threads": threads = Interleaved.ints(args[++i]); break;
                case "--rounds": rounds = Integer.parseInt(args[++i]); break;
                case "--seconds": seconds = Double.parseDouble(args[++i]); break;
                case "--warmup": warmup = Double.parseDouble(args[++i]); break;
                case "--json": json = true; break;
                default: throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Engine engine = Engine.getEngine("PyTorch");
        System.out.println("# DJL's losses (PyTorch " + engine.getVersion() + ", DJL " + Engine.getDjlVersion() + ") vs losses4j (" + Losses4j.provider()
                + "), " + Runtime.getRuntime().availableProcessors() + " cores, load " + DjlMlpBench.Load.now());
        try (PtNDManager base = (PtNDManager) engine.newBaseManager()) {
            for (String name : only) {
                for (int t : threads) {
                    Losses4j.setNumThreads(t);
                    JniUtils.setNumThreads(t);
                    Workload.Instance ours = Workloads.get(name).setup();
                    Djl djl = new Djl(base, name, ours.differentiated().get(0));
                    if (t == threads[0]) System.out.println(agreement(name, ours, djl));
                    List<Interleaved.Side> sides = new ArrayList<>();
                    sides.add(new Interleaved.Side("losses4j", ours::step));
                    sides.add(new Interleaved.Side("djl-" + djl.loss.getClass().getSimpleName(), djl::step));
                    Interleaved.run(sides, rounds, seconds, warmup, 50);
                    for (String line : Interleaved.report(name, t, sides, json)) System.out.println(line);
                    System.out.println("# load " + DjlMlpBench.Load.now());
                    djl.close();
                }
            }
        }
    }

    /** The loss and the input gradient of one step on each side, DJL's L2Loss doubled. */
    private static String agreement(String name, Workload.Instance ours, Djl djl) {
        double a = ours.step().item();
        float[] ga = ours.differentiated().get(0).grad().toFloatArray();
        float[] gb;
        double b;
        try (NDManager sub = djl.base.newSubManager()) {
            NDArray leaf = djl.x.stopGradient();
            leaf.setRequiresGradient(true);
            leaf.attach(sub);
            sub.tempAttachAll(djl.y);
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray l = djl.loss.evaluate(new NDList(djl.y), new NDList(leaf));
                gc.backward(l);
                b = l.getFloat();
            }
            gb = leaf.getGradient().toFloatArray();
        }
        double scale = djl.loss instanceof L2Loss ? 2 : 1, maxAbs = 0, maxRef = 0;
        int worst = 0;
        for (int i = 0; i < ga.length; i++) {
            double d = Math.abs(ga[i] - scale * gb[i]);
            if (d > maxAbs) {
                maxAbs = d;
                worst = i;
            }
            maxRef = Math.max(maxRef, Math.abs(ga[i]));
        }
        float[] xs = djl.x.toFloatArray();
        int zeros = 0;
        for (float v : xs) if (v == 0) zeros++;
        return String.format(Locale.ROOT, "# %s: loss losses4j %.8f, DJL %s %.8f%s (relative difference %.1e); gradient: max |difference| %.2e"
                        + " (element %d, input %s: losses4j %.6e, DJL %.6e), max |gradient| %.2e; inputs equal to 0: %d",
                name, a, djl.loss.getClass().getSimpleName(), b, scale == 2 ? " (x 2 = " + String.format(Locale.ROOT, "%.8f", 2 * b) + ")" : "",
                Math.abs(a - scale * b) / Math.abs(a), maxAbs, worst, xs[worst], ga[worst], scale * gb[worst], maxRef, zeros);
    }

    /** DJL's side of a workload: its loss and the workload's inputs as libtorch tensors. */
    private static final class Djl implements AutoCloseable {
        final PtNDManager base;
        final NDArray x, y;
        final Loss loss;
        private final Engine engine = Engine.getEngine("PyTorch");

        Djl(PtNDManager base, String name, Tensor oursX) {
            this.base = base;
            // the workload's inputs, drawn again in the workload's order from its seed
            Generator g = new Generator(Workloads.SEED);
            switch (name) {
                case "cross_entropy_4096x1000":
                    x = own(Tensor.randn(g, DType.FLOAT32, 4096, 1000).toFloatArray(), new Shape(4096, 1000));
                    y = base.create(Tensor.randint(g, 0, 1000, 4096).toLongArray(), new Shape(4096));
                    loss = new SoftmaxCrossEntropyLoss();
                    break;
                case "l1_4M": case "mse_4M":
                    x = own(Tensor.randn(g, DType.FLOAT32, M4).toFloatArray(), new Shape(M4));
                    y = own(Tensor.randn(g, DType.FLOAT32, M4).toFloatArray(), new Shape(M4));
                    loss = name.equals("l1_4M") ? new L1Loss() : new L2Loss();
                    break;
                case "bce_logits_1M": {
                    x = own(Tensor.randn(g, DType.FLOAT32, M1).toFloatArray(), new Shape(M1));
                    long[] bits = Tensor.randint(g, 0, 2, M1).toLongArray();
                    float[] f = new float[M1];
                    for (int i = 0; i < M1; i++) f[i] = bits[i];
                    y = own(f, new Shape(M1));
                    loss = new SigmoidBinaryCrossEntropyLoss();
                    break;
                }
                default: throw new IllegalArgumentException("no DJL loss paired with workload " + name);
            }
            if (!java.util.Arrays.equals(x.toFloatArray(), oursX.toFloatArray())) throw new IllegalStateException(name + ": inputs differ");
        }

        /** A libtorch tensor that owns a copy of the data (not a view of a direct buffer). */
        private NDArray own(float[] data, Shape shape) {
            try (NDArray borrowed = base.create(data, shape)) {
                return borrowed.duplicate();
            }
        }

        /** Gradient cleared to none (a fresh leaf), forward, backward. */
        void step() {
            try (NDManager sub = base.newSubManager()) {
                NDArray leaf = x.stopGradient();
                leaf.setRequiresGradient(true);
                leaf.attach(sub);
                sub.tempAttachAll(y);
                try (GradientCollector gc = engine.newGradientCollector()) {
                    gc.backward(loss.evaluate(new NDList(y), new NDList(leaf)));
                }
            }
        }

        @Override
        public void close() {
            x.close();
            y.close();
        }
    }
}
