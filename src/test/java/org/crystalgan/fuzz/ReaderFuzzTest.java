package org.crystalgan.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

import org.crystalgan.crystal.InputException;
import org.crystalgan.encoding.Npy;
import org.crystalgan.io.StructureFiles;
import org.crystalgan.io.StructureFormatException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fast fuzz run of {@code mvn verify}: a few hundred mutated real files per reader (the
 * benchmark {@link FuzzBench} runs ten thousand), plus the cases fuzzing found, pinned as
 * regression tests.
 */
class ReaderFuzzTest {
    static final int CASES = 250;
    static ReaderFuzzer fuzzer;
    static Path work;

    @BeforeAll
    static void setUp() throws IOException {
        work = Files.createTempDirectory("crystalgan-fuzz-test");
        fuzzer = new ReaderFuzzer(work);
    }

    @AfterAll
    static void tearDown() throws IOException {
        fuzzer.close();
        try (var s = Files.list(work)) { s.forEach(p -> p.toFile().delete()); }
        Files.deleteIfExists(work);
    }

    private static void fuzz(ReaderFuzzer.Target t) throws IOException {
        Assumptions.assumeTrue(ReaderFuzzer.sharedData() != null, "shared reference data (../shared/data) not present: no seed files");
        ReaderFuzzer.Report r = fuzzer.run(t, CASES, 20261125L, 20);
        System.out.println(r.line());
        assertEquals(CASES, r.counts().values().stream().mapToInt(Integer::intValue).sum());
        assertTrue(r.clean(), () -> r.line() + "\n" + r.failures().stream().map(Object::toString).collect(Collectors.joining("\n")));
        // the mutations must reach both ends: some files still read, most are refused
        assertTrue(r.counts().getOrDefault(ReaderFuzzer.Outcome.RESULT, 0) > 0, r::line);
        assertTrue(r.counts().getOrDefault(ReaderFuzzer.Outcome.INPUT_ERROR, 0) > 0, r::line);
    }

    @Test void cif() throws IOException { fuzz(ReaderFuzzer.cif()); }

    /**
     * Grammar-aware CIF mutations (issue 19): every case is read or refused with a message, within
     * the runner's per-case time limit and its 512 MB allocation limit; seeds from the test resources.
     */
    @Test
    void cifGrammar() throws IOException {
        ReaderFuzzer.Report r = fuzzer.run(ReaderFuzzer.cifGrammar(), GRAMMAR_CASES, 20261207L, 20);
        System.out.println(r.line());
        assertTrue(r.clean(), () -> r.line() + "\n" + r.failures().stream().map(Object::toString).collect(Collectors.joining("\n")));
        assertTrue(r.counts().getOrDefault(ReaderFuzzer.Outcome.RESULT, 0) > 0, r::line);
        assertTrue(r.counts().getOrDefault(ReaderFuzzer.Outcome.INPUT_ERROR, 0) > 0, r::line);
    }

    static final int GRAMMAR_CASES = 80;

    @Test void poscar() throws IOException { fuzz(ReaderFuzzer.poscar()); }

    @Test void json() throws IOException { fuzz(ReaderFuzzer.json()); }

    @Test void npy() throws IOException { fuzz(ReaderFuzzer.npy()); }

    // ------------------------------------------------------------------ what fuzzing found

    static final String CIF = """
            data_rocksalt
            _cell_length_a 4.21
            _cell_length_b 4.21
            _cell_length_c 4.21
            _cell_angle_alpha 90
            _cell_angle_beta 90
            _cell_angle_gamma 90
            _symmetry_space_group_name_H-M 'F m -3 m'
            loop_
            _atom_site_label
            _atom_site_type_symbol
            _atom_site_fract_x
            _atom_site_fract_y
            _atom_site_fract_z
            Mg1 Mg 0 0 0
            O1 O 0.5 0.5 0.5
            """;

    @Test
    void cifCoordinateThatOverflowsIsAnInputError(@TempDir Path dir) throws IOException {
        // was: IllegalArgumentException from Site ("site coordinates must be finite numbers")
        Path f = dir.resolve("big.cif");
        Files.writeString(f, CIF.replace("O1 O 0.5 0.5 0.5", "O1 O 1e309 0.5 0.5"));
        StructureFormatException e = assertThrows(StructureFormatException.class, () -> StructureFiles.read(f));
        assertTrue(e.getMessage().contains("too large") && e.line() == 16, e.getMessage());
    }

