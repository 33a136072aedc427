package org.crystalgan.app.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.crystalgan.app.common.StructureEntry;
import org.crystalgan.app.common.Work;
import org.crystalgan.crystal.Structure;

/** The Data pane's services as wired in this build. */
public final class WorkbenchDataServices implements DataServices {
    static final String NO_IO = "Reading structure files needs the io package (StructureFiles), which is not part of this build yet.";
    static final String NO_MP = "The Materials Project client (io.mp) is not part of this build yet.";
    static final String NO_SYMMETRY = "Space groups need the symmetry package, which is not part of this build yet.";
    static final String NO_DATASET = "Building a training set needs the encoding package's dataset builder, which is not part of this build yet.";

    @Override
    public Optional<String> unavailable(Feature f) {
        return switch (f) {
            case READ_FILES -> Optional.of(NO_IO);
            case MATERIALS_PROJECT -> Optional.of(NO_MP);
            case SPACE_GROUP -> Optional.of(NO_SYMMETRY);
            case TRAINING_SET -> Optional.of(NO_DATASET);
        };
    }

    @Override
    public List<StructureEntry> readFiles(List<Path> files, Work.Progress p) {
        throw new UnsupportedOperationException(NO_IO);
    }

    @Override
    public FolderResult readFolder(Path folder, Work.Progress p) {
        throw new UnsupportedOperationException(NO_IO);
    }

    @Override
    public FolderResult readSamples(Work.Progress p) {
        throw new UnsupportedOperationException(NO_IO);
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
