package org.losses4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * Plots a reader would print: round ticks that include 0, coinciding curves drawn with different dash patterns,
 * gradients dashed in their loss's colour, one panel per declared input domain, and a compact SVG with real text.
 */
class PlotTest {
    @TempDir Path dir;

    // ------------------------------------------------------------------ ticks

    /** A step of 1, 2 or 5 times a power of ten. */
    static void assertRoundStep(double step, String what) {
        double mag = Math.pow(10, Math.floor(Math.log10(step) + 1e-9));
        double m = step / mag;
        assertTrue(Math.abs(m - 1) < 1e-9 || Math.abs(m - 2) < 1e-9 || Math.abs(m - 5) < 1e-9, what + ": step " + step);
    }

    static void assertRoundLinear(Ticks.Axis a, double lo, double hi, String what) {
        double[] v = a.values();
        assertTrue(v.length >= 2, what);
        double step = v[1] - v[0];
        assertRoundStep(step, what);
        for (int i = 0; i < v.length; i++) {
            double k = v[i] / step;
            assertEquals(Math.rint(k), k, 1e-6, what + ": tick " + v[i] + " is a multiple of " + step);
            if (i > 0) assertEquals(step, v[i] - v[i - 1], step * 1e-9, what);
            assertEquals(new BigDecimal(a.labels().get(i)).doubleValue(), v[i], step * 1e-9, what + ": label " + a.labels().get(i));
        }
        double slack = Ticks.OVERSHOOT * step * (1 + 1e-9);
        assertTrue(a.lo() <= lo + slack && a.hi() >= hi - slack, what + ": the axis covers the data, but for a hundredth of a step");
        if (a.lo() <= 0 && a.hi() >= 0) assertTrue(contains(v, 0) && a.labels().contains("0"), what + ": 0 is a tick: " + Arrays.toString(v));
    }

    static boolean contains(double[] v, double x) {
        for (double d : v) if (d == x) return true;
        return false;
    }

    @Test
    void linearTicksAreRoundAndInclude0() {
        Ticks.Axis a = Ticks.linear(-10, 10, 8);
        assertArrayEquals(new double[] {-10, -5, 0, 5, 10}, a.values());
        assertEquals(List.of("-10", "-5", "0", "5", "10"), a.labels());
        Ticks.Axis p = Ticks.linear(0.001, 0.999, 6);
        assertArrayEquals(new double[] {0, 0.2, 0.4, 0.6000000000000001, 0.8, 1}, p.values(), 1e-12);
        assertEquals(List.of("0", "0.2", "0.4", "0.6", "0.8", "1.0"), p.labels());
        Ticks.Axis c = Ticks.linear(-0.999, 0.999, 6);
        assertTrue(contains(c.values(), 0) && c.lo() == -1 && c.hi() == 1, Arrays.toString(c.values()));
        // the axis of the old figure: -10 .. 9.8 with ticks at -9.1, -0.1, 0.8
        assertRoundLinear(Ticks.linear(-10, 9.8, 12), -10, 9.8, "old x axis");
        Random r = new Random(11);
        for (int k = 0; k < 2000; k++) {
            double scale = Math.pow(10, r.nextInt(12) - 6);
            double lo = (r.nextDouble() * 2 - 1) * scale, hi = lo + r.nextDouble() * 2 * scale + 1e-9 * scale;
            if (r.nextBoolean()) lo = Math.min(lo, 0);   // half the cases span or touch 0
            int target = 2 + r.nextInt(10);
            Ticks.Axis t = Ticks.linear(lo, hi, target);
            assertRoundLinear(t, lo, hi, "[" + lo + ", " + hi + "] target " + target);
            assertTrue(t.values().length - 1 <= target + 1, "at most " + (target + 1) + " intervals: " + Arrays.toString(t.values()));
        }
        assertRoundLinear(Ticks.linear(5, 5, 5), 5, 5, "a flat series");
        // a softplus at -10 is 10.0000454: no step added for a hundred-thousandth
        assertArrayEquals(new double[] {0, 5, 10}, Ticks.linear(0, 10.0000454, 5).values());
        // a gradient of -1 beside a loss of 10: -2 .. 10 by 2 fills the axis better than -5 .. 10 by 5
        assertArrayEquals(new double[] {-2, 0, 2, 4, 6, 8, 10}, Ticks.linear(-1, 10.0000454, 5).values());
        // a gradient of -93 beside a loss of 6.9: six intervals of 20, not three of 50
        assertArrayEquals(new double[] {-100, -80, -60, -40, -20, 0, 20}, Ticks.linear(-93, 6.9, 5).values());
    }

