package org.crystalgan.app.common;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.scene.control.Alert;
import javafx.scene.control.Label;
import javafx.scene.control.TextInputDialog;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/** Dialogs of the real window. Errors are logged with their stack trace; the user sees words only. */
public final class FxDialogService implements DialogService {
    private static final System.Logger LOG = System.getLogger(FxDialogService.class.getName());
    private final Window owner;

    public FxDialogService(Window owner) {
        this.owner = owner;
    }

    @Override
    public void showError(String title, Throwable problem) {
        LOG.log(System.Logger.Level.WARNING, title, problem);
        String[] words = DialogService.explain(problem);
        showError(title, words[0], words[1]);
    }

    @Override
    public void showError(String title, String whatWentWrong, String whatToDo) {
        Alert alert = new Alert(Alert.AlertType.ERROR);
        alert.initOwner(owner);
        alert.setTitle(title);
        alert.setHeaderText(title);
        Label what = new Label(whatWentWrong);
        what.setWrapText(true);
        Label todo = new Label("What to do: " + whatToDo);
        todo.setWrapText(true);
        todo.setStyle("-fx-font-weight: bold");
        VBox box = new VBox(8, what, todo);
        box.setPrefWidth(520);
        alert.getDialogPane().setContent(box);
        alert.getDialogPane().setMinHeight(Region.USE_PREF_SIZE);
        alert.getDialogPane().setId("errorDialog");
        alert.show();
    }

    @Override
    public void showInformation(String title, String text) {
        Alert alert = new Alert(Alert.AlertType.INFORMATION);
        alert.initOwner(owner);
        alert.setTitle(title);
        alert.setHeaderText(title);
        Label l = new Label(text);
        l.setWrapText(true);
        l.setPrefWidth(560);
        alert.getDialogPane().setContent(l);
        alert.show();
    }

    @Override
    public Optional<String> askText(String title, String prompt, String initial) {
        TextInputDialog d = new TextInputDialog(initial == null ? "" : initial);
        d.initOwner(owner);
        d.setTitle(title);
        d.setHeaderText(prompt);
        return d.showAndWait();
    }

    @Override
    public List<Path> chooseFilesToOpen(String title, Path initialFolder) {
        FileChooser fc = new FileChooser();
        fc.setTitle(title);
        fc.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Structure files (CIF, POSCAR, VASP, JSON)", "*.cif", "*.vasp", "POSCAR*", "CONTCAR*", "*.json"),
                new FileChooser.ExtensionFilter("All files", "*"));
        initial(initialFolder).ifPresent(fc::setInitialDirectory);
        List<File> files = fc.showOpenMultipleDialog(owner);
        return files == null ? List.of() : files.stream().map(File::toPath).toList();
    }

    @Override
    public List<Path> chooseFilesToOpen(String title, Path initialFolder, String description, String... patterns) {
        FileChooser fc = new FileChooser();
        fc.setTitle(title);
        fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter(description, patterns),
                new FileChooser.ExtensionFilter("All files", "*"));
        initial(initialFolder).ifPresent(fc::setInitialDirectory);
        List<File> files = fc.showOpenMultipleDialog(owner);
        return files == null ? List.of() : files.stream().map(File::toPath).toList();
    }

    @Override
    public boolean confirm(String title, String question) {
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, question, javafx.scene.control.ButtonType.YES, javafx.scene.control.ButtonType.NO);
        alert.initOwner(owner);
        alert.setTitle(title);
        alert.setHeaderText(title);
        alert.getDialogPane().setMinHeight(Region.USE_PREF_SIZE);
        return alert.showAndWait().filter(b -> b == javafx.scene.control.ButtonType.YES).isPresent();
    }

    @Override
    public Optional<Path> chooseFolder(String title, Path initialFolder) {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle(title);
        initial(initialFolder).ifPresent(dc::setInitialDirectory);
        return Optional.ofNullable(dc.showDialog(owner)).map(File::toPath);
    }

    @Override
    public Optional<Path> chooseFileToSave(String title, Path initialFolder, String initialName) {
        FileChooser fc = new FileChooser();
        fc.setTitle(title);
        initial(initialFolder).ifPresent(fc::setInitialDirectory);
        fc.setInitialFileName(initialName);
        return Optional.ofNullable(fc.showSaveDialog(owner)).map(File::toPath);
    }

    private static Optional<File> initial(Path folder) {
        return folder != null && Files.isDirectory(folder) ? Optional.of(folder.toFile()) : Optional.empty();
    }
}
