package org.crystalgan.io.mp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Download faults against a local HttpServer: slow answers, dropped connections, bursts of 429,
 * JSON cut short, a document count that changes between pages. Each download ends either complete
 * or with an MpException that says what happened; a second run finishes from the pages the first
 * one kept, which the server's request counts per page prove.
 */
class MpFaultTest {
    static final int DOCS = 5;

    /** What the server does with one request: null for a normal page. */
    enum Fault { SLOW, DROP, TOO_MANY, PARTIAL_JSON, SERVER_ERROR }

    @TempDir Path tmp;
    HttpServer server;
    /** requests per _skip value */
    final Map<Integer, AtomicInteger> requests = new ConcurrentHashMap<>();
    final AtomicInteger requestCount = new AtomicInteger();
    /** (request number from 0, skip) -> fault or null */
    volatile BiFunction<Integer, Integer, Fault> faults = (n, skip) -> null;
    /** the total the server announces, and how many documents it serves */
    volatile int docs = DOCS;
    final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());
    final List<String> messages = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/materials/summary/", this::handle);
        server.start();
    }

    @AfterEach
    void stop() { server.stop(0); }

    static String doc(int i) {
        return MpClientTest.doc("mp-" + i, "MgO", "-5.9", "-3.0", "0.0", "4.45", "false",
                MpClientTest.structure(4.0 + i / 10.0, new String[] {"Mg", "O"}, new double[][] {{0, 0, 0}, {.5, .5, .5}}));
    }

    private void handle(HttpExchange ex) throws IOException {
        String q = ex.getRequestURI().getRawQuery();
        int skip = Integer.parseInt(q.replaceAll(".*_skip=(\\d+).*", "$1"));
        int limit = Integer.parseInt(q.replaceAll(".*_limit=(\\d+).*", "$1"));
        int n = requestCount.getAndIncrement();
        requests.computeIfAbsent(skip, k -> new AtomicInteger()).incrementAndGet();
        int total = docs;
        List<String> part = new ArrayList<>();
        for (int i = skip; i < Math.min(total, skip + limit); i++) part.add(doc(i));
        byte[] body = ("{\"data\": [" + String.join(", ", part) + "], \"errors\": [], \"meta\": {\"total_doc\": " + total
                + ", \"max_limit\": 1000}}").getBytes(StandardCharsets.UTF_8);
        Fault f = faults.apply(n, skip);
        try {
            if (f == Fault.SLOW) Thread.sleep(1_500);
            if (f == Fault.TOO_MANY) {
                ex.getResponseHeaders().add("Retry-After", "0");
                body = "{\"detail\": \"slow down\"}".getBytes(StandardCharsets.UTF_8);
            }
            if (f == Fault.SERVER_ERROR) body = "{}".getBytes(StandardCharsets.UTF_8);
            int status = f == Fault.TOO_MANY ? 429 : f == Fault.SERVER_ERROR ? 503 : 200;
            if (f == Fault.DROP) {
                // promise the whole body, send a third of it, hang up
                ex.sendResponseHeaders(200, body.length);
                OutputStream o = ex.getResponseBody();
                o.write(body, 0, body.length / 3);
                o.flush();
                ex.getHttpContext().getServer(); // keep the exchange referenced until here
                ex.close();
                return;
            }
            if (f == Fault.PARTIAL_JSON) body = java.util.Arrays.copyOf(body, body.length / 2);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(status, body.length);
            try (OutputStream o = ex.getResponseBody()) { o.write(body); }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client gave up (time-out)
        }
        ex.close();
    }

    MpClient client(Path cache, Duration timeout) {
        MpClient.Config c = new MpClient.Config(1, 3, Duration.ofMillis(10), Duration.ofMillis(100), timeout, sleeps::add);
        return new MpClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), MpApiKey.of(MpClientTest.KEY), cache, c);
    }

    MpClient.Result fetch(Path cache) { return fetch(cache, Duration.ofSeconds(5)); }

    MpClient.Result fetch(Path cache, Duration timeout) {
        return client(cache, timeout).searchChemsys("Mg-O", List.of("structure"), false, (r, t, m) -> messages.add(m));
    }

    Map<Integer, Integer> requestsPerPage() {
        return requests.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get()));
    }

    static List<String> ids(MpClient.Result r) { return r.materials().stream().map(MpMaterial::materialId).toList(); }

    static final List<String> ALL = List.of("mp-0", "mp-1", "mp-2", "mp-3", "mp-4");

    @Test
    void slowAnswersAreRetriedAfterTheTimeOut() {
        faults = (n, skip) -> n == 1 ? Fault.SLOW : null;
        MpClient.Result r = fetch(tmp.resolve("cache"), Duration.ofMillis(400));
        assertEquals(ALL, ids(r));
        assertEquals(2, requestsPerPage().get(1), "page 2 asked twice: once timed out, once answered");
        assertTrue(messages.stream().anyMatch(m -> m.contains("no answer within")), messages::toString);
    }

    @Test
    void aBurstOf429IsWaitedOut() {
        faults = (n, skip) -> n >= 2 && n < 5 ? Fault.TOO_MANY : null;
        MpClient.Result r = fetch(tmp.resolve("cache"));
        assertEquals(ALL, ids(r));
        assertEquals(4, requestsPerPage().get(2));
        assertEquals(3, sleeps.size(), sleeps::toString);
        assertTrue(sleeps.stream().allMatch(Duration.ZERO::equals), "Retry-After: 0 is honoured: " + sleeps);
    }

    @Test
    void droppedConnectionsEndInUnavailableAndTheRerunResumesFromTheKeptPages() throws IOException {
        Path cache = tmp.resolve("cache");
        faults = (n, skip) -> skip == 3 ? Fault.DROP : null;
        MpException.Unavailable e = assertThrows(MpException.Unavailable.class, () -> fetch(cache));
        assertTrue(e.getMessage().contains("failed after 4 tries") && e.getMessage().contains("network error"), e.getMessage());
        assertEquals(Map.of(0, 1, 1, 1, 2, 1, 3, 4), requestsPerPage());

        requests.clear();
        faults = (n, skip) -> null;
        messages.clear();
        MpClient.Result r = fetch(cache);
        assertEquals(ALL, ids(r));
        assertEquals(Map.of(3, 1, 4, 1), requestsPerPage(), "finished pages are not asked again");
        assertTrue(messages.stream().anyMatch(m -> m.contains("3 page(s) came from the local cache")), messages::toString);

        // complete now: a third run needs no network, and the kept pages are gone
        requests.clear();
        assertTrue(fetch(cache).fromCache());
        assertTrue(requests.isEmpty());
        try (var s = Files.list(cache)) { assertTrue(s.noneMatch(p -> p.toString().endsWith(".pages")), "page folder removed"); }
    }

    @Test
    void jsonCutShortIsATypedErrorAndTheRerunResumes() {
        Path cache = tmp.resolve("cache");
        faults = (n, skip) -> skip == 2 ? Fault.PARTIAL_JSON : null;
        MpException.MalformedResponse e = assertThrows(MpException.MalformedResponse.class, () -> fetch(cache));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
        requests.clear();
        faults = (n, skip) -> null;
        assertEquals(ALL, ids(fetch(cache)));
        assertEquals(Map.of(2, 1, 3, 1, 4, 1), requestsPerPage());
    }

    @Test
    void serverErrorsThenAKilledRunLeaveOnlyWholePages() throws IOException {
        Path cache = tmp.resolve("cache");
        faults = (n, skip) -> skip >= 2 ? Fault.SERVER_ERROR : null;
        assertThrows(MpException.Unavailable.class, () -> fetch(cache));
        // what a run killed inside AtomicFiles.write leaves: a half-written temporary beside the pages
        Path pages;
        try (var s = Files.list(cache)) { pages = s.filter(p -> p.toString().endsWith(".pages")).findFirst().orElseThrow(); }
        Path junk = pages.resolve(".page-2.json12345.tmp");
        Files.writeString(junk, "{\"skip\": 2, \"limit\": 1, \"data\": [{\"material_id\": \"mp-");
        Files.setLastModifiedTime(junk, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        requests.clear();
        faults = (n, skip) -> null;
        assertEquals(ALL, ids(fetch(cache)));
        assertEquals(Map.of(2, 1, 3, 1, 4, 1), requestsPerPage());
        assertFalse(Files.exists(junk), "stale temporary cleaned");
    }

    @Test
    void aDocumentCountThatChangesBetweenPagesStartsOverOnce() {
        Path cache = tmp.resolve("cache");
        // a sixth material appears while page 3 is asked for
        faults = (n, skip) -> {
            if (n == 2) docs = 6;
            return null;
        };
        MpClient.Result r = fetch(cache);
        assertEquals(List.of("mp-0", "mp-1", "mp-2", "mp-3", "mp-4", "mp-5"), ids(r), "every document once, none twice");
        assertEquals(2, requestsPerPage().get(0), "started over from the first page");
        assertTrue(messages.stream().anyMatch(m -> m.contains("now reports 6 documents instead of 5")), messages::toString);
    }

    @Test
    void aDocumentCountThatKeepsChangingEndsInAClearError() throws IOException {
        Path cache = tmp.resolve("cache");
        faults = (n, skip) -> {
            docs = 5 + n; // one more with every request
            return null;
        };
        MpException.Unavailable e = assertThrows(MpException.Unavailable.class, () -> fetch(cache));
        assertTrue(e.getMessage().contains("kept changing"), e.getMessage());
        try (var s = Files.list(cache)) { assertTrue(s.findAny().isEmpty(), "no result and no pages kept"); }
    }
}
