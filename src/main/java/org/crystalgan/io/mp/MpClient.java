package org.crystalgan.io.mp;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.crystalgan.base.Progress;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.InputException;
import org.crystalgan.crystal.Structure;
import org.crystalgan.base.AtomicFiles;
import org.crystalgan.io.PymatgenJson;
import org.crystalgan.io.StructureFormatException;

/**
 * Client for the Materials Project REST API ({@code GET /materials/summary/}, as described in the
 * project's notes/mp-api.md after the official {@code mp-api} client and the {@code emmet} documents):
 * search by chemical system with field selection and {@code _limit}/{@code _skip} paging, retries of
 * 429 (honouring Retry-After), 5xx and time-outs with bounded exponential back-off, and a local
 * cache of complete results so the same query a second time needs no network. Each page is also kept
 * (in a {@code .pages} folder beside the result, deleted once the result is complete), so a download
 * that failed or was killed resumes where it stopped; when the service's document count changes
 * between pages the kept pages are dropped and the download starts over (at most twice).
 */
public final class MpClient {
    /** The public service. */
    public static final URI DEFAULT_BASE = URI.create("https://api.materialsproject.org");

    /** The fields a screening workbench needs (notes/mp-api.md). */
    public static final List<String> DEFAULT_FIELDS = List.of("material_id", "formula_pretty", "structure",
            "energy_per_atom", "formation_energy_per_atom", "energy_above_hull", "band_gap", "theoretical");

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Tuning. Delays are configurable so tests stay fast.
     *
     * @param pageSize         documents per request (the service caps it at its meta.max_limit, 1000)
     * @param maxRetries       retries of one request after 429, 5xx or a time-out (then it fails)
     * @param initialBackoff   first wait; doubled each retry up to maxBackoff
     * @param maxBackoff       the longest wait, also the cap on a Retry-After the server asks for
     * @param requestTimeout   time allowed for the headers of one response
     * @param sleeper          how to wait (tests pass one that records the waits)
     * @param maxPageBytes     the largest body one answer may have; a larger one is refused, not read
     * @param readIdleTimeout  the longest pause while a body arrives (a server that drips is given up on)
     * @param requestDeadline  the longest one request may take, headers and body together
     */
    public record Config(int pageSize, int maxRetries, Duration initialBackoff, Duration maxBackoff,
                         Duration requestTimeout, Sleeper sleeper, long maxPageBytes, Duration readIdleTimeout, Duration requestDeadline) {
        public Config {
            if (pageSize < 1) throw new IllegalArgumentException("page size must be at least 1");
            if (maxRetries < 0) throw new IllegalArgumentException("retries cannot be negative");
            if (maxPageBytes < 1) throw new IllegalArgumentException("the page size limit must be positive");
            Objects.requireNonNull(initialBackoff);
            Objects.requireNonNull(maxBackoff);
            Objects.requireNonNull(requestTimeout);
            Objects.requireNonNull(sleeper);
            Objects.requireNonNull(readIdleTimeout);
            Objects.requireNonNull(requestDeadline);
        }

        /** The default body limit (64 MB), read idle time-out (30 s) and request deadline (5 min). */
        public Config(int pageSize, int maxRetries, Duration initialBackoff, Duration maxBackoff, Duration requestTimeout, Sleeper sleeper) {
            this(pageSize, maxRetries, initialBackoff, maxBackoff, requestTimeout, sleeper, DEFAULT_MAX_PAGE_BYTES,
                    Duration.ofSeconds(30), Duration.ofMinutes(5));
        }

        public static Config defaults() {
            return new Config(500, 5, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(60), Sleeper.REAL);
        }

        public Config withPageSize(int n) {
            return new Config(n, maxRetries, initialBackoff, maxBackoff, requestTimeout, sleeper, maxPageBytes, readIdleTimeout, requestDeadline);
        }

        public Config withLimits(long maxBytes, Duration idle, Duration deadline) {
            return new Config(pageSize, maxRetries, initialBackoff, maxBackoff, requestTimeout, sleeper, maxBytes, idle, deadline);
        }
    }

