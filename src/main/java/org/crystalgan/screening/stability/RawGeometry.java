package org.crystalgan.screening.stability;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.crystalgan.crystal.Structure;
import org.crystalgan.screening.symmetry.SpaceGroupFinder;
import org.crystalgan.screening.symmetry.SymmetryDataset;

/**
 * How realistic a generator's cells are before any relaxation, the raw-geometry half of issue 17's report: the
 * shortest-distance distribution of every drawn cell and of the kept ones, how far the kept cells' density and volume
 * per atom lie from the training structures' (Wasserstein-1 distance of the two empirical distributions, the measure
 * CDVAE and DiffCSP report for density), and how many kept cells have a space group above P1.
 */
public final class RawGeometry {
    /** The shortest-distance floor of the target ("raw cells with the shortest distance >= 1.3 Å"). */
    public static final double MIN_DISTANCE_A = 1.3;
    /** Distance tolerance of the space-group search, Å (spglib's and pymatgen's usual 0.1). */
    public static final double SYMMETRY_TOLERANCE_A = SpaceGroupFinder.DEFAULT_TOLERANCE;

    /** The columns {@link Summary#toCsv()} fills, in order. */
    public static final String HEADER = "drawn,exact_composition_draw_share,raw_share_min_distance_1.3A,raw_min_distance_median_A,"
            + "kept_min_distance_q10_A,kept_min_distance_q50_A,kept_min_distance_q90_A,density_w1_g_cm3,volume_per_atom_w1_A3,"
            + "w1_reference,raw_non_p1_share";

    private RawGeometry() {}

    /**
     * The training (or other known) structures the kept cells are compared with.
     *
     * @param source          where they came from, for the report (a folder)
     * @param densities       g/cm³, one per structure
     * @param volumesPerAtom  Å³/atom, one per structure
     */
    public record Reference(String source, double[] densities, double[] volumesPerAtom) {
        public Reference {
            densities = densities.clone();
            volumesPerAtom = volumesPerAtom.clone();
        }

        public static Reference of(String source, List<Structure> structures) {
            List<Structure> usable = structures.stream().filter(s -> s.size() > 0 && s.volume() > 0).toList();
            return new Reference(source, usable.stream().mapToDouble(Structure::density).toArray(),
                    usable.stream().mapToDouble(s -> s.volume() / s.size()).toArray());
        }

        public int size() { return densities.length; }
    }

    /**
     * Collects the drawn cells of one target and method as they come. Not thread-safe: feed it from the drawing thread.
     */
    public static final class Tally {
        private final List<Double> rawMinDistances = new ArrayList<>();
        private long exactDraws;

        /** A drawn cell that decoded to a structure, whatever its composition; {@code exact}: it is the target's. */
        public void decoded(Structure cell, boolean exact) {
            rawMinDistances.add(minDistance(cell));
            if (exact) exactDraws++;
        }

        /** Decoded cells seen so far. */
        public int decodedCount() { return rawMinDistances.size(); }

        public long exactDraws() { return exactDraws; }

        /**
         * @param drawn     every cell (GAN: matrix) drawn, the denominator of the raw shares: a draw that never
         *                  reached {@link #decoded} (the classifier read another composition, the lattice rows
         *                  describe no cell) counts as a draw that failed the floor and was not of the target
         * @param kept      the cells the generator kept
         * @param reference the training structures; null when there are none (the W1 columns stay empty)
         */
        public Summary summarize(long drawn, List<Structure> kept, Reference reference) {
            if (drawn < rawMinDistances.size()) {
                throw new IllegalArgumentException("drawn " + drawn + " is fewer than the " + rawMinDistances.size() + " cells decoded");
            }
            long far = rawMinDistances.stream().filter(d -> d >= MIN_DISTANCE_A).count();
            double[] keptMin = kept.stream().mapToDouble(RawGeometry::minDistance).toArray();
            double w1Density = Double.NaN, w1Volume = Double.NaN;
            if (reference != null && reference.size() > 0 && !kept.isEmpty()) {
                w1Density = wasserstein1(kept.stream().mapToDouble(Structure::density).toArray(), reference.densities());
                w1Volume = wasserstein1(kept.stream().mapToDouble(s -> s.volume() / s.size()).toArray(), reference.volumesPerAtom());
            }
            double dn = drawn == 0 ? Double.NaN : drawn;
            return new Summary(drawn, exactDraws / dn, far / dn,
                    quantile(rawMinDistances.stream().mapToDouble(Double::doubleValue).toArray(), 0.5),
                    quantile(keptMin, 0.1), quantile(keptMin, 0.5), quantile(keptMin, 0.9), w1Density, w1Volume,
                    reference == null ? "" : reference.source(), nonP1Share(kept, SYMMETRY_TOLERANCE_A));
        }
    }

