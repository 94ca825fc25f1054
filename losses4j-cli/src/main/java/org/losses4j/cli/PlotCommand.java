package org.losses4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.losses4j.Tensor;
import org.losses4j.nn.Loss;
import org.losses4j.nn.LossOptions;
import org.losses4j.nn.Losses;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code plot [LOSS...] [--range LO:HI] [--grad] [--out FILE.png|.svg]}: per-element loss curves, one panel per input domain. */
@Command(name = "plot", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Plots per-element loss curves (reduction='none'), one panel per input domain: probabilities, logits, "
                + "log-probabilities, margins, distances and similarities each get their own x axis. With --grad, each loss's "
                + "gradient d loss / dx is drawn dashed in the loss's colour.",
                "",
                "Curves that coincide (SmoothL1Loss on HuberLoss, SoftMarginLoss on BCEWithLogitsLoss) get different dash patterns, "
                        + "so both stay visible, and the legend says which curve lies on which. With no LOSS, plot draws the "
                        + "tutorial's Smooth L1 vs L1 figure.",
                "",
                "The output is a PNG, or an SVG with real text (tens of KB), by the extension of --out."})
final class PlotCommand implements Callable<Integer> {
    @Parameters(paramLabel = "LOSS", arity = "0..*", description = "PyTorch class names, for example HuberLoss SmoothL1Loss.")
    List<String> losses = new ArrayList<>();

    @Option(names = "--range", paramLabel = "LO:HI", description = "The x range of every curve; the default is each loss's natural range "
            + "(-10:10 for x - y, 0.001:0.999 for a probability).")
    String range;

