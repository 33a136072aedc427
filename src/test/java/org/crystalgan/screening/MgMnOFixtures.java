package org.crystalgan.screening;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.crystalgan.crystal.Structure;
import org.crystalgan.io.StructureFiles;

/**
 * The hand-made Mg-Mn-O reference set and DFT runs the screening, command-line and app tests share,
 * so that they all check the same known case: the MgMn2O4 spinel with the hand-written GGA+U and
 * HSE06 vasprun.xml files (corrected energy -8.029637 eV/atom, HSE06 gap 2.3456 eV).
 */
public final class MgMnOFixtures {
    private MgMnOFixtures() {}

    /** Reference solids (eV/atom, MP-compatible scale): formation energies near experiment on Mg -1.60, Mn -9.16, O -4.95. */
    public static final String ENTRIES = """
            formula,energy_per_atom_eV
            Mg,-1.600000
            Mn,-9.160000
            O2,-4.950000
            MgO,-6.325000
            MnO,-9.035000
            Mn3O4,-8.814286
            Mn2O3,-8.624000
            MnO2,-8.133333
            MgMn2O4,-7.974286
            Mg2MnO4,-7.044286
            """;

    /** The bundled MgMn2O4 spinel sample, the cell the hand-written runs describe. */
    public static Structure spinel() throws IOException, URISyntaxException {
        Path p = Path.of(MgMnOFixtures.class.getResource("/samples/MgMn2O4_spinel.cif").toURI());
        return StructureFiles.read(p).get(0).structure();
    }

    /** The test resources' VASP runs (relax_mgmn2o4, hse_mgmn2o4, unconverged, unfinished). */
    public static Path vaspRuns() throws URISyntaxException {
        return Path.of(MgMnOFixtures.class.getResource("/org/crystalgan/io/vasp/relax_mgmn2o4/vasprun.xml").toURI()).getParent().getParent();
    }

    /** A DFT tree under {@code root} as export-dft lays it out ({@code candidate}/relax, {@code candidate}/hse06); returns root. */
    public static Path dftTree(Path root, String candidate) throws IOException, URISyntaxException {
        Path res = vaspRuns();
        Files.createDirectories(root.resolve(candidate + "/relax"));
        Files.createDirectories(root.resolve(candidate + "/hse06"));
        Files.copy(res.resolve("relax_mgmn2o4/vasprun.xml"), root.resolve(candidate + "/relax/vasprun.xml"));
        Files.copy(res.resolve("hse_mgmn2o4/vasprun.xml"), root.resolve(candidate + "/hse06/vasprun.xml"));
        return root;
    }
}
