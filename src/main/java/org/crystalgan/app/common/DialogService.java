package org.crystalgan.app.common;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The one place the panes talk to the user through dialogs (JabRef's DialogService idea), so that
 * ViewModels stay testable with a recording fake.
 */
public interface DialogService {
    /** Shows a problem: what went wrong and what to do about it. Never a stack trace. */
    void showError(String title, Throwable problem);

    void showError(String title, String whatWentWrong, String whatToDo);

    void showInformation(String title, String text);

    Optional<String> askText(String title, String prompt, String initial);

    /** Structure files (CIF, POSCAR, VASP, JSON) to open. */
    List<Path> chooseFilesToOpen(String title, Path initialFolder);

    /**
     * Files to open of one kind: {@code description} names it ("Training sets (.npy)"), {@code patterns}
     * are its globs ("*.npy"); "All files" is always offered as well.
     */
    default List<Path> chooseFilesToOpen(String title, Path initialFolder, String description, String... patterns) {
        return chooseFilesToOpen(title, initialFolder);
    }

    /** Asks a yes/no question (e.g. before replacing files); true only when the user says yes. */
    default boolean confirm(String title, String question) {
        return false;
    }

    Optional<Path> chooseFolder(String title, Path initialFolder);

    Optional<Path> chooseFileToSave(String title, Path initialFolder, String initialName);

    /**
     * The words shown for a problem: for problems the user can fix ({@link org.crystalgan.crystal.InputException})
     * the message itself; for anything else a short statement that it is an internal error.
     */
    static String[] explain(Throwable problem) {
        Throwable t = problem;
        while (t.getCause() != null && !(t instanceof org.crystalgan.crystal.InputException)
                && (t instanceof java.util.concurrent.ExecutionException || t instanceof java.lang.reflect.InvocationTargetException
                    || t instanceof java.util.concurrent.CompletionException)) {
            t = t.getCause();
        }
        if (t instanceof org.crystalgan.crystal.InputException) {
            return new String[] {t.getMessage(), "Correct the input named above and try again."};
        }
        if (t instanceof java.io.IOException) {
            return new String[] {"A file or network operation failed: " + t.getMessage(),
                "Check that the file or folder exists and is readable (or writable), or that the network is reachable, then try again."};
        }
        if (t instanceof OutOfMemoryError) {
            return new String[] {"The workbench ran out of memory.",
                "Close other data sets or start the workbench with more memory (for example -Xmx4g)."};
        }
        String what = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        return new String[] {"An internal error stopped the operation (" + what + ").",
            "This is a bug in the workbench, not in your data. Please report it with the steps that led here; "
                + "the details are in the log on the console."};
    }
}