    /**
     * A page of 500 summary documents with structures is a few MB (notes/mp-api.md); 64 MB leaves
     * ample room and keeps a hostile Content-Length from filling the heap.
     */
    public static final long DEFAULT_MAX_PAGE_BYTES = 64L << 20;

    /** Waits between retries. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;

        Sleeper REAL = d -> Thread.sleep(d.toMillis());
    }

    /**
     * A search's outcome.
     *
     * @param problems   documents that were left out (a structure the reader refused), one line each
     * @param fromCache  true when answered from the local cache without the network
     */
    public record Result(List<MpMaterial> materials, List<String> problems, boolean fromCache) { }

    private final URI base;
    private final MpApiKey key;
    private final Path cacheDir;
    private final Config config;
    private final HttpClient http;

    /**
     * @param cacheDir folder for cached results, or null for none
     */
    public MpClient(URI base, MpApiKey key, Path cacheDir, Config config) {
        this.base = Objects.requireNonNull(base);
        this.key = Objects.requireNonNull(key);
        this.cacheDir = cacheDir;
        this.config = Objects.requireNonNull(config);
        // redirects are followed here, not by the client: the key may only go to the endpoint's own scheme and host
        this.http = HttpClient.newBuilder().connectTimeout(config.requestTimeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The default cache folder, {@code ~/.crystalgan/mp-cache}. */
    public static Path defaultCacheDir() {
        return Path.of(System.getProperty("user.home"), ".crystalgan", "mp-cache");
    }

    // ------------------------------------------------------------------ chemical systems

    /**
     * A chemical system and all its subsystems, elements in alphabetical order within each as the
     * service writes them: "Mg-Mn-O" gives Mg, Mn, O, Mg-Mn, Mg-O, Mn-O, Mg-Mn-O.
     */
    public static List<String> subsystems(String chemsys) {
        List<String> els = parseChemsys(chemsys);
        List<String> out = new ArrayList<>();
        int n = els.size();
        for (int size = 1; size <= n; size++) {
            for (int mask = 1; mask < (1 << n); mask++) {
                if (Integer.bitCount(mask) != size) continue;
                List<String> part = new ArrayList<>();
                for (int i = 0; i < n; i++) if ((mask & (1 << i)) != 0) part.add(els.get(i));
                out.add(String.join("-", part));
            }
        }
        // within one size, order as the alphabetical list of names
        List<String> sorted = new ArrayList<>();
        for (int size = 1; size <= n; size++) {
            final int s = size;
            List<String> same = new ArrayList<>(out.stream().filter(x -> x.split("-").length == s).toList());
            Collections.sort(same);
            sorted.addAll(same);
        }
        return sorted;
    }

    /** "Mg-Mn-O" (any order, any case of the separators' spacing) as sorted distinct element symbols. */
    static List<String> parseChemsys(String chemsys) {
        if (chemsys == null || chemsys.isBlank()) throw new InputException("the chemical system is empty; write it like Mg-Mn-O");
        Set<String> els = new TreeSet<>();
        for (String part : chemsys.split("-")) {
            String p = part.strip();
            Optional<Element> e = Element.find(p).filter(x -> x.symbol().equals(p));
            if (e.isEmpty()) {
                throw new InputException("'" + p + "' in the chemical system '" + chemsys + "' is not an element symbol; write it like Mg-Mn-O");
            }
            els.add(e.get().symbol());
        }
        if (els.size() > 8) throw new InputException("the chemical system '" + chemsys + "' has more than 8 elements");
        return List.copyOf(els);
    }

    // ------------------------------------------------------------------ search

    /** Materials of {@code chemsys} and all its subsystems, with the default fields. */
    public Result searchChemsys(String chemsys, Progress listener) {
        return searchChemsys(chemsys, DEFAULT_FIELDS, false, listener);
    }

    /**
     * Materials of {@code chemsys} and all its subsystems.
     *
     * @param fields  the summary fields to ask for (material_id is always added)
     * @param refresh true to ignore a cached result and ask the service again
     * @param listener after each page, documents received so far out of the total the service announced;
     *     before a retry, (-1, -1) with the reason and the wait in the message; cancels the search
     */
    public Result searchChemsys(String chemsys, List<String> fields, boolean refresh, Progress listener) {
        List<String> systems = subsystems(chemsys);
        Set<String> f = new LinkedHashSet<>();
        f.add("material_id");
        f.addAll(fields);
        String fieldList = String.join(",", f);
        String systemList = String.join(",", systems);
        Path cacheFile = cacheDir == null ? null : cacheDir.resolve(cacheName(systemList, fieldList));
        if (!refresh && cacheFile != null && Files.isRegularFile(cacheFile)) {
            Optional<ArrayNode> cached = readCache(cacheFile);
            if (cached.isPresent()) {
                listener.update(cached.get().size(), cached.get().size(), "from the local cache");
                return toResult(cached.get(), true);
            }
        }
        Path pagesDir = cacheFile == null ? null : cacheDir.resolve(cacheFile.getFileName().toString().replaceAll("\\.json$", "") + ".pages");
        if (pagesDir != null) {
            AtomicFiles.deleteStaleTemporaries(cacheDir, STALE_TEMPORARY);
            AtomicFiles.deleteStaleTemporaries(pagesDir, STALE_TEMPORARY);
        }
        ArrayNode all = JSON.createArrayNode();
        int skip = 0;
        int total = -1;
        int restarts = 0;
        int resumedPages = 0;
        while (total < 0 || skip < total) {
            if (listener.isCancelled()) throw new CancellationException("download cancelled");
            String query = "chemsys=" + enc(systemList) + "&_fields=" + enc(fieldList)
                    + "&_limit=" + config.pageSize() + "&_skip=" + skip;
            URI uri = base.resolve("/materials/summary/?" + query);
            JsonNode page = pagesDir == null ? null : readPage(pagesDir, skip, config.pageSize()).orElse(null);
            boolean pageFromCache = page != null;
            if (!pageFromCache) page = getJson(uri, listener);
            JsonNode data = page.get("data");
            if (data == null || !data.isArray()) {
                throw new MpException.MalformedResponse("the Materials Project answer to " + uri + " has no \"data\" list", null);
            }
            JsonNode totalNode = page.path("meta").path("total_doc");
            int pageTotal = totalNode.isNumber() ? totalNode.asInt() : -1;
            if (total >= 0 && pageTotal >= 0 && pageTotal != total) {
                // the result set changed between pages, so the pages already held may overlap or leave gaps
                deleteFolder(pagesDir);
                if (++restarts > MAX_RESTARTS) {
                    throw new MpException.Unavailable("the number of Materials Project documents for " + chemsys + " kept changing while downloading (last "
                            + total + ", then " + pageTotal + "); nothing was kept; try again later", 0, null);
                }
                listener.update(-1, -1, "the Materials Project now reports " + pageTotal + " documents instead of " + total
                        + "; starting again from the first page");
                all = JSON.createArrayNode();
                skip = 0;
                total = -1;
                resumedPages = 0;
                continue;
            }
            if (total < 0) total = pageTotal;
            if (pageFromCache) {
                resumedPages++;
            } else if (pagesDir != null) {
                writePage(pagesDir, skip, config.pageSize(), pageTotal, (ArrayNode) data);
            }
            data.forEach(all::add);
            skip += data.size();
            if (total < 0) {
                // no announced total: a short page is the last one
                if (data.size() < config.pageSize()) total = skip;
            } else if (data.isEmpty() && skip < total) {
                throw new MpException.MalformedResponse("the Materials Project announced " + total + " documents but sent only "
                        + skip + " (" + uri + ")", null);
            }
            listener.update(all.size(), Math.max(total, all.size()), (pageFromCache ? "resumed from the pages of an interrupted download: "
                    : "downloaded ") + all.size() + " of " + Math.max(total, all.size()));
        }
        if (cacheFile != null) {
            writeCache(cacheFile, systemList, fieldList, all);
            deleteFolder(pagesDir);
        }
        if (resumedPages > 0) {
            listener.update(all.size(), all.size(), "completed an interrupted download: " + resumedPages + " page(s) came from the local cache");
        }
        return toResult(all, false);
    }

    /** How often a download starts over because the service's document count changed under it. */
    static final int MAX_RESTARTS = 2;
    /** Temporary files older than this are leftovers of a killed run, not a write in progress. */
    static final Duration STALE_TEMPORARY = Duration.ofMinutes(10);

    /** A page kept by an interrupted download, if it is whole and was asked for with the same page size. */
    private static Optional<JsonNode> readPage(Path dir, int skip, int limit) {
        Path f = dir.resolve("page-" + skip + ".json");
        if (!Files.isRegularFile(f)) return Optional.empty();
        try {
            JsonNode n = JSON.readTree(Files.readString(f, StandardCharsets.UTF_8));
            if (n != null && n.path("limit").asInt(-1) == limit && n.path("skip").asInt(-1) == skip && n.get("data") instanceof ArrayNode a
                    && n.path("count").asInt(-1) == a.size()) {
                ObjectNode page = JSON.createObjectNode();
                page.set("data", a);
                if (n.path("total_doc").isNumber() && n.path("total_doc").asInt() >= 0) page.putObject("meta").put("total_doc", n.path("total_doc").asInt());
                return Optional.of(page);
            }
        } catch (IOException e) {
            // damaged: ask again
        }
        return Optional.empty();
    }

    /** One page, atomically, so a killed run leaves whole pages or none. */
    private static void writePage(Path dir, int skip, int limit, int total, ArrayNode data) {
        ObjectNode n = JSON.createObjectNode();
        n.put("skip", skip);
        n.put("limit", limit);
        n.put("total_doc", total);
        n.put("count", data.size());
        n.set("data", data);
        Path f = dir.resolve("page-" + skip + ".json");
        try {
            AtomicFiles.write(f, JSON.writeValueAsBytes(n));
        } catch (IOException e) {
            throw new InputException(f + ": cannot write the Materials Project cache: " + e.getMessage(), e);
        }
    }

    private static void deleteFolder(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) return;
        try (var list = Files.list(dir)) {
            for (Path p : (Iterable<Path>) list::iterator) Files.deleteIfExists(p);
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a leftover page folder is harmless: its pages are checked before use
        }
    }

    private Result toResult(ArrayNode docs, boolean fromCache) {
        List<MpMaterial> out = new ArrayList<>(docs.size());
        List<String> problems = new ArrayList<>();
        for (JsonNode d : docs) {
            String id = d.path("material_id").asText("");
            if (id.isEmpty()) {
                problems.add("a document without material_id was left out");
                continue;
            }
            Structure s = null;
            JsonNode sn = d.get("structure");
            if (sn != null && !sn.isNull()) {
                try {
                    s = PymatgenJson.fromDict(sn, null, id + ".structure");
                } catch (StructureFormatException | IllegalArgumentException e) {
                    problems.add(id + ": structure left out: " + e.getMessage());
                    continue;
                }
            }
            out.add(new MpMaterial(id, text(d, "formula_pretty"), s, num(d, "energy_per_atom"), num(d, "formation_energy_per_atom"),
                    num(d, "energy_above_hull"), num(d, "band_gap"), d.hasNonNull("theoretical") ? d.get("theoretical").asBoolean() : null));
        }
        return new Result(List.copyOf(out), List.copyOf(problems), fromCache);
    }

    private static String text(JsonNode d, String f) { return d.hasNonNull(f) ? d.get(f).asText() : null; }

    private static Double num(JsonNode d, String f) { return d.hasNonNull(f) && d.get(f).isNumber() ? d.get(f).asDouble() : null; }

    // ------------------------------------------------------------------ HTTP with retries

    JsonNode getJson(URI uri, Progress listener) {
        int attempt = 0;
        Duration backoff = config.initialBackoff();
        while (true) {
            if (listener.isCancelled()) throw new CancellationException("download cancelled");
            String why;
            int status = 0;
            Duration wait = backoff;
            Throwable cause = null;
            try {
                Answer resp = fetch(uri, listener);
                status = resp.status();
                if (status == 200) return parse(resp.body(), resp.uri());
                if (status == 401 || status == 403) {
                    throw new MpException.KeyRejected("the Materials Project rejected the API key (HTTP " + status + " from " + resp.uri()
                            + "); check the key on your Materials Project dashboard and in " + MpApiKey.ENV + " or the settings");
                }
                if (status == 429) {
                    why = "too many requests (HTTP 429)";
                    Optional<Duration> ra = retryAfter(resp.retryAfter());
                    if (ra.isPresent()) wait = ra.get();
                } else if (status >= 500) {
                    why = "a server error (HTTP " + status + ")";
                } else {
                    throw new MpException("the Materials Project refused the request " + resp.uri() + " (HTTP " + status + detail(resp.body()) + ")");
                }
            } catch (HttpTimeoutException e) {
                why = e.getMessage() != null && e.getMessage().startsWith("the answer") ? e.getMessage()
                        : "no answer within " + config.requestTimeout().toSeconds() + " s";
                cause = e;
            } catch (IOException e) {
                why = "a network error (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
                cause = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("download interrupted");
            }
            if (attempt >= config.maxRetries()) {
                throw new MpException.Unavailable("the Materials Project request " + uri + " failed after " + (attempt + 1)
                        + " tries: " + why, status, cause);
            }
            attempt++;
            if (wait.compareTo(config.maxBackoff()) > 0) wait = config.maxBackoff();
            listener.update(-1, -1, why + "; retrying in " + wait.toMillis() / 1000.0 + " s (try " + (attempt + 1) + ")");
            try {
                config.sleeper().sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("download interrupted");
            }
            backoff = backoff.multipliedBy(2);
            if (backoff.compareTo(config.maxBackoff()) > 0) backoff = config.maxBackoff();
        }
    }

    /** A whole answer: the URL that gave it (after same-host redirects), its status, Retry-After, Location and body text. */
    record Answer(URI uri, int status, String retryAfter, String location, String body) {}

    /** Redirects followed on the endpoint's own host before giving up. */
    static final int MAX_REDIRECTS = 5;

    /**
     * One request with the key, its redirects followed only within the endpoint's scheme, host and
     * port, its body read with the size limit, the idle time-out and the deadline of the config.
     */
    private Answer fetch(URI uri, Progress listener) throws IOException, InterruptedException {
        URI at = uri;
        for (int hop = 0; ; hop++) {
            HttpRequest req = HttpRequest.newBuilder(at).timeout(config.requestTimeout())
                    .header("X-API-KEY", key.value()).header("Accept", "application/json").GET().build();
            Answer a = exchange(req, listener);
            if (a.status() < 300 || a.status() >= 400 || a.status() == 304) return a;
            String location = a.location();
            if (location == null || location.isBlank()) return a;
            URI next;
            try {
                next = at.resolve(location.strip());
            } catch (IllegalArgumentException e) {
                throw new MpException.MalformedResponse("the Materials Project answered " + at + " with a redirect to '" + location + "', which is not a URL", e);
            }
            if (!sameOrigin(base, next)) {
                throw new MpException("the Materials Project endpoint " + origin(base) + " redirected " + at + " to " + origin(next)
                        + " (HTTP " + a.status() + "); the API key is only ever sent to " + origin(base)
                        + ", so the redirect was not followed (check --endpoint, or the network's proxy)");
            }
            if (hop == MAX_REDIRECTS) {
                throw new MpException.MalformedResponse("the Materials Project redirected " + uri + " more than " + MAX_REDIRECTS + " times", null);
            }
            at = next;
        }
    }

    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost() != null
                && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
    }

