package org.crystalgan.screening.export;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.crystalgan.crystal.Structure;
import org.crystalgan.base.AtomicFiles;
import org.crystalgan.io.vasp.VaspInputSet;

/** The DFT hand-off folder of one structure: {@code relax/}, {@code hse06/} and a README. */
public final class DftExport {
    private DftExport() {}

    /** Writes into {@code dir}; refuses existing inputs unless {@code overwrite}, checking all before writing any. */
    public static void write(Path dir, String name, Structure s, boolean overwrite) throws IOException {
        VaspInputSet relax = VaspInputSet.mpRelax(name, s);
        VaspInputSet hse = VaspInputSet.hseGap(name, s);
        for (String sub : List.of("relax", "hse06")) {
            for (String f : List.of("POSCAR", "INCAR", "KPOINTS", "POTCAR.symbols")) ExportPaths.checkWritable(dir.resolve(sub).resolve(f), overwrite);
        }
        relax.write(dir.resolve("relax"), overwrite);
        hse.write(dir.resolve("hse06"), overwrite);
        AtomicFiles.writeString(dir.resolve("README.txt"), """
                DFT hand-off for %s (%s), written by Crystal GAN Workbench.
                relax/  Materials Project GGA+U relaxation (pymatgen MPRelaxSet settings: PBE, ENCUT 520 eV,
                        U(Mn) = 3.9 eV in oxides, MAGMOM Mn 5, k-points 64 per reciprocal cubic angstrom).
                hse06/  HSE06 band gap (static, k-points 50 per reciprocal cubic angstrom). Replace its POSCAR
                        with relax/CONTCAR before running.
                POTCAR files are not included (VASP licence): build them from POTCAR.symbols.
                Import the results with: crystalgan import-dft <the folder above this one>
                """.formatted(name, s.composition().reducedFormula()));
    }
}
