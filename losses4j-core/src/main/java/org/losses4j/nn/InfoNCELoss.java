package org.losses4j.nn;

import java.util.Arrays;
import org.losses4j.DType;
import org.losses4j.Reduction;
import org.losses4j.Tensor;
import org.losses4j.autograd.Autograd;
import org.losses4j.autograd.LossNode;
import org.losses4j.internal.kernels.InfoNceKernel;
import org.losses4j.internal.tensor.Checks;
import org.losses4j.internal.tensor.KernelInputs;
import org.losses4j.internal.tensor.LossReduction;

/**
 * InfoNCE with in-batch negatives (van den Oord et al., "Representation Learning with Contrastive Predictive
 * Coding", 2018; symmetric as in SimCLR and CLIP): row i of {@code input1} (the anchor) should match row i of
 * {@code input2} (its positive) against the other N - 1 rows. With F.normalize's {@code eps = 1e-12},
 * <pre>
 *   u = input1 / max(||input1_i||, eps),  v = input2 / max(||input2_i||, eps)   (per row)
 *   s = u v^T / temperature                                                    (N x N cosine logits)
 *   l_i = cross_entropy(s_i, i) = logsumexp_j s_ij - s_ii
 *   symmetric: l_i = (cross_entropy(s_i, i) + cross_entropy(s^T_i, i)) / 2       (rows and columns)
 * </pre>
 * reduced by mean (default), sum or none. What a PyTorch user writes today:
 * {@code F.cross_entropy(F.normalize(x1) @ F.normalize(x2).T / temperature, torch.arange(N))} (and, symmetric, the
 * average with the transposed logits), computed here in one node: one matrix product for the logits, row (and column)
 * log-softmax, and a backward of two matrix products from the normalised inputs and their norms. Both inputs receive
 * gradients. Inputs (N, D), float32 or float64, of one dtype and shape; N = 1 gives 0 (one candidate). float32 inputs
 * are computed in double and the results rounded once: in float32 arithmetic this loss's gradients are
 * ill-conditioned (PyTorch's own float32 gradients are off the exact ones by up to a few times torch.testing's float32
 * tolerance), so the result is the exact one, rounded.
 *
 * <p>Options: {@code temperature = 0.07} (must be positive: {@code temperature must be positive, got 0.0}),
 * {@code symmetric = false}, {@code reduction = MEAN}. {@code grad_fn}: {@code NllLossBackward0}, or
 * {@code DivBackward0} when symmetric (PyTorch's last op, the halving).
 *
 * <pre>{@code
 * InfoNCELoss loss = new InfoNCELoss(0.1, true, Reduction.MEAN);    // CLIP-style, temperature 0.1
 * Tensor img = Tensor.randn(256, 512).requiresGrad_(true);
 * Tensor txt = Tensor.randn(256, 512).requiresGrad_(true);
 * loss.forward(img, txt).backward();
 * }</pre>
 */
public final class InfoNCELoss implements Loss {
    /** What this loss is: arguments, keywords with their defaults, grad_fn names; listed in {@link Losses#ALL}. */
    public static final LossSpec SPEC = LossSpec.external("InfoNCELoss", "info_nce", "InfoNCE of van den Oord et al. 2018 (CPC), in-batch negatives", InfoNCELoss::fromOptions)
            .arg("input1", "(N, D) anchors, float32 or float64")
            .arg("input2", "(N, D) positives (row i pairs with row i of input1), input1's dtype")
            .option("temperature", LossSpec.Type.FLOAT, "0.07", "> 0: the cosine similarities are divided by it")
            .option("symmetric", LossSpec.Type.BOOL, "False", "also match columns (input2 to input1) and average the two, as CLIP")
            .reduction()
            .gradFn("NllLossBackward0", "DivBackward0")
            .output("scalar; with reduction='none' (N)")
            .build();

    @Override public LossSpec spec() { return SPEC; }

    /** The default temperature, 0.07 (as MoCo and CLIP's initial value). */
    public static final double DEFAULT_TEMPERATURE = 0.07;

    private final double temperature;
    private final boolean symmetric;
    private final Reduction reduction;

    /** Defaults: temperature 0.07, not symmetric, mean. */
    public InfoNCELoss() { this(DEFAULT_TEMPERATURE, false, Reduction.MEAN); }

