package org.crystalgan.io.mp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 19: a mock Materials Project on 127.0.0.1 that answers as a hostile or broken server would
 * (401, 403, 429 with Retry-After, 5xx, truncated JSON, a 2 GB Content-Length, a body that grows
 * without end, a slow drip, redirects to another host). Every case ends within seconds with an
 * MpException that says what happened, and the key never reaches another host.
 */
class MpHostileServerTest {
    HttpServer server;
    HttpServer other;
    volatile HttpHandler handler;
    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger otherRequests = new AtomicInteger();
    final List<String> otherKeys = Collections.synchronizedList(new ArrayList<>());
    final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());

    static final String PAGE = "{\"data\": [" + MpFaultTest.doc(0) + "], \"meta\": {\"total_doc\": 1}}";

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", ex -> {
            requests.incrementAndGet();
            try {
                handler.handle(ex);
            } catch (IOException e) {
                // the client hung up, as it should on a hostile answer
            } finally {
                ex.close();
            }
        });
        server.start();
        other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        other.createContext("/", ex -> {
            otherRequests.incrementAndGet();
            otherKeys.add(String.valueOf(ex.getRequestHeaders().getFirst("X-API-KEY")));
            send(ex, 401, "{\"detail\": \"who are you\"}");
        });
        other.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        other.stop(0);
    }

    static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        try (OutputStream o = ex.getResponseBody()) { o.write(b); }
    }

    URI base() { return URI.create("http://127.0.0.1:" + server.getAddress().getPort()); }

    MpClient client(int retries, long maxBytes, Duration idle, Duration deadline) {
        MpClient.Config c = new MpClient.Config(1, retries, Duration.ofMillis(10), Duration.ofSeconds(10), Duration.ofSeconds(5), sleeps::add)
                .withLimits(maxBytes, idle, deadline);
        return new MpClient(base(), MpApiKey.of(MpClientTest.KEY), null, c);
    }

    MpClient client() { return client(2, 1 << 20, Duration.ofSeconds(2), Duration.ofSeconds(10)); }

    MpClient.Result fetch(MpClient c) {
        return c.searchChemsys("Mg-O", List.of("structure"), false, org.crystalgan.base.Progress.NONE);
    }

    <T extends Throwable> T fails(Class<T> type, MpClient c) {
        return assertTimeoutPreemptively(Duration.ofSeconds(15), () -> assertThrows(type, () -> fetch(c)));
    }

    @Test
    void unauthorizedAndForbiddenSayTheKeyWasRejectedByThisUrl() {
        for (int status : new int[] {401, 403}) {
            handler = ex -> send(ex, status, "{\"detail\": \"bad key\"}");
            MpException.KeyRejected e = fails(MpException.KeyRejected.class, client());
            assertTrue(e.getMessage().contains("HTTP " + status) && e.getMessage().contains(base().toString()), e.getMessage());
        }
    }

    @Test
    void tooManyRequestsWaitsAsRetryAfterSaysAndServerErrorsAreRetried() {
        AtomicInteger n = new AtomicInteger();
        handler = ex -> {
            int i = n.getAndIncrement();
            if (i == 0) {
                ex.getResponseHeaders().add("Retry-After", "3");
                send(ex, 429, "{\"detail\": \"slow down\"}");
            } else if (i == 1) {
                send(ex, 503, "");
            } else {
                send(ex, 200, PAGE);
            }
        };
        MpClient.Result r = assertTimeoutPreemptively(Duration.ofSeconds(15), () -> fetch(client()));
        assertEquals(1, r.materials().size());
        assertEquals(Duration.ofSeconds(3), sleeps.get(0), sleeps.toString());
        assertEquals(2, sleeps.size(), sleeps.toString());
        handler = ex -> send(ex, 500, "");
        MpException.Unavailable u = fails(MpException.Unavailable.class, client());
        assertEquals(500, u.status());
        assertTrue(u.getMessage().contains("failed after 3 tries") && u.getMessage().contains("HTTP 500"), u.getMessage());
    }

    @Test
    void truncatedJsonIsAMalformedAnswerInPlainWords() {
        handler = ex -> send(ex, 200, PAGE.substring(0, PAGE.length() / 2));
        MpException.MalformedResponse e = fails(MpException.MalformedResponse.class, client());
        assertTrue(e.getMessage().contains("not valid JSON") && e.getMessage().contains("truncated"), e.getMessage());
        assertFalse(e.getMessage().contains("JsonReadFeature") || e.getMessage().contains("[Source"), e.getMessage());
    }

    @Test
    void aTwoGigabyteContentLengthIsRefusedBeforeItsBodyIsRead() {
        handler = ex -> {
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, 2_147_483_648L);
            OutputStream o = ex.getResponseBody();
            byte[] junk = new byte[1 << 16];
            java.util.Arrays.fill(junk, (byte) ' ');
            for (int i = 0; i < 32_768; i++) o.write(junk); // 2 GB if the client kept reading
        };
        long t0 = System.nanoTime();
        MpException.MalformedResponse e = fails(MpException.MalformedResponse.class, client());
        assertTrue(e.getMessage().contains("announces 2147483648 bytes") && e.getMessage().contains("not read"), e.getMessage());
        assertTrue(System.nanoTime() - t0 < 10_000_000_000L);
    }

    @Test
    void aBodyThatGrowsPastTheLimitWithoutAContentLengthIsCutOff() {
        handler = ex -> {
            ex.sendResponseHeaders(200, 0); // chunked: no length announced
            OutputStream o = ex.getResponseBody();
            byte[] junk = new byte[1 << 16];
            for (int i = 0; i < 32_768; i++) o.write(junk);
        };
        MpException.MalformedResponse e = fails(MpException.MalformedResponse.class, client());
        assertTrue(e.getMessage().contains("grew past " + (1 << 20) + " bytes"), e.getMessage());
    }

    @Test
    void aSlowDripEndsAtTheIdleTimeOutAndAtTheDeadline() {
        // one byte every 1.5 s: idle for longer than the 0.5 s allowed
        handler = ex -> drip(ex, 1500);
        MpException.Unavailable idle = fails(MpException.Unavailable.class, client(0, 1 << 20, Duration.ofMillis(500), Duration.ofSeconds(30)));
        assertTrue(idle.getMessage().contains("stalled"), idle.getMessage());
        // a byte every 0.1 s never stalls, but the whole answer may take 1.5 s at most
        handler = ex -> drip(ex, 100);
        long t0 = System.nanoTime();
        MpException.Unavailable slow = fails(MpException.Unavailable.class, client(0, 1 << 20, Duration.ofSeconds(2), Duration.ofMillis(1500)));
        assertTrue(slow.getMessage().contains("took longer than"), slow.getMessage());
        assertTrue(System.nanoTime() - t0 < 6_000_000_000L, "ended at the deadline");
    }

    static void drip(HttpExchange ex, long everyMs) throws IOException {
        ex.sendResponseHeaders(200, 1_000_000);
        OutputStream o = ex.getResponseBody();
        try {
            for (int i = 0; i < 1_000; i++) {
                o.write('{');
                o.flush();
                Thread.sleep(everyMs);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aRedirectToAnotherHostIsNotFollowedAndTheKeyStaysHome() {
        String elsewhere = "http://localhost:" + other.getAddress().getPort() + "/materials/summary/";
        handler = ex -> {
            ex.getResponseHeaders().add("Location", elsewhere);
            send(ex, 302, "");
        };
        MpException e = fails(MpException.class, client());
        String m = e.getMessage();
        assertTrue(m.contains("http://127.0.0.1:" + server.getAddress().getPort()) && m.contains("http://localhost:" + other.getAddress().getPort()), m);
        assertTrue(m.contains("not followed"), m);
        assertEquals(0, otherRequests.get(), "nothing, and no key, went to the other host: " + otherKeys);
        // another scheme on the same host is another origin too
        handler = ex -> {
            ex.getResponseHeaders().add("Location", "https://127.0.0.1:" + server.getAddress().getPort() + "/x");
            send(ex, 307, "");
        };
        assertTrue(fails(MpException.class, client()).getMessage().contains("https://127.0.0.1"));
    }

    @Test
    void aRedirectOnTheSameHostIsFollowedWithTheKey() {
        List<String> keys = Collections.synchronizedList(new ArrayList<>());
        handler = ex -> {
            keys.add(ex.getRequestHeaders().getFirst("X-API-KEY"));
            if (!ex.getRequestURI().getPath().startsWith("/v2")) {
                ex.getResponseHeaders().add("Location", "/v2" + ex.getRequestURI());
                send(ex, 301, "");
            } else {
                send(ex, 200, PAGE);
            }
        };
        MpClient.Result r = assertTimeoutPreemptively(Duration.ofSeconds(15), () -> fetch(client()));
        assertEquals(1, r.materials().size());
        assertEquals(List.of(MpClientTest.KEY, MpClientTest.KEY), keys);
    }
}
