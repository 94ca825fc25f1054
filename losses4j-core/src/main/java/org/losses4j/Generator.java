package org.losses4j;

/**
 * A random number generator that reproduces PyTorch 1.13's CPU generator
 * ({@code at::CPUGeneratorImpl}, a 32-bit Mersenne Twister) and the CPU sampling kernels built on
 * it, so that for the same seed and the same sequence of calls the same numbers come out as from
 * {@code torch.manual_seed(seed); torch.randn(...); ...}.
 *
 * <p>Every fill method treats the array as one contiguous tensor with {@code out.length}
 * elements, e.g. {@code randn(new float[3 * 5])} corresponds to {@code torch.randn(3, 5)}.
 * Sampling kernels chosen by PyTorch depend on dtype, element count and contiguity; this class
 * follows the contiguous-tensor choice:
 * <ul>
 *   <li>{@code normal_} on float32 with numel &ge; 16: all uniforms are drawn first, then
 *       transformed in blocks of 16 by vectorised Box-Muller (the AVX2 kernel, with
 *       {@code avx_mathfun.h}'s single-precision log/sincos); if numel % 16 != 0 the last 16
 *       elements are redrawn and recomputed.</li>
 *   <li>{@code normal_} on float64 with numel &ge; 16: the same scheme in double precision with
 *       libm's log/sin/cos.</li>
 *   <li>{@code normal_} with numel &lt; 16 (either dtype): scalar Box-Muller in double precision
 *       that yields two samples per pair of 53-bit uniforms and keeps the second sample cached in
 *       the generator for the next call (the cache survives across tensors, and is cleared by
 *       {@link #manualSeed(long)}).</li>
 * </ul>
 *
 * <p><b>Exactness.</b> Everything that needs only integer and IEEE arithmetic matches bit for
 * bit (rand, uniform, randint, random_, randperm, float32 randn in both paths). The float64
 * normal paths call libm's {@code log}, {@code sin} and {@code cos}; PyTorch gets them from glibc,
 * whose results are not correctly rounded and not specified by Java. We use {@link Math}'s
 * versions, which agree with glibc 2.36 on about 99.8% of arguments (99.75% of float64 normal
 * samples in the golden tests are bit-identical) and otherwise differ by one
 * ulp; so float64 normal samples occasionally differ from PyTorch in the last bit or two. (For
 * float32 output of the small path the double result is rounded to float, which hides these
 * differences except with probability about 2^-28 per sample.) The generator state always
 * advances exactly as PyTorch's does.
 *
 * <p>All methods are synchronized on the generator, like PyTorch's generator mutex.
 */
public final class Generator {

    /**
     * PyTorch's {@code default_rng_seed_val}: the seed of a never-seeded {@code torch.Generator()}.
     */
    public static final long DEFAULT_SEED = 67280421310721L;

    private static final Generator DEFAULT = new Generator(DEFAULT_SEED);

    private final MT19937 engine;
    private long seed;
    private boolean hasNextDoubleNormal;
    private double nextDoubleNormal;

    /**
     * A generator seeded like {@code torch.Generator().manual_seed(seed)}.
     *
     * @param seed the seed (an unsigned 64-bit value; the Mersenne Twister uses its low 32 bits)
     */
    public Generator(long seed) {
        this.engine = new MT19937(seed);
        this.seed = seed;
    }

    private Generator(Generator other) {
        this.engine = other.engine.copy();
        this.seed = other.seed;
        this.hasNextDoubleNormal = other.hasNextDoubleNormal;
        this.nextDoubleNormal = other.nextDoubleNormal;
    }

    /**
     * The process-wide generator, the counterpart of {@code torch.default_generator}. It starts
     * from {@link #DEFAULT_SEED}, i.e. like a never-seeded {@code torch.Generator()}; PyTorch
     * itself seeds its default generator non-deterministically at start-up, so call
     * {@link #manualSeedDefault(long)} (as one calls {@code torch.manual_seed}) to reproduce a run.
     *
     * @return the shared generator that {@link Tensor#rand(int...)}, {@link Tensor#randn(int...)} and the
     *         initialisers draw from
     */
    public static Generator defaultGenerator() {
        return DEFAULT;
    }

    /**
     * Seeds the default generator, like {@code torch.manual_seed(seed)}. (Java does not allow a
     * static {@code manualSeed(long)} next to the instance method of the same signature; this is
     * {@code defaultGenerator().manualSeed(seed)}.)
     *
     * @param seed the seed; {@link Tensor#manualSeed(long)} is the same call
     */
    public static void manualSeedDefault(long seed) {
        DEFAULT.manualSeed(seed);
    }

