package org.losses4j.cli;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Axis ticks a reader would print: on a linear axis, multiples of 1, 2 or 5 times a power of ten, with the axis
 * widened to whole steps (so an axis spanning 0 has a tick at 0, and one ending near 0 ends at 0); on a log axis,
 * the powers of ten, with 2 and 5 between them when the axis spans few decades.
 */
final class Ticks {
    private Ticks() {}

    /** The axis limits after widening, the tick values and their labels. */
    record Axis(double lo, double hi, double[] values, List<String> labels, boolean log) {
        /** The position of {@code v} along the axis, 0 at {@code lo} and 1 at {@code hi}. */
        double fraction(double v) {
            if (log) return (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo));
            return (v - lo) / (hi - lo);
        }
    }

    /** How far, in steps, data may pass the end ticks (a pixel or less) before the axis takes one more step. */
    static final double OVERSHOOT = 0.01;

    /**
     * Linear ticks for data in [lo, hi] with about {@code target} intervals: step = 1, 2 or 5 times 10^k, the
     * smallest such step that gives at most {@code target} + 1 intervals, or the one below it when that fills the axis
     * clearly better; the axis runs from the step multiple at or below lo to the one at or above hi (data past a tick
     * by less than {@link #OVERSHOOT} of a step do not add a step: 10.00005 ends at 10). Each tick is an integer
     * multiple of the step (0 is exactly 0).
     */
    static Axis linear(double lo, double hi, int target) {
        if (!(Double.isFinite(lo) && Double.isFinite(hi))) { lo = 0; hi = 1; }
        if (lo > hi) { double t = lo; lo = hi; hi = t; }
        if (hi - lo < 1e-12 * Math.max(1, Math.max(Math.abs(lo), Math.abs(hi)))) {
            // a flat series: a tenth of its value around it (one unit around 0)
            double c = (lo + hi) / 2, pad = c == 0 ? 1 : Math.max(Math.abs(c) * 0.1, hi - lo);
            lo = c - pad;
            hi = c + pad;
        }
        int n = Math.max(2, target);
        double step = niceStep((hi - lo) / n);
        // the next smaller step, when it fits in n + 1 intervals and fills the axis clearly better (-2..10 by 2, not
        // -5..10 by 5, for data in [-1, 10])
        double smaller = smaller(step);
        long sFirst = (long) Math.floor(lo / smaller + OVERSHOOT), sLast = (long) Math.ceil(hi / smaller - OVERSHOOT);
        long first = (long) Math.floor(lo / step + OVERSHOOT), last = (long) Math.ceil(hi / step - OVERSHOOT);
        double fillSmaller = (hi - lo) / ((sLast - sFirst) * smaller), fill = (hi - lo) / ((last - first) * step);
        if (sLast > sFirst && sLast - sFirst <= n + 1 && fillSmaller > fill + 0.1) {
            step = smaller;
            first = sFirst;
            last = sLast;
        }
        while (last - first > n + 1) {   // the rounding outward added intervals: take the next step up
            step = niceStep(step * 1.01);
            first = (long) Math.floor(lo / step + OVERSHOOT);
            last = (long) Math.ceil(hi / step - OVERSHOOT);
        }
        if (last <= first) last = first + 1;
        int decimals = Math.max(0, -(int) Math.floor(Math.log10(step) + 1e-9));
        double[] v = new double[(int) (last - first + 1)];
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < v.length; i++) {
            long k = first + i;
            v[i] = k == 0 ? 0.0 : k * step;
            labels.add(label(k, step, decimals));
        }
        return new Axis(v[0], v[v.length - 1], v, labels, false);
    }

    /** The 1-2-5 step below {@code step}: 5 gives 2, 2 gives 1, 1 gives 0.5. */
    static double smaller(double step) {
        double mag = Math.pow(10, Math.floor(Math.log10(step) + 1e-9));
        double m = Math.round(step / mag);
        return m == 5 ? 2 * mag : m == 2 ? mag : mag / 2;
    }

    /** The smallest of 1, 2, 5 times a power of ten that is at least {@code raw}. */
    static double niceStep(double raw) {
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * mag >= raw * (1 - 1e-9)) return m * mag;
        }
        return 10 * mag;
    }

    /** k * step written with the step's decimals, computed in decimal so 3 * 0.1 prints 0.3. */
    private static String label(long k, double step, int decimals) {
        if (k == 0) return "0";
        BigDecimal s = new BigDecimal(Double.toString(step)).multiply(BigDecimal.valueOf(k));
        double a = Math.abs(s.doubleValue());
        if (a >= 1e6 || a < 1e-4) return s.stripTrailingZeros().toString().replace("E+", "e").replace("E", "e");
        return s.setScale(decimals, java.math.RoundingMode.HALF_EVEN).toPlainString();
    }

    /**
     * Log ticks for positive data in [lo, hi]: the axis spans the data and 3 % of its decades more on each side, with
     * ticks at the powers of ten inside; or, when the data span at most 2.5 decades, from the 1-2-5 value below the
     * data to the one above, with ticks at 1, 2 and 5 times the powers of ten. Data with
     * fewer than two such ticks inside get an axis over whole decades, ticked at 1, 2 and 5.
     */
    static Axis log(double lo, double hi) {
        if (!(lo > 0) || !Double.isFinite(lo)) lo = 1;
        if (!(hi > 0) || !Double.isFinite(hi)) hi = lo * 10;
        if (hi < lo) { double t = lo; lo = hi; hi = t; }
        double span = Math.log10(hi / lo);
        double axisLo = lo * Math.pow(10, -0.03 * span), axisHi = hi * Math.pow(10, 0.03 * span);
        boolean fine = span <= 2.5;
        if (fine) {   // the axis ends at the 1-2-5 values around the data
            axisLo = step125(lo, false);
            axisHi = step125(hi, true);
        }
        List<Double> v = ticks(axisLo, axisHi, fine);
        if (v.size() < 2) {   // within a decade: whole decades, with 2 and 5
            axisLo = Math.pow(10, Math.floor(Math.log10(lo) + 1e-9));
            axisHi = Math.pow(10, Math.ceil(Math.log10(hi) - 1e-9));
            if (axisHi <= axisLo) axisHi = axisLo * 10;
            v = ticks(axisLo, axisHi, true);
        }
        boolean plain = v.get(0) >= 1e-4 && v.get(v.size() - 1) < 1e5;
        List<String> labels = new ArrayList<>();
        double[] values = new double[v.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = v.get(i);
            labels.add(plain ? new BigDecimal(Double.toString(values[i])).stripTrailingZeros().toPlainString() : logLabel(values[i]));
        }
        return new Axis(axisLo, axisHi, values, labels, true);
    }

    /** The largest 1-2-5 value at or below {@code v} ({@code up}: the smallest at or above it). */
    private static double step125(double v, boolean up) {
        int e = (int) Math.floor(Math.log10(v));
        double best = up ? Double.POSITIVE_INFINITY : 0;
        for (int k = e - 1; k <= e + 1; k++) {
            for (int m : new int[] {1, 2, 5}) {
                double t = new BigDecimal(m).scaleByPowerOfTen(k).doubleValue();
                if (up ? t >= v * (1 - 1e-12) && t < best : t <= v * (1 + 1e-12) && t > best) best = t;
            }
        }
        return best;
    }

    /** 1 (and 2, 5 with {@code fine}) times the powers of ten within [lo, hi], ascending, rounded to 15 digits. */
    private static List<Double> ticks(double lo, double hi, boolean fine) {
        List<Double> v = new ArrayList<>();
        int a = (int) Math.floor(Math.log10(lo)) - 1, b = (int) Math.ceil(Math.log10(hi)) + 1;
        for (int e = a; e <= b; e++) {
            for (int m : fine ? new int[] {1, 2, 5} : new int[] {1}) {
                double t = new BigDecimal(m).scaleByPowerOfTen(e).doubleValue();
                if (t >= lo * (1 - 1e-12) && t <= hi * (1 + 1e-12)) v.add(t);
            }
        }
        return v;
    }

    private static String logLabel(double v) {
        int e = (int) Math.floor(Math.log10(v) + 1e-9);
        long m = Math.round(v / Math.pow(10, e));
        return m + "e" + e;
    }
}
