package org.crystalgan.crystal;

import java.util.Arrays;
import java.util.Locale;

/**
 * A space-group operation in fractional coordinates, x' = R·x + t, with an integer rotation matrix R
 * (row-major) and a translation t. Parsed from and written as coordinate triplets such as
 * "-y+1/2,x,z+3/4" (the CIF {@code _symmetry_equiv_pos_as_xyz} form).
 */
public record SymOp(int[] rotation, double[] translation) {
    public static final SymOp IDENTITY = new SymOp(new int[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, new double[3]);

    public SymOp {
        if (rotation.length != 9 || translation.length != 3) throw new IllegalArgumentException("rotation 3x3 and translation 3");
        rotation = rotation.clone();
        translation = translation.clone();
    }

    public int r(int i, int j) { return rotation[3 * i + j]; }

    public double t(int i) { return translation[i]; }

    public Vec3 apply(Vec3 f) {
        return new Vec3(
                r(0, 0) * f.x() + r(0, 1) * f.y() + r(0, 2) * f.z() + translation[0],
                r(1, 0) * f.x() + r(1, 1) * f.y() + r(1, 2) * f.z() + translation[1],
                r(2, 0) * f.x() + r(2, 1) * f.y() + r(2, 2) * f.z() + translation[2]);
    }

    /** Only the rotation part applied (for directions and differences). */
    public Vec3 rotate(Vec3 f) {
        return new Vec3(
                r(0, 0) * f.x() + r(0, 1) * f.y() + r(0, 2) * f.z(),
                r(1, 0) * f.x() + r(1, 1) * f.y() + r(1, 2) * f.z(),
                r(2, 0) * f.x() + r(2, 1) * f.y() + r(2, 2) * f.z());
    }

    /** this ∘ other: apply {@code other} first. */
    public SymOp compose(SymOp o) {
        int[] r = new int[9];
        double[] t = new double[3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                int s = 0;
                for (int k = 0; k < 3; k++) s += r(i, k) * o.r(k, j);
                r[3 * i + j] = s;
            }
            t[i] = translation[i] + r(i, 0) * o.translation[0] + r(i, 1) * o.translation[1] + r(i, 2) * o.translation[2];
        }
        return new SymOp(r, t);
    }

    public int determinant() {
        return r(0, 0) * (r(1, 1) * r(2, 2) - r(1, 2) * r(2, 1))
                - r(0, 1) * (r(1, 0) * r(2, 2) - r(1, 2) * r(2, 0))
                + r(0, 2) * (r(1, 0) * r(2, 1) - r(1, 1) * r(2, 0));
    }

    /** The same operation with its translation reduced into [0, 1). */
    public SymOp normalized() {
        double[] t = new double[3];
        for (int i = 0; i < 3; i++) {
            t[i] = Periodic.wrap(translation[i]);
            if (t[i] > 1 - 1e-9) t[i] = 0;
        }
        return new SymOp(rotation, t);
    }

    /** Same rotation and translations equal modulo lattice translations within {@code tol}. */
    public boolean equalsModuloLattice(SymOp o, double tol) {
        if (!Arrays.equals(rotation, o.rotation)) return false;
        for (int i = 0; i < 3; i++) {
            double d = translation[i] - o.translation[i];
            if (Math.abs(d - Math.rint(d)) > tol) return false;
        }
        return true;
    }