    /**
     * @param temperature divides the cosine similarities; must be positive
     * @param symmetric   average the row (input1 to input2) and column (input2 to input1) cross entropies
     * @param reduction   none, mean or sum
     * @throws IllegalArgumentException for a temperature that is not positive, or 'batchmean'
     */
    public InfoNCELoss(double temperature, boolean symmetric, Reduction reduction) {
        checkTemperature(temperature);
        this.temperature = temperature;
        this.symmetric = symmetric;
        this.reduction = reduction.notBatchmean();
    }

    /**
     * A copy with another temperature (fluent).
     *
     * @param temperature the new temperature, positive
     * @return a new loss with the other options unchanged
     */
    public InfoNCELoss temperature(double temperature) { return new InfoNCELoss(temperature, symmetric, reduction); }

    /**
     * A copy with symmetric set (fluent).
     *
     * @param symmetric average the row and column cross entropies
     * @return a new loss with the other options unchanged
     */
    public InfoNCELoss symmetric(boolean symmetric) { return new InfoNCELoss(temperature, symmetric, reduction); }

    /**
     * A copy with another reduction (fluent).
     *
     * @param reduction none, mean or sum
     * @return a new loss with the other options unchanged
     */
    public InfoNCELoss reduction(Reduction reduction) { return new InfoNCELoss(temperature, symmetric, reduction); }

    /**
     * From keywords: temperature, symmetric, reduction.
     *
     * @param o the keywords
     * @return the loss
     */
    public static InfoNCELoss fromOptions(LossOptions o) {
        return new InfoNCELoss(o.getDouble("temperature", DEFAULT_TEMPERATURE), o.getBool("symmetric", false),
                Reduction.of(o.getString("reduction", "mean")));
    }

    /** @return the temperature */
    public double temperature() { return temperature; }

    /** @return whether rows and columns are averaged */
    public boolean symmetric() { return symmetric; }

    /** @return the reduction */
    public Reduction reduction() { return reduction; }

    /**
     * The loss of anchors and positives.
     *
     * @param input1 (N, D) anchors
     * @param input2 (N, D) positives
     * @return a scalar, or (N) with reduction 'none'
     */
    public Tensor forward(Tensor input1, Tensor input2) { return infoNce(input1, input2, temperature, symmetric, reduction); }

    /** {@code temperature must be positive, got 0.0} for anything not above 0 (NaN included). */
    static void checkTemperature(double temperature) {
        if (!(temperature > 0)) throw new IllegalArgumentException("temperature must be positive, got " + temperature);
    }

    /**
     * The checks: tensors, floating, one dtype, both 2-D, the same N and D. The messages name both shapes.
     */
    static void check(Tensor input1, Tensor input2) {
        Checks.floating(input1, "input1", "info_nce");
        Checks.floating(input2, "input2", "info_nce");
        if (input1.dim() != 2 || input2.dim() != 2) {
            throw new IllegalArgumentException("info_nce expects 2-D inputs (N, D), but got input1 of size " + Arrays.toString(input1.shape())
                    + " and input2 of size " + Arrays.toString(input2.shape()));
        }
        if (input1.size(0) != input2.size(0)) {
            throw new IllegalArgumentException("Expected input1 batch_size (" + input1.size(0) + ") to match input2 batch_size (" + input2.size(0)
                    + "): row i of input2 is the positive of row i of input1");
        }
        if (input1.size(1) != input2.size(1)) {
            throw new IllegalArgumentException("Expected input1 embedding size (" + input1.size(1) + ") to match input2 embedding size ("
                    + input2.size(1) + ")");
        }
        if (input1.dtype() != input2.dtype()) {
            throw new IllegalArgumentException("Expected input1 and input2 to have the same dtype, but got " + Checks.typeName(input1.dtype())
                    + " and " + Checks.typeName(input2.dtype()));
        }
        if ((long) input1.size(0) * input1.size(0) > MAX_LOGITS) {
            throw new IllegalArgumentException("info_nce computes an N x N matrix of logits: a batch of " + input1.size(0)
                    + " rows is more than the " + (int) Math.sqrt(MAX_LOGITS) + " whose square fits in one array");
        }
    }

