package org.losses4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.losses4j.DType;
import org.losses4j.Tensor;
import org.losses4j.nn.BCELoss;
import org.losses4j.nn.CTCLoss;
import org.losses4j.nn.CosineEmbeddingLoss;
import org.losses4j.nn.CrossEntropyLoss;
import org.losses4j.nn.HingeEmbeddingLoss;
import org.losses4j.nn.KLDivLoss;
import org.losses4j.nn.L1Loss;
import org.losses4j.nn.MSELoss;
import org.losses4j.nn.MarginRankingLoss;
import org.losses4j.nn.MultiLabelMarginLoss;
import org.losses4j.nn.MultiMarginLoss;
import org.losses4j.nn.PoissonNLLLoss;
import org.losses4j.Reduction;
import org.losses4j.nn.Sigmoid;
import org.losses4j.nn.SmoothL1Loss;
import org.losses4j.nn.SoftMarginLoss;
import org.losses4j.nn.TripletMarginLoss;
import org.losses4j.nn.Linear;
import org.losses4j.nn.ReLU;
import org.losses4j.nn.Sequential;
import org.losses4j.optim.Adam;
import org.losses4j.optim.Optimizer;
import org.losses4j.optim.SGD;

/**
 * The tutorial's fifteen examples (section 3.6 of the Chinese PyTorch tutorial page on loss functions this project grew from): for each, the
 * Java code that does what the page's Python does, then what it prints. Random examples seed the generator
 * with the example's number, as {@code torch.manual_seed(N)} would, so the tour prints the same every run and
 * the same as PyTorch does for that seed. Where the page is outdated, one line says what changed.
 */
final class Tour {
    private Tour() {}

    /** One example: its section, loss, the Java shown, a note where the page is outdated, and what it prints. */
    record Example(String section, String loss, String code, String note, Runner run) {}

    /** Runs an example; {@code figure} is where 3.5.5 writes its plot. */
    interface Runner {
        List<String> run(Path figure) throws Exception;
    }

