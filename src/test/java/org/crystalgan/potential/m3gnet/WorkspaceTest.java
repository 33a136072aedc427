package org.crystalgan.potential.m3gnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The slot discipline the evaluation relies on: same order, same arrays; zeros are zero; marks hand slots out again. */
class WorkspaceTest {
    @Test
    void theSameSequenceOfRequestsGetsTheSameArraysAndZerosAreCleared() {
        Workspace w = new Workspace();
        double[] a = w.zeros(10);
        int[] i = w.ints(5);
        double[] b = w.doubles(20);
        a[3] = 7;
        b[0] = 1;
        w.reset();
        double[] a2 = w.zeros(10);
        assertSame(a, a2);
        assertEquals(0.0, a2[3], 0);
        assertSame(i, w.ints(5));
        assertSame(b, w.doubles(20));
        assertEquals(8L * 30 + 4L * 5, w.bytes());
    }

    @Test
    void aSlotTooSmallGrowsWithRoomAndIsNotReallocatedForSlightlyLargerRequests() {
        Workspace w = new Workspace();
        double[] first = w.doubles(100);
        assertEquals(100, first.length);
        w.reset();
        double[] grown = w.doubles(101);
        assertNotSame(first, grown);
        assertTrue(grown.length >= 125, "grown to " + grown.length);
        w.reset();
        assertSame(grown, w.doubles(120));
        w.reset();
        assertSame(grown, w.doubles(3));
    }

    @Test
    void releaseHandsTheSlotsAfterAMarkOutAgain() {
        Workspace w = new Workspace();
        double[] kept = w.doubles(4);
        int mark = w.mark();
        double[] t1 = w.zeros(8);
        t1[0] = 5;
        w.release(mark);
        double[] t2 = w.zeros(8);
        assertSame(t1, t2);
        assertEquals(0.0, t2[0], 0);
        assertNotSame(kept, t2);
        assertThrows(IllegalStateException.class, () -> w.release(mark + 5));
    }

    @Test
    void aWorkspaceBeyondTheLimitIsNotKept() {
        Workspace.PerThread cache = new Workspace.PerThread();
        Workspace w = cache.get();
        w.doubles(8);
        cache.release(w);
        assertSame(w, cache.get());
        w.doubles((int) (Workspace.KEEP_BYTES / 8) + 1);
        cache.release(w);
        assertNotSame(w, cache.get());
    }

    @Test
    void aWorkspaceFarLargerThanItsLastEvaluationNeededIsNotKept() {
        Workspace.PerThread cache = new Workspace.PerThread();
        Workspace w = cache.get();
        w.doubles(1 << 20);
        w.ints(1000);
        cache.release(w);
        assertSame(w, cache.get(), "kept after the evaluation that sized it");
        w.doubles(1 << 19);
        cache.release(w);
        assertSame(w, cache.get(), "half the size: kept");
        assertEquals(0, w.askedBytes());
        w.doubles(1 << 16);
        cache.release(w);
        assertNotSame(w, cache.get(), "a sixteenth of the size: dropped");
    }
}
