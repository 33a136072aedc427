package org.crystalgan.encoding;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.crystalgan.base.Progress;
import org.crystalgan.crystal.InputException;
import org.crystalgan.crystal.Structure;

/**
 * Builds a training {@link Dataset} from a source: a {@code .npy} array of matrices, or a folder of
 * structure files (CIF, POSCAR, pymatgen JSON; a Materials Project download made by {@code fetch} is
 * such a folder). Structures that do not fit the representation are skipped and reported with the
 * reason; identical matrices are kept once; then each composition is augmented to the target count.
 * A structure whose cell holds more atoms than the representation has rows is first replaced by a
 * smaller cell of the same crystal when a {@link CellReducer} is given (the primitive cell: the
 * conventional 28-atom MgMn2O4 spinel cell becomes its 14-atom primitive cell, Mg6MnO8's 60 become 15);
 * only when that cell does not fit either is the structure left out.
 *
 * <p>{@link #buildToFile} caches: next to {@code FILE.npy} it writes {@code FILE.build.json}, holding
 * a SHA-256 key over the source's bytes and every build parameter, and the SHA-256 of the written
 * array. When both still match, the files are reused instead of rebuilt.
 */
public final class DatasetBuilder {
    /** Bumped whenever the output for the same inputs would change, so old caches are rebuilt. */
    static final int FORMAT_VERSION = 1;

    /**
     * @param perComposition matrices per cell composition after augmentation; 0 keeps the unique
     *                       inputs as they are
     * @param supercells     add the doublings along a, b, c that fit (the paper's supercell step)
     */
    public record Options(Representation representation, int perComposition, long seed, boolean supercells) {
        public Options {
            Objects.requireNonNull(representation);
            if (perComposition < 0) throw new InputException("the count per composition cannot be negative (got " + perComposition + ")");
        }

        /** The paper's set: Mg-Mn-O, 1,000 per composition, supercells on. */
        public static Options paper(long seed) {
            return new Options(Representation.MG_MN_O, Augmenter.PAPER_PER_COMPOSITION, seed, true);
        }

        String describe() {
            return representation.name() + "|" + representation.elements() + "|" + representation.maxAtoms() + "|"
                    + representation.maxLengthAngstrom() + "|" + perComposition + "|" + seed + "|" + supercells;
        }
    }

    /** A structure left out, and why (in words for a chemist). */
    public record Skipped(String name, String reason) {
        @Override public String toString() { return name + ": " + reason; }
    }

    /**
     * @param inputs     structures read from the source
     * @param duplicates inputs dropped because an earlier one had the same matrix
     * @param reused     true when the cached files were reused instead of rebuilding
     */
    public record Report(Dataset dataset, int inputs, List<Skipped> skipped, int duplicates, boolean reused, int reduced) {
        public Report(Dataset dataset, int inputs, List<Skipped> skipped, int duplicates, boolean reused) {
            this(dataset, inputs, skipped, duplicates, reused, 0);
        }
    }

    /**
     * A smaller cell of the same crystal (for example the primitive cell), or the structure itself.
     * The encoding layer knows no symmetry, so the caller supplies it (the screening package's
     * {@code PrimitiveCell.find}).
     */
    @FunctionalInterface
    public interface CellReducer {
        Structure reduce(Structure s);
    }

    /** Keeps every cell as it is. */
    public static final CellReducer NO_REDUCTION = s -> s;

    /** What a source holds: structures with names, and what could not be read. */
    public record SourceContents(List<Augmenter.Input> structures, List<Skipped> unreadable) { }

    /**
     * Reads a folder of structure files. Encoding reads no file formats itself: the workflow layer's
     * {@code DatasetService.FOLDERS} reads CIF / POSCAR / JSON folders; tests may pass their own.
     */
    @FunctionalInterface
    public interface FolderReader {
        SourceContents read(Path folder);
    }

    private final Options options;
    private final FolderReader folderReader;
    private final CellReducer reducer;
    private final boolean everyElement;

    /** The table of properties in a Materials Project download folder; not a structure, so not reported. */
    public static final String MP_INDEX = "materials.csv";

