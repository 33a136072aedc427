package org.crystalgan.app.screening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.crystalgan.app.common.AppContext;
import org.crystalgan.app.common.RecordingDialogs;
import org.crystalgan.app.common.StructureEntry;
import org.crystalgan.app.screening.ScreeningServices.Energies;
import org.crystalgan.app.screening.ScreeningServices.Row;
import org.crystalgan.crystal.Structure;
import org.crystalgan.io.StructureFiles;
import org.crystalgan.screening.CandidateColumn;
import org.crystalgan.screening.MgMnOFixtures;
import org.crystalgan.screening.Thresholds;
import org.crystalgan.screening.hull.EntryCsv;
import org.crystalgan.screening.hull.HullEntry;
import org.crystalgan.screening.hull.PhaseDiagram;
import org.crystalgan.screening.pourbaix.AqueousIon;
import org.crystalgan.screening.pourbaix.PourbaixDiagram;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reference entries and DFT runs brought into the Screening pane's ViewModel (real pipeline, no
 * stage): the shared Mg-Mn-O entries and the hand-written spinel runs fill the hull, Pourbaix and
 * gap columns with the values the screening package computes for them; bad files end in a dialog
 * naming the file and line and leave the energies in use alone.
 */
class EnergyImportViewModelTest {
    @TempDir Path dir;
    private final RecordingDialogs dialogs = new RecordingDialogs();
    private AppContext ctx;
    private ScreeningViewModel vm;
    private Structure spinel;

    @BeforeEach
    void screenASpinelAndMnO() throws Exception {
        ctx = RecordingDialogs.context(dir.resolve("config"), dialogs);
        spinel = MgMnOFixtures.spinel();
        Structure mno = StructureFiles.read(Path.of("samples", "MnO_manganosite.cif")).get(0).structure();
        ctx.workspace().loaded().add(new StructureEntry("cand", spinel, "test", null));
        ctx.workspace().loaded().add(new StructureEntry("mno", mno, "test", null));
        vm = new ScreeningViewModel(ctx, new WorkbenchScreeningServices());
        vm.sourceProperty().set(ScreeningViewModel.Source.LOADED);
        // the DFT path as before the potential (RelaxingScreeningViewModelTest covers the M3GNet one)
        vm.relaxWithProperty().set("classical");
        vm.run();
        assertEquals(List.of(), dialogs.errors);
        assertEquals(2, vm.rows().size());
    }

    private Row row(String name) {
        return vm.rows().stream().filter(r -> r.entry().name().equals(name)).findFirst().orElseThrow();
    }

