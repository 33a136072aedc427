package org.crystalgan.workflow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.crystalgan.base.Progress;
import org.crystalgan.crystal.InputException;
import org.crystalgan.io.FolderReadResult;
import org.crystalgan.io.NamedStructure;
import org.crystalgan.io.StructureFiles;
import org.crystalgan.io.StructureFormat;
import org.crystalgan.io.StructureFormatException;
import org.crystalgan.screening.data.DecodedStructureCsv;

/**
 * Where structures come from, for both faces: one file, a folder (its readable files, not its sub-folders, in
 * file-name order), a row of a decoded-structures table ({@code structures.csv@1253}), or the bundled samples. The one
 * folder reader of the program: the CLI's screening inputs, the Data pane, the dataset builder and the energy/export
 * commands all list and read folders here, so a file skipped in one is skipped, for the same reason, in all.
 */
public final class StructureSources {
    private StructureSources() {}

    /** Why a file of a folder gave no structures. */
    public enum Kind { NOT_A_STRUCTURE_FILE, WRITE_ONLY, UNREADABLE }

    /**
     * A file of a folder that gave no structures.
     *
     * @param reason  the problem without the file name ("line 3: ...", "permission denied")
     * @param message the reader's own message (it names the file), for output that has always printed it
     */
    public record Skipped(Path file, Kind kind, String reason, String message) {
        /** "name: reason", the line every folder listing prints. */
        public String line() { return file.getFileName() + ": " + reason; }
    }

    /** What a folder gave: structures (table rows named {@code name#index}) and the files that gave none. */
    public record Folder(List<NamedStructure> structures, List<Skipped> skipped, List<String> warnings) {
        public Folder {
            structures = List.copyOf(structures);
            skipped = List.copyOf(skipped);
            warnings = List.copyOf(warnings);
        }

        /** The io-shaped result: skipped files as "name: reason" lines. */
        public FolderReadResult asResult() {
            return new FolderReadResult(structures, skipped.stream().map(Skipped::line).toList(), warnings);
        }
    }

    /** Every structure in the structure files of a folder (tables are not read); see {@link #readFolder(Path, boolean, Progress)}. */
    public static FolderReadResult readFolder(Path dir) throws IOException {
        return readFolder(dir, false, Progress.NONE).asResult();
    }

