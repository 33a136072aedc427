package org.crystalgan.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.crystalgan.crystal.Site;
import org.crystalgan.crystal.Structure;
import org.crystalgan.crystal.Vec3;
import org.crystalgan.io.StructureFiles;
import org.crystalgan.potential.relax.RelaxOptions;
import org.crystalgan.screening.Candidate;
import org.crystalgan.screening.ScreeningPipeline;
import org.crystalgan.screening.Thresholds;
import org.crystalgan.screening.export.CandidateExporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScreeningServiceTest {
    @TempDir Path dir;

    static Structure sample(String file) throws Exception {
        return StructureFiles.read(Path.of(ScreeningServiceTest.class.getResource("/samples/" + file).toURI())).get(0).structure();
    }

    /** The cell with atom {@code i} moved by {@code d} in fractional x: a few FIRE steps of work. */
    static Structure nudged(Structure s, int i, double d) {
        List<Site> sites = new ArrayList<>(s.sites());
        Site a = sites.get(i);
        sites.set(i, a.withFrac(a.frac().plus(new Vec3(d, 0, 0))));
        return s.withSites(sites);
    }

    static List<ScreeningPipeline.Input> inputs() throws Exception {
        Structure mgo = sample("MgO_periclase.cif"), mno = sample("MnO_manganosite.cif"), rutile = sample("MnO2_pyrolusite.cif");
        return List.of(new ScreeningPipeline.Input("mgo_a", nudged(mgo, 0, 0.05)), new ScreeningPipeline.Input("mno_a", nudged(mno, 1, 0.03)),
                new ScreeningPipeline.Input("mno2_a", nudged(rutile, 2, 0.02)), new ScreeningPipeline.Input("mgo_b", nudged(mgo, 3, -0.05)));
    }

    static ScreeningService.Request request(Path out, int workers) throws Exception {
        ScreeningPipeline.Options opt = ScreeningPipeline.Options.defaults().withThresholds(Thresholds.none().withMaxEAboveHull(0.08));
        return new ScreeningService.Request(inputs(), opt, "m3gnet", RelaxOptions.defaults(), workers, ScreeningService.journalFolder(out));
    }

    @Test
    void resumedAfterCancellationRanksAsAnUninterruptedRun() throws Exception {
        ScreeningService service = new ScreeningService();
        Path whole = dir.resolve("whole");
        ScreeningService.Exported full = service.runAndExport(request(whole, 2), whole, false, false, ScreeningService.listener((d, t, m) -> { }));

        // the same screening, cancelled after its first finished relaxation (one worker: the rest are unstarted)
        Path cut = dir.resolve("cut");
        AtomicBoolean cancel = new AtomicBoolean();
        ScreeningService.Listener stopAfterOne = new ScreeningService.Listener() {
            @Override public void update(long done, long total, String message) { }

            @Override public boolean isCancelled() { return cancel.get(); }

            @Override public void relaxFinished(String name, ScreeningPipeline.Relaxed result, boolean fromJournal) { cancel.set(true); }
        };
        assertThrows(CancellationException.class, () -> service.runAndExport(request(cut, 1), cut, false, false, stopAfterOne));
        assertFalse(Files.exists(cut.resolve("ranked.csv")), "a cancelled screening writes no table");
        List<String> journal = Files.readAllLines(cut.resolve("relaxations/journal.csv"));
        assertEquals(RelaxationJournal.HEADER, journal.get(0));
        assertEquals(2, journal.size(), "exactly the finished relaxation is journalled: " + journal);

        AtomicInteger fromJournal = new AtomicInteger(), fresh = new AtomicInteger();
        ScreeningService.Listener count = new ScreeningService.Listener() {
            @Override public void update(long done, long total, String message) { }

            @Override public void relaxFinished(String name, ScreeningPipeline.Relaxed result, boolean journalled) {
                (journalled ? fromJournal : fresh).incrementAndGet();
            }
        };
        ScreeningService.Exported resumed = service.runAndExport(request(cut, 2), cut, false, false, count);
        assertEquals(1, fromJournal.get(), "the finished relaxation is not run again");
        assertEquals(3, fresh.get());
        assertEquals(Files.readString(whole.resolve("ranked.csv")), Files.readString(cut.resolve("ranked.csv")));
        assertEquals(full.result().ranked().size(), resumed.result().ranked().size());
        assertEquals(5, Files.readAllLines(cut.resolve("relaxations/journal.csv")).size());
    }

    @Test
    void relaxedCandidatesGetTheirHullAndFlags() throws Exception {
        ScreeningService.Exported x = new ScreeningService().runAndExport(request(dir, 2), dir, false, false,
                ScreeningService.listener((d, t, m) -> { }));
        Candidate mgo = x.result().ranked().stream().filter(c -> c.name().equals("mgo_a")).findFirst().orElseThrow();
        assertNotNull(mgo.relaxation());
        assertEquals("converged", mgo.relaxation().verdict());
        // periclase relaxes back to the bundled reference's energy and lies on the m3gnet hull
        assertEquals(-5.956338, mgo.relaxation().energyPerAtom().getAsDouble(), 2e-3);
        assertEquals("m3gnet", mgo.hullSource());
        assertEquals(0, mgo.eAboveHull().getAsDouble(), 5e-3);
        assertEquals(225, mgo.spaceGroupNumber().getAsInt(), "the nudged atom goes back: Fm-3m after relaxation");
        assertTrue(mgo.relaxation().spaceGroupBefore().getAsInt() != 225, "the nudged input has lower symmetry");
        assertTrue(mgo.relaxation().movedFar(), "a change of space group is flagged");
        assertTrue(mgo.relaxation().rmsDisplacement().getAsDouble() < 0.2, "a nudge of 0.2 Å is undone: small RMS");
        // the two nudged periclase cells relax to one crystal: de-duplicated after relaxation
        Candidate other = x.result().ranked().stream().filter(c -> c.name().equals("mgo_b")).findFirst().orElseThrow();
        assertEquals("mgo_a", other.duplicateOf());
        assertTrue(mgo.isUnique());
        List<String> csv = Files.readAllLines(dir.resolve("ranked.csv"));
        assertEquals(CandidateExporter.HEADER, csv.get(0));
        assertTrue(CandidateExporter.HEADER.startsWith("rank,name,formula,valid,space_group,duplicate_of,known_as,ff_converged,"), "existing columns keep their places");
        assertTrue(CandidateExporter.HEADER.endsWith(",notes,potential,relax_verdict,relax_steps,energy_per_atom_eV,hull_source,rms_displacement_A,"
                + "volume_change_pct,space_group_before,moved_far,plausibility"));
        String row = csv.stream().filter(l -> l.contains(",mgo_a,")).findFirst().orElseThrow();
        assertTrue(row.contains(",m3gnet,converged,"), row);
        assertTrue(row.contains(",225 Fm-3m,"), row);
        Path folder = Files.list(dir.resolve("candidates")).filter(p -> p.getFileName().toString().endsWith("mgo_a")).findFirst().orElseThrow();
        Structure written = StructureFiles.read(folder.resolve("mgo_a_P1.cif")).get(0).structure();
        assertEquals(0, ScreeningPipeline.rmsDisplacement(mgo.structure(), written), 1e-4, "the candidate folder holds the relaxed cell");
        assertTrue(Files.exists(folder.resolve("mgo_a_input_P1.cif")));
    }

    @Test
    void cancelStopsWithinASecond() throws Exception {
        // big enough cells that relaxing takes seconds: the spinel, pulled apart
        Structure spinel = sample("MgMn2O4_spinel.cif");
        List<ScreeningPipeline.Input> in = new ArrayList<>();
        for (int i = 0; i < 6; i++) in.add(new ScreeningPipeline.Input("s" + i, nudged(spinel, i, 0.04)));
        ScreeningService.Request r = new ScreeningService.Request(in, ScreeningPipeline.Options.defaults(), "m3gnet", RelaxOptions.defaults(), 2,
                ScreeningService.journalFolder(dir));
        AtomicLong cancelledAt = new AtomicLong();
        AtomicInteger steps = new AtomicInteger();
        ScreeningService.Listener l = new ScreeningService.Listener() {
            @Override public void update(long done, long total, String message) { }

            @Override public boolean isCancelled() { return cancelledAt.get() != 0; }

            @Override public void relaxStep(String name, int step, double energyPerAtom, double maxForce) {
                assertTrue(Double.isFinite(energyPerAtom) && energyPerAtom < 0, "energy per atom reaches the listener");
                if (steps.incrementAndGet() == 5) cancelledAt.compareAndSet(0, System.nanoTime());
            }
        };
        assertThrows(CancellationException.class, () -> new ScreeningService().run(r, l));
        double seconds = (System.nanoTime() - cancelledAt.get()) / 1e9;
        assertTrue(seconds < 1.0, "stopped " + seconds + " s after the cancel");
    }
}
