package org.losses4j;

import java.util.SplittableRandom;

/** TEMPORARY stand-in; replaced by the PyTorch-compatible generator. */
public final class Generator {
    private static final Generator DEFAULT = new Generator(67280421310721L);
    private SplittableRandom r;
    private long seed;

    public Generator(long seed) { manualSeed(seed); }
    public Generator manualSeed(long seed) { this.seed = seed; r = new SplittableRandom(seed); return this; }
    public long initialSeed() { return seed; }
    public static Generator defaultGenerator() { return DEFAULT; }
    public static void manualSeed_(long seed) { DEFAULT.manualSeed(seed); }

    private double gauss() {
        double u1 = 1 - r.nextDouble(), u2 = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
    public void randn(float[] out) { for (int i = 0; i < out.length; i++) out[i] = (float) gauss(); }
    public void randn(double[] out) { for (int i = 0; i < out.length; i++) out[i] = gauss(); }
    public void normal(float[] out, double mean, double std) { for (int i = 0; i < out.length; i++) out[i] = (float) (gauss() * std + mean); }
    public void normal(double[] out, double mean, double std) { for (int i = 0; i < out.length; i++) out[i] = gauss() * std + mean; }
    public void rand(float[] out) { for (int i = 0; i < out.length; i++) out[i] = (float) r.nextDouble(); }
    public void rand(double[] out) { for (int i = 0; i < out.length; i++) out[i] = r.nextDouble(); }
    public void uniform(float[] out, double from, double to) { for (int i = 0; i < out.length; i++) out[i] = (float) (from + (to - from) * r.nextDouble()); }
    public void uniform(double[] out, double from, double to) { for (int i = 0; i < out.length; i++) out[i] = from + (to - from) * r.nextDouble(); }
    public void randint(long[] out, long low, long high) { for (int i = 0; i < out.length; i++) out[i] = low + r.nextLong(high - low); }
    public void random(float[] out, long from, long to) { for (int i = 0; i < out.length; i++) out[i] = from + r.nextLong(to - from); }
    public void random(double[] out, long from, long to) { for (int i = 0; i < out.length; i++) out[i] = from + r.nextLong(to - from); }
    public long[] randperm(int n) {
        long[] p = new long[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) { int j = r.nextInt(i + 1); long t = p[i]; p[i] = p[j]; p[j] = t; }
        return p;
    }
}