    /** The most logits one call holds (the N x N matrix is one array). */
    private static final long MAX_LOGITS = Integer.MAX_VALUE - 8;

    /**
     * The functional form (no {@code torch.nn.functional} counterpart: the definition in the class comment).
     *
     * @param input1      (N, D) anchors
     * @param input2      (N, D) positives
     * @param temperature positive divisor of the cosine similarities
     * @param symmetric   average the row and column cross entropies
     * @param reduction   none, mean or sum
     * @return a scalar, or (N) with reduction 'none'
     * @throws IllegalArgumentException for a temperature that is not positive, inputs that are not floating, not 2-D,
     *                                  of different sizes or dtypes, or reduction 'batchmean'
     */
    public static Tensor infoNce(Tensor input1, Tensor input2, double temperature, boolean symmetric, Reduction reduction) {
        checkTemperature(temperature);
        reduction.notBatchmean();
        check(input1, input2);
        input1 = KernelInputs.dense(input1);
        input2 = KernelInputs.dense(input2);
        DType dt = input1.dtype();
        int n = input1.size(0), d = input1.size(1);
        boolean[] want = EmbeddingSupport.wanted(Autograd.needsGraph(input1, input2), input1, input2);
        final Tensor x1 = input1.detach(), x2 = input2.detach();
        String name = symmetric ? "DivBackward0" : "NllLossBackward0";
        int[] shape = input1.shape();
        LossNode.Upstream[] up;
        if (reduction == Reduction.NONE) {
            // each row's upstream gradient weighs its softmax row (and column) before the products: it is applied inside
            InfoNceKernel.Result r = kernel(x1, x2, temperature, symmetric, null, false, false);
            Tensor out = LossReduction.fromDoubles(dt, r.losses(), new int[] {n});
            up = new LossNode.Upstream[] {LossNode.Upstream.elementwise(shape), LossNode.Upstream.elementwise(shape)};
            return LossNode.attach(out, name, null, null, (needs, gradOutput) -> {
                InfoNceKernel.Result g = kernel(x1, x2, temperature, symmetric, gradOutput.toDoubleArray(), needs[0], needs[1]);
                return new Object[] {g.grad1(), g.grad2()};
            }, up, input1, input2);
        }
        // reduced: the gradients for an upstream of 1 come with the loss; the node scales them by the upstream
        double[] w = new double[n];
        Arrays.fill(w, reduction == Reduction.MEAN ? 1.0 / n : 1.0);
        InfoNceKernel.Result r = kernel(x1, x2, temperature, symmetric, want[0] || want[1] ? w : null, want[0], want[1]);
        Tensor out = LossReduction.output(dt, r.losses(), new int[] {n}, reduction, n);
        LossNode.Upstream u = LossNode.Upstream.scalar(shape);
        return LossNode.attach(out, name, new Object[] {r.grad1(), r.grad2()}, needs -> {
            InfoNceKernel.Result g = kernel(x1, x2, temperature, symmetric, w, needs[0], needs[1]);
            return new Object[] {g.grad1(), g.grad2()};
        }, u, input1, input2);
    }

    /** The kernel on the inputs' arrays (contiguous float32 in place; float64 in place when contiguous, else copied). */
    private static InfoNceKernel.Result kernel(Tensor x1, Tensor x2, double temperature, boolean symmetric, double[] w, boolean want1,
                                               boolean want2) {
        int n = x1.size(0), d = x1.size(1);
        if (x1.dtype() == DType.FLOAT32) {
            return InfoNceKernel.compute((float[]) x1.storage(), x1.storageOffset(), (float[]) x2.storage(), x2.storageOffset(), temperature,
                    symmetric, w, want1, want2, n, d);
        }
        double[] a = x1.isContiguous() ? (double[]) x1.storage() : x1.toDoubleArray(), b = x2.isContiguous() ? (double[]) x2.storage() : x2.toDoubleArray();
        return InfoNceKernel.compute(a, x1.isContiguous() ? x1.storageOffset() : 0, b, x2.isContiguous() ? x2.storageOffset() : 0, temperature, symmetric,
                w, want1, want2, n, d);
    }

    @Override public Tensor apply(Tensor... args) { return forward(args[0], args[1]); }
}
