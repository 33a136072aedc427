package org.crystalgan.app.viewer;

import static org.crystalgan.app.FxTestSupport.onFx;
import static org.crystalgan.app.FxTestSupport.runFx;
import static org.crystalgan.app.FxTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.Scene;
import javafx.scene.chart.NumberAxis;
import javafx.stage.Stage;
import org.crystalgan.app.FxTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The powder-pattern tab in a window (no 3-D needed): it follows the shown structure, overlays, saves. */
@ExtendWith(ApplicationExtension.class)
class XrdPanelTest {
    @TempDir
    Path dir;
    private XrdPanel panel;
    private ViewerViewModel viewer;

    @Start
    void start(Stage stage) {
        viewer = new ViewerViewModel();
        panel = new XrdPanel(viewer, new XrdViewModel());
        stage.setScene(new Scene(panel, 640, 600));
        stage.show();
    }

    @Test
    void followsTheStructureOverlaysAMeasuredPatternAndSavesAPng() throws Exception {
        var mgo = XrdViewModelTest.periclase();
        runFx(() -> viewer.show("MgO", mgo));
        waitFor("the MgO pattern", 20_000, () -> panel.chart().getData().size() == 2);
        assertEquals(5, onFx(() -> ((javafx.scene.control.TableView<?>) panel.lookup("#xrdPeaks")).getItems().size()));
        NumberAxis x = (NumberAxis) panel.chart().getXAxis();
        assertEquals(10, x.getTickUnit(), 0, "whole-degree ticks");
        assertEquals("40", onFx(() -> x.getTickLabelFormatter().toString(40.0)));
        NumberAxis y = (NumberAxis) panel.chart().getYAxis();
        assertEquals("100", onFx(() -> y.getTickLabelFormatter().toString(100.0)));
        assertEquals("", onFx(() -> y.getTickLabelFormatter().toString(105.0)), "headroom, not a label");
        Path xy = dir.resolve("measured.xy");
        Files.writeString(xy, "# 2theta counts\n40 10\n42.9 900\n45 12\n");
        runFx(() -> {
            try {
                panel.viewModel().loadExperimental(xy);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        waitFor("the overlay", 5_000, () -> panel.chart().getData().size() == 3);
        assertEquals("measured: measured.xy", onFx(() -> panel.chart().getData().get(2).getName()));
        Path png = dir.resolve("mgo.png");
        runFx(() -> {
            try {
                panel.savePng(png);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertTrue(Files.size(png) > 1000);
        FxTestSupport.screenshot(panel, "xrd-panel");
        // clearing the viewer clears the pattern
        runFx(() -> viewer.show(null, null));
        waitFor("an empty chart", 5_000, () -> panel.chart().getData().isEmpty());
    }
}
