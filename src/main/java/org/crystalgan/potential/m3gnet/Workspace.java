package org.crystalgan.potential.m3gnet;

import java.lang.ref.SoftReference;
import java.util.Arrays;

/**
 * The work arrays of one evaluation, kept for the next evaluation on the same thread.
 *
 * <p>Why: an evaluation allocated every layer's arrays afresh (118 MB for 28 atoms), and G1 grew the
 * heap to keep up with two relaxation workers allocating at that rate (peak RSS above 1 GB). An
 * evaluation asks for its arrays in the same order every time (the order depends on the model, not on
 * the structure), so the i-th request is served from the i-th slot; a slot that is too small grows to a
 * quarter more than asked (so a relaxation whose bond count drifts does not reallocate every step) and
 * is never shrunk. Arrays are therefore usually longer than asked: callers use the lengths they asked for,
 * never {@code array.length}.
 *
 * <p>Not thread-safe: one per thread ({@link PerThread}). Held softly, and not kept once it exceeds
 * {@link #KEEP_BYTES} or holds more than twice what its last evaluation asked for: a single huge or
 * collapsing cell (a relaxation that explodes gathers thousands of bonds) must not pin its arrays for the
 * life of the worker thread, which kept the heap (and the resident size) large for the whole batch.
 */
final class Workspace {
    /** A workspace holding more than this after an evaluation is dropped (the next evaluation starts a new one). */
    static final long KEEP_BYTES = 256L << 20;

    private double[][] doubles = new double[64][];
    private int[][] ints = new int[16][];
    private int nextDouble, nextInt;
    private long bytes;
    /** Per slot, the largest length asked for since {@link #reset}; -1 for a slot not asked for. */
    private int[] askedDouble = new int[64], askedInt = new int[16];

    /** Starts an evaluation: the slots are handed out again from the first. */
    void reset() {
        nextDouble = 0;
        nextInt = 0;
        Arrays.fill(askedDouble, 0);
        Arrays.fill(askedInt, 0);
    }

    /** An array of at least {@code len} doubles whose first {@code len} are zero. */
    double[] zeros(int len) {
        double[] a = doubles(len);
        Arrays.fill(a, 0, len, 0.0);
        return a;
    }

    /** An array of at least {@code len} doubles with arbitrary contents (for outputs written in full). */
    double[] doubles(int len) {
        if (nextDouble == doubles.length) {
            doubles = Arrays.copyOf(doubles, 2 * doubles.length);
            askedDouble = Arrays.copyOf(askedDouble, doubles.length);
        }
        askedDouble[nextDouble] = Math.max(askedDouble[nextDouble], len);
        double[] a = doubles[nextDouble];
        if (a == null || a.length < len) {
            int size = a == null ? len : grown(len);
            bytes += 8L * (size - (a == null ? 0 : a.length));
            a = new double[size];
            doubles[nextDouble] = a;
        }
        nextDouble++;
        return a;
    }

    /** An array of at least {@code len} ints with arbitrary contents. */
    int[] ints(int len) {
        if (nextInt == ints.length) {
            ints = Arrays.copyOf(ints, 2 * ints.length);
            askedInt = Arrays.copyOf(askedInt, ints.length);
        }
        askedInt[nextInt] = Math.max(askedInt[nextInt], len);
        int[] a = ints[nextInt];
        if (a == null || a.length < len) {
            int size = a == null ? len : grown(len);
            bytes += 4L * (size - (a == null ? 0 : a.length));
            a = new int[size];
            ints[nextInt] = a;
        }
        nextInt++;
        return a;
    }

    /** An array of at least {@code len} ints whose first {@code len} are zero. */
    int[] intZeros(int len) {
        int[] a = ints(len);
        Arrays.fill(a, 0, len, 0);
        return a;
    }

    /** The position of the next request, for {@link #release}. */
    int mark() { return nextDouble; }

    /**
     * Hands the double slots requested since {@code mark} out again from the next request on: the caller
     * declares every array it asked for since then dead. The same sequence of requests must follow, or
     * the slots grow to the largest of the sizes they serve.
     */
    void release(int mark) {
        if (mark > nextDouble) throw new IllegalStateException("release(" + mark + ") beyond the next slot " + nextDouble);
        nextDouble = mark;
    }

    /** Bytes held by the slots. */
    long bytes() { return bytes; }

    /** Bytes asked for since {@link #reset} (per slot the largest request). */
    long askedBytes() {
        long b = 0;
        for (int v : askedDouble) b += 8L * v;
        for (int v : askedInt) b += 4L * v;
        return b;
    }

    /** Whether to keep this workspace for the next evaluation (see the class comment). */
    boolean worthKeeping() {
        return bytes <= KEEP_BYTES && bytes <= 2 * askedBytes() + (1 << 20);
    }

    private static int grown(int len) {
        return (int) Math.min(Integer.MAX_VALUE - 8, len + (long) len / 4 + 16);
    }

    /** The per-thread cache of one potential instance. */
    static final class PerThread {
        private final ThreadLocal<SoftReference<Workspace>> local = new ThreadLocal<>();

        /** This thread's workspace, reset for a new evaluation. */
        Workspace get() {
            SoftReference<Workspace> ref = local.get();
            Workspace w = ref == null ? null : ref.get();
            if (w == null) {
                w = new Workspace();
                local.set(new SoftReference<>(w));
            }
            w.reset();
            return w;
        }

        /** Called after an evaluation: forgets the thread's workspace unless it is {@linkplain #worthKeeping worth keeping}. */
        void release(Workspace w) {
            if (!w.worthKeeping()) local.remove();
        }
    }
}
