package org.crystalgan.workflow;

import java.nio.file.Files;
import java.nio.file.Path;
import org.crystalgan.crystal.InputException;
import org.crystalgan.potential.Potential;
import org.crystalgan.potential.classical.ClassicalPotential;
import org.crystalgan.potential.m3gnet.M3GNet;
import org.crystalgan.potential.m3gnet.M3GNetModelFiles;

/** The potentials the commands and the window offer, by the name a user types. */
public final class Potentials {
    /** What {@code --potential} means when it is not given. */
    public static final String DEFAULT = "m3gnet";

    private Potentials() {}

    /**
     * {@code m3gnet} (the bundled M3GNet-MP-2021.2.8-PES), {@code classical} (Buckingham + Ewald), or
     * a folder holding a matgl M3GNet model ({@code model.json} + {@code state.pt}).
     */
    public static Potential resolve(String spec) {
        if (spec == null || spec.isBlank()) spec = DEFAULT;
        if (spec.equals("classical")) return new ClassicalPotential();
        if (spec.equals("m3gnet")) return M3GNet.bundled();
        Path p = Path.of(spec);
        if (!Files.isDirectory(p)) {
            throw new InputException("--potential " + spec + ": neither m3gnet, classical nor a folder holding a matgl M3GNet model");
        }
        return new M3GNet(M3GNetModelFiles.load(p));
    }
}
