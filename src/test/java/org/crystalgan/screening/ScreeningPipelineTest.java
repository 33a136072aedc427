package org.crystalgan.screening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.CancellationException;
import org.crystalgan.base.Progress;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.InputException;
import org.crystalgan.crystal.Lattice;
import org.crystalgan.crystal.Site;
import org.crystalgan.crystal.Structure;
import org.crystalgan.screening.energy.DftImport;
import org.crystalgan.screening.export.CandidateExporter;
import org.crystalgan.screening.hull.EntryCsv;
import org.crystalgan.screening.hull.HullEntry;
import org.crystalgan.screening.hull.PhaseDiagram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScreeningPipelineTest {
    @TempDir
    Path tmp;

    static final String ENTRIES = MgMnOFixtures.ENTRIES;

    static Structure spinel() throws Exception { return MgMnOFixtures.spinel(); }

    Path dftTree(String candidate) throws Exception { return MgMnOFixtures.dftTree(tmp.resolve("dft"), candidate); }

    List<ScreeningPipeline.Input> inputs() throws Exception {
        Structure clash = new Structure(Lattice.cubic(4.2), List.of(new Site(Element.of("Mg"), 0, 0, 0), new Site(Element.of("O"), 0.02, 0, 0)));
        return List.of(new ScreeningPipeline.Input("cand", spinel()), new ScreeningPipeline.Input("cand copy", spinel()),
                new ScreeningPipeline.Input("bad", clash));
    }

    @Test
    void fullRunWithImportedEnergiesAndThePaperPreset() throws Exception {
        List<HullEntry> refs = EntryCsv.parse(ENTRIES.lines().toList(), "refs.csv");
        ScreeningPipeline.Options opt = ScreeningPipeline.Options.defaults().withHullEntries(refs)
                .withDftResults(DftImport.importFolder(dftTree("cand")));
        List<String> stages = new ArrayList<>();
        ScreeningPipeline.Result r = new ScreeningPipeline().run(inputs(), opt, (done, total, stage) -> {
            if (done == total) stages.add(stage);
        });
        assertTrue(stages.containsAll(List.of("validity", "force-field relaxation", "symmetry", "hull and Pourbaix", "ranking")), stages.toString());
        Candidate cand = r.ranked().get(0);
        assertEquals("cand", cand.name());
        assertEquals(Thresholds.Verdict.PASSES, cand.verdict(), cand.notes().toString());
        // corrected DFT energy (-50.123456 - 6.084) / 7; formation and hull from the references' hull
        assertEquals(-8.029637, cand.dftEnergyPerAtom().getAsDouble(), 1e-6);
        PhaseDiagram pd = new PhaseDiagram(refs);
        HullEntry e = new HullEntry("cand", cand.input().composition(), cand.dftEnergyPerAtom().getAsDouble());
        assertEquals(pd.eAboveHull(e), cand.eAboveHull().getAsDouble(), 1e-12);
        assertTrue(cand.eAboveHull().getAsDouble() < 0, "below the reference hull");
        assertTrue(cand.pourbaixEnergy().getAsDouble() >= 0 && cand.pourbaixEnergy().getAsDouble() <= 0.59);
        assertEquals(2.3456, cand.bandGap().getAsDouble(), 1e-9);
        assertEquals(1.1488, cand.ggaBandGap().getAsDouble(), 1e-9);
        assertEquals(227, cand.spaceGroupNumber().getAsInt());
        assertTrue(cand.ffConverged());

        Candidate copy = r.ranked().stream().filter(c -> c.name().equals("cand copy")).findFirst().orElseThrow();
        assertEquals("cand", copy.duplicateOf());
        assertTrue(copy.dftEnergyPerAtom().isEmpty(), "no DFT for the copy: missing, not zero");
        assertTrue(copy.eAboveHull().isEmpty());
        assertEquals(Thresholds.Verdict.INCOMPLETE, copy.verdict());

        Candidate bad = r.ranked().get(2);
        assertEquals("bad", bad.name());
        assertFalse(bad.valid());
        assertEquals(Thresholds.Verdict.FAILS, bad.verdict());
        assertNull(bad.ffConverged(), "invalid cells are not relaxed");
        assertTrue(bad.ffEnergyPerAtom().isEmpty());
        assertEquals(1, r.passing());
        assertEquals(1, r.failing());
        assertEquals(1, r.incomplete());
    }

    @Test
    void runsComputedInAScreeningExportsOwnFoldersFindTheirCandidate() throws Exception {
        ScreeningPipeline.Options plain = ScreeningPipeline.Options.defaults().withRelax(false);
        List<Candidate> first = new ScreeningPipeline().run(inputs().subList(0, 1), plain, Progress.NONE).ranked();
        Path out = tmp.resolve("export");
        Path folder = CandidateExporter.export(out, first, true, false).folders().get(0);
        // the chemist ran VASP in the exported dft/relax and dft/hse06 folders and brings the tree back as it is
        Path runs = MgMnOFixtures.vaspRuns();
        Files.copy(runs.resolve("relax_mgmn2o4/vasprun.xml"), folder.resolve("dft/relax/vasprun.xml"));
        Files.copy(runs.resolve("hse_mgmn2o4/vasprun.xml"), folder.resolve("dft/hse06/vasprun.xml"));
        ScreeningPipeline.Options opt = plain.withHullEntries(EntryCsv.parse(ENTRIES.lines().toList(), "refs.csv"))
                .withDftResults(DftImport.importFolder(out));
        Candidate cand = new ScreeningPipeline().run(inputs().subList(0, 1), opt, Progress.NONE).ranked().get(0);
        assertEquals(-8.029637, cand.dftEnergyPerAtom().getAsDouble(), 1e-6, cand.notes().toString());
        assertTrue(cand.eAboveHull().isPresent());
        assertEquals(2.3456, cand.bandGap().getAsDouble(), 1e-9);

        java.util.Set<String> names = java.util.Set.of("cand", "7_x");
        assertEquals("cand", ScreeningPipeline.candidateFolder("cand/relax", names));
        assertEquals("cand", ScreeningPipeline.candidateFolder("candidates/01_cand/dft/hse06", names));
        assertEquals("7_x", ScreeningPipeline.candidateFolder("7_x/relax", names), "a name that looks ranked is still a name");
        assertNull(ScreeningPipeline.candidateFolder("candidates/01_other/dft/relax", names));
    }

    @Test
    void userThresholdsCanFailACandidate() throws Exception {
        ScreeningPipeline.Options opt = ScreeningPipeline.Options.defaults().withRelax(false)
                .withHullEntries(EntryCsv.parse(ENTRIES.lines().toList(), "refs.csv"))
                .withDftResults(DftImport.importFolder(dftTree("cand"))).withThresholds(Thresholds.paper().withMinGap(2.5));
        Candidate cand = new ScreeningPipeline().run(inputs().subList(0, 1), opt, Progress.NONE).ranked().get(0);
        assertEquals(Thresholds.Verdict.FAILS, cand.verdict());
        assertTrue(cand.notes().stream().anyMatch(n -> n.contains("Eg(HSE) 2.346 < 2.500")), cand.notes().toString());
        assertNull(cand.ffConverged());
    }

    @Test
    void cancellationStopsTheRun() {
        Progress cancelled = new Progress() {
            @Override
            public void update(long done, long total, String stage) { }

            @Override
            public boolean isCancelled() { return true; }
        };
        assertThrows(CancellationException.class, () -> new ScreeningPipeline().run(inputs(), ScreeningPipeline.Options.defaults(), cancelled));
    }

    @Test
    void rankingPutsMissingValuesLastInBothDirections() throws Exception {
        ScreeningPipeline.Options opt = ScreeningPipeline.Options.defaults().withThresholds(Thresholds.none());
        List<Candidate> cs = new ScreeningPipeline().run(inputs(), opt, Progress.NONE).ranked();
        for (boolean asc : new boolean[] {true, false}) {
            List<Candidate> ranked = ScreeningPipeline.rank(cs, CandidateColumn.FF_ENERGY, asc);
            assertTrue(ranked.get(ranked.size() - 1).ffEnergyPerAtom().isEmpty());
            assertTrue(ranked.get(0).ffEnergyPerAtom().isPresent());
        }
        assertEquals(CandidateColumn.E_ABOVE_HULL, CandidateColumn.parse("ehull"));
        assertThrows(InputException.class, () -> CandidateColumn.parse("colour"));
    }

    @Test
    void thresholdsNeverPassMissingValues() {
        Thresholds p = Thresholds.paper();
        assertEquals(Thresholds.Verdict.INCOMPLETE, p.evaluate(true, OptionalDouble.of(0.01), OptionalDouble.empty(), OptionalDouble.of(2.0)).verdict());
        assertEquals(Thresholds.Verdict.FAILS, p.evaluate(true, OptionalDouble.of(0.2), OptionalDouble.empty(), OptionalDouble.of(2.0)).verdict());
        assertEquals(Thresholds.Verdict.PASSES, p.evaluate(true, OptionalDouble.of(0.08), OptionalDouble.of(0.59), OptionalDouble.of(3.0)).verdict());
        assertEquals(Thresholds.Verdict.FAILS, p.evaluate(true, OptionalDouble.of(0.0), OptionalDouble.of(0.1), OptionalDouble.of(1.5)).verdict());
        assertEquals(Thresholds.Verdict.PASSES, Thresholds.none().evaluate(true, OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty()).verdict());
    }

    @Test
    void exportWritesFoldersAtomicallyAndNeverOverwritesSilently() throws Exception {
        List<ScreeningPipeline.Input> in = new ArrayList<>(inputs());
        in.add(new ScreeningPipeline.Input("../../escape", spinel().supercell(1, 1, 2)));
        List<Candidate> cs = new ScreeningPipeline().run(in, ScreeningPipeline.Options.defaults().withRelax(false), Progress.NONE).ranked();
        Path out = tmp.resolve("export");
        CandidateExporter.Written w = CandidateExporter.export(out, cs, true, false);
        List<String> lines = Files.readAllLines(w.table());
        assertEquals(CandidateExporter.HEADER, lines.get(0));
        assertEquals(5, lines.size());
        // the supercell of the spinel is the same structure: one unique folder, the escape attempt is a duplicate or stays inside
        for (Path f : w.folders()) assertTrue(f.normalize().startsWith(out.resolve("candidates").toAbsolutePath().normalize()), f.toString());
        assertFalse(Files.exists(tmp.resolve("escape")));
        Path first = w.folders().get(0);
        assertTrue(Files.isRegularFile(first.resolve("cand_P1.cif")));
        assertTrue(Files.isRegularFile(first.resolve("cand_symmetrized.cif")));
        assertTrue(Files.isRegularFile(first.resolve("dft/relax/INCAR")));
        assertTrue(Files.isRegularFile(first.resolve("dft/hse06/KPOINTS")));
        // a row without values leaves its cells empty, never 0
        String badRow = lines.stream().filter(l -> l.contains(",bad,")).findFirst().orElseThrow();
        assertTrue(badRow.contains(",false,,,,,,,,,,,,,,fails,,"), badRow);
        String before = Files.readString(w.table());
        assertThrows(InputException.class, () -> CandidateExporter.export(out, cs.subList(0, 1), true, false));
        assertEquals(before, Files.readString(w.table()));
        CandidateExporter.export(out, cs.subList(0, 1), true, true);
        assertEquals(2, Files.readAllLines(w.table()).size());
    }
}
