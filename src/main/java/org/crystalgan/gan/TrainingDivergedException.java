package org.crystalgan.gan;

/** A loss became NaN or infinite; the step was not applied and no checkpoint was written for it. */
public final class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TrainingDivergedException(String message) {
        super(message);
    }
}
