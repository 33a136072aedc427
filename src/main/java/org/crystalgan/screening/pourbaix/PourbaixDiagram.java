package org.crystalgan.screening.pourbaix;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.crystalgan.crystal.Composition;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.InputException;
import org.crystalgan.screening.hull.HullEntry;
import org.crystalgan.screening.hull.PhaseDiagram;
import org.crystalgan.screening.hull.SimplexLp;

/**
 * Pourbaix stability for one metal ratio (e.g. Mg:Mn = 1:2), with the meaning of pymatgen's
 * {@code PourbaixDiagram} (pymatgen/analysis/pourbaix_diagram.py) in the scheme of Persson et al.,
 * PRB 85 (2012) 235438:
 * <ul>
 *   <li>solids: the stable phases of the computed phase diagram (pymatgen's {@code filter_solids}), with
 *       their formation energies;</li>
 *   <li>ions: experimental Gibbs energies shifted by the computed − experimental formation energy of
 *       a reference solid (per atom of the ion's element), as pymatgen's
 *       {@code MPRester.get_pourbaix_entries} does;</li>
 *   <li>energies per non-H, non-O atom; the hull at (pH, V) is the lowest mixture of species with the
 *       target metal ratio (a small LP, like the convex hull);</li>
 *   <li>{@link #decompositionEnergy} is pymatgen's {@code get_decomposition_energy}: the species'
 *       normalised free energy minus the hull, converted to eV per atom of the species (H and O counted).</li>
 * </ul>
 * Potentials in this class are vs SHE unless a method says RHE; V(SHE) = V(RHE) − PREFAC·pH.
 */
public final class PourbaixDiagram {
    private final List<Element> metals;
    private final List<PourbaixSpecies> species;
    private final double[][] fractions;
    private final int[] elementColumns;
    private final double[] target;
    private final PhaseDiagram phaseDiagram;

    /**
     * @param pd computed solids (formation energies from its elemental references)
     * @param ions aqueous ions (e.g. {@link AqueousIon#bundled()})
     * @param metalRatio the composition whose non-H, non-O part sets the diagram's metal ratio
     * @param concentration ion concentration, mol/L (pymatgen's default 1e-6)
     */
    public PourbaixDiagram(PhaseDiagram pd, List<AqueousIon> ions, Composition metalRatio, double concentration) {
        this.phaseDiagram = pd;
        Set<Element> ms = new TreeSet<>(Element.FORMULA_ORDER);
        for (Element e : metalRatio.elements()) if (!isHO(e)) ms.add(e);
        if (ms.isEmpty()) throw new InputException("Pourbaix stability needs an element other than H and O in " + metalRatio.formula());
        for (Element e : ms) {
            if (!pd.elements().contains(e)) {
                throw new InputException("element " + e.symbol() + " of " + metalRatio.reducedFormula()
                        + " is not in the entries (elements " + pd.elements() + ")");
            }
        }
        metals = List.copyOf(ms);
        if (!pd.elements().contains(Element.of("O"))) {
            throw new InputException("Pourbaix stability needs oxygen in the entries (an O reference and oxides)");
        }
        List<PourbaixSpecies> sp = new ArrayList<>();
        for (HullEntry e : pd.stableEntries()) {
            if (!inSystem(e.composition())) continue;
            sp.add(solidOf(e));
        }
        for (AqueousIon ion : ions) {
            if (!inSystem(ion.composition())) continue;
            sp.add(new PourbaixSpecies(ion.formula(), ion.composition(), ion.charge(), correctedIonEnergy(ion), concentration, false));
        }
        species = List.copyOf(sp);
        int k = metals.size();
        fractions = new double[species.size()][k];
        elementColumns = new int[k];
        java.util.Arrays.fill(elementColumns, -1);
        for (int j = 0; j < species.size(); j++) {
            PourbaixSpecies s = species.get(j);
            double n = s.nonHOAtoms();
            for (int i = 0; i < k; i++) fractions[j][i] = s.composition().amount(metals.get(i)) / n;
            if (s.solid() && s.composition().numElements() == 1) {
                for (int i = 0; i < k; i++) if (fractions[j][i] == 1.0) elementColumns[i] = j;
            }
        }
        for (int i = 0; i < k; i++) {
            if (elementColumns[i] < 0) throw new IllegalStateException("no elemental solid for " + metals.get(i));
        }
        target = metalFractions(metalRatio);
    }

