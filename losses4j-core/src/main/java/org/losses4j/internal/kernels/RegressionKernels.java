package org.losses4j.internal.kernels;

import java.util.Arrays;
import org.losses4j.DType;
import org.losses4j.Shape;
import org.losses4j.Tensor;
import org.losses4j.autograd.Autograd;
import org.losses4j.autograd.Node;
import org.losses4j.Reduction;

/**
 * The regression family: L1Loss, SmoothL1Loss, HuberLoss, PoissonNLLLoss, GaussianNLLLoss, KLDivLoss.
 * Every loss here is point-wise over the broadcast of its operands, so each has a check, a forward that
 * returns the per-element losses, and a backward that returns the per-element gradient of every operand
 * (before summing down to the operand's shape). The backwards need only the inputs, nothing else is saved.
 *
 * <p>Where PyTorch builds a loss from generic ops (L1 in 2.x, PoissonNLL, GaussianNLL, KLDiv), the backward
 * here evaluates the same expression the chain of op backwards evaluates, so NaN and infinity come out where
 * PyTorch's do (e.g. the target gradient of KLDiv at target 0 is 0/0 = NaN in PyTorch, and here).
 */
public final class RegressionKernels {
    private RegressionKernels() {}

    private static final double TWO_PI = 2 * Math.PI;
    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(TWO_PI);

    // ------------------------------------------------------------------ shared helpers (private to this family)

    /** An input that must be float32/float64 ("input" of every loss here). */
    static void floatingInput(Tensor t, String arg, String fn) { Checks.floating(t, arg, fn); }

    /** A target that may also be int64, as PyTorch promotes it (not for KLDiv). */
    static void numericTarget(Tensor t, String arg, String fn) {
        Checks.notNull(t, arg);
        if (t.dtype() != DType.INT64 && !t.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("\"" + fn + "\" not implemented for '" + Checks.typeName(t.dtype()) + "' (argument " + arg + ")");
        }
    }

    /** The computation dtype of several operands: float64 if any is, else float32 (int64 targets promote to the input's). */
    public static DType common(Tensor... ts) {
        for (Tensor t : ts) if (t.dtype() == DType.FLOAT64) return DType.FLOAT64;
        return DType.FLOAT32;
    }

    /** PyTorch's sign as used by abs' backward: (d > 0) - (d < 0), so NaN gives 0. */
    static double sgn(double d) { return d > 0 ? 1 : d < 0 ? -1 : 0; }

    /** Computes the per-element gradients of a point-wise loss from the per-element upstream gradient. */
    @FunctionalInterface
    public interface PointwiseBackward {
        /** @return one array per operand over the broadcast shape (null for operands not needed) */
        double[][] grads(double[] upstream, boolean[] needs);
    }

    /**
     * Records the loss's single autograd node on {@code out}: its backward expands grad_output through the
     * reduction ({@link LossReduction#upstream}), asks {@code bw} for per-element gradients, sums each down to
     * {@code reduceShapes[i]} in double, then views it as the operand's own shape and rounds once to its dtype.
     *
     * @param reduceShapes the shape each operand took part in the broadcast with (usually its own shape;
     *                     GaussianNLL's var may have been unsqueezed), or null for the operands' shapes
     */
    public static Tensor record(Tensor out, String nodeName, int[] shape, Reduction r, double divisor, Tensor[] operands,
                                int[][] reduceShapes, PointwiseBackward bw) {
        if (!Autograd.needsGraph(operands)) return out;
        final int n = Shape.numel(shape);
        out.attachGradFn(new Node(nodeName, operands) {
            @Override protected Tensor[] backward(Tensor g) {
                boolean[] needs = new boolean[operands.length];
                for (int i = 0; i < needs.length; i++) needs[i] = needsInputGrad(i);
                double[] up = LossReduction.upstream(g, n, r, divisor);
                double[][] per = bw.grads(up, needs);
                Tensor[] res = new Tensor[operands.length];
                for (int i = 0; i < operands.length; i++) {
                    if (!needs[i] || per[i] == null) continue;
                    int[] to = reduceShapes == null || reduceShapes[i] == null ? operands[i].shape() : reduceShapes[i];
                    res[i] = reduceTo(per[i], shape, to, operands[i].shape(), operands[i].dtype());
                }
                return res;
            }
        });
        return out;
    }

