package org.edgeai.slam.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.edgeai.slam.SlamProblem;
import org.edgeai.slam.geometry.SE2;

/**
 * An immutable 2D (SE(2)) or 3D (SE(3)) pose graph: poses with an initial estimate and relative
 * pose measurements with information matrices, as stored in a g2o file.
 *
 * <p>Layouts (per vertex index {@code i}, in ascending id order):
 * <ul>
 *   <li>2D pose: {@code (x, y, theta)} at {@code poses[3*i]}; metres and radians.</li>
 *   <li>3D pose: {@code (x, y, z, qx, qy, qz, qw)} at {@code poses[7*i]}; metres and a unit
 *       quaternion (normalised on construction, as g2o does on input).</li>
 *   <li>Edge measurement: same layout as a pose ({@link #poseSize()} values), the pose of the
 *       {@code to} vertex in the frame of the {@code from} vertex.</li>
 *   <li>Edge information: the full symmetric {@code d x d} matrix, row-major, {@code d = 3} (2D:
 *       x, y, theta) or {@code d = 6} (3D: x, y, z, then rotation), in g2o's error frame.</li>
 * </ul>
 *
 * @implNote Immutable and thread-safe; accessors return copies.
 */
public final class PoseGraph implements SlamProblem {
    private final String name;
    private final int dimension;
    private final int[] vertexIds;
    private final double[] poses;
    private final boolean[] fixed;
    private final int[] edgeFrom;
    private final int[] edgeTo;
    private final double[] measurements;
    private final double[] information;
    private final int[] edgeLines;

    private PoseGraph(String name, int dimension, int[] vertexIds, double[] poses, boolean[] fixed, int[] edgeFrom,
                      int[] edgeTo, double[] measurements, double[] information, int[] edgeLines) {
        this.name = name;
        this.dimension = dimension;
        this.vertexIds = vertexIds;
        this.poses = poses;
        this.fixed = fixed;
        this.edgeFrom = edgeFrom;
        this.edgeTo = edgeTo;
        this.measurements = measurements;
        this.information = information;
        this.edgeLines = edgeLines;
    }

    /**
     * @param dimension 2 or 3
     * @return a builder for a graph of that dimension
     * @throws IllegalArgumentException if the dimension is not 2 or 3
     */
    public static Builder builder(String name, int dimension) {
        return new Builder(name, dimension);
    }

    @Override
    public String name() {
        return name;
    }

    /** @return 2 (SE(2)) or 3 (SE(3)) */
    public int dimension() {
        return dimension;
    }

    /** @return values per pose: 3 in 2D, 7 in 3D */
    public int poseSize() {
        return dimension == 2 ? 3 : 7;
    }

    /** @return degrees of freedom per pose (size of the information matrix side): 3 in 2D, 6 in 3D */
    public int tangentSize() {
        return dimension == 2 ? 3 : 6;
    }

    /** @return number of poses */
    public int vertexCount() {
        return vertexIds.length;
    }

    /** @return number of edges */
    public int edgeCount() {
        return edgeFrom.length;
    }

    @Override
    public int variableCount() {
        return vertexCount();
    }

    @Override
    public int measurementCount() {
        return edgeCount();
    }

    @Override
    public String describe() {
        return dimension + "D pose graph, " + vertexCount() + " poses, " + edgeCount() + " edges";
    }

    /** @return the g2o id of vertex index {@code i} (indices are in ascending id order) */
    public int vertexId(int i) {
        return vertexIds[i];
    }

    /** @return the ids of all vertices in index order (a copy) */
    public int[] vertexIds() {
        return vertexIds.clone();
    }

    /** @return the vertex index of {@code id}, or -1 */
    public int indexOf(int id) {
        int k = Arrays.binarySearch(vertexIds, id);
        return k >= 0 ? k : -1;
    }

    /** @return all poses, {@link #poseSize()} values per vertex (a copy) */
    public double[] poses() {
        return poses.clone();
    }

    /** @return whether vertex {@code i} was fixed with a FIX line */
    public boolean isFixed(int i) {
        return fixed[i];
    }

    /** @return the vertex index at which edge {@code e} starts */
    public int edgeFrom(int e) {
        return edgeFrom[e];
    }

    /** @return the vertex index at which edge {@code e} ends */
    public int edgeTo(int e) {
        return edgeTo[e];
    }

    /** @return all edge start indices (a copy) */
    public int[] edgeFroms() {
        return edgeFrom.clone();
    }

    /** @return all edge end indices (a copy) */
    public int[] edgeTos() {
        return edgeTo.clone();
    }

    /** @return all measurements, {@link #poseSize()} per edge (a copy) */
    public double[] measurements() {
        return measurements.clone();
    }

    /** @return all information matrices, {@code tangentSize()^2} per edge, row-major (a copy) */
    public double[] informations() {
        return information.clone();
    }

    /** @return the source line of edge {@code e} (1-based), or 0 when not read from a file */
    public int edgeLine(int e) {
        return edgeLines[e];
    }

