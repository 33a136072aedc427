package org.crystalgan.screening.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.crystalgan.crystal.Element;
import org.crystalgan.crystal.InputException;
import org.crystalgan.crystal.Lattice;
import org.crystalgan.crystal.Site;
import org.crystalgan.crystal.Structure;

/**
 * Reads the plain-text table of decoded Mg-Mn-O structures ({@code data/mgmno/structures.csv}):
 * header {@code index,name,formula,n_mg,n_mn,n_o,a,b,c,alpha,beta,gamma,volume,sites}, lattice
 * parameters in Å and degrees, sites as {@code El x y z} fractional coordinates separated by ';'.
 */
public final class DecodedStructureCsv {
    /** One row: its index, name (a supercell carries its parent's name) and structure. */
    public record Row(int index, String name, Structure structure) {}

    private DecodedStructureCsv() {}

    public static boolean looksLikeTable(Path file) {
        if (!file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".csv")) return false;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String h = r.readLine();
            return h != null && h.startsWith("index,name,formula,") && h.contains(",sites");
        } catch (IOException e) {
            return false;
        }
    }

    public static List<Row> read(Path file) {
        List<Row> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = r.readLine();
            if (header == null) throw new InputException(file + ": empty file, expected a structures table with a header line");
            String[] cols = header.split(",");
            int iName = col(cols, "name", file), iA = col(cols, "a", file), iSites = col(cols, "sites", file), iIndex = col(cols, "index", file);
            String line;
            int lineNo = 1;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) continue;
                String[] f = line.split(",", -1);
                if (f.length != cols.length) throw new InputException(file + " line " + lineNo + ": " + f.length + " fields, the header has " + cols.length);
                try {
                    double[] p = new double[6];
                    for (int k = 0; k < 6; k++) p[k] = Double.parseDouble(f[iA + k]);
                    Lattice lat = Lattice.fromParameters(p[0], p[1], p[2], p[3], p[4], p[5]);
                    List<Site> sites = new ArrayList<>();
                    for (String s : f[iSites].split(";")) {
                        String[] t = s.trim().split("\\s+");
                        if (t.length != 4) throw new InputException(file + " line " + lineNo + ": site '" + s + "' is not 'Element x y z'");
                        sites.add(new Site(Element.of(t[0]), Double.parseDouble(t[1]), Double.parseDouble(t[2]), Double.parseDouble(t[3])));
                    }
                    out.add(new Row(Integer.parseInt(f[iIndex].trim()), f[iName], new Structure(lat, sites)));
                } catch (NumberFormatException e) {
                    throw new InputException(file + " line " + lineNo + ": a lattice parameter or coordinate is not a number (" + e.getMessage() + ")");
                } catch (IllegalArgumentException e) {
                    throw new InputException(file + " line " + lineNo + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static int col(String[] cols, String name, Path file) {
        for (int i = 0; i < cols.length; i++) if (cols[i].trim().equals(name)) return i;
        throw new InputException(file + " line 1: no column '" + name + "' in the header");
    }
}
