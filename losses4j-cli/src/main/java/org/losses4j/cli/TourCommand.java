package org.losses4j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tour [SECTION]}: the tutorial's fifteen examples, as Java, with what they print. */
@Command(name = "tour", mixinStandardHelpOptions = true, description = "Run the tutorial's fifteen loss examples (3.5.1 to 3.5.15) as Java, printing what PyTorch prints.")
final class TourCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "SECTION", description = "one section, e.g. 3.5.2 or 2 or CrossEntropyLoss") String section;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return Tour.run(section, spec.commandLine().getOut());
    }
}