    static List<Example> examples() {
        List<Example> l = new ArrayList<>();
        l.add(new Example("3.5.1", "BCELoss", """
                Tensor.manualSeed(1);
                var m = new Sigmoid();
                var loss = new BCELoss();
                Tensor input = Tensor.randn(3).requiresGrad_(true);
                Tensor target = Tensor.empty(3).random_(2);
                Tensor output = loss.forward(m.forward(input), target);
                output.backward();
                System.out.println("BCELoss: " + output);""",
                "PyTorch now names the node BinaryCrossEntropyBackward0 (the page shows BinaryCrossEntropyBackward).", f -> {
                    Tensor.manualSeed(1);
                    var m = new Sigmoid();
                    var loss = new BCELoss();
                    Tensor input = Tensor.randn(3).requiresGrad_(true);
                    Tensor target = Tensor.empty(3).random_(2);
                    Tensor output = loss.forward(m.forward(input), target);
                    output.backward();
                    return List.of("BCELoss: " + output);
                }));
        l.add(new Example("3.5.2", "CrossEntropyLoss", """
                Tensor.manualSeed(2);
                var loss = new CrossEntropyLoss();
                Tensor input = Tensor.randn(3, 5).requiresGrad_(true);
                Tensor target = Tensor.empty(DType.INT64, 3).random_(5);
                Tensor output = loss.forward(input, target);
                output.backward();
                System.out.println("CrossEntropyLoss: " + output);""",
                "PyTorch now names the node NllLossBackward0 (the page shows NllLossBackward).", f -> {
                    Tensor.manualSeed(2);
                    var loss = new CrossEntropyLoss();
                    Tensor input = Tensor.randn(3, 5).requiresGrad_(true);
                    Tensor target = Tensor.empty(DType.INT64, 3).random_(5);
                    Tensor output = loss.forward(input, target);
                    output.backward();
                    return List.of("CrossEntropyLoss: " + output);
                }));
        l.add(new Example("3.5.3", "L1Loss", """
                Tensor.manualSeed(3);
                var loss = new L1Loss();
                Tensor input = Tensor.randn(3, 5).requiresGrad_(true);
                Tensor target = Tensor.randn(3, 5);
                Tensor output = loss.forward(input, target);
                output.backward();
                System.out.println("L1Loss: " + output);""",
                "PyTorch now prints grad_fn=<MeanBackward0> here (the page shows L1LossBackward).", f -> {
                    Tensor.manualSeed(3);
                    var loss = new L1Loss();
                    Tensor input = Tensor.randn(3, 5).requiresGrad_(true);
                    Tensor target = Tensor.randn(3, 5);
                    Tensor output = loss.forward(input, target);
                    output.backward();
                    return List.of("L1Loss: " + output);
                }));
        l.add(new Example("3.5.4", "MSELoss", """
                Tensor.manualSeed(4);
                var loss = new MSELoss();
                Tensor input = Tensor.randn(3, 5).requiresGrad_(true);
                Tensor target = Tensor.randn(3, 5);
                Tensor output = loss.forward(input, target);
                output.backward();
                System.out.println("MSELoss: " + output);""",
                "PyTorch now names the node MseLossBackward0.", f -> {
                    Tensor.manualSeed(4);
                    var loss = new MSELoss();
                    Tensor input = Tensor.randn(3, 5).requiresGrad_(true);
                    Tensor target = Tensor.randn(3, 5);
                    Tensor output = loss.forward(input, target);
                    output.backward();
                    return List.of("MSELoss: " + output);
                }));
        l.add(new Example("3.5.5", "SmoothL1Loss", """
                Tensor.manualSeed(5);
                var loss = new SmoothL1Loss();
                Tensor input = Tensor.randn(3, 5).requiresGrad_(true);
                Tensor target = Tensor.randn(3, 5);
                Tensor output = loss.forward(input, target);
                output.backward();
                System.out.println("SmoothL1Loss: " + output);

                // Smooth L1 vs L1: per-element losses over x in [-10, 10]
                Tensor inputs = Tensor.linspace(-10, 10, 5000);
                Tensor zeros = Tensor.zerosLike(inputs);
                Tensor lossSmooth = new SmoothL1Loss(Reduction.NONE).forward(inputs, zeros);
                Tensor lossL1 = new L1Loss(Reduction.NONE).forward(inputs, zeros);
                // plotted with legend 'Smooth L1 Loss' / 'L1 loss', axes 'x_i - y_i' / 'loss value', grid""",
                "PyTorch now names the node SmoothL1LossBackward0.", f -> {
                    Tensor.manualSeed(5);
                    var loss = new SmoothL1Loss();
                    Tensor input = Tensor.randn(3, 5).requiresGrad_(true);
                    Tensor target = Tensor.randn(3, 5);
                    Tensor output = loss.forward(input, target);
                    output.backward();
                    Tensor inputs = Tensor.linspace(-10, 10, 5000);
                    Tensor zeros = Tensor.zerosLike(inputs);
                    Tensor lossSmooth = new SmoothL1Loss(Reduction.NONE).forward(inputs, zeros);
                    Tensor lossL1 = new L1Loss(Reduction.NONE).forward(inputs, zeros);
                    Map<String, double[][]> series = new LinkedHashMap<>();
                    double[] xs = inputs.toDoubleArray();
                    series.put("Smooth L1 Loss", new double[][] {xs, lossSmooth.toDoubleArray()});
                    series.put("L1 loss", new double[][] {xs, lossL1.toDoubleArray()});
                    Charts.line(series, "x_i - y_i", "loss value", "Smooth L1 vs L1", 800, 600, f);
                    return List.of("SmoothL1Loss: " + output, "figure: " + f.toAbsolutePath());
                }));
        l.add(new Example("3.5.6", "PoissonNLLLoss", """
                Tensor.manualSeed(6);
                var loss = new PoissonNLLLoss();
                Tensor logInput = Tensor.randn(5, 2).requiresGrad_(true);
                Tensor target = Tensor.randn(5, 2);
                Tensor output = loss.forward(logInput, target);
                output.backward();
                System.out.println("PoissonNLLLoss: " + output);""",
                null, f -> {
                    Tensor.manualSeed(6);
                    var loss = new PoissonNLLLoss();
                    Tensor logInput = Tensor.randn(5, 2).requiresGrad_(true);
                    Tensor target = Tensor.randn(5, 2);
                    Tensor output = loss.forward(logInput, target);
                    output.backward();
                    return List.of("PoissonNLLLoss: " + output);
                }));
        l.add(new Example("3.5.7", "KLDivLoss", """
                Tensor inputs = Tensor.of(new float[][] {{0.5f, 0.3f, 0.2f}, {0.2f, 0.3f, 0.5f}});
                Tensor target = Tensor.of(new float[][] {{0.9f, 0.05f, 0.05f}, {0.1f, 0.7f, 0.2f}});
                var loss = new KLDivLoss();
                Tensor output = loss.forward(inputs, target);
                System.out.println("KLDivLoss: " + output);""",
                "KLDivLoss expects log-probabilities as input; the page passes probabilities, hence the negative value"
                        + " (pass inputs.log() for the true divergence, and prefer reduction batchmean).", f -> {
                    Tensor inputs = Tensor.of(new float[][] {{0.5f, 0.3f, 0.2f}, {0.2f, 0.3f, 0.5f}});
                    Tensor target = Tensor.of(new float[][] {{0.9f, 0.05f, 0.05f}, {0.1f, 0.7f, 0.2f}});
                    var loss = new KLDivLoss();
                    Tensor output = loss.forward(inputs, target);
                    return List.of("KLDivLoss: " + output);
                }));
        l.add(new Example("3.5.8", "MarginRankingLoss", """
                Tensor.manualSeed(8);
                var loss = new MarginRankingLoss();
                Tensor input1 = Tensor.randn(3).requiresGrad_(true);
                Tensor input2 = Tensor.randn(3).requiresGrad_(true);
                Tensor target = Tensor.randn(3).sign();
                Tensor output = loss.forward(input1, input2, target);
                output.backward();
                System.out.println("MarginRankingLoss: " + output);""",
                null, f -> {
                    Tensor.manualSeed(8);
                    var loss = new MarginRankingLoss();
                    Tensor input1 = Tensor.randn(3).requiresGrad_(true);
                    Tensor input2 = Tensor.randn(3).requiresGrad_(true);
                    Tensor target = Tensor.randn(3).sign();
                    Tensor output = loss.forward(input1, input2, target);
                    output.backward();
                    return List.of("MarginRankingLoss: " + output);
                }));
        l.add(new Example("3.5.9", "MultiLabelMarginLoss", """
                var loss = new MultiLabelMarginLoss();
                Tensor x = Tensor.of(new float[][] {{0.9f, 0.2f, 0.4f, 0.8f}});
                // for target y, only consider labels 3 and 0, not after label -1
                Tensor y = Tensor.of(new long[][] {{3, 0, -1, 1}});
                Tensor output = loss.forward(x, y);
                System.out.println("MultiLabelMarginLoss: " + output);""",
                "The page's formula reads 1 - x[y[j]] - x[i]; PyTorch computes 1 - (x[y[j]] - x[i]).", f -> {
                    var loss = new MultiLabelMarginLoss();
                    Tensor x = Tensor.of(new float[][] {{0.9f, 0.2f, 0.4f, 0.8f}});
                    Tensor y = Tensor.of(new long[][] {{3, 0, -1, 1}});
                    Tensor output = loss.forward(x, y);
                    return List.of("MultiLabelMarginLoss: " + output);
                }));
        l.add(new Example("3.5.10", "SoftMarginLoss", """
                Tensor inputs = Tensor.of(new float[][] {{0.3f, 0.7f}, {0.5f, 0.5f}});
                Tensor target = Tensor.of(new float[][] {{-1, 1}, {1, -1}});
                var lossF = new SoftMarginLoss();
                Tensor output = lossF.forward(inputs, target);
                System.out.println("SoftMarginLoss: " + output);""",
                "The page's signature line is garbled; the class is torch.nn.SoftMarginLoss(size_average=None, reduce=None, reduction='mean').", f -> {
                    Tensor inputs = Tensor.of(new float[][] {{0.3f, 0.7f}, {0.5f, 0.5f}});
                    Tensor target = Tensor.of(new float[][] {{-1, 1}, {1, -1}});
                    var lossF = new SoftMarginLoss();
                    Tensor output = lossF.forward(inputs, target);
                    return List.of("SoftMarginLoss: " + output);
                }));
        l.add(new Example("3.5.11", "MultiMarginLoss", """
                Tensor inputs = Tensor.of(new float[][] {{0.3f, 0.7f}, {0.5f, 0.5f}});
                Tensor target = Tensor.of(new long[] {0, 1});
                var lossF = new MultiMarginLoss();
                Tensor output = lossF.forward(inputs, target);
                System.out.println("MultiMarginLoss: " + output);""",
                null, f -> {
                    Tensor inputs = Tensor.of(new float[][] {{0.3f, 0.7f}, {0.5f, 0.5f}});
                    Tensor target = Tensor.of(new long[] {0, 1});
                    var lossF = new MultiMarginLoss();
                    Tensor output = lossF.forward(inputs, target);
                    return List.of("MultiMarginLoss: " + output);
                }));
        l.add(new Example("3.5.12", "TripletMarginLoss", """
                Tensor.manualSeed(12);
                var tripletLoss = TripletMarginLoss.builder().margin(1.0).p(2).build();
                Tensor anchor = Tensor.randn(100, 128).requiresGrad_(true);
                Tensor positive = Tensor.randn(100, 128).requiresGrad_(true);
                Tensor negative = Tensor.randn(100, 128).requiresGrad_(true);
                Tensor output = tripletLoss.forward(anchor, positive, negative);
                output.backward();
                System.out.println("TripletMarginLoss: " + output);""",
                null, f -> {
                    Tensor.manualSeed(12);
                    var tripletLoss = TripletMarginLoss.builder().margin(1.0).p(2).build();
                    Tensor anchor = Tensor.randn(100, 128).requiresGrad_(true);
                    Tensor positive = Tensor.randn(100, 128).requiresGrad_(true);
                    Tensor negative = Tensor.randn(100, 128).requiresGrad_(true);
                    Tensor output = tripletLoss.forward(anchor, positive, negative);
                    output.backward();
                    return List.of("TripletMarginLoss: " + output);
                }));
        l.add(new Example("3.5.13", "HingeEmbeddingLoss", """
                var lossF = new HingeEmbeddingLoss();
                Tensor inputs = Tensor.of(new float[][] {{1f, 0.8f, 0.5f}});
                Tensor target = Tensor.of(new long[][] {{1, 1, -1}});
                Tensor output = lossF.forward(inputs, target);
                System.out.println("HingeEmbeddingLoss: " + output);""",
                null, f -> {
                    var lossF = new HingeEmbeddingLoss();
                    Tensor inputs = Tensor.of(new float[][] {{1f, 0.8f, 0.5f}});
                    Tensor target = Tensor.of(new long[][] {{1, 1, -1}});
                    Tensor output = lossF.forward(inputs, target);
                    return List.of("HingeEmbeddingLoss: " + output);
                }));
        l.add(new Example("3.5.14", "CosineEmbeddingLoss", """
                var lossF = new CosineEmbeddingLoss();
                Tensor inputs1 = Tensor.of(new float[][] {{0.3f, 0.5f, 0.7f}, {0.3f, 0.5f, 0.7f}});
                Tensor inputs2 = Tensor.of(new float[][] {{0.1f, 0.3f, 0.5f}, {0.1f, 0.3f, 0.5f}});
                Tensor target = Tensor.of(1f, -1f);
                Tensor output = lossF.forward(inputs1, inputs2, target);
                System.out.println("CosineEmbeddingLoss: " + output);""",
                "The page's 2-D target [[1, -1]] is rejected by current PyTorch (\"0D or 1D target tensor expected,"
                        + " multi-target not supported\"); the 1-D target [1, -1] gives the page's value.", f -> {
                    var lossF = new CosineEmbeddingLoss();
                    Tensor inputs1 = Tensor.of(new float[][] {{0.3f, 0.5f, 0.7f}, {0.3f, 0.5f, 0.7f}});
                    Tensor inputs2 = Tensor.of(new float[][] {{0.1f, 0.3f, 0.5f}, {0.1f, 0.3f, 0.5f}});
                    Tensor target = Tensor.of(1f, -1f);
                    Tensor output = lossF.forward(inputs1, inputs2, target);
                    return List.of("CosineEmbeddingLoss: " + output);
                }));
        l.add(new Example("3.5.15", "CTCLoss", """
                Tensor.manualSeed(15);
                int T = 50;      // Input sequence length
                int C = 20;      // Number of classes (including blank)
                int N = 16;      // Batch size
                int S = 30;      // Target sequence length of longest target in batch (padding length)
                int sMin = 10;   // Minimum target length, for demonstration purposes
                // Targets are padded
                Tensor input = Tensor.randn(T, N, C).logSoftmax(2).detach().requiresGrad_(true);
                Tensor target = Tensor.randint(1, C, N, S);
                Tensor inputLengths = Tensor.full(DType.INT64, T, N);
                Tensor targetLengths = Tensor.randint(sMin, S, N);
                var ctcLoss = new CTCLoss();
                Tensor loss = ctcLoss.forward(input, target, inputLengths, targetLengths);
                loss.backward();
                System.out.println("CTCLoss (padded targets): " + loss);
                // Targets are un-padded
                input = Tensor.randn(T, N, C).logSoftmax(2).detach().requiresGrad_(true);
                inputLengths = Tensor.full(DType.INT64, T, N);
                targetLengths = Tensor.randint(1, T, N);
                target = Tensor.randint(1, C, (int) targetLengths.sum().itemLong());
                loss = ctcLoss.forward(input, target, inputLengths, targetLengths);
                loss.backward();
                System.out.println("CTCLoss: " + loss);""",
                null, f -> {
                    Tensor.manualSeed(15);
                    int T = 50, C = 20, N = 16, S = 30, sMin = 10;
                    Tensor input = Tensor.randn(T, N, C).logSoftmax(2).detach().requiresGrad_(true);
                    Tensor target = Tensor.randint(1, C, N, S);
                    Tensor inputLengths = Tensor.full(DType.INT64, T, N);
                    Tensor targetLengths = Tensor.randint(sMin, S, N);
                    var ctcLoss = new CTCLoss();
                    Tensor loss = ctcLoss.forward(input, target, inputLengths, targetLengths);
                    loss.backward();
                    String first = "CTCLoss (padded targets): " + loss;
                    input = Tensor.randn(T, N, C).logSoftmax(2).detach().requiresGrad_(true);
                    inputLengths = Tensor.full(DType.INT64, T, N);
                    targetLengths = Tensor.randint(1, T, N);
                    target = Tensor.randint(1, C, (int) targetLengths.sum().itemLong());
                    loss = ctcLoss.forward(input, target, inputLengths, targetLengths);
                    loss.backward();
                    return List.of(first, "CTCLoss: " + loss);
                }));
        l.add(new Example("train", "Training", TRAIN_CODE,
                "Sections 3.7 and 3.9 of the tutorial: a model, its initialisation (nn.Linear's own, drawn as PyTorch draws it),"
                        + " a loss and an optimiser. The second run is the same code with opt = "
                        + "SGD.builder().lr(0.1).momentum(0.9).nesterov(true).weightDecay(1e-4).build(model.parameters()).", f -> {
                    Map<String, double[][]> curves = new LinkedHashMap<>();
                    List<String> lines = new ArrayList<>();
                    lines.addAll(train("Adam", p -> new Adam(p, 0.01), curves));
                    lines.addAll(train("SGD", p -> SGD.builder().lr(0.1).momentum(0.9).nesterov(true).weightDecay(1e-4).build(p), curves));
                    Path png = f.resolveSibling("training_loss.png");
                    Charts.line(curves, "step", "loss", "CrossEntropyLoss of a 4-16-3 MLP", 800, 600, png);
                    lines.add("figure: " + png.toAbsolutePath());
                    return lines;
                }));
        return l;
    }

