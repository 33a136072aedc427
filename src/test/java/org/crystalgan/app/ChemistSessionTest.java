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
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A chemist's session in the real window, driven with TestFX: load the samples, click one into the
 * viewer, export it as CIF from the File menu (the save dialog answered by a script) and read it back;
 * then generate and screen where this build has a bundled model and a screening pipeline.
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
    };

    @Start
    void start(Stage stage) throws Exception {
        window = WorkbenchApp.open(stage, new AppSettings(dir.resolve("config")), new BackgroundTasks(), dialogs);
    }

    @Test
    void loadOpenExportAndReadBack(FxRobot robot) throws Exception {
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
    void generateWithTheBundledModelThenSortTheScreeningTable(FxRobot robot) throws Exception {
        Assumptions.assumeTrue(onFx(() -> window.generate().viewModel().hasBundledModel()),
                "no bundled model in this build (resources/crystalgan/model): the gan branch has not shipped one");
        Assumptions.assumeTrue(onFx(() -> window.screening().viewModel().unavailable().isEmpty()),
                "the screening pipeline is not part of this build");
        runFx(() -> window.tabs().getSelectionModel().select(2));
        robot.clickOn("#formulaField").write("Mg2Mn4O8\n");
        runFx(() -> window.generate().viewModel().countProperty().set(3));
        robot.clickOn("#generateButton");
        waitFor("generated structures", 300_000, () -> !window.generate().viewModel().results().isEmpty());
        assertTrue(onFx(() -> window.generate().viewModel().results().size()) > 0);
    }
}
