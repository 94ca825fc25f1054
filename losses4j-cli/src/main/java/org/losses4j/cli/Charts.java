package org.losses4j.cli;

import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Line charts as a reader would print them, to PNG or SVG: one panel per input domain in a grid, round ticks
 * ({@link Ticks}), a legend placed where it hides the fewest points, and curves that stay visible where they
 * coincide: a curve that lies on an earlier one (within 1.5 px along a quarter of its length) gets the next dash
 * pattern, so the earlier one shows through its gaps and the legend tells them apart. A gradient is dashed in its
 * loss's colour. The SVG is written here, with real {@code <text>} elements and curves simplified to what 0.25 px
 * can show, so a figure is tens of KB.
 */
final class Charts {
    private Charts() {}

    /**
     * One curve: its legend label, its points (x ascending), the key that picks its colour (a loss and its gradient
     * share one) and whether it is a gradient (drawn dashed).
     */
    record Line(String label, double[] x, double[] y, String colourKey, boolean gradient) {}

    /** One panel: its title (may be empty), axis labels, scales, whether the y axis must reach 0, and its curves. */
    record Panel(String title, String xLabel, String yLabel, boolean logX, boolean logY, boolean yFromZero, List<Line> lines) {}

    /** A figure: a title over its panels in a grid, and its size in pixels. */
    record Figure(String title, List<Panel> panels, int width, int height) {}

