package org.crystalgan.screening.symmetry;

import java.util.List;
import org.crystalgan.crystal.Site;
import org.crystalgan.crystal.SpaceGroups;
import org.crystalgan.crystal.Structure;
import org.crystalgan.crystal.SymOp;

/**
 * What the space-group search found for one structure.
 *
 * @param number space-group number 1-230
 * @param internationalSymbol short Hermann-Mauguin symbol without spaces, e.g. "Fd-3m"
 * @param hallNumber the tabulated setting (1-530) of the conventional standard cell; always the
 *                   standard setting of {@code number}
 * @param setting that setting, with its operations
 * @param operations the operations of the input cell in its own fractional coordinates (pure
 *                   translations of a supercell included; rotations that do not keep the input
 *                   lattice, possible for supercells, left out)
 * @param conventional the conventional standard cell: lattice parameters idealised to the crystal
 *                     system (a along x), atoms symmetrised and generated from the asymmetric unit
 * @param asymmetricUnit one symmetrised representative per orbit, in conventional fractional coordinates
 * @param equivalentAtoms for each input site the index of the first input site of its orbit
 * @param primitiveSize atoms in the primitive cell
 * @param tolerance the distance tolerance (Å) at which this result was found; below the requested
 *                  one when the search had to tighten it to reach a consistent group, as spglib does
 */
public record SymmetryDataset(int number, String internationalSymbol, int hallNumber, SpaceGroups.Setting setting,
                              List<SymOp> operations, Structure conventional, List<AsymmetricSite> asymmetricUnit,
                              int[] equivalentAtoms, int primitiveSize, double tolerance) {
    public SymmetryDataset {
        operations = List.copyOf(operations);
        asymmetricUnit = List.copyOf(asymmetricUnit);
        equivalentAtoms = equivalentAtoms.clone();
    }

    @Override
    public int[] equivalentAtoms() { return equivalentAtoms.clone(); }

    /** The representatives of the asymmetric unit as plain sites (conventional fractional coordinates). */
    public List<Site> asymmetricSites() {
        return asymmetricUnit.stream().map(AsymmetricSite::site).toList();
    }

    /** Crystal system name from the space-group number (International Tables ranges). */
    public String crystalSystem() { return crystalSystem(number); }

    static String crystalSystem(int n) {
        if (n <= 2) return "triclinic";
        if (n <= 15) return "monoclinic";
        if (n <= 74) return "orthorhombic";
        if (n <= 142) return "tetragonal";
        if (n <= 167) return "trigonal";
        if (n <= 194) return "hexagonal";
        return "cubic";
    }

    /** "227 Fd-3m", the one-line form the command line prints. */
    public String summary() { return number + " " + internationalSymbol; }
}
