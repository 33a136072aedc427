package org.crystalgan.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.crystalgan.base.Progress;
import org.crystalgan.crystal.Composition;
import org.crystalgan.crystal.Structure;
import org.junit.jupiter.api.Test;

/** The sampler's cancel contract: it stops between batches and returns what it has, never throwing. */
class SamplerTest {
    private static final Composition TARGET = Composition.parse("Mg2Mn2O6");

    /** Cancelled once {@code batches} batches were drawn; remembers the counts it heard. */
    private static final class StopAfter implements Progress {
        final int batches;
        final AtomicInteger polls = new AtomicInteger();
        final List<long[]> heard = new ArrayList<>();

        StopAfter(int batches) { this.batches = batches; }

        @Override public void update(long done, long total, String message) { heard.add(new long[] {done, total}); }

        @Override public boolean isCancelled() { return polls.getAndIncrement() >= batches; }
    }

    @Test
    void cancellingStopsBeforeTheNextBatchAndReturnsTheCellsSoFarWithoutAnException() {
        Sampler sampler = new Sampler(GeneratorModel.bundled(), 16);
        StopAfter stop = new StopAfter(2);
        Sampler.Result cut = sampler.sample(TARGET, 1000, 5, 10_000, stop);
        assertTrue(cut.cancelled(), "the result says it was cut short");
        assertEquals(32, cut.generated(), "two batches of 16, then the cancel is seen before the third");
        assertEquals(3, stop.heard.size(), "told the count before every batch and before the one it did not draw");
        assertEquals(0, stop.heard.get(0)[0]);
        assertEquals(32, stop.heard.get(2)[0]);
        assertEquals(10_000, stop.heard.get(2)[1]);

        // the same seed uncancelled: the cut run's cells are its first ones
        Sampler.Result whole = sampler.sample(TARGET, cut.accepted().size() + 5, 5, 10_000, Progress.NONE);
        assertFalse(whole.cancelled());
        assertTrue(cut.accepted().size() > 0, "the bundled model keeps some of 32 draws of " + TARGET.formula());
        List<Structure> first = whole.accepted().subList(0, cut.accepted().size()).stream().map(Sampler.Accepted::structure).toList();
        assertEquals(first, cut.accepted().stream().map(Sampler.Accepted::structure).toList());
    }

    @Test
    void twoThreadsGiveWhatOneThreadGivesStructureForStructure() {
        GeneratorModel m = GeneratorModel.bundled();
        for (long maxTries : new long[] {10_000, 40}) { // 40: the try limit falls inside the second batch of a pair
            Sampler.Result one = new Sampler(m, 16, 1).sample(TARGET, 6, 9, maxTries, Progress.NONE);
            Sampler.Result two = new Sampler(m, 16, 2).sample(TARGET, 6, 9, maxTries, Progress.NONE);
            assertEquals(one.generated(), two.generated());
            assertEquals(one.classifierHits(), two.classifierHits());
            assertEquals(one.decodedHits(), two.decodedHits());
            assertEquals(one.rejections(), two.rejections());
            assertEquals(one.accepted().stream().map(Sampler.Accepted::structure).toList(),
                    two.accepted().stream().map(Sampler.Accepted::structure).toList());
            for (int i = 0; i < one.accepted().size(); i++) {
                assertTrue(java.util.Arrays.equals(one.accepted().get(i).matrix(), two.accepted().get(i).matrix()));
            }
        }
        // a sampler is reused after a call that stopped with a batch still on its helper thread
        Sampler two = new Sampler(m, 16, 2);
        two.sample(TARGET, 1000, 3, 10_000, new StopAfter(1));
        assertEquals(new Sampler(m, 16, 1).sample(TARGET, 4, 9, 10_000, Progress.NONE).accepted().stream().map(Sampler.Accepted::structure).toList(),
                two.sample(TARGET, 4, 9, 10_000, Progress.NONE).accepted().stream().map(Sampler.Accepted::structure).toList());
    }

    @Test
    void cancelledBeforeTheFirstBatchDrawsNothing() {
        Sampler.Result r = new Sampler(GeneratorModel.bundled(), 16).sample(TARGET, 10, 1, 10_000, Progress.cancelledWhen(() -> true));
        assertTrue(r.cancelled());
        assertEquals(0, r.generated());
        assertEquals(List.of(), r.accepted());
    }
}
