package org.crystalgan.gan;

import org.bytedeco.javacpp.Pointer;
import org.crystalgan.base.ResidentMemory;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keeps native memory bounded. ND4J arrays live outside the Java heap and are freed only when the garbage collector
 * finds their Java objects; training keeps its arrays in a workspace (reset every iteration), and what else is
 * allocated is collected when resident memory passes a limit.
 */
final class Memory {
    private Memory() {
    }

    /**
     * ND4J's own periodic collection (a full System.gc() every few seconds) is off: each one stopped every thread,
     * the window's included, for over 100 ms; training allocates in a workspace, so little garbage is left for it.
     */
    static void configureOnce() {
        Nd4j.getMemoryManager().togglePeriodicGc(false);
    }

    /** Forced collections stop every thread for a moment: at most one per this many nanoseconds. */
    static final long MIN_GC_INTERVAL_NANOS = 30_000_000_000L;

    /** Resident memory above which a collection is forced (the deallocators of dead arrays then free native memory). */
    static final long RSS_LIMIT = 1600L << 20;

    /**
     * The Java heap stays small (tens of MB) while each iteration leaves hundreds of MB of dead native arrays, so the
     * collector rarely runs on its own; force it when resident memory passes {@link #RSS_LIMIT}, at most every 30 s.
     */
    static void collectIfAbove() {
        collectIfAbove(RSS_LIMIT, MIN_GC_INTERVAL_NANOS);
    }

    /** Resident-memory bound of generation, whose arrays are small and short-lived (see {@link Sampler}). */
    static final long SAMPLING_RSS_LIMIT = 1L << 30;
    /** Generation may collect every two seconds: a collection of its small heap takes a few tens of milliseconds. */
    static final long SAMPLING_GC_INTERVAL_NANOS = 2_000_000_000L;

    /** {@link ResidentMemory}'s rule, with resident memory as JavaCPP counts it (native arrays included, any system). */
    static void collectIfAbove(long limit, long minIntervalNanos) {
        ResidentMemory.collectIfAbove(limit, minIntervalNanos, Pointer::physicalBytes);
    }
}
