package org.losses4j.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.losses4j.DType;
import org.losses4j.Generator;
import org.losses4j.Tensor;
import org.losses4j.autograd.GradCheck;
import org.losses4j.autograd.GradMode;
import org.losses4j.nn.Loss;
import org.losses4j.nn.LossOptions;
import org.losses4j.nn.Losses;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/**
 * {@code gradcheck LOSS [--shape SHAPE] [--dtype DTYPE] [--OPTION VALUE]...}: finite differences in float64 on random
 * inputs of a given shape.
 */
@Command(name = "gradcheck", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Checks a loss's gradients against central differences in float64 (eps 1e-6, atol 1e-5, rtol 1e-3, as "
                + "torch.autograd.gradcheck) on random inputs.",
                "",
                "--shape gives the shape of the loss's first argument; the other arguments follow from it (class-index targets for "
                        + "(N, C) logits, CTC targets and lengths for (T, N, C) log-probabilities). OPTIONs are PyTorch's constructor "
                        + "keywords; a tensor option (--weight w.npy, --pos_weight pw.npz:pw) is cast to the check's dtype, so a "
                        + "float32 file serves a float64 check.",
                "",
                "With --dtype float32 the analytical gradients come from the float32 kernels and are compared with float64 central "
                        + "differences at the same (float32) values. CTCLoss is checked through log_softmax, where PyTorch's gradient and "
                        + "the true derivative agree."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:The gradients passed.", "1:The gradients failed the check, or an internal failure.", "2:Bad input."})
final class GradcheckCommand implements Callable<Integer> {
    /** Elements of the first argument at most: the check backpropagates once per output and evaluates twice per input element. */
    static final int MAX_ELEMENTS = 4096;

    @Parameters(index = "0", paramLabel = "LOSS", description = "The PyTorch class name, for example BCEWithLogitsLoss.")
    String lossName;

    @Option(names = "--shape", paramLabel = "SHAPE", description = "The shape of the first argument, such as 4,10 or 4x10; () is a "
            + "scalar. The default is the loss's own sample shape, (3, 5) for most losses.")
    String shape;

    @Option(names = "--dtype", paramLabel = "DTYPE", defaultValue = "float64",
            description = "The dtype of the analytical gradients: float64 (the default) or float32.")
    String dtype;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "The seed of the random inputs; the default is ${DEFAULT-VALUE}.")
    long seed;

    @Unmatched List<String> rest = new ArrayList<>();

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Catalog.Entry entry = Catalog.find(lossName);
        DType checked = parseDtype(dtype);
        int[] firstShape = shape == null ? null : parseShape(shape);
        KeywordArgs kw = KeywordArgs.parse(rest, List.of());
        Names.requireDeclared(entry.spec(), kw.options.keySet(), List.of());
        // tensor options in the dtype of the loss's computation: float32 values for both passes in float32 mode
        Map<String, Object> opts64 = new LinkedHashMap<>(kw.options), opts32 = new LinkedHashMap<>(kw.options);
        for (var e : kw.options.entrySet()) {
            if (!(e.getValue() instanceof Tensor t)) continue;
            Tensor v = checked == DType.FLOAT32 ? t.to(DType.FLOAT32) : t;
            opts32.put(e.getKey(), v);
            opts64.put(e.getKey(), v.to(DType.FLOAT64));
        }
        Loss loss64 = Losses.create(lossName, new LossOptions(opts64));
        Loss loss32 = checked == DType.FLOAT32 ? Losses.create(lossName, new LossOptions(opts32)) : loss64;
        Map<String, Tensor> sample = Catalog.sample(entry, kw.options, new Generator(seed), firstShape);
        List<String> names = entry.spec().argNames();
        Tensor[] inputs = new Tensor[names.size()];
        int elements = 0;
        for (int i = 0; i < inputs.length; i++) {
            Tensor t = sample.get(names.get(i));
            if (t != null && t.dtype().isFloatingPoint()) {
                // float32 mode: float32 values, held in float64 so the numerical pass perturbs them in float64
                t = checked == DType.FLOAT32 ? t.to(DType.FLOAT32).to(DType.FLOAT64) : t.to(DType.FLOAT64);
                t = t.detach().contiguous();
                if (entry.spec().args().get(i).differentiable()) {
                    t.requiresGrad_(true);
                    elements += t.numel();
                }
            }
            inputs[i] = t;
        }
        if (elements > MAX_ELEMENTS) {
            throw new Main.BadInput("--shape " + Catalog.str(sample.get(names.get(0)).shape()) + " gives " + elements
                    + " input elements to perturb; gradcheck takes at most " + MAX_ELEMENTS);
        }
        boolean viaLogSoftmax = entry.throughLogSoftmax();
        boolean float32 = checked == DType.FLOAT32;
        // GradCheck computes the analytical gradients with grad mode on and the central differences under no_grad:
        // in float32 mode the first go through the float32 kernels, the second through float64 at the same values.
        GradCheck.Result r = GradCheck.check(in -> {
            Tensor[] a = in.clone();
            boolean analytical = float32 && GradMode.isEnabled();
            if (analytical) for (int i = 0; i < a.length; i++) if (a[i] != null && a[i].dtype().isFloatingPoint()) a[i] = a[i].to(DType.FLOAT32);
            if (viaLogSoftmax) a[0] = a[0].logSoftmax(a[0].dim() - 1);
            return (analytical ? loss32 : loss64).apply(a);
        }, inputs);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%s: %s %s %s; largest |analytical - numerical| = %.3e over %d input elements%s%n", lossName, names.get(0),
                Catalog.str(inputs[0].shape()), checked.torchName().replace("torch.", ""), r.maxAbsDiff(), elements,
                viaLogSoftmax ? " (through log_softmax)" : "");
        out.println(r.passed() ? "passed" : "FAILED at " + r.worst());
        out.flush();
        return r.passed() ? 0 : 1;
    }

    static DType parseDtype(String s) {
        switch (s.toLowerCase(Locale.ROOT)) {
            case "float64": case "torch.float64": case "double": return DType.FLOAT64;
            case "float32": case "torch.float32": case "float": return DType.FLOAT32;
            default: throw new Main.BadInput("--dtype must be float64 or float32, got '" + s + "'");
        }
    }

    /** 4,10 / 4x10 / (4, 10) / [4, 10] / 7 / () as a shape; every size at least 1. */
    static int[] parseShape(String s) {
        String t = s.trim();
        if ((t.startsWith("(") && t.endsWith(")")) || (t.startsWith("[") && t.endsWith("]"))) t = t.substring(1, t.length() - 1).trim();
        if (t.isEmpty()) return new int[0];
        String[] parts = t.split("\\s*[,xX*]\\s*", -1);
        if (parts.length > 1 && parts[parts.length - 1].isEmpty()) parts = java.util.Arrays.copyOf(parts, parts.length - 1);  // (7,)
        int[] r = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                r[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new Main.BadInput("--shape expects sizes such as 4,10 or 4x10, got '" + s + "'");
            }
            if (r[i] < 1) throw new Main.BadInput("--shape needs every size to be at least 1, got '" + s + "'");
            if (r[i] > MAX_ELEMENTS) throw new Main.BadInput("--shape " + s + " has more than " + MAX_ELEMENTS + " elements; gradcheck takes at most " + MAX_ELEMENTS);
        }
        long n = 1;
        for (int v : r) {
            n *= v;
            if (n > MAX_ELEMENTS) throw new Main.BadInput("--shape " + s + " has more than " + MAX_ELEMENTS + " elements; gradcheck takes at most " + MAX_ELEMENTS);
        }
        if (r.length > 8) throw new Main.BadInput("--shape " + s + " has " + r.length + " dimensions; gradcheck takes at most 8");
        return r;
    }
}
