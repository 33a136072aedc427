package org.crystalgan.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.crystalgan.crystal.InputException;
import org.crystalgan.gan.GanTrainer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code export-model}: a training checkpoint's generator and classifier as a model folder for {@code generate}. */
@Command(name = "export-model", mixinStandardHelpOptions = true,
        description = "Write the generator and classifier of a training checkpoint as a model folder (model.json + .bin,"
                + " about 12 MB), e.g. into resources/crystalgan/model to bundle it.")
public final class ExportModelCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--checkpoint", required = true, description = "training folder (the --out of train)")
    Path checkpoint;

    @Option(names = "--out", required = true, description = "model folder to write")
    Path out;

    @Override
    public Integer call() {
        if (!GanTrainer.hasCheckpoint(checkpoint)) throw new InputException(checkpoint + ": no checkpoint.json here");
        GanTrainer.exportCheckpoint(checkpoint, out);
        spec.commandLine().getOut().println("model written to " + out);
        return Main.OK;
    }
}
