package org.losses4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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

/** {@code eval LOSS --ARG FILE... [--OPTION VALUE]... [--grad-output FILE] [--out DIR]}: a loss on NumPy files. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluates a loss on NumPy arrays and prints the result as PyTorch prints it.",
                "",
                "The value is what torch.nn.LOSS(**options)(*args) returns. ARG names are the torch.nn.functional parameter names: "
                        + "--input --target; --input1 --input2 --target; --anchor --positive "
                        + "--negative; --log_probs --targets --input_lengths --target_lengths; --input --target --var. "
                        + "Each takes a .npy file, or one array of a .npz archive as FILE.npz:NAME (a bare FILE.npz gives the array named "
                        + "after the argument, or the archive's only array).",
                "",
                "OPTION names are PyTorch's constructor keywords, for example --reduction sum, --ignore_index 2 or --pos_weight pw.npy; "
                        + "a list keyword takes its values with commas, as QuantileLoss --quantiles 0.1,0.5,0.9.",
                "",
                "With --out, eval also writes DIR/loss.npy and, after a backward pass with the upstream gradient of --grad-output "
                        + "(ones by default), DIR/grad_ARG.npy for every floating-point argument that PyTorch differentiates."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:Success.", "1:An internal failure.",
                "2:Bad input, with one line on stderr that starts with 'error:' and uses PyTorch's words where PyTorch has them."})
final class EvalCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "LOSS", description = "The PyTorch class name, for example CrossEntropyLoss.")
    String lossName;

    @Option(names = "--grad-output", paramLabel = "FILE", description = "The upstream gradient for the backward pass, shaped like the loss "
            + "(a .npy file or FILE.npz:NAME); the default is ones.")
    String gradOutput;

    @Option(names = "--out", paramLabel = "DIR", description = "The directory to write loss.npy and grad_ARG.npy into; it is created if needed.")
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
        LossSpec declared = Losses.find(lossName);
        if (declared == null) throw Names.unknownLoss(lossName);
        if (out != null) Main.requireWritableDirectory("--out", out, out);
        List<String> argNames = declared.argNames();
        KeywordArgs kw = KeywordArgs.parse(rest, argNames);
        Names.requireDeclared(declared, kw.options.keySet(), argNames);
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
        Tensor g = gradOutput == null ? null : new KeywordArgs.NumpyFiles().read(gradOutput, null);
        rejectInt32ClassIndices(lossName, kw.int32, args);
        Tensor loss0 = loss.apply(args);
        spec.commandLine().getOut().println(loss0);
        if (out != null) {
            Files.createDirectories(out);
            NpyTensors.write(out.resolve("loss.npy"), loss0.detach());
            if (loss0.requiresGrad()) {
                if (g == null) g = Tensor.onesLike(loss0.detach());
                if (!Arrays.equals(g.shape(), loss0.shape())) {
                    throw new Main.BadInput("--grad-output has shape " + Arrays.toString(g.shape()) + " but the loss has shape "
                            + Arrays.toString(loss0.shape()));
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