    /**
     * Re-seeds this generator (the seed is taken as an unsigned 64-bit value; the Mersenne
     * Twister uses its low 32 bits) and drops the cached normal sample, like
     * {@code Generator.manual_seed}.
     *
     * @param seed the new seed
     * @return this generator
     */
    public synchronized Generator manualSeed(long seed) {
        this.seed = seed;
        this.hasNextDoubleNormal = false;
        this.nextDoubleNormal = 0.0;
        engine.seed(seed);
        return this;
    }

    /**
     * The seed last set, like {@code Generator.initial_seed()} (unsigned 64-bit in a long).
     *
     * @return the seed
     */
    public synchronized long initialSeed() {
        return seed;
    }

    /**
     * An independent copy of the complete state (engine and cached normal sample).
     *
     * @return a new generator that draws the same numbers as this one from here on
     */
    public synchronized Generator copy() {
        return new Generator(this);
    }

    // ------------------------------------------------------------------ raw draws

    /**
     * Next 32-bit output, as an unsigned value in [0, 2^32) ({@code CPUGeneratorImpl::random}).
     *
     * @return the next output of the Mersenne Twister
     */
    public synchronized long random32() {
        return Integer.toUnsignedLong(engine.nextInt());
    }

    /**
     * Next 64-bit output built from two 32-bit outputs, the first one as the high word
     * ({@code CPUGeneratorImpl::random64}); an unsigned value in a long.
     *
     * @return the next 64 random bits
     */
    public synchronized long random64() {
        return rand64();
    }

    private long rand32() {
        return Integer.toUnsignedLong(engine.nextInt());
    }

    private long rand64() {
        long hi = rand32();
        long lo = rand32();
        return (hi << 32) | lo;
    }

    /** uniform_real_distribution&lt;float&gt;(0, 1): 24 random bits scaled by 2^-24. */
    private float uniformFloat01() {
        return (float) (rand32() & 0xFFFFFFL) * 0x1p-24f;
    }

    /** uniform_real_distribution&lt;double&gt;(0, 1): 53 random bits scaled by 2^-53. */
    private double uniformDouble01() {
        return (double) (rand64() & ((1L << 53) - 1)) * 0x1p-53;
    }

    /**
     * A double in [0, 1) with 53 random bits, drawn like {@code torch.rand(1, dtype=float64)}.
     *
     * @return the next value in [0, 1)
     */
    public synchronized double nextDouble() {
        return uniformDouble01();
    }

    // ------------------------------------------------------------------ uniform

    /**
     * {@code torch.rand(n)} (float32).
     *
     * @param out filled with values in [0, 1)
     */
    public void rand(float[] out) {
        uniform(out, 0.0, 1.0);
    }

    /**
     * {@code torch.rand(n, dtype=torch.float64)}.
     *
     * @param out filled with values in [0, 1)
     */
    public void rand(double[] out) {
        uniform(out, 0.0, 1.0);
    }

    /**
     * {@code torch.empty(n).uniform_(from, to)} (float32): from and to are first rounded to
     * float; each value is {@code fma(u, to - from, from)} in float with {@code u} 24-bit.
     *
     * @param out filled with values in [from, to)
     * @param from the inclusive lower bound
     * @param to the exclusive upper bound
     * @throws IllegalArgumentException when {@code from > to} or the range is not finite, with PyTorch's message
     */
    public synchronized void uniform(float[] out, double from, double to) {
        float f = (float) from;
        float t = (float) to;
        checkUniform(f, t);
        float range = t - f;
        for (int i = 0; i < out.length; i++) {
            float x = (float) (rand32() & 0xFFFFFFL) * 0x1p-24f;
            out[i] = Math.fma(x, range, f);
        }
    }

    /**
     * {@code torch.empty(n, dtype=torch.float64).uniform_(from, to)}.
     *
     * @param out filled with values in [from, to)
     * @param from the inclusive lower bound
     * @param to the exclusive upper bound
     * @throws IllegalArgumentException when {@code from > to} or the range is not finite, with PyTorch's message
     */
    public synchronized void uniform(double[] out, double from, double to) {
        checkUniform(from, to);
        double range = to - from;
        for (int i = 0; i < out.length; i++) {
            double x = (double) (rand64() & ((1L << 53) - 1)) * 0x1p-53;
            out[i] = Math.fma(x, range, from);
        }
    }

    private static void checkUniform(double from, double to) {
        if (!(from <= to)) {
            throw new IllegalArgumentException(
                    "uniform_ expects to return a [from, to) range, but found from=" + from + " > to=" + to);
        }
        if (!(to - from <= Double.MAX_VALUE)) {
            throw new IllegalArgumentException("uniform_ expects to-from <= max finite value");
        }
    }

    // ------------------------------------------------------------------ normal

