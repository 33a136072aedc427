package org.crystalgan.app.data;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import org.crystalgan.app.common.StructureEntry;
import org.crystalgan.app.common.Work;
import org.crystalgan.crystal.Structure;
import org.crystalgan.io.FolderReadResult;
import org.crystalgan.io.NamedStructure;
import org.crystalgan.io.StructureFiles;
import org.crystalgan.io.StructureFormat;

/** The Data pane's services as wired in this build: io's readers; see {@link #unavailable} for the rest. */
public final class WorkbenchDataServices implements DataServices {
    static final String NO_MP = "The Materials Project client (io.mp) is not part of this build yet.";
    static final String NO_SYMMETRY = "Space groups need the symmetry package, which is not part of this build yet.";
    static final String NO_DATASET = "Building a training set needs the encoding package's dataset builder, which is not part of this build yet.";

    @Override
    public Optional<String> unavailable(Feature f) {
        return switch (f) {
            case READ_FILES -> Optional.empty();
            case MATERIALS_PROJECT -> Optional.of(NO_MP);
            case SPACE_GROUP -> Optional.of(NO_SYMMETRY);
            case TRAINING_SET -> Optional.of(NO_DATASET);
        };
    }

    @Override
    public List<StructureEntry> readFiles(List<Path> files, Work.Progress p) throws IOException {
        List<StructureEntry> out = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            if (p.isCancelled()) throw new CancellationException();
            p.update(i, files.size(), "Reading " + files.get(i).getFileName());
            for (NamedStructure ns : StructureFiles.read(files.get(i))) out.add(entry(ns, "file"));
        }
        return out;
    }

    @Override
    public FolderResult readFolder(Path folder, Work.Progress p) throws IOException {
        p.update(-1, -1, "Reading " + folder);
        FolderReadResult r = StructureFiles.readFolder(folder);
        return new FolderResult(r.structures().stream().map(ns -> entry(ns, "folder")).toList(), r.skipped());
    }

    @Override
    public FolderResult readSamples(Work.Progress p) throws IOException {
        List<StructureEntry> out = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        URL url = WorkbenchDataServices.class.getResource("/samples");
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
                    readSampleFolder(fs.getPath("/samples"), seen, out, skipped, p);
                } else {
                    readSampleFolder(Path.of(uri), seen, out, skipped, p);
                }
            } catch (URISyntaxException e) {
                skipped.add("class-path samples: " + e.getMessage());
            }
        }
        Path local = Path.of("samples");
        if (Files.isDirectory(local)) readSampleFolder(local, seen, out, skipped, p);
        if (out.isEmpty() && skipped.isEmpty()) {
            throw new IOException("no bundled samples found (neither /samples on the class path nor a samples/ folder in "
                    + Path.of("").toAbsolutePath() + ")");
        }
        return new FolderResult(out, skipped);
    }

    // structure files only (the folder also holds a README); a file name already read from the class
    // path is not read again from the working copy
    private static void readSampleFolder(Path dir, Set<String> seen, List<StructureEntry> out, List<String> skipped, Work.Progress p) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path f : ds) {
                String name = f.getFileName().toString();
                Optional<StructureFormat> fmt = StructureFormat.of(f);
                if (Files.isRegularFile(f) && fmt.isPresent() && fmt.get().readable() && seen.add(name.replaceAll("/$", ""))) files.add(f);
            }
        }
        files.sort(null);
        for (int i = 0; i < files.size(); i++) {
            if (p.isCancelled()) throw new CancellationException();
            p.update(i, files.size(), "Reading sample " + files.get(i).getFileName());
            try {
                for (NamedStructure ns : StructureFiles.read(files.get(i))) out.add(entry(ns, "sample"));
            } catch (org.crystalgan.crystal.InputException e) {
                skipped.add(files.get(i).getFileName() + ": " + e.getMessage());
            }
        }
    }

    private static StructureEntry entry(NamedStructure ns, String source) {
        Path file = ns.source() != null && ns.source().getFileSystem() == FileSystems.getDefault() ? ns.source() : null;
        return new StructureEntry(ns.name(), ns.structure(), source, file);
    }

    @Override
    public String spaceGroup(Structure s) { return "n/a"; }

    @Override
    public void checkApiKey(String apiKey, Work.Progress p) {
        throw new UnsupportedOperationException(NO_MP);
    }

    @Override
    public List<StructureEntry> fetchMaterialsProject(String chemicalSystem, String apiKey, Work.Progress p) {
        throw new UnsupportedOperationException(NO_MP);
    }

    @Override
    public String buildTrainingSet(List<StructureEntry> entries, int perComposition, Path output, Work.Progress p) {
        throw new UnsupportedOperationException(NO_DATASET);
    }
}
