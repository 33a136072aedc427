package org.crystalgan.app.common;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A DialogService for ViewModel tests: records what would have been shown. */
public class RecordingDialogs implements DialogService {
    public final List<String> errors = new ArrayList<>();
    public final List<String> infos = new ArrayList<>();
    public final List<String> questions = new ArrayList<>();
    /** What {@link #confirm} answers. */
    public boolean answerYes;
    /** What {@link #chooseFolder} returns (null: the user cancels). */
    public Path folder;

    @Override public void showError(String title, Throwable problem) {
        String[] w = DialogService.explain(problem);
        errors.add(title + ": " + w[0] + " | " + w[1]);
    }

    @Override public void showError(String title, String whatWentWrong, String whatToDo) { errors.add(title + ": " + whatWentWrong + " | " + whatToDo); }

    @Override public void showInformation(String title, String text) { infos.add(title + ": " + text); }

    @Override public Optional<String> askText(String title, String prompt, String initial) { return Optional.empty(); }

    @Override public List<Path> chooseFilesToOpen(String title, Path initialFolder) { return List.of(); }

    @Override public Optional<Path> chooseFolder(String title, Path initialFolder) { return Optional.ofNullable(folder); }

    @Override public boolean confirm(String title, String question) {
        questions.add(title + ": " + question);
        return answerYes;
    }

    @Override public Optional<Path> chooseFileToSave(String title, Path initialFolder, String initialName) { return Optional.empty(); }

    /** A context with a direct task runner, this recorder and settings in {@code dir}. */
    public static AppContext context(Path dir, RecordingDialogs dialogs) {
        return new AppContext(new AppSettings(dir), TaskRunner.direct(), dialogs, new Workspace(), new org.crystalgan.app.viewer.ViewerViewModel());
    }
}
