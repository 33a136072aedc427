package org.crystalgan.app;

import static org.crystalgan.app.FxTestSupport.onFx;
import static org.crystalgan.app.FxTestSupport.runFx;
import static org.crystalgan.app.FxTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.crystalgan.app.common.AppSettings;
import org.crystalgan.app.common.BackgroundTasks;
import org.crystalgan.app.common.RecordingDialogs;
import org.crystalgan.app.data.DataRow;
import org.crystalgan.crystal.Structure;
import org.crystalgan.io.StructureFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A chemist's session in the real window, driven with TestFX: load the samples, click one into the
 * viewer, export it as CIF from the File menu (the save dialog answered by a script) and read it back;
 * then generate with the bundled model (reporting its acceptance rate), screen the loaded samples,
 * sort the screening table by a column, and bring in reference entries and the spinel's DFT runs
 * through the pane's buttons (the choosers answered by a script) to fill its energy columns.
 */
@ExtendWith(ApplicationExtension.class)
class ChemistSessionTest {
    @TempDir static Path dir;
    private MainWindowController window;
    private final RecordingDialogs dialogs = new RecordingDialogs() {
        @Override
        public Optional<Path> chooseFileToSave(String title, Path initialFolder, String initialName) {
            return Optional.of(dir.resolve(initialName));
        }

        @Override
        public List<Path> chooseFilesToOpen(String title, Path initialFolder, String description, String... patterns) {
            return List.of(dir.resolve("refs.csv"));
        }
    };

    @Start
    void start(Stage stage) throws Exception {
        window = WorkbenchApp.open(stage, new AppSettings(dir.resolve("config")), new BackgroundTasks(), dialogs);
    }

    @Test
    void loadOpenExportAndReadBack(FxRobot robot) throws Exception {
        // the window remembers its last tab (settings are shared by this class's tests): start on Data
        runFx(() -> window.tabs().getSelectionModel().select(0));
        robot.clickOn("#samplesButton");
        waitFor("the samples in the table", 30_000, () -> window.data().viewModel().rows().size() >= 8);
        // click the third row of the table
        TableView<DataRow> table = window.data().table();
        DataRow third = onFx(() -> table.getItems().get(2));
        robot.clickOn(robot.from(table).lookup(".table-row-cell").nth(2).queryAs(javafx.scene.Node.class));
        waitFor("the viewer to show the clicked row", 5_000, () -> third.name().equals(window.viewer().viewModel().titleProperty().get()));

        robot.clickOn("File").clickOn("Export shown structure as CIF…");
        Path cif = dir.resolve(third.name().replaceAll("[^A-Za-z0-9_.-]", "_") + ".cif");
        waitFor("the CIF file", 10_000, () -> Files.isRegularFile(cif));
        assertEquals(List.of(), dialogs.errors);
        Structure back = StructureFiles.read(cif).get(0).structure();
        Structure shown = third.entry().structure();
        assertEquals(shown.composition(), back.composition());
        assertEquals(shown.volume(), back.volume(), 1e-3);
        assertEquals(shown.minimumDistance(), back.minimumDistance(), 1e-3);
    }

