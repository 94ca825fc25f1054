package org.losses4j.nn.init;

import org.losses4j.Generator;
import org.losses4j.Tensor;
import org.losses4j.autograd.GradMode;

/**
 * {@code torch.nn.init}: fills a tensor in place, without recording autograd history, drawing from the
 * generator exactly as PyTorch does, so that after {@code Tensor.manualSeed(s)} the values are PyTorch's bit
 * for bit (every function here is one {@code uniform_} or {@code normal_} call with PyTorch's bounds).
 *
 * <pre>{@code
 * Tensor w = Tensor.empty(16, 4).requiresGrad_(true);
 * Init.kaimingUniform_(w, Math.sqrt(5), Init.FanMode.FAN_IN, "leaky_relu");   // nn.Linear's weight
 * }</pre>
 *
 * Bounds are computed in double precision with PyTorch's expressions in PyTorch's order (for instance
 * {@code bound = sqrt(3) * (gain / sqrt(fan))}, not {@code sqrt(3 / fan) * gain}): a different but equivalent
 * expression can differ in the last bit of the bound and so in the last bit of a drawn value.
 */
public final class Init {
    private Init() {}

    /** Which fan {@code kaiming_*} scales by: {@code mode='fan_in'} or {@code 'fan_out'}. */
    public enum FanMode {
        /** {@code 'fan_in'}: keeps the variance of the forward pass's activations. */
        FAN_IN,
        /** {@code 'fan_out'}: keeps the variance of the backward pass's gradients. */
        FAN_OUT;

        /**
         * {@code "fan_in"} or {@code "fan_out"} (case-insensitive, as PyTorch's {@code mode.lower()}).
         *
         * @param mode the mode's name
         * @return the mode
         * @throws IllegalArgumentException for another name, with PyTorch's message
         */
        public static FanMode of(String mode) {
            switch (mode.toLowerCase(java.util.Locale.ROOT)) {
                case "fan_in": return FAN_IN;
                case "fan_out": return FAN_OUT;
                default: throw new IllegalArgumentException("Mode " + mode + " not supported, please use one of ['fan_in', 'fan_out']");
            }
        }
    }

    // ------------------------------------------------------------------ gains and fans

    /**
     * {@code calculate_gain(nonlinearity)}: 1 for linear/conv/sigmoid, 5/3 for tanh, sqrt(2) for relu,
     * sqrt(2 / (1 + 0.01^2)) for leaky_relu (default slope), 3/4 for selu.
     *
     * @param nonlinearity PyTorch's name of the function, e.g. {@code "relu"}
     * @return the recommended gain
     * @throws IllegalArgumentException for an unsupported name ("Unsupported nonlinearity x")
     */
    public static double calculateGain(String nonlinearity) { return calculateGain(nonlinearity, null); }

    /**
     * {@code calculate_gain(nonlinearity, param)}: {@code param} is leaky_relu's negative slope (null: 0.01).
     *
     * @param nonlinearity PyTorch's name of the function, e.g. {@code "leaky_relu"}
     * @param param leaky_relu's negative slope, or null for 0.01 (ignored by the others)
     * @return the recommended gain
     * @throws IllegalArgumentException for an unsupported name ("Unsupported nonlinearity x")
     */
    public static double calculateGain(String nonlinearity, Double param) {
        switch (nonlinearity) {
            case "linear": case "conv1d": case "conv2d": case "conv3d":
            case "conv_transpose1d": case "conv_transpose2d": case "conv_transpose3d":
            case "sigmoid":
                return 1;
            case "tanh": return 5.0 / 3;
            case "relu": return Math.sqrt(2.0);
            case "leaky_relu": {
                double slope = param == null ? 0.01 : param;
                return Math.sqrt(2.0 / (1 + slope * slope)); // Python's slope ** 2 is the correctly rounded square
            }
            case "selu": return 3.0 / 4;
            default: throw new IllegalArgumentException("Unsupported nonlinearity " + nonlinearity);
        }
    }