    /**
     * Every structure in the readable files of a folder, in file-name order; hidden files are passed over and
     * sub-folders are not entered.
     *
     * @param tables also read decoded-structure tables ({@code structures.csv} that {@code screen} and
     *               {@code generate} write), one structure per row
     * @throws NoSuchFileException when {@code dir} does not exist
     * @throws InputException      when it is not a folder
     */
    public static Folder readFolder(Path dir, boolean tables, Progress progress) throws IOException {
        if (!Files.isDirectory(dir)) {
            if (!Files.exists(dir)) throw new NoSuchFileException(dir.toString());
            throw new InputException(dir + ": not a folder");
        }
        List<Path> files = filesOf(dir);
        List<NamedStructure> structures = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            Path p = files.get(i);
            progress.checkCancelled();
            progress.update(i, files.size(), "Reading " + p.getFileName());
            boolean table = tables && DecodedStructureCsv.looksLikeTable(p);
            if (!table) {
                Optional<StructureFormat> format = StructureFormat.of(p);
                if (format.isEmpty()) {
                    skipped.add(new Skipped(p, Kind.NOT_A_STRUCTURE_FILE, "not a structure file (" + StructureFormat.supported() + ")", null));
                    continue;
                }
                if (!format.get().readable()) {
                    skipped.add(new Skipped(p, Kind.WRITE_ONLY, format.get() + " is write-only", null));
                    continue;
                }
            }
            try {
                structures.addAll(table ? readTable(p) : StructureFiles.read(p, warnings::add));
            } catch (StructureFormatException e) {
                skipped.add(new Skipped(p, Kind.UNREADABLE, (e.line() > 0 ? "line " + e.line() + ": " : "") + e.problem(), e.getMessage()));
            } catch (InputException e) {
                skipped.add(new Skipped(p, Kind.UNREADABLE, e.getMessage(), e.getMessage()));
            } catch (AccessDeniedException e) {
                skipped.add(new Skipped(p, Kind.UNREADABLE, "permission denied", p + ": permission denied"));
            }
        }
        return new Folder(structures, skipped, warnings);
    }

    /** Every structure of one file: a structure file, or a decoded-structures table (rows named {@code name#index}). */
    public static List<NamedStructure> readFile(Path file) {
        if (DecodedStructureCsv.looksLikeTable(file)) return readTable(file);
        try {
            return StructureFiles.read(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Exactly one structure: a file holding one, or {@code table.csv@ROW} (the row's index column, not its line).
     *
     * @throws InputException naming the file when it holds none or several, or the row is absent
     */
    public static NamedStructure readOne(String spec) {
        int at = spec.lastIndexOf('@');
        if (at > 0 && spec.substring(at + 1).matches("\\d+") && !Files.exists(Path.of(spec))) {
            Path table = Path.of(spec.substring(0, at));
            int row = Integer.parseInt(spec.substring(at + 1));
            for (NamedStructure it : readFile(table)) if (it.name().endsWith("#" + row)) return it;
            throw new InputException(table + ": no row with index " + row);
        }
        Path p = Path.of(spec);
        if (!Files.isRegularFile(p)) throw new InputException(spec + ": no such file");
        List<NamedStructure> items = readFile(p);
        if (items.size() != 1) throw new InputException(spec + ": holds " + items.size() + " structures; give a file with one (for a table, FILE@ROW)");
        return items.get(0);
    }

    /**
     * The bundled samples: {@code /samples} on the class path (in the jar), then a {@code samples/} folder in the
     * working directory for the files the class path lacks. Only structure files are read (the folder also holds a
     * README); a sample that fails is listed as "name: problem".
     */
    public static FolderReadResult readSamples(Progress progress) throws IOException {
        List<NamedStructure> out = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        URL url = StructureSources.class.getResource("/samples");
        if (url != null) {
            try {
                URI uri = url.toURI();
                if ("jar".equals(uri.getScheme())) {
                    FileSystem fs;
                    try {
                        fs = FileSystems.newFileSystem(uri, Map.of());
                    } catch (FileSystemAlreadyExistsException e) {
                        fs = FileSystems.getFileSystem(uri);
                    }
                    readSamples(fs.getPath("/samples"), seen, out, skipped, progress);
                } else {
                    readSamples(Path.of(uri), seen, out, skipped, progress);
                }
            } catch (URISyntaxException e) {
                skipped.add("class-path samples: " + e.getMessage());
            }
        }
        Path local = Path.of("samples");
        if (Files.isDirectory(local)) readSamples(local, seen, out, skipped, progress);
        if (out.isEmpty() && skipped.isEmpty()) {
            throw new IOException("no bundled samples found (neither /samples on the class path nor a samples/ folder in "
                    + Path.of("").toAbsolutePath() + ")");
        }
        return new FolderReadResult(out, skipped);
    }

    private static void readSamples(Path dir, Set<String> seen, List<NamedStructure> out, List<String> skipped, Progress p) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path f : filesOf(dir)) {
            Optional<StructureFormat> fmt = StructureFormat.of(f);
            // a jar's directory entries end in '/'; a file read from the class path is not read again from the working copy
            if (fmt.isPresent() && fmt.get().readable() && seen.add(f.getFileName().toString().replaceAll("/$", ""))) files.add(f);
        }
        for (int i = 0; i < files.size(); i++) {
            p.checkCancelled();
            p.update(i, files.size(), "Reading sample " + files.get(i).getFileName());
            try {
                out.addAll(StructureFiles.read(files.get(i)));
            } catch (InputException e) {
                skipped.add(files.get(i).getFileName() + ": " + e.getMessage());
            }
        }
    }

    /** The regular, non-hidden files of a folder in name order: the one listing every folder reader uses. */
    private static List<Path> filesOf(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (Files.isRegularFile(p) && !p.getFileName().toString().startsWith(".")) files.add(p);
            }
        }
        files.sort(null);
        return files;
    }

    private static List<NamedStructure> readTable(Path table) {
        List<NamedStructure> out = new ArrayList<>();
        for (DecodedStructureCsv.Row r : DecodedStructureCsv.read(table)) out.add(new NamedStructure(r.name() + "#" + r.index(), r.structure(), table));
        return out;
    }
}
