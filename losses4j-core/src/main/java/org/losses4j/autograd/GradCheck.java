package org.losses4j.autograd;

import java.util.function.Function;
import org.losses4j.DType;
import org.losses4j.Tensor;

/**
 * Finite-difference gradient check in float64, as {@code torch.autograd.gradcheck}: for every input that
 * requires grad, the analytical vector-Jacobian products from {@code backward} must match central differences
 * {@code (f(x + eps) - f(x - eps)) / 2 eps} within {@code atol + rtol * |numerical|}.
 *
 * <pre>{@code
 * Tensor x = Tensor.randn(new Generator(0), DType.FLOAT64, 3, 5).requiresGrad_(true);
 * GradCheck.Result r = GradCheck.check(in -> in[0].sigmoid().sum(), x);
 * assert r.passed();
 * }</pre>
 */
public final class GradCheck {
    private GradCheck() {}

    /** The outcome: the largest absolute difference seen and where. */
    public record Result(boolean passed, double maxAbsDiff, String worst) {}

    /** PyTorch's default finite-difference step, {@code eps=1e-6}. */
    public static final double EPS = 1e-6;
    /** PyTorch's default absolute tolerance, {@code atol=1e-5}. */
    public static final double ATOL = 1e-5;
    /** PyTorch's default relative tolerance, {@code rtol=1e-3}. */
    public static final double RTOL = 1e-3;

    /**
     * Checks with PyTorch's defaults (eps 1e-6, atol 1e-5, rtol 1e-3).
     *
     * @param f the function of the inputs, returning a tensor of any shape
     * @param inputs its inputs; those that require grad are checked and must be float64
     * @return whether every element passed, and the worst difference
     * @throws IllegalArgumentException when an input that requires grad is not float64
     */
    public static Result check(Function<Tensor[], Tensor> f, Tensor... inputs) {
        return check(f, EPS, ATOL, RTOL, inputs);
    }

    /**
     * Checks every element of every input that requires grad (all must be float64). The function must not
     * mutate its inputs; it is called 2 * (number of checked elements) + (number of outputs) times.
     *
     * @param f the function of the inputs, returning a tensor of any shape
     * @param eps the finite-difference step
     * @param atol the absolute tolerance
     * @param rtol the relative tolerance, times |numerical|
     * @param inputs its inputs; those that require grad are checked and must be float64
     * @return whether every element passed, and the worst difference
     * @throws IllegalArgumentException when an input that requires grad is not float64
     */
    public static Result check(Function<Tensor[], Tensor> f, double eps, double atol, double rtol, Tensor... inputs) {
        for (Tensor t : inputs) {
            if (t != null && t.requiresGrad() && t.dtype() != DType.FLOAT64) {
                throw new IllegalArgumentException("gradcheck expects float64 inputs that require grad, got " + t.dtype().torchName());
            }
        }
        Tensor out0 = f.apply(inputs);
        int m = out0.numel();
        int[] outShape = out0.shape();
        // analytical Jacobian rows: backward with a one-hot upstream gradient per output element
        double[][][] analytical = new double[inputs.length][][];
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] != null && inputs[i].requiresGrad()) analytical[i] = new double[m][];
        }
        for (int k = 0; k < m; k++) {
            for (Tensor t : inputs) if (t != null) t.zeroGrad();
            Tensor out = f.apply(inputs);
            if (!out.requiresGrad()) {
                for (int i = 0; i < inputs.length; i++) if (analytical[i] != null) analytical[i][k] = new double[inputs[i].numel()];
                continue;
            }
            double[] onehot = new double[m];
            onehot[k] = 1;
            out.backward(Tensor.wrap(out.dtype() == DType.FLOAT64 ? DType.FLOAT64 : DType.FLOAT64, onehot, outShape).to(out.dtype()));
            for (int i = 0; i < inputs.length; i++) {
                if (analytical[i] == null) continue;
                Tensor g = inputs[i].grad();
                analytical[i][k] = g == null ? new double[inputs[i].numel()] : g.toDoubleArray();
            }
        }
        for (Tensor t : inputs) if (t != null) t.zeroGrad();
        double maxDiff = 0;
        String worst = "none";
        boolean ok = true;
        try (var s = GradMode.noGrad()) {
            for (int i = 0; i < inputs.length; i++) {
                if (analytical[i] == null) continue;
                Tensor x = inputs[i];
                double[] data = (double[]) x.storage();
                int[] offs = x.elementOffsets();
                for (int j = 0; j < offs.length; j++) {
                    double orig = data[offs[j]];
                    data[offs[j]] = orig + eps;
                    double[] plus = f.apply(inputs).toDoubleArray();
                    data[offs[j]] = orig - eps;
                    double[] minus = f.apply(inputs).toDoubleArray();
                    data[offs[j]] = orig;
                    for (int k = 0; k < m; k++) {
                        double num = (plus[k] - minus[k]) / (2 * eps);
                        double ana = analytical[i][k][j];
                        double diff = Math.abs(num - ana);
                        boolean bad = !(diff <= atol + rtol * Math.abs(num)) && !(Double.isNaN(num) && Double.isNaN(ana));
                        if (diff > maxDiff || Double.isNaN(diff)) {
                            if (!Double.isNaN(diff) || bad) {
                                maxDiff = Double.isNaN(diff) ? Double.NaN : diff;
                                worst = "input " + i + " element " + j + " output " + k + ": analytical " + ana + ", numerical " + num;
                            }
                        }
                        if (bad) ok = false;
                    }
                }
            }
        }
        return new Result(ok, maxDiff, worst);
    }
}
