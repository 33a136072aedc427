package org.crystalgan.screening.hull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.crystalgan.crystal.Composition;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.InputException;

/**
 * Compositional phase diagram: formation energies and the lower convex hull for any number of
 * elements, with the meaning of pymatgen's {@code PhaseDiagram} (pymatgen/analysis/phase_diagram.py):
 * <ul>
 *   <li>elemental references μᵢ are the lowest energies per atom among the pure-element entries;</li>
 *   <li>formation energy per atom = (E − Σ nᵢ μᵢ) / N;</li>
 *   <li>energy above hull = formation energy per atom minus the hull's energy at the entry's
 *       composition; 0 for hull phases and never negative for entries of the diagram;</li>
 *   <li>the decomposition is the set of hull phases (atom fractions summing to 1) whose mixture has
 *       the entry's composition at the hull energy; a stable phase decomposes into itself.</li>
 * </ul>
 * The hull energy at a composition is found as a small linear programme over the hull vertices (see
 * {@link SimplexLp}) rather than by facet enumeration, which keeps it exact and robust for coplanar and
 * duplicate points in any number of elements. The hull vertices themselves are found incrementally:
 * start from the elements, add the entries lying deepest below the current hull until none does.
 *
 * <p>Immutable and thread-safe once built.
 */
public final class PhaseDiagram {
    /** Energies closer than this (eV/atom) count as equal: on the hull, not above it. */
    public static final double TOL = 1e-9;

    private final List<HullEntry> entries;
    private final List<Element> elements;
    private final Map<Element, HullEntry> references = new LinkedHashMap<>();
    private final double[][] fractions;
    private final double[] formation;
    private final int[] elementColumns;
    private final int[] vertices;
    private final boolean[] isVertex;
    private final double[] eAbove;
    private final int[][] decompCols;
    private final double[][] decompWeights;
    private final SimplexLp lp;

    /**
     * Builds the diagram.
     *
     * @throws InputException when an element has no elemental entry (no reference energy)
     */
    public PhaseDiagram(List<HullEntry> entries) {
        if (entries.isEmpty()) throw new InputException("the phase diagram needs at least one entry per element; got none");
        this.entries = List.copyOf(entries);
        Set<Element> els = new TreeSet<>(Element.FORMULA_ORDER);
        for (HullEntry e : entries) els.addAll(e.composition().elements());
        this.elements = List.copyOf(els);
        int k = elements.size();
        Map<Element, Integer> idx = new HashMap<>();
        for (int i = 0; i < k; i++) idx.put(elements.get(i), i);
        int n = entries.size();
        // references: the lowest energy per atom among pure-element entries (first one on ties)
        int[] refIndex = new int[k];
        Arrays.fill(refIndex, -1);
        for (int j = 0; j < n; j++) {
            HullEntry e = entries.get(j);
            if (e.composition().numElements() != 1) continue;
            int i = idx.get(e.composition().elements().iterator().next());
            if (refIndex[i] < 0 || e.energyPerAtom() < entries.get(refIndex[i]).energyPerAtom()) refIndex[i] = j;
        }
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            if (refIndex[i] < 0) missing.add(elements.get(i).symbol());
            else references.put(elements.get(i), entries.get(refIndex[i]));
        }
        if (!missing.isEmpty()) {
            throw new InputException("no elemental reference for " + String.join(", ", missing)
                    + ": the entries must include the pure element" + (missing.size() > 1 ? "s" : "")
                    + " (e.g. a line '" + missing.get(0) + ",<energy per atom>') so formation energies can be computed");
        }
        fractions = new double[n][k];
        formation = new double[n];
        for (int j = 0; j < n; j++) {
            HullEntry e = entries.get(j);
            double tot = e.composition().numAtoms();
            double ref = 0;
            for (Map.Entry<Element, Double> a : e.composition().asMap().entrySet()) {
                int i = idx.get(a.getKey());
                fractions[j][i] = a.getValue() / tot;
                ref += fractions[j][i] * references.get(a.getKey()).energyPerAtom();
            }
            formation[j] = e.energyPerAtom() - ref;
        }
        elementColumns = refIndex;
        lp = new SimplexLp(fractions, formation, k);

