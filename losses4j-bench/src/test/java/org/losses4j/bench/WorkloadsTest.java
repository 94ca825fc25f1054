package org.losses4j.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.losses4j.DType;
import org.losses4j.Tensor;
import org.losses4j.nn.CrossEntropyLoss;
import org.losses4j.nn.LossSpec;
import org.losses4j.nn.Losses;
import org.losses4j.nn.MSELoss;
import org.losses4j.nn.TripletMarginWithDistanceLoss;
import org.losses4j.nn.TverskyLoss;
import org.openjdk.jmh.annotations.Param;

/** The workload list is the benchmark's, each builds and steps once with a finite loss and well-shaped gradients. No timing here. */
class WorkloadsTest {

    static final List<String> WORKLOADS = List.of("cross_entropy_4096x1000", "cross_entropy_64x10", "cross_entropy_smooth_4096x1000",
            "cross_entropy_seg_8x21x128x128", "nll_4096x1000", "bce_1M", "bce_logits_1M", "l1_4M", "mse_4M", "smooth_l1_4M", "huber_4M",
            "poisson_nll_1M", "gaussian_nll_1M", "kl_div_4096x1000", "margin_ranking_1M", "hinge_embedding_1M", "soft_margin_1M",
            "multilabel_soft_margin_4096x100", "multi_margin_4096x100", "multilabel_margin_1024x100", "cosine_embedding_4096x512",
            "triplet_margin_4096x512", "sigmoid_focal_1M", "log_cosh_4M", "msle_4M", "mape_4M", "squared_hinge_4M", "quantile_1Mx3",
            "ctc_T50_N16_C20_S30", "ctc_T400_N32_C80_S100", "dice_8x4x128x128", "infonce_1024x256", "focal_4096x1000", "poly_4096x1000",
            "categorical_hinge_4096x1000", "mlp_784_256_10_adam");

    @Test
    void everyWorkloadExistsByItsExactName() {
        assertEquals(WORKLOADS, Workloads.names());
    }

    /** Each workload times a declared loss; every declared loss is timed except the one the benchmark leaves out. */
    @Test
    void workloadsTimeDeclaredLossesAndEveryLossButOneIsTimed() {
        Set<LossSpec> timed = new LinkedHashSet<>();
        for (Workload w : Workloads.all()) {
            assertTrue(Losses.ALL.contains(w.loss()), w + ": " + w.loss());
            assertTrue(Workloads.of(w.loss()).contains(w));
            timed.add(w.loss());
        }
        List<LossSpec> untimed = new ArrayList<>(Losses.ALL);
        untimed.removeAll(timed);
        assertEquals(List.of(TripletMarginWithDistanceLoss.SPEC, TverskyLoss.SPEC), untimed);
        assertEquals(List.of("cross_entropy_4096x1000", "cross_entropy_64x10", "cross_entropy_smooth_4096x1000", "cross_entropy_seg_8x21x128x128", "mlp_784_256_10_adam"),
                Workloads.of(CrossEntropyLoss.SPEC).stream().map(Workload::name).toList());
        assertEquals(CrossEntropyLoss.SPEC, Workloads.crossEntropy(2, 3).loss());
        assertEquals(MSELoss.SPEC, Workloads.mse(8).loss());
    }

    @Test
    void jmhParamListsEveryWorkload() throws Exception {
        Param p = LossBenchmark.class.getField("workload").getAnnotation(Param.class);
        assertEquals(Workloads.names(), Arrays.asList(p.value()));
    }

    @Test
    void onlyPrefersAnExactNameOverSubstrings() {
        assertEquals(List.of("l1_4M"), Workloads.select("l1_4M").stream().map(Workload::name).toList());
        assertEquals(List.of("l1_4M", "smooth_l1_4M"), Workloads.select("l1_").stream().map(Workload::name).toList());
        assertEquals(4, Workloads.select("cross_entropy").size());
        assertEquals(Workloads.names().size(), Workloads.select(null).size());
        assertThrows(IllegalArgumentException.class, () -> Workloads.get("nope"));
    }

    static List<String> names() { return Workloads.names(); }

    @ParameterizedTest
    @MethodSource("names")
    void oneStepGivesAFiniteLossAndGradientsShapedLikeTheInputs(String name) {
        Workload w = Workloads.get(name);
        Workload.Instance inst = w.setup();
        long gradElements = 0;
        for (int rep = 0; rep < 2; rep++) { // the second step starts from cleared gradients
            Tensor loss = inst.step();
            assertEquals(0, loss.dim(), name + ": scalar loss");
            assertNotNull(loss.gradFn(), name + ": grad_fn");
            assertTrue(w.loss().gradFns().contains(loss.gradFn().name()), name + " runs " + w.loss() + ", got grad_fn " + loss.gradFn().name());
            assertTrue(Double.isFinite(loss.item()), name + ": loss " + loss.item());
            gradElements = 0;
            for (Tensor x : inst.differentiated()) {
                assertEquals(DType.FLOAT32, x.dtype());
                Tensor g = x.grad();
                assertNotNull(g, name + ": gradient");
                assertArrayEquals(x.shape(), g.shape(), name);
                assertEquals(DType.FLOAT32, g.dtype());
                float[] gv = g.toFloatArray();
                for (float v : gv) assertTrue(Float.isFinite(v), name + ": non-finite gradient");
                gradElements += g.numel();
            }
        }
        assertEquals(w.gradientBytes(), 4 * gradElements, name + ": gradient bytes");
        assertEquals(inst.differentiated().get(0).numel(), w.elements(), name + ": elements");
    }

    @Test
    void seededInputsAreTheSameEveryTime() {
        Tensor a = Workloads.get("cross_entropy_64x10").setup().differentiated().get(0);
        Tensor b = Workloads.get("cross_entropy_64x10").setup().differentiated().get(0);
        assertArrayEquals(a.toFloatArray(), b.toFloatArray());
    }

    @Test
    void runnerReportsAMedianAndAllocation() {
        BenchResult r = BenchRunner.run(Workloads.get("cross_entropy_64x10"), 1, 0.05);
        assertTrue(r.medianMs() > 0 && r.p10Ms() <= r.medianMs() && r.medianMs() <= r.p90Ms(), r.toJson());
        assertTrue(r.steps() >= 3);
        assertTrue(r.allocBytesPerStep() >= 0);
        assertTrue(r.toJson().startsWith("{\"name\": \"cross_entropy_64x10\", \"threads\": 1, \"median_ms\": "), r.toJson());
    }
}
