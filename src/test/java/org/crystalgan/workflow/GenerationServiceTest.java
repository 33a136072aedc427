package org.crystalgan.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.crystalgan.crystal.Composition;
import org.crystalgan.crystal.Structure;
import org.crystalgan.screening.validity.PlausibilityGate;
import org.crystalgan.base.Progress;
import org.junit.jupiter.api.Test;

/** Watching the draws for raw statistics must not change what the generator keeps. */
class GenerationServiceTest {
    @Test
    void anObserverSeesTheDrawsAndTheKeptCellsStayTheSame() {
        Composition target = Composition.parse("Mg2Mn2O6");
        var request = new GenerationService.Request(target, 3, 5, GenerationService.Method.GAN, null, false,
                PlausibilityGate.Options.defaults(), 20_000);
        GenerationService.Outcome plain = new GenerationService().run(request, Progress.NONE);
        List<Structure> seen = new ArrayList<>();
        int[] exact = {0};
        GenerationService.Outcome watched = new GenerationService().run(request, Progress.NONE, (cell, isExact) -> {
            seen.add(cell);
            if (isExact) exact[0]++;
            assertEquals(isExact, cell.composition().almostEquals(target, 1e-9));
        });
        assertEquals(3, plain.made().size());
        assertEquals(plain.drawn(), watched.drawn());
        assertEquals(plain.made().stream().map(GenerationService.Made::structure).toList(),
                watched.made().stream().map(GenerationService.Made::structure).toList());
        long total = watched.rejections().values().stream().mapToLong(Long::longValue).sum();
        assertEquals(plain.rejections().values().stream().mapToLong(Long::longValue).sum(), total);
        // every kept cell was seen, and every seen cell was either kept or rejected for a reason
        assertTrue(seen.size() >= 3 && seen.size() <= watched.drawn(), seen.size() + " seen of " + watched.drawn());
        assertTrue(seen.containsAll(watched.made().stream().map(GenerationService.Made::structure).toList()));
        assertTrue(exact[0] >= 3, "exact " + exact[0]);

        var random = new GenerationService.Request(target, 2, 5, GenerationService.Method.RANDOM, null, false,
                PlausibilityGate.Options.defaults(), 0);
        List<Structure> randomSeen = new ArrayList<>();
        GenerationService.Outcome r = new GenerationService().run(random, Progress.NONE, (cell, isExact) -> randomSeen.add(cell));
        assertEquals(r.made().stream().map(GenerationService.Made::structure).toList(), randomSeen);
    }

    @Test
    void cancellingEndsTheDrawWithTheCellsKeptSoFarAndNamesTheTriesInItsReports() {
        Composition target = Composition.parse("Mg2Mn2O6");
        var request = new GenerationService.Request(target, 1000, 5, GenerationService.Method.GAN, null, false,
                PlausibilityGate.Options.defaults(), 20_000);
        List<String> heard = new ArrayList<>();
        int[] polls = {0};
        GenerationService.Outcome cut = new GenerationService().run(request, new Progress() {
            @Override public void update(long done, long total, String message) { heard.add(message); }

            @Override public boolean isCancelled() { return polls[0]++ >= 2; }
        });
        // the batch is 256 for 1000 cells: two batches drawn, then the cancel ends it without an exception
        assertEquals(512, cut.drawn());
        assertTrue(cut.shortOfCount());
        assertEquals("Generating " + target.formula() + ": 0 of at most 20000 tries", heard.get(0));
        assertEquals("Generating " + target.formula() + ": 512 of at most 20000 tries", heard.get(heard.size() - 1));
    }
}
