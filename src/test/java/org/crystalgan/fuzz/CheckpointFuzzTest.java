package org.crystalgan.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Collectors;

import org.crystalgan.crystal.InputException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The checkpoint readers under mutated headers and bins: mostly the format's reader over a small
 * checkpoint (milliseconds a case), 2 % through resume, export and model loading over a real one
 * (most of a second each); the benchmark ({@code FuzzBench N seed checkpoint}) runs 10,000 with 5 %.
 */
class CheckpointFuzzTest {
    static final int CASES = 250;
    static Path work;
    static ReaderFuzzer fuzzer;
    static ReaderFuzzer.Target target;

    @BeforeAll
    static void setUp() throws IOException {
        Assumptions.assumeTrue(ReaderFuzzer.sharedData() != null, "shared reference data (../shared/data) not present: no training matrices");
        work = Files.createTempDirectory("crystalgan-ckpt-fuzz");
        fuzzer = new ReaderFuzzer(work);
        target = ReaderFuzzer.checkpoint(work, 2);
        target.corpus();
    }

    @AfterAll
    static void tearDown() throws IOException {
        if (fuzzer != null) fuzzer.close();
        if (work != null) try (var s = Files.walk(work)) { s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete()); }
    }

    @Test
    void mutatedCheckpointsEndInAResultOrAnInputError() throws IOException {
        ReaderFuzzer.Report r = fuzzer.run(target, CASES, 20261125L, 20);
        System.out.println(r.line());
        System.out.print(target.breakdown());
        assertEquals(CASES, r.counts().values().stream().mapToInt(Integer::intValue).sum());
        assertTrue(r.clean(), () -> r.line() + "\n" + r.failures().stream().map(Object::toString).collect(Collectors.joining("\n")));
        // both ends reached on the small checkpoint, and at least one case through the full readers
        assertTrue(target.breakdown().contains("small result"), target::breakdown);
        assertTrue(target.breakdown().contains("small input error"), target::breakdown);
        assertTrue(target.breakdown().matches("(?s).*(resume|export|load) .*"), target::breakdown);
    }

    @Test
    void anOffsetThatOverflowsIsAnInputError() throws Exception {
        // found by the checkpoint fuzz benchmark (seed 1000354): "offset": 1e309 gave IndexOutOfBoundsException
        String header = new String(target.corpus().get(0), StandardCharsets.UTF_8);
        Path f = work.resolve("offset.json");
        Files.writeString(f, header.replaceFirst("\"offset\"\\s*:\\s*0", "\"offset\" : 1e309"));
        assertTrue(!Files.readString(f).equals(header), "the header has an offset 0 to replace");
        InputException e = assertThrows(InputException.class, () -> target.read(f));
        assertTrue(e.getMessage().contains("outside the file"), e.getMessage());
        Files.delete(f);
    }

    @Test
    void aHeaderCannotPointOutsideItsFolder() throws Exception {
        String header = new String(target.corpus().get(0), StandardCharsets.UTF_8);
        String bin = header.replaceAll("(?s).*?\"file\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        assertTrue(bin.endsWith(".bin"), bin);
        // the bin is also there one folder up, so only the name check can stop the read
        Path pristine = work.resolve("checkpoint-seed");
        Files.copy(pristine.resolve(bin), work.resolve(bin));
        for (String evil : new String[] {"../" + bin, "/" + work.resolve(bin).toString().substring(1), "..", "sub/" + bin, bin + "\0"}) {
            Path f = work.resolve("evil.json");
            Files.writeString(f, header.replace("\"" + bin + "\"", "\"" + evil.replace("\0", "\\u0000") + "\""));
            InputException e = assertThrows(InputException.class, () -> target.read(f), evil);
            assertTrue(e.getMessage().contains("not a plain file name"), e.getMessage());
            Files.delete(f);
        }
    }
}
