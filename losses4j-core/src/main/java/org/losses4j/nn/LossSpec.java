package org.losses4j.nn;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * What one loss is, declared once in its own class as {@code public static final LossSpec SPEC}: where it comes
 * from (its {@link #source()}, e.g. {@code torch.nn}), its class and functional names, its tensor arguments in
 * functional order (which are differentiable, which are required, what they accept), its constructor keywords with
 * their types and defaults, the grad_fn names its outputs carry, the shape of its output, and the factory that
 * builds it from keywords. {@link Losses} lists every declaration; the command line, the benchmarks and the tests
 * read names, arguments and options from here.
 *
 * <pre>{@code
 * public static final LossSpec SPEC = LossSpec.torchNn("MSELoss", "mse_loss", MSELoss::fromOptions)
 *         .arg("input", "(*) float32 or float64")
 *         .arg("target", "(*) broadcastable with input")
 *         .sizeAverage().reduce().reduction()
 *         .gradFn("MseLossBackward0")
 *         .output("scalar; with reduction='none' the broadcast shape of input and target")
 *         .build();
 * }</pre>
 *
 * <p>Immutable; safe to share.
 */
public final class LossSpec {
    /** The source of PyTorch's own losses. */
    public static final String TORCH_NN = "torch.nn";

    /**
     * One tensor argument of the loss, in functional order.
     *
     * @param name           the torch.nn.functional parameter name, e.g. {@code input}, {@code log_probs}
     * @param differentiable whether PyTorch differentiates it when it is floating point (integer arguments, such as
     *                       class indices and lengths, never are)
     * @param required       whether a call must give it
     * @param accepts        its accepted shapes and dtypes, in words
     */
    public record Arg(String name, boolean differentiable, boolean required, String accepts) {
        /**
         * Checks the components.
         *
         * @param name the parameter name
         * @param differentiable whether PyTorch differentiates it
         * @param required whether a call must give it
         * @param accepts its accepted shapes and dtypes
         * @throws NullPointerException for a null name or accepts
         */
        public Arg {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(accepts, "accepts");
        }
    }

    /** The Python type of a constructor keyword. */
    public enum Type {
        /** {@code float}: read with {@link LossOptions#getDouble}. */
        FLOAT("float"),
        /** {@code int}: read with {@link LossOptions#getLong}. */
        INT("int"),
        /** {@code bool}: read with {@link LossOptions#getBool}. */
        BOOL("bool"),
        /** {@code Optional[bool]}, None allowed: read with {@link LossOptions#getBoolOrNull}. */
        OPTIONAL_BOOL("Optional[bool]"),
        /** {@code str}: read with {@link LossOptions#getString}. */
        STR("str"),
        /** {@code Optional[str]}, None allowed. */
        OPTIONAL_STR("Optional[str]"),
        /** {@code Optional[Tensor]}, None allowed: read with {@link LossOptions#getTensor}. */
        OPTIONAL_TENSOR("Optional[Tensor]"),
        /** A list of floats: Python's {@code [0.1, 0.5, 0.9]}, given on the command line as {@code 0.1,0.5,0.9}; read with {@link LossOptions#getDoubleList}. */
        FLOAT_LIST("List[float]");

        private final String python;

        Type(String python) { this.python = python; }

        /**
         * The type as PyTorch's signatures write it, e.g. {@code Optional[Tensor]}.
         *
         * @return the Python spelling
         */
        public String python() { return python; }
    }

    /**
     * One constructor keyword.
     *
     * @param name         PyTorch's keyword, e.g. {@code ignore_index}
     * @param type         its type
     * @param defaultValue its default as Python writes it: {@code 'mean'}, {@code None}, {@code -100}, {@code 1e-08}, {@code False}
     * @param description  one line
     */
    public record Option(String name, Type type, String defaultValue, String description) {
        /**
         * Checks the components.
         *
         * @param name PyTorch's keyword
         * @param type its type
         * @param defaultValue its default as Python writes it
         * @param description one line
         * @throws NullPointerException for a null component
         */
        public Option {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(defaultValue, "defaultValue");
            Objects.requireNonNull(description, "description");
        }

        /** {@code name=default}, as in PyTorch's signature. */
        @Override
        public String toString() { return name + "=" + defaultValue; }
    }

    private final String source;
    private final boolean external;
    private final String name;
    private final String functional;
    private final List<Arg> args;
    private final List<Option> options;
    private final List<String> gradFns;
    private final String output;
    private final Function<LossOptions, ? extends Loss> factory;

    private LossSpec(Builder b) {
        this.source = b.source;
        this.external = b.external;
        this.name = b.name;
        this.functional = b.functional;
        this.args = List.copyOf(b.args);
        this.options = List.copyOf(b.options);
        this.gradFns = List.copyOf(b.gradFns);
        this.output = b.output;
        this.factory = b.factory;
    }

    /**
     * Starts the declaration of a {@code torch.nn} loss.
     *
     * @param name the class name, e.g. {@code MSELoss}
     * @param functional the functional form's name, e.g. {@code mse_loss}
     * @param factory builds the loss from keywords (the class's {@code fromOptions})
     * @return a builder to declare the arguments, keywords, grad_fns and output on
     * @throws NullPointerException for a null argument
     */
    public static Builder torchNn(String name, String functional, Function<LossOptions, ? extends Loss> factory) {
        return new Builder(TORCH_NN, false, name, functional, factory);
    }

    /**
     * Starts the declaration of a loss that is not in {@code torch.nn}: {@code source} names the definition it
     * reproduces as its users call it, {@code torchvision.ops.sigmoid_focal_loss} or {@code keras.losses.log_cosh}
     * (the paper, for a loss no library ships). That name is also its {@link #qualifiedName()}, since the class name
     * here (e.g. {@code SigmoidFocalLoss}) need not exist there.
     *
     * @param name       the class name, which {@link Losses#create} and the command line take
     * @param functional the name of its {@code F} method in snake case, e.g. {@code sigmoid_focal_loss}
     * @param source     the original definition, e.g. {@code torchvision.ops.sigmoid_focal_loss}
     * @param factory    builds the loss from keywords ({@code fromOptions})
     * @return the builder
     */
    public static Builder external(String name, String functional, String source, Function<LossOptions, ? extends Loss> factory) {
        return new Builder(source, true, name, functional, factory);
    }

    /**
     * Where the loss comes from: {@code torch.nn} for PyTorch's own; for a loss declared by {@link #external}, the
     * definition it reproduces, e.g. {@code torchvision.ops.sigmoid_focal_loss}.
     *
     * @return the source
     */
    public String source() { return source; }

    /**
     * Whether the loss is one of {@code torch.nn}'s.
     *
     * @return true for the 21 losses of torch.nn
     */
    public boolean isTorchNn() { return TORCH_NN.equals(source) && !external; }

    /**
     * The class name, e.g. {@code CrossEntropyLoss}: the name {@link Losses#create} and the command line take.
     *
     * @return the name
     */
    public String name() { return name; }

    /**
     * {@code source.name}, e.g. {@code torch.nn.CrossEntropyLoss}; for a loss declared by {@link #external}, its
     * source, e.g. {@code keras.losses.log_cosh}.
     *
     * @return the qualified name
     */
    public String qualifiedName() { return external ? source : source + "." + name; }

    /**
     * The functional form's name, e.g. {@code cross_entropy} ({@code torch.nn.functional.cross_entropy}).
     *
     * @return the functional name
     */
    public String functional() { return functional; }

    /**
     * The tensor arguments in functional order.
     *
     * @return an unmodifiable list
     */
    public List<Arg> args() { return args; }

    /**
     * The tensor argument names in functional order (what {@link Loss#argNames()} returns).
     *
     * @return an unmodifiable list of names
     */
    public List<String> argNames() {
        List<String> r = new ArrayList<>(args.size());
        for (Arg a : args) r.add(a.name());
        return List.copyOf(r);
    }

    /**
     * The argument of this name, or null.
     *
     * @param argName a functional parameter name, e.g. {@code target}
     * @return the argument, or null when the loss has none of that name
     */
    public Arg arg(String argName) {
        for (Arg a : args) if (a.name().equals(argName)) return a;
        return null;
    }

    /**
     * The constructor keywords in PyTorch's signature order.
     *
     * @return an unmodifiable list
     */
    public List<Option> options() { return options; }

    /**
     * The keyword of this name, or null.
     *
     * @param optionName a keyword, e.g. {@code reduction}
     * @return the keyword, or null when the loss has none of that name
     */
    public Option option(String optionName) {
        for (Option o : options) if (o.name().equals(optionName)) return o;
        return null;
    }

    /**
     * Every grad_fn name the loss's output may carry (it depends on the reduction and the inputs' shapes).
     *
     * @return an unmodifiable list, e.g. {@code [MseLossBackward0]}
     */
    public List<String> gradFns() { return gradFns; }

    /**
     * The output's shape, in words.
     *
     * @return e.g. {@code scalar; with reduction='none' the broadcast shape of input and target}
     */
    public String output() { return output; }

    /**
     * Builds the loss from keywords, as {@code fromOptions} does; {@link Losses#create} also rejects unread keywords.
     *
     * @param options PyTorch's keywords by name
     * @return a new loss
     * @throws IllegalArgumentException for a value of the wrong type or out of range
     */
    public Loss create(LossOptions options) { return factory.apply(options); }

    @Override
    public String toString() { return qualifiedName(); }

    /** Collects a declaration; {@link #build()} checks it. */
    public static final class Builder {
        private final String source;
        private final boolean external;
        private final String name;
        private final String functional;
        private final Function<LossOptions, ? extends Loss> factory;
        private final List<Arg> args = new ArrayList<>();
        private final List<Option> options = new ArrayList<>();
        private final List<String> gradFns = new ArrayList<>();
        private String output;

        private Builder(String source, boolean external, String name, String functional, Function<LossOptions, ? extends Loss> factory) {
            this.source = Objects.requireNonNull(source, "source");
            this.external = external;
            this.name = Objects.requireNonNull(name, "name");
            this.functional = Objects.requireNonNull(functional, "functional");
            this.factory = Objects.requireNonNull(factory, "factory");
        }

        /**
         * A required argument PyTorch differentiates when it is floating point.
         *
         * @param argName the functional parameter name
         * @param accepts its accepted shapes and dtypes, in words
         * @return this builder
         */
        public Builder arg(String argName, String accepts) { return arg(new Arg(argName, true, true, accepts)); }

        /**
         * A required argument PyTorch never differentiates (class indices, lengths, ±1 labels it refuses to
         * differentiate).
         *
         * @param argName the functional parameter name
         * @param accepts its accepted shapes and dtypes, in words
         * @return this builder
         */
        public Builder constant(String argName, String accepts) { return arg(new Arg(argName, false, true, accepts)); }

        /**
         * Adds a tensor argument, after those declared before.
         *
         * @param a the argument
         * @return this builder
         */
        public Builder arg(Arg a) {
            args.add(a);
            return this;
        }

        /**
         * Adds a constructor keyword, after those declared before.
         *
         * @param optionName PyTorch's keyword, e.g. {@code ignore_index}
         * @param type its Python type
         * @param defaultValue its default as Python writes it, e.g. {@code -100}
         * @param description one line
         * @return this builder
         */
        public Builder option(String optionName, Type type, String defaultValue, String description) {
            options.add(new Option(optionName, type, defaultValue, description));
            return this;
        }

        /**
         * {@code weight=None}: a rescaling weight, described by {@code description}.
         *
         * @param description what the weight rescales, e.g. {@code (C) rescaling weight of each class}
         * @return this builder
         */
        public Builder weight(String description) { return option("weight", Type.OPTIONAL_TENSOR, "None", description); }

        /**
         * The legacy {@code size_average=None}.
         *
         * @return this builder
         */
        public Builder sizeAverage() {
            return option("size_average", Type.OPTIONAL_BOOL, "None", "deprecated: with reduce, overrides reduction (False: sum; True or None: mean)");
        }

        /**
         * The legacy {@code reduce=None}.
         *
         * @return this builder
         */
        public Builder reduce() {
            return option("reduce", Type.OPTIONAL_BOOL, "None", "deprecated: False gives reduction='none', overriding reduction and size_average");
        }

        /**
         * {@code reduction='mean'} with {@code 'none' | 'mean' | 'sum'}.
         *
         * @return this builder
         */
        public Builder reduction() { return reduction("'none' | 'mean' | 'sum'"); }

        /**
         * {@code reduction='mean'} with the given choices.
         *
         * @param choices the accepted strings, e.g. {@code 'none' | 'batchmean' | 'sum' | 'mean'}
         * @return this builder
         */
        public Builder reduction(String choices) {
            return option("reduction", Type.STR, "'mean'", choices + ": how the per-element losses are reduced");
        }

        /**
         * The grad_fn names the output may carry.
         *
         * @param names PyTorch's backward class names
         * @return this builder
         */
        public Builder gradFn(String... names) {
            gradFns.addAll(List.of(names));
            return this;
        }

        /**
         * The output's shape, in words.
         *
         * @param shape e.g. {@code scalar; with reduction='none' (N)}
         * @return this builder
         */
        public Builder output(String shape) {
            this.output = shape;
            return this;
        }

        /**
         * The declaration; fails on a repeated argument or keyword, or a missing grad_fn or output.
         *
         * @return the declaration
         * @throws IllegalStateException on a repeated argument or keyword, no argument, no grad_fn or no output
         */
        public LossSpec build() {
            Set<String> seen = new HashSet<>();
            for (Arg a : args) if (!seen.add(a.name())) throw new IllegalStateException(name + ": argument " + a.name() + " declared twice");
            for (Option o : options) if (!seen.add(o.name())) throw new IllegalStateException(name + ": keyword " + o.name() + " declared twice");
            if (args.isEmpty()) throw new IllegalStateException(name + ": no arguments");
            if (gradFns.isEmpty()) throw new IllegalStateException(name + ": no grad_fn");
            if (output == null) throw new IllegalStateException(name + ": no output shape");
            return new LossSpec(this);
        }
    }
}
