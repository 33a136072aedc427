package org.crystalgan.gan;

import org.crystalgan.encoding.Representation;

/**
 * A differentiable penalty on too-short interatomic distances of generated matrices, for the generator's loss:
 * {@code weight / batch · Σ relu(floor − d)²} over every pair of atom rows of each matrix and every periodic image
 * (an atom and its own images included), with its gradient with respect to the matrix entries.
 *
 * <p>The decoding is {@link Representation#decode}'s, written so that it can be differentiated: cell lengths are
 * {@code maxLength · m[0..2]}, angles {@code 180° · m[3..5]}, fractional coordinates {@code 1.5 · (P' − 1/6)}, and a
 * row is an atom when its sum exceeds 0.4. That last choice is a hard one (no gradient flows through it): the
 * penalty moves the atoms that are there, it does not decide which rows are atoms, which the classifier's losses do.
 * Distances use the metric tensor G (d² = vᵀ·G·v for a fractional difference v), so no Cartesian frame is needed and
 * the derivatives with respect to lengths and angles are short. Every image within the floor is counted, not only
 * the nearest: the sum is then a smooth function of the matrix except where a pair crosses the floor.
 *
 * <p>Not in the paper (Kim et al. 2020) or its code; an option of ours ({@link GanConfig#distancePenaltyWeight()}).
 * Pure Java on doubles: a batch of 32 matrices of 28 rows is a few hundred thousand distance evaluations, well
 * under the time of one matrix product of the networks.
 */
final class DistancePenalty {
    /** The largest floor accepted, Å: far above any bond; it bounds the images enumerated per pair. */
    static final double MAX_FLOOR = 4.0;
    /** Distances the training-time monitor counts as too short, Å (the target of issue 17). */
    static final double REPORT_DISTANCE = 1.3;

    private final Representation rep;
    private final double weight;
    /** Floor per pair of element-block indices (the uniform floor unless a per-pair one was given). */
    private final double[][] pairFloor;
    /** The largest pair floor: the reach of the image search. */
    private final double maxFloor;
    private final double volumeWeight;
    private final boolean atomsOnly;
    private final double lnVolumeMin;
    private final double lnVolumeMax;

    DistancePenalty(Representation rep, double weight, double floor) {
        this(rep, weight, floor, 0, 1, 1);
    }

    /**
     * With a second term, {@code volumeWeight / batch · Σ (ln(V/n) − ln bound)²} for a volume per atom V/n outside
     * [{@code volumeMin}, {@code volumeMax}] Å³ (0 inside): without it the distance term is met by inflating cells.
     * The logarithm makes a cell twice too large cost as much as one half too small.
     */
    DistancePenalty(Representation rep, double weight, double floor, double volumeWeight, double volumeMin, double volumeMax) {
        this(rep, weight, floor, 0, 0, volumeWeight, volumeMin, volumeMax, false);
    }

    /**
     * With floors of their own for cation-cation and anion-anion pairs ({@code cationCationFloor},
     * {@code anionAnionFloor}, Å; 0: the uniform {@code floor}); cation-anion pairs keep {@code floor}. An anion is an
     * element whose common oxidation states are all negative (O here), as the plausibility gate of generation counts
     * it. Why: a uniform floor below the cation-cation distances of real oxides (2.16 Å at least in the training
     * structures, 2.8-3.0 Å typically) leaves cations packed where no oxide has them.
     */
    DistancePenalty(Representation rep, double weight, double floor, double cationCationFloor, double anionAnionFloor,
                    double volumeWeight, double volumeMin, double volumeMax) {
        this(rep, weight, floor, cationCationFloor, anionAnionFloor, volumeWeight, volumeMin, volumeMax, false);
    }

