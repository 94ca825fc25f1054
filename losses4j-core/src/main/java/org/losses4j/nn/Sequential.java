package org.losses4j.nn;

import java.util.ArrayList;
import java.util.List;
import org.losses4j.Tensor;

/**
 * {@code torch.nn.Sequential}: the modules in order, each one's output the next one's input; they are
 * registered as children "0", "1", ..., so parameters are named {@code "0.weight"}, {@code "0.bias"}, ...
 */
public final class Sequential extends Module {
    private final List<Module> modules = new ArrayList<>();

    /**
     * {@code nn.Sequential(*modules)}.
     *
     * @param modules the modules, in the order they run
     */
    public Sequential(Module... modules) {
        for (Module m : modules) append(m);
    }

    /**
     * {@code append(module)}: adds a module at the end. Returns this.
     *
     * @param module the module to run last
     * @return this
     */
    public Sequential append(Module module) {
        registerModule(Integer.toString(modules.size()), module);
        modules.add(module);
        return this;
    }

    /**
     * The i-th module ({@code seq[i]}; negative counts from the end).
     *
     * @param i the position
     * @return the module
     * @throws IndexOutOfBoundsException when i is out of range
     */
    public Module get(int i) {
        int n = modules.size();
        int k = i < 0 ? i + n : i;
        if (k < 0 || k >= n) throw new IndexOutOfBoundsException("index " + i + " is out of range");
        return modules.get(k);
    }

    /**
     * {@code len(seq)}.
     *
     * @return the number of modules
     */
    public int size() { return modules.size(); }

    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        for (Module m : modules) x = m.forward(x);
        return x;
    }
}
