package org.crystalgan.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
 * (most of a second each); the benchmark ({@code FuzzBench N seed checkpoint}) runs 10,000 with 10 %.
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

    private static String replaceField(String header, String field, String value) {
        String out = header.replaceFirst("\"" + field + "\"\\s*:\\s*[^,\\n]+", "\"" + field + "\" : " + java.util.regex.Matcher.quoteReplacement(value));
        assertTrue(!out.equals(header), "the header has a field " + field);
        return out;
    }

    @Test
    void aPositionOrCountOutOfRangeIsAnInputError() throws Exception {
        // found by the checkpoint fuzz benchmark (seeds 1004791, 1006121, 1006731): resume took these as they stood
        // and resumed at batch 1661992959 or -2147483648, or at step Long.MIN_VALUE
        String header = new String(target.corpus().get(0), StandardCharsets.UTF_8);
        String[][] bad = {{"batch", "99999999999999999999"}, {"batch", "2147483648"}, {"step", "-1e309"}, {"epoch", "-1"},
            {"batch", "3"}, {"critic", "-1"}, {"epoch", "\"x\""}, {"epoch", "1e3"}, {"dataRows", "null"}};
        for (String[] b : bad) {
            Path f = work.resolve("count.json");
            Files.writeString(f, replaceField(header, b[0], b[1]));
            InputException e = assertThrows(InputException.class, () -> target.read(f), b[0] + " " + b[1]);
            assertTrue(e.getMessage().contains("\"" + b[0] + "\"") || e.getMessage().contains("." + b[0] + "\""), e.getMessage());
            assertTrue(e.getMessage().contains("checkpoint.json"), e.getMessage());
            Files.delete(f);
        }
        // the edge that is sound: a checkpoint written right after an epoch's last batch (64 rows, batches of 32)
        Path f = work.resolve("edge.json");
        Files.writeString(f, replaceField(header, "batch", "2"));
        assertNull(target.read(f));
        Files.delete(f);
    }

    @Test
    void aModelTrainedForNegativeEpochsIsAnInputError() throws Exception {
        String header = new String(target.corpus().get(1), StandardCharsets.UTF_8);
        Path f = work.resolve("model-count.json");
        Files.writeString(f, replaceField(header, "epochsTrained", "-3"));
        InputException e = assertThrows(InputException.class,
                () -> target.read(f, new Mutator.Mutant(Files.readAllBytes(f), "given", "LOAD/model.json/")));
        assertTrue(e.getMessage().contains("\"epochsTrained\" is -3"), e.getMessage());
        Files.delete(f);
    }

    @Test
    void aBinLongerThanItsArraysIsRefusedUnread() throws Exception {
        // found by the checkpoint fuzz benchmark (seeds 1000200, 1004771): a bin saved as UTF-32 and its size and
        // SHA-256 written into the header was read whole, 140 MB, 620 MB allocated by the case
        Path small = work.resolve("checkpoint-small-seed");
        byte[] bin = Files.readAllBytes(small.resolve("critic-small.bin"));
        Path f = work.resolve("long.bin");
        Files.write(f, java.util.Arrays.copyOf(bin, bin.length + (8 << 20)));
        InputException e = assertThrows(InputException.class,
                () -> target.read(f, new Mutator.Mutant(Files.readAllBytes(f), "given", "SMALL/critic-small.bin/re-signed")));
        assertTrue(e.getMessage().contains("critic-small.bin: corrupt (the header gives its size as " + (bin.length + (8 << 20))), e.getMessage());
        assertTrue(e.getMessage().contains("need " + bin.length + ")"), e.getMessage());
        Files.delete(f);
    }
}
