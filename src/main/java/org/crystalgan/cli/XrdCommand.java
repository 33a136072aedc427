package org.crystalgan.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.crystalgan.base.AtomicFiles;
import org.crystalgan.crystal.InputException;
import org.crystalgan.io.NamedStructure;
import org.crystalgan.io.StructureFiles;
import org.crystalgan.screening.xrd.XrdCalculator;
import org.crystalgan.screening.xrd.XrdCsv;
import org.crystalgan.screening.xrd.XrdPeak;
import org.crystalgan.screening.xrd.XrdProfile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code xrd FILE [--wavelength W] [--csv OUT] [--profile OUT]}: the simulated powder pattern, one line per reflection. */
@Command(name = "xrd", mixinStandardHelpOptions = true,
        description = {"Simulates the powder X-ray pattern of a structure as pymatgen's XRDCalculator does (Cu Ka by default,",
            "atomic scattering factors, Lorentz-polarisation, equivalent reflections merged, strongest line 100) and",
            "prints one line per peak: 2theta (deg), intensity, d (A), hkl families with multiplicities.",
            "--csv writes the peaks, --profile the pattern broadened with pseudo-Voigt lines of width --fwhm."})
public final class XrdCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "structure file (.cif, POSCAR/CONTCAR/.vasp, .json) with one structure")
    Path file;

    @Option(names = "--wavelength", paramLabel = "W",
            description = "X-ray wavelength in A, or a tube line: CuKa, CuKa1, MoKa, CoKa, FeKa, CrKa, AgKa, ... (default: CuKa = 1.54184 A)")
    String wavelength = "CuKa";

    @Option(names = "--min", paramLabel = "DEG", description = "smallest 2theta in degrees (default: ${DEFAULT-VALUE})")
    double min = 0;

    @Option(names = "--max", paramLabel = "DEG", description = "largest 2theta in degrees (default: ${DEFAULT-VALUE})")
    double max = 90;

    @Option(names = "--csv", paramLabel = "OUT", description = "write the peaks as CSV: " + XrdCsv.PEAKS_HEADER)
    Path csv;

    @Option(names = "--profile", paramLabel = "OUT", description = "write the broadened pattern as CSV: " + XrdCsv.PROFILE_HEADER)
    Path profile;

    @Option(names = "--fwhm", paramLabel = "DEG", description = "line width (full width at half maximum) of the broadened pattern, degrees 2theta (default: ${DEFAULT-VALUE})")
    double fwhm = XrdProfile.DEFAULT_FWHM;

    @Override
    public Integer call() throws IOException {
        List<NamedStructure> read = StructureFiles.read(file);
        if (read.isEmpty()) throw new InputException(file + ": no structure found in the file");
        if (read.size() > 1) throw new InputException(file + ": holds " + read.size() + " structures; xrd takes a file with one structure");
        XrdCalculator calc = new XrdCalculator(XrdCalculator.parseWavelength(wavelength));
        List<XrdPeak> peaks;
        try {
            peaks = calc.peaks(read.get(0).structure(), min, max);
        } catch (InputException e) {
            throw new InputException(file + ": " + e.getMessage(), e);
        }
        if (csv != null) AtomicFiles.writeString(csv, XrdCsv.peaks(peaks, calc.wavelength()));
        if (profile != null) {
            double step = Math.min(XrdProfile.DEFAULT_STEP, fwhm / 2);
            AtomicFiles.writeString(profile, XrdCsv.profile(XrdProfile.of(peaks, min, max, fwhm, XrdProfile.DEFAULT_ETA, step)));
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "# %s: %d peaks, wavelength %.5f A, 2theta %.1f-%.1f deg%n", read.get(0).name(), peaks.size(), calc.wavelength(), min, max);
        out.println("# two_theta  intensity  d_A  hkl");
        for (XrdPeak p : peaks) {
            out.printf(Locale.ROOT, "%9.4f %9.3f %8.5f  %s%n", p.twoTheta(), p.intensity(), p.dSpacing(), p.hklCompact());
        }
        out.flush();
        return Main.OK;
    }
}
