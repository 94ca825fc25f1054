package org.losses4j;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Produces exactly the text PyTorch 1.13 prints for {@code str(tensor)} under the default print
 * options (precision 4, threshold 1000, edgeitems 3, linewidth 80, sci_mode None).
 *
 * <p>This class knows nothing about the {@code Tensor} type: callers pass the dtype, the shape and
 * the elements in C (row-major) order. It follows the rules of {@code torch/_tensor_str.py}:
 * <ul>
 *   <li>one formatter per tensor decides int mode / scientific mode / column width from the
 *       non-zero finite values (only the edge items when the tensor is summarised);</li>
 *   <li>1-d rows wrap after {@code floor((80 - indent) / (width + 2))} elements;</li>
 *   <li>tensors with more than 1000 elements are summarised with {@code ...}, keeping 3 items at
 *       each end of every dimension longer than 6;</li>
 *   <li>suffixes ({@code size=}, {@code dtype=}, {@code grad_fn=}, {@code requires_grad=True}) go on
 *       a new line when the current line would exceed 80 characters.</li>
 * </ul>
 * Floating-point values are formatted as Python does: from the exact binary value, rounding
 * half-to-even, keeping the sign of negative zero. float32 values are supplied widened to double,
 * which is exactly what PyTorch formats too ({@code tolist()} / {@code item()} widen).
 */
public final class TensorFormatter {

    /** Digits after the decimal point ({@code PRINT_OPTS.precision}). */
    public static final int PRECISION = 4;
    /** Element count above which a tensor is summarised ({@code PRINT_OPTS.threshold}). */
    public static final int THRESHOLD = 1000;
    /** Items kept at each end of a summarised dimension ({@code PRINT_OPTS.edgeitems}). */
    public static final int EDGE_ITEMS = 3;
    /** Target line width ({@code PRINT_OPTS.linewidth}). */
    public static final int LINE_WIDTH = 80;

    private static final String PREFIX = "tensor(";

    private TensorFormatter() {}

    /**
     * Formats a tensor as PyTorch's {@code str(tensor)} does.
     *
     * @param dtype        element type
     * @param shape        sizes of each dimension ({@code new int[0]} for a 0-d tensor)
     * @param floats       elements for FLOAT32 / FLOAT64 (float32 values widened to double), else null
     * @param ints         elements for INT64, else null
     * @param bools        elements for BOOL, else null
     * @param gradFnName   name of the grad_fn node (e.g. {@code "MeanBackward0"}), or null
     * @param requiresGrad true for a leaf that requires grad; ignored when {@code gradFnName != null}
     * @return the text, e.g. {@code tensor([1., 2.], requires_grad=True)}
     * @throws IllegalArgumentException if the arrays do not match the dtype or the shape
     */
    public static String format(DType dtype, int[] shape, double[] floats, long[] ints,
                                boolean[] bools, String gradFnName, boolean requiresGrad) {
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(shape, "shape");
        int given = (floats != null ? 1 : 0) + (ints != null ? 1 : 0) + (bools != null ? 1 : 0);
        if (given != 1) {
            throw new IllegalArgumentException("exactly one of floats, ints, bools must be non-null");
        }
        long numel = 1;
        for (int s : shape) {
            if (s < 0) throw new IllegalArgumentException("negative size in shape");
            numel *= s;
        }
        int length;
        switch (dtype) {
            case FLOAT32:
            case FLOAT64:
                if (floats == null) throw new IllegalArgumentException(dtype + " needs floats");
                length = floats.length;
                break;
            case INT64:
                if (ints == null) throw new IllegalArgumentException(dtype + " needs ints");
                length = ints.length;
                break;
            case BOOL:
                if (bools == null) throw new IllegalArgumentException(dtype + " needs bools");
                length = bools.length;
                break;
            default:
                throw new IllegalArgumentException("unsupported dtype " + dtype);
        }
        if (length != numel) {
            throw new IllegalArgumentException(
                    "shape " + shapeTuple(shape) + " has " + numel + " elements but " + length + " given");
        }

        int indent = PREFIX.length();
        List<String> suffixes = new ArrayList<>();
        String body;
        if (numel == 0) {
            // Empty tensors show their size unless 1-d, and their dtype unless the default float32.
            if (shape.length != 1) suffixes.add("size=" + shapeTuple(shape));
            if (dtype != DType.FLOAT32) suffixes.add("dtype=" + dtype.torchName());
            body = "[]";
        } else {
            // int64 and bool count as "default" dtypes for non-empty tensors.
            if (dtype == DType.FLOAT64) suffixes.add("dtype=" + dtype.torchName());
            body = new Printer(dtype, shape, floats, ints, bools).tensorStr(indent);
        }
        if (gradFnName != null) {
            suffixes.add("grad_fn=<" + gradFnName + ">");
        } else if (requiresGrad) {
            suffixes.add("requires_grad=True");
        }
        return addSuffixes(PREFIX + body, suffixes, indent);
    }

