package org.losses4j.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.losses4j.Tensor;

/**
 * {@code torch.nn.Module}, the part a training loop needs: registered parameters and sub-modules, their names
 * and order as PyTorch gives them ({@code "0.weight"}, {@code "0.bias"}, {@code "2.weight"}, ...: a module's own
 * parameters in registration order, then each child's, depth first), {@code zeroGrad}, {@code train}/{@code eval},
 * and PyTorch's {@code repr}.
 *
 * <p>A subclass registers its parameters ({@link #registerParameter}) and children ({@link #registerModule}) in
 * its constructor and implements {@link #forward(Tensor)}.
 */
public abstract class Module {
    private final Map<String, Tensor> params = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /**
     * The forward pass.
     *
     * @param input the input batch
     * @return the output
     */
    public abstract Tensor forward(Tensor input);

    /**
     * Registers (or replaces) a parameter under {@code name}; a null tensor keeps the name's place without a
     * parameter (as {@code register_parameter('bias', None)}). The tensor is made to require grad.
     *
     * @param name the parameter's name, without dots
     * @param param a leaf tensor, or null
     * @return {@code param}
     * @throws IllegalArgumentException for a null, empty or dotted name, or a non-leaf tensor, with PyTorch's
     *         messages
     */
    protected final Tensor registerParameter(String name, Tensor param) {
        checkName(name);
        if (param != null) {
            if (!param.isLeaf()) {
                throw new IllegalArgumentException("Cannot assign non-leaf Tensor to parameter '" + name + "'. Model parameters must be"
                        + " created explicitly. To express '" + name + "' as a function of another Tensor, compute the value in the forward() method.");
            }
            param.requiresGrad_(true);
        }
        params.put(name, param);
        return param;
    }

    /**
     * Registers (or replaces) a child module under {@code name}.
     *
     * @param <M> the module's type
     * @param name the child's name, without dots
     * @param module the child (null keeps the name's place)
     * @return {@code module}
     * @throws IllegalArgumentException for a null, empty or dotted name
     */
    protected final <M extends Module> M registerModule(String name, M module) {
        checkName(name);
        children.put(name, module);
        return module;
    }

    private static void checkName(String name) {
        if (name == null) throw new IllegalArgumentException("module name should be a string. Got null");
        if (name.contains(".")) throw new IllegalArgumentException("module name can't contain \".\", got: " + name);
        if (name.isEmpty()) throw new IllegalArgumentException("module name can't be empty string \"\"");
    }

    /**
     * {@code named_parameters()}: every parameter with its dotted name, in PyTorch's order (each tensor once).
     *
     * @return an unmodifiable map from dotted name to parameter
     */
    public final Map<String, Tensor> namedParameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        Map<Tensor, Boolean> seen = new java.util.IdentityHashMap<>();
        collect("", out, seen);
        return Collections.unmodifiableMap(out);
    }

    private void collect(String prefix, Map<String, Tensor> out, Map<Tensor, Boolean> seen) {
        for (var e : params.entrySet()) {
            if (e.getValue() != null && seen.put(e.getValue(), Boolean.TRUE) == null) out.put(prefix + e.getKey(), e.getValue());
        }
        for (var e : children.entrySet()) {
            if (e.getValue() != null) e.getValue().collect(prefix + e.getKey() + ".", out, seen);
        }
    }

    /**
     * {@code parameters()}: the tensors of {@link #namedParameters()}, in the same order.
     *
     * @return a new list
     */
    public final List<Tensor> parameters() { return new ArrayList<>(namedParameters().values()); }

    /**
     * The direct children, by name, in registration order ({@code named_children()}).
     *
     * @return an unmodifiable map
     */
    public final Map<String, Module> namedChildren() { return Collections.unmodifiableMap(children); }

    /**
     * {@code zero_grad()}: drops every parameter's gradient (set_to_none=True, PyTorch 2.x's default; PyTorch
     * 1.13 zeroed them in place by default, which is {@link #zeroGrad(boolean) zeroGrad(false)}).
     */
    public final void zeroGrad() { zeroGrad(true); }

    /**
     * {@code zero_grad(set_to_none)}: drop the gradients, or zero them in place.
     *
     * @param setToNone true to drop the gradients, false to fill them with zeros
     */
    public final void zeroGrad(boolean setToNone) {
        for (Tensor p : parameters()) p.zeroGrad(setToNone);
    }

    /**
     * {@code train(mode)}: sets training mode on this module and every descendant. Returns this.
     *
     * @param mode true for training, false for evaluation
     * @return this module
     */
    public Module train(boolean mode) {
        training = mode;
        for (Module m : children.values()) if (m != null) m.train(mode);
        return this;
    }

    /**
     * {@code train()}: training mode.
     *
     * @return this module
     */
    public final Module train() { return train(true); }

    /**
     * {@code eval()}: evaluation mode ({@code train(false)}).
     *
     * @return this module
     */
    public final Module eval() { return train(false); }

    /**
     * {@code self.training}.
     *
     * @return whether this module is in training mode
     */
    public final boolean isTraining() { return training; }

    /**
     * PyTorch's {@code extra_repr()}: the text inside the parentheses of a module without children.
     *
     * @return the text, empty by default
     */
    protected String extraRepr() { return ""; }

    /**
     * The class name PyTorch prints ({@code _get_name()}).
     *
     * @return the simple class name, unless overridden
     */
    protected String name() { return getClass().getSimpleName(); }

    /** PyTorch's {@code repr(module)}, e.g. {@code Linear(in_features=4, out_features=16, bias=True)}. */
    @Override
    public String toString() {
        List<String> extra = new ArrayList<>();
        String er = extraRepr();
        if (!er.isEmpty()) extra.addAll(List.of(er.split("\n", -1)));
        List<String> childLines = new ArrayList<>();
        for (var e : children.entrySet()) {
            String s = String.valueOf(e.getValue()).replace("\n", "\n  ");
            childLines.add("(" + e.getKey() + "): " + s);
        }
        StringBuilder sb = new StringBuilder(name()).append('(');
        if (extra.size() == 1 && childLines.isEmpty()) {
            sb.append(extra.get(0));
        } else if (!extra.isEmpty() || !childLines.isEmpty()) {
            List<String> lines = new ArrayList<>(extra);
            lines.addAll(childLines);
            sb.append("\n  ").append(String.join("\n  ", lines)).append('\n');
        }
        return sb.append(')').toString();
    }
}