    /**
     * With {@code atomsOnly}, the distance term's gradient goes to the atoms' coordinates only, none to the lattice
     * (a stop-gradient on lengths and angles for that term; the volume term still moves them). Why: with the lattice
     * in its gradient, the cheapest way to lengthen every short contact at once is a larger cell, and a generator
     * fine-tuned that way inflated its cells (TRAINING.md); without it, short contacts can only be removed by moving
     * atoms apart, while the volume term keeps the cell at the training structures' density. The reported loss is
     * the same either way.
     */
    DistancePenalty(Representation rep, double weight, double floor, double cationCationFloor, double anionAnionFloor,
                    double volumeWeight, double volumeMin, double volumeMax, boolean atomsOnly) {
        if (!(cationCationFloor >= 0 && cationCationFloor <= MAX_FLOOR) || !(anionAnionFloor >= 0 && anionAnionFloor <= MAX_FLOOR)) {
            throw new IllegalArgumentException("per-pair floors must be between 0 and " + MAX_FLOOR + " Å");
        }
        if (!(weight >= 0) || !(floor > 0 && floor <= MAX_FLOOR)) {
            throw new IllegalArgumentException("distance penalty needs weight >= 0 and 0 < floor <= " + MAX_FLOOR + " Å");
        }
        if (!(volumeWeight >= 0) || !(volumeMin > 0 && volumeMax >= volumeMin)) {
            throw new IllegalArgumentException("volume penalty needs weight >= 0 and 0 < minimum <= maximum");
        }
        this.rep = rep;
        this.weight = weight;
        this.atomsOnly = atomsOnly;
        int ne = rep.elementCount();
        boolean[] anion = new boolean[ne];
        for (int e = 0; e < ne; e++) anion[e] = isAnion(rep.elements().get(e));
        this.pairFloor = new double[ne][ne];
        double mx = floor;
        for (int a = 0; a < ne; a++) {
            for (int b = 0; b < ne; b++) {
                double f = floor;
                if (!anion[a] && !anion[b] && cationCationFloor > 0) f = cationCationFloor;
                if (anion[a] && anion[b] && anionAnionFloor > 0) f = anionAnionFloor;
                pairFloor[a][b] = f;
                mx = Math.max(mx, f);
            }
        }
        this.maxFloor = mx;
        this.volumeWeight = volumeWeight;
        this.lnVolumeMin = Math.log(volumeMin);
        this.lnVolumeMax = Math.log(volumeMax);
    }

    /** An element whose common oxidation states are all negative (O here), as the plausibility gate counts anions. */
    static boolean isAnion(org.crystalgan.crystal.Element e) {
        int[] common = e.commonOxidationStates();
        if (common.length == 0) return false;
        for (int ox : common) if (ox >= 0) return false;
        return true;
    }

    /** The floor of a pair of atoms of element blocks {@code a} and {@code b}, Å. */
    double floor(int a, int b) {
        return pairFloor[a][b];
    }

    /**
     * @param loss        the weighted penalty, averaged over the batch
     * @param gradient    d loss / d matrix entry, row-major (batch, rows·3)
     * @param shortPairs  pairs (images included) closer than the floor, over the batch
     * @param clean       matrices whose atoms are all at least {@link #REPORT_DISTANCE} apart (a degenerate cell is not)
     * @param volumeLoss  the weighted volume term alone (included in {@code loss})
     */
    record Result(double loss, double[] gradient, int shortPairs, int clean, double volumeLoss) {
    }

    /** Penalty and gradient for {@code batch} row-major matrices in {@code m}. */
    Result evaluate(double[] m, int batch) {
        int size = rep.size();
        if (m.length != (long) batch * size) throw new IllegalArgumentException("expected " + batch + " matrices of " + size + " values");
        double[] grad = new double[m.length];
        double loss = 0;
        double volume = 0;
        int shortPairs = 0;
        int clean = 0;
        double scale = weight / batch;
        for (int b = 0; b < batch; b++) {
            double[] r = one(m, b * size, grad, scale, volumeWeight / batch);
            if (r == null) continue;
            loss += r[0];
            shortPairs += (int) r[1];
            if (r[2] >= REPORT_DISTANCE) clean++;
            volume += r[3];
        }
        double vl = volumeWeight / batch * volume;
        return new Result(scale * loss + vl, grad, shortPairs, clean, vl);
    }