    @Option(names = "--grad", description = "Also draw each loss's gradient d loss / dx.")
    boolean grad;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "losses4j-plot.png",
            description = "The output file, .png or .svg; the default is ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--points", paramLabel = "N", defaultValue = "5000", description = "Samples along x; the default is ${DEFAULT-VALUE}.")
    int points;

    @Option(names = "--width", paramLabel = "PIXELS", description = "The figure's width; the default is 800 for one panel and more for several.")
    Integer width;

    @Option(names = "--height", paramLabel = "PIXELS", description = "The figure's height; the default is 600 for one panel and more for several.")
    Integer height;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (points < 2 || points > 1_000_000) throw new Main.BadInput("--points must be in [2, 1000000], got " + points);
        for (Integer v : new Integer[] {width, height}) {
            if (v != null && (v < 100 || v > 10000)) throw new Main.BadInput("--width and --height must be in [100, 10000], got " + v);
        }
        String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".png") && !name.endsWith(".svg")) throw new Main.BadInput("--out must end in .png or .svg, got " + out);
        Main.requireWritableFile("--out", out);
        double[] lohi = range == null ? null : parseRange(range);
        Charts.Figure f = losses.isEmpty() ? tutorial(lohi, points, width, height) : figure(losses, lohi, grad, points, width, height);
        Charts.write(f, out);
        spec.commandLine().getOut().println("wrote " + out.toAbsolutePath());
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** The tutorial's figure: Smooth L1 and L1 over x_i - y_i, as the page draws it. */
    static Charts.Figure tutorial(double[] lohi, int points, Integer width, Integer height) {
        double lo = lohi == null ? -10 : lohi[0], hi = lohi == null ? 10 : lohi[1];
        Map<String, double[][]> series = new LinkedHashMap<>();
        series.put("Smooth L1 Loss", curve("SmoothL1Loss", Catalog.find("SmoothL1Loss").curve(), lo, hi, points, false)[0]);
        series.put("L1 loss", curve("L1Loss", Catalog.find("L1Loss").curve(), lo, hi, points, false)[0]);
        List<Charts.Line> lines = new ArrayList<>();
        for (var e : series.entrySet()) lines.add(new Charts.Line(e.getKey(), e.getValue()[0], e.getValue()[1], e.getKey(), false));
        return new Charts.Figure("Smooth L1 vs L1", List.of(new Charts.Panel("", "x_i - y_i", "loss value", false, false, true, lines)),
                width == null ? 800 : width, height == null ? 600 : height);
    }

    /**
     * The figure of these losses: one panel per input domain (in the order the losses name them), each loss in its
     * colour, its gradient dashed in the same colour with {@code grad}.
     */
    static Charts.Figure figure(List<String> names, double[] lohi, boolean grad, int points, Integer width, Integer height) {
        Map<Catalog.Domain, List<Charts.Line>> panels = new LinkedHashMap<>();
        for (String n : names) {
            Catalog.Entry e = Catalog.find(n);
            Catalog.Curve c = e.curve();
            if (c == null) throw new Main.BadInput(n + " has no per-element curve to plot");
            double lo = lohi == null ? c.defaultLo() : lohi[0], hi = lohi == null ? c.defaultHi() : lohi[1];
            double[][][] xy = curve(n, c, lo, hi, points, grad);
            String label = c.note().isEmpty() ? n : n + " (" + c.note() + ")";
            List<Charts.Line> lines = panels.computeIfAbsent(c.domain(), d -> new ArrayList<>());
            lines.add(new Charts.Line(label, xy[0][0], xy[0][1], n, false));
            if (grad) lines.add(new Charts.Line("d " + n + " / dx", xy[1][0], xy[1][1], n, true));
        }
        List<Charts.Panel> ps = new ArrayList<>();
        boolean single = panels.size() == 1;
        for (var e : panels.entrySet()) {
            ps.add(new Charts.Panel(single ? "" : e.getKey().title(), e.getKey().axis(), grad ? "loss and d loss / dx" : "loss", false, false, true,
                    e.getValue()));
        }
        String title = single && names.size() <= 3 ? String.join(", ", names)
                : "Per-element losses" + (grad ? " and their gradients" : "") + " (reduction='none')";
        int cols = Charts.columns(ps.size()), rows = (ps.size() + cols - 1) / cols;
        int w = width != null ? width : cols == 1 ? 800 : 480 * cols;
        int h = height != null ? height : rows == 1 ? (cols == 1 ? 600 : 440) : 34 + 400 * rows;
        return new Charts.Figure(title, ps, w, h);
    }

    /** The loss's per-element values over [lo, hi] and, with {@code grad}, d loss_i / d x_i: {{x, loss}, {x, grad}}. */
    static double[][][] curve(String name, Catalog.Curve c, double lo, double hi, int points, boolean grad) {
        Tensor x = Tensor.linspace(lo, hi, points).requiresGrad_(true);
        Map<String, Tensor> in = c.inputs().apply(x);
        Loss loss = Losses.create(name, new LossOptions(c.options()));
        Tensor[] args = new Tensor[loss.argNames().size()];
        for (int i = 0; i < args.length; i++) args[i] = in.get(loss.argNames().get(i));
        Tensor l = loss.apply(args);
        double[] xs = x.toDoubleArray();
        double[] ys = l.detach().toDoubleArray();
        if (!grad) return new double[][][] {{xs, ys}};
        // every element's loss depends on its own x only, so x.grad holds d loss_i / d x_i
        l.backward(Tensor.onesLike(l.detach()));
        double[] g = x.grad() == null ? new double[xs.length] : x.grad().toDoubleArray();
        return new double[][][] {{xs, ys}, {xs, g}};
    }

    static double[] parseRange(String r) {
        String[] p = r.split(":");
        if (p.length != 2) throw new Main.BadInput("--range expects LO:HI, got '" + r + "'");
        try {
            double lo = Double.parseDouble(p[0]), hi = Double.parseDouble(p[1]);
            if (!(lo < hi) || Double.isInfinite(lo) || Double.isInfinite(hi)) throw new Main.BadInput("--range needs finite LO < HI, got '" + r + "'");
            return new double[] {lo, hi};
        } catch (NumberFormatException e) {
            throw new Main.BadInput("--range expects numbers LO:HI, got '" + r + "'");
        }
    }
}
