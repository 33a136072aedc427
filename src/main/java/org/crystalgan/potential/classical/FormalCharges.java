package org.crystalgan.potential.classical;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.crystalgan.crystal.InputException;
import org.crystalgan.crystal.NeighborList;
import org.crystalgan.crystal.Structure;

/**
 * Formal ionic charges for the classical force field: Mg +2, O −2, and Mn +2, +3 or +4 per site so
 * that the cell is neutral. When the mean Mn state is not an integer (Mn3O4, mixed valence), the
 * higher states go to the Mn sites with the largest bond-valence sum (Brown and Altermatt, Acta
 * Cryst. B41 (1985) 244; R0(Mn(III)-O) = 1.760 Å, b = 0.37 Å, Brese and O'Keeffe, Acta Cryst. B47
 * (1991) 192), i.e. the shortest Mn-O bonds.
 */
public final class FormalCharges {
    private static final double R0_MN3_O = 1.760;
    private static final double B = 0.37;
    private static final double BOND_CUTOFF = 3.0;

    private FormalCharges() {}

    /** Ion labels per site ("Mg2+", "Mn3+", "O2-"), in site order. */
    public static List<String> assign(Structure s) {
        int nMg = 0, nMn = 0, nO = 0;
        for (var site : s.sites()) {
            switch (site.element().symbol()) {
                case "Mg" -> nMg++;
                case "Mn" -> nMn++;
                case "O" -> nO++;
                default -> throw new InputException("the classical force field has parameters for Mg, Mn and O only; this cell contains "
                        + site.element().symbol());
            }
            if (site.occupancy() < 0.999) throw new InputException("the classical force field needs an ordered cell (site occupancy "
                    + site.occupancy() + " found)");
        }
        int mnCharge = 2 * nO - 2 * nMg;
        if (nMn == 0 && mnCharge != 0) {
            throw new InputException(s.composition().reducedFormula() + " is not charge balanced with Mg2+ and O2-");
        }
        if (nMn > 0 && (mnCharge < 2 * nMn || mnCharge > 4 * nMn)) {
            throw new InputException(s.composition().reducedFormula() + " needs a mean Mn oxidation state of "
                    + String.format(java.util.Locale.ROOT, "%.2f", mnCharge / (double) nMn)
                    + ", outside Mn2+..Mn4+ covered by the force-field parameters");
        }
        List<String> ions = new ArrayList<>();
        List<Integer> mnSites = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            String el = s.site(i).element().symbol();
            ions.add(el.equals("Mg") ? "Mg2+" : el.equals("O") ? "O2-" : null);
            if (el.equals("Mn")) mnSites.add(i);
        }
        if (nMn == 0) return ions;
        int base = Math.floorDiv(mnCharge, nMn);
        int extra = mnCharge - base * nMn;
        double[] bvs = new double[s.size()];
        if (extra > 0) {
            NeighborList nl = NeighborList.build(s, BOND_CUTOFF);
            for (int i : mnSites) {
                for (var nb : nl.of(i)) {
                    if (s.site(nb.index()).element().symbol().equals("O")) bvs[i] += Math.exp((R0_MN3_O - nb.distance()) / B);
                }
            }
        }
        List<Integer> order = new ArrayList<>(mnSites);
        order.sort(Comparator.comparingDouble((Integer i) -> -bvs[i]).thenComparingInt(i -> i));
        for (int q = 0; q < order.size(); q++) {
            int state = base + (q < extra ? 1 : 0);
            ions.set(order.get(q), "Mn" + state + "+");
        }
        return ions;
    }

    /** The charge of an ion label, in e. */
    public static int charge(String ion) {
        char sign = ion.charAt(ion.length() - 1);
        int digits = 0;
        int end = ion.length() - 1;
        int start = end;
        while (start > 0 && Character.isDigit(ion.charAt(start - 1))) start--;
        digits = start == end ? 1 : Integer.parseInt(ion.substring(start, end));
        return sign == '-' ? -digits : digits;
    }
}
