package org.crystalgan.crystal;

import java.util.Objects;

/**
 * One atom position: an element at fractional coordinates, with an occupancy (1 for an ordered
 * site; a disordered site shows as several sites at one position with occupancies below 1) and an
 * optional label such as "Mn1" from a CIF.
 */
public record Site(Element element, Vec3 frac, double occupancy, String label) {
    public Site {
        Objects.requireNonNull(element, "element");
        Objects.requireNonNull(frac, "frac");
        if (!Double.isFinite(frac.x()) || !Double.isFinite(frac.y()) || !Double.isFinite(frac.z())) {
            throw new IllegalArgumentException("site coordinates must be finite numbers");
        }
        if (!(occupancy > 0 && occupancy <= 1 + 1e-6)) {
            throw new IllegalArgumentException("site occupancy must be in (0, 1], got " + occupancy);
        }
        label = label == null ? element.symbol() : label;
    }

    public Site(Element element, Vec3 frac) { this(element, frac, 1.0, null); }

    public Site(Element element, double x, double y, double z) { this(element, new Vec3(x, y, z), 1.0, null); }

    public Site withFrac(Vec3 f) { return new Site(element, f, occupancy, label); }

    public Site withElement(Element e) { return new Site(e, frac, occupancy, label.startsWith(element.symbol()) ? e.symbol() + label.substring(element.symbol().length()) : label); }

    public boolean isFullyOccupied() { return occupancy >= 1 - 1e-6; }
}
