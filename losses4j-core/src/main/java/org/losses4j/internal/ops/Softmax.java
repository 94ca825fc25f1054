package org.losses4j.internal.ops;

import org.losses4j.Shape;
import org.losses4j.Tensor;
import org.losses4j.autograd.Autograd;
import org.losses4j.autograd.Node;

/** softmax and log_softmax along one dim, numerically stable (the row maximum is subtracted first). */
public final class Softmax {
    private Softmax() {}

    /** Geometry of "rows" along dim: outer x len x inner. */
    private record Rows(int outer, int len, int inner) {
        static Rows of(int[] shape, int dim) {
            int o = 1, in = 1;
            for (int i = 0; i < dim; i++) o *= shape[i];
            for (int i = dim + 1; i < shape.length; i++) in *= shape[i];
            return new Rows(o, shape.length == 0 ? 1 : shape[dim], in);
        }
    }

    private static double[] compute(double[] x, Rows r, boolean log) {
        double[] y = new double[x.length];
        for (int o = 0; o < r.outer; o++) {
            for (int in = 0; in < r.inner; in++) {
                int base = o * r.len * r.inner + in;
                double m = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < r.len; k++) {
                    double v = x[base + k * r.inner];
                    if (v > m || Double.isNaN(v)) m = v;
                }
                if (Double.isInfinite(m)) m = m > 0 ? m : 0; // all -inf: exp(-inf)=0 and the row becomes nan below
                double s = 0;
                for (int k = 0; k < r.len; k++) s += Math.exp(x[base + k * r.inner] - m);
                double lse = Math.log(s);
                for (int k = 0; k < r.len; k++) {
                    int i = base + k * r.inner;
                    y[i] = log ? x[i] - m - lse : Math.exp(x[i] - m) / s;
                }
            }
        }
        return y;
    }

    private static Tensor run(Tensor a, int dim, boolean log) {
        if (!a.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("\"" + (log ? "log_softmax" : "softmax") + "_lastdim_kernel_impl\" not implemented for '"
                    + (a.dtype() == org.losses4j.DType.INT64 ? "Long" : "Bool") + "'");
        }
        int d = Shape.wrapDim(dim, a.dim());
        int[] sh = a.shape();
        Rows r = Rows.of(sh, d);
        double[] y = compute(Elementwise.doubles(a, sh), r, log);
        Tensor out = Elementwise.fromDoubles(a.dtype(), y, sh);
        if (Autograd.needsGraph(a)) {
            out.attachGradFn(new Node(log ? "LogSoftmaxBackward0" : "SoftmaxBackward0", a) {
                private final Tensor yt = saveOutput(out);

                // softmax:     dx = y * (g - sum_k g_k y_k)
                // log_softmax: dx = g - exp(y) * sum_k g_k
                @Override protected Tensor[] backward(Tensor g) {
                    double[] gv = Elementwise.doubles(g, sh), yv = Elementwise.doubles(yt, sh);
                    double[] dx = new double[gv.length];
                    for (int o = 0; o < r.outer; o++) {
                        for (int in = 0; in < r.inner; in++) {
                            int base = o * r.len * r.inner + in;
                            double s = 0;
                            for (int k = 0; k < r.len; k++) {
                                int i = base + k * r.inner;
                                s += log ? gv[i] : gv[i] * yv[i];
                            }
                            for (int k = 0; k < r.len; k++) {
                                int i = base + k * r.inner;
                                dx[i] = log ? gv[i] - Math.exp(yv[i]) * s : yv[i] * (gv[i] - s);
                            }
                        }
                    }
                    return new Tensor[] {Elementwise.fromDoubles(input(0).dtype(), dx, sh)};
                }
            });
        }
        return out;
    }

    public static Tensor softmax(Tensor a, int dim) { return run(a, dim, false); }

    public static Tensor logSoftmax(Tensor a, int dim) { return run(a, dim, true); }
}
