package org.crystalgan.gan;

import org.crystalgan.encoding.Representation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An optional last layer of the generator, without parameters: atoms of a generated matrix closer than the floor of
 * their pair (cation-anion, cation-cation, anion-anion) are pushed apart along their separation, sweep after sweep,
 * until no pair is short or the sweeps run out. The critic, the classifier and the user then see cells in which no two
 * atoms overlap; the networks before it still decide the cell, which rows are atoms and roughly where they sit.
 *
 * <p>Why: the paper's generator (Kim et al., ACS Cent. Sci. 6 (2020) 1412) places each atom row through its own
 * column of the last layers, so no part of it sees two atoms relative to each other, and no loss we tried taught it to
 * keep atoms apart (resources/crystalgan/model/TRAINING.md). Pushing atoms apart to minimum separations is how random
 * structure search makes its starting cells physical (AIRSS, C. J. Pickard and R. J. Needs, J. Phys.: Condens.
 * Matter 23, 053201 (2011), where a random cell's atoms are moved apart until every pair respects its minimum
 * separation); here it is part of the generator, in training as in generation. In training its Jacobian is taken
 * as the identity (a straight-through estimate): the critic's gradient at the pushed matrix goes unchanged to the
 * networks' output. Not in the paper; an option of ours ({@link GanConfig#separationSweeps()}).
 *
 * <p>One sweep visits every pair of atoms and periodic image closer than its floor (an atom's own images excepted:
 * only the cell decides those) and moves both atoms at once by half of its overlap along their separation (plus 5 %,
 * so that an isolated pair ends just beyond its floor); later pairs of the sweep see the moved atoms (Gauss-Seidel,
 * which settles random cells in far fewer sweeps than adding all pushes first). Moved atoms are wrapped into the cell
 * so that they stay atoms for the decoding. Deterministic, pure Java on doubles.
 */
final class SeparationLayer {
    /** Floors per pair kind, Å. Defaults: see {@link #DEFAULT}. */
    record Floors(double cationAnion, double cationCation, double anionAnion) {
        Floors {
            for (double f : new double[] {cationAnion, cationCation, anionAnion}) {
                if (!(f > 0 && f <= DistancePenalty.MAX_FLOOR)) {
                    throw new IllegalArgumentException("separation floors must be above 0 and at most " + DistancePenalty.MAX_FLOOR
                            + " Å, got " + cationAnion + ", " + cationCation + ", " + anionAnion);
                }
            }
        }
    }

    /**
     * The shortest contact of each kind in the paper's training structures (../shared/data/mgmno, 1,253 relaxed
     * structures, periodic images included; measured 2026-12-07) has these percentiles: cation-O 1st 1.69 Å
     * (minimum 1.63, median 1.92), cation-cation 5th 2.54 Å (minimum 2.16, median 2.89), O-O 5th 2.08 Å (minimum
     * 1.38, median 2.65). The floors sit at those percentiles: about 95 % of the training structures would pass through
     * the layer unchanged.
     */
    static final Floors DEFAULT = new Floors(1.7, 2.5, 2.1);

    /** The largest number of sweeps accepted. */
    static final int MAX_SWEEPS = 1000;
    /** A pair this much (Å) inside its floor still counts as short: the end test of the sweeps. */
    private static final double TOLERANCE = 1e-3;
    /** Each pair's push lengthens it by its overlap times this when it is alone. */
    private static final double OVERSHOOT = 1.05;
    /** Below this distance (Å) a pair has no usable direction: it is parted along a fixed direction of its own. */
    private static final double COINCIDENT = 1e-3;

    private final Representation rep;
    private final int sweeps;
    private final Floors floors;
    private final double maxFloor;
    /** Per atom row: true for an anion (O here), as {@link DistancePenalty#isAnion} counts them. */
    private final boolean[] anionRow;

