package org.crystalgan.encoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.crystalgan.base.Csv;
import org.crystalgan.base.Progress;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.InputException;
import org.crystalgan.crystal.Lattice;
import org.crystalgan.crystal.Site;
import org.crystalgan.crystal.Structure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetBuilderTest {
    private static final Representation R = Representation.MG_MN_O;
    private static final DatasetBuilder.FolderReader NO_FOLDERS = dir -> { throw new AssertionError("no folder expected"); };
    @TempDir Path tmp;

    private static Structure rocksalt(String cation, double a) {
        return new Structure(Lattice.cubic(a), List.of(new Site(Element.of(cation), 0, 0, 0), new Site(Element.of("O"), .5, .5, .5)));
    }

    @Test
    void skipsWhatDoesNotFitAndKeepsDuplicatesOnce() {
        Structure mgo = rocksalt("Mg", 3.0);
        // the same crystal with its atoms listed in another order and shifted by a lattice vector
        Structure mgoAgain = new Structure(Lattice.cubic(3.0), List.of(new Site(Element.of("O"), .5, .5, 1.5), new Site(Element.of("Mg"), 1, 0, 0)));
        Structure feo = rocksalt("Fe", 3.0);
        Structure longMno = rocksalt("Mn", 31);
        List<Augmenter.Input> in = List.of(new Augmenter.Input("MgO", mgo), new Augmenter.Input("MgO-copy", mgoAgain),
                new Augmenter.Input("FeO", feo), new Augmenter.Input("long MnO", longMno));
        DatasetBuilder b = new DatasetBuilder(new DatasetBuilder.Options(R, 0, 1, true), NO_FOLDERS);
        DatasetBuilder.Report r = b.build(new DatasetBuilder.SourceContents(in, List.of(new DatasetBuilder.Skipped("bad.cif", "line 3: no cell"))), Progress.NONE);
        assertEquals(1, r.dataset().count());
        assertEquals(1, r.duplicates());
        assertEquals(5, r.inputs());
        List<String> why = r.skipped().stream().map(DatasetBuilder.Skipped::toString).toList();
        assertEquals(4, why.size(), why.toString());
        assertTrue(why.contains("bad.cif: line 3: no cell"), why.toString());
        assertTrue(why.stream().anyMatch(s -> s.startsWith("MgO-copy: same matrix as MgO")), why.toString());
        assertTrue(why.stream().anyMatch(s -> s.startsWith("FeO: ") && s.contains("contains Fe")), why.toString());
        assertTrue(why.stream().anyMatch(s -> s.startsWith("long MnO: ") && s.contains("31.000 Å")), why.toString());
    }

    @Test
    void augmentsToTheTargetAndSavesNpyPlusCsv() {
        List<Augmenter.Input> in = List.of(new Augmenter.Input("MgO", rocksalt("Mg", 3.0)), new Augmenter.Input("MnO", rocksalt("Mn", 3.1)));
        DatasetBuilder b = new DatasetBuilder(new DatasetBuilder.Options(R, 7, 3, true), NO_FOLDERS);
        Dataset ds = b.build(new DatasetBuilder.SourceContents(in, List.of()), Progress.NONE).dataset();
        // MgO, MnO and their doublings Mg2O2 and Mn2O2 (three doublings each, one composition)
        assertEquals(4 * 7, ds.count());
        Dataset.Statistics st = ds.statistics();
        assertEquals(List.of("Mg2O2", "MgO", "Mn2O2", "MnO"), List.copyOf(st.perComposition().keySet()));
        assertEquals(3.0, st.min()[0], 1e-5);
        assertEquals(6.2, st.max()[0], 1e-5);
        assertEquals(2, st.minAtoms());
        assertEquals(4, st.maxAtoms());
        assertEquals(27.0, st.minVolume(), 1e-3);

        Path npy = tmp.resolve("set.npy");
        ds.save(npy);
        Npy.Array a = Npy.read(npy);
        assertArrayEquals(new int[] {28, 30, 3}, a.shape());
        assertEquals(Npy.DType.FLOAT32, a.dtype());
        Dataset back = Dataset.load(npy, R);
        assertArrayEquals(ds.matrices(), back.matrices());
        assertEquals(ds.compositions(), back.compositions());
        assertEquals(ds.sources(), back.sources());
        assertTrue(back.sources().contains("MgO*2a"));
    }

    @Test
    void csvQuotesNamesWithCommas() {
        String[] f = Dataset.parseCsvLine(Csv.field("Mg2O2") + "," + Csv.field("a, \"b\""));
        assertArrayEquals(new String[] {"Mg2O2", "a, \"b\""}, f);
    }

    /** The reference array through the builder: all rows decode; names come from names.txt beside it. */
    @Test
    void readsTheReferenceArrayWithItsNames() {
        Path ref = SharedData.mgmno("unique_sc_mgmno_fixed.npy");
        DatasetBuilder b = new DatasetBuilder(new DatasetBuilder.Options(R, 0, 1, false), NO_FOLDERS);
        DatasetBuilder.Report r = b.build(ref, Progress.NONE);
        assertEquals(2627, r.inputs());
        assertEquals("mp-1000487_pox_al_mg", r.dataset().sources().get(0));
        assertEquals(2627, r.dataset().count() + r.duplicates());
        assertEquals(r.duplicates(), r.skipped().size(), "every reference row fits; only duplicates are skipped");
        Dataset.Statistics st = r.dataset().statistics();
        assertEquals(112, st.compositionCount());
    }

    /** Two sources (say, the reference rows and one's own relaxed cells) build one set; a row in both is kept once. */
    @Test
    void combinesSourcesInOrderKeepingSharedStructuresOnce() throws IOException {
        Path ref = SharedData.mgmno("unique_sc_mgmno_fixed.npy");
        Npy.Array a = Npy.read(ref);
        Path first = tmp.resolve("first/a.npy");
        Path second = tmp.resolve("second/b.npy");
        Files.createDirectories(first.getParent());
        Files.createDirectories(second.getParent());
        Npy.writeFloat64(first, new int[] {10, 30, 3}, Arrays.copyOf(a.data(), 10 * 90));
        // rows 5-14: rows 5-9 are in both sources
        Npy.writeFloat64(second, new int[] {10, 30, 3}, Arrays.copyOfRange(a.data(), 5 * 90, 15 * 90));
        DatasetBuilder b = new DatasetBuilder(new DatasetBuilder.Options(R, 0, 1, false), NO_FOLDERS);
        Path out = tmp.resolve("out/both.npy");
        DatasetBuilder.Report r = b.buildToFile(List.of(first, second), out, Progress.NONE);
        assertEquals(20, r.inputs());
        assertEquals(15, r.dataset().count());
        assertEquals(5, r.duplicates());
        float[] m = r.dataset().matrices();
        Dataset alone = b.build(first, Progress.NONE).dataset();
        // the first source's rows come first, unchanged
        assertArrayEquals(alone.matrices(), Arrays.copyOf(m, alone.matrices().length));
        assertTrue(b.buildToFile(List.of(first, second), out, Progress.NONE).reused());
        // the order decides which copy of a shared row is kept, so another order is another set
        assertFalse(b.buildToFile(List.of(second, first), out, Progress.NONE).reused());
        assertTrue(Files.readString(tmp.resolve("out/both.build.json")).contains(" + "));
    }

    @Test
    void cacheIsReusedWhenUnchangedAndRebuiltWhenAnythingChanges() throws IOException {
        Path ref = SharedData.mgmno("unique_sc_mgmno_fixed.npy");
        Npy.Array a = Npy.read(ref);
        Path src = tmp.resolve("src.npy");
        Npy.writeFloat64(src, new int[] {20, 30, 3}, Arrays.copyOf(a.data(), 20 * 90));
        Path out = tmp.resolve("out/train.npy");
        DatasetBuilder b = new DatasetBuilder(new DatasetBuilder.Options(R, 12, 5, true), NO_FOLDERS);
        DatasetBuilder.Report first = b.buildToFile(src, out, Progress.NONE);
        assertFalse(first.reused());
        assertTrue(Files.exists(tmp.resolve("out/train.csv")) && Files.exists(tmp.resolve("out/train.build.json")));
        String json = Files.readString(tmp.resolve("out/train.build.json"));
        assertTrue(json.contains("\"perComposition\": 12") && json.contains("\"seed\": 5"), json);

        DatasetBuilder.Report second = b.buildToFile(src, out, Progress.NONE);
        assertTrue(second.reused());
        assertArrayEquals(first.dataset().matrices(), second.dataset().matrices());
        assertEquals(first.dataset().sources(), second.dataset().sources());

        // another seed: rebuilt, different matrices
        DatasetBuilder.Report seeded = new DatasetBuilder(new DatasetBuilder.Options(R, 12, 6, true), NO_FOLDERS).buildToFile(src, out, Progress.NONE);
        assertFalse(seeded.reused());
        assertFalse(Arrays.equals(first.dataset().matrices(), seeded.dataset().matrices()));

        // the source changes: rebuilt
        Npy.writeFloat64(src, new int[] {19, 30, 3}, Arrays.copyOf(a.data(), 19 * 90));
        assertFalse(new DatasetBuilder(new DatasetBuilder.Options(R, 12, 6, true), NO_FOLDERS).buildToFile(src, out, Progress.NONE).reused());
        // the output is damaged: rebuilt, not trusted
        Files.write(out, new byte[] {1, 2, 3});
        DatasetBuilder.Report repaired = new DatasetBuilder(new DatasetBuilder.Options(R, 12, 6, true), NO_FOLDERS).buildToFile(src, out, Progress.NONE);
        assertFalse(repaired.reused());
        assertEquals(repaired.dataset().count(), Dataset.load(out, R).count());
        // no temporary files left behind
        try (var s = Files.list(tmp.resolve("out"))) {
            assertEquals(List.of("train.build.json", "train.csv", "train.npy", "train.skipped.txt"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void unreadableRowsAndWrongShapesAreReported() {
        double[] d = new double[3 * 90];
        System.arraycopy(R.encodeDouble(rocksalt("Mg", 3))[0], 0, d, 0, 3);
        double[][] m = R.encodeDouble(rocksalt("Mg", 3));
        for (int r = 0; r < 30; r++) System.arraycopy(m[r], 0, d, 2 * 90 + r * 3, 3);
        Path npy = tmp.resolve("x.npy");
        Npy.writeFloat64(npy, new int[] {3, 30, 3}, d);
        DatasetBuilder b = new DatasetBuilder(new DatasetBuilder.Options(R, 0, 1, false), NO_FOLDERS);
        DatasetBuilder.Report r = b.build(npy, Progress.NONE);
        assertEquals(1, r.dataset().count());
        assertEquals(2, r.skipped().size());
        assertTrue(r.skipped().get(0).toString().startsWith("x.npy#0 (row 0): "), r.skipped().toString());

        Path wrong = tmp.resolve("wrong.npy");
        Npy.writeFloat32(wrong, new int[] {2, 22, 3}, new float[132]);
        InputException e = assertThrows(InputException.class, () -> b.build(wrong, Progress.NONE));
        assertTrue(e.getMessage().contains("(2, 22, 3)") && e.getMessage().contains("(n, 30, 3)"), e.getMessage());
        InputException t = assertThrows(InputException.class, () -> b.build(tmp.resolve("notes.txt"), Progress.NONE));
        assertTrue(t.getMessage().contains("no such file"), t.getMessage());
    }

    @Test
    void foldersGoThroughTheFolderReader() {
        List<Path> asked = new ArrayList<>();
        DatasetBuilder b = new DatasetBuilder(new DatasetBuilder.Options(R, 0, 1, false), dir -> {
            asked.add(dir);
            return new DatasetBuilder.SourceContents(List.of(new Augmenter.Input("MgO.cif", rocksalt("Mg", 4.2))), List.of());
        });
        assertEquals(1, b.build(tmp, Progress.NONE).dataset().count());
        assertEquals(List.of(tmp), asked);
    }

    /** A folder of the shared CIFs plus a file that is no structure: read with io's StructureFiles. */
    @Test
    void readsAFolderOfCifFiles() throws IOException {
        Path cifs = SharedData.mgmno("cif");
        Path dir = tmp.resolve("cifs");
        Files.createDirectories(dir);
        List<Path> some;
        try (var s = Files.list(cifs)) { some = s.sorted().limit(6).toList(); }
        for (Path p : some) Files.copy(p, dir.resolve(p.getFileName()));
        Files.writeString(dir.resolve("notes.txt"), "not a crystal");
        Files.writeString(dir.resolve("broken.cif"), "data_x\n_cell_length_a 3\n");
        DatasetBuilder.Report r = new DatasetBuilder(new DatasetBuilder.Options(R, 0, 1, false), org.crystalgan.workflow.DatasetService.FOLDERS).build(dir, Progress.NONE);
        assertEquals(6, r.dataset().count());
        List<String> names = r.skipped().stream().map(DatasetBuilder.Skipped::name).toList();
        assertTrue(names.contains("notes.txt") && names.contains("broken.cif"), r.skipped().toString());
        // the first CIF is reference row 0: same matrix to float precision
        Npy.Array ref = Npy.read(SharedData.mgmno("unique_sc_mgmno_fixed.npy"));
        int row = r.dataset().sources().indexOf(r.dataset().sources().stream().filter(n -> n.contains("mp-1000487_pox_al_mg")).findFirst().orElseThrow());
        Structure fromCif = r.dataset().structure(row);
        Structure fromNpy = R.decode(ref.data(), 0);
        assertEquals(fromNpy.composition(), fromCif.composition());
        assertArrayEquals(fromNpy.sortedPairDistances(), fromCif.sortedPairDistances(), 1e-4);
    }
}
