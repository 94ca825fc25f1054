package org.losses4j.bench;

import java.util.Locale;

/**
 * What {@link BenchRunner} measured for one workload at one thread count.
 *
 * @param name               the workload
 * @param threads            {@code Losses4j.setNumThreads} during the run
 * @param medianMs           median milliseconds per step
 * @param p10Ms              10th percentile of the per-step samples
 * @param p90Ms              90th percentile
 * @param allocBytesPerStep  bytes allocated per step, summed over all live threads
 * @param provider           "panama" or "scalar"
 * @param steps              measured steps (warm-up excluded)
 * @param samples            timing samples (a sample times one step, or a batch of short steps)
 * @param elements           elements of the main input
 * @param gradBytes          bytes of the gradients a step produces
 * @param loss               the last step's loss value
 * @param zeroGrad           how each step cleared the gradients: "set_to_none" or "in_place"
 */
public record BenchResult(String name, int threads, double medianMs, double p10Ms, double p90Ms, long allocBytesPerStep,
                          String provider, long steps, int samples, long elements, long gradBytes, double loss,
                          String zeroGrad) {

    /** The allocation budget: 1.25 x the gradient bytes + 64 KiB. */
    public long allocBudget() { return (long) Math.ceil(1.25 * gradBytes) + 64 * 1024; }

    /** Nanoseconds per element of the main input, at the median. */
    public double nsPerElement() { return medianMs * 1e6 / elements; }

    /**
     * One JSON line: {@code {"name": ..., "threads": N, "median_ms": ..., "alloc_bytes_per_step": ..., "provider": ...}}
     * followed by the extra keys (p10_ms, p90_ms, steps, samples, elements, grad_bytes, alloc_budget, loss, zero_grad).
     */
    public String toJson() {
        return String.format(Locale.ROOT,
                "{\"name\": \"%s\", \"threads\": %d, \"median_ms\": %s, \"alloc_bytes_per_step\": %d, \"provider\": \"%s\", "
                        + "\"p10_ms\": %s, \"p90_ms\": %s, \"steps\": %d, \"samples\": %d, \"elements\": %d, \"grad_bytes\": %d, "
                        + "\"alloc_budget\": %d, \"loss\": %s, \"zero_grad\": \"%s\"}",
                name, threads, num(medianMs), allocBytesPerStep, provider, num(p10Ms), num(p90Ms), steps, samples, elements,
                gradBytes, allocBudget(), num(loss), zeroGrad);
    }

    private static String num(double v) {
        if (!Double.isFinite(v)) return "null";
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