    @Test
    void cifSymmetryOperationWithAnInfiniteTranslationIsAnInputError(@TempDir Path dir) throws IOException {
        // was: IllegalArgumentException from Site (FuzzBench seed 2, case 2000770)
        Path f = dir.resolve("op.cif");
        Files.writeString(f, CIF.replace("_symmetry_space_group_name_H-M 'F m -3 m'",
                "loop_\n_symmetry_equiv_pos_as_xyz\n'x,y,z'\n'-x+" + "9".repeat(400) + ",y,z'"));
        StructureFormatException e = assertThrows(StructureFormatException.class, () -> StructureFiles.read(f));
        assertTrue(e.getMessage().contains("out of range"), e.getMessage());
    }

    @Test
    void cifCellWhoseVolumeOverflowsIsAnInputError(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("huge.cif");
        Files.writeString(f, CIF.replace("_cell_length_a 4.21", "_cell_length_a 1e200").replace("_cell_length_b 4.21", "_cell_length_b 1e200"));
        StructureFormatException e = assertThrows(StructureFormatException.class, () -> StructureFiles.read(f));
        assertTrue(e.getMessage().contains("volume"), e.getMessage());
    }

    @Test
    void cifWithAnAtomRowRepeatedThousandsOfTimesIsRefusedQuickly(@TempDir Path dir) throws IOException {
        // was: over 2 s merging 7,661 copies of one row under 192 operations
        Path f = dir.resolve("long.cif");
        Files.writeString(f, CIF + "O2 O 0.25 0.25 0.25\n".repeat(8_000));
        long t0 = System.nanoTime();
        StructureFormatException e = assertThrows(StructureFormatException.class, () -> StructureFiles.read(f));
        assertTrue((System.nanoTime() - t0) / 1e9 < 2, "took too long");
        assertTrue(e.getMessage().contains("limit"), e.getMessage());
    }

    @Test
    void cifNumberOfTwentyThousandDigitsEndingBadlyIsRefusedQuickly(@TempDir Path dir) throws IOException {
        // was: the number pattern backtracked quadratically (over 2 s)
        Path f = dir.resolve("digits.cif");
        Files.writeString(f, CIF.replace("_cell_length_c 4.21", "_cell_length_c " + "9".repeat(20_000) + "x"));
        long t0 = System.nanoTime();
        StructureFormatException e = assertThrows(StructureFormatException.class, () -> StructureFiles.read(f));
        assertTrue((System.nanoTime() - t0) / 1e9 < 1, "took too long");
        assertEquals(4, e.line(), e.getMessage());
    }

    @Test
    void poscarCountOfABillionAtomsIsAnInputErrorNotOutOfMemory(@TempDir Path dir) throws IOException {
        // was: OutOfMemoryError (the site list was sized from the count)
        Path f = dir.resolve("POSCAR");
        Files.writeString(f, "MgO\n1.0\n4.2 0 0\n0 4.2 0\n0 0 4.2\nMg O\n999999999 1\nDirect\n0 0 0\n0.5 0.5 0.5\n");
        StructureFormatException e = assertThrows(StructureFormatException.class, () -> StructureFiles.read(f));
        assertEquals(7, e.line(), e.getMessage());
        Files.writeString(f, "MgO\n1.0\n4.2 0 0\n0 4.2 0\n0 0 4.2\nMg O\n2147483647 2147483647\nDirect\n0 0 0\n0.5 0.5 0.5\n");
        assertThrows(StructureFormatException.class, () -> StructureFiles.read(f));
    }

    @Test
    void poscarCartesianPositionThatOverflowsWhenScaledIsAnInputError(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("POSCAR");
        Files.writeString(f, "MgO\n10.0\n4.2 0 0\n0 4.2 0\n0 0 4.2\nMg O\n1 1\nCartesian\n0 0 0\n1e308 0.5 0.5\n");
        StructureFormatException e = assertThrows(StructureFormatException.class, () -> StructureFiles.read(f));
        assertEquals(10, e.line(), e.getMessage());
    }