    /** The training loop as the tour shows it (the Adam run; the SGD run differs only in the optimiser). */
    static final String TRAIN_CODE = """
            Tensor.manualSeed(0);
            var model = new Sequential(new Linear(4, 16), new ReLU(), new Linear(16, 3));
            Tensor x = Tensor.randn(64, 4);
            Tensor y = Tensor.randint(0, 3, 64);
            var lossFn = new CrossEntropyLoss();
            var opt = new Adam(model.parameters(), 0.01);
            for (int step = 0; step < 101; step++) {
                opt.zeroGrad();
                Tensor loss = lossFn.forward(model.forward(x), y);
                if (step % 20 == 0) System.out.println("Adam: " + step + " " + loss);
                loss.backward();
                opt.step();
            }""";

    /** Runs {@link #TRAIN_CODE} with an optimiser; returns the printed lines and adds the loss curve to {@code curves}. */
    static List<String> train(String name, java.util.function.Function<List<Tensor>, Optimizer> optimiser, Map<String, double[][]> curves) {
        Tensor.manualSeed(0);
        var model = new Sequential(new Linear(4, 16), new ReLU(), new Linear(16, 3));
        Tensor x = Tensor.randn(64, 4);
        Tensor y = Tensor.randint(0, 3, 64);
        var lossFn = new CrossEntropyLoss();
        Optimizer opt = optimiser.apply(model.parameters());
        List<String> lines = new ArrayList<>();
        double[] steps = new double[101], losses = new double[101];
        for (int step = 0; step < 101; step++) {
            opt.zeroGrad();
            Tensor loss = lossFn.forward(model.forward(x), y);
            if (step % 20 == 0) lines.add(name + ": " + step + " " + loss);
            steps[step] = step;
            losses[step] = loss.item();
            loss.backward();
            opt.step();
        }
        curves.put(name, new double[][] {steps, losses});
        return lines;
    }

