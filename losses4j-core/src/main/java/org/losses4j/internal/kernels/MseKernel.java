package org.losses4j.internal.kernels;

/**
 * MSELoss's double form (float64 and the general path): l = (x - y)^2 over whole arrays of one length (the operands
 * read broadcast to one shape). The float32 form is {@code ScalarPointwiseKernels.mseLoss/mseGrad} and the Vector API
 * body of {@code PanamaPointwiseKernels.mse}.
 */
public final class MseKernel {
    private MseKernel() {}

    /** l = d^2, d = x - y. */
    public static void mse(double[] x, double[] y, double[] out) {
        for (int i = 0; i < out.length; i++) {
            double d = x[i] - y[i];
            out[i] = d * d;
        }
    }

    // dL/dx = 2 (x - y) u ; dL/dy = -dL/dx   (u = upstream per element, / N for mean)
    public static void mseBackward(double[] x, double[] y, double[] u, double[] gx, double[] gy) {
        for (int i = 0; i < x.length; i++) {
            double g = 2 * (x[i] - y[i]) * u[i];
            if (gx != null) gx[i] = g;
            if (gy != null) gy[i] = -g;
        }
    }
}