    /** Sums a per-element gradient over the broadcast shape down to {@code to} (in double), reshapes to {@code own}. */
    static Tensor reduceTo(double[] g, int[] shape, int[] to, int[] own, DType dtype) {
        if (Arrays.equals(shape, to)) return LossReduction.fromDoubles(dtype, g, own);
        Tensor s = Autograd.sumToShape(Tensor.wrap(DType.FLOAT64, g, shape), to);
        return LossReduction.fromDoubles(dtype, s.toDoubleArray(), own);
    }

    /** Read both operands broadcast to shape. */
    static double[] read(Tensor t, int[] shape) { return KernelInputs.valuesAs(t, shape); }

    /**
     * PyTorch's grad_fn name of a loss composed from generic ops: the reduction's node for mean and sum, else
     * the node of the last element-wise op ({@code noneName}).
     */
    public static String composedNodeName(Reduction r, String noneName) {
        switch (r) {
            case MEAN: return "MeanBackward0";
            case SUM: return "SumBackward0";
            default: return noneName;
        }
    }

    /** Rejects 'batchmean' for the losses that only know none/mean/sum, with the message PyTorch gives them. */
    public static Reduction noBatchmean(Reduction r, String message) {
        if (r == Reduction.BATCHMEAN) throw new IllegalArgumentException(message);
        return r;
    }

    // ------------------------------------------------------------------ L1Loss

    /** l1_loss: floating input, numeric target, broadcastable. Returns the broadcast shape. */
    public static int[] l1Check(Tensor input, Tensor target) {
        floatingInput(input, "input", "l1_loss");
        numericTarget(target, "target", "l1_loss");
        return Shape.broadcast(input.shape(), target.shape());
    }

    /** l_n = |x_n - y_n| */
    public static double[] l1Forward(Tensor input, Tensor target, int[] shape) {
        double[] x = read(input, shape), y = read(target, shape);
        for (int i = 0; i < x.length; i++) x[i] = Math.abs(x[i] - y[i]);
        return x;
    }

    // dL/dx_n = sgn(x_n - y_n) g_n (0 where x_n == y_n or NaN) ; dL/dy_n = -dL/dx_n
    public static double[][] l1Backward(Tensor input, Tensor target, int[] shape, double[] g, boolean[] needs) {
        double[] x = read(input, shape), y = read(target, shape);
        double[] gx = new double[x.length];
        for (int i = 0; i < x.length; i++) gx[i] = sgn(x[i] - y[i]) * g[i];
        return new double[][] {needs[0] ? gx : null, needs[1] ? negate(gx) : null};
    }

    // dL/dx_n = sgn(x_n - y_n) g_n ; dL/dy_n = -dL/dx_n   (computed in the forward pass, see PointwiseFused)
    /** The float32 fast path of l1_loss (float32 operands of one shape). */
    public static Tensor l1Fused(Tensor input, Tensor target, Reduction r) {
        return PointwiseFused.run(composedNodeName(r, "AbsBackward0"), r, new Tensor[] {input, target}, true, PointwiseFused.GRAIN_STREAMING,
                (k, x, xo, y, yo, v, vo, n, out, oo, g, go, s) -> k.l1(x, xo, y, yo, n, out, oo, g, go, s));
    }