    @Test
    void generateWithTheBundledModelThenScreenTheSamplesAndSortTheTable(FxRobot robot) throws Exception {
        runFx(() -> window.tabs().getSelectionModel().select(0));
        robot.clickOn("#samplesButton");
        waitFor("the samples in the table", 30_000, () -> window.data().viewModel().rows().size() >= 8);
        int loaded = onFx(() -> window.data().viewModel().rows().size());

        // generate with the bundled model under a small try bound: the early snapshot may accept nothing,
        // and the pane must then say so (with the acceptance rate) instead of hanging
        if (onFx(() -> window.generate().viewModel().hasBundledModel())) {
            runFx(() -> window.tabs().getSelectionModel().select(2));
            robot.clickOn("#formulaField").write("Mg2Mn4O8\n");
            runFx(() -> {
                window.generate().viewModel().countProperty().set(3);
                window.generate().viewModel().maxTriesProperty().set(256);
                window.generate().generate();
            });
            waitFor("the generation to finish", 120_000, () -> window.generate().viewModel().lastGenerationProperty().get() != null);
            String status = onFx(() -> window.generate().viewModel().statusProperty().get());
            assertTrue(status.contains("acceptance rate"), status);
        }

        // screen the loaded samples (generation may have accepted nothing) and sort by a column
        runFx(() -> {
            window.tabs().getSelectionModel().select(3);
            window.screening().viewModel().sourceProperty().set(org.crystalgan.app.screening.ScreeningViewModel.Source.LOADED);
            // sorted by the classical force-field energy below, as before M3GNet (its relaxation is tested without a stage)
            window.screening().viewModel().relaxWithProperty().set("classical");
            window.screening().viewModel().run();
        });
        waitFor("the screened samples", 120_000, () -> window.screening().viewModel().rows().size() == loaded);
        assertEquals(List.of(), dialogs.errors);
        TableView<org.crystalgan.app.screening.ScreeningServices.Row> table = window.screening().table();
        String key = org.crystalgan.screening.CandidateColumn.FF_ENERGY.key();
        for (javafx.scene.control.TableColumn.SortType dir : javafx.scene.control.TableColumn.SortType.values()) {
            List<Double> shown = onFx(() -> {
                var col = table.getColumns().stream().filter(c -> ("col-" + key).equals(c.getId())).findFirst().orElseThrow();
                col.setSortType(dir);
                table.getSortOrder().setAll(List.of(col));
                return table.getItems().stream().map(r -> r.value(key)).toList();
            });
            assertEquals(loaded, shown.size());
            List<Double> present = shown.stream().filter(v -> !Double.isNaN(v)).toList();
            assertTrue(present.size() >= 2, "force-field energies of the valid samples: " + shown);
            List<Double> expected = new java.util.ArrayList<>(present);
            expected.sort(dir == javafx.scene.control.TableColumn.SortType.ASCENDING
                    ? java.util.Comparator.naturalOrder() : java.util.Comparator.<Double>reverseOrder());
            assertEquals(expected, present, dir + " by " + key);
        }
        // back to rank order when the sort is cleared
        List<Integer> ranks = onFx(() -> {
            table.getSortOrder().clear();
            return table.getItems().stream().map(org.crystalgan.app.screening.ScreeningServices.Row::rank).toList();
        });
        assertEquals(java.util.stream.IntStream.rangeClosed(1, loaded).boxed().toList(), ranks);

        // reference entries and the spinel's DFT runs, through the pane's buttons: the spinel gets its energy
        // above hull, passes the paper's thresholds and moves to the top of the table
        var spinel = onFx(() -> window.screening().viewModel().rows().stream()
                .filter(r -> r.entry().structure().composition().reducedFormula().equals("MgMn2O4")).findFirst().orElseThrow());
        Files.writeString(dir.resolve("refs.csv"), org.crystalgan.screening.MgMnOFixtures.ENTRIES);
        dialogs.folder = org.crystalgan.screening.MgMnOFixtures.dftTree(dir.resolve("dft"),
                org.crystalgan.base.SafeNames.of(spinel.entry().name()));
        String hull = org.crystalgan.screening.CandidateColumn.E_ABOVE_HULL.key();
        robot.clickOn("#entriesButton");
        waitFor("the entries to be read", 120_000, () -> !window.screening().viewModel().busyProperty().get()
                && window.screening().viewModel().energiesProperty().get().hasEntries());
        robot.clickOn("#dftButton");
        waitFor("the screening with the DFT runs", 120_000, () -> !window.screening().viewModel().busyProperty().get()
                && !Double.isNaN(window.screening().viewModel().rows().get(0).value(hull)));
        assertEquals(List.of(), dialogs.errors);
        var first = onFx(() -> table.getItems().get(0));
        assertEquals(spinel.entry().name(), first.entry().name());
        assertTrue(first.passes(), first.note());
        // the phase-diagram panel colours the first candidate by the same energy above hull as its table row
        var dot = onFx(() -> window.screening().phaseDiagram().picture().candidates().stream()
                .filter(c -> c.key().equals(first.entry().name())).findFirst().orElseThrow());
        assertEquals(first.value(hull), dot.eAboveHull(), 1e-6);
        // energies to the meV, as the pane formats every eV/atom column
        String want = String.format(java.util.Locale.ROOT, "%.3f", first.value(hull));
        java.util.concurrent.Callable<String> cell = () -> onFx(() -> table.lookupAll(".table-cell").stream()
                .map(n -> (javafx.scene.control.TableCell<?, ?>) n)
                .filter(c -> c.getIndex() == 0 && c.getTableColumn() != null && ("col-" + hull).equals(c.getTableColumn().getId()))
                .map(javafx.scene.control.TableCell::getText).findFirst().orElse(null));
        // the cell shows the value at the table's next layout pulse, not at once
        waitFor("the table cell to show " + want, 10_000, () -> {
            try {
                return want.equals(cell.call());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertEquals(want, cell.call());
    }
}
