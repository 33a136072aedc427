package org.crystalgan.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19: {@code crystalgan fetch} as a user runs it (its own JVM, 512 MB heap) against a
 * server on 127.0.0.1 that announces a 2 GB body, or drips one byte at a time: the first is
 * refused in one line within seconds instead of filling the heap, the second ends within a few
 * seconds of SIGTERM.
 */
class FetchHostileServerTest {
    @TempDir Path tmp;
    HttpServer server;
    volatile String mode = "huge";

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", ex -> {
            try {
                OutputStream o;
                if (mode.equals("huge")) {
                    ex.sendResponseHeaders(200, 2_147_483_648L);
                    o = ex.getResponseBody();
                    byte[] junk = new byte[1 << 16];
                    for (int i = 0; i < 32_768; i++) o.write(junk);
                } else {
                    ex.sendResponseHeaders(200, 1_000_000);
                    o = ex.getResponseBody();
                    for (int i = 0; i < 600; i++) {
                        o.write('[');
                        o.flush();
                        Thread.sleep(1000);
                    }
                }
            } catch (IOException | InterruptedException e) {
                // the client hung up
            } finally {
                ex.close();
            }
        });
        server.start();
    }

    @AfterEach
    void stop() { server.stop(0); }

    CliProcess.Run fetch(String tag) throws IOException {
        return CliProcess.start(tmp.resolve("log"), tag, Map.of("MP_API_KEY", "abcdefghijklmnopqrstuvwxyz012345"),
                "fetch", "--chemsys", "Mg-O", "--out", tmp.resolve("out").toString(), "--cache", tmp.resolve("cache").toString(),
                "--settings", tmp.resolve("none.properties").toString(), "--endpoint", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Test
    void aTwoGigabyteAnswerIsRefusedInOneLine() throws Exception {
        CliProcess.Run r = fetch("huge");
        assertEquals(1, r.waitFor(60), () -> read(r));
        String err = r.err();
        assertTrue(err.contains("error: ") && err.contains("announces 2147483648 bytes"), err);
        assertFalse(err.contains("OutOfMemoryError") || err.contains("\tat "), err);
    }

    @Test
    void sigtermEndsAFetchFromADrippingServerWithinSeconds() throws Exception {
        Assumptions.assumeTrue(CliProcess.onLinux(), "SIGTERM through destroy is Linux behaviour");
        mode = "drip";
        CliProcess.Run r = fetch("drip");
        Thread.sleep(3000); // the JVM is up and waiting on the body
        assertTrue(r.process().isAlive(), () -> "still downloading: " + read(r));
        long t0 = System.nanoTime();
        r.process().destroy();
        assertTrue(r.process().waitFor(10, TimeUnit.SECONDS), "fetch ignored SIGTERM");
        assertTrue(System.nanoTime() - t0 < 10_000_000_000L);
    }

    private static String read(CliProcess.Run r) {
        try {
            return r.out() + r.err();
        } catch (IOException e) {
            return e.toString();
        }
    }
}
