package org.losses4j.nn.functional;

import org.losses4j.Tensor;
import org.losses4j.nn.BCELoss;
import org.losses4j.nn.BCEWithLogitsLoss;
import org.losses4j.nn.CategoricalHingeLoss;
import org.losses4j.nn.CTCLoss;
import org.losses4j.nn.CosineEmbeddingLoss;
import org.losses4j.nn.CrossEntropyLoss;
import org.losses4j.nn.FocalLoss;
import org.losses4j.nn.GaussianNLLLoss;
import org.losses4j.nn.HingeEmbeddingLoss;
import org.losses4j.nn.HuberLoss;
import org.losses4j.nn.InfoNCELoss;
import org.losses4j.nn.KLDivLoss;
import org.losses4j.nn.LogCoshLoss;
import org.losses4j.nn.MAPELoss;
import org.losses4j.nn.MSLELoss;
import org.losses4j.nn.QuantileLoss;
import org.losses4j.nn.SigmoidFocalLoss;
import org.losses4j.nn.SquaredHingeLoss;
import org.losses4j.nn.L1Loss;
import org.losses4j.nn.MSELoss;
import org.losses4j.nn.MarginRankingLoss;
import org.losses4j.nn.MultiLabelMarginLoss;
import org.losses4j.nn.MultiLabelSoftMarginLoss;
import org.losses4j.nn.MultiMarginLoss;
import org.losses4j.nn.NLLLoss;
import org.losses4j.nn.PoissonNLLLoss;
import org.losses4j.nn.PolyLoss;
import org.losses4j.Reduction;
import org.losses4j.nn.SmoothL1Loss;
import org.losses4j.nn.SoftMarginLoss;
import org.losses4j.nn.TripletMarginLoss;
import org.losses4j.nn.TripletMarginWithDistanceLoss;
import org.losses4j.nn.DiceLoss;
import org.losses4j.nn.TverskyLoss;

/**
 * The functional facade, mirroring {@code torch.nn.functional} (import it as {@code F}): every loss with
 * PyTorch's parameter order and defaults. The short overloads take only the tensors and use PyTorch's
 * defaults; the long ones take every parameter in PyTorch's order (weights may be null, as None).
 *
 * <pre>{@code
 * Tensor loss = F.crossEntropy(logits, target);                                     // F.cross_entropy(logits, target)
 * Tensor l2 = F.crossEntropy(logits, target, null, -100, Reduction.SUM, 0.1);      // ... reduction='sum', label_smoothing=0.1
 * }</pre>
 */
public final class F {
    private F() {}

    // ------------------------------------------------------------------ regression

    /**
     * {@code F.l1_loss(input, target, reduction='mean')}.
     *
     * @param input (*) float32 or float64 (int64 promotes to the target's dtype)
     * @param target (*) broadcastable with input, float32, float64 or int64
     * @return the loss reduced by PyTorch's default reduction, mean: a 0-d tensor
     */
    public static Tensor l1Loss(Tensor input, Tensor target) { return L1Loss.l1Loss(input, target, Reduction.MEAN); }

    /**
     * {@code F.l1_loss(input, target, reduction)}: {@link L1Loss} as a function, every parameter given.
     *
     * @param input (*) float32 or float64 (int64 promotes to the target's dtype)
     * @param target (*) broadcastable with input, float32, float64 or int64
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     * @return scalar; with reduction='none' the broadcast shape of input and target
     * @throws IllegalArgumentException when the shapes, dtypes or values do not fit, with PyTorch's message
     */
    public static Tensor l1Loss(Tensor input, Tensor target, Reduction reduction) { return L1Loss.l1Loss(input, target, reduction); }

    /**
     * {@code F.mse_loss(input, target, reduction='mean')}.
     *
     * @param input (*) float32 or float64 (an int64 operand promotes to the other's dtype)
     * @param target (*) broadcastable with input, float32, float64 or int64
     * @return the loss reduced by PyTorch's default reduction, mean: a 0-d tensor
     */
    public static Tensor mseLoss(Tensor input, Tensor target) { return MSELoss.mseLoss(input, target, Reduction.MEAN); }

