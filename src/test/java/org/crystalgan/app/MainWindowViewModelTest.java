package org.crystalgan.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.crystalgan.app.common.AppContext;
import org.crystalgan.app.common.AppSettings;
import org.crystalgan.app.common.RecordingDialogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainWindowViewModelTest {
    @TempDir
    Path dir;

    @Test
    void threadsAreValidatedAndStoredWhereTrainingReadsThem() throws Exception {
        AppContext ctx = RecordingDialogs.context(dir, new RecordingDialogs());
        MainWindowViewModel vm = new MainWindowViewModel(ctx);
        assertEquals("", vm.threadsText(), "never chosen: the Training pane picks");

        assertTrue(vm.applyThreads(" 2 ").isEmpty());
        assertEquals(2, ctx.settings().trainingThreads());
        assertEquals("2", vm.threadsText());
        assertEquals(2, new AppSettings(ctx.settings().dir()).trainingThreads(), "saved for the next session");

        String[] problem = vm.applyThreads("8").orElseThrow();
        assertTrue(problem[0].contains("\"8\"") && problem[1].contains("1 or 2"), String.join(" / ", problem));
        assertTrue(vm.applyThreads("two").isPresent());
        assertEquals(2, ctx.settings().trainingThreads(), "a refused answer leaves the setting alone");

        assertTrue(vm.applyThreads("").isEmpty());
        assertEquals(0, ctx.settings().trainingThreads());
    }

    @Test
    void aboutTextComesFromTheBuild() {
        MainWindowViewModel vm = new MainWindowViewModel(RecordingDialogs.context(dir, new RecordingDialogs()));
        assertTrue(vm.aboutText().contains("Crystal"), vm.aboutText());
        assertTrue(vm.snapshotName().endsWith(".png"));
    }
}
