package org.crystalgan.app.data;

import java.nio.file.Path;
import java.util.List;
import org.crystalgan.app.common.StructureEntry;
import org.crystalgan.app.common.Work;
import org.crystalgan.crystal.Structure;

/**
 * What the Data pane needs from the services of the other packages (io readers, the Materials
 * Project client, symmetry, dataset building). The pane's ViewModel talks to this interface only, so
 * it is tested with a fake; {@link WorkbenchDataServices} is the real wiring.
 */
public interface DataServices {
    record FolderResult(List<StructureEntry> structures, List<String> skipped) {}

    /** Whether a structure can go into a training set the GAN learns from, and the reason or the cell used. */
    record TrainingFit(boolean usable, String note) {}

    List<StructureEntry> readFiles(List<Path> files, Work.Progress p) throws Exception;

    FolderResult readFolder(Path folder, Work.Progress p) throws Exception;

    /** The bundled samples: /samples on the class path and a samples/ folder in the working directory. */
    FolderResult readSamples(Work.Progress p) throws Exception;

    /** Space-group symbol and number, e.g. "Fd-3m (227)"; "n/a" where symmetry is unavailable. */
    String spaceGroup(Structure s);

    /** Checks an API key against the Materials Project; throws an InputException saying what is wrong. */
    void checkApiKey(String apiKey, Work.Progress p) throws Exception;

    List<StructureEntry> fetchMaterialsProject(String chemicalSystem, String apiKey, Work.Progress p) throws Exception;

    /** What a training set needs, in one or two sentences for the pane (before anything is built). */
    String trainingRequirements();

    /** Whether {@code s} (or its smallest cell) fits a training set; slow for large cells, so called off the FX thread. */
    TrainingFit trainingFit(Structure s);

    /** The fewest matrices a set needs for the Training pane to accept it (one batch of the default recipe). */
    int minimumTrainingSetSize();

    /**
     * Builds and writes a training set; returns a one-line summary for the status line.
     * Throws an InputException instead of writing a set that the Training pane would refuse.
     */
    String buildTrainingSet(List<StructureEntry> entries, int perComposition, Path output, Work.Progress p) throws Exception;
}
