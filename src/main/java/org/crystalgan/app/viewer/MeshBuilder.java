package org.crystalgan.app.viewer;

import javafx.scene.shape.TriangleMesh;
import javafx.scene.shape.VertexFormat;
import org.crystalgan.crystal.Vec3;

/**
 * Builds one triangle mesh out of many spheres or many sticks, so that a whole supercell is a
 * handful of nodes (one per element and kind) instead of thousands: with a software renderer the
 * per-node cost, not the triangle count, is what makes a large cell stutter. Vertex normals are
 * given explicitly (smooth shading without smoothing groups).
 */
final class MeshBuilder {
    private final TriangleMesh mesh = new TriangleMesh(VertexFormat.POINT_NORMAL_TEXCOORD);
    private float[] points = new float[3 * 1024];
    private float[] normals = new float[3 * 1024];
    private int[] faces = new int[9 * 1024];
    private int nPoints, nFaces;

    MeshBuilder() {
        mesh.getTexCoords().addAll(0, 0);
    }

    /** Triangles one sphere adds (the picking code maps a face index back to its sphere with this). */
    static int sphereFaces(int slices, int stacks) { return 2 * slices * (stacks - 1); }

    // unit-sphere vertices (x, y, z; also the normals) for the last (slices, stacks) asked for
    private float[] unitSphere = new float[0];
    private int templateSlices, templateStacks;

    void sphere(Vec3 c, double r, int slices, int stacks) {
        if (slices != templateSlices || stacks != templateStacks) {
            unitSphere = new float[3 * (2 + (stacks - 1) * slices)];
            int k = 0;
            unitSphere[k++] = 0; unitSphere[k++] = 0; unitSphere[k++] = 1;
            for (int i = 1; i < stacks; i++) {
                double th = Math.PI * i / stacks, st = Math.sin(th), ct = Math.cos(th);
                for (int j = 0; j < slices; j++) {
                    double ph = 2 * Math.PI * j / slices;
                    unitSphere[k++] = (float) (st * Math.cos(ph));
                    unitSphere[k++] = (float) (st * Math.sin(ph));
                    unitSphere[k++] = (float) ct;
                }
            }
            unitSphere[k++] = 0; unitSphere[k++] = 0; unitSphere[k] = -1;
            templateSlices = slices;
            templateStacks = stacks;
        }
        int base = nPoints;
        for (int k = 0; k < unitSphere.length; k += 3) {
            double nx = unitSphere[k], ny = unitSphere[k + 1], nz = unitSphere[k + 2];
            addVertex(c.x() + r * nx, c.y() + r * ny, c.z() + r * nz, nx, ny, nz);
        }
        int south = nPoints - 1;
        for (int j = 0; j < slices; j++) {
            int a = base + 1 + j, b = base + 1 + (j + 1) % slices;
            addFace(base, b, a);
        }
        for (int i = 0; i < stacks - 2; i++) {
            int row = base + 1 + i * slices, next = row + slices;
            for (int j = 0; j < slices; j++) {
                int a = row + j, b = row + (j + 1) % slices, c2 = next + j, d = next + (j + 1) % slices;
                addFace(a, b, d);
                addFace(a, d, c2);
            }
        }
        int last = base + 1 + (stacks - 2) * slices;
        for (int j = 0; j < slices; j++) {
            int a = last + j, b = last + (j + 1) % slices;
            addFace(south, a, b);
        }
    }

    /** An open cylinder of radius r from one point to another. */
    void stick(Vec3 from, Vec3 to, double r, int sides) {
        Vec3 d = to.minus(from);
        double len = d.norm();
        if (len < 1e-9) return;
        Vec3 w = d.times(1 / len);
        Vec3 helper = Math.abs(w.x()) < 0.9 ? new Vec3(1, 0, 0) : new Vec3(0, 1, 0);
        Vec3 u = helper.minus(w.times(helper.dot(w)));
        u = u.times(1 / u.norm());
        Vec3 v = w.cross(u);
        int base = nPoints;
        for (int k = 0; k < sides; k++) {
            double a = 2 * Math.PI * k / sides;
            Vec3 n = u.times(Math.cos(a)).plus(v.times(Math.sin(a)));
            Vec3 p0 = from.plus(n.times(r)), p1 = to.plus(n.times(r));
            addVertex(p0.x(), p0.y(), p0.z(), n.x(), n.y(), n.z());
            addVertex(p1.x(), p1.y(), p1.z(), n.x(), n.y(), n.z());
        }
        for (int k = 0; k < sides; k++) {
            int a0 = base + 2 * k, a1 = a0 + 1, b0 = base + 2 * ((k + 1) % sides), b1 = b0 + 1;
            addFace(a0, b0, b1);
            addFace(a0, b1, a1);
        }
    }

    /** A flat triangle (polyhedron faces), normal from the winding. */
    void triangle(Vec3 a, Vec3 b, Vec3 c) {
        Vec3 n = b.minus(a).cross(c.minus(a));
        double l = n.norm();
        if (l < 1e-12) return;
        n = n.times(1 / l);
        int base = nPoints;
        for (Vec3 p : new Vec3[] {a, b, c}) addVertex(p.x(), p.y(), p.z(), n.x(), n.y(), n.z());
        addFace(base, base + 1, base + 2);
    }

    boolean isEmpty() { return nFaces == 0; }

    TriangleMesh build() {
        mesh.getPoints().setAll(points, 0, 3 * nPoints);
        mesh.getNormals().setAll(normals, 0, 3 * nPoints);
        mesh.getFaces().setAll(faces, 0, 9 * nFaces);
        return mesh;
    }

    private void addVertex(double x, double y, double z, double nx, double ny, double nz) {
        if (3 * nPoints + 3 > points.length) {
            points = java.util.Arrays.copyOf(points, points.length * 2);
            normals = java.util.Arrays.copyOf(normals, normals.length * 2);
        }
        int k = 3 * nPoints++;
        points[k] = (float) x;
        points[k + 1] = (float) y;
        points[k + 2] = (float) z;
        normals[k] = (float) nx;
        normals[k + 1] = (float) ny;
        normals[k + 2] = (float) nz;
    }

    // POINT_NORMAL_TEXCOORD faces: (point, normal, texcoord) per corner; normal index = point index
    private void addFace(int a, int b, int c) {
        if (9 * nFaces + 9 > faces.length) faces = java.util.Arrays.copyOf(faces, faces.length * 2);
        int k = 9 * nFaces++;
        faces[k] = a; faces[k + 1] = a; faces[k + 2] = 0;
        faces[k + 3] = b; faces[k + 4] = b; faces[k + 5] = 0;
        faces[k + 6] = c; faces[k + 7] = c; faces[k + 8] = 0;
    }
}
