package org.crystalgan.app.training;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The Training pane's services in this build. */
public final class WorkbenchTrainingServices implements TrainingServices {
    static final String NO_GAN = "Training needs the GAN package (trainer, training events, checkpoints), which is not part of this build yet.";

    @Override
    public Optional<String> unavailable() { return Optional.of(NO_GAN); }

    @Override
    public Run start(HyperParameters hp, Path dataset, Path runFolder, Path resumeFrom, Listener listener) {
        throw new UnsupportedOperationException(NO_GAN);
    }

    @Override
    public List<Path> checkpoints(Path runFolder) {
        throw new UnsupportedOperationException(NO_GAN);
    }
}
