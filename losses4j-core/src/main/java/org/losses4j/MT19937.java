package org.losses4j;

/**
 * 32-bit Mersenne Twister with the exact state layout and refill schedule of PyTorch's
 * {@code at::mt19937_engine} (ATen/core/MT19937RNGEngine.h).
 *
 * <p>Seeding uses only the low 32 bits of the seed (Knuth's multiplier 1812433253). The state is
 * regenerated lazily: right after seeding {@code left == 1}, so the first draw triggers a twist.
 * Outputs are unsigned 32-bit values carried in a Java {@code int}; use
 * {@link Integer#toUnsignedLong(int)} to widen.
 */
final class MT19937 {
    static final int N = 624;
    static final int M = 397;
    private static final int MATRIX_A = 0x9908b0df;
    private static final int UPPER_MASK = 0x80000000;
    private static final int LOWER_MASK = 0x7fffffff;

    private final int[] state = new int[N];
    private int left;
    private int next;

    MT19937(long seed) {
        seed(seed);
    }

    private MT19937(MT19937 other) {
        System.arraycopy(other.state, 0, state, 0, N);
        left = other.left;
        next = other.next;
    }

    MT19937 copy() {
        return new MT19937(this);
    }

    /** Re-initialises from the low 32 bits of {@code seed}. */
    void seed(long seed) {
        state[0] = (int) seed;
        for (int j = 1; j < N; j++) {
            int prev = state[j - 1];
            state[j] = 1812433253 * (prev ^ (prev >>> 30)) + j; // arithmetic mod 2^32
        }
        left = 1;
        next = 0;
    }

    private static int twist(int u, int v) {
        int mixed = (u & UPPER_MASK) | (v & LOWER_MASK);
        return (mixed >>> 1) ^ ((v & 1) != 0 ? MATRIX_A : 0);
    }

    private void nextState() {
        left = N;
        next = 0;
        int p = 0;
        for (; p < N - M; p++) {
            state[p] = state[p + M] ^ twist(state[p], state[p + 1]);
        }
        for (; p < N - 1; p++) {
            state[p] = state[p + M - N] ^ twist(state[p], state[p + 1]);
        }
        state[p] = state[p + M - N] ^ twist(state[p], state[0]);
    }

    /** Next tempered 32-bit output (unsigned value in an int). */
    int nextInt() {
        if (--left == 0) {
            nextState();
        }
        int y = state[next++];
        y ^= (y >>> 11);
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= (y >>> 18);
        return y;
    }
}
