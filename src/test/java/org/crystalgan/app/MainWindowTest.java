package org.crystalgan.app;

import static org.crystalgan.app.FxTestSupport.onFx;
import static org.crystalgan.app.FxTestSupport.runFx;
import static org.crystalgan.app.FxTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.control.Tab;
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

/** The real window: loads the bundled samples, shows one in the viewer, and screenshots every pane. */
@ExtendWith(ApplicationExtension.class)
class MainWindowTest {
    @TempDir
    static Path config;
    private MainWindowController window;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        window = WorkbenchApp.open(stage, new AppSettings(config), new BackgroundTasks());
    }

    @Test
    void loadsSamplesShowsOneInTheViewerAndScreenshotsEveryPane(FxRobot robot) throws Exception {
        robot.clickOn("#samplesButton");
        waitFor("the samples in the table", 20_000, () -> window.data().viewModel().rows().size() >= 8);
        DataRow third = onFx(() -> window.data().viewModel().rows().get(2));
        runFx(() -> window.data().viewModel().selectedProperty().set(third));
        assertEquals(third.name(), onFx(() -> window.viewer().viewModel().titleProperty().get()));
        assertTrue(onFx(() -> window.viewer().geometry().atoms().size()) >= third.entry().structure().size());
        for (Tab t : onFx(() -> window.tabs().getTabs())) {
            runFx(() -> window.tabs().getSelectionModel().select(t));
            robot.sleep(300);
            Path shot = FxTestSupport.screenshot(stage.getScene().getRoot(), "pane-" + t.getText().toLowerCase());
            if (shot != null) assertTrue(Files.size(shot) > 10_000, "screenshot of " + t.getText() + " is not empty");
        }
    }
}
