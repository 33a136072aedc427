package org.crystalgan.io.vasp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.crystalgan.crystal.InputException;

/**
 * Site magnetic moments from a VASP OUTCAR: the last "magnetization (x)" table (LORBIT = 11 writes
 * one per ionic step; the last belongs to the final structure), column "tot", μB per site.
 */
public final class Outcar {
    private Outcar() {}

    /** Magnetic moments per site (μB); empty when the OUTCAR has no magnetization table (ISPIN = 1). */
    public static List<Double> magneticMoments(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new InputException(file + ": not a text OUTCAR");
        }
        int start = -1;
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).strip().equals("magnetization (x)")) start = i;
        List<Double> out = new ArrayList<>();
        if (start < 0) return out;
        int i = start + 1;
        // skip to the dashed line under the header "# of ion  s  p  d  tot"
        while (i < lines.size() && !lines.get(i).strip().startsWith("---")) i++;
        for (i++; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (l.isEmpty() || l.startsWith("---") || l.startsWith("tot")) break;
            String[] f = l.split("\\s+");
            try {
                out.add(Double.parseDouble(f[f.length - 1]));
            } catch (NumberFormatException e) {
                throw new InputException(file + " line " + (i + 1) + ": bad magnetization value '" + f[f.length - 1] + "'");
            }
        }
        return out;
    }
}