    /**
     * {@code _calculate_fan_in_and_fan_out}: {fan_in, fan_out} = {size(1), size(0)} times the product of the
     * sizes after the first two (the receptive field of a convolution weight).
     *
     * @param tensor a weight of at least 2 dims, (out, in, kernel...)
     * @return {@code {fan_in, fan_out}}
     * @throws IllegalArgumentException when the tensor has fewer than 2 dims, with PyTorch's message
     */
    public static int[] calculateFanInAndFanOut(Tensor tensor) {
        if (tensor.dim() < 2) {
            throw new IllegalArgumentException("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions");
        }
        int receptive = 1;
        for (int d = 2; d < tensor.dim(); d++) receptive *= tensor.size(d);
        return new int[] {tensor.size(1) * receptive, tensor.size(0) * receptive};
    }

    private static int correctFan(Tensor tensor, FanMode mode) {
        int[] f = calculateFanInAndFanOut(tensor);
        return mode == FanMode.FAN_IN ? f[0] : f[1];
    }

    private static boolean hasZeroSize(Tensor t) {
        for (int s : t.shape()) if (s == 0) return true;
        return false;
    }

    // ------------------------------------------------------------------ fills

    /**
     * {@code uniform_(tensor, a, b)}: U(a, b) from the default generator.
     *
     * @param tensor a float32 or float64 tensor, filled in place
     * @param a the lower bound
     * @param b the upper bound
     * @return {@code tensor}
     * @throws IllegalArgumentException when {@code a > b} or the tensor is not floating
     */
    public static Tensor uniform_(Tensor tensor, double a, double b) { return uniform_(tensor, a, b, Generator.defaultGenerator()); }

    /**
     * {@code uniform_(tensor, a, b, generator=gen)}: U(a, b).
     *
     * @param tensor a float32 or float64 tensor, filled in place
     * @param a the lower bound
     * @param b the upper bound
     * @param gen the generator to draw from
     * @return {@code tensor}
     * @throws IllegalArgumentException when {@code a > b} or the tensor is not floating
     */
    public static Tensor uniform_(Tensor tensor, double a, double b, Generator gen) {
        try (var s = GradMode.noGrad()) {
            return tensor.uniform_(a, b, gen);
        }
    }

    /**
     * {@code uniform_(tensor)}: U(0, 1).
     *
     * @param tensor a float32 or float64 tensor, filled in place
     * @return {@code tensor}
     * @throws IllegalArgumentException when the tensor is not floating
     */
    public static Tensor uniform_(Tensor tensor) { return uniform_(tensor, 0, 1); }

    /**
     * {@code normal_(tensor, mean, std)}: N(mean, std^2) from the default generator.
     *
     * @param tensor a float32 or float64 tensor, filled in place
     * @param mean the mean
     * @param std the standard deviation, at least 0
     * @return {@code tensor}
     * @throws IllegalArgumentException when {@code std} is negative or the tensor is not floating
     */
    public static Tensor normal_(Tensor tensor, double mean, double std) { return normal_(tensor, mean, std, Generator.defaultGenerator()); }

    /**
     * {@code normal_(tensor, mean, std, generator=gen)}: N(mean, std^2).
     *
     * @param tensor a float32 or float64 tensor, filled in place
     * @param mean the mean
     * @param std the standard deviation, at least 0
     * @param gen the generator to draw from
     * @return {@code tensor}
     * @throws IllegalArgumentException when {@code std} is negative or the tensor is not floating
     */
    public static Tensor normal_(Tensor tensor, double mean, double std, Generator gen) {
        try (var s = GradMode.noGrad()) {
            return tensor.normal_(mean, std, gen);
        }
    }

    /**
     * {@code normal_(tensor)}: N(0, 1).
     *
     * @param tensor a float32 or float64 tensor, filled in place
     * @return {@code tensor}
     * @throws IllegalArgumentException when the tensor is not floating
     */
    public static Tensor normal_(Tensor tensor) { return normal_(tensor, 0, 1); }

    /**
     * {@code constant_(tensor, val)}.
     *
     * @param tensor the tensor, filled in place
     * @param val the value
     * @return {@code tensor}
     */
    public static Tensor constant_(Tensor tensor, double val) {
        try (var s = GradMode.noGrad()) {
            return tensor.fill_(val);
        }
    }

    /**
     * {@code zeros_(tensor)}.
     *
     * @param tensor the tensor, filled in place
     * @return {@code tensor}
     */
    public static Tensor zeros_(Tensor tensor) { return constant_(tensor, 0); }