    public DatasetBuilder(Options options, FolderReader folderReader) {
        this(options, folderReader, NO_REDUCTION, false);
    }

    private DatasetBuilder(Options options, FolderReader folderReader, CellReducer reducer, boolean everyElement) {
        this.options = Objects.requireNonNull(options);
        this.folderReader = Objects.requireNonNull(folderReader);
        this.reducer = Objects.requireNonNull(reducer);
        this.everyElement = everyElement;
    }

    /** The same builder, trying {@code reducer}'s smaller cell for structures too large as given. */
    public DatasetBuilder withCellReducer(CellReducer reducer) {
        return new DatasetBuilder(options, folderReader, reducer, everyElement);
    }

    /**
     * The same builder, leaving out structures that lack one of the representation's elements: the
     * composition-conditioned GAN learns only from matrices holding every element (Mg, Mn and O), so
     * a binary's rows would be dropped at training anyway.
     */
    public DatasetBuilder withEveryElementRequired() {
        return new DatasetBuilder(options, folderReader, reducer, true);
    }

    public Options options() { return options; }

    // ------------------------------------------------------------------ sources

    /** Read a source: a .npy file or a folder. */
    public SourceContents read(Path source) {
        if (Files.isDirectory(source)) return folderReader.read(source);
        if (!Files.exists(source)) throw new InputException(source + ": no such file or folder");
        if (source.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy")) return readNpy(source);
        throw new InputException(source + ": not a training-set source; give a folder of CIF / POSCAR / JSON files"
                + " (or a Materials Project download folder) or a .npy array");
    }

    /**
     * The rows of an .npy of matrices as structures. Names come from FILE.csv (a set this program
     * wrote) or a names.txt beside it with one line per row (the reference data), else "FILE.npy#i".
     */
    SourceContents readNpy(Path npy) {
        Representation rep = options.representation();
        Npy.Array a = Dataset.readMatrices(npy, rep);
        int n = a.shape()[0];
        List<String> names = namesFor(npy, n);
        List<Augmenter.Input> out = new ArrayList<>(n);
        List<Skipped> bad = new ArrayList<>();
        double[] d = a.data();
        for (int i = 0; i < n; i++) {
            String name = names == null ? npy.getFileName() + "#" + i : names.get(i);
            try {
                out.add(new Augmenter.Input(name, rep.decode(d, i * rep.size())));
            } catch (InputException e) {
                bad.add(new Skipped(name + " (row " + i + ")", e.getMessage()));
            }
        }
        return new SourceContents(out, bad);
    }

    private static List<String> namesFor(Path npy, int n) {
        Path csv = Dataset.csvFor(npy);
        if (Files.exists(csv)) {
            List<String[]> rows = Dataset.readCsv(csv);
            if (rows.size() == n) return rows.stream().map(r -> r.length > 1 ? r[1] : r[0]).toList();
        }
        Path txt = npy.resolveSibling("names.txt");
        if (Files.exists(txt)) {
            try {
                List<String> lines = Files.readAllLines(txt, StandardCharsets.UTF_8).stream().map(String::strip)
                        .filter(s -> !s.isEmpty()).toList();
                if (lines.size() == n) return lines;
            } catch (IOException e) {
                throw new InputException(txt + ": cannot read: " + e.getMessage(), e);
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ build

    /** A structure as it will be encoded: itself, or its reduced cell (reduced = true). */
    public record Fitted(Structure structure, boolean reduced) { }

    /**
     * The cell of {@code s} that fits the representation: {@code s} itself, else the reducer's smaller
     * cell; also checks that every element is present when {@link #withEveryElementRequired} is set.
     *
     * @throws InputException saying why neither cell can be used
     */
    public Fitted fit(Structure s) {
        Representation rep = options.representation();
        if (everyElement) {
            List<String> missing = new ArrayList<>();
            for (var e : rep.elements()) if (s.composition().amount(e) <= 0) missing.add(e.symbol());
            if (!missing.isEmpty()) {
                throw new InputException(s.composition().formula() + " has no " + String.join(" or ", missing)
                        + "; the GAN learns only from cells that hold " + elementList(rep) + " together");
            }
        }
        try {
            rep.checkFits(s);
            return new Fitted(s, false);
        } catch (InputException tooLarge) {
            // a foreign element or a disordered site stays a problem in any cell
            if (!s.isOrdered()) throw tooLarge;
            for (var site : s.sites()) if (rep.indexOf(site.element()) < 0) throw tooLarge;
            Structure r;
            try {
                r = reducer.reduce(s);
            } catch (RuntimeException e) {
                throw tooLarge;
            }
            if (r == null || r == s) throw tooLarge;
            try {
                rep.checkFits(r);
            } catch (InputException stillTooLarge) {
                throw new InputException(tooLarge.getMessage() + "; its smallest cell (" + r.size() + " atoms) does not fit either: "
                        + stillTooLarge.getMessage());
            }
            return new Fitted(r, true);
        }
    }

    private static String elementList(Representation rep) {
        List<String> s = rep.elements().stream().map(e -> e.symbol()).toList();
        if (s.size() == 1) return s.get(0);
        return String.join(", ", s.subList(0, s.size() - 1)) + " and " + s.get(s.size() - 1);
    }

    /** Build from a source without caching. */
    public Report build(Path source, Progress progress) {
        return build(List.of(source), progress);
    }

    /** Build from several sources, read in order, without caching. */
    public Report build(List<Path> sources, Progress progress) {
        List<Augmenter.Input> structures = new ArrayList<>();
        List<Skipped> unreadable = new ArrayList<>();
        for (Path source : sources) {
            progress.update(0, 0, "reading " + source);
            SourceContents c = read(source);
            structures.addAll(c.structures());
            unreadable.addAll(c.unreadable());
        }
        return build(new SourceContents(structures, unreadable), progress);
    }

    /** Build from structures already read. */
    public Report build(SourceContents contents, Progress progress) {
        Representation rep = options.representation();
        List<Skipped> skipped = new ArrayList<>(contents.unreadable());
        List<Augmenter.Input> unique = new ArrayList<>();
        Map<MatrixKey, String> seen = new HashMap<>();
        int duplicates = 0, reduced = 0;
        double[] buf = new double[rep.size()];
        int done = 0;
        for (Augmenter.Input given : contents.structures()) {
            if ((++done & 255) == 0) {
                progress.checkCancelled();
                progress.update(done, contents.structures().size(), "encoding");
            }
            Augmenter.Input in = given;
            try {
                Fitted f = fit(given.structure());
                if (f.reduced()) {
                    reduced++;
                    in = new Augmenter.Input(given.name(), f.structure());
                }
                rep.encodeInto(in.structure(), buf, 0);
            } catch (InputException e) {
                skipped.add(new Skipped(given.name(), e.getMessage()));
                continue;
            }
            MatrixKey key = MatrixKey.of(rep, buf);
            String first = seen.putIfAbsent(key, in.name());
            if (first != null) {
                duplicates++;
                skipped.add(new Skipped(in.name(), "same matrix as " + first + " (duplicate, kept once)"));
                continue;
            }
            unique.add(in);
        }
        Dataset ds;
        if (options.perComposition() == 0) {
            float[] m = new float[unique.size() * rep.size()];
            List<String> comps = new ArrayList<>(), srcs = new ArrayList<>();
            for (int i = 0; i < unique.size(); i++) {
                rep.encodeInto(unique.get(i).structure(), m, i * rep.size());
                comps.add(Augmenter.key(unique.get(i).structure()));
                srcs.add(unique.get(i).name());
            }
            ds = new Dataset(rep, m, comps, srcs);
        } else {
            Augmenter aug = new Augmenter(rep, options.perComposition(), options.seed(), options.supercells());
            ds = Dataset.of(aug.augment(unique, progress));
        }
        return new Report(ds, contents.structures().size() + contents.unreadable().size(), List.copyOf(skipped), duplicates, false, reduced);
    }

    /**
     * Build from {@code source} into {@code npy} (+ .csv, .build.json, .skipped.txt), or reuse those
     * files when the source's bytes and the options are unchanged and the array is intact.
     */
    public Report buildToFile(Path source, Path npy, Progress progress) {
        return buildToFile(List.of(source), npy, progress);
    }

    /**
     * Build from several sources at once (e.g. the reference array and a folder of one's own relaxed structures), in
     * the order given: their structures are read one after the other, then encoded, de-duplicated and augmented
     * together, so a structure in two sources is kept once. Cached as {@link #buildToFile(Path, Path, Progress)}.
     */
    public Report buildToFile(List<Path> sources, Path npy, Progress progress) {
        if (sources.isEmpty()) throw new IllegalArgumentException("no source");
        String key = cacheKey(sources);
        Path sidecar = Dataset.sibling(npy, ".build.json");
        Path skippedFile = Dataset.sibling(npy, ".skipped.txt");
        Map<String, String> old = readSidecar(sidecar);
        if (key.equals(old.get("key")) && Files.exists(npy) && Files.exists(Dataset.csvFor(npy))
                && sha256(npy).equals(old.get("npySha256"))) {
            progress.update(1, 1, "reusing " + npy);
            Dataset ds = Dataset.load(npy, options.representation());
            List<Skipped> skipped = readSkipped(skippedFile);
            int inputs = Integer.parseInt(old.getOrDefault("inputs", "0"));
            int dups = Integer.parseInt(old.getOrDefault("duplicates", "0"));
            return new Report(ds, inputs, skipped, dups, true);
        }
        Report r = build(sources, progress);
        progress.checkCancelled();
        // the sidecar goes last: a build interrupted before it leaves no valid cache entry
        try { Files.deleteIfExists(sidecar); } catch (IOException e) { throw new InputException(sidecar + ": cannot replace: " + e.getMessage(), e); }
        r.dataset().save(npy);
        StringBuilder sk = new StringBuilder();
        for (Skipped s : r.skipped()) sk.append(s.name().replace('\t', ' ')).append('\t').append(s.reason().replace('\n', ' ')).append('\n');
        byte[] skBytes = sk.toString().getBytes(StandardCharsets.UTF_8);
        Npy.writeAtomically(skippedFile, out -> out.write(skBytes));
        String json = "{\n"
                + "  \"format\": " + FORMAT_VERSION + ",\n"
                + "  \"key\": \"" + key + "\",\n"
                + "  \"source\": \"" + jsonEscape(sources.stream().map(p -> p.toAbsolutePath().normalize().toString())
                        .collect(java.util.stream.Collectors.joining(" + "))) + "\",\n"
                + "  \"representation\": \"" + jsonEscape(options.representation().name()) + "\",\n"
                + "  \"perComposition\": " + options.perComposition() + ",\n"
                + "  \"seed\": " + options.seed() + ",\n"
                + "  \"supercells\": " + options.supercells() + ",\n"
                + "  \"count\": " + r.dataset().count() + ",\n"
                + "  \"inputs\": " + r.inputs() + ",\n"
                + "  \"duplicates\": " + r.duplicates() + ",\n"
                + "  \"skipped\": " + r.skipped().size() + ",\n"
                + "  \"npySha256\": \"" + sha256(npy) + "\"\n"
                + "}\n";
        byte[] jb = json.getBytes(StandardCharsets.UTF_8);
        Npy.writeAtomically(sidecar, out -> out.write(jb));
        return r;
    }

    /**
     * One source: {@link #cacheKey(Path)}, so caches of single-source builds stay valid; several: a digest of their
     * keys in order (the order decides which copy of a duplicate is kept, so it is part of the key).
     */
    String cacheKey(List<Path> sources) {
        if (sources.size() == 1) return cacheKey(sources.get(0));
        MessageDigest md = sha();
        md.update("crystalgan-dataset-sources".getBytes(StandardCharsets.UTF_8));
        for (Path p : sources) md.update(("\n" + cacheKey(p)).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(md.digest());
    }

    /** SHA-256 over the format version, the options and the bytes (and relative names) of the source. */
    String cacheKey(Path source) {
        MessageDigest md = sha();
        // the default builder's key is unchanged, so caches written before cell reduction existed stay valid
        String extra = (reducer != NO_REDUCTION ? "|reduced" : "") + (everyElement ? "|everyElement" : "");
        md.update(("crystalgan-dataset|" + FORMAT_VERSION + "|" + options.describe() + extra + "\n").getBytes(StandardCharsets.UTF_8));
        try {
            List<Path> files = new ArrayList<>();
            if (Files.isDirectory(source)) {
                try (Stream<Path> s = Files.walk(source)) {
                    s.filter(Files::isRegularFile).sorted().forEach(files::add);
                }
            } else {
                files.add(source);
                // names beside an array change the report, so they are part of the input
                Path csv = Dataset.csvFor(source), txt = source.resolveSibling("names.txt");
                if (Files.exists(csv)) files.add(csv);
                if (Files.exists(txt)) files.add(txt);
            }
            byte[] buf = new byte[1 << 16];
            for (Path f : files) {
                String rel = Files.isDirectory(source) ? source.relativize(f).toString() : f.getFileName().toString();
                md.update(("\n" + rel + "\n").getBytes(StandardCharsets.UTF_8));
                try (InputStream in = Files.newInputStream(f)) {
                    int k;
                    while ((k = in.read(buf)) > 0) md.update(buf, 0, k);
                }
            }
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InputException(source + ": no such file or folder");
        } catch (IOException e) {
            throw new InputException(source + ": cannot read: " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\"\\s*:\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|[-\\w.]+)");

    /** The flat fields of a sidecar this class wrote; empty when absent or unreadable (then we rebuild). */
    static Map<String, String> readSidecar(Path sidecar) {
        Map<String, String> m = new HashMap<>();
        if (!Files.exists(sidecar)) return m;
        try {
            Matcher x = FIELD.matcher(Files.readString(sidecar, StandardCharsets.UTF_8));
            while (x.find()) m.put(x.group(1), x.group(3) != null ? x.group(3) : x.group(2));
        } catch (IOException e) {
            m.clear();
        }
        return m;
    }

    private static List<Skipped> readSkipped(Path file) {
        List<Skipped> out = new ArrayList<>();
        if (!Files.exists(file)) return out;
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int t = line.indexOf('\t');
                if (t > 0) out.add(new Skipped(line.substring(0, t), line.substring(t + 1)));
            }
        } catch (IOException e) {
            throw new InputException(file + ": cannot read: " + e.getMessage(), e);
        }
        return out;
    }

    static String sha256(Path file) {
        MessageDigest md = sha();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int k;
            while ((k = in.read(buf)) > 0) md.update(buf, 0, k);
        } catch (IOException e) {
            throw new InputException(file + ": cannot read: " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest sha() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    private static String jsonEscape(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') sb.append('\\').append(c);
            else if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
            else sb.append(c);
        }
        return sb.toString();
    }

    /**
     * Identity of a matrix up to the order of atoms within an element block (the order carries no
     * meaning), with values rounded to 1e-6 so a float and a double encoding of the same cell agree.
     */
    record MatrixKey(long[] q) {
        static MatrixKey of(Representation rep, double[] m) {
            long[] q = new long[m.length];
            for (int k = 0; k < m.length; k++) q[k] = Math.round(m[k] * 1e6);
            for (int e = 0; e < rep.elementCount(); e++) {
                int first = rep.firstRow(e), n = rep.maxAtoms(e);
                long[][] rows = new long[n][];
                for (int r = 0; r < n; r++) rows[r] = Arrays.copyOfRange(q, (first + r) * 3, (first + r) * 3 + 3);
                Arrays.sort(rows, Arrays::compare);
                // zero rows sort first; put atoms first, as the encoder does, so the key is canonical either way
                int r = 0;
                for (long[] row : rows) if (row[0] + row[1] + row[2] != 0) System.arraycopy(row, 0, q, (first + r++) * 3, 3);
                for (long[] row : rows) if (row[0] + row[1] + row[2] == 0) System.arraycopy(row, 0, q, (first + r++) * 3, 3);
            }
            return new MatrixKey(q);
        }

        @Override public boolean equals(Object o) { return o instanceof MatrixKey k && Arrays.equals(q, k.q); }
        @Override public int hashCode() { return Arrays.hashCode(q); }
    }
}
