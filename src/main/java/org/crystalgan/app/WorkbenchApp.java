package org.crystalgan.app;

import java.io.IOException;
import java.net.URL;
import javafx.application.Application;
import javafx.fxml.FXMLLoader;
import javafx.geometry.Rectangle2D;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.crystalgan.app.common.AppContext;
import org.crystalgan.app.common.AppSettings;
import org.crystalgan.app.common.BackgroundTasks;
import org.crystalgan.app.common.DialogService;
import org.crystalgan.app.common.FxDialogService;
import org.crystalgan.app.common.Workspace;
import org.crystalgan.app.viewer.ViewerViewModel;

/** The JavaFX application: builds the main window and remembers its size and place. */
public final class WorkbenchApp extends Application {
    private BackgroundTasks tasks;
    private AppSettings settings;
    private MainWindowController controller;

    @Override
    public void start(Stage stage) throws IOException {
        settings = AppSettings.forUser();
        tasks = new BackgroundTasks();
        controller = open(stage, settings, tasks);
        if (getParameters().getRaw().stream().anyMatch(a -> a.startsWith("--self-test"))) selfTest();
    }

    /**
     * {@code --self-test}: used by installer/check-installed.sh to prove an installed app starts and
     * reads its bundled samples. Loads the samples, prints one line and exits 0, or exits 1 after a
     * minute without them.
     */
    private void selfTest() {
        var rows = controller.data().viewModel().rows();
        rows.addListener((javafx.collections.ListChangeListener<Object>) change -> {
            if (!rows.isEmpty()) {
                boolean has3d = javafx.application.Platform.isSupported(javafx.application.ConditionalFeature.SCENE3D);
                System.out.println("self-test: window opened, " + rows.size() + " structures loaded from the bundled samples; 3-D view "
                        + (has3d ? "available" : "NOT available") + " (prism.forceGPU=" + System.getProperty("prism.forceGPU") + ")");
                System.out.flush();
                javafx.application.Platform.exit();
                // --self-test=3d (.ci/run): the README's `mvn javafx:run` must show the 3-D view where Mesa exists
                if (!has3d && getParameters().getRaw().contains("--self-test=3d")) System.exit(2);
            }
        });
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                return;
            }
            System.out.println("self-test: FAILED, no samples loaded within 60 s");
            System.exit(1);
        }, "self-test-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        controller.data().loadSamples();
    }

    /** Builds the window on a stage (also used by the window tests) and shows it. */
    public static MainWindowController open(Stage stage, AppSettings settings, BackgroundTasks tasks) throws IOException {
        return open(stage, settings, tasks, new FxDialogService(stage));
    }

    /** As {@link #open(Stage, AppSettings, BackgroundTasks)} with a given dialog service (the window tests script the file choosers). */
    public static MainWindowController open(Stage stage, AppSettings settings, BackgroundTasks tasks, DialogService dialogs) throws IOException {
        ViewerViewModel viewer = new ViewerViewModel();
        AppContext ctx = new AppContext(settings, tasks, dialogs, new Workspace(), viewer);
        ViewModels viewModels = new ViewModels(ctx, viewer);
        URL fxml = WorkbenchApp.class.getResource("MainWindow.fxml");
        FXMLLoader loader = new FXMLLoader(fxml);
        loader.setControllerFactory(viewModels::controller);
        Parent root = loader.load();
        MainWindowController c = loader.getController();
        // never larger than the screen: a remembered size from a bigger monitor would open cut off
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        double w = Math.min(settings.getDouble("window.width", 1400), screen.getWidth());
        double h = Math.min(settings.getDouble("window.height", 860), screen.getHeight());
        Scene scene = new Scene(root, w, h);
        stage.setScene(scene);
        stage.setTitle("Crystal GAN Workbench");
        double x = settings.getDouble("window.x", Double.NaN), y = settings.getDouble("window.y", Double.NaN);
        if (!Double.isNaN(x) && !Double.isNaN(y) && onSomeScreen(x, y)) {
            stage.setX(x);
            stage.setY(y);
        }
        stage.setOnHidden(e -> {
            settings.put("window.width", scene.getWidth()).put("window.height", scene.getHeight())
                    .put("window.x", stage.getX()).put("window.y", stage.getY());
            try {
                settings.save();
            } catch (IOException ex) {
                System.getLogger(WorkbenchApp.class.getName()).log(System.Logger.Level.WARNING, "settings not saved: " + ex.getMessage());
            }
            tasks.shutdown();
        });
        stage.show();
        return c;
    }

    // a window remembered on a monitor that is no longer attached would open out of sight
    private static boolean onSomeScreen(double x, double y) {
        for (Screen s : Screen.getScreens()) {
            Rectangle2D b = s.getVisualBounds();
            if (b.contains(x + 40, y + 20)) return true;
        }
        return false;
    }

    public MainWindowController controller() { return controller; }
}
