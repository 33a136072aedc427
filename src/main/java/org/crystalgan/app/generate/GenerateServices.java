package org.crystalgan.app.generate;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.crystalgan.app.common.StructureEntry;
import org.crystalgan.app.common.Work;
import org.crystalgan.crystal.Composition;
import org.crystalgan.screening.validity.ValidityReport;

/** What the Generate pane needs from the gan and screening packages (a fake in the ViewModel tests). */
public interface GenerateServices {
    /** Empty when generation works in this build; otherwise why not. */
    Optional<String> unavailable();

    /** Whether a bundled (pretrained) model ships with this build. */
    boolean hasBundledModel();

    /**
     * Generates {@code count} structures of the target cell composition.
     *
     * @param checkpoint a trained checkpoint, or null for the bundled model
     */
    List<StructureEntry> generate(Composition targetCell, int count, long seed, Path checkpoint, Work.Progress p) throws Exception;

    /**
     * What a sampling run gave: the accepted structures, how many matrices the generator produced
     * ({@code tried}), the bound it ran under and the model's description.
     */
    record Generation(List<StructureEntry> structures, long tried, long maxTries, String model) {
        public Generation {
            structures = List.copyOf(structures);
        }

        /** Accepted per generated matrix (0 when nothing was generated). */
        public double acceptanceRate() { return tried == 0 ? 0 : (double) structures.size() / tried; }
    }

    /** The try bound the CLI's {@code generate} uses when none is given: at least 10,000, 200 per requested structure. */
    static long defaultMaxTries(int count) { return Math.max(10_000, 200L * count); }

    /**
     * Samples up to {@code count} structures, stopping after {@code maxTries} generated matrices or on
     * cancellation with what was accepted so far (possibly nothing: that is not an error). Services
     * without a sampler of their own count every structure of {@link #generate} as one accepted try.
     */
    default Generation sample(Composition targetCell, int count, long seed, Path checkpoint, long maxTries, Work.Progress p) throws Exception {
        List<StructureEntry> s = generate(targetCell, count, seed, checkpoint, p);
        return new Generation(s, s.size(), maxTries, checkpoint == null ? "bundled model" : checkpoint.toString());
    }

    /** Validity checks of one generated structure against its target cell composition. */
    ValidityReport validity(StructureEntry e, Composition targetCell);
}
