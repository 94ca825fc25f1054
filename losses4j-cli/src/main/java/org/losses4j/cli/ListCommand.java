package org.losses4j.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.losses4j.nn.Loss;
import org.losses4j.nn.LossOptions;
import org.losses4j.nn.Losses;
import picocli.CommandLine.Command;

/** {@code list}: every loss, its arguments, options with defaults, and accepted shapes. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List every loss with its arguments, options (PyTorch's defaults) and shapes.")
final class ListCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        for (Catalog.Entry e : Catalog.ENTRIES) {
            String args;
            if (Losses.exists(e.name())) {
                Loss l = Losses.create(e.name(), LossOptions.empty());
                args = "--" + String.join(" --", l.argNames());
            } else {
                args = "(not available in this build)";
            }
            out.println(e.name());
            out.println("  arguments: " + args);
            out.println("  options:   " + e.options());
            out.println("  shapes:    " + e.shapes());
        }
        out.flush();
        return 0;
    }
}
