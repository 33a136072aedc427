package org.crystalgan.gan;

/** Receives training events on the training thread; keep it quick (a UI should hand over and throttle). */
@FunctionalInterface
public interface TrainingListener {
    void onEvent(TrainingEvent event);
}
