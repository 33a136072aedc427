package org.crystalgan.app;

import javafx.application.Application;

/**
 * Entry point of the workbench window. Deliberately not an Application subclass: started from the
 * class path, the JVM refuses a main class that extends Application ("JavaFX runtime components are
 * missing"), so this plain class launches the real one.
 */
public final class Launcher {
    private Launcher() { }

    public static void main(String[] args) {
        org.crystalgan.gan.FencedOpExecutioner.install(); // before ND4J's first use: see its comment
        Application.launch(WorkbenchApp.class, args);
    }
}