    private Path entriesFile(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @Test
    void entriesAndDftRunsFillTheEnergyColumnsAndTheRanking() throws Exception {
        String hull = CandidateColumn.E_ABOVE_HULL.key(), pbx = CandidateColumn.POURBAIX.key(), gap = CandidateColumn.BAND_GAP.key();
        assertTrue(Double.isNaN(row("cand").value(hull)));
        assertTrue(vm.statusProperty().get().contains("\"Reference entries…\" and \"DFT runs…\""), vm.statusProperty().get());

        Path csv = entriesFile("refs.csv", MgMnOFixtures.ENTRIES);
        vm.loadEntries(csv);
        assertEquals(List.of(), dialogs.errors);
        assertEquals("Energies: 10 reference entries from refs.csv (Mg-Mn-O); no DFT runs.", vm.energiesTextProperty().get());
        // entries alone give the hull but no candidate energy: still blank, and the status says what is missing
        assertEquals(2, vm.rows().size());
        assertTrue(Double.isNaN(row("cand").value(hull)));
        assertTrue(vm.statusProperty().get().contains("\"DFT runs…\""), vm.statusProperty().get());

        Path dft = MgMnOFixtures.dftTree(dir.resolve("dft"), "cand");
        vm.importDft(dft);
        assertEquals(List.of(), dialogs.errors);
        assertEquals("Energies: 10 reference entries from refs.csv (Mg-Mn-O); 2 DFT run(s) from dft.", vm.energiesTextProperty().get());

        // the known case, computed here from the screening package's own hull and Pourbaix diagram
        List<HullEntry> refs = EntryCsv.parse(MgMnOFixtures.ENTRIES.lines().toList(), "refs.csv");
        PhaseDiagram pd = new PhaseDiagram(refs);
        HullEntry e = new HullEntry("cand", spinel.composition(), -8.029637);
        PourbaixDiagram pourbaix = new PourbaixDiagram(pd, AqueousIon.bundled(), spinel.composition(), 1e-6);
        double expectedPbx = pourbaix.minimumOverPh(pourbaix.solidOf(e), 0, 14, 1.5).energyPerAtom();
        Row cand = row("cand");
        assertEquals(-8.029637, cand.value(CandidateColumn.DFT_ENERGY.key()), 1e-6);
        assertEquals(pd.eAboveHull(e), cand.value(hull), 1e-6);
        assertTrue(cand.value(hull) < 0, "the hand-made spinel lies below the reference hull");
        assertEquals(pd.formationEnergyPerAtom(e), cand.value(CandidateColumn.FORMATION_ENERGY.key()), 1e-6);
        assertEquals(expectedPbx, cand.value(pbx), 1e-6);
        assertEquals(2.3456, cand.value(gap), 1e-9);
        assertEquals(Thresholds.Verdict.PASSES, cand.candidate().verdict(), cand.note());
        assertTrue(cand.passes());
        assertEquals(1, cand.rank(), "a passing candidate ranks first");
        // MnO has no run of its own: blank, never 0, and incomplete
        Row mno = row("mno");
        assertTrue(Double.isNaN(mno.value(hull)) && Double.isNaN(mno.value(pbx)) && Double.isNaN(mno.value(gap)));
        assertTrue(mno.note().contains("no DFT run imported for mno"), mno.note());

        // the paper's preset now has values to judge: only the spinel is left
        vm.applyPaperPreset();
        assertEquals(List.of("cand"), vm.shownRows().stream().map(r -> r.entry().name()).toList());

        // the folders are remembered for the choosers
        assertEquals(dir.toAbsolutePath(), ctx.settings().getFolder("lastEntriesFolder").orElseThrow());
        assertEquals(dft.toAbsolutePath(), ctx.settings().getFolder("lastDftFolder").orElseThrow());

        vm.clearEnergies();
        assertEquals("Energies: no reference entries; no DFT runs.", vm.energiesTextProperty().get());
        assertTrue(Double.isNaN(row("cand").value(hull)), "cleared energies leave the columns blank again");
    }

    @Test
    void fetchsMaterialsCsvIsReadAsReferenceEntries() throws Exception {
        // the columns fetch writes; the energies are MP's corrected ones, on the scale of MP2020-corrected runs
        StringBuilder csv = new StringBuilder("material_id,formula,energy_per_atom_eV,formation_energy_per_atom_eV,"
                + "energy_above_hull_eV,band_gap_eV,theoretical,nsites,file\n");
        int id = 1;
        for (String line : MgMnOFixtures.ENTRIES.lines().skip(1).toList()) {
            String[] f = line.split(",");
            csv.append("mp-").append(id).append(',').append(f[0]).append(',').append(f[1]).append(",,0.0,,false,4,mp-").append(id++).append(".cif\n");
        }
        vm.loadEntries(entriesFile("materials.csv", csv.toString()));
        assertEquals(List.of(), dialogs.errors);
        assertEquals(EntryCsv.parse(MgMnOFixtures.ENTRIES.lines().toList(), "refs.csv").stream().map(HullEntry::energyPerAtom).toList(),
                vm.energiesProperty().get().entries().stream().map(HullEntry::energyPerAtom).toList());
    }

    @Test
    void badEntriesAreRefusedNamingTheFileAndLineAndKeepTheEnergiesInUse() throws Exception {
        vm.loadEntries(entriesFile("refs.csv", MgMnOFixtures.ENTRIES));
        Energies before = vm.energiesProperty().get();

        Path bad = entriesFile("bad.csv", "formula,energy_per_atom_eV\nMg,-1.6\n\nMgO,about six\n");
        vm.loadEntries(bad);
        assertEquals(1, dialogs.errors.size());
        assertTrue(dialogs.errors.get(0).startsWith("Reference entries: " + bad + " line 4: energy 'about six' is not a number"), dialogs.errors.get(0));
        assertSame(before, vm.energiesProperty().get());
        assertFalse(vm.busyProperty().get(), "a failure ends the busy state");

        // a file the hull cannot use is refused when it is read, naming the file, not halfway through a screening
        Path noOxygen = entriesFile("no-o.csv", "formula,energy_per_atom_eV\nMg,-1.6\nMgO,-6.3\n");
        vm.loadEntries(noOxygen);
        assertEquals(2, dialogs.errors.size());
        assertTrue(dialogs.errors.get(1).startsWith("Reference entries: " + noOxygen + ": no elemental reference for O"), dialogs.errors.get(1));

        Path empty = Files.createDirectories(dir.resolve("no-runs"));
        vm.importDft(empty);
        assertEquals(3, dialogs.errors.size());
        assertTrue(dialogs.errors.get(2).startsWith("DFT runs: " + empty + ": no vasprun.xml"), dialogs.errors.get(2));
        assertSame(before, vm.energiesProperty().get());
    }
}
