package org.losses4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.losses4j.Tensor;
import org.losses4j.io.NpyTensors;
import org.losses4j.nn.Loss;
import org.losses4j.nn.LossOptions;
import org.losses4j.nn.LossSpec;
import org.losses4j.nn.Losses;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/** {@code eval LOSS [--OPTION VALUE]... --ARG FILE.npy... [--grad-output FILE.npy] [--out DIR]}. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluate a loss on NumPy files, as torch.nn.LOSS(**options)(*args) would.",
                "OPTION names are PyTorch's constructor keywords (--reduction sum --ignore_index 2 --pos_weight pw.npy);",
                "ARG names are the torch.nn.functional parameter names (--input --target, --input1 --input2 --target,",
                "--anchor --positive --negative, --log_probs --targets --input_lengths --target_lengths, --input --target --var).",
                "Prints the loss as PyTorch prints it; with --out writes DIR/loss.npy and DIR/grad_<ARG>.npy for every",
                "floating-point ARG that PyTorch differentiates, after backward with --grad-output (default: ones)."},
        exitCodeListHeading = "%nExit status:%n", exitCodeList = {"0:success", "2:bad input (one 'error:' line on stderr)", "1:internal failure"})
final class EvalCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "LOSS", description = "PyTorch class name, e.g. CrossEntropyLoss")
    String lossName;

    @Option(names = "--grad-output", paramLabel = "FILE.npy", description = "upstream gradient for backward (default: ones like the loss)")
    Path gradOutput;

    @Option(names = "--out", paramLabel = "DIR", description = "write loss.npy and grad_<ARG>.npy here")
    Path out;

    @Unmatched
    List<String> rest = new ArrayList<>();

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    /**
     * The class-index targets PyTorch reads as int64 only: from an int32 file (int32 after torch.from_numpy) they fail
     * with PyTorch's message, not widened as every other int32 file is (CTCLoss takes int32 targets and lengths).
     */
    static final java.util.Set<String> LONG_TARGETS = java.util.Set.of("NLLLoss", "CrossEntropyLoss", "MultiMarginLoss", "MultiLabelMarginLoss");

    static void rejectInt32ClassIndices(String lossName, java.util.Set<String> int32, Tensor[] args) {
        if (!LONG_TARGETS.contains(lossName) || !int32.contains("target")) return;
        if (lossName.equals("CrossEntropyLoss") && java.util.Arrays.equals(args[0].shape(), args[1].shape())) {
            throw new Main.BadInput("Expected floating point type for target with class probabilities, got Int");
        }
        throw new Main.BadInput("expected scalar type Long but found Int (the target file holds int32 class indices; PyTorch takes int64:"
                + " save it with .astype(np.int64))");
    }

    @Override
    public Integer call() throws Exception {
        if (!Losses.NAMES.contains(lossName)) {
            throw new Main.BadInput("unknown loss '" + lossName + "' (known: " + String.join(", ", Losses.NAMES) + ")");
        }
        LossSpec declared = Losses.spec(lossName);
        List<String> argNames = declared.argNames();
        KeywordArgs kw = KeywordArgs.parse(rest, argNames);
        Loss loss = Losses.create(lossName, new LossOptions(kw.options));
        Tensor[] args = new Tensor[argNames.size()];
        for (int i = 0; i < args.length; i++) {
            Tensor t = kw.tensors.get(argNames.get(i));
            LossSpec.Arg arg = declared.args().get(i);
            if (t == null && arg.required()) {
                throw new Main.BadInput(lossName + " needs --" + argNames.get(i) + " FILE.npy (arguments: --" + String.join(" --", argNames) + ")");
            }
            if (t != null && t.dtype().isFloatingPoint() && arg.differentiable()) t.requiresGrad_(true);
            args[i] = t;
        }
        rejectInt32ClassIndices(lossName, kw.int32, args);
        Tensor loss0 = loss.apply(args);
        spec.commandLine().getOut().println(loss0);
        if (out != null) {
            Files.createDirectories(out);
            NpyTensors.write(out.resolve("loss.npy"), loss0.detach());
            if (loss0.requiresGrad()) {
                Tensor g = gradOutput == null ? Tensor.onesLike(loss0.detach()) : NpyTensors.read(gradOutput);
                if (!java.util.Arrays.equals(g.shape(), loss0.shape())) {
                    throw new Main.BadInput("--grad-output has shape " + java.util.Arrays.toString(g.shape()) + " but the loss has shape "
                            + java.util.Arrays.toString(loss0.shape()));
                }
                if (!g.dtype().isFloatingPoint()) throw new Main.BadInput("--grad-output must be floating point, got " + g.dtype().torchName());
                loss0.backward(g.to(loss0.dtype()));
                for (int i = 0; i < args.length; i++) {
                    if (args[i] != null && args[i].grad() != null) {
                        NpyTensors.write(out.resolve("grad_" + argNames.get(i) + ".npy"), args[i].grad());
                    }
                }
            }
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