    /** Colours (matplotlib's tab10), taken in order within a panel. */
    static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};

    /** Dash patterns of loss curves, taken in order where curves coincide (null: solid). */
    static final float[][] LOSS_DASHES = {null, {10, 6}, {2, 4}, {12, 4, 2, 4}, {6, 3}};

    /** Dash patterns of gradients (always dashed), taken in order where gradients coincide. */
    static final float[][] GRADIENT_DASHES = {{6, 4}, {2, 3}, {12, 3, 3, 3}, {1, 5}, {9, 3}};

    static final double LOSS_WIDTH = 2.2, GRADIENT_WIDTH = 1.6;
    static final Color GRID = new Color(0xe3e3e3), AXIS = new Color(0x555555), TEXT = new Color(0x222222);

    /** How one line is drawn: colour, width, dash, its visible runs in pixels, and its legend label. */
    record Styled(Line line, Color colour, double width, float[] dash, List<double[]> runs, String legend) {}

    /** Where one panel's plot area lies, its axes and its styled lines. */
    record PanelLayout(Panel panel, double x, double y, double w, double h, double top, Ticks.Axis xAxis, Ticks.Axis yAxis, List<Styled> lines,
                       double[] legendBox) {}

    /** A laid-out figure. */
    record Layout(Figure figure, List<PanelLayout> panels) {}

    // ------------------------------------------------------------------ convenience: one panel

    /** A one-panel line chart of named series ({x[], y[]}), y axis from 0, written to {@code out} (.png or .svg). */
    static void line(Map<String, double[][]> series, String xTitle, String yTitle, String title, int width, int height, Path out) throws IOException {
        line(series, xTitle, yTitle, title, width, height, false, false, out);
    }

    /** As {@link #line(Map, String, String, String, int, int, Path)}, with logarithmic x and/or y axes (values must be positive). */
    static void line(Map<String, double[][]> series, String xTitle, String yTitle, String title, int width, int height, boolean logX,
                     boolean logY, Path out) throws IOException {
        List<Line> lines = new ArrayList<>();
        for (var e : series.entrySet()) lines.add(new Line(e.getKey(), e.getValue()[0], e.getValue()[1], e.getKey(), false));
        write(new Figure(title, List.of(new Panel("", xTitle, yTitle, logX, logY, !logY, lines)), width, height), out);
    }

    // ------------------------------------------------------------------ output

    /** Writes the figure as PNG or SVG, by the file's extension; the file is checked by the caller. */
    static void write(Figure f, Path out) throws IOException {
        Layout layout = layout(f);
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        if (out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".svg")) {
            Files.writeString(out, svg(layout), StandardCharsets.UTF_8);
        } else {
            Canvas.Png png = new Canvas.Png(f.width(), f.height());
            draw(layout, png);
            try (OutputStream o = Files.newOutputStream(out)) {
                ImageIO.write(png.image, "png", o);
            }
        }
    }

    /** The figure as an SVG document. */
    static String svg(Layout layout) {
        Canvas.Svg svg = new Canvas.Svg(layout.figure().width(), layout.figure().height());
        draw(layout, svg);
        return svg.document();
    }

    // ------------------------------------------------------------------ layout

    static final double TITLE_SIZE = 16, PANEL_TITLE_SIZE = 14, LABEL_SIZE = 13, TICK_SIZE = 12, LEGEND_SIZE = 12;

    /** Columns of the panel grid: 1, 2 (for 2 and 4 panels) or 3. */
    static int columns(int panels) {
        if (panels <= 1) return 1;
        if (panels == 2 || panels == 4) return 2;
        return 3;
    }

    static Layout layout(Figure f) {
        int n = f.panels().size();
        int cols = columns(n), rows = (n + cols - 1) / cols;
        boolean figureTitle = f.title() != null && !f.title().isEmpty();
        double top = figureTitle ? 34 : 6;
        double cellW = f.width() / (double) cols, cellH = (f.height() - top) / rows;
        List<PanelLayout> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double cx = (i % cols) * cellW, cy = top + (i / cols) * cellH;
            out.add(layoutPanel(f.panels().get(i), cx, cy, cellW, cellH));
        }
        return new Layout(f, out);
    }

    private static PanelLayout layoutPanel(Panel p, double cx, double cy, double cw, double ch) {
        boolean titled = p.title() != null && !p.title().isEmpty();
        double plotTop = cy + (titled ? 30 : 10);
        double plotBottom = cy + ch - (TICK_SIZE + 8) - (LABEL_SIZE + 14);
        double h = Math.max(20, plotBottom - plotTop);
        PanelLayout first = layoutPanel(p, cx, cy, cw, plotTop, h, 0);
        // a legend over the curves wherever it goes: raise the top of a linear y axis by the legend's height, once
        if (first.legendBox()[5] == 0 || p.logY()) return first;
        double extra = (first.legendBox()[3] + 12) / h * (first.yAxis().hi() - first.yAxis().lo());
        PanelLayout second = layoutPanel(p, cx, cy, cw, plotTop, h, extra);
        return second.legendBox()[5] < first.legendBox()[5] ? second : first;
    }

    private static PanelLayout layoutPanel(Panel p, double cx, double cy, double cw, double plotTop, double h, double extraTop) {
        // y axis first: its labels' width sets the left margin, which sets the x axis's length
        // a tick every 55 px, or 40 px on an axis raised for the legend (so its added range takes smaller steps)
        Ticks.Axis ya = yAxis(p, Math.max(3, (int) (h / (extraTop > 0 ? 40 : 55))), extraTop);
        double labelW = 0;
        for (String s : ya.labels()) labelW = Math.max(labelW, Canvas.textWidth(s, TICK_SIZE, false));
        double x = cx + 8 + LABEL_SIZE + 10 + labelW + 6;
        double w = Math.max(20, cx + cw - 18 - x);
        Ticks.Axis xa = xAxis(p, w);
        List<Styled> styled = style(p, x, plotTop, w, h, xa, ya);
        double[] legend = legendBox(styled, x, plotTop, w, h);
        return new PanelLayout(p, x, plotTop, w, h, cy, xa, ya, styled, legend);
    }

    private static Ticks.Axis xAxis(Panel p, double w) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (Line l : p.lines()) {
            for (double v : l.x()) {
                if (!Double.isFinite(v) || (p.logX() && v <= 0)) continue;
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (p.logX()) return Ticks.log(lo, hi);
        if (lo > hi) { lo = 0; hi = 1; }
        // as many intervals as fit with their labels apart
        for (int target = Math.max(2, (int) (w / 80)); ; target--) {
            Ticks.Axis a = Ticks.linear(lo, hi, target);
            double widest = 0;
            for (String s : a.labels()) widest = Math.max(widest, Canvas.textWidth(s, TICK_SIZE, false));
            if (target <= 2 || widest + 14 <= w / (a.values().length - 1)) return a;
        }
    }

    /**
     * The y axis over every finite value of the curves; of the gradients, when a few extreme values (a gradient
     * diverging at the edge of the domain) stretch their range past 4 times that of their middle 90 %, over that
     * middle 90 % only, and the gradient leaves the plot there.
     */
    private static Ticks.Axis yAxis(Panel p, int target, double extraTop) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        int count = 0;
        for (Line l : p.lines()) if (l.gradient()) count += l.y().length;
        double[] grads = new double[count];
        int k = 0;
        for (Line l : p.lines()) {
            for (double v : l.y()) {
                if (!Double.isFinite(v) || (p.logY() && v <= 0)) continue;
                if (l.gradient()) {
                    grads[k++] = v;
                } else {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (k > 0) {
            grads = Arrays.copyOf(grads, k);
            Arrays.sort(grads);
            double glo = grads[0], ghi = grads[k - 1];
            double q5 = grads[(int) Math.floor(0.05 * (k - 1))], q95 = grads[(int) Math.ceil(0.95 * (k - 1))];
            if (q95 > q5 && ghi - glo > 4 * (q95 - q5)) {
                glo = q5;
                ghi = q95;
            }
            lo = Math.min(lo, glo);
            hi = Math.max(hi, ghi);
        }
        if (p.logY()) return Ticks.log(lo, hi);
        if (lo > hi) {
            lo = 0;
            hi = 1;
        }
        if (p.yFromZero()) {
            lo = Math.min(lo, 0);
            hi = Math.max(hi, 0);
        }
        hi += extraTop;
        Ticks.Axis a = Ticks.linear(lo, hi, target);
        // a curve running along the top or bottom edge (a hinge at 0, a constant gradient) would hide in the frame:
        // give that side one more step
        double step = a.values()[1] - a.values()[0];
        boolean low = alongEdge(p, a.lo(), a.hi() - a.lo()), high = alongEdge(p, a.hi(), a.hi() - a.lo());
        if (low || high) a = Ticks.linear(low ? a.lo() - step / 2 : lo, high ? a.hi() + step / 2 : hi, target + (low ? 1 : 0) + (high ? 1 : 0));
        return a;
    }

    /** Whether some curve has a twentieth of its points within 0.2 % of the axis range of {@code edge}. */
    private static boolean alongEdge(Panel p, double edge, double range) {
        for (Line l : p.lines()) {
            int near = 0;
            for (double v : l.y()) if (Math.abs(v - edge) <= 0.002 * range) near++;
            if (l.y().length > 0 && near >= 0.05 * l.y().length) return true;
        }
        return false;
    }

    // ------------------------------------------------------------------ curves: pixels, clipping, styles

    /** The line's points in pixels (NaN where the value cannot be drawn: NaN, or not positive on a log axis). */
    private static double[][] pixels(Line l, double x, double y, double w, double h, Ticks.Axis xa, Ticks.Axis ya) {
        int n = Math.min(l.x().length, l.y().length);
        double[] px = new double[n], py = new double[n];
        for (int i = 0; i < n; i++) {
            double xv = l.x()[i], yv = l.y()[i];
            boolean bad = Double.isNaN(xv) || Double.isNaN(yv) || (xa.log() && !(xv > 0)) || (ya.log() && !(yv > 0));
            if (bad) {
                px[i] = py[i] = Double.NaN;
                continue;
            }
            px[i] = x + xa.fraction(xv) * w;
            // an infinite value leaves the plot in its direction, as far as the clipping needs
            py[i] = yv == Double.POSITIVE_INFINITY ? y - 10 * h : yv == Double.NEGATIVE_INFINITY ? y + 11 * h : y + h - ya.fraction(yv) * h;
            if (Double.isInfinite(px[i]) || Double.isInfinite(py[i]) || Double.isNaN(py[i])) px[i] = py[i] = Double.NaN;
        }
        return new double[][] {px, py};
    }

    private static List<Styled> style(Panel p, double x, double y, double w, double h, Ticks.Axis xa, Ticks.Axis ya) {
        Map<String, Color> colours = new LinkedHashMap<>();
        for (Line l : p.lines()) colours.computeIfAbsent(l.colourKey(), k -> PALETTE[colours.size() % PALETTE.length]);
        List<double[][]> px = new ArrayList<>();
        for (Line l : p.lines()) px.add(pixels(l, x, y, w, h, xa, ya));
        int n = p.lines().size();
        int[] variant = new int[n];
        String[] same = new String[n];
        for (int b = 0; b < n; b++) {
            boolean[] taken = new boolean[8];
            for (int a = 0; a < b; a++) {
                if (p.lines().get(a).gradient() != p.lines().get(b).gradient()) continue;
                double f = overlap(px.get(a), px.get(b), x, y, w, h);
                if (f >= 0.25) taken[Math.min(variant[a], taken.length - 1)] = true;
                if (f >= 0.98 && same[b] == null) same[b] = p.lines().get(a).colourKey();
            }
            int v = 0;
            while (v < taken.length - 1 && taken[v]) v++;
            variant[b] = v;
        }
        List<Styled> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Line l = p.lines().get(i);
            float[][] dashes = l.gradient() ? GRADIENT_DASHES : LOSS_DASHES;
            float[] dash = dashes[variant[i] % dashes.length];
            String legend = same[i] == null ? l.label() : onNote(l.label(), same[i]);
            List<double[]> runs = new ArrayList<>();
            for (double[] r : clip(px.get(i)[0], px.get(i)[1], x, y, w, h)) runs.add(simplify(r, 0.25));
            out.add(new Styled(l, colours.get(l.colourKey()), l.gradient() ? GRADIENT_WIDTH : LOSS_WIDTH, dash, runs, legend));
        }
        return out;
    }

    /** The legend label of a curve that lies on another: "SoftMarginLoss (target 1; on BCEWithLogitsLoss)". */
    static String onNote(String label, String other) {
        if (label.endsWith(")")) return label.substring(0, label.length() - 1) + "; on " + other + ")";
        return label + " (on " + other + ")";
    }

    /**
     * The fraction of b's visible points (within a's x span) where a passes within 1.5 px: 1 when b lies on a, 0
     * when they are apart everywhere.
     */
    static double overlap(double[][] a, double[][] b, double x, double y, double w, double h) {
        double[] ax = a[0], ay = a[1], bx = b[0], by = b[1];
        int hits = 0, total = 0;
        for (int i = 0; i < bx.length; i++) {
            double u = bx[i], v = by[i];
            if (Double.isNaN(u) || u < x || u > x + w || v < y || v > y + h) continue;
            int j = Arrays.binarySearch(ax, u);
            double av;
            if (j >= 0) {
                av = ay[j];
            } else {
                int hiIdx = -j - 1, loIdx = hiIdx - 1;
                if (loIdx < 0 || hiIdx >= ax.length) continue;
                double t = (u - ax[loIdx]) / (ax[hiIdx] - ax[loIdx]);
                av = ay[loIdx] + t * (ay[hiIdx] - ay[loIdx]);
            }
            if (Double.isNaN(av)) continue;
            total++;
            if (Math.abs(av - v) <= 1.5) hits++;
        }
        return total < 10 ? 0 : hits / (double) total;
    }

    /** The visible runs of a polyline: split at NaN, each segment clipped to the rectangle (Liang-Barsky). */
    static List<double[]> clip(double[] px, double[] py, double x, double y, double w, double h) {
        List<double[]> runs = new ArrayList<>();
        double[] cur = new double[64];
        int len = 0;
        for (int i = 0; i + 1 < px.length; i++) {
            double x0 = px[i], y0 = py[i], x1 = px[i + 1], y1 = py[i + 1];
            double[] seg = Double.isNaN(x0) || Double.isNaN(x1) ? null : clipSegment(x0, y0, x1, y1, x, y, x + w, y + h);
            if (seg == null) {
                if (len >= 4) runs.add(Arrays.copyOf(cur, len));
                len = 0;
                continue;
            }
            boolean continues = len >= 2 && cur[len - 2] == seg[0] && cur[len - 1] == seg[1];
            if (!continues) {
                if (len >= 4) runs.add(Arrays.copyOf(cur, len));
                len = 0;
                cur = ensure(cur, len + 2);
                cur[len++] = seg[0];
                cur[len++] = seg[1];
            }
            cur = ensure(cur, len + 2);
            cur[len++] = seg[2];
            cur[len++] = seg[3];
            if (seg[2] != x1 || seg[3] != y1) {   // the segment left the rectangle: the run ends here
                runs.add(Arrays.copyOf(cur, len));
                len = 0;
            }
        }
        if (len >= 4) runs.add(Arrays.copyOf(cur, len));
        return runs;
    }

    private static double[] ensure(double[] a, int n) { return n <= a.length ? a : Arrays.copyOf(a, Math.max(n, 2 * a.length)); }

    private static double[] clipSegment(double x0, double y0, double x1, double y1, double xmin, double ymin, double xmax, double ymax) {
        double t0 = 0, t1 = 1, dx = x1 - x0, dy = y1 - y0;
        double[] p = {-dx, dx, -dy, dy}, q = {x0 - xmin, xmax - x0, y0 - ymin, ymax - y0};
        for (int k = 0; k < 4; k++) {
            if (p[k] == 0) {
                if (q[k] < 0) return null;
            } else {
                double r = q[k] / p[k];
                if (p[k] < 0) {
                    if (r > t1) return null;
                    t0 = Math.max(t0, r);
                } else {
                    if (r < t0) return null;
                    t1 = Math.min(t1, r);
                }
            }
        }
        return new double[] {t0 == 0 ? x0 : x0 + t0 * dx, t0 == 0 ? y0 : y0 + t0 * dy, t1 == 1 ? x1 : x0 + t1 * dx, t1 == 1 ? y1 : y0 + t1 * dy};
    }

    /** Ramer-Douglas-Peucker: the fewest points that keep the polyline within {@code tol} px of the original. */
    static double[] simplify(double[] r, double tol) {
        int n = r.length / 2;
        if (n <= 2) return r;
        boolean[] keep = new boolean[n];
        keep[0] = keep[n - 1] = true;
        int[] stack = new int[2 * n];
        int sp = 0;
        stack[sp++] = 0;
        stack[sp++] = n - 1;
        while (sp > 0) {
            int b = stack[--sp], a = stack[--sp];
            double ax = r[2 * a], ay = r[2 * a + 1], bx = r[2 * b], by = r[2 * b + 1];
            double dx = bx - ax, dy = by - ay, len = Math.hypot(dx, dy);
            double worst = -1;
            int at = -1;
            for (int i = a + 1; i < b; i++) {
                double px = r[2 * i] - ax, py = r[2 * i + 1] - ay;
                double d = len == 0 ? Math.hypot(px, py) : Math.abs(px * dy - py * dx) / len;
                if (d > worst) { worst = d; at = i; }
            }
            if (worst > tol) {
                keep[at] = true;
                stack[sp++] = a;
                stack[sp++] = at;
                stack[sp++] = at;
                stack[sp++] = b;
            }
        }
        int m = 0;
        for (boolean k : keep) if (k) m++;
        double[] out = new double[2 * m];
        int j = 0;
        for (int i = 0; i < n; i++) {
            if (!keep[i]) continue;
            out[j++] = r[2 * i];
            out[j++] = r[2 * i + 1];
        }
        return out;
    }

    // ------------------------------------------------------------------ legend

    static final double LEGEND_SAMPLE = 30, LEGEND_PAD = 7, LEGEND_GAP = 6;

    /**
     * One legend row: a loss and its gradient share a row (one sample each, under the header "loss" and "d/dx"),
     * labelled with the loss's legend.
     */
    record LegendRow(String label, Styled loss, Styled gradient) {}

    /** The legend's rows: one per colour key, in the order of the curves. */
    static List<LegendRow> legendRows(List<Styled> lines) {
        Map<String, Styled[]> byKey = new LinkedHashMap<>();
        for (Styled s : lines) byKey.computeIfAbsent(s.line().colourKey(), k -> new Styled[2])[s.line().gradient() ? 1 : 0] = s;
        List<LegendRow> rows = new ArrayList<>();
        for (Styled[] pair : byKey.values()) rows.add(new LegendRow((pair[0] != null ? pair[0] : pair[1]).legend(), pair[0], pair[1]));
        return rows;
    }

    private static boolean hasGradients(List<Styled> lines) {
        for (Styled s : lines) if (s.line().gradient()) return true;
        return false;
    }

    /** The width of the sample columns: one, or two (loss, d/dx) when the panel has gradients. */
    private static double samplesWidth(boolean gradients) { return gradients ? 2 * LEGEND_SAMPLE + LEGEND_GAP : LEGEND_SAMPLE; }

    /**
     * The legend's box {x, y, w, h, font size, curve length under it}: of six places in the plot, the one over the
     * least of the curves; the font shrinks from 12 px down to 9 px while the box is wider than the plot.
     */
    private static double[] legendBox(List<Styled> lines, double x, double y, double w, double h) {
        List<LegendRow> rows = legendRows(lines);
        boolean gradients = hasGradients(lines);
        double size = LEGEND_SIZE, textW;
        while (true) {
            textW = 0;
            for (LegendRow r : rows) textW = Math.max(textW, Canvas.textWidth(r.label(), size, false));
            if (size <= 9 || LEGEND_PAD + samplesWidth(gradients) + LEGEND_GAP + textW + LEGEND_PAD <= w - 16) break;
            size -= 1;
        }
        double row = Math.round(size * 1.4);
        double bw = LEGEND_PAD + samplesWidth(gradients) + LEGEND_GAP + textW + LEGEND_PAD;
        double bh = 2 * LEGEND_PAD + row * (rows.size() + (gradients ? 1 : 0)) - 3;
        double m = 8;
        double[][] places = {{x + m, y + m}, {x + w - m - bw, y + m}, {x + (w - bw) / 2, y + m}, {x + w - m - bw, y + h - m - bh},
            {x + m, y + h - m - bh}, {x + (w - bw) / 2, y + h - m - bh}};
        double[] best = null;
        long bestCount = Long.MAX_VALUE;
        for (double[] pl : places) {
            long c = 0;
            for (Styled s : lines) {
                for (double[] r : s.runs()) {
                    for (int i = 0; i + 3 < r.length; i += 2) c += crossings(r[i], r[i + 1], r[i + 2], r[i + 3], pl[0] - 4, pl[1] - 4, bw + 8, bh + 8);   // 4 px clear of it
                }
            }
            if (c < bestCount) {
                bestCount = c;
                best = pl;
            }
        }
        return new double[] {best[0], best[1], bw, bh, size, bestCount};
    }

    /** How much of a segment lies in the box, in 2 px steps (a long straight segment counts by its length). */
    private static long crossings(double x0, double y0, double x1, double y1, double bx, double by, double bw, double bh) {
        double[] c = clipSegment(x0, y0, x1, y1, bx, by, bx + bw, by + bh);
        if (c == null) return 0;
        return 1 + (long) (Math.hypot(c[2] - c[0], c[3] - c[1]) / 2);
    }

    private static void drawLegend(PanelLayout p, Canvas c) {
        if (p.lines().isEmpty()) return;
        double[] b = p.legendBox();
        double size = b[4], row = Math.round(size * 1.4);
        boolean gradients = hasGradients(p.lines());
        c.rect(b[0], b[1], b[2], b[3], new Color(255, 255, 255, 230), new Color(0xbbbbbb), 1);
        double x0 = b[0] + LEGEND_PAD, ry = b[1] + LEGEND_PAD + size * 0.8;
        if (gradients) {
            c.text("loss", x0 + LEGEND_SAMPLE / 2, ry, size - 1, false, Canvas.Align.MIDDLE, false, AXIS);
            c.text("d/dx", x0 + LEGEND_SAMPLE + LEGEND_GAP + LEGEND_SAMPLE / 2, ry, size - 1, false, Canvas.Align.MIDDLE, false, AXIS);
            ry += row;
        }
        for (LegendRow r : legendRows(p.lines())) {
            double sy = ry - size * 0.32;
            Styled[] samples = {r.loss(), r.gradient()};
            for (int k = 0; k < (gradients ? 2 : 1); k++) {
                Styled s = samples[k];
                if (s == null) continue;
                double sx = x0 + k * (LEGEND_SAMPLE + LEGEND_GAP);
                c.polylines(List.of(new double[] {sx, sy, sx + LEGEND_SAMPLE, sy}), s.colour(), s.width(), s.dash(), null);
            }
            c.text(r.label(), x0 + samplesWidth(gradients) + LEGEND_GAP, ry, size, false, Canvas.Align.START, false, TEXT);
            ry += row;
        }
    }

    // ------------------------------------------------------------------ drawing

    static void draw(Layout layout, Canvas c) {
        Figure f = layout.figure();
        c.rect(0, 0, f.width(), f.height(), Color.WHITE, null, 0);
        if (f.title() != null && !f.title().isEmpty()) c.text(f.title(), f.width() / 2.0, 23, TITLE_SIZE, true, Canvas.Align.MIDDLE, false, TEXT);
        for (PanelLayout p : layout.panels()) drawPanel(p, c);
    }

    private static void drawPanel(PanelLayout p, Canvas c) {
        double x = p.x(), y = p.y(), w = p.w(), h = p.h();
        Panel panel = p.panel();
        if (panel.title() != null && !panel.title().isEmpty()) {
            c.text(panel.title(), x + w / 2, p.top() + 20, PANEL_TITLE_SIZE, true, Canvas.Align.MIDDLE, false, TEXT);
        }
        // grid and tick labels
        for (int i = 0; i < p.xAxis().values().length; i++) {
            double px = x + p.xAxis().fraction(p.xAxis().values()[i]) * w;
            c.line(px, y, px, y + h, GRID, 1);
            c.text(p.xAxis().labels().get(i), px, y + h + TICK_SIZE + 5, TICK_SIZE, false, Canvas.Align.MIDDLE, false, TEXT);
        }
        for (int i = 0; i < p.yAxis().values().length; i++) {
            double py = y + h - p.yAxis().fraction(p.yAxis().values()[i]) * h;
            c.line(x, py, x + w, py, GRID, 1);
            c.text(p.yAxis().labels().get(i), x - 6, py + TICK_SIZE * 0.35, TICK_SIZE, false, Canvas.Align.END, false, TEXT);
        }
        // the zero lines, a little darker than the grid
        if (!p.yAxis().log() && p.yAxis().lo() < 0 && p.yAxis().hi() > 0) {
            double py = y + h - p.yAxis().fraction(0) * h;
            c.line(x, py, x + w, py, new Color(0xb0b0b0), 1);
        }
        if (!p.xAxis().log() && p.xAxis().lo() < 0 && p.xAxis().hi() > 0) {
            double px = x + p.xAxis().fraction(0) * w;
            c.line(px, y, px, y + h, new Color(0xb0b0b0), 1);
        }
        c.rect(x, y, w, h, null, AXIS, 1);
        c.text(panel.xLabel(), x + w / 2, y + h + TICK_SIZE + 8 + LABEL_SIZE + 6, LABEL_SIZE, false, Canvas.Align.MIDDLE, false, TEXT);
        double labelW = 0;
        for (String s : p.yAxis().labels()) labelW = Math.max(labelW, Canvas.textWidth(s, TICK_SIZE, false));
        c.text(panel.yLabel(), x - 6 - labelW - 10, y + h / 2, LABEL_SIZE, false, Canvas.Align.MIDDLE, true, TEXT);
        for (Styled s : p.lines()) c.polylines(s.runs(), s.colour(), s.width(), s.dash(), s.legend());
        drawLegend(p, c);
    }
}
