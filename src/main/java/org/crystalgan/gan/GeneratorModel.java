package org.crystalgan.gan;

import java.nio.file.Files;
import java.nio.file.Path;
import org.crystalgan.crystal.InputException;

/** A trained generator and classifier, ready for {@link Sampler}. */
public final class GeneratorModel {
    final GanModel model;
    private final int epochsTrained;
    private final String source;

    private GeneratorModel(ModelFiles.Loaded l) {
        this.model = l.model();
        this.epochsTrained = l.epochsTrained();
        this.source = l.where();
    }

    /** The model bundled with the program (class path {@code /crystalgan/model/}). */
    public static GeneratorModel bundled() {
        if (GeneratorModel.class.getResource(ModelFiles.BUNDLED + ModelFiles.HEADER) == null) {
            throw new InputException("this build has no bundled model (resources/crystalgan/model/model.json); pass --model DIR");
        }
        return new GeneratorModel(ModelFiles.load(ArrayStore.Source.classpath(ModelFiles.BUNDLED)));
    }

    /** A model folder written by export ({@code model.json} + .bin files). */
    public static GeneratorModel load(Path dir) {
        if (!Files.isDirectory(dir)) throw new InputException(dir + ": not a folder (a model folder holds model.json)");
        return new GeneratorModel(ModelFiles.load(ArrayStore.Source.folder(dir)));
    }

    /** Writes the current networks of a training run (checkpoint folder) as a model folder. */
    public static void exportCheckpoint(Path checkpointDir, Path out) {
        GanTrainer.exportCheckpoint(checkpointDir, out);
    }

    public int epochsTrained() {
        return epochsTrained;
    }

    /** Where it was loaded from. */
    public String source() {
        return source;
    }
}
