package org.crystalgan.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;

/** Helpers for the window tests: run on the FX thread, wait for a condition, save screenshots. */
public final class FxTestSupport {
    private FxTestSupport() { }

    public static <T> T onFx(Supplier<T> s) throws Exception {
        if (Platform.isFxApplicationThread()) return s.get();
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(s.get());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f.get(20, TimeUnit.SECONDS);
    }

    public static void runFx(Runnable r) throws Exception {
        onFx(() -> { r.run(); return null; });
    }

    /** Polls a condition (evaluated on the FX thread) until it holds or the time runs out. */
    public static void waitFor(String what, long timeoutMs, BooleanSupplier condition) throws Exception {
        long end = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < end) {
            if (onFx(condition::getAsBoolean)) return;
            Thread.sleep(50);
        }
        throw new AssertionError("timed out after " + timeoutMs + " ms waiting for " + what);
    }

    /** Saves a PNG of a node under the folder named by the system property crystalgan.screenshots (if set). */
    public static Path screenshot(Node node, String name) throws Exception {
        String dir = System.getProperty("crystalgan.screenshots");
        if (dir == null) return null;
        WritableImage img = onFx(() -> node.snapshot(null, null));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", out);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        Path f = Path.of(dir, name + ".png");
        Files.createDirectories(f.getParent());
        Files.write(f, out.toByteArray());
        return f;
    }
}
