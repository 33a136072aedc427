package org.crystalgan.app.data;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.crystalgan.app.common.StructureEntry;
import org.crystalgan.app.common.Work;
import org.crystalgan.crystal.Structure;
import org.crystalgan.io.FolderReadResult;
import org.crystalgan.io.NamedStructure;
import org.crystalgan.io.StructureFiles;
import org.crystalgan.io.mp.MpApiKey;
import org.crystalgan.io.mp.MpClient;
import org.crystalgan.io.mp.MpMaterial;
import org.crystalgan.encoding.DatasetBuilder;
import org.crystalgan.screening.symmetry.SpaceGroupFinder;
import org.crystalgan.screening.symmetry.SymmetryDataset;
import org.crystalgan.workflow.DatasetService;
import org.crystalgan.workflow.StructureSources;

/** The Data pane's services: io's readers and Materials Project client, symmetry's space-group finder, encoding's dataset builder. */
public final class WorkbenchDataServices implements DataServices {
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
        return result(StructureSources.readFolder(folder), "folder");
    }

    @Override
    public FolderResult readSamples(Work.Progress p) throws IOException {
        return result(StructureSources.readSamples(progress(p)), "sample");
    }

    private static FolderResult result(FolderReadResult r, String source) {
        return new FolderResult(r.structures().stream().map(ns -> entry(ns, source)).toList(), r.skipped());
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

    private static org.crystalgan.base.Progress progress(Work.Progress p) {
        return new org.crystalgan.base.Progress() {
            @Override public void update(long received, long total, String message) { p.update(received, total, message); }
            @Override public boolean isCancelled() { return p.isCancelled(); }
        };
    }

    @Override
    public void checkApiKey(String apiKey, Work.Progress p) {
        // the smallest real query: the materials of elemental Mg, asking for their ids only
        client(apiKey).searchChemsys("Mg", List.of("material_id"), true, progress(p));
    }

    @Override
    public List<StructureEntry> fetchMaterialsProject(String chemicalSystem, String apiKey, Work.Progress p) {
        MpClient.Result r = client(apiKey).searchChemsys(chemicalSystem, progress(p));
        List<StructureEntry> out = new ArrayList<>();
        for (MpMaterial m : r.materials()) {
            if (m.structure() != null) out.add(new StructureEntry(m.materialId() + " " + m.formula(), m.structure(), "Materials Project", null));
        }
        return out;
    }

    @Override
    public String trainingRequirements() { return DatasetService.trainingRequirements(); }

    @Override
    public TrainingFit trainingFit(Structure s) {
        try {
            DatasetBuilder.Fitted f = DatasetService.fit(s);
            return new TrainingFit(true, f.reduced() ? "as its " + f.structure().size() + "-atom primitive cell" : "");
        } catch (org.crystalgan.crystal.InputException e) {
            return new TrainingFit(false, e.getMessage());
        }
    }

    @Override
    public int minimumTrainingSetSize() { return DatasetService.minimumTrainingSetSize(); }

    @Override
    public String buildTrainingSet(List<StructureEntry> entries, int perComposition, Path output, Work.Progress p) {
        List<NamedStructure> in = entries.stream().map(e -> new NamedStructure(e.name(), e.structure(), e.file())).toList();
        DatasetBuilder.Report r = DatasetService.buildTrainingSet(in, perComposition, output, progress(p));
        return "Wrote " + r.dataset().count() + " matrices (" + r.dataset().statistics().compositionCount() + " compositions, "
                + perComposition + " each) to " + output + (r.reduced() > 0 ? "; " + r.reduced() + " cell(s) used as their primitive cell" : "")
                + "; " + r.skipped().size() + " structure(s) left out"
                + (r.skipped().isEmpty() ? "." : ", e.g. " + r.skipped().get(0) + ".") + " The Training pane now uses this set.";
    }
}
