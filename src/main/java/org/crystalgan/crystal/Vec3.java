package org.crystalgan.crystal;

/** An immutable 3-vector (fractional or Cartesian, Å, depending on use). */
public record Vec3(double x, double y, double z) {
    public static final Vec3 ZERO = new Vec3(0, 0, 0);

    public static Vec3 of(double[] v) {
        if (v.length != 3) throw new IllegalArgumentException("need 3 components, got " + v.length);
        return new Vec3(v[0], v[1], v[2]);
    }

    public double get(int i) {
        return switch (i) {
            case 0 -> x;
            case 1 -> y;
            case 2 -> z;
            default -> throw new IndexOutOfBoundsException(i);
        };
    }

    public double[] toArray() { return new double[] {x, y, z}; }
    public Vec3 plus(Vec3 o) { return new Vec3(x + o.x, y + o.y, z + o.z); }
    public Vec3 minus(Vec3 o) { return new Vec3(x - o.x, y - o.y, z - o.z); }
    public Vec3 times(double s) { return new Vec3(x * s, y * s, z * s); }
    public double dot(Vec3 o) { return x * o.x + y * o.y + z * o.z; }
    public Vec3 cross(Vec3 o) { return new Vec3(y * o.z - z * o.y, z * o.x - x * o.z, x * o.y - y * o.x); }
    public double norm() { return Math.sqrt(dot(this)); }

    /** Each component reduced into [0, 1): the same point of a periodic crystal. */
    public Vec3 wrapped() { return new Vec3(Periodic.wrap(x), Periodic.wrap(y), Periodic.wrap(z)); }
}
