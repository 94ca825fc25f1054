package org.losses4j.nn;

import org.losses4j.Generator;
import org.losses4j.Tensor;
import org.losses4j.nn.init.Init;

/**
 * {@code torch.nn.Linear(in_features, out_features, bias=True)}: y = x W^T + b over the last dim of x, with
 * W of shape (out, in) and b of shape (out).
 *
 * <p>Initialised as PyTorch initialises it, drawing in PyTorch's order from the default generator (so after
 * {@code Tensor.manualSeed(s)} the weights are PyTorch's bit for bit): first
 * {@code kaiming_uniform_(W, a=sqrt(5))}, i.e. U(-1/sqrt(in), 1/sqrt(in)) computed as sqrt(3) * gain / sqrt(in),
 * then {@code uniform_(b, -1/sqrt(in), 1/sqrt(in))}.
 *
 * <p>Gradients: dL/dx = dL/dy W, dL/dW = (dL/dy)^T x summed over the batch dims, dL/db = dL/dy summed over them.
 */
public final class Linear extends Module {
    private final int inFeatures, outFeatures;
    private final Tensor weight, bias;

    /**
     * {@code nn.Linear(in, out)} with a bias.
     *
     * @param inFeatures the size of the input's last dim
     * @param outFeatures the size of the output's last dim
     * @throws IllegalArgumentException for a negative size
     */
    public Linear(int inFeatures, int outFeatures) { this(inFeatures, outFeatures, true); }

    /**
     * {@code nn.Linear(in, out, bias)}, initialised from the default generator.
     *
     * @param inFeatures the size of the input's last dim
     * @param outFeatures the size of the output's last dim
     * @param bias whether to add a learnable bias
     * @throws IllegalArgumentException for a negative size
     */
    public Linear(int inFeatures, int outFeatures, boolean bias) { this(inFeatures, outFeatures, bias, Generator.defaultGenerator()); }

    /**
     * With the generator to draw the initial values from.
     *
     * @param inFeatures the size of the input's last dim
     * @param outFeatures the size of the output's last dim
     * @param bias whether to add a learnable bias
     * @param gen the generator the initial values are drawn from
     * @throws IllegalArgumentException for a negative size
     */
    public Linear(int inFeatures, int outFeatures, boolean bias, Generator gen) {
        if (inFeatures < 0 || outFeatures < 0) {
            throw new IllegalArgumentException("Trying to create tensor with negative dimension " + Math.min(inFeatures, outFeatures)
                    + ": [" + outFeatures + ", " + inFeatures + "]");
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = registerParameter("weight", Tensor.empty(outFeatures, inFeatures));
        this.bias = registerParameter("bias", bias ? Tensor.empty(outFeatures) : null);
        resetParameters(gen);
    }

    /** {@code reset_parameters()}: draws the initial values again, as the constructor did, from the default generator. */
    public void resetParameters() { resetParameters(Generator.defaultGenerator()); }

    /**
     * {@code reset_parameters()} drawing from {@code gen}: the weight by {@code kaiming_uniform_(a=sqrt(5))}, then
     * the
     * bias uniform in (-1/sqrt(in), 1/sqrt(in)).
     *
     * @param gen the generator to draw from
     */
    public void resetParameters(Generator gen) {
        Init.kaimingUniform_(weight, Math.sqrt(5), Init.FanMode.FAN_IN, "leaky_relu", gen);
        if (bias != null) {
            int fanIn = Init.calculateFanInAndFanOut(weight)[0];
            double bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
            Init.uniform_(bias, -bound, bound, gen);
        }
    }

    /**
     * The weight W, a float32 parameter of shape (out, in).
     *
     * @return the parameter (not a copy)
     */
    public Tensor weight() { return weight; }

    /**
     * The bias, or null for {@code bias=False}.
     *
     * @return the (out) float32 parameter, or null
     */
    public Tensor bias() { return bias; }

    /**
     * The size of the input's last dim ({@code in_features}).
     *
     * @return the size
     */
    public int inFeatures() { return inFeatures; }

    /**
     * The size of the output's last dim ({@code out_features}).
     *
     * @return the size
     */
    public int outFeatures() { return outFeatures; }

    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() == 0 || input.size(-1) != inFeatures) {
            int[] s = input.shape();
            int rows = 1;
            for (int i = 0; i < s.length - 1; i++) rows *= s[i];
            String a = input.dim() == 0 ? "1x0" : rows + "x" + s[s.length - 1];
            throw new IllegalArgumentException("mat1 and mat2 shapes cannot be multiplied (" + a + " and " + inFeatures + "x" + outFeatures + ")");
        }
        Tensor y = input.matmul(weight.t()); // (..., in) x (in, out): the transpose is a view, no copy
        return bias == null ? y : y.add(bias);
    }

    @Override
    protected String extraRepr() {
        return "in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias=" + (bias != null ? "True" : "False");
    }

}
