package org.crystalgan.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.crystalgan.base.Progress;
import org.crystalgan.crystal.Composition;
import org.crystalgan.crystal.InputException;
import org.crystalgan.potential.relax.RelaxOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The paper's screening: the derived compositions, and a killed run resumed to the same report. */
class PaperReproductionTest {
    @TempDir
    Path tmp;

    @Test
    void theDerivedCompositionsFollowTheRuleAndHoldMg2MnO4() {
        List<Composition> c = PaperReproduction.derivedCompositions();
        assertEquals(20, c.size());
        Set<String> reduced = new HashSet<>();
        for (Composition x : c) {
            assertTrue(reduced.add(x.reducedFormula()), "twice: " + x);
            double os = (2 * x.amount("O") - 2 * x.amount("Mg")) / x.amount("Mn");
            assertTrue(os >= 2 - 1e-9 && os <= 4 + 1e-9, x + " has OS(Mn) " + os);
            assertTrue(x.numAtoms() <= 11, x + " is not among the smallest cells");
        }
        assertTrue(reduced.contains("Mg2MnO4"), "the paper's Mg2MnO4 is missing");
        assertFalse(reduced.contains("MgMn2O4"), "the known spinel composition must be left out");
        assertEquals(List.of("MgMnO2", "MgMnO3", "MgMn2O3", "Mg2MnO3", "Mg2MnO4"),
                c.subList(0, 5).stream().map(PaperReproduction::formula).toList());
        assertEquals("Mg3Mn2O6", PaperReproduction.formula(c.get(19)));
    }

    private static PaperReproduction.Options small() {
        return new PaperReproduction.Options(List.of(Composition.parse("MgMnO3"), Composition.parse("Mg2MnO4")), 2, 3, 0, null,
                new RelaxOptions(0.2, 25, true), 2);
    }

    @Test
    void aCancelledRunResumesToTheSameReport() throws Exception {
        PaperReproduction service = PaperReproduction.bundled();
        Path whole = tmp.resolve("whole");
        PaperReproduction.Report a = service.run(whole, small(), Progress.NONE);
        assertTrue(a.complete());
        assertEquals(4, a.generated());
        assertEquals(4, a.relaxed());

        Path cut = tmp.resolve("cut");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger relaxedBeforeStop = new AtomicInteger();
        Progress stopAfterFirst = new Progress() {
            @Override
            public void update(long done, long total, String message) {
                if (message.startsWith("relaxed ")) {
                    relaxedBeforeStop.incrementAndGet();
                    stop.set(true);
                }
            }

            @Override
            public boolean isCancelled() { return stop.get(); }
        };
        assertThrows(CancellationException.class, () -> service.run(cut, small(), stopAfterFirst));
        List<String> journal = Files.readAllLines(cut.resolve(PaperReproduction.JOURNAL));
        assertEquals(1 + relaxedBeforeStop.get(), journal.size(), "every finished relaxation and nothing else is in the journal");
        assertTrue(journal.size() - 1 < 4, "the cancel stopped the batch early: " + journal);
        assertTrue(Files.readString(cut.resolve(PaperReproduction.REPORT_MD)).contains("**Partial**"));

        PaperReproduction.Report b = service.run(cut, small(), Progress.NONE);
        assertTrue(b.complete());
        assertEquals(2, b.sessions());
        assertEquals(Files.readString(whole.resolve(PaperReproduction.REPORT_CSV)), Files.readString(cut.resolve(PaperReproduction.REPORT_CSV)));
        assertEquals(withoutTimesAndFolder(whole.resolve(PaperReproduction.REPORT_MD)), withoutTimesAndFolder(cut.resolve(PaperReproduction.REPORT_MD)));
        assertEquals(resultColumns(whole), resultColumns(cut));
        assertTrue(Files.isRegularFile(cut.resolve("lowest").resolve("Mg2MnO4.cif")));

        // a folder keeps its settings
        var other = new PaperReproduction.Options(small().targets(), 3, 3, 0, null, new RelaxOptions(0.2, 25, true), 2);
        InputException e = assertThrows(InputException.class, () -> service.run(cut, other, Progress.NONE));
        assertTrue(e.getMessage().contains("count=2"), e.getMessage());
    }

    @Test
    void aRunCancelledWhileGeneratingKeepsTheFinishedCompositionsAndSaysPartial() throws Exception {
        Path dir = tmp.resolve("gen");
        AtomicInteger generating = new AtomicInteger();
        Progress stopAtSecond = new Progress() {
            @Override
            public void update(long done, long total, String message) {
                if (message.startsWith("generating ")) generating.incrementAndGet();
            }

            @Override
            public boolean isCancelled() { return generating.get() >= 2; }
        };
        CancellationException e = assertThrows(CancellationException.class, () -> PaperReproduction.bundled().run(dir, small(), stopAtSecond));
        assertTrue(e.getMessage().contains("while generating"), e.getMessage());
        List<String> generated = Files.readAllLines(dir.resolve(PaperReproduction.GENERATED));
        assertEquals(2, generated.size(), "the header and the first composition only: " + generated);
        assertTrue(generated.get(1).startsWith("MgMnO3,2,2,"), generated.get(1));
        assertTrue(Files.isRegularFile(dir.resolve("cells/MgMnO3/MgMnO3-001.cif")));
        assertTrue(Files.readString(dir.resolve(PaperReproduction.REPORT_MD)).contains("**Partial**"));
    }

    /** The journal without the session and timing columns, as a set (workers finish in any order). */
    private static Set<String> resultColumns(Path dir) throws Exception {
        Set<String> rows = new HashSet<>();
        for (String line : Files.readAllLines(dir.resolve(PaperReproduction.JOURNAL))) {
            List<String> f = PaperReproduction.splitCsv(line);
            rows.add(String.join(",", f.subList(0, 6)));
        }
        return rows;
    }

    private static List<String> withoutTimesAndFolder(Path md) throws Exception {
        List<String> out = new ArrayList<>();
        for (String l : Files.readAllLines(md)) if (!l.startsWith("- wall time") && !l.startsWith("Folder:")) out.add(l);
        return out;
    }
}