    @Test
    void poscarScalingFactorThatOverflowsTheVolumeIsAnInputError(@TempDir Path dir) throws IOException {
        // was: a structure with an infinite cell volume returned as if sound
        Path f = dir.resolve("POSCAR");
        Files.writeString(f, "MgO\n1e120\n4.2 0 0\n0 4.2 0\n0 0 4.2\nMg O\n1 1\nDirect\n0 0 0\n0.5 0.5 0.5\n");
        StructureFormatException e = assertThrows(StructureFormatException.class, () -> StructureFiles.read(f));
        assertEquals(2, e.line(), e.getMessage());
    }

    @Test
    void poscarSpeciesWordThatIsOnlyAnUnderscoreIsAnInputError(@TempDir Path dir) throws IOException {
        // was: ArrayIndexOutOfBoundsException ("_".split("[_/]") is an empty array)
        Path f = dir.resolve("POSCAR");
        Files.writeString(f, "MgO\n1.0\n4.2 0 0\n0 4.2 0\n0 0 4.2\nMg _\n1 1\nDirect\n0 0 0\n0.5 0.5 0.5\n");
        StructureFormatException e = assertThrows(StructureFormatException.class, () -> StructureFiles.read(f));
        assertTrue(e.getMessage().contains("unknown element '_'"), e.getMessage());
    }

    @Test
    void jsonNumberThatOverflowsIsAnInputError(@TempDir Path dir) throws IOException {
        // was: IllegalArgumentException from Site (1e309 read as infinity)
        Path f = dir.resolve("x.json");
        Files.writeString(f, "{\"lattice\": {\"matrix\": [[4.2, 0, 0], [0, 4.2, 0], [0, 0, 4.2]]}, \"sites\": ["
                + "{\"species\": [{\"element\": \"Mg\", \"occu\": 1}], \"abc\": [1e309, 0, 0]}]}");
        StructureFormatException e = assertThrows(StructureFormatException.class, () -> StructureFiles.read(f));
        assertTrue(e.getMessage().contains("too large"), e.getMessage());
        Files.writeString(f, "{\"lattice\": {\"matrix\": [[1e200, 0, 0], [0, 1e200, 0], [0, 0, 4.2]]}, \"sites\": []}");
        e = assertThrows(StructureFormatException.class, () -> StructureFiles.read(f));
        assertTrue(e.getMessage().contains("volume"), e.getMessage());
    }

    private static byte[] npyWithShapeText(String shape, int dataBytes) {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }";
        int pad = 64 - (10 + dict.length() + 1) % 64;
        String header = dict + " ".repeat(pad % 64) + "\n";
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        b.write(header.length() & 0xff);
        b.write(header.length() >> 8);
        b.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
        b.writeBytes(new byte[dataBytes]);
        return b.toByteArray();
    }

    @Test
    void npyHeaderAnnouncingAHugeArrayInASmallFileAllocatesNothingBig() throws IOException {
        // was: a double[] of the announced size allocated before the data was read (400 MB here)
        byte[] file = npyWithShapeText("(50000000,)", 360);
        var mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = mx.getCurrentThreadAllocatedBytes();
        InputException e = assertThrows(InputException.class, () -> Npy.read(new ByteArrayInputStream(file), "big.npy"));
        assertTrue(mx.getCurrentThreadAllocatedBytes() - before < 64L << 20, "allocated too much");
        assertTrue(e.getMessage().contains("ends after 90 of the 50000000 values"), e.getMessage());
    }

    @Test
    void npyShapeWhoseProductOverflowsIsAnInputError() {
        // was: the product wrapped around to a negative size (NegativeArraySizeException)
        byte[] file = npyWithShapeText("(2147483647, 2147483647, 2147483647)", 16);
        InputException e = assertThrows(InputException.class, () -> Npy.read(new ByteArrayInputStream(file), "wrap.npy"));
        assertTrue(e.getMessage().contains("too large"), e.getMessage());
    }

    @Test
    void npyStillReadsWhatItWrites() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        Npy.write(b, new int[] {2, 3}, new double[] {1, 2, 3, 4, 5, Double.NaN}, Npy.DType.FLOAT64, ByteOrder.BIG_ENDIAN);
        Npy.Array a = Npy.read(new ByteArrayInputStream(b.toByteArray()), "x.npy");
        assertEquals(5.0, a.data()[4]);
        assertTrue(Double.isNaN(a.data()[5]));
    }
}
