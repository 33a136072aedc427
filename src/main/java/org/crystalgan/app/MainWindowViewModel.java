package org.crystalgan.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.crystalgan.app.common.AppContext;
import org.crystalgan.base.SafeNames;

/**
 * What the main window's menus decide, without a stage: the Settings dialogs' texts and validation, the snapshot's
 * file name, the About text. {@link MainWindowController} builds the dialogs and calls this; tests call it directly.
 */
public final class MainWindowViewModel {
    private final AppContext ctx;

    public MainWindowViewModel(AppContext ctx) {
        this.ctx = ctx;
    }

    /** The question Settings ▸ Threads asks; it sets what the Training pane reads at each start. */
    public String threadsPrompt() {
        return "Training threads: 1, or 2 to run independent parts of each step side by side (same results);"
                + " leave empty to let the Training pane choose for this machine";
    }

    /** The value the Threads dialog starts from: the chosen count, or empty where none was chosen. */
    public String threadsText() {
        int n = ctx.settings().trainingThreads();
        return n > 0 ? Integer.toString(n) : "";
    }

    /**
     * Validates and stores the Threads dialog's answer (empty: let the pane choose).
     *
     * @return the problem, as (what went wrong, what to do), or empty when stored
     */
    public Optional<String[]> applyThreads(String text) throws IOException {
        String t = text.strip();
        int n;
        if (t.isEmpty()) {
            n = 0;
        } else {
            try {
                n = Integer.parseInt(t);
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 1 || n > 2) {
                return Optional.of(new String[] {"\"" + text + "\" is not a training thread count: training runs on 1 or 2 threads.",
                        "Enter 1 or 2, or leave the field empty to let the Training pane choose."});
            }
        }
        ctx.settings().put("threads", n);
        ctx.settings().save();
        return Optional.empty();
    }

    /** Where the Materials Project key is kept, for the key dialog. */
    public String apiKeyNote() {
        return "Stored in " + ctx.settings().apiKeyFile()
                + " (readable by your user only; the command line reads it too). The environment variable MP_API_KEY, "
                + "when set, takes precedence. Get a key at https://next-gen.materialsproject.org/api.";
    }

    /** The file name offered for a snapshot of the 3-D view, and the folder the last export went to. */
    public String snapshotName() { return SafeNames.of(ctx.viewer().titleProperty().get()) + ".png"; }

    public Path exportFolder() { return ctx.settings().getFolder("lastExportFolder").orElse(null); }

    public void rememberExportFolder(Path file) { ctx.settings().putFolder("lastExportFolder", file.toAbsolutePath().getParent()); }

    /** The About dialog's text (about.txt beside this class), or a sentence saying why it is missing. */
    public String aboutText() {
        try (InputStream in = MainWindowViewModel.class.getResourceAsStream("about.txt")) {
            return in == null ? "about.txt is missing from this build." : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "about.txt could not be read: " + e.getMessage();
        }
    }
}