    static double[] negate(double[] a) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) r[i] = -a[i];
        return r;
    }

    // ------------------------------------------------------------------ SmoothL1Loss

    /** smooth_l1_loss: beta must be non-negative. */
    public static int[] smoothL1Check(Tensor input, Tensor target, double beta) {
        if (beta < 0) throw new IllegalArgumentException("smooth_l1_loss does not support negative values for beta.");
        floatingInput(input, "input", "smooth_l1_loss");
        numericTarget(target, "target", "smooth_l1_loss");
        return Shape.broadcast(input.shape(), target.shape());
    }

    /** l_n = 0.5 d^2 / beta if |d| < beta else |d| - 0.5 beta, d = x_n - y_n (beta > 0; beta == 0 is L1). */
    public static double[] smoothL1Forward(Tensor input, Tensor target, int[] shape, double beta) {
        double[] x = read(input, shape), y = read(target, shape);
        for (int i = 0; i < x.length; i++) {
            double d = x[i] - y[i], z = Math.abs(d);
            x[i] = z < beta ? 0.5 * d * d / beta : z - 0.5 * beta;
        }
        return x;
    }

    // dL/dx_n = g_n * (-1 if d <= -beta ; 1 if d >= beta ; d / beta otherwise) ; dL/dy_n = -dL/dx_n
    public static double[][] smoothL1Backward(Tensor input, Tensor target, int[] shape, double beta, double[] g, boolean[] needs) {
        double[] x = read(input, shape), y = read(target, shape);
        double[] gx = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double d = x[i] - y[i];
            gx[i] = d <= -beta ? -g[i] : d >= beta ? g[i] : d * g[i] / beta;
        }
        return new double[][] {needs[0] ? gx : null, needs[1] ? negate(gx) : null};
    }

    // dL/dx_n = g_n * (-1 if d <= -beta ; 1 if d >= beta ; d / beta otherwise) ; dL/dy_n = -dL/dx_n   (fused, beta > 0)
    /** The float32 fast path of smooth_l1_loss with beta > 0. */
    public static Tensor smoothL1Fused(Tensor input, Tensor target, Reduction r, double beta) {
        final float b = (float) beta;
        return PointwiseFused.run("SmoothL1LossBackward0", r, new Tensor[] {input, target}, true, PointwiseFused.GRAIN_STREAMING,
                (k, x, xo, y, yo, v, vo, n, out, oo, g, go, s) -> k.smoothL1(x, xo, y, yo, n, out, oo, g, go, s, b));
    }

    // ------------------------------------------------------------------ HuberLoss

    /** huber_loss: delta must be positive. */
    public static int[] huberCheck(Tensor input, Tensor target, double delta) {
        if (!(delta > 0)) throw new IllegalArgumentException("huber_loss does not support non-positive values for delta.");
        floatingInput(input, "input", "huber_loss");
        numericTarget(target, "target", "huber_loss");
        return Shape.broadcast(input.shape(), target.shape());
    }

    /** l_n = 0.5 d^2 if |d| < delta else delta (|d| - 0.5 delta), d = x_n - y_n. */
    public static double[] huberForward(Tensor input, Tensor target, int[] shape, double delta) {
        double[] x = read(input, shape), y = read(target, shape);
        for (int i = 0; i < x.length; i++) {
            double d = x[i] - y[i], z = Math.abs(d);
            x[i] = z < delta ? 0.5 * d * d : delta * (z - 0.5 * delta);
        }
        return x;
    }

    // dL/dx_n = g_n * (-delta if d <= -delta ; delta if d >= delta ; d otherwise) ; dL/dy_n = -dL/dx_n
    public static double[][] huberBackward(Tensor input, Tensor target, int[] shape, double delta, double[] g, boolean[] needs) {
        double[] x = read(input, shape), y = read(target, shape);
        double[] gx = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double d = x[i] - y[i];
            gx[i] = d <= -delta ? -delta * g[i] : d >= delta ? delta * g[i] : d * g[i];
        }
        return new double[][] {needs[0] ? gx : null, needs[1] ? negate(gx) : null};
    }

    // dL/dx_n = g_n * (-delta if d <= -delta ; delta if d >= delta ; d otherwise) ; dL/dy_n = -dL/dx_n   (fused)
    /** The float32 fast path of huber_loss. */
    public static Tensor huberFused(Tensor input, Tensor target, Reduction r, double delta) {
        final float dl = (float) delta;
        return PointwiseFused.run("HuberLossBackward0", r, new Tensor[] {input, target}, true, PointwiseFused.GRAIN_STREAMING,
                (k, x, xo, y, yo, v, vo, n, out, oo, g, go, s) -> k.huber(x, xo, y, yo, n, out, oo, g, go, s, dl));
    }

    // ------------------------------------------------------------------ PoissonNLLLoss

    public static int[] poissonCheck(Tensor input, Tensor target) {
        floatingInput(input, "input", "poisson_nll_loss");
        numericTarget(target, "target", "poisson_nll_loss");
        return Shape.broadcast(target.shape(), input.shape()); // PyTorch's first broadcasting op is target * input
    }

    /**
     * log_input: l = exp(x) - y x ; else l = x - y log(x + eps) ; full adds the Stirling term
     * y log y - y + 0.5 log(2 pi y) where y > 1 (elsewhere 0, NaN targets propagate as in masked_fill).
     */
    /** Whether PyTorch computes in float32 here (neither operand float64). */
    private static boolean f32(Tensor a, Tensor b) {
        return a.dtype() != DType.FLOAT64 && b.dtype() != DType.FLOAT64;
    }

    /** x + eps as PyTorch's float32 op rounds it (1 + 1e-8 is exactly 1 in float32, so log gives 0). */
    private static double plusEps(double x, double eps, boolean f32) {
        return f32 ? (float) (x + (float) eps) : x + eps;
    }

    public static double[] poissonForward(Tensor input, Tensor target, int[] shape, boolean logInput, boolean full, double eps) {
        double[] x = read(input, shape), y = read(target, shape);
        boolean f32 = f32(input, target);
        for (int i = 0; i < x.length; i++) {
            double xi = x[i], yi = y[i];
            double l = logInput ? Math.exp(xi) - yi * xi : xi - yi * Math.log(plusEps(xi, eps, f32));
            if (full && !(yi <= 1)) l += yi * Math.log(yi) - yi + 0.5 * Math.log(TWO_PI * yi);
            x[i] = l;
        }
        return x;
    }

    // log_input:  dL/dx = g (exp(x) - y)              dL/dy = -g x
    // otherwise:  dL/dx = g (1 - y / (x + eps))       dL/dy = -g log(x + eps)
    // full, m = (y <= 1 ? 0 : g):  dL/dy += m log y + m y / y - m + (0.5 m / (2 pi y)) 2 pi
    //   (PyTorch's masked_fill zeroes the upstream, not the local derivative, so y <= 0 still gives 0 * -inf or 0/0 = NaN)
    public static double[][] poissonBackward(Tensor input, Tensor target, int[] shape, boolean logInput, boolean full, double eps,
                                             double[] g, boolean[] needs) {
        double[] x = read(input, shape), y = read(target, shape);
        int n = x.length;
        double[] gx = needs[0] ? new double[n] : null, gy = needs[1] ? new double[n] : null;
        boolean f32 = f32(input, target);
        for (int i = 0; i < n; i++) {
            double xi = x[i], yi = y[i], gi = g[i];
            if (logInput) {
                if (gx != null) gx[i] = gi * Math.exp(xi) - gi * yi;
                if (gy != null) gy[i] = -gi * xi;
            } else {
                double s = plusEps(xi, eps, f32);
                if (gx != null) gx[i] = gi - gi * yi / s;
                if (gy != null) gy[i] = -gi * Math.log(s);
            }
            if (gy != null && full) {
                double m = yi <= 1 ? 0 : gi;
                gy[i] += m * Math.log(yi) + m * yi / yi - m + (0.5 * m / (TWO_PI * yi)) * TWO_PI;
            }
        }
        return new double[][] {gx, gy};
    }

    /** Whether poisson_nll_loss can take the fused float32 path: log_input, not full, target not differentiated. */
    public static boolean poissonFusable(Tensor input, Tensor target, boolean logInput, boolean full, Reduction r) {
        return logInput && !full && PointwiseFused.applies(r, input, target) && !(target.requiresGrad() && Autograd.needsGraph(target));
    }

    // log_input: dL/dx = g exp(x) - g y   (computed in the forward pass, see PointwiseFused; target not differentiated)
    /** The float32 fast path of poisson_nll_loss(log_input=True, full=False). */
    public static Tensor poissonFused(Tensor input, Tensor target, Reduction r) {
        return PointwiseFused.run(composedNodeName(r, "SubBackward0"), r, new Tensor[] {input, target}, false, PointwiseFused.GRAIN,
                (k, x, xo, y, yo, v, vo, n, out, oo, g, go, s) -> k.poissonLogInput(x, xo, y, yo, n, out, oo, g, go, s));
    }

    // ------------------------------------------------------------------ GaussianNLLLoss

    /**
     * gaussian_nll_loss's checks in PyTorch's order: var's size, then negative entries, then broadcasting.
     * Returns {broadcast shape, the shape var takes part with (unsqueezed when one dim short)}.
     */
    public static int[][] gaussianCheck(Tensor input, Tensor target, Tensor var) {
        floatingInput(input, "input", "gaussian_nll_loss");
        numericTarget(target, "target", "gaussian_nll_loss");
        floatingInput(var, "var", "gaussian_nll_loss");
        int[] in = input.shape(), v = var.shape();
        int[] vs = v;
        if (!Arrays.equals(v, in)) {
            int[] inHead = in.length == 0 ? in : Arrays.copyOf(in, in.length - 1);
            if (Arrays.equals(inHead, v)) {
                vs = Arrays.copyOf(v, v.length + 1);
                vs[v.length] = 1;
            } else if (v.length > 0 && Arrays.equals(inHead, Arrays.copyOf(v, v.length - 1)) && v[v.length - 1] == 1) {
                vs = v;
            } else {
                throw new IllegalArgumentException("var is of incorrect size");
            }
        }
        if (anyNegative(var)) throw new IllegalArgumentException("var has negative entry/entries");
        int[] shape = Shape.broadcast(Shape.broadcast(in, target.shape()), vs);
        return new int[][] {shape, vs};
    }

    /** Whether any entry of t is negative: float32 read in place, other dtypes through doubles. */
    static boolean anyNegative(Tensor t) {
        if (t.dtype() == DType.FLOAT32 && t.isContiguous()) return PointwiseFused.K.anyNegative((float[]) t.storage(), t.storageOffset(), t.numel());
        for (double d : t.toDoubleArray()) if (d < 0) return true;
        return false;
    }

    /** Whether gaussian_nll_loss can take the fused float32 path: var of the input's shape and not differentiated. */
    public static boolean gaussianFusable(Tensor input, Tensor target, Tensor var, Reduction r) {
        return PointwiseFused.applies(r, input, target, var) && !(var.requiresGrad() && Autograd.needsGraph(var));
    }

    // dL/dx = g (x - y) / v ; dL/dy = -dL/dx   (v = max(var, eps); computed in the forward pass, var not differentiated)
    /** The float32 fast path of gaussian_nll_loss (call after {@link #gaussianCheck}). */
    public static Tensor gaussianFused(Tensor input, Tensor target, Tensor var, boolean full, double eps, Reduction r) {
        final float e = (float) eps, c = full ? (float) HALF_LOG_TWO_PI : 0f;
        return PointwiseFused.run(composedNodeName(r, full ? "AddBackward0" : "MulBackward0"), r, new Tensor[] {input, target, var}, true, PointwiseFused.GRAIN,
                (k, x, xo, y, yo, v, vo, n, out, oo, g, go, s) -> k.gaussian(x, xo, y, yo, v, vo, n, out, oo, g, go, s, e, c));
    }

    /** l = 0.5 (log v + (x - y)^2 / v) [+ 0.5 log(2 pi) when full], v = max(var, eps). */
    public static double[] gaussianForward(Tensor input, Tensor target, Tensor var, int[] shape, int[] varShape, boolean full, double eps) {
        double[] x = read(input, shape), y = read(target, shape), v = read(var.reshape(varShape), shape);
        for (int i = 0; i < x.length; i++) {
            double vi = clampMin(v[i], eps), d = x[i] - y[i];
            double l = 0.5 * (Math.log(vi) + d * d / vi);
            if (full) l += HALF_LOG_TWO_PI;
            x[i] = l;
        }
        return x;
    }

    /** clamp_(min=eps): NaN stays NaN. */
    static double clampMin(double v, double eps) { return v < eps ? eps : v; }

    // v = max(var, eps); PyTorch clamps a clone under no_grad, so the clamp is invisible to autograd:
    // dL/dx = g (x - y) / v ; dL/dy = -dL/dx ; dL/dvar = 0.5 g (1 / v - (x - y)^2 / v^2)  (evaluated at the clamped v)
    public static double[][] gaussianBackward(Tensor input, Tensor target, Tensor var, int[] shape, int[] varShape, double eps,
                                              double[] g, boolean[] needs) {
        double[] x = read(input, shape), y = read(target, shape), v = read(var.reshape(varShape), shape);
        int n = x.length;
        double[] gx = needs[0] || needs[1] ? new double[n] : null, gv = needs[2] ? new double[n] : null;
        for (int i = 0; i < n; i++) {
            double vi = clampMin(v[i], eps), d = x[i] - y[i];
            if (gx != null) gx[i] = g[i] * d / vi;
            if (gv != null) gv[i] = 0.5 * g[i] * (1 / vi - d * d / (vi * vi));
        }
        return new double[][] {needs[0] ? gx : null, needs[1] ? negate(gx) : null, gv};
    }
}
