package org.crystalgan.io.mp;

import org.crystalgan.crystal.Structure;

/**
 * One Materials Project summary document. Fields the service did not send (or sent as null) are
 * null here: missing is missing, never 0.
 *
 * @param materialId             "mp-1234"
 * @param formula                formula_pretty, e.g. "MgMn2O4"
 * @param structure              the relaxed structure (null when not requested)
 * @param energyPerAtom          eV/atom, with MP's compatibility corrections
 * @param formationEnergyPerAtom eV/atom
 * @param energyAboveHull        eV/atom
 * @param bandGap                eV (GGA/GGA+U)
 * @param theoretical            true when no ICSD entry backs the material
 */
public record MpMaterial(String materialId, String formula, Structure structure, Double energyPerAtom,
                         Double formationEnergyPerAtom, Double energyAboveHull, Double bandGap, Boolean theoretical) {
}