    /**
     * {@code ones_(tensor)}.
     *
     * @param tensor the tensor, filled in place
     * @return {@code tensor}
     */
    public static Tensor ones_(Tensor tensor) { return constant_(tensor, 1); }

    /**
     * {@code xavier_uniform_(tensor, gain=1)}: U(-a, a), a = sqrt(3) * gain * sqrt(2 / (fan_in + fan_out)).
     *
     * @param tensor a floating weight of at least 2 dims, filled in place
     * @return {@code tensor}
     * @throws IllegalArgumentException when the tensor has fewer than 2 dims or is not floating
     */
    public static Tensor xavierUniform_(Tensor tensor) { return xavierUniform_(tensor, 1.0); }

    /**
     * {@code xavier_uniform_(tensor, gain)}: U(-a, a), a = sqrt(3) * gain * sqrt(2 / (fan_in + fan_out)).
     *
     * @param tensor a floating weight of at least 2 dims, filled in place
     * @param gain the scaling factor
     * @return {@code tensor}
     * @throws IllegalArgumentException when the tensor has fewer than 2 dims or is not floating
     */
    public static Tensor xavierUniform_(Tensor tensor, double gain) { return xavierUniform_(tensor, gain, Generator.defaultGenerator()); }

    /**
     * {@code xavier_uniform_(tensor, gain, generator=gen)}.
     *
     * @param tensor a floating weight of at least 2 dims, filled in place
     * @param gain the scaling factor
     * @param gen the generator to draw from
     * @return {@code tensor}
     * @throws IllegalArgumentException when the tensor has fewer than 2 dims or is not floating
     */
    public static Tensor xavierUniform_(Tensor tensor, double gain, Generator gen) {
        int[] f = calculateFanInAndFanOut(tensor);
        double std = gain * Math.sqrt(2.0 / (double) (f[0] + f[1]));
        double a = Math.sqrt(3.0) * std;
        return uniform_(tensor, -a, a, gen);
    }

    /**
     * {@code xavier_normal_(tensor, gain=1)}: N(0, std^2), std = gain * sqrt(2 / (fan_in + fan_out)).
     *
     * @param tensor a floating weight of at least 2 dims, filled in place
     * @return {@code tensor}
     * @throws IllegalArgumentException when the tensor has fewer than 2 dims or is not floating
     */
    public static Tensor xavierNormal_(Tensor tensor) { return xavierNormal_(tensor, 1.0); }

    /**
     * {@code xavier_normal_(tensor, gain)}: N(0, std^2), std = gain * sqrt(2 / (fan_in + fan_out)).
     *
     * @param tensor a floating weight of at least 2 dims, filled in place
     * @param gain the scaling factor
     * @return {@code tensor}
     * @throws IllegalArgumentException when the tensor has fewer than 2 dims or is not floating
     */
    public static Tensor xavierNormal_(Tensor tensor, double gain) { return xavierNormal_(tensor, gain, Generator.defaultGenerator()); }

    /**
     * {@code xavier_normal_(tensor, gain, generator=gen)}.
     *
     * @param tensor a floating weight of at least 2 dims, filled in place
     * @param gain the scaling factor
     * @param gen the generator to draw from
     * @return {@code tensor}
     * @throws IllegalArgumentException when the tensor has fewer than 2 dims or is not floating
     */
    public static Tensor xavierNormal_(Tensor tensor, double gain, Generator gen) {
        int[] f = calculateFanInAndFanOut(tensor);
        double std = gain * Math.sqrt(2.0 / (double) (f[0] + f[1]));
        return normal_(tensor, 0., std, gen);
    }

    /**
     * {@code kaiming_uniform_(tensor)} with PyTorch's defaults a=0, mode='fan_in', nonlinearity='leaky_relu'.
     *
     * @param tensor a floating weight of at least 2 dims, filled in place
     * @return {@code tensor}
     * @throws IllegalArgumentException when the tensor has fewer than 2 dims or is not floating
     */
    public static Tensor kaimingUniform_(Tensor tensor) { return kaimingUniform_(tensor, 0, FanMode.FAN_IN, "leaky_relu"); }