    SeparationLayer(Representation rep, int sweeps, Floors floors) {
        if (sweeps < 1 || sweeps > MAX_SWEEPS) throw new IllegalArgumentException("separation sweeps must be 1 to " + MAX_SWEEPS + ", got " + sweeps);
        this.rep = rep;
        this.sweeps = sweeps;
        this.floors = floors;
        this.maxFloor = Math.max(floors.cationAnion(), Math.max(floors.cationCation(), floors.anionAnion()));
        this.anionRow = new boolean[rep.rows()];
        for (int row = Representation.HEADER_ROWS; row < rep.rows(); row++) {
            anionRow[row] = DistancePenalty.isAnion(rep.elementOfRow(row));
        }
    }

    /** The layer a configuration asks for, or null when it has none. */
    static SeparationLayer of(GanConfig cfg) {
        if (cfg.separationSweeps() == 0) return null;
        return new SeparationLayer(Representation.MG_MN_O, cfg.separationSweeps(), cfg.separationFloors());
    }

    /**
     * The layer the {@code config} object of a model's or checkpoint's header asks for, or null: fields absent (files
     * written before the option existed) mean none. {@code where} names the file for a message.
     */
    static SeparationLayer of(com.fasterxml.jackson.databind.JsonNode config, String where) {
        int sweeps = config.path("separationSweeps").asInt(0);
        if (sweeps == 0) return null;
        try {
            return new SeparationLayer(Representation.MG_MN_O, sweeps, new Floors(config.path("separationCationAnion").asDouble(),
                    config.path("separationCationCation").asDouble(), config.path("separationAnionAnion").asDouble()));
        } catch (IllegalArgumentException e) {
            throw new org.crystalgan.crystal.InputException(where + ": " + e.getMessage());
        }
    }

    int sweeps() {
        return sweeps;
    }

    Floors floors() {
        return floors;
    }

    /**
     * @param moved     matrices in which at least one atom moved
     * @param unsettled matrices that still had a short pair after the last sweep (or a cell without volume)
     */
    record Result(int moved, int unsettled) {
    }

    /** Pushes apart the atoms of the {@code batch} matrices of {@code m} (row-major, rows·3 each), in place. */
    Result apply(double[] m, int batch) {
        return apply(m, batch, true);
    }

    /**
     * @param perPairReach true: each pair's images are searched only as far as its own floor ({@link #contacts});
     *                     false: every pair as far as the largest floor, through {@link MatrixCell#contacts} (the
     *                     first implementation, kept for the test that shows both give the same matrices)
     */
    Result apply(double[] m, int batch, boolean perPairReach) {
        int size = rep.size();
        if (m.length != batch * size) throw new IllegalArgumentException("expected " + batch + " matrices of " + size + " values, got " + m.length);
        int moved = 0;
        int unsettled = 0;
        for (int b = 0; b < batch; b++) {
            int state = separate(m, b * size, perPairReach);
            if (state != 0) moved++;
            if (state == 2) unsettled++;
        }
        return new Result(moved, unsettled);
    }

    /** As {@link #apply(double[], int)} on a (batch, rows·3) array of the networks, in place, in its own data type. */
    Result apply(INDArray matrices) {
        double[] m = FencedOpExecutioner.toDoubles(matrices);
        Result r = apply(m, (int) matrices.size(0));
        matrices.assign(Nd4j.createFromArray(m).reshape(matrices.shape()).castTo(matrices.dataType()));
        return r;
    }

    /** As {@link #apply(double[], int)} on float32 matrices. */
    Result apply(float[] m, int batch) {
        double[] d = new double[m.length];
        for (int i = 0; i < m.length; i++) d[i] = m[i];
        Result r = apply(d, batch);
        for (int i = 0; i < m.length; i++) m[i] = (float) d[i];
        return r;
    }

