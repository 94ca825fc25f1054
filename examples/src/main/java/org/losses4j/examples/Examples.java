package org.losses4j.examples;

import org.losses4j.Losses4j;

/**
 * Runs the README's examples and says how it was run: which kernels compute the losses ({@code panama}, the
 * Vector API ones, or {@code scalar}) and whether the application is a named module or on the class path. The
 * numbers are the same either way, and PyTorch's.
 */
public final class Examples {
    private Examples() {}

    /**
     * Prints the kernels and the way the application runs, then runs {@link FirstExample} and {@link Training}.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        Module module = Examples.class.getModule();
        System.out.println("kernels: " + Losses4j.provider() + " (" + Losses4j.providerReason() + ")");
        System.out.println("running: " + (module.isNamed() ? "module " + module.getName() : "on the class path"));
        FirstExample.main(args);
        Training.main(args);
    }
}
