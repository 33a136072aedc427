package org.crystalgan.gan;

/**
 * The random generator of training and sampling: xoshiro256** (Blackman and Vigna, 2018) with its whole state in
 * four longs, so a checkpoint can store it and a resumed run draws exactly what an uninterrupted one would.
 */
public final class Rng {
    private final long[] s = new long[4];

    public Rng(long seed) {
        // SplitMix64 expands the seed, as the xoshiro authors recommend
        long x = seed;
        for (int i = 0; i < 4; i++) {
            x += 0x9E3779B97F4A7C15L;
            long z = x;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            s[i] = z ^ (z >>> 31);
        }
    }

    private Rng(long[] state) {
        System.arraycopy(state, 0, s, 0, 4);
    }

    public static Rng fromState(long[] state) {
        if (state.length != 4) throw new IllegalArgumentException("random state must hold 4 numbers, got " + state.length);
        return new Rng(state);
    }

    public long[] state() {
        return s.clone();
    }

    public long nextLong() {
        long result = Long.rotateLeft(s[1] * 5, 7) * 9;
        long t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = Long.rotateLeft(s[3], 45);
        return result;
    }

    /** Uniform in [0, 1). */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, bound). */
    public int nextInt(int bound) {
        return (int) ((nextLong() >>> 33) * bound >>> 31);
    }

    /** Standard normal by Box-Muller, one value per call (no cached spare, so the state alone is the whole story). */
    public double nextGaussian() {
        double u1 = 1.0 - nextDouble();
        double u2 = nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /** Fisher-Yates permutation of 0..n-1. */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = p[i]; p[i] = p[j]; p[j] = t;
        }
        return p;
    }
}
