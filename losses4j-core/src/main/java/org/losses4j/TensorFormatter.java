package org.losses4j;

/** TEMPORARY stand-in; replaced by the PyTorch-exact formatter. */
public final class TensorFormatter {
    private TensorFormatter() {}
    public static String format(DType dtype, int[] shape, double[] floats, long[] ints, boolean[] bools, String gradFnName, boolean requiresGrad) {
        StringBuilder sb = new StringBuilder("tensor(");
        int n = floats != null ? floats.length : ints != null ? ints.length : bools.length;
        for (int i = 0; i < n; i++) {
            if (i > 0) sb.append(", ");
            sb.append(floats != null ? String.format("%.4f", floats[i]) : ints != null ? String.valueOf(ints[i]) : String.valueOf(bools[i]));
        }
        if (gradFnName != null) sb.append(", grad_fn=<").append(gradFnName).append('>');
        return sb.append(')').toString();
    }
}
