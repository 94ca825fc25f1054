package org.losses4j.bench;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.losses4j.Losses4j;
import org.losses4j.Tensor;

/**
 * Times a workload's steps: set the thread count, build the inputs, warm up (at least 50 steps and 2 s, at most
 * 12 s), then run steps for the given seconds (at least 3) and report the median, p10 and p90
 * milliseconds per step and the bytes allocated per step.
 *
 * <p>Steps shorter than about 0.2 ms are timed in batches of k steps (k chosen from the warm-up so a batch lasts
 * about 1 ms) and each batch gives one sample of batch time / k, so the timer's own cost stays out of the figure.
 *
 * <p>Allocation: {@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes} over every live thread, read
 * before and after the measured steps (the worker threads of {@code org.losses4j.internal.parallel.Parallel} allocate
 * too; threads started during the run count from zero), divided by the steps.
 */
public final class BenchRunner {
    private BenchRunner() {}

    private static final double MIN_WARMUP_S = 2.0;
    private static final int MIN_WARMUP_STEPS = 50;
    private static final double MAX_WARMUP_S = 12.0;
    private static final int MIN_STEPS = 3;
    private static final long BATCH_TARGET_NS = 1_000_000;

    /** Runs {@code w} on {@code threads} threads for about {@code seconds} after the warm-up. */
    public static BenchResult run(Workload w, int threads, double seconds) {
        Losses4j.setNumThreads(threads);
        Workload.Instance inst = w.setup();
        String provider = Losses4j.provider();

        // warm-up
        long warmStart = System.nanoTime();
        long minWarm = (long) (MIN_WARMUP_S * 1e9);
        long maxWarm = (long) (MAX_WARMUP_S * 1e9);
        int warmSteps = 0;
        Tensor loss;
        while (true) {
            loss = inst.step();
            warmSteps++;
            long el = System.nanoTime() - warmStart;
            if ((warmSteps >= MIN_WARMUP_STEPS && el >= minWarm) || el >= maxWarm) break;
        }
        double perStepNs = (double) (System.nanoTime() - warmStart) / warmSteps;
        int batch = perStepNs >= BATCH_TARGET_NS / 5.0 ? 1 : (int) Math.max(1, Math.min(100_000, BATCH_TARGET_NS / Math.max(perStepNs, 1)));

        long budgetNs = (long) (seconds * 1e9);
        int capacity = (int) Math.min(1_000_000, Math.max(16, 4 * budgetNs / Math.max(1, (long) (perStepNs * batch)) + 16));
        double[] samples = new double[capacity];
        int nSamples = 0;
        long steps = 0;

        Map<Long, Long> before = allocatedBytes();
        long start = System.nanoTime();
        while (true) {
            long t0 = System.nanoTime();
            for (int k = 0; k < batch; k++) loss = inst.step();
            long t1 = System.nanoTime();
            steps += batch;
            if (nSamples < capacity) samples[nSamples++] = (t1 - t0) / 1e6 / batch;
            if (t1 - start >= budgetNs && steps >= MIN_STEPS) break;
        }
        Map<Long, Long> after = allocatedBytes();
        long alloc = 0;
        for (Map.Entry<Long, Long> e : after.entrySet()) {
            alloc += e.getValue() - before.getOrDefault(e.getKey(), 0L);
        }

        double[] s = Arrays.copyOf(samples, nSamples);
        Arrays.sort(s);
        double lossValue = loss.item();
        return new BenchResult(w.name(), threads, quantile(s, 0.5), quantile(s, 0.1), quantile(s, 0.9), Math.max(0, alloc / steps),
                provider, steps, nSamples, w.elements(), w.gradientBytes(), lossValue, inst.zeroGrad().jsonName());
    }

    /** Linear interpolation between order statistics of sorted data (numpy's default). */
    static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) return Double.NaN;
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }

    /** Bytes allocated so far by every live thread, by thread id. */
    static Map<Long, Long> allocatedBytes() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        if (!mx.isThreadAllocatedMemorySupported()) return Map.of();
        if (!mx.isThreadAllocatedMemoryEnabled()) mx.setThreadAllocatedMemoryEnabled(true);
        long[] ids = mx.getAllThreadIds();
        long[] bytes = mx.getThreadAllocatedBytes(ids);
        Map<Long, Long> m = new HashMap<>(ids.length * 2);
        for (int i = 0; i < ids.length; i++) if (bytes[i] >= 0) m.put(ids[i], bytes[i]);
        return m;
    }
}
