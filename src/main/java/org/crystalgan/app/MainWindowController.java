package org.crystalgan.app;

import java.io.IOException;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.concurrent.Task;
import javafx.fxml.FXML;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import org.crystalgan.app.common.AppContext;
import org.crystalgan.app.common.BackgroundTasks;
import org.crystalgan.app.data.DataController;
import org.crystalgan.app.generate.GenerateController;
import org.crystalgan.app.screening.ScreeningController;
import org.crystalgan.app.training.TrainingController;
import org.crystalgan.app.viewer.CrystalViewer;
import org.crystalgan.app.viewer.ViewerTabs;
import org.crystalgan.app.viewer.ViewerViewModel;

/** The main window: menus, the four stage panes, the shared 3-D viewer and the status bar. */
public final class MainWindowController {
    private final AppContext ctx;
    private final MainWindowViewModel vm;
    private final ViewerViewModel viewerModel;
    private CrystalViewer viewer;
    private ViewerTabs viewerTabs;

    @FXML private BorderPane root, viewerHolder;
    @FXML private TabPane tabs;
    @FXML private Tab dataTab, trainingTab, generateTab, screeningTab;
    @FXML private Label taskLabel;
    @FXML private ProgressBar taskProgress;
    @FXML private Button cancelButton;
    @FXML private DataController dataPaneController;
    @FXML private TrainingController trainingPaneController;
    @FXML private GenerateController generatePaneController;
    @FXML private ScreeningController screeningPaneController;

    public MainWindowController(AppContext ctx, MainWindowViewModel vm, ViewerViewModel viewerModel) {
        this.ctx = ctx;
        this.vm = vm;
        this.viewerModel = viewerModel;
    }

    @FXML
    private void initialize() {
        viewer = new CrystalViewer(viewerModel);
        viewer.setOnSnapshot(this::saveSnapshot);
        Label title = new Label();
        title.textProperty().bind(Bindings.concat("3-D view: ", ctx.viewer().titleProperty()));
        title.setPadding(new Insets(4, 6, 0, 6));
        title.setStyle("-fx-font-weight: bold");
        viewerHolder.setTop(title);
        viewerTabs = new ViewerTabs(viewer);
        viewerHolder.setCenter(viewerTabs);
        if (ctx.tasks() instanceof BackgroundTasks bg) {
            bg.currentProperty().addListener((o, old, task) -> showTask(task));
        }
    }

    private void showTask(Task<?> task) {
        taskLabel.textProperty().unbind();
        taskProgress.progressProperty().unbind();
        cancelButton.setOnAction(null);
        if (task == null) {
            taskLabel.setText("Ready");
            taskProgress.setVisible(false);
            cancelButton.setVisible(false);
            return;
        }
        taskLabel.textProperty().bind(task.messageProperty());
        taskProgress.progressProperty().bind(task.progressProperty());
        taskProgress.setVisible(true);
        cancelButton.setVisible(true);
        cancelButton.setOnAction(e -> task.cancel(true));
    }

    public CrystalViewer viewer() { return viewer; }
    public ViewerTabs viewerTabs() { return viewerTabs; }
    public TabPane tabs() { return tabs; }
    public DataController data() { return dataPaneController; }
    public TrainingController training() { return trainingPaneController; }
    public GenerateController generate() { return generatePaneController; }
    public ScreeningController screening() { return screeningPaneController; }

    @FXML void cancelTask() { /* replaced per task in showTask */ }

    @FXML void openFiles() {
        tabs.getSelectionModel().select(dataTab);
        dataPaneController.openFiles();
    }

    @FXML void openFolder() {
        tabs.getSelectionModel().select(dataTab);
        dataPaneController.openFolder();
    }

    @FXML void loadSamples() {
        tabs.getSelectionModel().select(dataTab);
        dataPaneController.loadSamples();
    }

    @FXML void exportCif() {
        ExportActions.exportShownStructure(ctx);
    }

    @FXML void saveSnapshot() {
        if (!viewer.has3d()) {
            ctx.dialogs().showError("Snapshot", "This machine has no 3-D pipeline, so there is no picture to save.",
                    "Install a graphics driver or Mesa (Debian/Ubuntu: apt install libgl1-mesa-dri) and start the workbench again; meanwhile the viewer lists the sites and their neighbours in a table.");
            return;
        }
        ctx.dialogs().chooseFileToSave("Save the 3-D view as PNG", vm.exportFolder(), vm.snapshotName()).ifPresent(p -> {
            try {
                viewer.saveSnapshot(p);
                vm.rememberExportFolder(p);
            } catch (IOException e) {
                ctx.dialogs().showError("Snapshot", e);
            }
        });
    }

    @FXML void quit() {
        root.getScene().getWindow().hide();
        Platform.exit();
    }

    @FXML void editApiKey() {
        Dialog<ButtonType> d = new Dialog<>();
        d.initOwner(root.getScene().getWindow());
        d.setTitle("Materials Project API key");
        d.setHeaderText("Materials Project API key");
        PasswordField field = new PasswordField();
        field.setId("apiKeyField");
        field.setText(ctx.settings().apiKey().orElse(""));
        Label where = new Label(vm.apiKeyNote());
        where.setWrapText(true);
        d.getDialogPane().setContent(new VBox(8, field, where));
        d.getDialogPane().setPrefWidth(560);
        ButtonType check = new ButtonType("Check key", ButtonBar.ButtonData.OTHER);
        d.getDialogPane().getButtonTypes().addAll(check, ButtonType.OK, ButtonType.CANCEL);
        Button checkButton = (Button) d.getDialogPane().lookupButton(check);
        checkButton.addEventFilter(javafx.event.ActionEvent.ACTION, e -> {
            e.consume();
            dataPaneController.viewModel().checkApiKey(field.getText().strip());
        });
        d.showAndWait().filter(b -> b == ButtonType.OK).ifPresent(b -> {
            try {
                ctx.settings().saveApiKey(field.getText());
            } catch (RuntimeException e) {
                ctx.dialogs().showError("Materials Project API key", e);
            }
        });
    }

    @FXML void editThreads() {
        ctx.dialogs().askText("Threads", vm.threadsPrompt(), vm.threadsText()).ifPresent(t -> {
            try {
                vm.applyThreads(t).ifPresent(problem -> ctx.dialogs().showError("Threads", problem[0], problem[1]));
            } catch (IOException e) {
                ctx.dialogs().showError("Threads", e);
            }
        });
    }

    @FXML void about() {
        String text = vm.aboutText();
        Dialog<ButtonType> d = new Dialog<>();
        d.initOwner(root.getScene().getWindow());
        d.setTitle("About Crystal GAN Workbench");
        d.setHeaderText("Crystal GAN Workbench");
        TextArea area = new TextArea(text);
        area.setId("aboutText");
        area.setEditable(false);
        area.setWrapText(true);
        area.setPrefSize(640, 420);
        d.getDialogPane().setContent(area);
        d.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
        d.show();
    }
}
