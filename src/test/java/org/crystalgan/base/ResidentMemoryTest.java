package org.crystalgan.base;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class ResidentMemoryTest {
    @Test
    void readsTheResidentPagesOfStatm() {
        assertEquals(2_000L * 4096, ResidentMemory.residentFromStatm("123456 2000 300 40 0 5000 0\n"));
    }

    @Test
    void collectsOnlyAboveTheLimitAndAtMostOncePerInterval() {
        Assumptions.assumeTrue(Files.exists(Path.of("/proc/self/statm")), "no /proc/self/statm (not Linux)");
        long rss = ResidentMemory.residentBytes();
        assertTrue(rss > 1 << 20, "a JVM holds more than 1 MiB: " + rss);
        assertFalse(ResidentMemory.collectIfAbove(Long.MAX_VALUE), "below the limit: no collection");
        // above the limit: the first call may find another thread's collection within the interval, the second never runs
        boolean first = ResidentMemory.collectIfAbove(0);
        boolean second = ResidentMemory.collectIfAbove(0);
        assertFalse(first && second, "two forced collections within " + ResidentMemory.MIN_INTERVAL_NANOS / 1e9 + " s");
    }
}
