package org.crystalgan.app.screening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.crystalgan.app.common.AppContext;
import org.crystalgan.app.common.RecordingDialogs;
import org.crystalgan.app.common.StructureEntry;
import org.crystalgan.app.common.Work;
import org.crystalgan.io.NamedStructure;
import org.crystalgan.screening.export.CandidateExporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: the Screening pane's export of a whole screening and {@code crystalgan screen} write the same files, since
 * both go through workflow.ScreeningService's writer (the classical force field keeps it fast). The pane screens
 * with the paper's thresholds deciding the verdict, which is {@code screen --preset paper}.
 */
class ExportMatchesScreenCommandTest {
    @TempDir Path dir;

    private static final List<String> SAMPLES = List.of("MgO_periclase.cif", "MnO_manganosite.cif", "MgMn2O4_spinel.cif");

    @Test
    void windowExportAndScreenWriteTheSameFiles() throws Exception {
        Path in = dir.resolve("in");
        Files.createDirectories(in);
        for (String s : SAMPLES) Files.copy(Path.of("samples", s), in.resolve(s));

        Path cliOut = dir.resolve("cli");
        StringWriter o = new StringWriter(), e = new StringWriter();
        int status = org.crystalgan.cli.Main.run(new String[] {"screen", "--in", in.toString(), "--out", cliOut.toString(),
                "--relax", "classical", "--preset", "paper", "--no-dft-inputs"}, new PrintWriter(o, true), new PrintWriter(e, true));
        assertEquals(0, status, e.toString());

        RecordingDialogs dialogs = new RecordingDialogs();
        AppContext ctx = RecordingDialogs.context(dir.resolve("config"), dialogs);
        for (NamedStructure ns : org.crystalgan.workflow.StructureSources.readFolder(in).structures()) {
            ctx.workspace().loaded().add(new StructureEntry(ns.name(), ns.structure(), "test", ns.source()));
        }
        ScreeningViewModel vm = new ScreeningViewModel(ctx, new WorkbenchScreeningServices());
        vm.sourceProperty().set(ScreeningViewModel.Source.LOADED);
        vm.relaxWithProperty().set("classical");
        vm.run();
        assertEquals(List.of(), dialogs.errors);
        assertEquals(SAMPLES.size(), vm.rows().size());
        Path winOut = dir.resolve("window");
        ScreeningViewModel.writeExport(List.copyOf(vm.rows()), vm.columns(), winOut, ScreeningViewModel.ExportFormat.CIF, Work.Progress.NONE);

        List<String> cliFiles = files(cliOut), winFiles = files(winOut);
        assertFalse(winFiles.isEmpty());
        assertTrue(winFiles.contains("ranked.csv"), winFiles.toString());
        assertEquals(cliFiles, winFiles, "the same file names");
        List<String> table = Files.readAllLines(winOut.resolve("ranked.csv"));
        assertEquals(CandidateExporter.HEADER, table.get(0));
        assertEquals(SAMPLES.size() + 1, table.size());
        assertEquals(Files.readAllLines(cliOut.resolve("ranked.csv")), table, "the same ranked.csv");
        for (String f : cliFiles) {
            // CIFs, POSCARs and notes have no timestamps: every file the two wrote is byte for byte the same
            assertEquals(Files.readString(cliOut.resolve(f)), Files.readString(winOut.resolve(f)), f);
        }
    }

    /** Every regular file under {@code root}, relative, sorted (the relaxation journal is the CLI's own, not an export). */
    private static List<String> files(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(n -> !n.startsWith("relaxations/")).sorted().toList();
        }
    }
}
