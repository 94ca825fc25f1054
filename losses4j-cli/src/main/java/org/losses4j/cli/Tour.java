package org.losses4j.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.losses4j.Tensor;
import org.losses4j.nn.MSELoss;

/** The tutorial's examples (../shared/seed): the Java code of each, then what it prints. */
final class Tour {
    private Tour() {}

    record Example(String section, String loss, String code, Supplier<String> run) {}

    static List<Example> examples() {
        List<Example> l = new ArrayList<>();
        l.add(new Example("3.5.4", "MSELoss", """
                Tensor.manualSeed(0);
                var loss = new MSELoss();
                Tensor input = Tensor.randn(3, 5).requiresGrad_(true);
                Tensor target = Tensor.randn(3, 5);
                Tensor output = loss.forward(input, target);
                output.backward();
                System.out.println("MSELoss: " + output);""", () -> {
                    Tensor.manualSeed(0);
                    var loss = new MSELoss();
                    Tensor input = Tensor.randn(3, 5).requiresGrad_(true);
                    Tensor target = Tensor.randn(3, 5);
                    Tensor output = loss.forward(input, target);
                    output.backward();
                    return "MSELoss: " + output;
                }));
        return l;
    }

    static int run(String section, PrintWriter out) {
        for (Example e : examples()) {
            if (section != null && !matches(e, section)) continue;
            out.println("== " + e.section + " " + e.loss);
            out.println(e.code.indent(4).stripTrailing());
            out.println(e.run.get());
            out.println();
        }
        out.flush();
        return 0;
    }

    static boolean matches(Example e, String s) {
        return e.section.equals(s) || e.loss.equalsIgnoreCase(s) || e.section.equals("3.5." + s);
    }
}
