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
        this(l.model(), l.epochsTrained(), l.where());
    }

    private GeneratorModel(GanModel model, int epochsTrained, String source) {
        this.model = model;
        this.epochsTrained = epochsTrained;
        this.source = source;
    }

    /** The model bundled with the program (class path {@code /crystalgan/model/}). */
    public static GeneratorModel bundled() {
        if (GeneratorModel.class.getResource(ModelFiles.BUNDLED + ModelFiles.HEADER) == null) {
            throw new InputException("this build has no bundled model (resources/crystalgan/model/model.json); pass --model DIR");
        }
        return new GeneratorModel(ModelFiles.load(ArrayStore.Source.classpath(ModelFiles.BUNDLED)));
    }

    /**
     * A model folder written by export ({@code model.json} + .bin files), or a training run's folder
     * ({@code checkpoint.json}): its networks as last checkpointed, read in place, with nothing written to disk.
     */
    public static GeneratorModel load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new InputException(dir + ": not a folder (a model folder holds model.json, a training run's folder checkpoint.json)");
        }
        if (!Files.exists(dir.resolve(ModelFiles.HEADER)) && GanTrainer.hasCheckpoint(dir)) {
            GanTrainer.CheckpointNetworks c = GanTrainer.readNetworks(dir);
            return new GeneratorModel(c.model(), c.header().path("epoch").asInt(), dir + " (training checkpoint)");
        }
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
