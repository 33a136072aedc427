package org.crystalgan.screening.stability;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.crystalgan.crystal.Composition;
import org.crystalgan.crystal.InputException;
import org.crystalgan.crystal.Structure;
import org.crystalgan.io.CifReader;
import org.crystalgan.potential.Potential;
import org.crystalgan.potential.relax.RelaxOptions;
import org.crystalgan.potential.relax.RelaxResult;
import org.crystalgan.potential.relax.Relaxer;
import org.crystalgan.screening.hull.HullEntry;
import org.crystalgan.screening.hull.PhaseDiagram;

/**
 * The phases every Mg-Mn-O hull of the workbench is built from when the user brings none: the elements (Mg hcp,
 * α-Mn, an O2 molecule) and the known binary and ternary oxides of {@code samples/}, each relaxed with the same
 * potential as the candidates. Their structures ship on the class path; their relaxed energies for the bundled M3GNet
 * ship in {@value #ENERGIES} and are recomputed by {@code reference-phases} (see {@link #relax}).
 *
 * <p>Energies are the potential's raw total energies: inside one source the Materials Project 2020 corrections (a fixed
 * amount per O atom and per Mn atom) shift every phase by a linear function of composition and leave every energy
 * above hull unchanged, so a hull of one source needs none. A hull that mixes sources does.
 */
public final class ReferencePhases {
    /** Class-path CSV of the bundled M3GNet's relaxed energies: {@code name,formula,atoms,energy_per_atom_eV,steps,verdict}. */
    public static final String ENERGIES = "/crystalgan/reference/m3gnet-energies.csv";
    /** Header of {@link #ENERGIES}. */
    public static final String HEADER = "name,formula,atoms,energy_per_atom_eV,steps,verdict";

    /** One reference phase: a name, its class-path structure file. */
    public record Phase(String name, String resource) {
        public Structure structure() {
            try (InputStream in = ReferencePhases.class.getResourceAsStream(resource)) {
                if (in == null) throw new InputException("reference phase " + name + ": " + resource + " is missing from this build");
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                return new CifReader().parse(text, java.nio.file.Path.of(resource.substring(resource.lastIndexOf('/') + 1)), name).get(0).structure();
            } catch (IOException e) {
                throw new InputException("reference phase " + name + ": cannot read " + resource + " (" + e.getMessage() + ")");
            }
        }
    }

    /** The bundled set, elements first. */
    public static final List<Phase> BUNDLED = List.of(
            new Phase("Mg_hcp", "/crystalgan/reference/Mg_hcp.cif"),
            new Phase("Mn_alpha", "/crystalgan/reference/Mn_alpha.cif"),
            new Phase("O2_molecule", "/crystalgan/reference/O2_molecule.cif"),
            new Phase("MgO_periclase", "/samples/MgO_periclase.cif"),
            new Phase("MnO_manganosite", "/samples/MnO_manganosite.cif"),
            new Phase("Mn3O4_hausmannite", "/samples/Mn3O4_hausmannite.cif"),
            new Phase("Mn2O3_bixbyite", "/samples/Mn2O3_bixbyite.cif"),
            new Phase("MnO2_pyrolusite", "/samples/MnO2_pyrolusite.cif"),
            new Phase("MnO2_lambda_spinel", "/samples/MnO2_lambda_spinel.cif"),
            new Phase("MgMn2O4_spinel", "/samples/MgMn2O4_spinel.cif"),
            new Phase("Mg6MnO8", "/samples/Mg6MnO8.cif"));

    /** One relaxed reference: its entry on the hull, the relaxed cell and how the relaxation ended. */
    public record Relaxed(Phase phase, HullEntry entry, Structure structure, int steps, String verdict) {
    }

    private ReferencePhases() {}

    /** Relaxes every bundled phase with {@code potential} (positions and cell). */
    public static List<Relaxed> relax(Potential potential, RelaxOptions options) {
        Relaxer relaxer = new Relaxer(potential, options);
        List<Relaxed> out = new ArrayList<>();
        for (Phase p : BUNDLED) {
            Structure s = p.structure();
            RelaxResult r = relaxer.relax(s);
            if (!Double.isFinite(r.finalEnergy())) {
                throw new InputException("reference phase " + p.name() + " could not be relaxed: " + r.verdict().label());
            }
            Structure relaxed = r.relaxed();
            out.add(new Relaxed(p, HullEntry.ofTotalEnergy(p.name(), relaxed.composition(), r.finalEnergy()), relaxed, r.steps(),
                    r.verdict().label()));
        }
        return out;
    }

    /** The table {@link #ENERGIES} holds, for a list of relaxed phases. */
    public static String toCsv(List<Relaxed> relaxed) {
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        for (Relaxed r : relaxed) {
            b.append(String.format(Locale.ROOT, "%s,%s,%d,%.6f,%d,%s%n", r.phase().name(), r.entry().composition().formula().replace(" ", ""),
                    r.structure().size(), r.entry().energyPerAtom(), r.steps(), r.verdict()));
        }
        return b.toString();
    }

    /** The bundled M3GNet energies of the reference phases, as hull entries (hull source {@code m3gnet}). */
    public static List<HullEntry> bundledM3GNetEntries() {
        try (InputStream in = ReferencePhases.class.getResourceAsStream(ENERGIES)) {
            if (in == null) throw new InputException(ENERGIES + " is missing from this build: run reference-phases to make it");
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            if (lines.isEmpty() || !lines.get(0).equals(HEADER)) throw new InputException(ENERGIES + ": the header must be " + HEADER);
            List<HullEntry> out = new ArrayList<>();
            for (int i = 1; i < lines.size(); i++) {
                String[] f = lines.get(i).split(",");
                if (f.length != 6) throw new InputException(ENERGIES + " line " + (i + 1) + ": expected 6 fields");
                out.add(new HullEntry(f[0], Composition.parse(f[1]), Double.parseDouble(f[3])));
            }
            return out;
        } catch (IOException e) {
            throw new InputException("cannot read " + ENERGIES + ": " + e.getMessage());
        }
    }

    /** The Mg-Mn-O hull of the bundled M3GNet reference energies. */
    public static PhaseDiagram bundledM3GNetHull() { return new PhaseDiagram(bundledM3GNetEntries()); }
}
