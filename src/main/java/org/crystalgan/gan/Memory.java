package org.crystalgan.gan;

import org.bytedeco.javacpp.Pointer;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.autodiff.samediff.internal.memory.ArrayCacheMemoryMgr;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keeps native memory bounded. ND4J arrays live outside the Java heap and are freed only when the garbage collector
 * finds their Java objects, and each SameDiff session caches released arrays up to a quarter of JavaCPP's byte
 * limit (the heap size) by default; with several graphs that reached several GB here. We cap every session's cache
 * to a fixed size and let ND4J run a periodic collection.
 */
final class Memory {
    /** Per-graph cache of reusable intermediate arrays. */
    static final long CACHE_BYTES = 96L << 20;

    private Memory() {
    }

    static void configureOnce() {
        Nd4j.getMemoryManager().togglePeriodicGc(true);
        Nd4j.getMemoryManager().setAutoGcWindow(3000);
    }

    /** Resident memory above which a collection is forced (the deallocators of dead arrays then free native memory). */
    static final long RSS_LIMIT = 1600L << 20;

    /**
     * The Java heap stays small (tens of MB) while each iteration leaves hundreds of MB of dead native arrays, so the
     * collector rarely runs on its own; force it when resident memory passes {@link #RSS_LIMIT}.
     */
    static void collectIfAbove() {
        if (Pointer.physicalBytes() > RSS_LIMIT) System.gc();
    }

    /** Call after a graph ran once on this thread (its session exists then). */
    static void limitSessions(SameDiff sd) {
        double frac = Math.min(0.9, (double) CACHE_BYTES / Math.max(CACHE_BYTES, Pointer.maxBytes()));
        for (InferenceSession s : sd.getSessions().values()) {
            if (!(s.getMmgr() instanceof Capped)) s.setMmgr(new Capped(frac));
        }
    }

    private static final class Capped extends ArrayCacheMemoryMgr {
        Capped(double frac) {
            super(frac, 1024, 2.0);
        }
    }
}
