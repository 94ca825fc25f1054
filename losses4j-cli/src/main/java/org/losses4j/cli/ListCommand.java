package org.losses4j.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.losses4j.nn.LossSpec;
import org.losses4j.nn.Losses;
import picocli.CommandLine.Command;

/** {@code list}: every declared loss, its arguments, options with defaults, accepted shapes and grad_fn names. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "Lists every loss with its arguments (their shapes, and whether PyTorch differentiates them), its options with "
                + "PyTorch's defaults, its output's shape and its grad_fn names.")
final class ListCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        for (LossSpec s : Losses.ALL) {
            out.println(s.name() + "  (" + s.qualifiedName() + "; functional: " + s.functional() + ")");
            out.println("  arguments: --" + String.join(" --", s.argNames()));
            for (LossSpec.Arg a : s.args()) {
                String kind = (a.required() ? "required" : "optional") + (a.differentiable() ? ", differentiable" : "");
                out.printf("    %-16s %-26s %s%n", a.name(), kind, a.accepts());
            }
            List<String> sig = new ArrayList<>();
            for (LossSpec.Option o : s.options()) sig.add(o.toString());
            out.println("  options:   " + (sig.isEmpty() ? "(none)" : String.join(", ", sig)));
            for (LossSpec.Option o : s.options()) {
                out.printf("    %-16s %-26s %s%n", o.name(), o.type().python() + " = " + o.defaultValue(), o.description());
            }
            out.println("  output:    " + s.output());
            out.println("  grad_fn:   " + String.join(", ", s.gradFns()));
        }
        out.flush();
        return 0;
    }
}
