package org.crystalgan.io.mp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.crystalgan.base.Progress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a real HTTP server on localhost (the JDK's HttpServer) answering in the shape of
 * notes/mp-api.md: {"data": [...], "errors": [], "meta": {"total_doc": n, "max_limit": 1000}}.
 */
public class MpClientTest {
    static final String KEY = "abcdefghijklmnopqrstuvwxyz012345";

    /** One canned answer. */
    record Answer(int status, String body, Map<String, String> headers, long delayMs) {
        static Answer ok(String body) { return new Answer(200, body, Map.of(), 0); }
        static Answer status(int s, String body) { return new Answer(s, body, Map.of(), 0); }
    }

    @TempDir Path tmp;
    HttpServer server;
    final ConcurrentLinkedDeque<Answer> answers = new ConcurrentLinkedDeque<>();
    Answer fallback;
    final List<Map<String, String>> queries = Collections.synchronizedList(new ArrayList<>());
    final List<String> keysSeen = Collections.synchronizedList(new ArrayList<>());
    final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/materials/summary/", this::handle);
        server.start();
    }

    @AfterEach
    void stop() { server.stop(0); }

    private void handle(HttpExchange ex) throws IOException {
        Map<String, String> q = new HashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw != null) for (String kv : raw.split("&")) {
            int i = kv.indexOf('=');
            q.put(URLDecoder.decode(kv.substring(0, i), StandardCharsets.UTF_8), URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8));
        }
        queries.add(q);
        keysSeen.add(ex.getRequestHeaders().getFirst("X-API-KEY"));
        Answer a = answers.pollFirst();
        if (a == null) a = fallback;
        if (a == null) a = page(q);
        try {
            if (a.delayMs() > 0) Thread.sleep(a.delayMs());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
        a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        ex.getResponseHeaders().add("Content-Type", "application/json");
        try {
            ex.sendResponseHeaders(a.status(), body.length);
            try (OutputStream o = ex.getResponseBody()) { o.write(body); }
        } catch (IOException e) {
            // the client gave up (time-out test)
        }
        ex.close();
    }

    // three documents in the summary shape; mp-3 has no band gap (null) and mp-2 no theoretical flag
    public static final List<String> DOCS = List.of(
            doc("mp-1", "MgO", "-5.9", "-3.0", "0.0", "4.45", "false",
                    structure(4.21, new String[] {"Mg", "O"}, new double[][] {{0, 0, 0}, {.5, .5, .5}})),
            "{\"material_id\": \"mp-2\", \"formula_pretty\": \"Mn\", \"energy_per_atom\": -9.16, \"formation_energy_per_atom\": 0.0,"
                    + " \"energy_above_hull\": 0.0, \"band_gap\": 0.0, \"structure\": "
                    + structure(2.6, new String[] {"Mn"}, new double[][] {{0, 0, 0}}) + "}",
            doc("mp-3", "MgMn2O4", "-7.1", "-2.4", "0.012", "null", "true",
                    structure(5.9, new String[] {"Mg", "Mn", "Mn", "O", "O", "O", "O"},
                            new double[][] {{0, 0, 0}, {.5, .5, 0}, {.5, 0, .5}, {.25, .25, .25}, {.75, .75, .25}, {.75, .25, .75}, {.25, .75, .75}})));

    public static String doc(String id, String f, String e, String ef, String eh, String gap, String th, String s) {
        return "{\"material_id\": \"" + id + "\", \"formula_pretty\": \"" + f + "\", \"energy_per_atom\": " + e
                + ", \"formation_energy_per_atom\": " + ef + ", \"energy_above_hull\": " + eh + ", \"band_gap\": " + gap
                + ", \"theoretical\": " + th + ", \"structure\": " + s + "}";
    }

    /** pymatgen Structure.as_dict() of a cubic cell; the matrix deliberately not "a along x". */
    public static String structure(double a, String[] el, double[][] f) {
        StringBuilder sb = new StringBuilder("{\"@module\": \"pymatgen.core.structure\", \"@class\": \"Structure\", \"charge\": 0,"
                + " \"lattice\": {\"matrix\": [[0.0, " + a + ", 0.0], [0.0, 0.0, " + a + "], [" + a + ", 0.0, 0.0]], \"pbc\": [true, true, true],"
                + " \"a\": " + a + ", \"b\": " + a + ", \"c\": " + a + ", \"alpha\": 90.0, \"beta\": 90.0, \"gamma\": 90.0, \"volume\": " + a * a * a + "},"
                + " \"properties\": {}, \"sites\": [");
        for (int i = 0; i < el.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append("{\"species\": [{\"element\": \"").append(el[i]).append("\", \"occu\": 1}], \"abc\": [")
                    .append(f[i][0]).append(", ").append(f[i][1]).append(", ").append(f[i][2])
                    .append("], \"xyz\": [0, 0, 0], \"label\": \"").append(el[i]).append("\", \"properties\": {\"magmom\": 0.0}}");
        }
        return sb.append("]}").toString();
    }

    /** The page a real server would send for _skip/_limit. */
    static Answer page(Map<String, String> q) {
        int skip = Integer.parseInt(q.getOrDefault("_skip", "0")), limit = Integer.parseInt(q.getOrDefault("_limit", "1000"));
        List<String> part = DOCS.subList(Math.min(skip, DOCS.size()), Math.min(skip + limit, DOCS.size()));
        return Answer.ok("{\"data\": [" + String.join(", ", part) + "], \"errors\": [], \"meta\": {\"api_version\": \"0.0-test\","
                + " \"time_stamp\": \"2026-01-01T00:00:00\", \"total_doc\": " + DOCS.size() + ", \"max_limit\": 1000}}");
    }

    MpClient client(int pageSize, Path cache) { return client(pageSize, cache, Duration.ofSeconds(5)); }

    /** Waits are recorded, not slept: the back-off policy is checked without slowing the test. */
    MpClient client(int pageSize, Path cache, Duration timeout) {
        MpClient.Config c = new MpClient.Config(pageSize, 3, Duration.ofMillis(10), Duration.ofMillis(200), timeout,
                d -> sleeps.add(d));
        return new MpClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), MpApiKey.of(KEY), cache, c);
    }

    @Test
    void pagesThroughAllSubsystemsWithTheChosenFields() {
        List<String> progress = new ArrayList<>();
        MpClient.Result r = client(2, tmp.resolve("cache")).searchChemsys("O-Mn-Mg", (n, t, m) -> progress.add(n + "/" + t));
        assertEquals(List.of("mp-1", "mp-2", "mp-3"), r.materials().stream().map(MpMaterial::materialId).toList());
        assertFalse(r.fromCache());
        assertEquals(2, queries.size());
        assertEquals("Mg,Mn,O,Mg-Mn,Mg-O,Mn-O,Mg-Mn-O", queries.get(0).get("chemsys"));
        assertTrue(queries.get(0).get("_fields").contains("structure") && queries.get(0).get("_fields").contains("energy_above_hull"));
        assertEquals(List.of("0", "2"), queries.stream().map(q -> q.get("_skip")).toList());
        assertEquals(List.of(KEY, KEY), keysSeen);
        assertEquals(List.of("2/3", "3/3"), progress);

        MpMaterial spinel = r.materials().get(2);
        assertEquals("MgMn2O4", spinel.formula());
        assertNull(spinel.bandGap(), "null band gap stays missing");
        assertEquals(0.012, spinel.energyAboveHull(), 0);
        assertEquals(Boolean.TRUE, spinel.theoretical());
        assertNull(r.materials().get(1).theoretical(), "absent field stays missing");
        assertEquals(7, spinel.structure().size());
        assertEquals(5.9 * 5.9 * 5.9, spinel.structure().volume(), 1e-6);
        assertEquals(5.9 * Math.sqrt(3) / 4, spinel.structure().distance(0, 3), 1e-9);
    }

    @Test
    void secondFetchOfTheSameQueryWorksOffline() {
        Path cache = tmp.resolve("cache");
        MpClient.Result first = client(1000, cache).searchChemsys("Mg-Mn-O", Progress.NONE);
        server.stop(0);
        MpClient.Result again = client(1000, cache).searchChemsys("Mg-Mn-O", Progress.NONE);
        assertTrue(again.fromCache());
        assertEquals(first.materials().size(), again.materials().size());
        assertEquals(first.materials().get(2).energyAboveHull(), again.materials().get(2).energyAboveHull());
        // another field selection is another query: not in the cache, and the server is gone
        assertThrows(MpException.Unavailable.class,
                () -> client(1000, cache).searchChemsys("Mg-Mn-O", List.of("material_id", "band_gap"), false, Progress.NONE));
    }

    @Test
    void rejectedKeySaysSoAndNeverShowsTheKey() {
        fallback = Answer.status(401, "{\"detail\": \"Invalid API key\"}");
        MpException.KeyRejected e = assertThrows(MpException.KeyRejected.class,
                () -> client(1000, null).searchChemsys("Mg-O", Progress.NONE));
        assertTrue(e.getMessage().contains("rejected the API key"), e.getMessage());
        assertFalse(e.getMessage().contains(KEY));
        assertEquals(1, queries.size(), "no retries on a rejected key");
        fallback = Answer.status(403, "Forbidden");
        assertThrows(MpException.KeyRejected.class, () -> client(1000, null).searchChemsys("Mg-O", Progress.NONE));
    }

    @Test
    void tooManyRequestsWaitsAsRetryAfterSays() {
        answers.add(new Answer(429, "{\"detail\": \"slow down\"}", Map.of("Retry-After", "0"), 0));
        answers.add(new Answer(429, "{}", Map.of("Retry-After", "7"), 0));
        answers.add(new Answer(429, "{}", Map.of(), 0));
        MpClient.Result r = client(1000, null).searchChemsys("Mg", Progress.NONE);
        assertEquals(3, r.materials().size());
        assertEquals(4, queries.size());
        // 0 s as asked; 7 s capped at the configured 200 ms maximum; then the back-off (10 ms doubled twice)
        assertEquals(List.of(Duration.ZERO, Duration.ofMillis(200), Duration.ofMillis(40)), sleeps);
        assertEquals(Duration.ofSeconds(120), MpClient.retryAfter("120").orElseThrow());
        assertTrue(MpClient.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT").orElseThrow().isZero(), "a past date means now");
    }

    @Test
    void serverErrorsAreRetriedABoundedNumberOfTimes() {
        answers.add(Answer.status(503, "<html>busy</html>"));
        answers.add(Answer.status(500, "{}"));
        assertEquals(3, client(1000, null).searchChemsys("Mg-O", Progress.NONE).materials().size());
        assertEquals(List.of(Duration.ofMillis(10), Duration.ofMillis(20)), sleeps);

        queries.clear();
        fallback = Answer.status(502, "bad gateway");
        MpException.Unavailable e = assertThrows(MpException.Unavailable.class,
                () -> client(1000, null).searchChemsys("Mg-O", Progress.NONE));
        assertEquals(4, queries.size(), "1 try + 3 retries");
        assertEquals(502, e.status());
        assertTrue(e.getMessage().contains("failed after 4 tries") && e.getMessage().contains("/materials/summary/"), e.getMessage());
    }

    @Test
    void timeOutsAreRetried() {
        answers.add(new Answer(200, "{}", Map.of(), 4000));
        MpClient.Result r = client(1000, null, Duration.ofMillis(500)).searchChemsys("Mg-O", Progress.NONE);
        assertEquals(3, r.materials().size());
        // the first try timed out; on a loaded machine a retry may time out too, so only the first wait is fixed
        assertEquals(Duration.ofMillis(10), sleeps.get(0));
    }

    @Test
    void malformedJsonIsATypedErrorAndLeavesNoCache() throws IOException {
        Path cache = tmp.resolve("cache");
        fallback = Answer.ok("{\"data\": [{\"material_id\": \"mp-1\", ");
        MpException.MalformedResponse e = assertThrows(MpException.MalformedResponse.class,
                () -> client(1000, cache).searchChemsys("Mg-O", Progress.NONE));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
        fallback = Answer.ok("{\"meta\": {}}");
        assertThrows(MpException.MalformedResponse.class, () -> client(1000, cache).searchChemsys("Mg-O", Progress.NONE));
        assertTrue(!Files.exists(cache) || isEmpty(cache));
    }

    @Test
    void aDownloadCutShortLeavesNoCacheEntry() throws IOException {
        Path cache = tmp.resolve("cache");
        answers.add(page(Map.of("_skip", "0", "_limit", "1")));
        fallback = Answer.status(500, "{}");
        assertThrows(MpException.Unavailable.class, () -> client(1, cache).searchChemsys("Mg-Mn-O", Progress.NONE));
        assertTrue(!Files.exists(cache) || isEmpty(cache));

        // cancelled after the first page: stops, and no cache either
        fallback = null;
        Progress cancelAfterOne = new Progress() {
            int pages;
            @Override public void update(long received, long total, String message) { pages++; }
            @Override public boolean isCancelled() { return pages >= 1; }
        };
        assertThrows(CancellationException.class, () -> client(1, cache).searchChemsys("Mg-Mn-O", cancelAfterOne));
        assertTrue(!Files.exists(cache) || isEmpty(cache));
        // a complete download then fills it
        client(1, cache).searchChemsys("Mg-Mn-O", Progress.NONE);
        assertFalse(isEmpty(cache));
    }

    @Test
    void subsystemsOfAChemicalSystem() {
        assertEquals(List.of("Mg", "Mn", "O", "Mg-Mn", "Mg-O", "Mn-O", "Mg-Mn-O"), MpClient.subsystems("Mg-Mn-O"));
        assertEquals(List.of("O", "V", "O-V"), MpClient.subsystems("V-O"));
        org.crystalgan.crystal.InputException e = assertThrows(org.crystalgan.crystal.InputException.class, () -> MpClient.subsystems("Mg-Xx"));
        assertTrue(e.getMessage().contains("'Xx'"), e.getMessage());
    }

    /** No complete cache entry (the pages an interrupted download keeps for resuming do not count). */
    private static boolean isEmpty(Path dir) throws IOException {
        try (var s = Files.list(dir)) { return s.noneMatch(p -> Files.isRegularFile(p) && !p.getFileName().toString().startsWith(".")); }
    }
}
