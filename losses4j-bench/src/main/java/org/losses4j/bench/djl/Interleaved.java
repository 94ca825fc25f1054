package org.losses4j.bench.djl;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Times several implementations of the same step in one JVM, interleaved, so that the load of a shared machine
 * falls on all of them alike: each warms up, then every round runs each side for a few seconds in turn (the order
 * rotating from round to round) and keeps the median of that round's step times. Reported per side: the median of
 * the round medians, their smallest and largest, and p10 / p90 over every step; per round, the ratio of each side's
 * median to the first side's (the anchor), whose median and range are the figures to quote. The calling thread's
 * CPU time per step is kept too (median per round, median of those): at one thread both sides compute on the
 * calling thread, and CPU time leaves out the time a step waited for a core on a loaded machine (not the
 * JVM's garbage collector threads, nor caches shared with other processes).
 */
final class Interleaved {
    private Interleaved() {}

    /** One implementation: a name and one step. */
    static final class Side {
        final String name;
        final Runnable step;
        final List<Double> roundMedians = new ArrayList<>();
        final List<Double> samples = new ArrayList<>();
        final List<Double> cpuRoundMedians = new ArrayList<>();

        Side(String name, Runnable step) {
            this.name = name;
            this.step = step;
        }

        double median() { return quantile(roundMedians, 0.5); }

        double cpuMedian() { return quantile(cpuRoundMedians, 0.5); }
    }

    /** The calling thread's CPU time: at one thread both sides compute on it, and it leaves out the time spent waiting for a core. */
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    /** Runs {@code step} for at least {@code seconds} and {@code minSteps} steps (warm-up). */
    static void warmUp(Side s, double seconds, int minSteps) {
        long t0 = System.nanoTime();
        int n = 0;
        while (n < minSteps || System.nanoTime() - t0 < seconds * 1e9) {
            s.step.run();
            n++;
            if (System.nanoTime() - t0 > 60e9) break;
        }
    }

    /**
     * Warms every side up, then runs {@code rounds} rounds of {@code seconds} per side; the first side is the anchor
     * of the ratios.
     */
    static void run(List<Side> sides, int rounds, double seconds, double warmUpSeconds, int warmUpSteps) {
        for (Side s : sides) warmUp(s, warmUpSeconds, warmUpSteps);
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < sides.size(); k++) {
                Side s = sides.get((k + r) % sides.size());
                List<Double> ms = new ArrayList<>(), cpu = new ArrayList<>();
                long start = System.nanoTime();
                while (ms.size() < 5 || System.nanoTime() - start < seconds * 1e9) {
                    long c = CPU.getCurrentThreadCpuTime();
                    long a = System.nanoTime();
                    s.step.run();
                    long b = System.nanoTime();
                    cpu.add((CPU.getCurrentThreadCpuTime() - c) / 1e6);
                    ms.add((b - a) / 1e6);
                }
                s.roundMedians.add(quantile(ms, 0.5));
                s.cpuRoundMedians.add(quantile(cpu, 0.5));
                s.samples.addAll(ms);
            }
        }
    }

    /** One line per side: median of round medians, their range, p10 / p90 of all steps, ratio to the anchor. */
    static List<String> report(String what, int threads, List<Side> sides, boolean json) {
        List<String> out = new ArrayList<>();
        Side anchor = sides.get(0);
        for (Side s : sides) {
            double[] cpuRatios = new double[s.cpuRoundMedians.size()];
            for (int r = 0; r < cpuRatios.length; r++) cpuRatios[r] = s.cpuRoundMedians.get(r) / anchor.cpuRoundMedians.get(r);
            List<Double> cl = new ArrayList<>();
            for (double x : cpuRatios) cl.add(x);
            double[] ratios = new double[s.roundMedians.size()];
            for (int r = 0; r < ratios.length; r++) ratios[r] = s.roundMedians.get(r) / anchor.roundMedians.get(r);
            List<Double> rl = new ArrayList<>();
            for (double x : ratios) rl.add(x);
            double lo = s.roundMedians.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
            double hi = s.roundMedians.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
            if (json) {
                out.add(String.format(Locale.ROOT, "{\"workload\": \"%s\", \"impl\": \"%s\", \"threads\": %d, \"median_ms\": %.4f, \"round_min_ms\": %.4f,"
                                + " \"round_max_ms\": %.4f, \"p10_ms\": %.4f, \"p90_ms\": %.4f, \"ratio_to_%s\": %.3f, \"ratio_min\": %.3f,"
                                + " \"ratio_max\": %.3f, \"cpu_median_ms\": %.4f, \"cpu_ratio\": %.3f, \"rounds\": %d, \"steps\": %d}",
                        what, s.name, threads, s.median(), lo, hi, quantile(s.samples, 0.1), quantile(s.samples, 0.9), anchor.name,
                        quantile(rl, 0.5), Arrays.stream(ratios).min().orElse(Double.NaN), Arrays.stream(ratios).max().orElse(Double.NaN),
                        s.cpuMedian(), quantile(cl, 0.5), s.roundMedians.size(), s.samples.size()));
            } else {
                out.add(String.format(Locale.ROOT, "%-24s %-30s threads=%d  median %8.3f ms (rounds %7.3f - %7.3f, p10 %7.3f, p90 %7.3f)  / %s: %5.2f (%4.2f - %4.2f)"
                                + "  caller's cpu %7.3f ms, / %s %5.2f",
                        what, s.name, threads, s.median(), lo, hi, quantile(s.samples, 0.1), quantile(s.samples, 0.9), anchor.name,
                        quantile(rl, 0.5), Arrays.stream(ratios).min().orElse(Double.NaN), Arrays.stream(ratios).max().orElse(Double.NaN),
                        s.cpuMedian(), anchor.name, quantile(cl, 0.5)));
            }
        }
        return out;
    }

    static double quantile(List<Double> xs, double q) {
        // linear interpolation between order statistics (numpy's default, as BenchRunner)
        double[] s = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (s.length == 0) return Double.NaN;
        double pos = q * (s.length - 1);
        int lo = (int) Math.floor(pos), hi = Math.min(s.length - 1, lo + 1);
        return s[lo] + (s[hi] - s[lo]) * (pos - lo);
    }

    static int[] ints(String s) { return Arrays.stream(s.split(",")).mapToInt(x -> Integer.parseInt(x.trim())).toArray(); }
}