    /** 0: nothing short; 1: moved and settled; 2: still short after the last sweep, or no cell. */
    private int separate(double[] m, int off, boolean perPairReach) {
        MatrixCell cell = MatrixCell.of(rep, m, off);
        MatrixCell.Atoms atoms = MatrixCell.atoms(rep, m, off);
        int n = atoms.count();
        if (n < 2 && cell != null) return 0;
        if (cell == null) return n == 0 ? 0 : 2;
        double[][] f = atoms.frac();
        boolean[] anion = new boolean[n];
        for (int i = 0; i < n; i++) anion[i] = anionRow[atoms.rows()[i]];
        boolean[] touched = new boolean[n];
        double[] worst = new double[1];
        boolean settled = false;
        for (int s = 0; s < sweeps && !settled; s++) {
            worst[0] = 0;
            contacts(cell, f, anion, perPairReach, (i, j, v, gv, d) -> {
                if (i == j) return;
                double floor = floor(anion[i], anion[j]);
                double over = floor - d;
                if (!(over > TOLERANCE)) return;
                worst[0] = Math.max(worst[0], over);
                if (d < COINCIDENT) {
                    pushCoincident(cell, f[i], f[j], i, j, floor);
                } else {
                    double t = 0.5 * OVERSHOOT * over / d;
                    for (int k = 0; k < 3; k++) {
                        f[i][k] += t * v[k];
                        f[j][k] -= t * v[k];
                    }
                }
                touched[i] = true;
                touched[j] = true;
            });
            settled = worst[0] == 0;
        }
        if (!settled) {
            // the last sweep moved atoms: one more look says whether that was enough
            worst[0] = 0;
            contacts(cell, f, anion, perPairReach, (i, j, v, gv, d) -> {
                if (i == j) return;
                double floor = floor(anion[i], anion[j]);
                worst[0] = Math.max(worst[0], floor - d);
            });
            settled = !(worst[0] > TOLERANCE);
        }
        boolean any = false;
        for (int i = 0; i < n; i++) {
            if (!touched[i]) continue;
            any = true;
            int o = off + atoms.rows()[i] * 3;
            for (int k = 0; k < 3; k++) {
                double w = f[i][k] - Math.floor(f[i][k]);
                m[o + k] = Representation.COORD_SCALE * w + Representation.COORD_OFFSET;
            }
        }
        if (!settled) return 2;
        return any ? 1 : 0;
    }

    /**
     * The contacts the sweeps act on. {@code perPairReach}: found with less search than one radius for all, an
     * atom's own images skipped (the sweeps ignore them) and a pair's images looked for within its own floor (a
     * contact at or beyond its floor moves nothing and cannot count as short); cation-anion pairs, most of the pairs,
     * search (1.7/2.5)³ ≈ a third of the volume. Why: the layer took 7-8 % of generation's time, nearly all of it in
     * this search. Otherwise every pair within the largest floor (the first implementation, kept for the test that
     * shows both move every atom alike).
     */
    private void contacts(MatrixCell cell, double[][] f, boolean[] anion, boolean perPairReach, MatrixCell.ContactVisitor visitor) {
        if (perPairReach) cell.contacts(f, (i, j) -> floor(anion[i], anion[j]), false, visitor);
        else cell.contacts(f, maxFloor, visitor);
    }

    /** The floor of a pair, Å, by whether each atom is an anion. */
    private double floor(boolean anionA, boolean anionB) {
        if (anionA != anionB) return floors.cationAnion();
        return anionA ? floors.anionAnion() : floors.cationCation();
    }

    /**
     * Two atoms on top of each other: parted by their floor along a direction fixed by their indices (the same draw
     * gives the same matrix), of unit length in the cell's metric.
     */
    private static void pushCoincident(MatrixCell cell, double[] fi, double[] fj, int i, int j, double floor) {
        long h = (i * 0x9E3779B97F4A7C15L) ^ (j * 0xC2B2AE3D27D4EB4FL);
        double[] u = new double[3];
        for (int k = 0; k < 3; k++) {
            h = h * 6364136223846793005L + 1442695040888963407L;
            u[k] = ((h >>> 11) * 0x1.0p-53) - 0.5;
        }
        double len = Math.sqrt(cell.squaredLength(u, new double[3]));
        if (!(len > 0)) return;
        double t = 0.5 * OVERSHOOT * floor / len;
        for (int k = 0; k < 3; k++) {
            fi[k] += t * u[k];
            fj[k] -= t * u[k];
        }
    }
}