    /**
     * One target and method.
     *
     * @param drawn                   cells (GAN: matrices) drawn
     * @param exactCompositionShare   of those, the share that decoded to exactly the target composition
     * @param rawShareMinDistance     of those, the share that decoded to a cell with no two atoms closer than
     *                                {@value #MIN_DISTANCE_A} Å (the target metric)
     * @param rawMedianMinDistance    median shortest distance of the decoded draws, Å
     * @param densityW1               W1 distance of the kept cells' density to the reference's, g/cm³
     * @param volumePerAtomW1         W1 distance of the kept cells' volume per atom to the reference's, Å³/atom
     * @param referenceSource         where the reference structures came from ("" when none)
     * @param nonP1Share              share of the kept cells with a space group above P1 at {@value #SYMMETRY_TOLERANCE_A} Å
     */
    public record Summary(long drawn, double exactCompositionShare, double rawShareMinDistance, double rawMedianMinDistance,
                          double keptMinDistanceQ10, double keptMinDistanceQ50, double keptMinDistanceQ90, double densityW1,
                          double volumePerAtomW1, String referenceSource, double nonP1Share) {
        /** The {@link #HEADER} columns; a number that could not be measured is an empty field. */
        public String toCsv() {
            return String.join(",", Long.toString(drawn), num(exactCompositionShare, 4), num(rawShareMinDistance, 4),
                    num(rawMedianMinDistance, 3), num(keptMinDistanceQ10, 3), num(keptMinDistanceQ50, 3), num(keptMinDistanceQ90, 3),
                    num(densityW1, 4), num(volumePerAtomW1, 3), org.crystalgan.base.Csv.field(referenceSource), num(nonP1Share, 4));
        }

        /** The columns {@link #toCsv()} leaves empty: no raw measures taken. */
        public static String emptyCsv() { return ",".repeat(HEADER.split(",").length - 1); }
    }

    /** Shortest interatomic distance, Å; infinite for a single atom (no pair to be too close). */
    public static double minDistance(Structure s) {
        return s.size() < 2 ? Double.POSITIVE_INFINITY : s.minimumDistance();
    }

    /**
     * Wasserstein-1 (earth mover's) distance between the empirical distributions of two samples: the integral over x of
     * |F_a(x) − F_b(x)|, the area between their step CDFs. Samples may differ in size.
     */
    public static double wasserstein1(double[] a, double[] b) {
        if (a.length == 0 || b.length == 0) throw new IllegalArgumentException("both samples need at least one value");
        double[] x = a.clone(), y = b.clone();
        Arrays.sort(x);
        Arrays.sort(y);
        double[] all = new double[x.length + y.length];
        System.arraycopy(x, 0, all, 0, x.length);
        System.arraycopy(y, 0, all, x.length, y.length);
        Arrays.sort(all);
        double sum = 0;
        int i = 0, j = 0;
        for (int k = 0; k + 1 < all.length; k++) {
            // CDFs just right of all[k]: the share of each sample at or below it
            while (i < x.length && x[i] <= all[k]) i++;
            while (j < y.length && y[j] <= all[k]) j++;
            sum += Math.abs((double) i / x.length - (double) j / y.length) * (all[k + 1] - all[k]);
        }
        return sum;
    }

    /** Share of the structures with a space group above P1 (number > 1) at {@code tolerance} Å; NaN for none. */
    public static double nonP1Share(List<Structure> structures, double tolerance) {
        if (structures.isEmpty()) return Double.NaN;
        int above = 0;
        for (Structure s : structures) {
            SymmetryDataset d = spaceGroup(s, tolerance);
            if (d != null && d.number() > 1) above++;
        }
        return (double) above / structures.size();
    }

    /** The space group at {@code tolerance} Å, or null when the search finds no consistent group (counted as P1). */
    public static SymmetryDataset spaceGroup(Structure s, double tolerance) {
        try {
            return SpaceGroupFinder.analyze(s, tolerance);
        } catch (org.crystalgan.screening.symmetry.SymmetryException e) {
            // atoms closer than the tolerance, or no tolerance gives a consistent group: no symmetry to report
            return null;
        }
    }

    /** Quantile by linear interpolation between order statistics (numpy's default); NaN for an empty sample. */
    public static double quantile(double[] v, double q) {
        double[] finite = Arrays.stream(v).filter(Double::isFinite).sorted().toArray();
        if (finite.length == 0) return Double.NaN;
        double pos = q * (finite.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(finite.length - 1, lo + 1);
        return finite[lo] + (pos - lo) * (finite[hi] - finite[lo]);
    }

    private static String num(double v, int digits) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + digits + "f", v) : "";
    }
}
