package org.crystalgan.encoding;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import org.crystalgan.base.Progress;
import org.crystalgan.crystal.Structure;

/**
 * Data augmentation of Kim et al. (ACS Cent. Sci. 6 (2020) 1412; reference code
 * {@code preparing_dataset/}): per composition, the structures of that composition are expanded to
 * a fixed count by
 * <ul>
 *   <li><b>supercells</b>: each parent doubled along a, b or c when the doubled cell still fits the
 *       representation (atom limits and length scale); its atoms are grouped by their real species
 *       (the published file assigned species by ASE's repeat order, see data/mgmno/README.md);</li>
 *   <li><b>translation</b> of all atoms by λ·(a, b, c), λ drawn uniformly in (0, 1) per axis, with
 *       coordinates wrapped into the cell;</li>
 *   <li><b>axis swap</b>: exchanging two cell axes, i.e. the two coordinate columns, the two cell
 *       lengths and the two matching angles. In the matrix this is exactly a swap of two columns of
 *       every row: swapping a and b exchanges α = ∠(b,c) and β = ∠(a,c) and keeps γ. The new cell is
 *       rebuilt right-handed, so a swap yields the mirror image of the crystal: same composition,
 *       volume and interatomic distances (for a chiral crystal, its enantiomorph).</li>
 * </ul>
 * The structures themselves (and their supercells) come first; the rest are translations of them,
 * half of them also axis-swapped. A composition with more structures than the target keeps a random
 * subset. Results depend only on the inputs, the target and the seed: each composition draws from its
 * own {@link SplittableRandom} seeded from the seed and the composition, so compositions can be
 * processed in parallel without changing the output.
 */
public final class Augmenter {
    /** The paper's count per composition. */
    public static final int PAPER_PER_COMPOSITION = 1000;

    /** A structure with the name it is reported under (file name, MP id, reference name). */
    public record Input(String name, Structure structure) {
        public Input {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(structure, "structure");
        }
    }

    /**
     * Augmented matrices, row-major float32 {@code count x rep.size()}, with per matrix the cell
     * composition (e.g. "Mg2Mn4O8") and the name of the structure it came from (a supercell's name
     * ends in "*2a", "*2b" or "*2c").
     */
    public record Result(Representation representation, float[] matrices, List<String> compositions, List<String> sources) {
        public int count() { return compositions.size(); }

        /** Matrix i as [rows][3]. */
        public float[][] matrix(int i) {
            int rows = representation.rows();
            float[][] m = new float[rows][3];
            for (int r = 0; r < rows; r++) System.arraycopy(matrices, i * rows * 3 + r * 3, m[r], 0, 3);
            return m;
        }
    }

    private final Representation rep;
    private final int perComposition;
    private final long seed;
    private final boolean supercells;

    public Augmenter(Representation rep, int perComposition, long seed) {
        this(rep, perComposition, seed, true);
    }

    /** @param supercells false to skip the supercell step (for sources that already hold them, like the reference array) */
    public Augmenter(Representation rep, int perComposition, long seed, boolean supercells) {
        if (perComposition < 1) throw new IllegalArgumentException("the count per composition must be at least 1");
        this.rep = Objects.requireNonNull(rep);
        this.perComposition = perComposition;
        this.seed = seed;
        this.supercells = supercells;
    }

    // ------------------------------------------------------------------ the three operations

    /** The doublings along a, b and c of a structure that still fit the representation (0 to 3). */
    public List<Input> supercellsOf(Input in) {
        List<Input> out = new ArrayList<>(3);
        String[] axis = {"a", "b", "c"};
        for (int k = 0; k < 3; k++) {
            Structure sc = in.structure().supercell(k == 0 ? 2 : 1, k == 1 ? 2 : 1, k == 2 ? 2 : 1);
            if (fits(sc)) out.add(new Input(in.name() + "*2" + axis[k], sc));
        }
        return out;
    }

    private boolean fits(Structure s) {
        try {
            rep.checkFits(s);
            return true;
        } catch (org.crystalgan.crystal.InputException e) {
            return false;
        }
    }

    /** Translate every atom of the matrix at {@code m[offset..]} by (λa, λb, λc) in fractional units, in place. */
    public void translate(double[] m, int offset, double la, double lb, double lc) {
        double[] l = {la, lb, lc};
        for (int row = Representation.HEADER_ROWS; row < rep.rows(); row++) {
            int o = offset + row * 3;
            if (m[o] + m[o + 1] + m[o + 2] <= Representation.ATOM_THRESHOLD) continue;
            for (int k = 0; k < 3; k++) {
                m[o + k] = Representation.toStored(Representation.fromStored(m[o + k]) + l[k]);
            }
        }
    }

