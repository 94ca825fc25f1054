package org.losses4j.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.losses4j.DType;
import org.losses4j.Generator;
import org.losses4j.Tensor;
import org.losses4j.autograd.GradCheck;
import org.losses4j.nn.Loss;
import org.losses4j.nn.LossOptions;
import org.losses4j.nn.Losses;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/** {@code gradcheck LOSS [--OPTION VALUE]...}: finite differences in float64 on random inputs of a sensible shape. */
@Command(name = "gradcheck", mixinStandardHelpOptions = true,
        description = {"Check a loss's gradients against float64 central differences (eps 1e-6, atol 1e-5, rtol 1e-3, as torch.autograd.gradcheck)",
                "on random inputs of a sensible shape. OPTIONs are PyTorch's constructor keywords. CTCLoss is checked through",
                "log_softmax, where PyTorch's gradient and the true derivative agree."},
        exitCodeListHeading = "%nExit status:%n", exitCodeList = {"0:passed", "1:failed", "2:bad input"})
final class GradcheckCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "LOSS") String lossName;

    @Option(names = "--seed", description = "seed of the random inputs (default ${DEFAULT-VALUE})", defaultValue = "0") long seed;

    @Unmatched List<String> rest = new ArrayList<>();

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Catalog.Entry entry = Catalog.find(lossName);
        KeywordArgs kw = KeywordArgs.parse(rest, List.of());
        Loss loss = Losses.create(lossName, new LossOptions(kw.options));
        Map<String, Tensor> sample = Catalog.sample(entry, kw.options, new Generator(seed));
        List<String> names = entry.spec().argNames();
        Tensor[] inputs = new Tensor[names.size()];
        int checked = 0;
        for (int i = 0; i < inputs.length; i++) {
            Tensor t = sample.get(names.get(i));
            if (t != null && t.dtype().isFloatingPoint() && entry.spec().args().get(i).differentiable()) {
                t = t.to(DType.FLOAT64).detach().contiguous().requiresGrad_(true);
                checked += t.numel();
            }
            inputs[i] = t;
        }
        boolean viaLogSoftmax = entry.throughLogSoftmax();
        GradCheck.Result r = GradCheck.check(in -> {
            Tensor[] a = in.clone();
            if (viaLogSoftmax) a[0] = a[0].logSoftmax(a[0].dim() - 1);
            return loss.apply(a);
        }, inputs);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%s: largest |analytical - numerical| = %.3e over %d input elements%s%n", lossName, r.maxAbsDiff(), checked,
                viaLogSoftmax ? " (through log_softmax)" : "");
        out.println(r.passed() ? "passed" : "FAILED at " + r.worst());
        out.flush();
        return r.passed() ? 0 : 1;
    }
}
