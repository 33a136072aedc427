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
        org.crystalgan.gan.NativeBuild.select(); // the libnd4j build for this CPU, also before ND4J loads
        preferOpenGl3d();
        Application.launch(WorkbenchApp.class, args);
    }

    /**
     * JavaFX refuses OpenGL renderers on its driver blacklist, which includes Mesa's software renderers
     * (llvmpipe, softpipe), and then draws with its "sw" pipeline, which has no 3-D. On a machine without a
     * GPU (a server, a VM, Xvfb) Mesa's llvmpipe draws the crystal viewer well, so the blacklist is skipped
     * unless the user set {@code -Dprism.forceGPU} themselves ({@code -Dprism.forceGPU=false} restores
     * JavaFX's choice). Set here, before the toolkit starts, because {@code mvn javafx:run} and the
     * installed launcher start their own JVM, where a flag given to Maven never arrives. Without any
     * OpenGL at all, JavaFX still falls back to "sw" and the viewer shows its table of sites instead.
     */
    static void preferOpenGl3d() {
        if (System.getProperty("prism.forceGPU") == null) System.setProperty("prism.forceGPU", "true");
    }
}