    /** Swap cell axes i and j (0 = a, 1 = b, 2 = c) of the matrix at {@code m[offset..]}, in place. */
    public void swapAxes(double[] m, int offset, int i, int j) {
        if (i == j) return;
        for (int row = 0; row < rep.rows(); row++) {
            int o = offset + row * 3;
            double t = m[o + i];
            m[o + i] = m[o + j];
            m[o + j] = t;
        }
    }

    // ------------------------------------------------------------------ the whole set

    /**
     * Augment: group by cell composition (supercells included), then fill each group to the target.
     * Structures that do not fit must have been filtered out before (see {@link DatasetBuilder}).
     */
    public Result augment(List<Input> inputs, Progress progress) {
        Map<String, List<Input>> groups = new LinkedHashMap<>();
        // a source that already holds supercells (the reference array) must not get them twice
        java.util.Set<DatasetBuilder.MatrixKey> seen = new java.util.HashSet<>();
        double[] buf = new double[rep.size()];
        for (Input in : inputs) {
            rep.encodeInto(in.structure(), buf, 0);
            seen.add(DatasetBuilder.MatrixKey.of(rep, buf));
            groups.computeIfAbsent(key(in.structure()), k -> new ArrayList<>()).add(in);
        }
        if (supercells) {
            for (Input in : inputs) {
                for (Input sc : supercellsOf(in)) {
                    rep.encodeInto(sc.structure(), buf, 0);
                    if (seen.add(DatasetBuilder.MatrixKey.of(rep, buf))) {
                        groups.computeIfAbsent(key(sc.structure()), k -> new ArrayList<>()).add(sc);
                    }
                }
            }
        }
        List<String> keys = new ArrayList<>(groups.keySet());
        Collections.sort(keys);
        int size = rep.size();
        long total = (long) keys.size() * perComposition;
        if (total * size > Integer.MAX_VALUE - 8) {
            throw new org.crystalgan.crystal.InputException(total + " matrices do not fit in one array; lower the count per composition");
        }
        float[] out = new float[(int) (total * size)];
        String[] sources = new String[(int) total];
        AtomicLong done = new AtomicLong();
        progress.update(0, total, "augmenting " + keys.size() + " compositions");
        IntStream.range(0, keys.size()).parallel().forEach(g -> {
            progress.checkCancelled();
            fill(groups.get(keys.get(g)), keys.get(g), out, sources, g * perComposition);
            long d = done.addAndGet(perComposition);
            progress.update(d, total, keys.get(g));
        });
        List<String> comps = new ArrayList<>((int) total);
        for (String k : keys) for (int i = 0; i < perComposition; i++) comps.add(k);
        return new Result(rep, out, List.copyOf(comps), List.of(sources));
    }

    private void fill(List<Input> group, String key, float[] out, String[] sources, int first) {
        SplittableRandom rnd = new SplittableRandom(mix(seed, key));
        List<Input> pool = new ArrayList<>(group);
        if (pool.size() > perComposition) {
            // a seeded partial Fisher-Yates shuffle: a random subset of the target size
            for (int i = 0; i < perComposition; i++) Collections.swap(pool, i, i + rnd.nextInt(pool.size() - i));
            pool = pool.subList(0, perComposition);
        }
        int size = rep.size();
        double[][] encoded = new double[pool.size()][size];
        for (int i = 0; i < pool.size(); i++) rep.encodeInto(pool.get(i).structure(), encoded[i], 0);
        double[] m = new double[size];
        for (int n = 0; n < perComposition; n++) {
            int src = n % pool.size();
            System.arraycopy(encoded[src], 0, m, 0, size);
            if (n >= pool.size()) {
                translate(m, 0, open01(rnd), open01(rnd), open01(rnd));
                if (rnd.nextBoolean()) {
                    int i = rnd.nextInt(3);
                    swapAxes(m, 0, i, (i + 1 + rnd.nextInt(2)) % 3);
                }
            }
            int o = (first + n) * size;
            for (int k = 0; k < size; k++) out[o + k] = (float) m[k];
            sources[first + n] = pool.get(src).name();
        }
    }

    /** λ strictly inside (0, 1), as the paper states. */
    private static double open01(SplittableRandom rnd) {
        double v;
        do { v = rnd.nextDouble(); } while (v == 0.0);
        return v;
    }

    /** The cell composition used to group structures ("Mg2Mn4O8": a supercell is its own composition). */
    public static String key(Structure s) { return s.composition().formula(); }

    private static long mix(long seed, String key) {
        long h = seed ^ (0x9E3779B97F4A7C15L * (key.hashCode() + 1L));
        return new SplittableRandom(h).nextLong();
    }
}