    /**
     * @param newPoses poses in this graph's layout. Not modified (copied).
     * @return a graph with the same vertices and edges and the given estimate
     * @throws IllegalArgumentException if the length is wrong or a value is not finite
     */
    public PoseGraph withPoses(double[] newPoses) {
        if (newPoses.length != poses.length) {
            throw new IllegalArgumentException("expected " + poses.length + " pose values (" + vertexCount() + " x "
                    + poseSize() + "), got " + newPoses.length);
        }
        double[] p = newPoses.clone();
        for (int i = 0; i < p.length; i++) {
            if (!Double.isFinite(p[i])) {
                throw new IllegalArgumentException("pose value " + i + " (vertex " + vertexIds[i / poseSize()] + ") is " + p[i]);
            }
        }
        if (dimension == 3) {
            for (int i = 0; i < vertexCount(); i++) {
                normalizeQuaternion(p, 7 * i + 3);
            }
        }
        return new PoseGraph(name, dimension, vertexIds, p, fixed, edgeFrom, edgeTo, measurements, information, edgeLines);
    }

    /**
     * @param newInformation information matrices in this graph's layout. Not modified (copied).
     * @return a graph with the same vertices, estimate and measurements and the given information
     */
    public PoseGraph withInformation(double[] newInformation) {
        if (newInformation.length != information.length) {
            throw new IllegalArgumentException("expected " + information.length + " information values, got "
                    + newInformation.length);
        }
        return new PoseGraph(name, dimension, vertexIds, poses, fixed, edgeFrom, edgeTo, measurements,
                newInformation.clone(), edgeLines);
    }

    /** @return a copy with another name */
    public PoseGraph withName(String newName) {
        return new PoseGraph(Objects.requireNonNull(newName), dimension, vertexIds, poses, fixed, edgeFrom, edgeTo,
                measurements, information, edgeLines);
    }

    /** Normalises in place; a quaternion already of unit norm (within 4 ulp) is left bit-identical. */
    private static void normalizeQuaternion(double[] a, int off) {
        double n2 = a[off] * a[off] + a[off + 1] * a[off + 1] + a[off + 2] * a[off + 2] + a[off + 3] * a[off + 3];
        double n = Math.sqrt(n2);
        if (!(n > 0) || !Double.isFinite(n)) {
            throw new IllegalArgumentException("quaternion with norm " + n);
        }
        if (Math.abs(n2 - 1) <= 4 * Math.ulp(1.0)) {
            return;
        }
        for (int k = 0; k < 4; k++) {
            a[off + k] /= n;
        }
    }

    /**
     * Collects vertices, edges and FIX marks; {@link #build()} validates them.
     *
     * @implNote Not thread-safe.
     */
    public static final class Builder {
        private final String name;
        private final int dimension;
        private final int poseSize;
        private final int infoSize;
        private final Map<Integer, double[]> vertices = new HashMap<>();
        private final List<Integer> fixedIds = new ArrayList<>();
        private final List<int[]> edges = new ArrayList<>(); // fromId, toId, line
        private final List<double[]> edgeMeasurements = new ArrayList<>();
        private final List<double[]> edgeInformation = new ArrayList<>();

        private Builder(String name, int dimension) {
            if (dimension != 2 && dimension != 3) {
                throw new IllegalArgumentException("pose graph dimension must be 2 or 3, got " + dimension);
            }
            this.name = Objects.requireNonNull(name, "name");
            this.dimension = dimension;
            this.poseSize = dimension == 2 ? 3 : 7;
            this.infoSize = dimension == 2 ? 9 : 36;
        }

        /** @return whether a vertex with this id was added */
        public boolean hasVertex(int id) {
            return vertices.containsKey(id);
        }

        /**
         * @param pose {@link PoseGraph#poseSize()} values. Not modified (copied).
         * @return this
         * @throws IllegalArgumentException on a duplicate id, a wrong length, a non-finite value or
         *                                  a zero quaternion
         */
        public Builder addVertex(int id, double[] pose) {
            if (pose.length != poseSize) {
                throw new IllegalArgumentException("vertex " + id + ": expected " + poseSize + " values, got " + pose.length);
            }
            checkFinite(pose, "vertex " + id);
            double[] p = pose.clone();
            if (dimension == 3) {
                try {
                    normalizeQuaternion(p, 3);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("vertex " + id + ": " + e.getMessage());
                }
            } else {
                p[2] = SE2.wrapAngle(p[2]);
            }
            if (vertices.putIfAbsent(id, p) != null) {
                throw new IllegalArgumentException("duplicate vertex id " + id);
            }
            return this;
        }

