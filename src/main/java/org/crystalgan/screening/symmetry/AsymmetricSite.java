package org.crystalgan.screening.symmetry;

import java.util.List;
import org.crystalgan.crystal.Site;

/**
 * One orbit of symmetry-equivalent atoms of the conventional standard cell.
 *
 * @param site the representative, symmetrised (averaged over the operations that keep it in place),
 *             in fractional coordinates of the conventional cell
 * @param multiplicity number of atoms of the orbit in the conventional cell
 * @param members indices into {@link SymmetryDataset#conventional()} of the atoms of this orbit
 */
public record AsymmetricSite(Site site, int multiplicity, List<Integer> members) {
    public AsymmetricSite {
        members = List.copyOf(members);
    }
}
