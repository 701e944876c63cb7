package org.edgeai.slam.io;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import org.edgeai.kernel.io.AtomicFiles;
import org.edgeai.slam.graph.PoseGraph;

/**
 * Writes a {@link PoseGraph} as a g2o file readable by {@link G2oReader} and by g2o itself:
 * vertices in id order, FIX lines for vertices fixed in the input, then the edges with their
 * measurements and the upper triangle of their information matrices. Numbers are written with
 * {@link Double#toString} (shortest representation that reads back to the same double).
 *
 * <p>The write is atomic: a temporary file in the target's directory is renamed over the target
 * only after it has been written completely, so a failure never leaves a half-written file.
 *
 * @implNote Stateless; thread-safe.
 */
public final class G2oWriter {
    private G2oWriter() {
    }

    /**
     * @param graph  the graph (its current estimate is written as the vertices). Not modified.
     * @param target the output file; replaced if it exists
     * @throws IOException if writing or the final rename fails (the target is then untouched)
     */
    public static void write(PoseGraph graph, Path target) throws IOException {
        AtomicFiles.writeText(target, out -> write(graph, out));
    }

    /** Writes to a stream (not atomic; the caller owns {@code out}). */
    public static void write(PoseGraph graph, Writer out) throws IOException {
        boolean is2d = graph.dimension() == 2;
        int ps = graph.poseSize();
        int d = graph.tangentSize();
        double[] poses = graph.poses();
        StringBuilder sb = new StringBuilder(256);
        for (int i = 0; i < graph.vertexCount(); i++) {
            sb.setLength(0);
            sb.append(is2d ? "VERTEX_SE2 " : "VERTEX_SE3:QUAT ").append(graph.vertexId(i));
            for (int k = 0; k < ps; k++) {
                sb.append(' ').append(poses[i * ps + k]);
            }
            out.write(sb.append('\n').toString());
        }
        for (int i = 0; i < graph.vertexCount(); i++) {
            if (graph.isFixed(i)) {
                out.write("FIX " + graph.vertexId(i) + "\n");
            }
        }
        double[] meas = graph.measurements();
        double[] info = graph.informations();
        for (int e = 0; e < graph.edgeCount(); e++) {
            sb.setLength(0);
            sb.append(is2d ? "EDGE_SE2 " : "EDGE_SE3:QUAT ").append(graph.vertexId(graph.edgeFrom(e))).append(' ')
                    .append(graph.vertexId(graph.edgeTo(e)));
            for (int k = 0; k < ps; k++) {
                sb.append(' ').append(meas[e * ps + k]);
            }
            for (int r = 0; r < d; r++) {
                for (int c = r; c < d; c++) {
                    sb.append(' ').append(info[e * d * d + r * d + c]);
                }
            }
            out.write(sb.append('\n').toString());
        }
    }
}
