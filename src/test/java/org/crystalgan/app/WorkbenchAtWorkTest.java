package org.crystalgan.app;

import static org.crystalgan.app.FxTestSupport.onFx;
import static org.crystalgan.app.FxTestSupport.runFx;
import static org.crystalgan.app.FxTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.stage.Stage;
import org.crystalgan.app.common.AppSettings;
import org.crystalgan.app.common.BackgroundTasks;
import org.crystalgan.app.data.DataRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The workbench doing its work at 1,400 × 900, the size the README's screenshots show: the samples loaded and the
 * spinel in the viewer with its MgO4 and MnO6 polyhedra, random cells generated and placed on the phase diagram,
 * the spinel's powder pattern. With -Dcrystalgan.screenshots (set by the build to target/screenshots) each is
 * saved as at-work-*.png; {@code docs/screenshots/} holds them, made under Xvfb with Mesa (README, Screenshots).
 */
@ExtendWith(ApplicationExtension.class)
class WorkbenchAtWorkTest {
    @TempDir
    static Path config;
    private MainWindowController window;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        window = WorkbenchApp.open(stage, new AppSettings(config), new BackgroundTasks());
        // Monocle's headless screen is smaller (1280 × 800) and breaks on a larger window: fit to it there
        var screen = javafx.stage.Screen.getPrimary().getBounds();
        stage.setWidth(Math.min(1400, screen.getWidth()));
        stage.setHeight(Math.min(900, screen.getHeight()));
    }

    private void assertFullyVisible(String id) throws Exception {
        Bounds b = onFx(() -> {
            Node n = stage.getScene().lookup(id);
            return n.localToScene(n.getBoundsInLocal());
        });
        double w = onFx(() -> stage.getScene().getWidth());
        assertTrue(b.getMinX() >= 0 && b.getMaxX() <= w && b.getWidth() > 20, id + " fully inside the window (" + w + " px): " + b);
    }

    @Test
    void samplesGenerationPhaseDiagramAndPowderPattern(FxRobot robot) throws Exception {
        robot.clickOn("#samplesButton");
        waitFor("the samples in the table", 30_000, () -> window.data().viewModel().rows().size() >= 8);
        assertFullyVisible("#buildButton");
        DataRow spinel = onFx(() -> window.data().viewModel().rows().stream()
                .filter(r -> r.name().toLowerCase().contains("spinel") && r.formula().equals("MgMn2O4")).findFirst().orElseThrow());
        runFx(() -> {
            window.data().viewModel().selectedProperty().set(spinel);
            window.viewer().viewModel().mgPolyhedraProperty().set(true);
            window.viewer().viewModel().mnPolyhedraProperty().set(true);
        });
        // the filter field narrows the table; clearing it brings every row back
        runFx(() -> window.data().filterField().setText("Fd-3m"));
        assertTrue(onFx(() -> window.data().viewModel().rows().size()) > onFx(() -> window.data().table().getItems().size()));
        runFx(() -> window.data().filterField().setText(""));
        robot.sleep(500);
        FxTestSupport.screenshot(stage.getScene().getRoot(), "at-work-data");

        runFx(() -> window.tabs().getSelectionModel().select(2));
        assertFullyVisible("#generateButton");
        runFx(() -> {
            @SuppressWarnings("unchecked")
            ComboBox<String> model = (ComboBox<String>) stage.getScene().lookup("#modelBox");
            model.getSelectionModel().select("Random cells (baseline)");
            window.generate().viewModel().typeFormula("Mg2Mn4O8");
            @SuppressWarnings("unchecked")
            javafx.scene.control.Spinner<Integer> count = (javafx.scene.control.Spinner<Integer>) stage.getScene().lookup("#countSpinner");
            count.getValueFactory().setValue(6);
        });
        robot.clickOn("#generateButton");
        waitFor("six generated cells", 120_000, () -> window.generate().viewModel().results().size() == 6);
        // the names of generated cells ("MgMn2O4-random-s1-6") are read whole at the window's default size
        assertWholeNames(window.generate().table(), 6);
        waitFor("the phase diagram's dots", 5_000, () -> window.generate().phaseDiagram().picture().candidates().size() == 6);
        assertTrue(onFx(() -> window.generate().phaseDiagram().picture().phases().size()) >= 5);
        runFx(() -> window.generate().showPhaseDiagram());
        robot.sleep(300);
        // a click on a dot shows that cell in the viewer
        var dot = onFx(() -> window.generate().phaseDiagram().picture().candidates().get(3));
        javafx.geometry.Point2D at = onFx(() -> {
            double[] p = window.generate().phaseDiagram().toScreen(dot.at());
            return window.generate().phaseDiagram().localToScreen(p[0], p[1]);
        });
        robot.clickOn(at);
        waitFor("the picked cell in the viewer", 5_000, () -> window.viewer().viewModel().titleProperty().get().startsWith("MgMn2O4-random"));
        robot.sleep(500);
        FxTestSupport.screenshot(stage.getScene().getRoot(), "at-work-generate");

        // the Screening pane's table shows the same names whole (screened without relaxation: names, not energies)
        runFx(() -> {
            window.tabs().getSelectionModel().select(3);
            window.screening().viewModel().sourceProperty().set(org.crystalgan.app.screening.ScreeningViewModel.Source.GENERATED);
            window.screening().viewModel().relaxWithProperty().set(org.crystalgan.workflow.ScreeningService.NO_RELAX);
            window.screening().viewModel().run();
        });
        waitFor("the generated cells screened", 120_000, () -> window.screening().viewModel().rows().size() == 6);
        robot.sleep(300);
        assertWholeNames(window.screening().table(), 6);

        // the Data pane's selection is still the spinel, so show it again directly
        runFx(() -> window.tabs().getSelectionModel().select(0));
        runFx(() -> window.viewer().viewModel().show(spinel.name(), spinel.entry().structure()));
        runFx(() -> window.viewerTabs().showXrd());
        waitFor("the spinel's pattern", 30_000, () -> {
            var r = window.viewerTabs().xrd().viewModel().resultProperty().get();
            return r != null && r.peaks().size() == 39;
        });
        assertEquals(2, onFx(() -> window.viewerTabs().xrd().chart().getData().size()));
        robot.sleep(500);
        FxTestSupport.screenshot(stage.getScene().getRoot(), "at-work-xrd");
    }

    /**
     * Every name cell on screen draws its whole text: the text node the cell's skin lays out holds the item itself,
     * not a shortened form ending in an ellipsis.
     */
    private static void assertWholeNames(javafx.scene.control.TableView<?> table, int rows) throws Exception {
        List<String[]> shown = onFx(() -> {
            table.layout();
            var column = table.getColumns().stream().filter(c -> "nameColumn".equals(c.getId())).findFirst().orElseThrow();
            List<String[]> out = new java.util.ArrayList<>();
            for (Node n : table.lookupAll(".table-cell")) {
                if (!(n instanceof javafx.scene.control.TableCell<?, ?> cell) || cell.getTableColumn() != column || cell.isEmpty() || cell.getItem() == null) continue;
                javafx.scene.text.Text drawn = (javafx.scene.text.Text) cell.lookup(".text");
                out.add(new String[] {String.valueOf(cell.getItem()), drawn == null ? null : drawn.getText()});
            }
            return out;
        });
        assertEquals(rows, shown.size(), "name cells on screen");
        for (String[] s : shown) assertEquals(s[0], s[1], "the name cell draws the whole name");
    }
}