    /**
     * {@code torch.randn(n)} (float32, contiguous).
     *
     * @param out filled with standard normal values
     */
    public void randn(float[] out) {
        normal(out, 0.0, 1.0);
    }

    /**
     * {@code torch.randn(n, dtype=torch.float64)} (contiguous).
     *
     * @param out filled with standard normal values
     */
    public void randn(double[] out) {
        normal(out, 0.0, 1.0);
    }

    /**
     * {@code torch.empty(n).normal_(mean, std)} (float32, contiguous).
     *
     * @param out filled with normal values
     * @param mean the mean
     * @param std the standard deviation, at least 0
     * @throws IllegalArgumentException when {@code std} is negative or nan
     */
    public synchronized void normal(float[] out, double mean, double std) {
        checkStd(std);
        int n = out.length;
        if (n >= 16) {
            normalFillFloat(out, (float) mean, (float) std);
        } else {
            for (int i = 0; i < n; i++) {
                out[i] = (float) scalarNormal(mean, std);
            }
        }
    }

    /**
     * {@code torch.empty(n, dtype=torch.float64).normal_(mean, std)} (contiguous).
     *
     * @param out filled with normal values
     * @param mean the mean
     * @param std the standard deviation, at least 0
     * @throws IllegalArgumentException when {@code std} is negative or nan
     */
    public synchronized void normal(double[] out, double mean, double std) {
        checkStd(std);
        int n = out.length;
        if (n >= 16) {
            normalFillDouble(out, mean, std);
        } else {
            for (int i = 0; i < n; i++) {
                out[i] = scalarNormal(mean, std);
            }
        }
    }

    private static void checkStd(double std) {
        if (!(std >= 0.0)) {
            throw new IllegalArgumentException("normal expects std >= 0.0, but found std " + std);
        }
    }

    /**
     * at::normal_distribution&lt;double&gt;: Box-Muller on two 53-bit uniforms; the sine branch
     * is cached for the next call.
     */
    private double scalarNormal(double mean, double std) {
        if (hasNextDoubleNormal) {
            hasNextDoubleNormal = false;
            return Math.fma(nextDoubleNormal, std, mean);
        }
        double u1 = uniformDouble01();
        double u2 = uniformDouble01();
        double r = Math.sqrt(-2.0 * Math.log(1.0 - u2));
        double theta = (2.0 * Math.PI) * u1;
        nextDoubleNormal = r * Math.sin(theta);
        hasNextDoubleNormal = true;
        return Math.fma(r * Math.cos(theta), std, mean);
    }

    /** normal_fill&lt;double&gt;: uniforms first, then Box-Muller per block of 16. */
    private void normalFillDouble(double[] data, double mean, double std) {
        int n = data.length;
        for (int i = 0; i < n; i++) {
            data[i] = uniformDouble01();
        }
        for (int i = 0; i + 16 <= n; i += 16) {
            normalFill16Double(data, i, mean, std);
        }
        if (n % 16 != 0) {
            int base = n - 16;
            for (int i = 0; i < 16; i++) {
                data[base + i] = uniformDouble01();
            }
            normalFill16Double(data, base, mean, std);
        }
    }

    private static void normalFill16Double(double[] data, int off, double mean, double std) {
        for (int j = 0; j < 8; j++) {
            double u1 = 1.0 - data[off + j];
            double u2 = data[off + j + 8];
            double radius = Math.sqrt(-2.0 * Math.log(u1));
            double theta = (2.0 * Math.PI) * u2;
            data[off + j] = Math.fma(radius * Math.cos(theta), std, mean);
            data[off + j + 8] = Math.fma(radius * Math.sin(theta), std, mean);
        }
    }

    /** normal_fill_AVX2: uniforms first, then vectorised Box-Muller per block of 16. */
    private void normalFillFloat(float[] data, float mean, float std) {
        int n = data.length;
        for (int i = 0; i < n; i++) {
            data[i] = uniformFloat01();
        }
        for (int i = 0; i + 16 <= n; i += 16) {
            AvxMath.normalFill16(data, i, mean, std);
        }
        if (n % 16 != 0) {
            int base = n - 16;
            for (int i = 0; i < 16; i++) {
                data[base + i] = uniformFloat01();
            }
            AvxMath.normalFill16(data, base, mean, std);
        }
    }

    // ------------------------------------------------------------------ integers

    /**
     * {@code torch.randint(low, high, (n,))} (int64).
     *
     * @param out filled with integers in [low, high)
     * @param low the inclusive lower bound
     * @param high the exclusive upper bound
     * @throws IllegalArgumentException when {@code low >= high}
     */
    public void randint(long[] out, long low, long high) {
        random(out, low, high);
    }