        int[] candidates = findHullCandidates(n, k);
        // hull vertices: references, and candidates strictly below the hull of the other candidates
        List<Integer> vs = new ArrayList<>();
        isVertex = new boolean[n];
        for (int j : candidates) {
            boolean v;
            if (isReference(j)) {
                v = true;
            } else {
                int[] others = Arrays.stream(candidates).filter(q -> q != j && !shadows(j, q)).toArray();
                SimplexLp.Solution s = lp.solve(fractions[j], others, elementColumns);
                v = formation[j] < s.value() - TOL;
            }
            if (v) {
                vs.add(j);
                isVertex[j] = true;
            }
        }
        vertices = vs.stream().mapToInt(Integer::intValue).toArray();
        eAbove = new double[n];
        decompCols = new int[n][];
        decompWeights = new double[n][];
        for (int j = 0; j < n; j++) {
            if (isVertex[j]) {
                decompCols[j] = new int[] {j};
                decompWeights[j] = new double[] {1.0};
                continue;
            }
            SimplexLp.Solution s = lp.solve(fractions[j], vertices, elementColumns);
            double d = formation[j] - s.value();
            eAbove[j] = d < 0 ? 0 : d; // rounding only: every entry is on or above the hull of all entries
            keepPositive(j, s);
        }
    }

    private void keepPositive(int j, SimplexLp.Solution s) {
        List<Integer> cols = new ArrayList<>();
        List<Double> ws = new ArrayList<>();
        for (int i = 0; i < s.columns().length; i++) {
            if (s.weights()[i] > 1e-9) {
                int col = s.columns()[i];
                int at = cols.indexOf(col);
                if (at >= 0) ws.set(at, ws.get(at) + s.weights()[i]);
                else { cols.add(col); ws.add(s.weights()[i]); }
            }
        }
        double sum = ws.stream().mapToDouble(Double::doubleValue).sum();
        decompCols[j] = cols.stream().mapToInt(Integer::intValue).toArray();
        decompWeights[j] = ws.stream().mapToDouble(w -> w / sum).toArray();
    }

    private boolean isReference(int j) {
        for (int r : elementColumns) if (r == j) return true;
        return false;
    }

    /** q hides j when it has the same composition and lower energy, or equal energy and comes first. */
    private boolean shadows(int j, int q) {
        if (!sameFractions(j, q)) return false;
        return !(formation[q] < formation[j] - TOL || (Math.abs(formation[q] - formation[j]) <= TOL && q < j));
    }

    private boolean sameFractions(int a, int b) {
        for (int i = 0; i < fractions[a].length; i++) if (Math.abs(fractions[a][i] - fractions[b][i]) > 1e-9) return false;
        return true;
    }

    /**
     * A superset of the hull vertices: grows a candidate set from the elements, each round adding the
     * entries that lie deepest below the hull of the current set, until every entry is on or above it.
     */
    private int[] findHullCandidates(int n, int k) {
        boolean[] in = new boolean[n];
        List<Integer> set = new ArrayList<>();
        for (int r : elementColumns) { in[r] = true; set.add(r); }
        // only the lowest entry of each composition can be a vertex: a cheap first filter
        Map<String, Integer> lowest = new HashMap<>();
        for (int j = 0; j < n; j++) {
            String key = fractionKey(j);
            Integer cur = lowest.get(key);
            if (cur == null || formation[j] < formation[cur]) lowest.put(key, j);
        }
        List<Integer> pool = new ArrayList<>();
        for (int j : lowest.values()) if (!in[j] && formation[j] < 0) pool.add(j);
        Collections.sort(pool);
        int perRound = Math.max(4, 2 * k);
        while (true) {
            int[] cand = set.stream().mapToInt(Integer::intValue).toArray();
            List<double[]> below = new ArrayList<>(); // {depth, index}
            for (int j : pool) {
                if (in[j]) continue;
                double d = formation[j] - lp.solve(fractions[j], cand, elementColumns).value();
                if (d < -TOL) below.add(new double[] {d, j});
            }
            if (below.isEmpty()) break;
            below.sort(Comparator.comparingDouble((double[] a) -> a[0]).thenComparingDouble(a -> a[1]));
            for (int i = 0; i < Math.min(perRound, below.size()); i++) {
                int j = (int) below.get(i)[1];
                in[j] = true;
                set.add(j);
            }
            List<Integer> next = new ArrayList<>();
            for (double[] b : below) if (!in[(int) b[1]]) next.add((int) b[1]);
            pool = next;
        }
        // equal-energy duplicates of candidates at the same composition are not needed: shadows() handles ties
        Collections.sort(set);
        return set.stream().mapToInt(Integer::intValue).toArray();
    }

    private String fractionKey(int j) {
        StringBuilder sb = new StringBuilder();
        for (double f : fractions[j]) sb.append(Math.round(f * 1e9)).append(',');
        return sb.toString();
    }

    public List<HullEntry> entries() { return entries; }

    /** The elements of the diagram, in formula order. */
    public List<Element> elements() { return elements; }

    /** The elemental reference entry (lowest energy per atom) of each element. */
    public Map<Element, HullEntry> references() { return Collections.unmodifiableMap(references); }

    /** The hull vertices (stable phases), in input order. */
    public List<HullEntry> stableEntries() {
        List<HullEntry> out = new ArrayList<>();
        for (int v : vertices) out.add(entries.get(v));
        return out;
    }

    /** Whether entry {@code i} (input order) is a hull vertex. */
    public boolean isStable(int i) { return isVertex[i]; }

    /** Formation energy of entry {@code i}, eV/atom. */
    public double formationEnergyPerAtom(int i) { return formation[i]; }

    /** Energy above hull of entry {@code i}, eV/atom (0 on the hull, never negative). */
    public double eAboveHull(int i) { return eAbove[i]; }

    /** Decomposition of entry {@code i} into hull phases, atom fractions summing to 1. */
    public Map<HullEntry, Double> decomposition(int i) {
        Map<HullEntry, Double> m = new LinkedHashMap<>();
        for (int q = 0; q < decompCols[i].length; q++) m.merge(entries.get(decompCols[i][q]), decompWeights[i][q], Double::sum);
        return m;
    }

    /** Formation energy per atom of any entry on this diagram's element references, eV/atom. */
    public double formationEnergyPerAtom(HullEntry e) {
        double tot = e.composition().numAtoms();
        double ref = 0;
        for (Map.Entry<Element, Double> a : e.composition().asMap().entrySet()) {
            HullEntry r = references.get(a.getKey());
            if (r == null) throw new InputException("entry '" + e.name() + "' contains " + a.getKey().symbol()
                    + ", which is not in the phase diagram (elements " + symbols() + ")");
            ref += a.getValue() / tot * r.energyPerAtom();
        }
        return e.energyPerAtom() - ref;
    }

    /** The hull's formation energy at a composition, eV/atom. */
    public double hullEnergyPerAtom(Composition c) { return solveAt(c).value(); }

    /**
     * Energy above this diagram's hull of any entry (a member or a new one), eV/atom. For a new entry
     * below the hull the value is negative: pymatgen's {@code get_e_above_hull} on an entry outside
     * the diagram behaves the same way; include it in the diagram to get 0.
     */
    public double eAboveHull(HullEntry e) {
        int i = entries.indexOf(e);
        if (i >= 0) return eAbove[i];
        return formationEnergyPerAtom(e) - hullEnergyPerAtom(e.composition());
    }

    /** Decomposition of any composition into hull phases (atom fractions). */
    public Map<HullEntry, Double> decomposition(Composition c) {
        SimplexLp.Solution s = solveAt(c);
        Map<HullEntry, Double> m = new LinkedHashMap<>();
        for (int q = 0; q < s.columns().length; q++) {
            if (s.weights()[q] > 1e-9) m.merge(entries.get(s.columns()[q]), s.weights()[q], Double::sum);
        }
        return m;
    }

    private SimplexLp.Solution solveAt(Composition c) {
        double[] b = new double[elements.size()];
        double tot = c.numAtoms();
        for (Map.Entry<Element, Double> a : c.asMap().entrySet()) {
            int i = elements.indexOf(a.getKey());
            if (i < 0) throw new InputException("composition " + c.formula() + " contains " + a.getKey().symbol()
                    + ", which is not in the phase diagram (elements " + symbols() + ")");
            b[i] = a.getValue() / tot;
        }
        return lp.solve(b, vertices, elementColumns);
    }

    private String symbols() {
        return String.join("-", elements.stream().map(Element::symbol).toList());
    }

    /** "MgO (0.5000) + Mn3O4 (0.5000)": hull phases and atom fractions, or the name alone for a stable entry. */
    public String describeDecomposition(int i) {
        Map<HullEntry, Double> d = decomposition(i);
        if (isVertex[i]) return entries.get(i).name();
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<HullEntry, Double> e : d.entrySet()) {
            if (sb.length() > 0) sb.append(" + ");
            sb.append(e.getKey().name()).append(String.format(java.util.Locale.ROOT, " (%.4f)", e.getValue()));
        }
        return sb.toString();
    }
}
