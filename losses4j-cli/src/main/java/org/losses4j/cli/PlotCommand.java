package org.losses4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.losses4j.Tensor;
import org.losses4j.nn.Loss;
import org.losses4j.nn.LossOptions;
import org.losses4j.nn.Losses;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code plot LOSS... [--range -10:10] [--grad] [--out FILE.png|.svg]}: per-element loss curves. */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = {"Plot per-element loss curves (reduction='none') against x - y, or the loss's natural axis for margin",
                "and probability losses; with --grad also their gradients. With no LOSS: the tutorial's Smooth L1 vs L1 figure."})
final class PlotCommand implements Callable<Integer> {
    @Parameters(paramLabel = "LOSS", arity = "0..*", description = "PyTorch class names") List<String> losses = new ArrayList<>();

    @Option(names = "--range", paramLabel = "LO:HI", description = "x range (default: the loss's natural range, -10:10 for x - y)") String range;

    @Option(names = "--grad", description = "also plot d loss / d x") boolean grad;

    @Option(names = "--out", paramLabel = "FILE", description = "output .png or .svg (default ${DEFAULT-VALUE})", defaultValue = "losses4j-plot.png") Path out;

    @Option(names = "--points", description = "samples along x (default ${DEFAULT-VALUE})", defaultValue = "5000") int points;

    @Option(names = "--width", defaultValue = "800", description = "pixels (default ${DEFAULT-VALUE})") int width;

    @Option(names = "--height", defaultValue = "600", description = "pixels (default ${DEFAULT-VALUE})") int height;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (points < 2 || points > 1_000_000) throw new Main.BadInput("--points must be in [2, 1000000], got " + points);
        if (width < 100 || height < 100 || width > 10000 || height > 10000) throw new Main.BadInput("--width and --height must be in [100, 10000]");
        String name = out.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (!name.endsWith(".png") && !name.endsWith(".svg")) throw new Main.BadInput("--out must end in .png or .svg, got " + out);
        boolean tutorial = losses.isEmpty();
        List<String> names = tutorial ? List.of("SmoothL1Loss", "L1Loss") : losses;
        double[] lohi = range == null ? null : parseRange(range);
        Map<String, double[][]> series = new LinkedHashMap<>();
        String axis = null;
        for (String n : names) {
            Catalog.Entry e = Catalog.find(n);
            if (e.curve() == null) throw new Main.BadInput(n + " has no per-element curve to plot");
            Catalog.Curve c = e.curve();
            if (axis == null) axis = c.axis();
            else if (!axis.equals(c.axis())) axis = axis + " / " + c.axis();
            double lo = lohi == null ? c.defaultLo() : lohi[0], hi = lohi == null ? c.defaultHi() : lohi[1];
            Tensor x = Tensor.linspace(lo, hi, points).requiresGrad_(true);
            Map<String, Tensor> in = c.inputs().apply(x);
            Loss loss = Losses.create(n, new LossOptions(c.options()));
            Tensor[] args = new Tensor[loss.argNames().size()];
            for (int i = 0; i < args.length; i++) args[i] = in.get(loss.argNames().get(i));
            Tensor l = loss.apply(args);
            double[] xs = x.toDoubleArray();
            double[] ys = l.detach().toDoubleArray();
            series.put(tutorial ? (n.equals("L1Loss") ? "L1 loss" : "Smooth L1 Loss") : n, new double[][] {xs, ys});
            if (grad) {
                // every element's loss depends on its own x only, so x.grad holds d loss_i / d x_i
                l.backward(Tensor.onesLike(l.detach()));
                double[] g = x.grad() == null ? new double[xs.length] : x.grad().toDoubleArray();
                series.put("d " + n + " / dx", new double[][] {xs, g});
            }
        }
        Charts.line(series, tutorial ? "x_i - y_i" : axis, tutorial ? "loss value" : (grad ? "loss / gradient" : "loss value"),
                tutorial ? "Smooth L1 vs L1" : String.join(", ", names), width, height, out);
        spec.commandLine().getOut().println("wrote " + out.toAbsolutePath());
        spec.commandLine().getOut().flush();
        return 0;
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