    private static int port(URI u) {
        if (u.getPort() >= 0) return u.getPort();
        return "https".equalsIgnoreCase(u.getScheme()) ? 443 : "http".equalsIgnoreCase(u.getScheme()) ? 80 : -1;
    }

    private static String origin(URI u) {
        return u.getScheme() + "://" + u.getHost() + (u.getPort() >= 0 ? ":" + u.getPort() : "");
    }

    /**
     * Sends and reads one answer in bounded memory and time: a Content-Length above the limit is
     * refused before any of the body is read, a body that grows past it is cut off, a pause longer
     * than the idle time-out or a request longer than the deadline ends it, and so do the listener's
     * cancel and an interrupt (the main thread of a command being stopped), each within a quarter second.
     */
    private Answer exchange(HttpRequest req, Progress listener) throws IOException, InterruptedException {
        BoundedBody body = new BoundedBody(config.maxPageBytes());
        java.util.concurrent.CompletableFuture<HttpResponse<byte[]>> f = http.sendAsync(req, info -> {
            body.announced(info.headers().firstValueAsLong("Content-Length").orElse(-1));
            return body;
        });
        long start = System.nanoTime();
        long deadline = start + config.requestDeadline().toNanos();
        try {
            while (true) {
                try {
                    HttpResponse<byte[]> r = f.get(250, java.util.concurrent.TimeUnit.MILLISECONDS);
                    return new Answer(r.uri(), r.statusCode(), r.headers().firstValue("Retry-After").orElse(null),
                            r.headers().firstValue("Location").orElse(null), new String(r.body(), StandardCharsets.UTF_8));
                } catch (java.util.concurrent.TimeoutException e) {
                    long now = System.nanoTime();
                    if (listener.isCancelled()) throw new CancellationException("download cancelled");
                    if (now > deadline) {
                        throw new HttpTimeoutException("the answer to " + req.uri() + " took longer than " + config.requestDeadline().toSeconds()
                                + " s in all (" + body.received() + " bytes received)");
                    }
                    long last = body.lastProgress();
                    if (last > 0 && now - last > config.readIdleTimeout().toNanos()) {
                        throw new HttpTimeoutException("the answer to " + req.uri() + " stalled: nothing arrived for "
                                + config.readIdleTimeout().toSeconds() + " s after " + body.received() + " bytes");
                    }
                } catch (java.util.concurrent.ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof TooLarge t) {
                        throw new MpException.MalformedResponse("the Materials Project answer to " + req.uri() + " " + t.getMessage()
                                + ", above the " + (config.maxPageBytes() >> 20) + " MB a page may have; it was not read (a broken proxy or server?)", null);
                    }
                    if (c instanceof IOException io) throw io;
                    if (c instanceof RuntimeException re) throw re;
                    throw new IOException(c);
                }
            }
        } finally {
            if (!f.isDone()) {
                body.cancel();
                f.cancel(true);
            }
        }
    }

    /** A body that is larger than the limit. */
    private static final class TooLarge extends IOException {
        TooLarge(String message) { super(message, null); }
    }

    /** Collects a body up to a limit, noting when bytes last arrived; can be cancelled from another thread. */
    private static final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final long max;
        private final java.util.concurrent.CompletableFuture<byte[]> result = new java.util.concurrent.CompletableFuture<>();
        private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        private volatile java.util.concurrent.Flow.Subscription subscription;
        private volatile long lastProgress;
        private volatile long received;
        private volatile long announced = -1;

        BoundedBody(long max) { this.max = max; }

        void announced(long n) { announced = n; }

        long lastProgress() { return lastProgress; }

        long received() { return received; }

        void cancel() {
            var s = subscription;
            if (s != null) s.cancel();
            result.completeExceptionally(new CancellationException("cancelled"));
        }

        @Override
        public java.util.concurrent.CompletionStage<byte[]> getBody() { return result; }

        @Override
        public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
            subscription = s;
            lastProgress = System.nanoTime();
            if (announced > max) {
                s.cancel();
                result.completeExceptionally(new TooLarge("announces " + announced + " bytes (Content-Length)"));
                return;
            }
            s.request(1);
        }

        @Override
        public void onNext(List<java.nio.ByteBuffer> items) {
            for (java.nio.ByteBuffer b : items) {
                int n = b.remaining();
                if (received + n > max) {
                    subscription.cancel();
                    result.completeExceptionally(new TooLarge("grew past " + max + " bytes"));
                    return;
                }
                byte[] chunk = new byte[n];
                b.get(chunk);
                bytes.write(chunk, 0, n);
                received += n;
            }
            lastProgress = System.nanoTime();
            subscription.request(1);
        }

        @Override
        public void onError(Throwable t) { result.completeExceptionally(t); }

        @Override
        public void onComplete() { result.complete(bytes.toByteArray()); }
    }

    private static JsonNode parse(String body, URI uri) {
        try {
            JsonNode n = JSON.readTree(body);
            if (n == null || !n.isObject()) throw new MpException.MalformedResponse("the Materials Project answer to " + uri + " is not a JSON object", null);
            return n;
        } catch (JsonProcessingException e) {
            throw new MpException.MalformedResponse("the Materials Project answer to " + uri + " is " + org.crystalgan.io.JsonMessages.describe(e)
                    + " (line " + org.crystalgan.io.JsonMessages.line(e) + ")", e);
        }
    }

    /** The service's own explanation ("detail" or "message"), when it sent one in JSON. */
    private static String detail(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            for (String f : new String[] {"detail", "message", "error"}) {
                if (n != null && n.hasNonNull(f)) return ": " + n.get(f).asText();
            }
        } catch (JsonProcessingException ignored) {
            // a plain-text body: the status says enough
        }
        return "";
    }

    /** Retry-After as seconds or an HTTP date (RFC 9110 §10.2.3). */
    static Optional<Duration> retryAfter(String v) {
        if (v == null || v.isBlank()) return Optional.empty();
        String t = v.strip();
        try {
            long s = Long.parseLong(t);
            return Optional.of(Duration.ofSeconds(Math.max(0, s)));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime when = ZonedDateTime.parse(t, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(ZonedDateTime.now(when.getZone()), when);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (java.time.format.DateTimeParseException e2) {
                return Optional.empty();
            }
        }
    }

    private static String enc(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }

    // ------------------------------------------------------------------ cache

    private String cacheName(String systems, String fields) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update((base.toString() + "|summary|" + systems + "|" + new TreeSet<>(List.of(fields.split(","))))
                    .getBytes(StandardCharsets.UTF_8));
            return "summary-" + HexFormat.of().formatHex(md.digest()).substring(0, 24) + ".json";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    /** A cache file is trusted only when it parses and says it is complete. */
    private static Optional<ArrayNode> readCache(Path file) {
        try {
            JsonNode n = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
            if (n != null && n.path("complete").asBoolean(false) && n.get("data") instanceof ArrayNode a
                    && n.path("count").asInt(-1) == a.size()) {
                return Optional.of(a);
            }
        } catch (IOException e) {
            // unreadable or corrupt: fetch again
        }
        return Optional.empty();
    }

    /** Written only after every page arrived, in one atomic rename: never a partial cache entry. */
    private void writeCache(Path file, String systems, String fields, ArrayNode data) {
        ObjectNode root = JSON.createObjectNode();
        root.put("endpoint", base.resolve("/materials/summary/").toString());
        root.put("chemsys", systems);
        root.put("fields", fields);
        root.put("fetched", java.time.Instant.now().toString());
        root.put("count", data.size());
        root.put("complete", true);
        root.set("data", data);
        try {
            AtomicFiles.write(file, JSON.writeValueAsBytes(root));
        } catch (IOException e) {
            throw new InputException(file + ": cannot write the Materials Project cache: " + e.getMessage(), e);
        }
    }

    @Override public String toString() { return "MpClient[" + base + ", key hidden]"; }
}