    /**
     * One matrix at {@code off}: adds its gradient (times {@code scale}) into {@code grad} and returns {unscaled
     * penalty, short pairs, shortest distance seen up to the cutoff (else +∞), unscaled volume term}, or null for a
     * degenerate cell.
     */
    private double[] one(double[] m, int off, double[] grad, double scale, double volumeScale) {
        double lenScale = MatrixCell.lengthScale(rep);
        double angScale = MatrixCell.angleScale();
        MatrixCell cell = MatrixCell.of(rep, m, off);
        // no real cell has these lengths and angles (or it is flat): distances are undefined, nothing to push on
        if (cell == null) return null;
        double[] len = cell.len;
        double[] cos = cell.cos;
        double[] sin = cell.sin;
        double det = cell.metricDeterminant();
        double cutoff = Math.max(maxFloor, REPORT_DISTANCE);
        MatrixCell.Atoms atoms = MatrixCell.atoms(rep, m, off);
        int n = atoms.count();
        int[] atomRow = atoms.rows();
        int[] block = new int[n];
        for (int i = 0; i < n; i++) block[i] = rep.indexOf(rep.elementOfRow(atomRow[i]));
        double coordScale = MatrixCell.COORD_DERIVATIVE;

        double[] out = {0, 0, Double.POSITIVE_INFINITY, 0};
        double[] dLen = new double[3];
        double[] dAng = new double[3];
        if (volumeScale > 0 && n > 0) {
            // V = abc·√D, D = 1 − cos²α − cos²β − cos²γ + 2 cosα cosβ cosγ; the term is on x = ln(V/n)
            double x = 0.5 * Math.log(det) - Math.log(n);
            double excess = x > lnVolumeMax ? x - lnVolumeMax : x < lnVolumeMin ? x - lnVolumeMin : 0;
            if (excess != 0) {
                out[3] = excess * excess;
                double dx = 2 * excess * volumeScale;
                double dcube = 1 - cos[0] * cos[0] - cos[1] * cos[1] - cos[2] * cos[2] + 2 * cos[0] * cos[1] * cos[2];
                for (int k = 0; k < 3; k++) {
                    // d ln V / d L_k = 1 / L_k; d ln V / d angle_k = sin_k (cos_k − cos_l cos_m) / D
                    dLen[k] += dx / len[k];
                    dAng[k] += dx * sin[k] * (cos[k] - cos[(k + 1) % 3] * cos[(k + 2) % 3]) / dcube;
                }
            }
        }
        cell.contacts(atoms.frac(), cutoff, (i, j, v, gv, d) -> {
            out[2] = Math.min(out[2], d);
            double floor = pairFloor[block[i]][block[j]];
            if (d >= floor) return;
            // an atom's own images: v and −v are the same contact, each visited, so each counts half
            double pairWeight = i == j ? 0.5 : 1.0;
            double gap = floor - d;
            out[0] += pairWeight * gap * gap;
            out[1] += 1;
            // two atoms on top of each other: the direction to push is undefined
            if (d < 1e-9) return;
            double dd = -2 * gap * pairWeight * scale / d; // d loss / d d, over d
            // d d / d v = G·v / d; v_k = 1.5·(P'_i − P'_j) + integer
            if (i != j) {
                for (int k = 0; k < 3; k++) {
                    double gk = dd * gv[k] * coordScale;
                    grad[off + atomRow[i] * 3 + k] += gk;
                    grad[off + atomRow[j] * 3 + k] -= gk;
                }
            }
            // d d = d q / 2d at fixed v; dd already holds 1/d
            if (!atomsOnly) cell.addDistanceDerivative(v, dd, dLen, dAng);
        });
        for (int k = 0; k < 3; k++) {
            grad[off + k] += dLen[k] * lenScale;
            grad[off + 3 + k] += dAng[k] * angScale;
        }
        return out;
    }
}
