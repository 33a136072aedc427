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
            SplittableRandom pick = new SplittableRandom(caseSeed);
            byte[] original = corpus.get(pick.nextInt(corpus.size()));
            byte[] other = corpus.get(pick.nextInt(corpus.size()));
            Mutator.Mutant m = new Mutator(caseSeed).mutate(original, other);
            String[] detail = new String[1];
            Outcome o = runCase(target, i, m.bytes(), detail);
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
        List<byte[]> corpus = target.corpus();
        SplittableRandom pick = new SplittableRandom(caseSeed);
        byte[] original = corpus.get(pick.nextInt(corpus.size()));
        byte[] other = corpus.get(pick.nextInt(corpus.size()));
        return new Mutator(caseSeed).mutate(original, other);
    }

    /** Replays one case by its seed (for debugging a failure). */
    public Failure replay(Target target, long caseSeed) throws IOException {
        Mutator.Mutant m = mutant(target, caseSeed);
        String[] detail = new String[1];
        Outcome o = runCase(target, 0, m.bytes(), detail);
        return new Failure(target.name(), o, caseSeed, m.description(), m.bytes().length, detail[0]);
    }

    Outcome runCase(Target target, int index, byte[] bytes, String[] detail) throws IOException {
        String fn = target.fileName(index);
        Path file = workDir.resolve(fn.startsWith(".") ? "case" + index + fn : fn + "_case" + index);
        Files.write(file, bytes);
        try {
            long[] workerThread = {-1, 0};
            Future<Outcome> f = worker.submit(() -> {
                var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
                workerThread[1] = mx.getCurrentThreadCpuTime();
                workerThread[0] = Thread.currentThread().getId();
                long before = mx.getCurrentThreadAllocatedBytes();
                try {
                    String invalid = target.read(file);
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

    /**
     * The checkpoint reader ({@link org.crystalgan.gan.GanTrainer#resume}). Seed: the header of a real
     * checkpoint written at the start of a run on 64 reference matrices; each case gets its own
     * folder with the mutated {@code checkpoint.json} and hard links to the real (59 MB) bins, whose
     * SHA-256 the header carries.
     */
    public static Target checkpoint(Path workDir) {
        return new Target() {
            private List<byte[]> corpus;
            private Path pristine;
            private org.crystalgan.gan.TrainingSet set;
            private int n;

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
                    corpus = List.of(Files.readAllBytes(pristine.resolve("checkpoint.json")));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return corpus;
            }

            @Override public String read(Path file) throws Exception {
                Path dir = Files.createDirectories(workDir.resolve("checkpoint-case-" + n++));
                try {
                    try (var s = Files.list(pristine)) {
                        for (Path p : (Iterable<Path>) s::iterator) {
                            if (p.toString().endsWith(".bin")) Files.createLink(dir.resolve(p.getFileName()), p);
                        }
                    }
                    Files.copy(file, dir.resolve("checkpoint.json"));
                    org.crystalgan.gan.GanTrainer t = org.crystalgan.gan.GanTrainer.resume(dir, set, null);
                    if (t.epoch() < 0 || t.batch() < 0 || t.batch() >= Math.max(1, t.batchesPerEpoch()) || t.step() < 0) {
                        return "resumed at an impossible position: epoch " + t.epoch() + ", batch " + t.batch() + " of "
                                + t.batchesPerEpoch() + ", step " + t.step();
                    }
                    return null;
                } finally {
                    try (var s = Files.list(dir)) { for (Path p : (Iterable<Path>) s::iterator) Files.deleteIfExists(p); }
                    Files.deleteIfExists(dir);
                }
            }
        };
    }

    /** Every target whose seed files are present. */
    public static List<Target> all() {
        return List.of(cif(), poscar(), json(), npy());
    }
}
