package org.crystalgan.hardening;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import org.crystalgan.cli.Main;
import org.crystalgan.io.mp.MpApiKey;
import org.crystalgan.io.mp.MpClientTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API key stays secret, settings are owner-only, nothing is deserialised as Java objects, and
 * names that come from downloaded data cannot write outside the chosen folder.
 */
class SecurityTest {
    /** A made-up key, long and distinctive enough that finding it anywhere means it leaked. */
    static final String FAKE_KEY = "FAKEkey0123456789abcdefghijKLMNOP";

    @TempDir Path tmp;
    HttpServer server;
    /** what the server answers: 200 with documents, or this status */
    volatile int status = 200;
    volatile List<String> docs = List.of();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/materials/summary/", ex -> {
            String q = ex.getRequestURI().getRawQuery();
            int skip = Integer.parseInt(q.replaceAll(".*_skip=(\\d+).*", "$1"));
            List<String> part = skip == 0 ? docs : List.of();
            byte[] body = status != 200 ? "{\"detail\": \"nope\"}".getBytes(StandardCharsets.UTF_8)
                    : ("{\"data\": [" + String.join(", ", part) + "], \"meta\": {\"total_doc\": " + docs.size() + "}}").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, body.length);
            try (OutputStream o = ex.getResponseBody()) { o.write(body); }
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() { server.stop(0); }

    static String mgO(String id) {
        return MpClientTest.doc(id, "MgO", "-5.9", "-3.0", "0.0", "4.45", "false",
                MpClientTest.structure(4.21, new String[] {"Mg", "O"}, new double[][] {{0, 0, 0}, {.5, .5, .5}}));
    }

    /** Runs fetch in this JVM; returns stdout + stderr. */
    String fetch(Path settings, Path out, Path cache) {
        StringWriter o = new StringWriter(), e = new StringWriter();
        int rc = Main.run(new String[] {"fetch", "--chemsys", "Mg-O", "--out", out.toString(), "--cache", cache.toString(),
            "--settings", settings.toString(), "--endpoint", "http://127.0.0.1:" + server.getAddress().getPort()},
                new PrintWriter(o, true), new PrintWriter(e, true));
        return "exit " + rc + "\n" + o + e;
    }

    @Test
    void theApiKeyReachesNoLogExportCacheOrErrorReport() throws IOException {
        Assumptions.assumeTrue(System.getenv(MpApiKey.ENV) == null, "MP_API_KEY is set in this environment; the test uses the settings file");
        Path settings = tmp.resolve("home").resolve("settings.properties");
        MpApiKey.save(settings, MpApiKey.of(FAKE_KEY));
        Path out = tmp.resolve("export"), cache = tmp.resolve("cache");
        List<String> said = new ArrayList<>();

        docs = List.of(mgO("mp-1"), mgO("mp-2"));
        said.add(fetch(settings, out, cache));
        assertTrue(said.get(0).startsWith("exit 0"), said.get(0));
        // failures, with stack traces asked for, are the crash reports a user would paste into an issue
        System.setProperty("crystalgan.debug", "true");
        try {
            // 401, 403 and 404 fail at once; 429 and 5xx would be retried with the real back-off (seconds)
            for (int s : new int[] {401, 403, 404}) {
                status = s;
                said.add(fetch(settings, tmp.resolve("export" + s), tmp.resolve("cache" + s)));
                assertTrue(said.get(said.size() - 1).startsWith("exit 1"), said.get(said.size() - 1));
            }
        } finally {
            System.clearProperty("crystalgan.debug");
        }
        for (String s : said) assertFalse(s.contains(FAKE_KEY), "key in the output: " + s);
        assertTrue(String.join("\n", said).contains("rejected the API key"), "the 401 case was exercised");

        // every file written anywhere under the test folder, except the settings file that is meant to hold it
        List<Path> files;
        try (Stream<Path> w = Files.walk(tmp)) { files = w.filter(Files::isRegularFile).toList(); }
        assertTrue(files.size() >= 4, files::toString);
        for (Path f : files) {
            String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
            if (f.equals(settings)) assertTrue(text.contains(FAKE_KEY), "the settings hold the key");
            else assertFalse(text.contains(FAKE_KEY), "key written to " + f);
        }
        assertFalse(MpApiKey.of(FAKE_KEY).toString().contains(FAKE_KEY));
    }

    @Test
    void theSettingsFileIsReadableByItsOwnerOnly() throws IOException {
        Assumptions.assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "no POSIX permissions on this file system");
        Path settings = tmp.resolve("home").resolve("settings.properties");
        MpApiKey.save(settings, MpApiKey.of(FAKE_KEY));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(settings)));
        // a file the user created world-readable is tightened when the key is saved into it
        Files.setPosixFilePermissions(settings, PosixFilePermissions.fromString("rw-r--r--"));
        MpApiKey.save(settings, MpApiKey.of(FAKE_KEY + "2"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(settings)));
        try (var s = Files.list(settings.getParent())) { assertEquals(1, s.count(), "no temporary left beside it"); }
    }

    @Test
    void noClassDeserialisesJavaObjects() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.crystalgan");
        noClasses().that().resideInAPackage("org.crystalgan..")
                .should().dependOnClassesThat().areAssignableTo(ObjectInputStream.class)
                .because("checkpoints, caches and settings are JSON, text and raw floats; Java deserialisation of a file runs code")
                .check(classes);
        noClasses().that().resideInAPackage("org.crystalgan..")
                .should().dependOnClassesThat().areAssignableTo(ObjectOutputStream.class)
                .because("what is written with it can only be read back by deserialising")
                .check(classes);
        // Jackson's polymorphic typing turns a JSON file into a choice of classes to instantiate
        noClasses().that().resideInAPackage("org.crystalgan..")
                .should().callMethod(ObjectMapper.class, "enableDefaultTyping")
                .orShould().callMethodWhere(com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
                        com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching("activateDefaultTyping.*")))
                .check(classes);
    }

    @Test
    void materialIdsCannotWriteOutsideTheExportFolder() throws IOException {
        Assumptions.assumeTrue(System.getenv(MpApiKey.ENV) == null, "MP_API_KEY is set in this environment; the test uses the settings file");
        Path settings = tmp.resolve("settings.properties");
        MpApiKey.save(settings, MpApiKey.of(FAKE_KEY));
        Path root = tmp.resolve("a").resolve("b");
        Path out = root.resolve("export");
        // JSON escapes: \u0000 is a NUL inside the id
        List<String> hostile = List.of("../../etc/x", "/etc/passwd", "..\\\\..\\\\windows", "mp-1/../../../y", "nul\\u0000byte", "C:x", "..", ".hidden");
        int i = 0;
        for (String id : hostile) {
            docs = List.of(mgO("mp-ok"), mgO(id));
            String said = fetch(settings, out, tmp.resolve("cache" + i++));
            // refusing the name is as good as cleaning it: the point is where files land
            assertTrue(said.startsWith("exit 0") || (said.startsWith("exit 1") && said.contains("error: material id")), said);
            List<Path> written;
            try (Stream<Path> w = Files.walk(tmp.resolve("a"))) { written = w.filter(Files::isRegularFile).toList(); }
            for (Path p : written) {
                assertEquals(out.toAbsolutePath().normalize(), p.toAbsolutePath().normalize().getParent(), id + " wrote outside the export folder: " + p);
                assertFalse(p.getFileName().toString().contains("\0"));
                assertFalse(p.getFileName().toString().startsWith("."), id + " made a hidden file: " + p);
            }
        }
        assertTrue(Files.exists(out.resolve("mp-ok.cif")));
        assertFalse(Files.exists(tmp.resolve("etc")) || Files.exists(tmp.resolve("a").resolve("etc")));
    }
}
