package org.crystalgan.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.crystalgan.crystal.InputException;
import org.crystalgan.crystal.Site;
import org.crystalgan.crystal.Structure;
import org.crystalgan.encoding.Npy;
import org.crystalgan.io.NamedStructure;
import org.crystalgan.io.StructureFiles;
import org.crystalgan.io.StructureFormat;

/**
 * Feeds mutated copies of real files to a reader, one case at a time with a time limit, and sorts
 * each case into an {@link Outcome}. Only {@link Outcome#RESULT} and {@link Outcome#INPUT_ERROR} are
 * acceptable: a reader must either return something sound or throw an InputException that says what
 * is wrong.
 */
public final class ReaderFuzzer {
    /** What one case ended in. */
    public enum Outcome {
        /** the reader returned a sound result */
        RESULT(true),
        /** the reader threw an InputException (or subclass) with a message */
        INPUT_ERROR(true),
        /** any other exception or error */
        UNEXPECTED_EXCEPTION(false),
        /** an InputException without a message */
        EMPTY_MESSAGE(false),
        /** a result with non-finite or impossible values (NaN lattice, no sites, zero volume) */
        INVALID_RESULT(false),
        /** still running after the time limit */
        TIMEOUT(false),
        OUT_OF_MEMORY(false),
        /** allocated more than the per-case allocation budget (resource exhaustion waiting to happen) */
        EXCESS_ALLOCATION(false);

        public final boolean acceptable;

        Outcome(boolean acceptable) { this.acceptable = acceptable; }
    }

    /** A reader under test: where its seed files come from, how its files are named, how it reads. */
    public interface Target {
        String name();

        /** File name suffix, e.g. ".cif", or a full name such as "POSCAR" (then used as a prefix). */
        String fileName(int caseIndex);

        List<byte[]> corpus();

        /** Reads the file; returns null when the result is sound, otherwise what is wrong with it. */
        String read(Path file) throws Exception;

        /** The mutated file of one case: a seed file picked and mutated by the case's seed. */
        default Mutator.Mutant mutant(long caseSeed) {
            List<byte[]> corpus = corpus();
            SplittableRandom pick = new SplittableRandom(caseSeed);
            byte[] original = corpus.get(pick.nextInt(corpus.size()));
            byte[] other = corpus.get(pick.nextInt(corpus.size()));
            return new Mutator(caseSeed).mutate(original, other);
        }

        /** Reads the mutated file {@code file} of {@code m}; targets of several files use {@link Mutator.Mutant#part}. */
        default String read(Path file, Mutator.Mutant m) throws Exception { return read(file); }

        /** Lines for the report beyond the counts per outcome (empty when there is nothing more to say). */
        default String breakdown() { return ""; }
    }

    /** One failing case, replayable from its seed. */
    public record Failure(String target, Outcome outcome, long seed, String mutation, int bytes, String detail) {
        @Override public String toString() {
            return String.format(Locale.ROOT, "%s %s seed=%d [%s, %d bytes]: %s", target, outcome, seed, mutation, bytes, detail);
        }
    }

    /** Counts per outcome for one target, failures listed (up to a limit). */
    public record Report(String target, int cases, Map<Outcome, Integer> counts, List<Failure> failures, double seconds) {
        public boolean clean() { return failures.isEmpty(); }

        public String line() {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-10s %6d cases in %6.1f s:", target, cases, seconds));
            for (Outcome o : Outcome.values()) sb.append(' ').append(o.name().toLowerCase(Locale.ROOT)).append('=').append(counts.getOrDefault(o, 0));
            return sb.toString();
        }
    }

    /** Time limit per case, in CPU time of the reading thread. */
    public static final long TIMEOUT_MS = 2_000;
    /** Wall-time limit per case, for a case that waits instead of computing. */
    public static final long MAX_WALL_MS = 30_000;
    /** Allocation budget per case: far above any sound read of these files (a few MB). */
    public static final long MAX_ALLOCATED_BYTES = 512L << 20;

    private final Path workDir;
    private ExecutorService worker = newWorker();