    @Test
    void logTicksArePowersOfTenAnd2And5OverFewDecades() {
        Ticks.Axis a = Ticks.log(1024, 16_777_216);
        assertArrayEquals(new double[] {1e3, 1e4, 1e5, 1e6, 1e7}, a.values());
        assertEquals(List.of("1e3", "1e4", "1e5", "1e6", "1e7"), a.labels());
        assertTrue(a.lo() < 1024 && a.hi() > 16_777_216, "the axis covers the data");
        Ticks.Axis b = Ticks.log(0.3, 20);
        assertEquals(List.of("0.2", "0.5", "1", "2", "5", "10", "20"), b.labels());
        assertTrue(b.lo() == 0.2 && b.hi() == 20, "over few decades the axis ends at 1-2-5 values");
        Ticks.Axis c = Ticks.log(3, 7);
        assertEquals(List.of("2", "5", "10"), c.labels());
        Ticks.Axis d = Ticks.log(2, 2);   // one value: its decade, at 1, 2 and 5
        assertEquals(List.of("1", "2", "5", "10"), d.labels());
    }

    // ------------------------------------------------------------------ figures

    static Charts.Layout layout(boolean grad, String... names) {
        return Charts.layout(PlotCommand.figure(List.of(names), null, grad, 2000, null, null));
    }

    static Charts.Styled line(Charts.Layout l, String loss, boolean gradient) {
        for (Charts.PanelLayout p : l.panels()) {
            for (Charts.Styled s : p.lines()) if (s.line().colourKey().equals(loss) && s.line().gradient() == gradient) return s;
        }
        throw new AssertionError(loss + " not drawn");
    }

    @Test
    void coincidingCurvesGetDifferentDashPatternsAndSayWhereTheyLie() {
        Charts.Layout l = layout(false, "HuberLoss", "SmoothL1Loss");
        Charts.Styled huber = line(l, "HuberLoss", false), smooth = line(l, "SmoothL1Loss", false);
        assertNull(huber.dash(), "the first curve is solid");
        assertNotNull(smooth.dash(), "the curve on it is dashed");
        assertFalse(huber.colour().equals(smooth.colour()));
        assertEquals("SmoothL1Loss (on HuberLoss)", smooth.legend());
        assertEquals("HuberLoss", huber.legend());

        Charts.Layout logits = layout(false, "BCEWithLogitsLoss", "SoftMarginLoss", "CrossEntropyLoss", "MultiLabelSoftMarginLoss");
        assertEquals(1, logits.panels().size(), "one domain, one panel");
        Set<String> patterns = new HashSet<>();
        for (Charts.Styled s : logits.panels().get(0).lines()) patterns.add(Arrays.toString(s.dash()));
        assertEquals(4, patterns.size(), "four coinciding curves, four dash patterns: " + patterns);
        assertEquals("SoftMarginLoss (target 1; on BCEWithLogitsLoss)", line(logits, "SoftMarginLoss", false).legend());

        // curves that do not coincide stay solid
        Charts.Layout apart = layout(false, "L1Loss", "MSELoss");
        assertNull(line(apart, "L1Loss", false).dash());
        assertNull(line(apart, "MSELoss", false).dash());
        assertEquals("MSELoss", line(apart, "MSELoss", false).legend());
    }