    static int run(String section, Path figure, PrintWriter out) throws Exception {
        List<Example> chosen = new ArrayList<>();
        for (Example e : examples()) if (section == null || matches(e, section)) chosen.add(e);
        if (chosen.isEmpty()) {
            throw new Main.BadInput("no tutorial section '" + section + "' (use 3.5.1 ... 3.5.15, 1 ... 15, a loss name, or train)");
        }
        for (Example e : chosen) {
            if (e.section.equals("3.5.5") || e.section.equals("train")) {
                Main.requireWritableFile("--figure", figure);
                String name = figure.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
                if (!name.endsWith(".png") && !name.endsWith(".svg")) throw new Main.BadInput("--figure must end in .png or .svg, got " + figure);
            }
        }
        if (section == null) {
            out.println("The loss-function examples of the PyTorch tutorial (section 3.6), in Java. Random examples seed the");
            out.println("generator with their number, as torch.manual_seed(N) would: PyTorch prints the same for the same seed.");
            out.println();
        }
        for (Example e : chosen) {
            out.println("== " + e.section + " " + e.loss);
            out.println(e.code.indent(4).stripTrailing());
            if (e.note != null) out.println("note: " + e.note);
            for (String line : e.run.run(figure)) out.println(line);
            out.println();
        }
        out.flush();
        return 0;
    }

    static boolean matches(Example e, String s) {
        return e.section.equals(s) || e.loss.equalsIgnoreCase(s) || e.section.equals("3.5." + s);
    }
}