    public ReaderFuzzer(Path workDir) { this.workDir = workDir; }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-case");
            t.setDaemon(true); // a hung case must not keep the JVM alive
            return t;
        });
    }

    /** Runs {@code cases} cases on {@code target}; case i uses the seed {@code seed * 1_000_003 + i}. */
    public Report run(Target target, int cases, long seed, int maxFailuresListed) throws IOException {
        List<byte[]> corpus = target.corpus();
        if (corpus.isEmpty()) throw new IllegalStateException(target.name() + ": no seed files");
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        List<Failure> failures = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < cases; i++) {
            long caseSeed = seed * 1_000_003L + i;
            Mutator.Mutant m = target.mutant(caseSeed);
            String[] detail = new String[1];
            Outcome o = runCase(target, i, m, detail);
            counts.merge(o, 1, Integer::sum);
            if (!o.acceptable) {
                Failure f = new Failure(target.name(), o, caseSeed, m.description(), m.bytes().length, detail[0]);
                if (failures.size() < maxFailuresListed) failures.add(f);
            }
        }
        return new Report(target.name(), cases, counts, failures, (System.nanoTime() - t0) / 1e9);
    }

    /** The mutated file of one case. */
    public static Mutator.Mutant mutant(Target target, long caseSeed) {
        return target.mutant(caseSeed);
    }

    /** Replays one case by its seed (for debugging a failure). */
    public Failure replay(Target target, long caseSeed) throws IOException {
        Mutator.Mutant m = mutant(target, caseSeed);
        String[] detail = new String[1];
        Outcome o = runCase(target, 0, m, detail);
        return new Failure(target.name(), o, caseSeed, m.description(), m.bytes().length, detail[0]);
    }

    Outcome runCase(Target target, int index, Mutator.Mutant m, String[] detail) throws IOException {
        String fn = target.fileName(index);
        Path file = workDir.resolve(fn.startsWith(".") ? "case" + index + fn : fn + "_case" + index);
        Files.write(file, m.bytes());
        try {
            long[] workerThread = {-1, 0};
            Future<Outcome> f = worker.submit(() -> {
                var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
                workerThread[1] = mx.getCurrentThreadCpuTime();
                workerThread[0] = Thread.currentThread().getId();
                long before = mx.getCurrentThreadAllocatedBytes();
                try {
                    String invalid = target.read(file, m);
                    if (invalid != null) { detail[0] = invalid; return Outcome.INVALID_RESULT; }
                    return Outcome.RESULT;
                } catch (InputException e) {
                    if (e.getMessage() == null || e.getMessage().isBlank()) { detail[0] = e.getClass().getName(); return Outcome.EMPTY_MESSAGE; }
                    detail[0] = e.getMessage();
                    return Outcome.INPUT_ERROR;
                } catch (OutOfMemoryError e) {
                    detail[0] = "OutOfMemoryError: " + e.getMessage();
                    return Outcome.OUT_OF_MEMORY;
                } catch (Throwable e) {
                    detail[0] = describe(e);
                    return Outcome.UNEXPECTED_EXCEPTION;
                } finally {
                    long used = mx.getCurrentThreadAllocatedBytes() - before;
                    if (used > MAX_ALLOCATED_BYTES) detail[0] = "allocated " + (used >> 20) + " MB; " + detail[0];
                }
            });
            Outcome o = null;
            try {
                long t0 = System.nanoTime();
                var mx = ManagementFactory.getThreadMXBean();
                while (o == null) {
                    try {
                        o = f.get(50, TimeUnit.MILLISECONDS);
                    } catch (TimeoutException e) {
                        // CPU time, not wall time, decides: on a machine shared by many processes a
                        // 300 ms read can take seconds of wall time without being a hang
                        long cpuMs = workerThread[0] < 0 ? 0 : (mx.getThreadCpuTime(workerThread[0]) - workerThread[1]) / 1_000_000;
                        long wallMs = (System.nanoTime() - t0) / 1_000_000;
                        if (cpuMs > TIMEOUT_MS || wallMs > MAX_WALL_MS) {
                            f.cancel(true);
                            worker.shutdownNow();
                            worker = newWorker();
                            detail[0] = "still running after " + cpuMs + " ms of CPU time (" + wallMs + " ms wall)";
                            return Outcome.TIMEOUT;
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            } catch (ExecutionException e) {
                detail[0] = describe(e.getCause());
                return Outcome.UNEXPECTED_EXCEPTION;
            }
            if (o.acceptable && detail[0] != null && detail[0].startsWith("allocated ")) return Outcome.EXCESS_ALLOCATION;
            return o;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder(e.getClass().getName() + ": " + e.getMessage());
        for (StackTraceElement st : e.getStackTrace()) {
            if (st.getClassName().startsWith("org.crystalgan.") && !st.getClassName().startsWith("org.crystalgan.fuzz.")) {
                sb.append(" at ").append(st);
                break;
            }
        }
        return sb.toString();
    }

    public void close() { worker.shutdownNow(); }

    // ------------------------------------------------------------------ targets

    /** Checks that what a structure reader returned is physically possible. */
    static String checkStructures(List<NamedStructure> list) {
        if (list.isEmpty()) return "no structure and no error";
        for (NamedStructure ns : list) {
            Structure s = ns.structure();
            if (s.size() == 0) return ns.name() + ": structure without sites";
            double v = s.volume();
            if (!Double.isFinite(v) || v <= 0) return ns.name() + ": cell volume " + v;
            for (double[] row : s.lattice().matrix()) for (double x : row) if (!Double.isFinite(x)) return ns.name() + ": non-finite lattice " + x;
            for (Site site : s.sites()) {
                if (!Double.isFinite(site.frac().x()) || !Double.isFinite(site.frac().y()) || !Double.isFinite(site.frac().z())) {
                    return ns.name() + ": non-finite coordinate " + site.frac();
                }
                if (!(site.occupancy() > 0 && site.occupancy() <= 1 + 1e-6)) return ns.name() + ": occupancy " + site.occupancy();
            }
        }
        return null;
    }

    /** The shared data folder, or null when it is absent. */
    public static Path sharedData() {
        Path p = Path.of(System.getProperty("crystalgan.shared.data", "../shared/data"), "mgmno");
        return Files.isDirectory(p) ? p : null;
    }

    private static List<Path> listFiles(Path dir, String suffix) throws IOException {
        List<Path> out = new ArrayList<>();
        if (dir == null || !Files.isDirectory(dir)) return out;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) if (p.getFileName().toString().endsWith(suffix)) out.add(p);
        }
        out.sort(null);
        return out;
    }

    private static List<byte[]> readAll(List<Path> files) throws IOException {
        List<byte[]> out = new ArrayList<>();
        for (Path p : files) out.add(Files.readAllBytes(p));
        return out;
    }

    /** The seed CIFs: the shared reference set, the dialect test files and samples/. */
    static List<Path> cifFiles() throws IOException {
        List<Path> files = new ArrayList<>(listFiles(sharedData() == null ? null : sharedData().resolve("cif"), ".cif"));
        files.addAll(listFiles(Path.of("src/test/resources/org/crystalgan/io/cif"), ".cif"));
        files.addAll(listFiles(Path.of("samples"), ".cif"));
        return files;
    }

    /** Structures to write as POSCAR and JSON seeds: every {@code stride}-th shared CIF. */
    private static List<Structure> seedStructures(int stride) throws IOException {
        List<Structure> out = new ArrayList<>();
        List<Path> cifs = cifFiles();
        for (int i = 0; i < cifs.size(); i += stride) {
            for (NamedStructure ns : StructureFiles.read(cifs.get(i))) out.add(ns.structure());
        }
        return out;
    }

    private abstract static class StructureTarget implements Target {
        private final String name;
        private List<byte[]> corpus;

        StructureTarget(String name) { this.name = name; }

        @Override public String name() { return name; }

        @Override public synchronized List<byte[]> corpus() {
            if (corpus == null) {
                try {
                    corpus = build();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            return corpus;
        }

        abstract List<byte[]> build() throws IOException;

        @Override public String read(Path file) throws Exception { return checkStructures(StructureFiles.read(file)); }
    }

    public static Target cif() {
        return new StructureTarget("cif") {
            @Override public String fileName(int i) { return ".cif"; }

            @Override List<byte[]> build() throws IOException { return readAll(cifFiles()); }
        };
    }

    /**
     * CIF files mutated along CIF's grammar ({@link CifGrammarMutator}); the seeds are the CIF test
     * resources (from COD, ICSD, FullProf, VESTA, Materials Studio, pymatgen), so it runs without
     * the shared data too.
     */
    public static Target cifGrammar() {
        return new StructureTarget("cif-grammar") {
            @Override public String fileName(int i) { return ".cif"; }

            @Override List<byte[]> build() throws IOException {
                try {
                    Path dir = Path.of(ReaderFuzzer.class.getResource("/org/crystalgan/io/cif/cod_hausmannite.cif").toURI()).getParent();
                    return readAll(listFiles(dir, ".cif"));
                } catch (java.net.URISyntaxException e) {
                    throw new IOException(e);
                }
            }

            @Override public Mutator.Mutant mutant(long caseSeed) {
                List<byte[]> corpus = corpus();
                byte[] original = corpus.get(new java.util.SplittableRandom(caseSeed).nextInt(corpus.size()));
                return new CifGrammarMutator(caseSeed).mutate(original);
            }
        };
    }

    public static Target poscar() {
        return new StructureTarget("poscar") {
            @Override public String fileName(int i) { return i % 2 == 0 ? ".vasp" : "POSCAR"; }

            @Override List<byte[]> build() throws IOException {
                List<byte[]> out = new ArrayList<>();
                for (Path p : listFiles(Path.of("samples"), ".vasp")) out.add(Files.readAllBytes(p));
                for (Structure s : seedStructures(5)) {
                    out.add(StructureFiles.format(s, StructureFormat.POSCAR, null).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
                return out;
            }
        };
    }

    public static Target json() {
        return new StructureTarget("json") {
            @Override public String fileName(int i) { return ".json"; }

            @Override List<byte[]> build() throws IOException {
                List<byte[]> out = new ArrayList<>();
                for (Path p : listFiles(Path.of("samples"), ".json")) out.add(Files.readAllBytes(p));
                for (Structure s : seedStructures(5)) {
                    out.add(StructureFiles.format(s, StructureFormat.PYMATGEN_JSON, null).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
                return out;
            }
        };
    }

    /**
     * The .npy reader. Seeds: the shared reference arrays cut to 1, 3, 20 and 200 matrices (so ten
     * thousand cases do not rewrite 2 MB each), in all four supported dtypes and byte orders, and
     * occasionally the full original file.
     */
    public static Target npy() {
        return new Target() {
            private List<byte[]> corpus;

            @Override public String name() { return "npy"; }

            @Override public String fileName(int i) { return ".npy"; }

            @Override public synchronized List<byte[]> corpus() {
                if (corpus != null) return corpus;
                List<byte[]> out = new ArrayList<>();
                try {
                    for (Path p : listFiles(sharedData(), ".npy")) {
                        Npy.Array a = Npy.read(p);
                        int[] shape = a.shape();
                        int row = a.data().length / shape[0];
                        for (int k : new int[] {1, 3, 20, 200}) {
                            double[] slice = java.util.Arrays.copyOf(a.data(), k * row);
                            int[] sh = shape.clone();
                            sh[0] = k;
                            for (Npy.DType t : Npy.DType.values()) {
                                for (ByteOrder bo : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
                                    ByteArrayOutputStream b = new ByteArrayOutputStream();
                                    Npy.write(b, sh, slice, t, bo);
                                    out.add(b.toByteArray());
                                }
                            }
                        }
                        out.add(Files.readAllBytes(p));
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                corpus = out;
                return out;
            }

            @Override public String read(Path file) {
                Npy.Array a = Npy.read(file);
                return a.data().length == Math.max(0, java.util.Arrays.stream(a.shape()).asLongStream().reduce(1, (x, y) -> x * y))
                        ? null : "data length " + a.data().length + " does not match shape";
            }
        };
    }

    /** Which reader a checkpoint case goes through. */
    enum CheckpointRoute {
        /** the format's reader (ArrayStore header and bins) over a small checkpoint, a few milliseconds a case */
        SMALL,
        /** {@link org.crystalgan.gan.GeneratorModel#load} over a real exported model (12 MB of bins) */
        LOAD,
        /** {@link org.crystalgan.gan.GanTrainer#resume} over a real checkpoint (59 MB of bins) */
        RESUME,
        /** {@link org.crystalgan.gan.GanTrainer#exportCheckpoint} over the same checkpoint */
        EXPORT
    }

    /**
     * The checkpoint target of the benchmark: one case in 10 through the full readers, or the percentage in the
     * system property {@code crystalgan.fuzz.checkpointFullPercent}.
     */
    public static Target checkpoint(Path workDir) {
        return checkpoint(workDir, Integer.getInteger("crystalgan.fuzz.checkpointFullPercent", 10));
    }

    /**
     * The checkpoint readers, over a real checkpoint written at the start of a run on 64 reference matrices, the
     * model exported from it, and a small checkpoint written by the same writer from a few of its arrays (4 small
     * ones per network with their Adam moments: 36 arrays, 120 kB of bins, a 5 kB header). Each case mutates one
     * file of one of them (the header, or a bin: as it is, or "re-signed" with its new size and SHA-256 in the
     * header so that the reader gets past the checksum to the layout) and reads the folder, in which the other
     * files are hard links to the originals. {@code fullPercent} of the cases go through
     * the full readers ({@link CheckpointRoute#LOAD}, {@code RESUME}, {@code EXPORT}); each of those that gets past
     * the header initialises networks of 5 million weights and reads up to 59 MB, most of a second.
     */
    public static Target checkpoint(Path workDir, int fullPercent) {
        return new Target() {
            private Path pristine;
            private final Map<CheckpointRoute, Path> folders = new EnumMap<>(CheckpointRoute.class);
            private final Map<CheckpointRoute, List<String>> files = new EnumMap<>(CheckpointRoute.class);
            private Map<String, long[]> smallShapes;
            private List<byte[]> corpus;
            private org.crystalgan.gan.TrainingSet set;
            private int n;
            /** cases, seconds and the slowest case's seconds per route and outcome ("result", "input error", ...), for the report */
            private final Map<String, double[]> tally = new java.util.TreeMap<>();

            @Override public String name() { return "checkpoint"; }

            @Override public String fileName(int i) { return ".json"; }

            @Override public synchronized List<byte[]> corpus() {
                if (corpus != null) return corpus;
                try {
                    Path npy = sharedData().resolve("unique_sc_mgmno.npy");
                    set = new org.crystalgan.gan.TrainingSet(java.util.Arrays.copyOf(Npy.read(npy).data(), 64 * 90), "64 reference matrices");
                    pristine = Files.createDirectories(workDir.resolve("checkpoint-seed"));
                    org.crystalgan.gan.GanTrainer.start(org.crystalgan.gan.GanConfig.defaults().withEpochs(2).withBatchSize(32), set, pristine)
                            .checkpoint();
                    Path model = workDir.resolve("model-seed");
                    org.crystalgan.gan.GeneratorModel.exportCheckpoint(pristine, model);
                    Path small = workDir.resolve("checkpoint-small-seed");
                    smallShapes = org.crystalgan.gan.SmallCheckpoints.writeSmall(pristine, small, 4096, 4);
                    folders.put(CheckpointRoute.SMALL, small);
                    folders.put(CheckpointRoute.LOAD, model);
                    folders.put(CheckpointRoute.RESUME, pristine);
                    folders.put(CheckpointRoute.EXPORT, pristine);
                    List<byte[]> out = new ArrayList<>();
                    for (Map.Entry<CheckpointRoute, Path> e : folders.entrySet()) {
                        List<String> names = new ArrayList<>();
                        try (var s = Files.list(e.getValue())) { s.forEach(p -> names.add(p.getFileName().toString())); }
                        names.sort(null);
                        files.put(e.getKey(), names);
                    }
                    // the headers first: the regression tests take corpus().get(0) as the real checkpoint's header
                    out.add(Files.readAllBytes(pristine.resolve(org.crystalgan.gan.SmallCheckpoints.HEADER)));
                    out.add(Files.readAllBytes(model.resolve(org.crystalgan.gan.SmallCheckpoints.MODEL_HEADER)));
                    for (String f : files.get(CheckpointRoute.SMALL)) out.add(Files.readAllBytes(small.resolve(f)));
                    corpus = out;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return corpus;
            }

            private String header(CheckpointRoute r) {
                return r == CheckpointRoute.LOAD ? org.crystalgan.gan.SmallCheckpoints.MODEL_HEADER : org.crystalgan.gan.SmallCheckpoints.HEADER;
            }

            @Override public Mutator.Mutant mutant(long caseSeed) {
                corpus();
                SplittableRandom pick = new SplittableRandom(caseSeed);
                CheckpointRoute route = CheckpointRoute.SMALL;
                if (pick.nextInt(100) < fullPercent) route = CheckpointRoute.values()[1 + pick.nextInt(3)];
                Path dir = folders.get(route);
                List<String> bins = files.get(route).stream().filter(f -> f.endsWith(".bin")).toList();
                // half the cases damage the header, the other half a bin, most of those re-signed: a bin that
                // only fails its checksum tests one comparison
                String part = header(route);
                String mode = "";
                if (pick.nextBoolean()) {
                    part = bins.get(pick.nextInt(bins.size()));
                    mode = pick.nextInt(10) < 7 ? "re-signed" : "";
                }
                // what a splice glues on: another bin of the same folder, or a header of any of the three kinds
                CheckpointRoute otherRoute = part.endsWith(".bin") || pick.nextBoolean() ? route : CheckpointRoute.values()[pick.nextInt(4)];
                String otherPart = part.endsWith(".bin") ? bins.get(pick.nextInt(bins.size())) : header(otherRoute);
                try {
                    byte[] original = Files.readAllBytes(dir.resolve(part));
                    Path otherFile = folders.get(otherRoute).resolve(otherPart);
                    byte[] other = otherFile.equals(dir.resolve(part)) ? original : Files.readAllBytes(otherFile);
                    Mutator mutator = new Mutator(caseSeed);
                    Mutator.Mutant m;
                    if (!part.endsWith(".bin") && pick.nextBoolean()) {
                        // half the header cases change the values of its fields (counts, positions, configuration),
                        // which the index of arrays after them outnumbers more than ten to one
                        int index = new String(original, java.nio.charset.StandardCharsets.UTF_8).indexOf("\"files\"");
                        m = mutator.mutateJsonFields(original, index < 0 ? original.length : index);
                    } else {
                        m = mutator.mutate(original, other);
                    }
                    String where = route.name().toLowerCase(Locale.ROOT) + " " + part + (mode.isEmpty() ? "" : " " + mode);
                    return new Mutator.Mutant(m.bytes(), where + ": " + m.description(), route + "/" + part + "/" + mode);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }

            /** A mutated checkpoint.json of the real checkpoint, read by resume (the regression tests' entry). */
            @Override public String read(Path file) throws Exception {
                corpus();
                return read(file, new Mutator.Mutant(Files.readAllBytes(file), "given",
                        CheckpointRoute.RESUME + "/" + org.crystalgan.gan.SmallCheckpoints.HEADER + "/"));
            }

            @Override public String read(Path file, Mutator.Mutant m) throws Exception {
                String[] p = m.part().split("/", -1);
                CheckpointRoute route = CheckpointRoute.valueOf(p[0]);
                String part = p[1];
                boolean resign = !p[2].isEmpty();
                Path src = folders.get(route);
                Path dir = Files.createDirectories(workDir.resolve("checkpoint-case-" + n++));
                long t0 = System.nanoTime();
                String outcome = "other";
                try {
                    for (String f : files.get(route)) {
                        if (f.equals(part)) Files.copy(file, dir.resolve(f));
                        // the header is always a copy: re-signing rewrites it, and must not write through a link
                        else if (f.equals(header(route))) Files.copy(src.resolve(f), dir.resolve(f));
                        else Files.createLink(dir.resolve(f), src.resolve(f));
                    }
                    if (resign) resign(dir.resolve(header(route)), part, Files.readAllBytes(file));
                    String invalid = switch (route) {
                        case SMALL -> {
                            org.crystalgan.gan.SmallCheckpoints.read(dir, smallShapes, -12345f);
                            yield null;
                        }
                        case LOAD -> {
                            org.crystalgan.gan.GeneratorModel g = org.crystalgan.gan.GeneratorModel.load(dir);
                            yield g.epochsTrained() < 0 ? "loaded a model trained for " + g.epochsTrained() + " epochs" : null;
                        }
                        case RESUME -> {
                            org.crystalgan.gan.GanTrainer t = org.crystalgan.gan.GanTrainer.resume(dir, set, null);
                            // batch == batchesPerEpoch is sound: a timed checkpoint right after an epoch's last batch
                            yield t.epoch() < 0 || t.batch() < 0 || t.batch() > t.batchesPerEpoch() || t.step() < 0
                                    ? "resumed at an impossible position: epoch " + t.epoch() + ", batch " + t.batch() + " of "
                                            + t.batchesPerEpoch() + ", step " + t.step()
                                    : null;
                        }
                        case EXPORT -> {
                            org.crystalgan.gan.GanTrainer.exportCheckpoint(dir, dir.resolve("export"));
                            yield Files.isRegularFile(dir.resolve("export").resolve(org.crystalgan.gan.SmallCheckpoints.MODEL_HEADER))
                                    ? null : "exported, but no model.json";
                        }
                    };
                    outcome = invalid == null ? "result" : "invalid";
                    return invalid;
                } catch (InputException e) {
                    outcome = "input error";
                    throw e;
                } finally {
                    synchronized (tally) {
                        double[] c = tally.computeIfAbsent(route.name().toLowerCase(Locale.ROOT) + " " + outcome, k -> new double[3]);
                        double sec = (System.nanoTime() - t0) / 1e9;
                        c[0]++;
                        c[1] += sec;
                        c[2] = Math.max(c[2], sec);
                    }
                    try (var s = Files.walk(dir)) {
                        s.sorted(java.util.Comparator.reverseOrder()).forEach(q -> q.toFile().delete());
                    }
                }
            }

            /** Writes the mutated bin's size and SHA-256 into the header, as a writer that knew no better would. */
            private void resign(Path header, String bin, byte[] bytes) throws IOException {
                var json = new com.fasterxml.jackson.databind.ObjectMapper();
                var h = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(header.toFile());
                for (var f : h.path("files")) {
                    if (f.path("file").asText().equals(bin)) {
                        ((com.fasterxml.jackson.databind.node.ObjectNode) f).put("bytes", bytes.length);
                        try {
                            ((com.fasterxml.jackson.databind.node.ObjectNode) f).put("sha256", java.util.HexFormat.of().formatHex(
                                    java.security.MessageDigest.getInstance("SHA-256").digest(bytes)));
                        } catch (java.security.NoSuchAlgorithmException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }
                Files.write(header, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(h));
            }

            @Override public String breakdown() {
                StringBuilder sb = new StringBuilder();
                synchronized (tally) {
                    tally.forEach((k, c) -> sb.append(String.format(Locale.ROOT, "  %-24s %6d cases, %7.1f ms a case, slowest %6.0f ms (wall)%n",
                            k, (int) c[0], 1e3 * c[1] / c[0], 1e3 * c[2])));
                }
                return sb.toString();
            }
        };
    }

    /** Every target whose seed files are present. */
    public static List<Target> all() {
        return List.of(cif(), poscar(), json(), npy());
    }
}