    @Test
    void gradientsAreDashedInTheirLossColour() {
        Charts.Layout l = layout(true, "MSELoss", "L1Loss", "HuberLoss", "SmoothL1Loss");
        Set<java.awt.Color> lossColours = new LinkedHashSet<>();
        for (String n : List.of("MSELoss", "L1Loss", "HuberLoss", "SmoothL1Loss")) {
            Charts.Styled loss = line(l, n, false), g = line(l, n, true);
            assertEquals(loss.colour(), g.colour(), n + ": gradient in the loss's colour");
            assertNotNull(g.dash(), n + ": gradient dashed");
            assertTrue(g.width() < loss.width());
            lossColours.add(loss.colour());
        }
        assertEquals(4, lossColours.size(), "four losses, four colours");
        assertFalse(Arrays.equals(line(l, "HuberLoss", true).dash(), line(l, "SmoothL1Loss", true).dash()),
                "coinciding gradients get different dashes too");
    }

    @Test
    void onePanelPerDeclaredDomain() {
        Charts.Layout l = layout(false, "BCELoss", "BCEWithLogitsLoss", "MarginRankingLoss", "MSELoss");
        List<String> titles = new ArrayList<>();
        for (Charts.PanelLayout p : l.panels()) titles.add(p.panel().title());
        assertEquals(List.of("Probability", "Logit", "Margin", "Distance"), titles);
        assertEquals(Catalog.Domain.PROBABILITY.axis(), l.panels().get(0).panel().xLabel());
        // every loss with a curve, drawn together: as many panels as the declared domains, each loss in its domain's
        List<String> all = new ArrayList<>();
        Set<Catalog.Domain> domains = new LinkedHashSet<>();
        for (Catalog.Entry e : Catalog.ENTRIES) {
            if (e.curve() == null) continue;
            all.add(e.name());
            domains.add(e.curve().domain());
        }
        Charts.Layout every = layout(true, all.toArray(String[]::new));
        assertEquals(domains.size(), every.panels().size());
        int i = 0;
        for (Catalog.Domain d : domains) {
            Charts.PanelLayout p = every.panels().get(i++);
            assertEquals(d.title(), p.panel().title());
            for (Charts.Styled s : p.lines()) assertEquals(d, Catalog.find(s.line().colourKey()).curve().domain(), s.legend());
            assertRoundLinear(p.xAxis(), p.xAxis().lo(), p.xAxis().hi(), d.title() + " x");
            assertRoundLinear(p.yAxis(), p.yAxis().lo(), p.yAxis().hi(), d.title() + " y");
            assertTrue(contains(p.yAxis().values(), 0), d.title() + ": the loss axis starts at or spans 0");
        }
    }

    @Test
    void theTutorialFiguresTicksInclude0() {
        Charts.Layout l = Charts.layout(PlotCommand.tutorial(null, 5000, null, null));
        Charts.PanelLayout p = l.panels().get(0);
        assertArrayEquals(new double[] {-10, -5, 0, 5, 10}, p.xAxis().values());
        assertEquals(0, p.yAxis().values()[0]);
        assertEquals(10, p.yAxis().values()[p.yAxis().values().length - 1]);
    }

    // ------------------------------------------------------------------ files

    static final Pattern PATH_WITH_TITLE = Pattern.compile("<path ([^>]*)><title>([^<]*)</title></path>");

    @Test
    void svgIsCompactWithRealText() throws Exception {
        Path tutorial = dir.resolve("t.svg"), many = dir.resolve("m.svg");
        assertEquals(0, CliBadInputTest.run("plot", "--out", tutorial.toString()).status());
        CliBadInputTest.Run r = CliBadInputTest.run("plot", "HuberLoss", "SmoothL1Loss", "L1Loss", "MSELoss", "BCELoss", "BCEWithLogitsLoss",
                "SoftMarginLoss", "MarginRankingLoss", "--grad", "--out", many.toString());
        assertEquals(0, r.status(), r.err());
        for (Path p : List.of(tutorial, many)) {
            long size = Files.size(p);
            assertTrue(size < 100_000, p.getFileName() + ": " + size + " bytes");
            String svg = Files.readString(p, StandardCharsets.UTF_8);
            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(p.toFile());
            assertEquals("svg", doc.getDocumentElement().getTagName());
            int texts = doc.getElementsByTagName("text").getLength();
            assertTrue(texts >= 12, p.getFileName() + ": " + texts + " text elements");
            assertTrue(svg.contains(">0</text>"), "a tick labelled 0");
        }
        String svg = Files.readString(many, StandardCharsets.UTF_8);
        assertTrue(svg.contains(">SmoothL1Loss (on HuberLoss)</text>"), "the legend as text");
        Matcher m = PATH_WITH_TITLE.matcher(svg);
        String huberDash = null, smoothDash = null;
        while (m.find()) {
            String dash = m.group(1).contains("stroke-dasharray") ? m.group(1).replaceAll(".*stroke-dasharray=\"([^\"]*)\".*", "$1") : "solid";
            if (m.group(2).equals("HuberLoss")) huberDash = dash;
            if (m.group(2).equals("SmoothL1Loss (on HuberLoss)")) smoothDash = dash;
        }
        assertEquals("solid", huberDash);
        assertNotNull(smoothDash);
        assertFalse(smoothDash.equals("solid"));
    }

