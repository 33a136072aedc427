package org.crystalgan.gan;

import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keeps native memory bounded. ND4J arrays live outside the Java heap and are freed only when the garbage collector
 * finds their Java objects; training keeps its arrays in a workspace (reset every iteration), and what else is
 * allocated is collected when resident memory passes a limit.
 */
final class Memory {
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
}
