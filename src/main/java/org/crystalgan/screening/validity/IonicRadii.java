package org.crystalgan.screening.validity;

import java.util.HashMap;
import java.util.Map;
import org.crystalgan.crystal.Composition;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.Structure;

/**
 * The one ionic-radius assignment of the contact rules: {@link PlausibilityGate} (while drawing) and the plausibility
 * verdict of {@link ValidityChecker} (on screening) both take Shannon radii (Shannon 1976, coordination VI where
 * tabulated) from here, for the same anion rule and the same charge-balanced oxidation states of a composition.
 *
 * <p>The checker then refines the states of a multi-valent cation per site (floor or ceiling of the mean, the higher
 * ones going to the sites with the larger bond-valence sums: {@link #forSites}); the gate, which has no bond valences,
 * gives every atom of an element the state nearest the mean ({@link #forComposition}). Each measured its bounds on the
 * 1,253 training structures with its own step, so the bounds stay as they were measured.
 */
public final class IonicRadii {
    private IonicRadii() {}

    /** An anion here is an element whose common oxidation states are all negative (O, F, S, Cl, N, ...). */
    public static boolean isAnion(Element e) {
        int[] common = e.commonOxidationStates();
        if (common.length == 0) return false;
        for (int ox : common) if (ox >= 0) return false;
        return true;
    }

    /** The tabulated radius of {@code e} in {@code state}, NaN where none is tabulated. */
    public static double tabulated(Element e, int state) {
        return e.ionicRadius(state).orElse(Double.NaN);
    }

    /**
     * The radius of {@code e} in {@code state} for a contact that must be judged: the tabulated one, else (a state
     * without a Shannon radius) its covalent radius.
     */
    public static double orCovalent(Element e, int state) {
        double r = tabulated(e, state);
        return Double.isNaN(r) ? e.covalentRadius() : r;
    }

    /**
     * The charge-balanced state of each element of {@code c}: anions at their common negative state, single-valent
     * cations at their common state, and the remaining charge shared evenly by the atoms of the multi-valent cations
     * (Mn in Mg-Mn-O), each then taking its tabulated state nearest that average.
     */
    public static Map<Element, Integer> states(Composition c) {
        double fixedCharge = 0;
        double variableAtoms = 0;
        for (Element e : c.elements()) {
            int[] common = e.commonOxidationStates();
            if (isAnion(e) || common.length == 1) {
                fixedCharge += (common.length == 0 ? 0 : common[0]) * c.amount(e);
            } else {
                variableAtoms += c.amount(e);
            }
        }
        double average = variableAtoms > 0 ? -fixedCharge / variableAtoms : 0;
        Map<Element, Integer> states = new HashMap<>();
        for (Element e : c.elements()) {
            int[] common = e.commonOxidationStates();
            states.put(e, isAnion(e) || common.length == 1 ? (common.length == 0 ? 0 : common[0]) : nearestTabulated(e, average));
        }
        return states;
    }

    /** The tabulated radius of each element for its state from {@link #states}; NaN where nothing is tabulated. */
    public static Map<Element, Double> forComposition(Composition c) {
        Map<Element, Double> r = new HashMap<>();
        states(c).forEach((e, ox) -> r.put(e, tabulated(e, ox)));
        return r;
    }

    /** Per site, the radius of its element in its own formal state ({@link #orCovalent}). */
    public static double[] forSites(Structure s, int[] formal) {
        double[] r = new double[s.size()];
        for (int i = 0; i < r.length; i++) r[i] = orCovalent(s.site(i).element(), formal[i]);
        return r;
    }

    private static int nearestTabulated(Element e, double average) {
        int best = 0;
        double gap = Double.MAX_VALUE;
        for (int ox : e.ionicRadii().keySet()) {
            if (ox <= 0) continue;
            double g = Math.abs(ox - average);
            if (g < gap) {
                gap = g;
                best = ox;
            }
        }
        return best;
    }
}