    /**
     * {@code F.mse_loss(input, target, reduction)}: {@link MSELoss} as a function, every parameter given.
     *
     * @param input (*) float32 or float64 (an int64 operand promotes to the other's dtype)
     * @param target (*) broadcastable with input, float32, float64 or int64
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     * @return scalar; with reduction='none' the broadcast shape of input and target
     * @throws IllegalArgumentException when the shapes, dtypes or values do not fit, with PyTorch's message
     */
    public static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) { return MSELoss.mseLoss(input, target, reduction); }

    /**
     * {@code F.smooth_l1_loss(input, target, reduction='mean', beta=1.0)}.
     *
     * @param input (*) float32 or float64 (int64 promotes to the target's dtype)
     * @param target (*) broadcastable with input, float32, float64 or int64
     * @return the loss reduced by PyTorch's default reduction, mean: a 0-d tensor
     */
    public static Tensor smoothL1Loss(Tensor input, Tensor target) { return SmoothL1Loss.smoothL1Loss(input, target, Reduction.MEAN, 1.0); }

    /**
     * {@code F.smooth_l1_loss(input, target, reduction, beta)}: {@link SmoothL1Loss} as a function, every parameter
     * given.
     *
     * @param input (*) float32 or float64 (int64 promotes to the target's dtype)
     * @param target (*) broadcastable with input, float32, float64 or int64
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     * @param beta &gt;= 0: quadratic below beta, linear above (beta=0 is L1Loss) (default 1.0)
     * @return scalar; with reduction='none' the broadcast shape of input and target
     * @throws IllegalArgumentException when the shapes, dtypes or values do not fit, with PyTorch's message
     */
    public static Tensor smoothL1Loss(Tensor input, Tensor target, Reduction reduction, double beta) {
        return SmoothL1Loss.smoothL1Loss(input, target, reduction, beta);
    }

    /**
     * {@code F.huber_loss(input, target, reduction='mean', delta=1.0)}.
     *
     * @param input (*) float32 or float64
     * @param target (*) broadcastable with input, float32, float64 or int64
     * @return the loss reduced by PyTorch's default reduction, mean: a 0-d tensor
     */
    public static Tensor huberLoss(Tensor input, Tensor target) { return HuberLoss.huberLoss(input, target, Reduction.MEAN, 1.0); }

    /**
     * {@code F.huber_loss(input, target, reduction, delta)}: {@link HuberLoss} as a function, every parameter given.
     *
     * @param input (*) float32 or float64
     * @param target (*) broadcastable with input, float32, float64 or int64
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     * @param delta &gt; 0: quadratic below delta, delta-scaled linear above (default 1.0)
     * @return scalar; with reduction='none' the broadcast shape of input and target
     * @throws IllegalArgumentException when the shapes, dtypes or values do not fit, with PyTorch's message
     */
    public static Tensor huberLoss(Tensor input, Tensor target, Reduction reduction, double delta) {
        return HuberLoss.huberLoss(input, target, reduction, delta);
    }

    /**
     * {@code F.poisson_nll_loss(input, target, log_input=True, full=False, eps=1e-8, reduction='mean')}.
     *
     * @param input (*) the log rate (log_input=True) or the rate, float32 or float64 (int64 promotes)
     * @param target (*) same shape as input: observed counts
     * @return the loss reduced by PyTorch's default reduction, mean: a 0-d tensor
     */
    public static Tensor poissonNllLoss(Tensor input, Tensor target) {
        return PoissonNLLLoss.poissonNllLoss(input, target, true, false, 1e-8, Reduction.MEAN);
    }

    /**
     * {@code F.poisson_nll_loss(input, target, log_input, full, eps, reduction)}: {@link PoissonNLLLoss} as a
     * function, every parameter given.
     *
     * @param input (*) the log rate (log_input=True) or the rate, float32 or float64 (int64 promotes)
     * @param target (*) same shape as input: observed counts
     * @param logInput input is log(rate): exp(input) - target * input; else input - target * log(input + eps)
     *         (default True)
     * @param full add the Stirling term target * log(target) - target + 0.5 log(2 pi target) for target &gt; 1
     *         (default False)
     * @param eps added to input inside the log when log_input=False (default 1e-08)
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     * @return scalar; with reduction='none' the input's shape
     * @throws IllegalArgumentException when the shapes, dtypes or values do not fit, with PyTorch's message
     */
    public static Tensor poissonNllLoss(Tensor input, Tensor target, boolean logInput, boolean full, double eps, Reduction reduction) {
        return PoissonNLLLoss.poissonNllLoss(input, target, logInput, full, eps, reduction);
    }

    /**
     * {@code F.gaussian_nll_loss(input, target, var, full=False, eps=1e-6, reduction='mean')}.
     *
     * @param input (N, *) or (*) the expected value, float32 or float64 (int64 promotes)
     * @param target like input
     * @param var like input, or input's shape with the last dim 1, or one dim fewer; every element &gt;= 0
     * @return the loss reduced by PyTorch's default reduction, mean: a 0-d tensor
     */
    public static Tensor gaussianNllLoss(Tensor input, Tensor target, Tensor var) {
        return GaussianNLLLoss.gaussianNllLoss(input, target, var, false, 1e-6, Reduction.MEAN);
    }

    /**
     * {@code F.gaussian_nll_loss(input, target, var, full, eps, reduction)}: {@link GaussianNLLLoss} as a function,
     * every parameter given.
     *
     * @param input (N, *) or (*) the expected value, float32 or float64 (int64 promotes)
     * @param target like input
     * @param var like input, or input's shape with the last dim 1, or one dim fewer; every element &gt;= 0
     * @param full add the constant 0.5 log(2 pi) (default False)
     * @param eps var is raised to at least eps for the value; autograd does not see the clamp (as PyTorch, under
     *         no_grad) (default 1e-06)
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     * @return scalar; with reduction='none' the input's shape
     * @throws IllegalArgumentException when the shapes, dtypes or values do not fit, with PyTorch's message
     */
    public static Tensor gaussianNllLoss(Tensor input, Tensor target, Tensor var, boolean full, double eps, Reduction reduction) {
        return GaussianNLLLoss.gaussianNllLoss(input, target, var, full, eps, reduction);
    }

    /**
     * {@code F.gaussian_nll_loss} with a scalar variance (PyTorch 2.x accepts a float var).
     *
     * @param input (N, *) or (*) the expected value, float32 or float64 (int64 promotes)
     * @param target like input
     * @param var like input, or input's shape with the last dim 1, or one dim fewer; every element &gt;= 0
     * @param full add the constant 0.5 log(2 pi) (default False)
     * @param eps var is raised to at least eps for the value; autograd does not see the clamp (as PyTorch, under
     *         no_grad) (default 1e-06)
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     * @return scalar; with reduction='none' the input's shape
     */
    public static Tensor gaussianNllLoss(Tensor input, Tensor target, double var, boolean full, double eps, Reduction reduction) {
        return GaussianNLLLoss.gaussianNllLoss(input, target, var, full, eps, reduction);
    }

    /**
     * {@code F.kl_div(input, target, reduction='mean', log_target=False)}; input holds log-probabilities.
     *
     * @param input (*) log-probabilities, float32 or float64
     * @param target (*) probabilities (log-probabilities with log_target=True), same shape as input
     * @return the loss reduced by PyTorch's default reduction, mean: a 0-d tensor
     */
    public static Tensor klDiv(Tensor input, Tensor target) { return KLDivLoss.klDiv(input, target, Reduction.MEAN, false); }

    /**
     * {@code F.kl_div(input, target, reduction, log_target)}: {@link KLDivLoss} as a function, every parameter given.
     *
     * @param input (*) log-probabilities, float32 or float64
     * @param target (*) probabilities (log-probabilities with log_target=True), same shape as input
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     * @param logTarget target is given as log-probabilities (default False)
     * @return scalar; with reduction='none' the input's shape
     * @throws IllegalArgumentException when the shapes, dtypes or values do not fit, with PyTorch's message
     */
    public static Tensor klDiv(Tensor input, Tensor target, Reduction reduction, boolean logTarget) {
        return KLDivLoss.klDiv(input, target, reduction, logTarget);
    }

    // ------------------------------------------------------------------ classification

    /**
     * {@code F.cross_entropy(input, target, weight=None, ignore_index=-100, reduction='mean', label_smoothing=0.0)}.
     *
     * @param input (C), (N, C) or (N, C, d1, ..., dK) logits, float32 or float64
     * @param target class indices () / (N) / (N, d1, ..., dK) int64, or probabilities shaped like input
     * @return the loss reduced by PyTorch's default reduction, mean: a 0-d tensor
     */
    public static Tensor crossEntropy(Tensor input, Tensor target) { return CrossEntropyLoss.crossEntropy(input, target); }

    /**
     * {@code F.cross_entropy(input, target, weight, ignore_index, reduction, label_smoothing)}:
     * {@link CrossEntropyLoss} as a function, every parameter given.
     *
     * @param input (C), (N, C) or (N, C, d1, ..., dK) logits, float32 or float64
     * @param target class indices () / (N) / (N, d1, ..., dK) int64, or probabilities shaped like input
     * @param weight (C) rescaling weight of each class (default None)
     * @param ignoreIndex target value that is ignored and adds no gradient (class-index targets) (default -100)
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     * @param labelSmoothing in [0, 1]: mixes the target with the uniform distribution (default 0.0)
     * @return scalar; with reduction='none' the target's shape (N) / (N, d1, ..., dK)
     * @throws IllegalArgumentException when the shapes, dtypes or values do not fit, with PyTorch's message
     */
    public static Tensor crossEntropy(Tensor input, Tensor target, Tensor weight, long ignoreIndex, Reduction reduction, double labelSmoothing) {
        return CrossEntropyLoss.crossEntropy(input, target, weight, ignoreIndex, reduction, labelSmoothing);
    }

    /**
     * {@code F.nll_loss(input, target, weight=None, ignore_index=-100, reduction='mean')}.
     *
     * @param input (C), (N, C) or (N, C, d1, ..., dK) log-probabilities, float32 or float64
     * @param target () / (N) / (N, d1, ..., dK) class indices in [0, C), int64
     * @return the loss reduced by PyTorch's default reduction, mean: a 0-d tensor
     */
    public static Tensor nllLoss(Tensor input, Tensor target) { return NLLLoss.nllLoss(input, target); }

    /**
     * {@code F.nll_loss(input, target, weight, ignore_index, reduction)}: {@link NLLLoss} as a function, every
     * parameter given.
     *
     * @param input (C), (N, C) or (N, C, d1, ..., dK) log-probabilities, float32 or float64
     * @param target () / (N) / (N, d1, ..., dK) class indices in [0, C), int64
     * @param weight (C) rescaling weight of each class (default None)
     * @param ignoreIndex target value that is ignored and adds no gradient (default -100)
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     * @return scalar; with reduction='none' the target's shape
     * @throws IllegalArgumentException when the shapes, dtypes or values do not fit, with PyTorch's message
     */
    public static Tensor nllLoss(Tensor input, Tensor target, Tensor weight, long ignoreIndex, Reduction reduction) {
        return NLLLoss.nllLoss(input, target, weight, ignoreIndex, reduction);
    }

    /**
     * {@code F.binary_cross_entropy(input, target, weight=None, reduction='mean')}.
     *
     * @param input (*) probabilities in [0, 1], float32 or float64
     * @param target (*) same shape and dtype as input, values in [0, 1]
     * @return the loss reduced by PyTorch's default reduction, mean: a 0-d tensor
     */
    public static Tensor binaryCrossEntropy(Tensor input, Tensor target) { return BCELoss.binaryCrossEntropy(input, target); }

    /**
     * {@code F.binary_cross_entropy(input, target, weight, reduction)}: {@link BCELoss} as a function, every
     * parameter given.
     *
     * @param input (*) probabilities in [0, 1], float32 or float64
     * @param target (*) same shape and dtype as input, values in [0, 1]
     * @param weight broadcast to the input's shape: rescaling weight of each element (default None)
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     * @return scalar; with reduction='none' the input's shape
     * @throws IllegalArgumentException when the shapes, dtypes or values do not fit, with PyTorch's message
     */
    public static Tensor binaryCrossEntropy(Tensor input, Tensor target, Tensor weight, Reduction reduction) {
        return BCELoss.binaryCrossEntropy(input, target, weight, reduction);
    }

    /**
     * {@code F.binary_cross_entropy_with_logits(input, target, weight=None, reduction='mean', pos_weight=None)}.
     *
     * @param input (*) logits, float32 or float64
     * @param target (*) same shape as input, values in [0, 1]
     * @return the loss reduced by PyTorch's default reduction, mean: a 0-d tensor
     */
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target) {
        return BCEWithLogitsLoss.binaryCrossEntropyWithLogits(input, target);
    }

    /**
     * {@code F.binary_cross_entropy_with_logits(input, target, weight, reduction, pos_weight)}:
     * {@link BCEWithLogitsLoss} as a function, every parameter given.
     *
     * @param input (*) logits, float32 or float64
     * @param target (*) same shape as input, values in [0, 1]
     * @param weight broadcast to the input's shape: rescaling weight of each element (default None)
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     * @param posWeight (C), broadcast over the last dim: weight of the positive examples (default None)
     * @return scalar; with reduction='none' the input's shape
     * @throws IllegalArgumentException when the shapes, dtypes or values do not fit, with PyTorch's message
     */
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor weight, Reduction reduction, Tensor posWeight) {
        return BCEWithLogitsLoss.binaryCrossEntropyWithLogits(input, target, weight, reduction, posWeight);
    }

    /**
     * {@code F.soft_margin_loss(input, target, reduction='mean')}.
     *
     * @param input (*) float32 or float64
     * @param target (*) broadcastable to input, values 1 or -1, any numeric dtype
     * @return the loss reduced by PyTorch's default reduction, mean: a 0-d tensor
     */
    public static Tensor softMarginLoss(Tensor input, Tensor target) { return SoftMarginLoss.softMarginLoss(input, target); }

    /**
     * {@code F.soft_margin_loss(input, target, reduction)}: {@link SoftMarginLoss} as a function, every parameter
     * given.
     *
     * @param input (*) float32 or float64
     * @param target (*) broadcastable to input, values 1 or -1, any numeric dtype
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     * @return scalar; with reduction='none' the input's shape
     * @throws IllegalArgumentException when the shapes, dtypes or values do not fit, with PyTorch's message
     */
    public static Tensor softMarginLoss(Tensor input, Tensor target, Reduction reduction) {
        return SoftMarginLoss.softMarginLoss(input, target, reduction);
    }

    /**
     * {@code F.multilabel_soft_margin_loss(input, target, weight=None, reduction='mean')}.
     *
     * @param input (C) or (N, C) logits, float32 or float64
     * @param target like input, values 0 or 1
     * @return the loss reduced by PyTorch's default reduction, mean: a 0-d tensor
     */
    public static Tensor multilabelSoftMarginLoss(Tensor input, Tensor target) {
        return MultiLabelSoftMarginLoss.multilabelSoftMarginLoss(input, target);
    }

    /**
     * {@code F.multilabel_soft_margin_loss(input, target, weight, reduction)}: {@link MultiLabelSoftMarginLoss} as a
     * function, every parameter given.
     *
     * @param input (C) or (N, C) logits, float32 or float64
     * @param target like input, values 0 or 1
     * @param weight (C) rescaling weight of each class (default None)
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     * @return scalar; with reduction='none' (N)
     * @throws IllegalArgumentException when the shapes, dtypes or values do not fit, with PyTorch's message
     */
    public static Tensor multilabelSoftMarginLoss(Tensor input, Tensor target, Tensor weight, Reduction reduction) {
        return MultiLabelSoftMarginLoss.multilabelSoftMarginLoss(input, target, weight, reduction);
    }

    /**
     * {@code F.multilabel_margin_loss(input, target, reduction='mean')}.
     *
     * @param input (C) or (N, C), float32 or float64
     * @param target int64 like input: class indices, ended by the first -1
     * @return the loss reduced by PyTorch's default reduction, mean: a 0-d tensor
     */
    public static Tensor multilabelMarginLoss(Tensor input, Tensor target) {
        return MultiLabelMarginLoss.multilabelMarginLoss(input, target, Reduction.MEAN);
    }

    /**
     * {@code F.multilabel_margin_loss(input, target, reduction)}: {@link MultiLabelMarginLoss} as a function, every
     * parameter given.
     *
     * @param input (C) or (N, C), float32 or float64
     * @param target int64 like input: class indices, ended by the first -1
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     * @return scalar; with reduction='none' (N), or () for (C) input
     * @throws IllegalArgumentException when the shapes, dtypes or values do not fit, with PyTorch's message
     */
    public static Tensor multilabelMarginLoss(Tensor input, Tensor target, Reduction reduction) {
        return MultiLabelMarginLoss.multilabelMarginLoss(input, target, reduction);
    }

    /**
     * {@code F.multi_margin_loss(input, target, p=1, margin=1.0, weight=None, reduction='mean')}.
     *
     * @param input (C) or (N, C), float32 or float64
     * @param target () or (N) class indices in [0, C), int64
     * @return the loss reduced by PyTorch's default reduction, mean: a 0-d tensor
     */
    public static Tensor multiMarginLoss(Tensor input, Tensor target) {
        return MultiMarginLoss.multiMarginLoss(input, target, 1, 1.0, null, Reduction.MEAN);
    }

    /**
     * {@code F.multi_margin_loss(input, target, p, margin, weight, reduction)}: {@link MultiMarginLoss} as a
     * function, every parameter given.
     *
     * @param input (C) or (N, C), float32 or float64
     * @param target () or (N) class indices in [0, C), int64
     * @param p 1 or 2: the hinge's exponent (default 1)
     * @param margin max(0, margin - x[target] + x[i]) (default 1.0)
     * @param weight (C) rescaling weight of each class (default None)
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     * @return scalar; with reduction='none' (N), or () for (C) input
     * @throws IllegalArgumentException when the shapes, dtypes or values do not fit, with PyTorch's message
     */
    public static Tensor multiMarginLoss(Tensor input, Tensor target, int p, double margin, Tensor weight, Reduction reduction) {
        return MultiMarginLoss.multiMarginLoss(input, target, p, margin, weight, reduction);
    }

    // ------------------------------------------------------------------ ranking and embeddings

    /**
     * {@code F.margin_ranking_loss(input1, input2, target, margin=0, reduction='mean')}.
     *
     * @param input1 (N) or (), float32 or float64
     * @param input2 like input1 (same number of dimensions, broadcastable)
     * @param target like input1, values 1 (input1 should rank higher) or -1
     * @return the loss reduced by PyTorch's default reduction, mean: a 0-d tensor
     */
    public static Tensor marginRankingLoss(Tensor input1, Tensor input2, Tensor target) {
        return MarginRankingLoss.marginRankingLoss(input1, input2, target);
    }

    /**
     * {@code F.margin_ranking_loss(input1, input2, target, margin, reduction)}: {@link MarginRankingLoss} as a
     * function, every parameter given.
     *
     * @param input1 (N) or (), float32 or float64
     * @param input2 like input1 (same number of dimensions, broadcastable)
     * @param target like input1, values 1 (input1 should rank higher) or -1
     * @param margin max(0, -target * (input1 - input2) + margin) (default 0.0)
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     * @return scalar; with reduction='none' the broadcast shape
     * @throws IllegalArgumentException when the shapes, dtypes or values do not fit, with PyTorch's message
     */
    public static Tensor marginRankingLoss(Tensor input1, Tensor input2, Tensor target, double margin, Reduction reduction) {
        return MarginRankingLoss.marginRankingLoss(input1, input2, target, margin, reduction);
    }

    /**
     * {@code F.hinge_embedding_loss(input, target, margin=1.0, reduction='mean')}.
     *
     * @param input (*) distances, float32 or float64
     * @param target (*) broadcastable with input, values 1 or -1, any numeric dtype
     * @return the loss reduced by PyTorch's default reduction, mean: a 0-d tensor
     */
    public static Tensor hingeEmbeddingLoss(Tensor input, Tensor target) { return HingeEmbeddingLoss.hingeEmbeddingLoss(input, target); }

    /**
     * {@code F.hinge_embedding_loss(input, target, margin, reduction)}: {@link HingeEmbeddingLoss} as a function,
     * every parameter given.
     *
     * @param input (*) distances, float32 or float64
     * @param target (*) broadcastable with input, values 1 or -1, any numeric dtype
     * @param margin x where target is 1, max(0, margin - x) where target is -1 (default 1.0)
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     * @return scalar; with reduction='none' the broadcast shape
     * @throws IllegalArgumentException when the shapes, dtypes or values do not fit, with PyTorch's message
     */
    public static Tensor hingeEmbeddingLoss(Tensor input, Tensor target, double margin, Reduction reduction) {
        return HingeEmbeddingLoss.hingeEmbeddingLoss(input, target, margin, reduction);
    }

    /**
     * {@code F.cosine_embedding_loss(input1, input2, target, margin=0, reduction='mean')}.
     *
     * @param input1 (N, D) or (D), float32 or float64 (int64 promotes)
     * @param input2 like input1
     * @param target (N) or (), values 1 (similar) or -1 (dissimilar)
     * @return the loss reduced by PyTorch's default reduction, mean: a 0-d tensor
     */
    public static Tensor cosineEmbeddingLoss(Tensor input1, Tensor input2, Tensor target) {
        return CosineEmbeddingLoss.cosineEmbeddingLoss(input1, input2, target, 0.0, Reduction.MEAN);
    }

    /**
     * {@code F.cosine_embedding_loss(input1, input2, target, margin, reduction)}: {@link CosineEmbeddingLoss} as a
     * function, every parameter given.
     *
     * @param input1 (N, D) or (D), float32 or float64 (int64 promotes)
     * @param input2 like input1
     * @param target (N) or (), values 1 (similar) or -1 (dissimilar)
     * @param margin in [-1, 1]: max(0, cos(x1, x2) - margin) where target is -1 (default 0.0)
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     * @return scalar; with reduction='none' (N), or () for unbatched input
     * @throws IllegalArgumentException when the shapes, dtypes or values do not fit, with PyTorch's message
     */
    public static Tensor cosineEmbeddingLoss(Tensor input1, Tensor input2, Tensor target, double margin, Reduction reduction) {
        return CosineEmbeddingLoss.cosineEmbeddingLoss(input1, input2, target, margin, reduction);
    }

    /**
     * {@code F.triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2, eps=1e-6, swap=False, reduction='mean')}.
     *
     * @param anchor (N, D) or (D), float32 or float64 (int64 promotes)
     * @param positive like anchor
     * @param negative like anchor
     * @return the loss reduced by PyTorch's default reduction, mean: a 0-d tensor
     */
    public static Tensor tripletMarginLoss(Tensor anchor, Tensor positive, Tensor negative) {
        return TripletMarginLoss.tripletMarginLoss(anchor, positive, negative, 1.0, 2.0, 1e-6, false, Reduction.MEAN);
    }

    /**
     * {@code F.triplet_margin_loss(anchor, positive, negative, margin, p, eps, swap, reduction)}:
     * {@link TripletMarginLoss} as a function, every parameter given.
     *
     * @param anchor (N, D) or (D), float32 or float64 (int64 promotes)
     * @param positive like anchor
     * @param negative like anchor
     * @param margin max(d(a, p) - d(a, n) + margin, 0) (default 1.0)
     * @param p the norm degree of the pairwise distance (default 2.0)
     * @param eps added to the differences before the norm (default 1e-06)
     * @param swap use min(d(a, n), d(p, n)) as the negative distance (default False)
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     * @return scalar; with reduction='none' (N), or () for unbatched input
     * @throws IllegalArgumentException when the shapes, dtypes or values do not fit, with PyTorch's message
     */
    public static Tensor tripletMarginLoss(Tensor anchor, Tensor positive, Tensor negative, double margin, double p, double eps, boolean swap,
                                           Reduction reduction) {
        return TripletMarginLoss.tripletMarginLoss(anchor, positive, negative, margin, p, eps, swap, reduction);
    }

    /**
     * {@code F.triplet_margin_with_distance_loss(anchor, positive, negative, distance_function=None, margin=1.0,
     * swap=False, reduction='mean')}; a null distance is the pairwise (Euclidean) distance.
     *
     * @param anchor (N, D) or (D), float32 or float64 (int64 promotes)
     * @param positive like anchor
     * @param negative like anchor
     * @return the loss reduced by PyTorch's default reduction, mean: a 0-d tensor
     */
    public static Tensor tripletMarginWithDistanceLoss(Tensor anchor, Tensor positive, Tensor negative) {
        return TripletMarginWithDistanceLoss.tripletMarginWithDistanceLoss(anchor, positive, negative, null, 1.0, false, Reduction.MEAN);
    }

    /**
     * {@code F.triplet_margin_with_distance_loss(anchor, positive, negative, distance_function, margin, swap, reduction)}:
     * {@link TripletMarginWithDistanceLoss} as a function, every parameter given.
     *
     * @param anchor (N, D) or (D), float32 or float64 (int64 promotes)
     * @param positive like anchor
     * @param negative like anchor
     * @param distanceFunction 'pairwise' (None: pairwise_distance) or 'cosine' (1 - cosine_similarity) (default None)
     * @param margin &gt; 0: max(d(a, p) - d(a, n) + margin, 0) (default 1.0)
     * @param swap use min(d(a, n), d(p, n)) as the negative distance (default False)
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     * @return scalar; with reduction='none' (N), or () for unbatched input
     * @throws IllegalArgumentException when the shapes, dtypes or values do not fit, with PyTorch's message
     */
    public static Tensor tripletMarginWithDistanceLoss(Tensor anchor, Tensor positive, Tensor negative,
                                                       TripletMarginWithDistanceLoss.DistanceFunction distanceFunction, double margin,
                                                       boolean swap, Reduction reduction) {
        return TripletMarginWithDistanceLoss.tripletMarginWithDistanceLoss(anchor, positive, negative, distanceFunction, margin, swap, reduction);
    }

    // ------------------------------------------------------------------ sequences

    /**
     * {@code F.ctc_loss(log_probs, targets, input_lengths, target_lengths, blank=0, reduction='mean', zero_infinity=False)}.
     *
     * @param logProbs (T, N, C) or (T, C) log-probabilities (log_softmax over C), float32 or float64
     * @param targets (N, S) padded or (sum(target_lengths)) concatenated class indices, int64 (int32 .npy files are
     *         widened)
     * @param inputLengths (N) or () lengths &lt;= T, int64
     * @param targetLengths (N) or () lengths &lt;= S, int64
     * @return the loss reduced by PyTorch's default reduction, mean: a 0-d tensor
     */
    public static Tensor ctcLoss(Tensor logProbs, Tensor targets, Tensor inputLengths, Tensor targetLengths) {
        return CTCLoss.ctcLoss(logProbs, targets, inputLengths, targetLengths);
    }

    /**
     * {@code F.ctc_loss(log_probs, targets, input_lengths, target_lengths, blank, reduction, zero_infinity)}:
     * {@link CTCLoss} as a function, every parameter given.
     *
     * @param logProbs (T, N, C) or (T, C) log-probabilities (log_softmax over C), float32 or float64
     * @param targets (N, S) padded or (sum(target_lengths)) concatenated class indices, int64 (int32 .npy files are
     *         widened)
     * @param inputLengths (N) or () lengths &lt;= T, int64
     * @param targetLengths (N) or () lengths &lt;= S, int64
     * @param blank the blank label (default 0)
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     * @param zeroInfinity replace infinite losses (impossible alignments) and their gradients by zero (default False)
     * @return scalar; with reduction='none' (N), or () for unbatched input
     * @throws IllegalArgumentException when the shapes, dtypes or values do not fit, with PyTorch's message
     */
    public static Tensor ctcLoss(Tensor logProbs, Tensor targets, Tensor inputLengths, Tensor targetLengths, long blank, Reduction reduction,
                                 boolean zeroInfinity) {
        return CTCLoss.ctcLoss(logProbs, targets, inputLengths, targetLengths, blank, reduction, zeroInfinity);
    }

    /**
     * {@code F.ctc_loss(log_probs, targets, input_lengths, target_lengths, blank, reduction, zero_infinity)}:
     * {@link CTCLoss} as a function, every parameter given.
     *
     * @param logProbs (T, N, C) or (T, C) log-probabilities (log_softmax over C), float32 or float64
     * @param targets (N, S) padded or (sum(target_lengths)) concatenated class indices, int64 (int32 .npy files are
     *         widened)
     * @param inputLengths (N) or () lengths &lt;= T, int64
     * @param targetLengths (N) or () lengths &lt;= S, int64
     * @param blank the blank label (default 0)
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     * @param zeroInfinity replace infinite losses (impossible alignments) and their gradients by zero (default False)
     * @return scalar; with reduction='none' (N), or () for unbatched input
     * @throws IllegalArgumentException when the shapes, dtypes or values do not fit, with PyTorch's message
     */
    public static Tensor ctcLoss(Tensor logProbs, Tensor targets, long[] inputLengths, long[] targetLengths, long blank, Reduction reduction,
                                 boolean zeroInfinity) {
        return CTCLoss.ctcLoss(logProbs, targets, inputLengths, targetLengths, blank, reduction, zeroInfinity);
    }

    /**
     * {@code F.ctc_loss(log_probs, targets, input_lengths, target_lengths, blank, reduction, zero_infinity)}:
     * {@link CTCLoss} as a function, every parameter given.
     *
     * @param logProbs (T, N, C) or (T, C) log-probabilities (log_softmax over C), float32 or float64
     * @param targets (N, S) padded or (sum(target_lengths)) concatenated class indices, int64 (int32 .npy files are
     *         widened)
     * @param inputLengths (N) or () lengths &lt;= T, int64
     * @param targetLengths (N) or () lengths &lt;= S, int64
     * @param blank the blank label (default 0)
     * @param reduction how the per-element losses are reduced: {@link Reduction#NONE}, {@link Reduction#MEAN}
     *         (PyTorch's default) or {@link Reduction#SUM}
     * @param zeroInfinity replace infinite losses (impossible alignments) and their gradients by zero (default False)
     * @return scalar; with reduction='none' (N), or () for unbatched input
     * @throws IllegalArgumentException when the shapes, dtypes or values do not fit, with PyTorch's message
     */
    public static Tensor ctcLoss(Tensor logProbs, Tensor targets, int[] inputLengths, int[] targetLengths, long blank, Reduction reduction,
                                 boolean zeroInfinity) {
        return CTCLoss.ctcLoss(logProbs, targets, inputLengths, targetLengths, blank, reduction, zeroInfinity);
    }

    // ------------------------------------------------------------------ beyond torch.nn

    /**
     * MONAI's {@code DiceLoss()(input, target)} with its defaults (no activation, mean over (sample, channel)).
     *
     * @param input  (N, C, d1, ..., dK) probabilities, float32 or float64
     * @param target the same shape
     * @return the mean Dice loss
     */
    public static Tensor diceLoss(Tensor input, Tensor target) { return DiceLoss.diceLoss(input, target); }

    /**
     * MONAI's {@code DiceLoss(include_background, to_onehot_y, sigmoid, softmax, squared_pred, jaccard, reduction,
     * smooth_nr, smooth_dr, batch)(input, target)}; see {@link DiceLoss}.
     *
     * @param input             (N, C, d1, ..., dK) scores, float32 or float64
     * @param target            the same shape, or class indices (N, 1, d1, ..., dK) with toOnehotY
     * @param includeBackground if false, channel 0 is left out of the sums (when C &gt; 1)
     * @param toOnehotY         the target holds class indices
     * @param sigmoid           apply a sigmoid to the input
     * @param softmax           apply a softmax over the channels to the input
     * @param squaredPred       sum squares in the denominator
     * @param jaccard           the Jaccard index instead of Dice
     * @param reduction         none, mean or sum
     * @param smoothNr          added to the numerator
     * @param smoothDr          added to the denominator
     * @param batch             sum over the batch too
     * @return the loss
     */
    public static Tensor diceLoss(Tensor input, Tensor target, boolean includeBackground, boolean toOnehotY, boolean sigmoid, boolean softmax,
                                  boolean squaredPred, boolean jaccard, Reduction reduction, double smoothNr, double smoothDr, boolean batch) {
        return DiceLoss.diceLoss(input, target, includeBackground, toOnehotY, sigmoid, softmax, squaredPred, jaccard, reduction, smoothNr, smoothDr,
                batch);
    }

    /**
     * MONAI's {@code TverskyLoss()(input, target)} with its defaults (alpha = beta = 0.5, no activation, mean).
     *
     * @param input  (N, C, d1, ..., dK) probabilities, float32 or float64
     * @param target the same shape
     * @return the mean Tversky loss
     */
    public static Tensor tverskyLoss(Tensor input, Tensor target) { return TverskyLoss.tverskyLoss(input, target); }

    /**
     * MONAI's {@code TverskyLoss(include_background, to_onehot_y, sigmoid, softmax, alpha, beta, reduction, smooth_nr,
     * smooth_dr, batch)(input, target)}; see {@link TverskyLoss}.
     *
     * @param input             (N, C, d1, ..., dK) scores, float32 or float64
     * @param target            the same shape, or class indices (N, 1, d1, ..., dK) with toOnehotY
     * @param includeBackground if false, channel 0 is left out of the sums (when C &gt; 1)
     * @param toOnehotY         the target holds class indices
     * @param sigmoid           apply a sigmoid to the input
     * @param softmax           apply a softmax over the channels to the input
     * @param alpha             weight of the false positives
     * @param beta              weight of the false negatives
     * @param reduction         none, mean or sum
     * @param smoothNr          added to the numerator
     * @param smoothDr          added to the denominator
     * @param batch             sum over the batch too
     * @return the loss
     */
    public static Tensor tverskyLoss(Tensor input, Tensor target, boolean includeBackground, boolean toOnehotY, boolean sigmoid, boolean softmax,
                                     double alpha, double beta, Reduction reduction, double smoothNr, double smoothDr, boolean batch) {
        return TverskyLoss.tverskyLoss(input, target, includeBackground, toOnehotY, sigmoid, softmax, alpha, beta, reduction, smoothNr, smoothDr,
                batch);
    }

    /**
     * InfoNCE with in-batch negatives ({@link InfoNCELoss}): temperature 0.07, not symmetric, mean.
     *
     * @param input1 (N, D) anchors
     * @param input2 (N, D) positives, row i pairing with row i of input1
     * @return the mean over rows of the cross entropy of each anchor's cosine logits against its positive
     */
    public static Tensor infoNce(Tensor input1, Tensor input2) {
        return InfoNCELoss.infoNce(input1, input2, InfoNCELoss.DEFAULT_TEMPERATURE, false, Reduction.MEAN);
    }

    /**
     * InfoNCE with in-batch negatives ({@link InfoNCELoss}), every option.
     *
     * @param input1      (N, D) anchors
     * @param input2      (N, D) positives
     * @param temperature positive divisor of the cosine similarities
     * @param symmetric   average the row and column cross entropies (CLIP)
     * @param reduction   none, mean or sum
     * @return a scalar, or (N) with reduction 'none'
     */
    public static Tensor infoNce(Tensor input1, Tensor input2, double temperature, boolean symmetric, Reduction reduction) {
        return InfoNCELoss.infoNce(input1, input2, temperature, symmetric, reduction);
    }

    // ------------------------------------------------------------------ class-index and one-hot losses from elsewhere

    /**
     * {@code focal_loss(input, target, weight=None, gamma=2.0, ignore_index=-100, reduction='mean')}: the multi-class
     * focal loss over logits (Lin et al., ICCV 2017), see {@link FocalLoss}.
     *
     * @param input  (C), (N, C) or (N, C, d1, ..., dK) logits
     * @param target class indices
     * @return the mean loss
     */
    public static Tensor focalLoss(Tensor input, Tensor target) { return FocalLoss.focalLoss(input, target); }

    /**
     * {@code focal_loss} with every parameter, see {@link FocalLoss#focalLoss(Tensor, Tensor, Tensor, double, long, Reduction)}.
     *
     * @param input       (C), (N, C) or (N, C, d1, ..., dK) logits
     * @param target      class indices
     * @param weight      (C) class weights, or null
     * @param gamma       focusing parameter, at least 0
     * @param ignoreIndex the ignored target value
     * @param reduction   none, mean or sum
     * @return the loss
     */
    public static Tensor focalLoss(Tensor input, Tensor target, Tensor weight, double gamma, long ignoreIndex, Reduction reduction) {
        return FocalLoss.focalLoss(input, target, weight, gamma, ignoreIndex, reduction);
    }

    /**
     * {@code poly_loss(input, target, epsilon=1.0, ignore_index=-100, label_smoothing=0.0, reduction='mean')}: Poly-1
     * (Leng et al., ICLR 2022), see {@link PolyLoss}.
     *
     * @param input  (C), (N, C) or (N, C, d1, ..., dK) logits
     * @param target class indices
     * @return the mean loss
     */
    public static Tensor polyLoss(Tensor input, Tensor target) { return PolyLoss.polyLoss(input, target); }

    /**
     * {@code poly_loss} with every parameter, see {@link PolyLoss#polyLoss(Tensor, Tensor, double, long, double, Reduction)}.
     *
     * @param input          (C), (N, C) or (N, C, d1, ..., dK) logits
     * @param target         class indices
     * @param epsilon        the weight of the (1 - p_t) term
     * @param ignoreIndex    the ignored target value
     * @param labelSmoothing in [0, 1]
     * @param reduction      none, mean or sum
     * @return the loss
     */
    public static Tensor polyLoss(Tensor input, Tensor target, double epsilon, long ignoreIndex, double labelSmoothing, Reduction reduction) {
        return PolyLoss.polyLoss(input, target, epsilon, ignoreIndex, labelSmoothing, reduction);
    }

    /**
     * {@code keras.losses.categorical_hinge(y_true=target, y_pred=input)} averaged over rows, see {@link CategoricalHingeLoss}.
     *
     * @param input  (N, C) scores
     * @param target (N, C) one-hot target
     * @return the mean loss
     */
    public static Tensor categoricalHinge(Tensor input, Tensor target) { return CategoricalHingeLoss.categoricalHinge(input, target); }

    /**
     * {@code categorical_hinge(input, target, reduction='mean')}.
     *
     * @param input     (N, C) scores
     * @param target    (N, C) one-hot target
     * @param reduction none, mean or sum
     * @return the loss
     */
    public static Tensor categoricalHinge(Tensor input, Tensor target, Reduction reduction) {
        return CategoricalHingeLoss.categoricalHinge(input, target, reduction);
    }

    // ------------------------------------------------------------------ helpers the losses use

    /**
     * {@code F.pairwise_distance(x1, x2, p=2.0, eps=1e-6, keepdim=False)}.
     *
     * @param x1 (..., D), float32 or float64 (int64 promotes)
     * @param x2 broadcastable with x1
     * @param p the norm's order
     * @param eps added to the difference before the norm
     * @param keepdim true to keep the last dim with size 1
     * @return the distances {@code ||x1 - x2 + eps||_p} over the last dim (NormBackward1)
     * @throws IllegalArgumentException when the shapes do not broadcast or the dtypes are not floating
     */
    public static Tensor pairwiseDistance(Tensor x1, Tensor x2, double p, double eps, boolean keepdim) {
        return TripletMarginLoss.pairwiseDistance(x1, x2, p, eps, keepdim);
    }

    /**
     * {@code F.cosine_similarity(x1, x2, dim=-1, eps=1e-8)}.
     *
     * @param x1 (..., D), float32 or float64
     * @param x2 broadcastable with x1
     * @param eps the smallest norm divided by
     * @return the similarities in [-1, 1], of the broadcast shape without its last dim
     */
    public static Tensor cosineSimilarity(Tensor x1, Tensor x2, double eps) { return TripletMarginWithDistanceLoss.cosineSimilarity(x1, x2, eps); }

    /**
     * {@code F.softmax(input, dim)}.
     *
     * @param input a floating tensor
     * @param dim the dim whose slices sum to 1, negative counting from the end
     * @return a new tensor of input's shape and dtype
     * @throws IllegalArgumentException for an int64 or bool input
     * @throws IndexOutOfBoundsException when dim is out of range
     */
    public static Tensor softmax(Tensor input, int dim) { return input.softmax(dim); }

    /**
     * {@code F.log_softmax(input, dim)}.
     *
     * @param input a floating tensor
     * @param dim the dim to normalise over, negative counting from the end
     * @return a new tensor of input's shape and dtype
     * @throws IllegalArgumentException for an int64 or bool input
     * @throws IndexOutOfBoundsException when dim is out of range
     */
    public static Tensor logSoftmax(Tensor input, int dim) { return input.logSoftmax(dim); }

    /**
     * {@code torch.sigmoid(input)}.
     *
     * @param input any tensor (integers give float32)
     * @return 1 / (1 + exp(-input)), a new tensor of input's shape
     */
    public static Tensor sigmoid(Tensor input) { return input.sigmoid(); }

    /**
     * {@code F.softplus(input, beta=1, threshold=20)}.
     *
     * @param input any tensor (integers give float32)
     * @param beta the sharpness
     * @param threshold above which beta x the function is linear
     * @return log(1 + exp(beta x)) / beta, a new tensor of input's shape
     */
    public static Tensor softplus(Tensor input, double beta, double threshold) { return input.softplus(beta, threshold); }

    // ------------------------------------------------------------------ beyond torch.nn: torchvision, Keras, the pinball loss

    /**
     * {@code torchvision.ops.sigmoid_focal_loss(inputs, targets)}: alpha 0.25, gamma 2, reduction 'none'.
     *
     * @param input  logits
     * @param target labels of the input's shape
     * @return the per-element losses
     */
    public static Tensor sigmoidFocalLoss(Tensor input, Tensor target) { return SigmoidFocalLoss.sigmoidFocalLoss(input, target); }

    /**
     * {@code torchvision.ops.sigmoid_focal_loss(inputs, targets, alpha, gamma, reduction)}.
     *
     * @param input     logits
     * @param target    labels of the input's shape
     * @param alpha     weight of the positives; negative for none
     * @param gamma     exponent of (1 - p_t)
     * @param reduction none, mean or sum
     * @return the loss
     */
    public static Tensor sigmoidFocalLoss(Tensor input, Tensor target, double alpha, double gamma, Reduction reduction) {
        return SigmoidFocalLoss.sigmoidFocalLoss(input, target, alpha, gamma, reduction);
    }

    /**
     * Keras's {@code log_cosh}, mean reduction: {@link LogCoshLoss}.
     *
     * @param input  predictions
     * @param target targets, broadcastable with input
     * @return the loss
     */
    public static Tensor logCoshLoss(Tensor input, Tensor target) { return LogCoshLoss.logCoshLoss(input, target, Reduction.MEAN); }

    /**
     * Keras's {@code log_cosh}: {@link LogCoshLoss}.
     *
     * @param input     predictions
     * @param target    targets, broadcastable with input
     * @param reduction none, mean or sum
     * @return the loss
     */
    public static Tensor logCoshLoss(Tensor input, Tensor target, Reduction reduction) { return LogCoshLoss.logCoshLoss(input, target, reduction); }

    /**
     * Keras's {@code mean_squared_logarithmic_error}, mean reduction: {@link MSLELoss}.
     *
     * @param input  predictions
     * @param target targets, broadcastable with input
     * @return the loss
     */
    public static Tensor msleLoss(Tensor input, Tensor target) { return MSLELoss.msleLoss(input, target, Reduction.MEAN); }

    /**
     * Keras's {@code mean_squared_logarithmic_error}: {@link MSLELoss}.
     *
     * @param input     predictions
     * @param target    targets, broadcastable with input
     * @param reduction none, mean or sum
     * @return the loss
     */
    public static Tensor msleLoss(Tensor input, Tensor target, Reduction reduction) { return MSLELoss.msleLoss(input, target, reduction); }

    /**
     * Keras's {@code mean_absolute_percentage_error}, mean reduction: {@link MAPELoss}.
     *
     * @param input  predictions
     * @param target targets, broadcastable with input
     * @return the loss, in percent
     */
    public static Tensor mapeLoss(Tensor input, Tensor target) { return MAPELoss.mapeLoss(input, target, Reduction.MEAN); }

    /**
     * Keras's {@code mean_absolute_percentage_error}: {@link MAPELoss}.
     *
     * @param input     predictions
     * @param target    targets, broadcastable with input
     * @param reduction none, mean or sum
     * @return the loss, in percent
     */
    public static Tensor mapeLoss(Tensor input, Tensor target, Reduction reduction) { return MAPELoss.mapeLoss(input, target, reduction); }

    /**
     * Keras's {@code squared_hinge}, mean reduction: {@link SquaredHingeLoss}.
     *
     * @param input  scores
     * @param target labels -1 / 1 (or 0 / 1), broadcastable with input
     * @return the loss
     */
    public static Tensor squaredHingeLoss(Tensor input, Tensor target) { return SquaredHingeLoss.squaredHingeLoss(input, target, Reduction.MEAN); }

    /**
     * Keras's {@code squared_hinge}: {@link SquaredHingeLoss}.
     *
     * @param input     scores
     * @param target    labels -1 / 1 (or 0 / 1), broadcastable with input
     * @param reduction none, mean or sum
     * @return the loss
     */
    public static Tensor squaredHingeLoss(Tensor input, Tensor target, Reduction reduction) {
        return SquaredHingeLoss.squaredHingeLoss(input, target, reduction);
    }

    /**
     * The pinball loss of the median (quantiles [0.5]), mean reduction: {@link QuantileLoss}.
     *
     * @param input  (N,) predictions
     * @param target (N,)
     * @return the loss
     */
    public static Tensor quantileLoss(Tensor input, Tensor target) { return QuantileLoss.quantileLoss(input, target, new double[] {0.5}, Reduction.MEAN); }

    /**
     * The pinball loss: {@link QuantileLoss}.
     *
     * @param input     (N, Q) one column per quantile, or (N,) for one
     * @param target    (N,)
     * @param quantiles each in (0, 1)
     * @param reduction none, mean (over all N Q terms) or sum
     * @return the loss
     */
    public static Tensor quantileLoss(Tensor input, Tensor target, double[] quantiles, Reduction reduction) {
        return QuantileLoss.quantileLoss(input, target, quantiles, reduction);
    }
}