    /**
     * Same as {@link #format} for a tensor that neither requires grad nor has a grad_fn.
     *
     * @param dtype the element type
     * @param shape the sizes
     * @param floats the elements in C order for a floating dtype, else null
     * @param ints the elements in C order for int64, else null
     * @param bools the elements in C order for bool, else null
     * @return the text {@code str(tensor)} prints
     */
    public static String format(DType dtype, int[] shape, double[] floats, long[] ints, boolean[] bools) {
        return format(dtype, shape, floats, ints, bools, null, false);
    }

    /**
     * Python's {@code str(tuple(shape))}: {@code (0, 3)}, {@code (5,)}, {@code ()}.
     *
     * @param shape the sizes
     * @return the tuple's text
     */
    public static String shapeTuple(int[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(shape[i]);
        }
        if (shape.length == 1) sb.append(',');
        return sb.append(')').toString();
    }

    /**
     * Python's {@code "{:.Nf}".format(v)}: exact value, half-even, signed zero, nan/inf.
     *
     * @param v the value
     * @param digits the digits after the point
     * @return the text
     */
    public static String formatFixed(double v, int digits) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        String sign = (Double.doubleToRawLongBits(v) < 0) ? "-" : "";
        BigDecimal bd = new BigDecimal(Math.abs(v)).setScale(digits, RoundingMode.HALF_EVEN);
        return sign + bd.toPlainString();
    }

    /**
     * Python's {@code "{:.Ne}".format(v)}: e.g. {@code 1.2346e+08}, {@code -0.0000e+00}.
     *
     * @param v the value
     * @param digits the digits after the point of the mantissa
     * @return the text
     */
    public static String formatSci(double v, int digits) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        String sign = (Double.doubleToRawLongBits(v) < 0) ? "-" : "";
        double a = Math.abs(v);
        String mantissa;
        int exponent;
        if (a == 0.0) {
            mantissa = "0".repeat(digits + 1);
            exponent = 0;
        } else {
            BigDecimal bd = new BigDecimal(a).round(new MathContext(digits + 1, RoundingMode.HALF_EVEN));
            exponent = bd.precision() - bd.scale() - 1;
            String u = bd.unscaledValue().toString();
            if (u.length() > digits + 1) {
                u = u.substring(0, digits + 1); // only trailing zeros can be cut here
            } else if (u.length() < digits + 1) {
                u = u + "0".repeat(digits + 1 - u.length());
            }
            mantissa = u;
        }
        StringBuilder sb = new StringBuilder(sign);
        sb.append(mantissa.charAt(0));
        if (digits > 0) sb.append('.').append(mantissa, 1, digits + 1);
        sb.append('e').append(exponent < 0 ? '-' : '+');
        int e = Math.abs(exponent);
        if (e < 10) sb.append('0');
        sb.append(e);
        return sb.toString();
    }

    /** PyTorch's {@code _add_suffixes}. */
    private static String addSuffixes(String tensorStr, List<String> suffixes, int indent) {
        StringBuilder sb = new StringBuilder(tensorStr);
        // Mirrors Python exactly, including its "+ 1" (rfind returns -1 when there is no newline).
        int lastLineLen = tensorStr.length() - tensorStr.lastIndexOf('\n') + 1;
        for (String suffix : suffixes) {
            if (lastLineLen + suffix.length() + 2 > LINE_WIDTH) {
                sb.append(",\n").append(" ".repeat(indent)).append(suffix);
                lastLineLen = indent + suffix.length();
            } else {
                sb.append(", ").append(suffix);
                lastLineLen += suffix.length() + 2;
            }
        }
        return sb.append(')').toString();
    }

    /** Holds the data and the single element formatter; renders the nested brackets. */
    private static final class Printer {
        private final DType dtype;
        private final int[] shape;
        private final int[] strides;
        private final double[] floats;
        private final long[] ints;
        private final boolean[] bools;
        private final boolean summarize;

        // _Formatter state
        private boolean intMode = true;
        private boolean sciMode = false;
        private int maxWidth = 1;

        Printer(DType dtype, int[] shape, double[] floats, long[] ints, boolean[] bools) {
            this.dtype = dtype;
            this.shape = shape.clone();
            this.floats = floats;
            this.ints = ints;
            this.bools = bools;
            this.strides = new int[shape.length];
            long numel = 1;
            for (int d = shape.length - 1; d >= 0; d--) {
                strides[d] = (int) numel;
                numel *= shape[d];
            }
            this.summarize = numel > THRESHOLD;
            initFormatter(formatterIndices());
        }

        /** Flat indices of the elements the formatter looks at ({@code get_summarized_data}). */
        private int[] formatterIndices() {
            int nd = shape.length;
            int[][] perDim = new int[nd][];
            int count = 1;
            for (int d = 0; d < nd; d++) {
                int n = shape[d];
                if (summarize && n > 2 * EDGE_ITEMS) {
                    int[] idx = new int[2 * EDGE_ITEMS];
                    for (int i = 0; i < EDGE_ITEMS; i++) {
                        idx[i] = i;
                        idx[EDGE_ITEMS + i] = n - EDGE_ITEMS + i;
                    }
                    perDim[d] = idx;
                } else {
                    int[] idx = new int[n];
                    for (int i = 0; i < n; i++) idx[i] = i;
                    perDim[d] = idx;
                }
                count *= perDim[d].length;
            }
            int[] out = new int[count];
            int[] pos = new int[nd];
            for (int k = 0; k < count; k++) {
                int flat = 0;
                for (int d = 0; d < nd; d++) flat += perDim[d][pos[d]] * strides[d];
                out[k] = flat;
                for (int d = nd - 1; d >= 0; d--) {
                    if (++pos[d] < perDim[d].length) break;
                    pos[d] = 0;
                }
            }
            return out;
        }

        /** PyTorch's {@code _Formatter.__init__}. */
        private void initFormatter(int[] indices) {
            if (!dtype.isFloatingPoint()) {
                for (int i : indices) maxWidth = Math.max(maxWidth, rawString(i).length());
                return;
            }
            double min = Double.POSITIVE_INFINITY;
            double max = 0.0;
            boolean any = false;
            for (int i : indices) {
                double v = floats[i];
                if (!Double.isFinite(v) || v == 0.0) continue;
                any = true;
                double a = Math.abs(v);
                min = Math.min(min, a);
                max = Math.max(max, a);
                if (v != Math.ceil(v)) intMode = false;
            }
            if (!any) return; // no valid number: int mode, width 1
            boolean wide = max / min > 1000.0 || max > 1.0e8;
            if (intMode) {
                if (wide) {
                    sciMode = true;
                    forNonzeroFinite(indices, v -> formatSci(v, PRECISION).length());
                } else {
                    forNonzeroFinite(indices, v -> formatFixed(v, 0).length() + 1);
                }
            } else {
                if (wide || min < 1.0e-4) {
                    sciMode = true;
                    forNonzeroFinite(indices, v -> formatSci(v, PRECISION).length());
                } else {
                    forNonzeroFinite(indices, v -> formatFixed(v, PRECISION).length());
                }
            }
        }

        private void forNonzeroFinite(int[] indices, java.util.function.DoubleToIntFunction width) {
            for (int i : indices) {
                double v = floats[i];
                if (!Double.isFinite(v) || v == 0.0) continue;
                maxWidth = Math.max(maxWidth, width.applyAsInt(v));
            }
        }

        private String rawString(int i) {
            if (dtype == DType.BOOL) return bools[i] ? "True" : "False";
            return Long.toString(ints[i]);
        }

        /** PyTorch's {@code _Formatter.format}: the element right-aligned to the column width. */
        private String element(int i) {
            String ret;
            if (dtype.isFloatingPoint()) {
                double v = floats[i];
                if (sciMode) {
                    ret = formatSci(v, PRECISION);
                } else if (intMode) {
                    ret = formatFixed(v, 0);
                    if (Double.isFinite(v)) ret += ".";
                } else {
                    ret = formatFixed(v, PRECISION);
                }
            } else {
                ret = rawString(i);
            }
            int pad = maxWidth - ret.length();
            return pad > 0 ? " ".repeat(pad) + ret : ret;
        }

        String tensorStr(int indent) {
            if (shape.length == 0) return element(0);
            return tensorStr(0, 0, indent);
        }

        /** {@code _tensor_str_with_formatter} for the sub-tensor starting at dimension {@code d}. */
        private String tensorStr(int d, int offset, int indent) {
            int n = shape[d];
            int subDim = shape.length - d;
            if (subDim == 1) return vectorStr(offset, n, indent);
            List<String> slices = new ArrayList<>();
            if (summarize && n > 2 * EDGE_ITEMS) {
                for (int i = 0; i < EDGE_ITEMS; i++) {
                    slices.add(tensorStr(d + 1, offset + i * strides[d], indent + 1));
                }
                slices.add("...");
                for (int i = n - EDGE_ITEMS; i < n; i++) {
                    slices.add(tensorStr(d + 1, offset + i * strides[d], indent + 1));
                }
            } else {
                for (int i = 0; i < n; i++) {
                    slices.add(tensorStr(d + 1, offset + i * strides[d], indent + 1));
                }
            }
            String sep = "," + "\n".repeat(subDim - 1) + " ".repeat(indent + 1);
            return "[" + String.join(sep, slices) + "]";
        }

        /** {@code _vector_str}: a 1-d row, wrapped at the line width. */
        private String vectorStr(int offset, int n, int indent) {
            int elementLength = maxWidth + 2;
            int perLine = Math.max(1, Math.floorDiv(LINE_WIDTH - indent, elementLength));
            List<String> data = new ArrayList<>();
            int stride = strides[strides.length - 1];
            if (summarize && n > 2 * EDGE_ITEMS) {
                for (int i = 0; i < EDGE_ITEMS; i++) data.add(element(offset + i * stride));
                data.add(" ...");
                for (int i = n - EDGE_ITEMS; i < n; i++) data.add(element(offset + i * stride));
            } else {
                for (int i = 0; i < n; i++) data.add(element(offset + i * stride));
            }
            StringBuilder sb = new StringBuilder("[");
            String lineSep = ",\n" + " ".repeat(indent + 1);
            for (int i = 0; i < data.size(); i++) {
                if (i > 0) sb.append(i % perLine == 0 ? lineSep : ", ");
                sb.append(data.get(i));
            }
            return sb.append(']').toString();
        }
    }
}
