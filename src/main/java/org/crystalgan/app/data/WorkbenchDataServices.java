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
import org.crystalgan.io.mp.MpApiKey;
import org.crystalgan.io.mp.MpClient;
import org.crystalgan.io.mp.MpMaterial;
import org.crystalgan.encoding.Augmenter;
import org.crystalgan.encoding.DatasetBuilder;
import org.crystalgan.encoding.Representation;
import org.crystalgan.gan.GanConfig;
import org.crystalgan.screening.match.PrimitiveCell;
import org.crystalgan.screening.symmetry.SpaceGroupFinder;
import org.crystalgan.screening.symmetry.SymmetryDataset;

/** The Data pane's services: io's readers and Materials Project client, symmetry's space-group finder, encoding's dataset builder. */
public final class WorkbenchDataServices implements DataServices {
    @Override
    public Optional<String> unavailable(Feature f) {
        return Optional.empty();
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
    public String spaceGroup(Structure s) {
        try {
            SymmetryDataset d = SpaceGroupFinder.analyze(s);
            return d.internationalSymbol() + " (" + d.number() + ")";
        } catch (RuntimeException e) {
            // a structure the symmetry search cannot handle (e.g. overlapping atoms) still gets a row
            return "?";
        }
    }

    private MpClient client(String apiKey) {
        return new MpClient(MpClient.DEFAULT_BASE, MpApiKey.of(apiKey), MpClient.defaultCacheDir(), MpClient.Config.defaults());
    }

    private static org.crystalgan.base.Progress listener(Work.Progress p) {
        return new org.crystalgan.base.Progress() {
            @Override public void update(long received, long total, String message) { p.update(received, total, message); }
            @Override public boolean isCancelled() { return p.isCancelled(); }
        };
    }

    @Override
    public void checkApiKey(String apiKey, Work.Progress p) {
        // the smallest real query: the materials of elemental Mg, asking for their ids only
        client(apiKey).searchChemsys("Mg", List.of("material_id"), true, listener(p));
    }

    @Override
    public List<StructureEntry> fetchMaterialsProject(String chemicalSystem, String apiKey, Work.Progress p) {
        MpClient.Result r = client(apiKey).searchChemsys(chemicalSystem, listener(p));
        List<StructureEntry> out = new ArrayList<>();
        for (MpMaterial m : r.materials()) {
            if (m.structure() != null) out.add(new StructureEntry(m.materialId() + " " + m.formula(), m.structure(), "Materials Project", null));
        }
        return out;
    }

    /** pymatgen's default tolerance for its primitive-cell search (Å). */
    private static final double PRIMITIVE_TOLERANCE = 0.25;

    private static DatasetBuilder builder(int perComposition) {
        return new DatasetBuilder(new DatasetBuilder.Options(Representation.MG_MN_O, perComposition, 1, true))
                .withCellReducer(s -> PrimitiveCell.find(s, PRIMITIVE_TOLERANCE)).withEveryElementRequired();
    }

    @Override
    public String trainingRequirements() {
        Representation r = Representation.MG_MN_O;
        return String.format(java.util.Locale.ROOT, "A training set needs ordered cells holding Mg, Mn and O together, with at most %d Mg, %d Mn"
                + " and %d O atoms and edges up to %.0f Å (a larger cell is used as its primitive cell when that fits); binaries and"
                + " other elements are left out.", r.maxAtoms(0), r.maxAtoms(1), r.maxAtoms(2), r.maxLengthAngstrom());
    }

    @Override
    public TrainingFit trainingFit(Structure s) {
        try {
            DatasetBuilder.Fitted f = builder(0).fit(s);
            return new TrainingFit(true, f.reduced() ? "as its " + f.structure().size() + "-atom primitive cell" : "");
        } catch (org.crystalgan.crystal.InputException e) {
            return new TrainingFit(false, e.getMessage());
        }
    }

    @Override
    public int minimumTrainingSetSize() { return GanConfig.defaults().batchSize(); }

    @Override
    public String buildTrainingSet(List<StructureEntry> entries, int perComposition, Path output, Work.Progress p) {
        List<Augmenter.Input> inputs = entries.stream().map(e -> new Augmenter.Input(e.name(), e.structure())).toList();
        DatasetBuilder builder = builder(perComposition);
        org.crystalgan.base.Progress progress = new org.crystalgan.base.Progress() {
            @Override public void update(long done, long total, String message) { p.update(done, total, message); }
            @Override public boolean isCancelled() { return p.isCancelled(); }
        };
        DatasetBuilder.Report r = builder.build(new DatasetBuilder.SourceContents(inputs, List.of()), progress);
        progress.checkCancelled();
        int min = minimumTrainingSetSize();
        if (r.dataset().count() == 0) {
            throw new org.crystalgan.crystal.InputException("none of the " + entries.size() + " structures can train the GAN, so no set was written"
                    + (r.skipped().isEmpty() ? "" : " (e.g. " + r.skipped().get(0) + ")") + ". " + trainingRequirements());
        }
        if (r.dataset().count() < min) {
            throw new org.crystalgan.crystal.InputException(r.dataset().count() + " matrices are fewer than one training batch of " + min
                    + ", so no set was written; raise \"Per composition\" to at least " + ceilDiv(min * perComposition, r.dataset().count()) + ".");
        }
        r.dataset().save(output);
        return "Wrote " + r.dataset().count() + " matrices (" + r.dataset().statistics().compositionCount() + " compositions, "
                + perComposition + " each) to " + output + (r.reduced() > 0 ? "; " + r.reduced() + " cell(s) used as their primitive cell" : "")
                + "; " + r.skipped().size() + " structure(s) left out"
                + (r.skipped().isEmpty() ? "." : ", e.g. " + r.skipped().get(0) + ".") + " The Training pane now uses this set.";
    }

    private static int ceilDiv(int a, int b) { return (a + b - 1) / b; }
}
