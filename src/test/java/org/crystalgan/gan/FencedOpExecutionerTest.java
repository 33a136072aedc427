package org.crystalgan.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

class FencedOpExecutionerTest {
    @Test
    void theTestJvmRunsOpsThroughTheFencedExecutioner() {
        // the pom sets opexec for the test JVM, as main() does for the command line and the window
        assertEquals(FencedOpExecutioner.class, Nd4j.getExecutioner().getClass());
        assertTrue(FencedOpExecutioner.active());
    }

    /**
     * Collections while broadcast ops run, in a JVM of its own (a failure is a crash). ND4J's own executioner died
     * within 6-24 s under this load in each of four runs; the fenced one lived through 3 x 60 s here.
     */
    @Test
    void opsOutliveCollectionsThatHappenWhileTheyRun(@TempDir Path dir) throws IOException, InterruptedException {
        String cp = System.getProperty("surefire.test.class.path");
        if (cp == null || cp.isBlank()) cp = System.getProperty("java.class.path");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path log = dir.resolve("stress.log");
        Process p = new ProcessBuilder(List.of(java.toString(), "-Xmx256m", "-Xmn4m",
                "-XX:ErrorFile=" + dir.resolve("hs_err_%p.log"), "-cp", cp,
                OpReachabilityStress.class.getName(), "15", "2", "install"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("stress run still going after 120 s");
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "the stress JVM died:\n" + out);
        assertTrue(out.contains("executioner FencedOpExecutioner"), out);
        assertTrue(out.contains("clean after"), out);
    }
}
