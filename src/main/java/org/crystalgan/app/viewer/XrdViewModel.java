package org.crystalgan.app.viewer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.crystalgan.app.common.BoundInput;
import org.crystalgan.base.AtomicFiles;
import org.crystalgan.crystal.Structure;
import org.crystalgan.screening.xrd.ExperimentalPattern;
import org.crystalgan.screening.xrd.XrdCalculator;
import org.crystalgan.screening.xrd.XrdCsv;
import org.crystalgan.screening.xrd.XrdPeak;
import org.crystalgan.screening.xrd.XrdProfile;

/**
 * The powder-pattern side panel: the simulated pattern of the shown structure (wavelength and line width the
 * user picks), an optional measured pattern to overlay, and the exports. {@link #compute} is pure and runs off
 * the JavaFX thread; {@link #accept} publishes its result on it.
 */
public final class XrdViewModel {
    /** 2θ range of the plot and the exports (degrees), pymatgen's default. */
    public static final double FROM = 0, TO = 90;

    /** One computed pattern: the lines and the broadened profile, for one structure and one setting. */
    public record Result(Structure structure, double wavelength, double fwhm, List<XrdPeak> peaks, XrdProfile profile) {}

    private final StringProperty wavelength = new SimpleStringProperty(this, "wavelength", "CuKa");
    private final DoubleProperty fwhm = new SimpleDoubleProperty(this, "fwhm", XrdProfile.DEFAULT_FWHM);
    private final javafx.beans.property.ReadOnlyObjectWrapper<Result> result = new javafx.beans.property.ReadOnlyObjectWrapper<>(this, "result");
    private final ObjectProperty<ExperimentalPattern> experimental = new SimpleObjectProperty<>(this, "experimental");
    private final StringProperty status = new SimpleStringProperty(this, "status", "No structure selected.");

    @BoundInput public StringProperty wavelengthProperty() { return wavelength; }
    @BoundInput public DoubleProperty fwhmProperty() { return fwhm; }
    public javafx.beans.property.ReadOnlyObjectProperty<Result> resultProperty() { return result.getReadOnlyProperty(); }
    @BoundInput public ObjectProperty<ExperimentalPattern> experimentalProperty() { return experimental; }
    @BoundInput public StringProperty statusProperty() { return status; }

    /** The pattern for a structure with the current settings (any thread; InputException for a bad wavelength or cell). */
    public static Result compute(Structure s, String wavelengthText, double fwhm) {
        XrdCalculator calc = new XrdCalculator(XrdCalculator.parseWavelength(wavelengthText));
        List<XrdPeak> peaks = calc.peaks(s, FROM, TO);
        double step = Math.min(XrdProfile.DEFAULT_STEP, fwhm / 2);
        return new Result(s, calc.wavelength(), fwhm, peaks, XrdProfile.of(peaks, FROM, TO, fwhm, XrdProfile.DEFAULT_ETA, step));
    }

    /** Publishes a computed pattern (FX thread). */
    public void accept(Result r) {
        result.set(r);
        if (r == null) {
            status.set("No structure selected.");
        } else if (r.peaks().isEmpty()) {
            status.set(String.format(Locale.ROOT, "No reflections between %.0f and %.0f° 2θ at %.5f Å.", FROM, TO, r.wavelength()));
        } else {
            XrdPeak strongest = r.peaks().stream().max((a, b) -> Double.compare(a.intensity(), b.intensity())).orElseThrow();
            status.set(String.format(Locale.ROOT, "%d lines, λ = %.5f Å, FWHM %.2f°; strongest %s at %.2f° (d = %.3f Å)",
                    r.peaks().size(), r.wavelength(), r.fwhm(), strongest.hklText().split(",")[0], strongest.twoTheta(), strongest.dSpacing()));
        }
    }

    /** Shows why no pattern could be computed. */
    public void fail(String why) {
        result.set(null);
        status.set(why);
    }

    /** Reads a measured two-column pattern to overlay (InputException names the file and line). */
    public void loadExperimental(Path file) throws IOException {
        experimental.set(ExperimentalPattern.read(file));
    }

    /** Writes the lines (CSV) and, beside them, the broadened profile as NAME_profile.csv; returns the second path. */
    public Path exportCsv(Path peaksFile) throws IOException {
        Result r = result.get();
        if (r == null) throw new IOException("no pattern to export: select a structure first");
        AtomicFiles.writeString(peaksFile, XrdCsv.peaks(r.peaks(), r.wavelength()));
        String name = peaksFile.getFileName().toString();
        String stem = name.toLowerCase(Locale.ROOT).endsWith(".csv") ? name.substring(0, name.length() - 4) : name;
        Path profile = peaksFile.resolveSibling(stem + "_profile.csv");
        AtomicFiles.writeString(profile, XrdCsv.profile(r.profile()));
        return profile;
    }
}
