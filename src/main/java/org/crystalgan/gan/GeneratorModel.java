package org.crystalgan.gan;

import java.nio.file.Files;
import java.nio.file.Path;
import org.crystalgan.crystal.InputException;

/** A trained generator and classifier, ready for {@link Sampler}. */
public final class GeneratorModel {
    final GanModel model;
    /** The generator's last layer when its configuration has one ({@link GanConfig#separationSweeps()}), else null. */
    final SeparationLayer separation;
    private final int epochsTrained;
    private final String source;

    private GeneratorModel(ModelFiles.Loaded l) {
        this(l.model(), l.separation(), l.epochsTrained(), l.where());
    }

    private GeneratorModel(GanModel model, SeparationLayer separation, int epochsTrained, String source) {
        this.model = model;
        this.separation = separation;
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
            // as an exported model counts them: the epochs of the run it was started from included
            int epochs = GanTrainer.lineageEpochs(c.header().path("initFrom")) + c.header().path("epoch").asInt();
            return new GeneratorModel(c.model(), SeparationLayer.of(c.config()), epochs, dir + " (training checkpoint)");
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

    /** Sweeps of the generator's separation layer (0: it has none). */
    public int separationSweeps() {
        return separation == null ? 0 : separation.sweeps();
    }

    /** Where it was loaded from. */
    public String source() {
        return source;
    }
}
