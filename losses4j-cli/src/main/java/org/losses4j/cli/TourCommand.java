package org.losses4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tour [SECTION]}: the tutorial's fifteen examples, as Java, with what they print. */
@Command(name = "tour", mixinStandardHelpOptions = true,
        description = {"Runs the tutorial's fifteen loss examples (3.5.1 to 3.5.15) as Java and prints what PyTorch prints for them.",
                "",
                "Section 3.5.5 also draws the Smooth L1 vs L1 figure and prints its path. Section train trains a small MLP with Adam and "
                        + "with SGD, prints PyTorch's losses, and plots both loss curves in training_loss.png beside the 3.5.5 figure."})
final class TourCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "SECTION", description = "One section, as 3.5.2, 2, CrossEntropyLoss or train; the default is every section.") String section;

    @Option(names = "--figure", paramLabel = "FILE.png", description = "Where section 3.5.5 writes its figure, a .png or .svg file; the default is ${DEFAULT-VALUE}.",
            defaultValue = "${sys:java.io.tmpdir}/losses4j/smooth_l1_vs_l1.png")
    Path figure;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return Tour.run(section, figure, spec.commandLine().getOut());
    }
}
