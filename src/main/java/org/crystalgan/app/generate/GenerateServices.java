package org.crystalgan.app.generate;

import java.nio.file.Path;
import java.util.List;
import org.crystalgan.app.common.StructureEntry;
import org.crystalgan.app.common.Work;
import org.crystalgan.crystal.Composition;
import org.crystalgan.screening.validity.ValidityReport;
import org.crystalgan.workflow.GenerationMetricsService;
import org.crystalgan.workflow.GenerationService;

/** What the Generate pane needs from the gan and screening packages (a fake in the ViewModel tests). */
public interface GenerateServices {
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
    record Generation(List<StructureEntry> structures, long tried, long maxTries, String model, String rejections) {
        public Generation {
            structures = List.copyOf(structures);
        }

        public Generation(List<StructureEntry> structures, long tried, long maxTries, String model) {
            this(structures, tried, maxTries, model, "");
        }

        /** Accepted per generated matrix (0 when nothing was generated). */
        public double acceptanceRate() { return tried == 0 ? 0 : (double) structures.size() / tried; }
    }

    /** The try bound the CLI's {@code generate} uses when none is given (the gate keeps few draws: 2,000 per structure). */
    static long defaultMaxTries(int count) { return GenerationService.defaultMaxTries(count, false); }

    /**
     * Samples up to {@code count} structures, stopping after {@code maxTries} generated matrices or on
     * cancellation with what was accepted so far (possibly nothing: that is not an error). Services
     * without a sampler of their own count every structure of {@link #generate} as one accepted try.
     */
    default Generation sample(Composition targetCell, int count, long seed, Path checkpoint, long maxTries, Work.Progress p) throws Exception {
        List<StructureEntry> s = generate(targetCell, count, seed, checkpoint, p);
        return new Generation(s, s.size(), maxTries, checkpoint == null ? "bundled model" : checkpoint.toString());
    }

    /**
     * As {@link #sample(Composition, int, long, Path, long, Work.Progress)} with a choice of method: the GAN or the
     * random-search baseline. Services without a baseline of their own ignore the method.
     */
    default Generation sample(Composition targetCell, int count, long seed, Path checkpoint, long maxTries,
                              GenerationService.Method method, Work.Progress p) throws Exception {
        return sample(targetCell, count, seed, checkpoint, maxTries, p);
    }

    /** Validity checks of one generated structure against its target cell composition. */
    ValidityReport validity(StructureEntry e, Composition targetCell);

    /**
     * Relaxes the generated cells with M3GNet on every core and measures them against the bundled M3GNet hull (the
     * shares of {@code model-report --relax}). Returns with the cells relaxed so far marked cancelled once
     * {@code p} says so; progress counts finished relaxations.
     *
     * @param method {@code gan} or {@code random}, for the row of measures
     */
    GenerationMetricsService.Outcome judge(Composition targetCell, String method, List<StructureEntry> cells, Work.Progress p) throws Exception;
}
