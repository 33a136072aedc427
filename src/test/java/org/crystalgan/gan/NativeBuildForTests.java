package org.crystalgan.gan;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Runs {@link NativeBuild#select()} in the test JVM before any test touches ND4J, as {@code Main} and the window's
 * launcher do: the tests then run the build a user's machine runs (registered in META-INF/services).
 */
public final class NativeBuildForTests implements LauncherSessionListener {
    @Override
    public void launcherSessionOpened(LauncherSession session) {
        NativeBuild.select();
    }
}
