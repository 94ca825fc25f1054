package org.losses4j.reference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.losses4j.Tensor;
import org.losses4j.nn.Loss;
import org.losses4j.nn.LossOptions;
import org.losses4j.nn.Losses;

/**
 * One generated loss call: the loss's PyTorch name, its keywords, the tensors in functional-argument order
 * and which of them the gradient check differentiates. {@link #toString()} prints everything needed to
 * reproduce a failure by hand.
 */
public final class LossCase {
    public final String loss;
    public final Map<String, Object> options;
    public final Tensor[] args;
    /** Indices into {@link #args} of the tensors to differentiate (float64 gradient checks). */
    public final int[] diff;
    /** Apply log_softmax over the class dimension to args[0] inside the checked function (CTC's gradient convention). */
    public final boolean logSoftmaxFirst;

    public LossCase(String loss, Map<String, Object> options, Tensor[] args, int[] diff, boolean logSoftmaxFirst) {
        this.loss = loss;
        this.options = options;
        this.args = args;
        this.diff = diff;
        this.logSoftmaxFirst = logSoftmaxFirst;
    }

    /** A fresh loss module from the keywords (one per call, or shared: losses hold only options). */
    public Loss module() { return Losses.create(loss, new LossOptions(options)); }

    /** Copies of the arguments (contiguous, detached), so a call can be checked for mutation. */
    public Tensor[] copies() {
        Tensor[] c = new Tensor[args.length];
        for (int i = 0; i < args.length; i++) c[i] = args[i] == null ? null : args[i].detach().contiguousCopy();
        return c;
    }

    public LossCase withArgs(Tensor[] newArgs) { return new LossCase(loss, options, newArgs, diff, logSoftmaxFirst); }

    public LossCase withOptions(Map<String, Object> newOptions) { return new LossCase(loss, newOptions, args, diff, logSoftmaxFirst); }

    public LossCase withOption(String k, Object v) {
        Map<String, Object> m = new LinkedHashMap<>(options);
        m.put(k, v);
        return withOptions(m);
    }

    /** The reference value of this case (flattened). */
    public double[] reference() { return ReferenceLosses.compute(loss, options, args); }

    /** {@link ReferenceLosses#subtractedTerms} of this case: null for most losses. */
    public double[] subtractedTerms() { return ReferenceLosses.subtractedTerms(loss, options, args); }

    @Override public String toString() {
        StringBuilder sb = new StringBuilder(loss).append(" options=");
        List<String> opts = new ArrayList<>();
        options.forEach((k, v) -> opts.add(k + "=" + (v instanceof Tensor ? describe((Tensor) v) : v)));
        sb.append(opts);
        for (int i = 0; i < args.length; i++) sb.append("\n  arg").append(i).append(' ').append(args[i] == null ? "null" : describe(args[i]));
        return sb.toString();
    }

    static String describe(Tensor t) {
        String data = t.dtype().isFloatingPoint() ? Arrays.toString(t.contiguousCopy().toDoubleArray()) : Arrays.toString(t.contiguousCopy().toLongArray());
        if (data.length() > 600) data = data.substring(0, 600) + "...";
        return t.dtype() + Arrays.toString(t.shape()) + (t.isContiguous() ? "" : " strides " + Arrays.toString(t.strides())) + " " + data;
    }
}