    /**
     * {@code kaiming_uniform_(tensor, a, mode, nonlinearity)}: U(-bound, bound) with
     * bound = sqrt(3) * gain / sqrt(fan), gain =
     * {@link #calculateGain(String, Double) calculate_gain(nonlinearity, a)}.
     * A tensor with a zero-sized dim is left as it is (PyTorch warns "Initializing zero-element tensors is a no-op").
     *
     * @param tensor a floating weight of at least 2 dims, filled in place
     * @param a leaky_relu's negative slope
     * @param mode which fan to scale by
     * @param nonlinearity the function that follows, for {@link #calculateGain(String, Double)}
     * @return {@code tensor}
     * @throws IllegalArgumentException when the tensor has fewer than 2 dims or is not floating, or the nonlinearity
     *         is unsupported
     */
    public static Tensor kaimingUniform_(Tensor tensor, double a, FanMode mode, String nonlinearity) {
        return kaimingUniform_(tensor, a, mode, nonlinearity, Generator.defaultGenerator());
    }

    /**
     * {@code kaiming_uniform_(tensor, a, mode, nonlinearity, generator=gen)}; see
     * {@link #kaimingUniform_(Tensor, double, FanMode, String)}.
     *
     * @param tensor a floating weight of at least 2 dims, filled in place
     * @param a leaky_relu's negative slope
     * @param mode which fan to scale by
     * @param nonlinearity the function that follows
     * @param gen the generator to draw from
     * @return {@code tensor}
     * @throws IllegalArgumentException when the tensor has fewer than 2 dims or is not floating, or the nonlinearity
     *         is unsupported
     */
    public static Tensor kaimingUniform_(Tensor tensor, double a, FanMode mode, String nonlinearity, Generator gen) {
        if (hasZeroSize(tensor)) return tensor;
        int fan = correctFan(tensor, mode);
        double gain = calculateGain(nonlinearity, a);
        double std = gain / Math.sqrt(fan);
        double bound = Math.sqrt(3.0) * std;
        return uniform_(tensor, -bound, bound, gen);
    }

    /**
     * {@code kaiming_normal_(tensor)} with PyTorch's defaults a=0, mode='fan_in', nonlinearity='leaky_relu'.
     *
     * @param tensor a floating weight of at least 2 dims, filled in place
     * @return {@code tensor}
     * @throws IllegalArgumentException when the tensor has fewer than 2 dims or is not floating
     */
    public static Tensor kaimingNormal_(Tensor tensor) { return kaimingNormal_(tensor, 0, FanMode.FAN_IN, "leaky_relu"); }

    /**
     * {@code kaiming_normal_(tensor, a, mode, nonlinearity)}: N(0, std^2), std = gain / sqrt(fan).
     *
     * @param tensor a floating weight of at least 2 dims, filled in place
     * @param a leaky_relu's negative slope
     * @param mode which fan to scale by
     * @param nonlinearity the function that follows, for {@link #calculateGain(String, Double)}
     * @return {@code tensor}
     * @throws IllegalArgumentException when the tensor has fewer than 2 dims or is not floating, or the nonlinearity
     *         is unsupported
     */
    public static Tensor kaimingNormal_(Tensor tensor, double a, FanMode mode, String nonlinearity) {
        return kaimingNormal_(tensor, a, mode, nonlinearity, Generator.defaultGenerator());
    }

    /**
     * {@code kaiming_normal_(tensor, a, mode, nonlinearity, generator=gen)}: N(0, std^2), std = gain / sqrt(fan).
     *
     * @param tensor a floating weight of at least 2 dims, filled in place
     * @param a leaky_relu's negative slope
     * @param mode which fan to scale by
     * @param nonlinearity the function that follows
     * @param gen the generator to draw from
     * @return {@code tensor}
     * @throws IllegalArgumentException when the tensor has fewer than 2 dims or is not floating, or the nonlinearity
     *         is unsupported
     */
    public static Tensor kaimingNormal_(Tensor tensor, double a, FanMode mode, String nonlinearity, Generator gen) {
        if (hasZeroSize(tensor)) return tensor;
        int fan = correctFan(tensor, mode);
        double gain = calculateGain(nonlinearity, a);
        double std = gain / Math.sqrt(fan);
        return normal_(tensor, 0, std, gen);
    }
}