    /**
     * Parses a coordinate triplet: terms in x, y, z with signs, integer or decimal coefficients
     * ("2x" is not crystallographic and is rejected), fractions such as 1/2, decimals such as 0.5, in
     * any order and case, with or without spaces or quotes.
     *
     * @throws IllegalArgumentException saying what could not be read
     */
    public static SymOp parse(String text) {
        String s = text.strip();
        if (s.length() >= 2 && (s.charAt(0) == '\'' || s.charAt(0) == '"') && s.charAt(s.length() - 1) == s.charAt(0)) {
            s = s.substring(1, s.length() - 1);
        }
        s = s.replace(" ", "").toLowerCase(Locale.ROOT);
        String[] parts = s.split(",", -1);
        if (parts.length != 3) throw new IllegalArgumentException("symmetry operation '" + text + "' must have three comma-separated parts");
        int[] r = new int[9];
        double[] t = new double[3];
        for (int i = 0; i < 3; i++) {
            String p = parts[i];
            if (p.isEmpty()) throw new IllegalArgumentException("symmetry operation '" + text + "' has an empty part");
            int pos = 0;
            while (pos < p.length()) {
                int sign = 1;
                char c = p.charAt(pos);
                if (c == '+' || c == '-') {
                    sign = c == '-' ? -1 : 1;
                    pos++;
                }
                if (pos >= p.length()) throw new IllegalArgumentException("symmetry operation '" + text + "' ends with a sign");
                c = p.charAt(pos);
                if (c == 'x' || c == 'y' || c == 'z') {
                    r[3 * i + (c - 'x')] += sign;
                    pos++;
                } else if (Character.isDigit(c) || c == '.') {
                    int start = pos;
                    while (pos < p.length() && (Character.isDigit(p.charAt(pos)) || p.charAt(pos) == '.' || p.charAt(pos) == '/')) pos++;
                    String num = p.substring(start, pos);
                    double v = fraction(num, text);
                    if (pos < p.length() && (p.charAt(pos) == 'x' || p.charAt(pos) == 'y' || p.charAt(pos) == 'z' || p.charAt(pos) == '*')) {
                        throw new IllegalArgumentException("symmetry operation '" + text + "': coefficients on x, y, z must be ±1");
                    }
                    t[i] += sign * v;
                } else {
                    throw new IllegalArgumentException("symmetry operation '" + text + "': unexpected '" + c + "'");
                }
            }
        }
        SymOp op = new SymOp(r, t);
        if (Math.abs(op.determinant()) != 1) {
            throw new IllegalArgumentException("symmetry operation '" + text + "' is not a crystallographic operation (det " + op.determinant() + ")");
        }
        return op;
    }

    private static double fraction(String num, String text) {
        try {
            int slash = num.indexOf('/');
            if (slash < 0) return Double.parseDouble(num);
            double d = Double.parseDouble(num.substring(slash + 1));
            if (d == 0) throw new NumberFormatException();
            return Double.parseDouble(num.substring(0, slash)) / d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("symmetry operation '" + text + "': bad number '" + num + "'");
        }
    }

    /** The coordinate triplet, translations as fractions with denominators up to 12 ("-y+1/2,x,z"). */
    public String toXyz() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            if (i > 0) sb.append(',');
            StringBuilder part = new StringBuilder();
            for (int j = 0; j < 3; j++) {
                int c = r(i, j);
                if (c == 0) continue;
                char v = (char) ('x' + j);
                if (c == 1) part.append(part.length() > 0 ? "+" : "").append(v);
                else if (c == -1) part.append('-').append(v);
                else part.append(c > 0 && part.length() > 0 ? "+" : "").append(c).append('*').append(v);
            }
            double t = translation[i];
            if (Math.abs(t) > 1e-9) {
                String f = fractionString(Math.abs(t));
                part.append(t < 0 ? "-" : (part.length() > 0 ? "+" : "")).append(f);
            }
            if (part.length() == 0) part.append('0');
            sb.append(part);
        }
        return sb.toString();
    }

    private static String fractionString(double v) {
        for (int den = 1; den <= 12; den++) {
            double num = v * den;
            if (Math.abs(num - Math.rint(num)) < 1e-6) {
                long n = Math.round(num);
                return den == 1 ? Long.toString(n) : n + "/" + den;
            }
        }
        return String.format(Locale.ROOT, "%.6f", v);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SymOp s && Arrays.equals(rotation, s.rotation) && Arrays.equals(translation, s.translation);
    }

    @Override
    public int hashCode() { return 31 * Arrays.hashCode(rotation) + Arrays.hashCode(translation); }

    @Override
    public String toString() { return toXyz(); }
}
