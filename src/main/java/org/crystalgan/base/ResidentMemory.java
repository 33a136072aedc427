package org.crystalgan.base;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps a long batch's resident memory near a bound by asking for a full collection when it passes it.
 *
 * <p>Why: relaxing a hundred cells allocates little per step now (M3GNet reuses its work arrays), yet with the default
 * heap settings G1 kept growing the heap whenever its pauses ran long, as they do on a busy machine: 1,131-1,703 MiB
 * resident for 100 cells, of which about 700 MiB was dead objects no young collection had reached. A full collection
 * frees them and G1 then gives the emptied heap back to the system (JDK 12+, JEP 346), so resident memory falls back
 * under the bound. The first step past the bound triggers it, at most once per {@link #MIN_INTERVAL_NANOS}, so a
 * batch whose live data truly needs more memory is slowed by at most one collection in that interval, never stopped.
 */
public final class ResidentMemory {
    /** What the relaxation batches keep to: the 1 GB of the potential issue, less room for one step's growth. */
    public static final long RELAXATION_LIMIT_BYTES = 768L << 20;
    /** At most one forced collection per this many nanoseconds (each stops every thread for tens of milliseconds). */
    static final long MIN_INTERVAL_NANOS = 5_000_000_000L;
    private static final long PAGE = 4096;
    private static final AtomicLong lastCollection = new AtomicLong(System.nanoTime() - 60_000_000_000L);

    private ResidentMemory() {
    }

    /** Resident bytes of this process ({@code /proc/self/statm}); -1 where the system does not say (not Linux). */
    public static long residentBytes() {
        try {
            return residentFromStatm(Files.readString(Path.of("/proc/self/statm")));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static long residentFromStatm(String statm) {
        String[] f = statm.trim().split("\\s+");
        return Long.parseLong(f[1]) * PAGE;
    }

    /**
     * A full collection when resident memory is above {@code limitBytes} and none was forced in the last
     * {@link #MIN_INTERVAL_NANOS}; safe to call from many threads at every step. Returns whether it collected.
     */
    public static boolean collectIfAbove(long limitBytes) {
        return collectIfAbove(limitBytes, MIN_INTERVAL_NANOS, ResidentMemory::residentBytes);
    }

    /**
     * The same with the caller's interval and measure of resident memory (ND4J's callers count with JavaCPP, which
     * knows more systems than {@code /proc}); one clock for the whole process, so forced collections of training,
     * sampling and relaxation never come closer together than the shortest interval asked.
     */
    public static boolean collectIfAbove(long limitBytes, long minIntervalNanos, java.util.function.LongSupplier resident) {
        long now = System.nanoTime();
        long last = lastCollection.get();
        if (now - last < minIntervalNanos) return false;
        long rss = resident.getAsLong();
        if (rss < 0 || rss <= limitBytes) return false;
        if (!lastCollection.compareAndSet(last, now)) return false; // another thread is collecting
        System.gc();
        return true;
    }
}