    private boolean inSystem(Composition c) {
        boolean any = false;
        for (Element e : c.elements()) {
            if (isHO(e)) continue;
            if (!metals.contains(e)) return false;
            any = true;
        }
        return any;
    }

    private static boolean isHO(Element e) { return e.symbol().equals("H") || e.symbol().equals("O"); }

    private double[] metalFractions(Composition c) {
        double n = 0;
        for (Element e : c.elements()) if (!isHO(e)) n += c.amount(e);
        double[] f = new double[metals.size()];
        for (Element e : c.elements()) {
            if (isHO(e)) continue;
            int i = metals.indexOf(e);
            if (i < 0) throw new InputException(c.reducedFormula() + " contains " + e.symbol() + ", outside this Pourbaix diagram " + metals);
            f[i] = c.amount(e) / n;
        }
        return f;
    }

    /** Ion energy on the computed scale (Persson 2012): ΔG_exp(ion) + n_M(ion)·[ΔG_calc(ref) − ΔG_exp(ref)]/n_M(ref). */
    private double correctedIonEnergy(AqueousIon ion) {
        Composition ref = Composition.parse(ion.referenceSolid());
        HullEntry best = null;
        for (HullEntry e : phaseDiagram.entries()) {
            if (e.composition().reduced().almostEquals(ref.reduced(), 1e-6)
                    && (best == null || e.energyPerAtom() < best.energyPerAtom())) best = e;
        }
        if (best == null) {
            throw new InputException("the Pourbaix reference solid " + ion.referenceSolid() + " (for the ion " + ion.formula()
                    + ") is missing from the entries: add its computed energy");
        }
        Element m = null;
        for (Element e : ion.composition().elements()) if (!isHO(e)) m = e;
        Composition red = ref.reduced();
        double calcPerFormula = phaseDiagram.formationEnergyPerAtom(best) * red.numAtoms();
        double expPerFormula = ion.referenceSolidGibbsKjPerMol() / AqueousIon.KJ_PER_MOL_PER_EV;
        return ion.gibbsEv() + (calcPerFormula - expPerFormula) * ion.composition().amount(m) / red.amount(m);
    }

    /** The solid species of an entry: its formation energy for its composition as given. */
    public PourbaixSpecies solidOf(HullEntry e) {
        double form = phaseDiagram.formationEnergyPerAtom(e) * e.composition().numAtoms();
        return PourbaixSpecies.solid(e.composition().reducedFormula() + "(s)", e.composition(), form);
    }

    public List<Element> metals() { return metals; }

    /** Species of the diagram: stable solids, then ions. */
    public List<PourbaixSpecies> species() { return species; }

    /** Lowest free energy at the diagram's metal ratio, eV per non-H, non-O atom (V vs SHE). */
    public double hullEnergy(double pH, double vShe) { return solve(pH, vShe).value(); }