    @Test
    void pngHasTheRequestedOrDefaultSize() throws Exception {
        Path one = dir.resolve("one.png"), four = dir.resolve("four.png");
        assertEquals(0, CliBadInputTest.run("plot", "HuberLoss", "--out", one.toString()).status());
        BufferedImage a = ImageIO.read(one.toFile());
        assertEquals(800, a.getWidth());
        assertEquals(600, a.getHeight());
        assertEquals(0, CliBadInputTest.run("plot", "BCELoss", "BCEWithLogitsLoss", "MarginRankingLoss", "MSELoss", "--width", "900", "--out",
                four.toString()).status());
        BufferedImage b = ImageIO.read(four.toFile());
        assertEquals(900, b.getWidth());
        assertEquals(834, b.getHeight(), "two rows of 400 px under the title");
    }

    @Test
    void nonFiniteValuesBreakOrLeaveThePlot() {
        double[] x = {0, 1, 2, 3, 4, 5};
        double[] y = {1, 2, Double.NaN, 3, Double.POSITIVE_INFINITY, 2};
        Charts.Figure f = new Charts.Figure("t", List.of(new Charts.Panel("", "x", "y", false, false, true,
                List.of(new Charts.Line("a", x, y, "a", false)))), 400, 300);
        Charts.Layout l = Charts.layout(f);
        Charts.PanelLayout p = l.panels().get(0);
        List<double[]> runs = p.lines().get(0).runs();
        assertEquals(3, runs.size(), "a gap at NaN, a run that leaves through the top, one that comes back");
        for (double[] r : runs) {
            for (int i = 0; i < r.length; i += 2) {
                assertTrue(r[i] >= p.x() - 1e-9 && r[i] <= p.x() + p.w() + 1e-9 && r[i + 1] >= p.y() - 1e-9 && r[i + 1] <= p.y() + p.h() + 1e-9);
            }
        }
        assertEquals(p.y(), runs.get(1)[3], 1e-9, "the infinite value leaves through the top edge");
        assertEquals(p.y(), runs.get(2)[1], 1e-9, "and comes back through it");
        assertTrue(Charts.svg(l).contains("<svg"));
    }

    static double segmentDistance(double px, double py, double ax, double ay, double bx, double by) {
        double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
        double t = len2 == 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
        return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
    }

    @Test
    void simplifyKeepsTheShapeWithFewerPoints() {
        int n = 5000;
        double[] r = new double[2 * n];
        for (int i = 0; i < n; i++) {
            r[2 * i] = i * 0.1;
            r[2 * i + 1] = 100 + 80 * Math.sin(i * 0.002);
        }
        double[] s = Charts.simplify(r, 0.25);
        assertTrue(s.length / 2 < 200, s.length / 2 + " points");
        assertEquals(r[0], s[0]);
        assertEquals(r[2 * n - 1], s[s.length - 1]);
        for (int i = 0; i < n; i += 7) {   // every original point is within 0.25 px of the simplified line
            double px = r[2 * i], py = r[2 * i + 1], best = Double.POSITIVE_INFINITY;
            for (int j = 0; j + 3 < s.length; j += 2) best = Math.min(best, segmentDistance(px, py, s[j], s[j + 1], s[j + 2], s[j + 3]));
            assertTrue(best <= 0.25 + 1e-9, "point " + i + " is " + best + " px away");
        }
    }
}
