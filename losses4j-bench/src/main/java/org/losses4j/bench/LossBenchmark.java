package org.losses4j.bench;

import java.util.concurrent.TimeUnit;
import org.losses4j.Losses4j;
import org.losses4j.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH: one training step (clear the gradients, forward, backward) of every benchmark workload, at the thread
 * counts given by {@code -p threads=1,2}.
 *
 * <pre>
 * java -jar losses4j-bench/target/benchmarks.jar                                  # everything, 1 thread
 * java -jar losses4j-bench/target/benchmarks.jar -p workload=mse_4M -p threads=1,2
 * java -jar losses4j-bench/target/benchmarks.jar -jvmArgsAppend -Dlosses4j.simd=false   # scalar kernels
 * java -jar losses4j-bench/target/benchmarks.jar -prof gc                          # allocation per step
 * </pre>
 *
 * The {@code workload} values must list {@link Workloads#names()} exactly (a unit test checks it).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class LossBenchmark {
    /** Made by JMH. */
    public LossBenchmark() {}


    @Param({"cross_entropy_4096x1000", "cross_entropy_64x10", "cross_entropy_smooth_4096x1000", "cross_entropy_seg_8x21x128x128",
            "nll_4096x1000", "bce_1M", "bce_logits_1M", "l1_4M", "mse_4M", "smooth_l1_4M", "huber_4M", "poisson_nll_1M",
            "gaussian_nll_1M", "kl_div_4096x1000", "margin_ranking_1M", "hinge_embedding_1M", "soft_margin_1M",
            "multilabel_soft_margin_4096x100", "multi_margin_4096x100", "multilabel_margin_1024x100", "cosine_embedding_4096x512",
            "triplet_margin_4096x512", "sigmoid_focal_1M", "log_cosh_4M", "msle_4M", "mape_4M", "squared_hinge_4M", "quantile_1Mx3",
            "ctc_T50_N16_C20_S30", "ctc_T400_N32_C80_S100", "dice_8x4x128x128", "infonce_1024x256", "focal_4096x1000", "poly_4096x1000",
            "categorical_hinge_4096x1000", "mlp_784_256_10_adam"})
    public String workload;

    @Param({"1"})
    public int threads;

    private Workload.Instance instance;

    @Setup(Level.Trial)
    public void setup() {
        Losses4j.setNumThreads(threads);
        instance = Workloads.get(workload).setup();
    }

    /** One step; the loss is returned so JMH consumes it. */
    @Benchmark
    public Tensor step() {
        return instance.step();
    }
}