    /** The stable species (mixture fractions per non-H, non-O atom) at pH and V (vs SHE). */
    public Map<PourbaixSpecies, Double> stableMixture(double pH, double vShe) {
        SimplexLp.Solution s = solve(pH, vShe);
        Map<PourbaixSpecies, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < s.columns().length; i++) {
            if (s.weights()[i] > 1e-9) m.merge(species.get(s.columns()[i]), s.weights()[i], Double::sum);
        }
        return m;
    }

    private SimplexLp.Solution solve(double pH, double vShe) {
        double[] cost = new double[species.size()];
        int[] cand = new int[species.size()];
        for (int j = 0; j < cost.length; j++) {
            cost[j] = species.get(j).normalizedEnergyAt(pH, vShe);
            cand[j] = j;
        }
        return new SimplexLp(fractions, cost, metals.size()).solve(target, cand, elementColumns);
    }

    /**
     * pymatgen's {@code get_decomposition_energy}: eV per atom of {@code s} (all atoms) above the
     * Pourbaix hull at pH and V (vs SHE). {@code s} must have this diagram's metal ratio.
     */
    public double decompositionEnergy(PourbaixSpecies s, double pH, double vShe) {
        double[] f = metalFractions(s.composition());
        for (int i = 0; i < f.length; i++) {
            if (Math.abs(f[i] - target[i]) > 1e-6) {
                throw new InputException(s.composition().reducedFormula() + " does not have the metal ratio of this Pourbaix diagram");
            }
        }
        double perMetal = s.normalizedEnergyAt(pH, vShe) - hullEnergy(pH, vShe);
        return perMetal * s.nonHOAtoms() / s.composition().numAtoms();
    }

    /** V vs SHE from V vs RHE at a pH. */
    public static double sheFromRhe(double vRhe, double pH) { return vRhe - PourbaixSpecies.PREFAC * pH; }

    /** The lowest decomposition energy over a pH range at a fixed potential vs RHE, and where it is. */
    public record Minimum(double pH, double vRhe, double vShe, double energyPerAtom, Map<PourbaixSpecies, Double> stable) {}

    /**
     * Minimum of the decomposition energy over [phMin, phMax] at a potential vs RHE (the paper: pH 0-14,
     * 1.5 V vs RHE). The decomposition energy is convex in pH there (a linear function minus a minimum of
     * linear functions), so a coarse scan followed by golden-section refinement finds the minimum.
     */
    public Minimum minimumOverPh(PourbaixSpecies s, double phMin, double phMax, double vRhe) {
        if (phMax < phMin) throw new InputException("pH range " + phMin + ":" + phMax + " is empty");
        int n = Math.max(1, (int) Math.ceil((phMax - phMin) / 0.25));
        double bestPh = phMin;
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i <= n; i++) {
            double ph = phMin + (phMax - phMin) * i / n;
            double g = decompositionEnergy(s, ph, sheFromRhe(vRhe, ph));
            if (g < best) { best = g; bestPh = ph; }
        }
        double step = (phMax - phMin) / n;
        double lo = Math.max(phMin, bestPh - step), hi = Math.min(phMax, bestPh + step);
        double gr = (Math.sqrt(5) - 1) / 2;
        double a = hi - gr * (hi - lo), b = lo + gr * (hi - lo);
        double fa = decompositionEnergy(s, a, sheFromRhe(vRhe, a)), fb = decompositionEnergy(s, b, sheFromRhe(vRhe, b));
        for (int it = 0; it < 60 && hi - lo > 1e-9; it++) {
            if (fa <= fb) { hi = b; b = a; fb = fa; a = hi - gr * (hi - lo); fa = decompositionEnergy(s, a, sheFromRhe(vRhe, a)); }
            else { lo = a; a = b; fa = fb; b = lo + gr * (hi - lo); fb = decompositionEnergy(s, b, sheFromRhe(vRhe, b)); }
        }
        double ph = fa <= fb ? a : b;
        double g = Math.min(fa, fb);
        if (g > best) { ph = bestPh; g = best; }
        double vShe = sheFromRhe(vRhe, ph);
        return new Minimum(ph, vRhe, vShe, g, stableMixture(ph, vShe));
    }

    /**
     * Data for a Pourbaix diagram picture: the stable species (by index into {@link #species()}, sorted,
     * joined as a domain key) on a pH × V (vs SHE) grid, plus the water stability lines.
     */
    public PourbaixMap map(double phMin, double phMax, int nPh, double vMin, double vMax, int nV) {
        if (nPh < 2 || nV < 2) throw new IllegalArgumentException("grid needs at least 2 points per axis");
        double[] phs = new double[nPh];
        double[] vs = new double[nV];
        String[][] domain = new String[nV][nPh];
        for (int i = 0; i < nPh; i++) phs[i] = phMin + (phMax - phMin) * i / (nPh - 1);
        for (int j = 0; j < nV; j++) vs[j] = vMin + (vMax - vMin) * j / (nV - 1);
        for (int j = 0; j < nV; j++) {
            for (int i = 0; i < nPh; i++) {
                List<String> names = new ArrayList<>();
                for (PourbaixSpecies s : stableMixture(phs[i], vs[j]).keySet()) names.add(s.name());
                names.sort(null);
                domain[j][i] = String.join(" + ", names);
            }
        }
        return new PourbaixMap(phs, vs, domain);
    }
}
