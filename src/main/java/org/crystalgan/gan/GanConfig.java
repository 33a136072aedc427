package org.crystalgan.gan;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Every hyper-parameter of a training run in one place. The defaults are those of the reference code
 * (kaist-amsg/Composition-Conditioned-Crystal-GAN, {@code train.py}); Kim et al., ACS Cent. Sci. 6 (2020) 1412,
 * quote a single learning rate of 1e-4 in their table, but the published models came from the code's values.
 *
 * @param seed                seed of every random draw (noise, conditions, interpolation weights, shuffling, init)
 * @param epochs              epochs to train in total (a resumed run continues up to this number)
 * @param batchSize           structures per batch
 * @param latentDim           length of the noise vector z
 * @param lambdaGp            weight λ of the WGAN-GP gradient penalty
 * @param lrCritic            Adam learning rate of the critic
 * @param lrGenerator         Adam learning rate of the generator
 * @param lrClassifier        Adam learning rate of the classifier
 * @param lrDecay             learning rates are multiplied by this every {@code lrDecayEvery} epochs
 * @param lrDecayEvery        epochs between two learning-rate decays
 * @param beta1               Adam β1
 * @param beta2               Adam β2
 * @param adamEpsilon         Adam ε (PyTorch's default)
 * @param criticSteps         critic steps per generator step
 * @param rowLossWeight       weight of the per-row atom / no-atom cross entropy in the classifier's loss on real data
 * @param cellLossWeight      weight of the classifier's atom-count regression (MSE) in both losses
 * @param checkpointMinutes   minutes between two checkpoints (also written at stop)
 * @param realOnlyClassifier  false (the reference): the classifier also learns from generated matrices, labelled
 *                            with the counts they were asked for, in training mode, and the generator is scored by it
 *                            that way. true (our option): the classifier learns from real matrices only and scores
 *                            the generator in inference mode (running statistics of real data), so that generator
 *                            and classifier cannot agree on a code of their own that no real matrix uses (what the
 *                            reference recipe did here in its first 25 epochs: see resources/crystalgan/model/TRAINING.md).
 *                            Absent from checkpoints written before it existed, where it reads as false.
 * @param fakeRowLossWeight   weight of the classifier's per-row atom / no-atom cross entropy on generated matrices in
 *                            the generator's loss, the labels being the first n rows of each element block for n
 *                            requested atoms (as every real matrix is laid out). The reference code has this term
 *                            with weight 0 (its labels put the atoms in random rows); our option. Absent: 0.
 * @param distancePenaltyWeight weight of {@link DistancePenalty} in the generator's loss: the sum over every pair of
 *                            atom rows of a generated matrix, periodic images included, of relu(floor − d)², averaged
 *                            over the batch. Not in the paper or the reference code; our option. Absent: 0 (off).
 * @param distanceFloor       the floor of that penalty, Å (distances at or above it cost nothing). Absent: 0.
 * @param volumePenaltyWeight weight of a penalty on the volume per atom of generated matrices leaving
 *                            [volumePerAtomMin, volumePerAtomMax] Å³: (ln of the ratio to the nearer bound)², batch mean.
 *                            A short-distance penalty alone is met by inflating cells. Our option. Absent: 0 (off).
 * @param volumePerAtomMin    lower bound of that range, Å³ per atom. Absent: 0.
 * @param volumePerAtomMax    upper bound, Å³ per atom. Absent: 0.
 * @param cationCationFloor   floor of the distance penalty for pairs of two cations (Mg, Mn), Å; 0: the uniform
 *                            {@code distanceFloor}. Our option. Absent: 0.
 * @param anionAnionFloor     the same for pairs of two anions (O-O). Our option. Absent: 0.
 * @param distancePenaltyAtomsOnly true: the distance penalty's gradient moves atoms only, not the lattice (which the
 *                            volume term alone then sets), so short contacts cannot be removed by inflating the cell.
 *                            Our option. Absent: false.
 * @param criticContacts      true: the critic also sees, for every atom row, its distances to the nearest atom, to the
 *                            nearest of the other kind and to the nearest of its own kind ({@link ContactFeatures}), so
 *                            that it can tell overlapping atoms from real contacts; its first layer then has 6 input
 *                            columns instead of 3. Our option. Absent: false.
 * @param separationSweeps    above 0: the generator ends in a {@link SeparationLayer} of this many sweeps, which pushes
 *                            apart atoms closer than the three floors below, in training (straight-through) and in
 *                            generation. Our option. Absent: 0 (off).
 * @param separationCationAnion  that layer's floor for cation-anion pairs, Å (0 while the layer is off)
 * @param separationCationCation its floor for cation-cation pairs, Å
 * @param separationAnionAnion   its floor for anion-anion pairs, Å
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record GanConfig(long seed, int epochs, int batchSize, int latentDim, double lambdaGp,
                        double lrCritic, double lrGenerator, double lrClassifier, double lrDecay, int lrDecayEvery,
                        double beta1, double beta2, double adamEpsilon, int criticSteps,
                        double rowLossWeight, double cellLossWeight, double checkpointMinutes, boolean realOnlyClassifier,
                        double fakeRowLossWeight, double distancePenaltyWeight, double distanceFloor,
                        double volumePenaltyWeight, double volumePerAtomMin, double volumePerAtomMax,
                        double cationCationFloor, double anionAnionFloor, boolean distancePenaltyAtomsOnly,
                        boolean criticContacts, int separationSweeps, double separationCationAnion,
                        double separationCationCation, double separationAnionAnion) {

    /**
     * Sweeps of the separation layer when it is asked for without a number: random cells of the ten report targets at
     * 12 Å³ per atom settle within it but for about 1 in 40 (SeparationLayerTest; a one-off probe of 500 such cells
     * left 1); a settled cell stops early.
     */
    public static final int SEPARATION_SWEEPS_DEFAULT = 100;

    /** The reference code's values (train.py), 501 epochs, seed 42. */
    public static GanConfig defaults() {
        return new GanConfig(42L, 501, 32, 512, 10.0, 5e-5, 5e-5, 2.5e-5, 0.95, 10, 0.5, 0.999, 1e-8, 5,
                0.3, 0.1, 5.0, false, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, false, false, 0, 0.0, 0.0, 0.0);
    }

    public GanConfig {
        if (epochs < 1) throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        if (batchSize < 2) throw new IllegalArgumentException("batch size must be at least 2 (batch normalisation), got " + batchSize);
        if (latentDim != 512) throw new IllegalArgumentException("the networks are built for a 512-long noise vector, got " + latentDim);
        if (criticSteps < 1) throw new IllegalArgumentException("critic steps must be at least 1, got " + criticSteps);
        for (double[] v : new double[][] {{lrCritic, 0}, {lrGenerator, 0}, {lrClassifier, 0}, {lambdaGp, 1}, {rowLossWeight, 1},
                                           {cellLossWeight, 1}, {adamEpsilon, 0}}) {
            // learning rates and ε must be positive, loss weights may be 0; NaN and infinity fail both tests
            if (!(v[1] == 0 ? v[0] > 0 && v[0] < Double.POSITIVE_INFINITY : v[0] >= 0 && v[0] < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("learning rates, ε and loss weights must be finite (rates and ε positive), got " + v[0]);
            }
        }
        if (!(lrDecay > 0 && lrDecay <= 1) || lrDecayEvery < 1) {
            throw new IllegalArgumentException("learning-rate decay must be in (0, 1] every 1 or more epochs, got " + lrDecay + " every " + lrDecayEvery);
        }
        if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) throw new IllegalArgumentException("Adam betas must be in [0, 1), got " + beta1 + ", " + beta2);
        if (!(fakeRowLossWeight >= 0)) throw new IllegalArgumentException("the row loss weight on generated matrices must be 0 or more, got " + fakeRowLossWeight);
        if (!(distancePenaltyWeight >= 0 && distancePenaltyWeight < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("the distance penalty weight must be 0 or more, got " + distancePenaltyWeight);
        }
        if (!(distanceFloor >= 0 && distanceFloor <= DistancePenalty.MAX_FLOOR)) {
            throw new IllegalArgumentException("the distance floor must be between 0 and " + DistancePenalty.MAX_FLOOR + " Å, got " + distanceFloor);
        }
        if (distancePenaltyWeight > 0 && distanceFloor == 0) {
            throw new IllegalArgumentException("a distance penalty needs a floor above 0 Å");
        }
        if (!(volumePenaltyWeight >= 0 && volumePenaltyWeight < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("the volume penalty weight must be 0 or more, got " + volumePenaltyWeight);
        }
        if (volumePenaltyWeight > 0 && !(volumePerAtomMin > 0 && volumePerAtomMax >= volumePerAtomMin && volumePerAtomMax < 1000)) {
            throw new IllegalArgumentException("a volume penalty needs 0 < minimum <= maximum < 1000 Å³ per atom, got "
                    + volumePerAtomMin + " to " + volumePerAtomMax);
        }
        if (!(cationCationFloor >= 0 && cationCationFloor <= DistancePenalty.MAX_FLOOR)
                || !(anionAnionFloor >= 0 && anionAnionFloor <= DistancePenalty.MAX_FLOOR)) {
            throw new IllegalArgumentException("per-pair distance floors must be between 0 and " + DistancePenalty.MAX_FLOOR
                    + " Å, got " + cationCationFloor + " and " + anionAnionFloor);
        }
        if (separationSweeps < 0 || separationSweeps > SeparationLayer.MAX_SWEEPS) {
            throw new IllegalArgumentException("separation sweeps must be 0 (off) to " + SeparationLayer.MAX_SWEEPS + ", got " + separationSweeps);
        }
        if (separationSweeps > 0) {
            new SeparationLayer.Floors(separationCationAnion, separationCationCation, separationAnionAnion);
        }
        if (!(checkpointMinutes > 0)) throw new IllegalArgumentException("checkpoint interval must be positive, got " + checkpointMinutes);
    }

    public GanConfig withEpochs(int n) {
        Builder b = new Builder(this);
        b.epochs = n;
        return b.build();
    }

    public GanConfig withSeed(long s) {
        Builder b = new Builder(this);
        b.seed = s;
        return b.build();
    }

    public GanConfig withBatchSize(int n) {
        Builder b = new Builder(this);
        b.batchSize = n;
        return b.build();
    }

    public GanConfig withCheckpointMinutes(double m) {
        Builder b = new Builder(this);
        b.checkpointMinutes = m;
        return b.build();
    }

    public GanConfig withRealOnlyClassifier(boolean v) {
        Builder b = new Builder(this);
        b.realOnlyClassifier = v;
        return b.build();
    }

    public GanConfig withFakeRowLossWeight(double w) {
        Builder b = new Builder(this);
        b.fakeRowLossWeight = w;
        return b.build();
    }

    /** The volume-per-atom penalty on the generator: {@code weight} (0: off) and its range in Å³ per atom. */
    public GanConfig withVolumePenalty(double weight, double min, double max) {
        Builder b = new Builder(this);
        b.volumePenaltyWeight = weight;
        b.volumePerAtomMin = min;
        b.volumePerAtomMax = max;
        return b.build();
    }

    /** Critic steps per generator step from here on (the reference: 5). */
    public GanConfig withCriticSteps(int n) {
        Builder b = new Builder(this);
        b.criticSteps = n;
        return b.build();
    }

    /** The generator's base learning rate (before the epoch decay) from here on (the reference: 5e-5). */
    public GanConfig withLrGenerator(double lr) {
        Builder b = new Builder(this);
        b.lrGenerator = lr;
        return b.build();
    }

    /** The short-distance penalty on the generator: {@code weight} (0: off) and its floor in Å. */
    public GanConfig withDistancePenalty(double weight, double floor) {
        Builder b = new Builder(this);
        b.distancePenaltyWeight = weight;
        b.distanceFloor = floor;
        return b.build();
    }

    /**
     * Floors of their own for cation-cation and anion-anion pairs in the distance penalty, Å (0: the uniform floor);
     * cation-anion pairs keep {@link #distanceFloor()}.
     */
    public GanConfig withPairFloors(double cationCation, double anionAnion) {
        Builder b = new Builder(this);
        b.cationCationFloor = cationCation;
        b.anionAnionFloor = anionAnion;
        return b.build();
    }

    /** Whether the distance penalty's gradient reaches the atoms only (true) or also the lattice (false). */
    public GanConfig withDistancePenaltyAtomsOnly(boolean v) {
        Builder b = new Builder(this);
        b.distancePenaltyAtomsOnly = v;
        return b.build();
    }

    /** Whether the critic sees contact distances ({@link ContactFeatures}) from here on. */
    public GanConfig withCriticContacts(boolean v) {
        Builder b = new Builder(this);
        b.criticContacts = v;
        return b.build();
    }

    /**
     * The separation layer from here on: {@code sweeps} (0: off) and its floors for cation-anion, cation-cation and
     * anion-anion pairs, Å (ignored with 0 sweeps).
     */
    public GanConfig withSeparationLayer(int sweeps, double cationAnion, double cationCation, double anionAnion) {
        Builder b = new Builder(this);
        b.separationSweeps = sweeps;
        b.separationCationAnion = sweeps == 0 ? 0 : cationAnion;
        b.separationCationCation = sweeps == 0 ? 0 : cationCation;
        b.separationAnionAnion = sweeps == 0 ? 0 : anionAnion;
        return b.build();
    }

    /**
     * The separation layer with {@code sweeps} (0: off), keeping this configuration's floors when it has them and
     * otherwise taking the defaults (the training structures' percentiles: {@link SeparationLayer#DEFAULT}).
     */
    public GanConfig withSeparationLayer(int sweeps) {
        SeparationLayer.Floors f = separationCationAnion > 0 ? separationFloors() : SeparationLayer.DEFAULT;
        return withSeparationLayer(sweeps, f.cationAnion(), f.cationCation(), f.anionAnion());
    }

    /** The separation layer's floors (meaningful while {@link #separationSweeps()} is above 0). */
    SeparationLayer.Floors separationFloors() {
        return new SeparationLayer.Floors(separationCationAnion, separationCationCation, separationAnionAnion);
    }

    /** A mutable copy of every field, so that each wither names only what it changes. */
    private static final class Builder {
        long seed;
        int epochs;
        int batchSize;
        int latentDim;
        double lambdaGp;
        double lrCritic;
        double lrGenerator;
        double lrClassifier;
        double lrDecay;
        int lrDecayEvery;
        double beta1;
        double beta2;
        double adamEpsilon;
        int criticSteps;
        double rowLossWeight;
        double cellLossWeight;
        double checkpointMinutes;
        boolean realOnlyClassifier;
        double fakeRowLossWeight;
        double distancePenaltyWeight;
        double distanceFloor;
        double volumePenaltyWeight;
        double volumePerAtomMin;
        double volumePerAtomMax;
        double cationCationFloor;
        double anionAnionFloor;
        boolean distancePenaltyAtomsOnly;
        boolean criticContacts;
        int separationSweeps;
        double separationCationAnion;
        double separationCationCation;
        double separationAnionAnion;

        Builder(GanConfig c) {
            seed = c.seed;
            epochs = c.epochs;
            batchSize = c.batchSize;
            latentDim = c.latentDim;
            lambdaGp = c.lambdaGp;
            lrCritic = c.lrCritic;
            lrGenerator = c.lrGenerator;
            lrClassifier = c.lrClassifier;
            lrDecay = c.lrDecay;
            lrDecayEvery = c.lrDecayEvery;
            beta1 = c.beta1;
            beta2 = c.beta2;
            adamEpsilon = c.adamEpsilon;
            criticSteps = c.criticSteps;
            rowLossWeight = c.rowLossWeight;
            cellLossWeight = c.cellLossWeight;
            checkpointMinutes = c.checkpointMinutes;
            realOnlyClassifier = c.realOnlyClassifier;
            fakeRowLossWeight = c.fakeRowLossWeight;
            distancePenaltyWeight = c.distancePenaltyWeight;
            distanceFloor = c.distanceFloor;
            volumePenaltyWeight = c.volumePenaltyWeight;
            volumePerAtomMin = c.volumePerAtomMin;
            volumePerAtomMax = c.volumePerAtomMax;
            cationCationFloor = c.cationCationFloor;
            anionAnionFloor = c.anionAnionFloor;
            distancePenaltyAtomsOnly = c.distancePenaltyAtomsOnly;
            criticContacts = c.criticContacts;
            separationSweeps = c.separationSweeps;
            separationCationAnion = c.separationCationAnion;
            separationCationCation = c.separationCationCation;
            separationAnionAnion = c.separationAnionAnion;
        }

        GanConfig build() {
            return new GanConfig(seed, epochs, batchSize, latentDim, lambdaGp, lrCritic, lrGenerator, lrClassifier, lrDecay, lrDecayEvery, beta1, beta2, adamEpsilon, criticSteps, rowLossWeight, cellLossWeight, checkpointMinutes, realOnlyClassifier, fakeRowLossWeight, distancePenaltyWeight, distanceFloor, volumePenaltyWeight, volumePerAtomMin, volumePerAtomMax, cationCationFloor, anionAnionFloor, distancePenaltyAtomsOnly, criticContacts, separationSweeps, separationCationAnion, separationCationCation, separationAnionAnion);
        }
    }

    /** Input columns per row of the critic: 3, or 3 + the contact features. */
    public int criticInputWidth() {
        return criticContacts ? ContactFeatures.width() : 3;
    }

    /** Learning-rate factor during the 0-based epoch {@code epoch}: decay^(epoch / every), as train.py's adjust_learning_rate. */
    public double lrFactor(int epoch) {
        return Math.pow(lrDecay, epoch / lrDecayEvery);
    }

    /** True when everything but the epoch count and checkpoint interval matches: a run may resume across such configs. */
    public boolean compatibleWith(GanConfig o) {
        return withEpochs(1).withCheckpointMinutes(1).equals(o.withEpochs(1).withCheckpointMinutes(1));
    }
}