        /**
         * @param measurement {@link PoseGraph#poseSize()} values. Not modified (copied).
         * @param information full symmetric {@code d x d} row-major. Not modified (copied).
         * @param line        1-based source line (0 if none), used in diagnostics
         * @return this
         * @throws IllegalArgumentException on a self-loop, a wrong length, a non-finite value, an
         *                                  asymmetric information matrix or a zero quaternion
         */
        public Builder addEdge(int fromId, int toId, double[] measurement, double[] information, int line) {
            if (fromId == toId) {
                throw new IllegalArgumentException("edge " + fromId + " -> " + toId + " connects a pose to itself");
            }
            if (measurement.length != poseSize || information.length != infoSize) {
                throw new IllegalArgumentException("edge " + fromId + " -> " + toId + ": expected " + poseSize
                        + " measurement and " + infoSize + " information values, got " + measurement.length + " and "
                        + information.length);
            }
            checkFinite(measurement, "edge " + fromId + " -> " + toId + " measurement");
            checkFinite(information, "edge " + fromId + " -> " + toId + " information");
            int d = dimension == 2 ? 3 : 6;
            for (int r = 0; r < d; r++) {
                for (int c = r + 1; c < d; c++) {
                    if (information[r * d + c] != information[c * d + r]) {
                        throw new IllegalArgumentException("edge " + fromId + " -> " + toId
                                + ": information matrix is not symmetric at (" + r + "," + c + ")");
                    }
                }
            }
            double[] m = measurement.clone();
            if (dimension == 3) {
                try {
                    normalizeQuaternion(m, 3);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("edge " + fromId + " -> " + toId + ": " + e.getMessage());
                }
            }
            edges.add(new int[] {fromId, toId, line});
            edgeMeasurements.add(m);
            edgeInformation.add(information.clone());
            return this;
        }

        /** @return number of vertices added so far */
        public int vertexCount() {
            return vertices.size();
        }

        /**
         * Adds a vertex at the identity for every id an edge uses that has no vertex yet (for files
         * that list edges only).
         *
         * @return the number of vertices created
         */
        public int addImplicitVertices() {
            double[] identity = dimension == 2 ? new double[] {0, 0, 0} : new double[] {0, 0, 0, 0, 0, 0, 1};
            int created = 0;
            for (int[] e : edges) {
                for (int k = 0; k < 2; k++) {
                    if (!vertices.containsKey(e[k])) {
                        vertices.put(e[k], identity.clone());
                        created++;
                    }
                }
            }
            return created;
        }

        /**
         * @return the first edge (in insertion order) that uses an id without a vertex, as
         *         {@code {fromId, toId, line}}, or null if every edge is complete
         */
        public int[] firstEdgeWithMissingVertex() {
            for (int[] e : edges) {
                if (!vertices.containsKey(e[0]) || !vertices.containsKey(e[1])) {
                    return e.clone();
                }
            }
            return null;
        }

        /** Marks a vertex as fixed (g2o FIX line); the vertex may be added before or after. */
        public Builder fix(int id) {
            fixedIds.add(id);
            return this;
        }

        /**
         * @return the graph, vertices in ascending id order
         * @throws IllegalArgumentException if there are no vertices, or an edge or FIX names a
         *                                  missing vertex (the message gives the source line)
         */
        public PoseGraph build() {
            if (vertices.isEmpty()) {
                throw new IllegalArgumentException(name + ": the graph has no vertices");
            }
            int n = vertices.size();
            int[] ids = vertices.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
            double[] poses = new double[n * poseSize];
            for (int i = 0; i < n; i++) {
                System.arraycopy(vertices.get(ids[i]), 0, poses, i * poseSize, poseSize);
            }
            boolean[] fixed = new boolean[n];
            for (int id : fixedIds) {
                int k = Arrays.binarySearch(ids, id);
                if (k < 0) {
                    throw new IllegalArgumentException(name + ": FIX names vertex " + id + ", which does not exist");
                }
                fixed[k] = true;
            }
            int m = edges.size();
            int[] from = new int[m];
            int[] to = new int[m];
            int[] lines = new int[m];
            double[] meas = new double[m * poseSize];
            double[] info = new double[m * infoSize];
            for (int e = 0; e < m; e++) {
                int[] ed = edges.get(e);
                int a = Arrays.binarySearch(ids, ed[0]);
                int b = Arrays.binarySearch(ids, ed[1]);
                if (a < 0 || b < 0) {
                    throw new IllegalArgumentException((ed[2] > 0 ? "line " + ed[2] + ": " : "") + "edge " + ed[0] + " -> "
                            + ed[1] + " refers to vertex " + (a < 0 ? ed[0] : ed[1]) + ", which no VERTEX line defines");
                }
                from[e] = a;
                to[e] = b;
                lines[e] = ed[2];
                System.arraycopy(edgeMeasurements.get(e), 0, meas, e * poseSize, poseSize);
                System.arraycopy(edgeInformation.get(e), 0, info, e * infoSize, infoSize);
            }
            return new PoseGraph(name, dimension, ids, poses, fixed, from, to, meas, info, lines);
        }

        private static void checkFinite(double[] v, String what) {
            for (int i = 0; i < v.length; i++) {
                if (!Double.isFinite(v[i])) {
                    throw new IllegalArgumentException(what + ": value " + (i + 1) + " is " + v[i]);
                }
            }
        }
    }
}