    /**
     * {@code torch.randint(high, (n,))} (int64).
     *
     * @param out filled with integers in [0, high)
     * @param high the exclusive upper bound
     * @throws IllegalArgumentException when {@code high <= 0}
     */
    public void randint(long[] out, long high) {
        random(out, 0, high);
    }

    /**
     * {@code torch.empty(n, dtype=torch.long).random_(from, to)}.
     *
     * @param out filled with integers in [from, to)
     * @param from the inclusive lower bound
     * @param to the exclusive upper bound
     * @throws IllegalArgumentException when {@code from >= to}, with PyTorch's message
     */
    public synchronized void random(long[] out, long from, long to) {
        long range = checkRange(from, to);
        boolean wide = Long.compareUnsigned(range, 1L << 32) >= 0;
        for (int i = 0; i < out.length; i++) {
            long v = wide ? rand64() : rand32();
            out[i] = Long.remainderUnsigned(v, range) + from;
        }
    }

    /**
     * {@code torch.empty(n).random_(from, to)} (float32); {@code random_(to)} is
     * {@code random(out, 0, to)}. Values are integers drawn as for int64 and rounded to float.
     * Unlike PyTorch, which only warns and then adjusts the bounds, bounds outside
     * [-2^24, 2^24] (where not every integer is a float) are rejected.
     *
     * @param out filled with integers in [from, to)
     * @param from the inclusive lower bound
     * @param to the exclusive upper bound
     * @throws IllegalArgumentException when {@code from >= to}, or a bound is outside [-2^24, 2^24]
     */
    public synchronized void random(float[] out, long from, long to) {
        long range = checkRange(from, to);
        checkFloatBound(from, to, 24);
        boolean wide = Long.compareUnsigned(range, 1L << 32) >= 0;
        for (int i = 0; i < out.length; i++) {
            long v = wide ? rand64() : rand32();
            out[i] = (float) (Long.remainderUnsigned(v, range) + from);
        }
    }

    /**
     * {@code torch.empty(n, dtype=torch.float64).random_(from, to)}; bounds must lie in
     * [-2^53, 2^53] (PyTorch warns and adjusts instead).
     *
     * @param out filled with integers in [from, to)
     * @param from the inclusive lower bound
     * @param to the exclusive upper bound
     * @throws IllegalArgumentException when {@code from >= to}, or a bound is outside [-2^53, 2^53]
     */
    public synchronized void random(double[] out, long from, long to) {
        long range = checkRange(from, to);
        checkFloatBound(from, to, 53);
        boolean wide = Long.compareUnsigned(range, 1L << 32) >= 0;
        for (int i = 0; i < out.length; i++) {
            long v = wide ? rand64() : rand32();
            out[i] = (double) (Long.remainderUnsigned(v, range) + from);
        }
    }

    /**
     * {@code torch.empty(n, dtype=torch.long).random_()}: values in [0, 2^63).
     *
     * @param out filled with integers in [0, 2^63)
     */
    public synchronized void random(long[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = rand64() & Long.MAX_VALUE;
        }
    }

    /**
     * {@code torch.empty(n).random_()} (float32): integers in [0, 2^24].
     *
     * @param out filled with integers in [0, 2^24]
     */
    public synchronized void random(float[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (rand32() % ((1L << 24) + 1));
        }
    }

    /**
     * {@code torch.empty(n, dtype=torch.float64).random_()}: integers in [0, 2^53].
     *
     * @param out filled with integers in [0, 2^53]
     */
    public synchronized void random(double[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = (double) Long.remainderUnsigned(rand64(), (1L << 53) + 1);
        }
    }

    private static long checkRange(long from, long to) {
        if (from >= to) {
            throw new IllegalArgumentException(
                    "random_ expects 'from' to be less than 'to', but got from=" + from + " >= to=" + to);
        }
        return to - from; // may exceed Long.MAX_VALUE: used as unsigned
    }

    private static void checkFloatBound(long from, long to, int digits) {
        long lim = 1L << digits;
        if (from < -lim || from > lim || to - 1 < -lim || to - 1 > lim) {
            throw new IllegalArgumentException("random_ bounds must be in [-2^" + digits + ", 2^" + digits
                    + "] for this dtype, got from=" + from + ", to=" + to);
        }
    }

    /**
     * {@code torch.randperm(n)} (int64): Fisher-Yates from the front, swapping element i with
     * i + random32() % (n - i).
     *
     * @param n the number of elements
     * @return a permutation of 0..n-1
     * @throws IllegalArgumentException when {@code n} is negative
     */
    public synchronized long[] randperm(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be non-negative, got " + n);
        }
        long[] r = new long[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        for (int i = 0; i < n - 1; i++) {
            int z = (int) (rand32() % (n - i));
            long sav = r[i];
            r[i] = r[z + i];
            r[z + i] = sav;
        }
        return r;
    }
}
