package org.crystalgan.screening;

import java.util.Comparator;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * The columns of the ranked table. Ranking by a numeric column puts candidates without a value last
 * (in either direction); text columns sort alphabetically.
 */
public enum CandidateColumn {
    NAME("name", "Name", null),
    FORMULA("formula", "Formula", null),
    SPACE_GROUP("space_group", "Space group", c -> c.spaceGroupNumber().isPresent()
            ? OptionalDouble.of(c.spaceGroupNumber().getAsInt()) : OptionalDouble.empty()),
    FF_ENERGY("classical_ff_energy_eV_per_atom", "Classical FF energy (eV/atom)", Candidate::ffEnergyPerAtom),
    DFT_ENERGY("dft_energy_per_atom_eV", "DFT energy, MP2020 (eV/atom)", Candidate::dftEnergyPerAtom),
    FORMATION_ENERGY("formation_energy_per_atom_eV", "Formation energy (eV/atom)", Candidate::formationEnergyPerAtom),
    E_ABOVE_HULL("e_above_hull_eV_per_atom", "E above hull (eV/atom)", Candidate::eAboveHull),
    POURBAIX("pourbaix_eV_per_atom", "ΔG Pourbaix (eV/atom)", Candidate::pourbaixEnergy),
    BAND_GAP("band_gap_hse_eV", "Band gap HSE06 (eV)", Candidate::bandGap),
    GGA_BAND_GAP("band_gap_gga_eV", "Band gap GGA+U (eV)", Candidate::ggaBandGap),
    POTENTIAL_ENERGY("energy_per_atom_eV", "Potential energy, relaxed (eV/atom)", c -> c.relaxation() == null ? OptionalDouble.empty() : c.relaxation().energyPerAtom()),
    RMS_DISPLACEMENT("rms_displacement_A", "RMS displacement (Å)", c -> c.relaxation() == null ? OptionalDouble.empty() : c.relaxation().rmsDisplacement()),
    VOLUME_CHANGE("volume_change_pct", "Volume change (%)", c -> c.relaxation() == null ? OptionalDouble.empty() : c.relaxation().volumeChangePercent());

    private final String key;
    private final String label;
    private final Function<Candidate, OptionalDouble> value;

    CandidateColumn(String key, String label, Function<Candidate, OptionalDouble> value) {
        this.key = key;
        this.label = label;
        this.value = value;
    }

    public String key() { return key; }

    public String label() { return label; }

    public boolean numeric() { return value != null; }

    public OptionalDouble value(Candidate c) { return value == null ? OptionalDouble.empty() : value.apply(c); }

    /** A column by key ("e_above_hull_eV_per_atom"), enum name ("E_ABOVE_HULL") or short alias (ehull, pourbaix, gap). */
    public static CandidateColumn parse(String s) {
        String t = s.strip().toLowerCase(Locale.ROOT);
        for (CandidateColumn c : values()) if (c.key.equalsIgnoreCase(t) || c.name().equalsIgnoreCase(t)) return c;
        return switch (t) {
            case "ehull", "e_hull", "hull" -> E_ABOVE_HULL;
            case "pbx", "pourbaix" -> POURBAIX;
            case "gap", "eg" -> BAND_GAP;
            case "ff", "ff_energy" -> FF_ENERGY;
            case "dft", "energy" -> DFT_ENERGY;
            default -> throw new org.crystalgan.crystal.InputException("unknown column '" + s + "'; use one of "
                    + java.util.Arrays.stream(values()).map(CandidateColumn::key).toList());
        };
    }

    /** Order for ranking: missing values last whatever the direction. */
    public Comparator<Candidate> comparator(boolean ascending) {
        if (!numeric()) {
            Function<Candidate, String> text = this == NAME ? Candidate::name : Candidate::formula;
            Comparator<Candidate> c = Comparator.comparing(text);
            return ascending ? c : c.reversed();
        }
        return (a, b) -> {
            OptionalDouble x = value(a), y = value(b);
            if (x.isEmpty() && y.isEmpty()) return 0;
            if (x.isEmpty()) return 1;
            if (y.isEmpty()) return -1;
            int cmp = Double.compare(x.getAsDouble(), y.getAsDouble());
            return ascending ? cmp : -cmp;
        };
    }
}
