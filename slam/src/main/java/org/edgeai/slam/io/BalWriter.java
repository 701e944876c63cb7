package org.edgeai.slam.io;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import org.edgeai.kernel.io.AtomicFiles;
import org.edgeai.slam.graph.BundleProblem;

/**
 * Writes a {@link BundleProblem} in the BAL text format read by {@link BalReader}, atomically
 * (temporary file, then rename).
 *
 * @implNote Stateless; thread-safe.
 */
public final class BalWriter {
    private BalWriter() {
    }

    /**
     * @throws IOException if writing or the rename fails (the target is then untouched)
     */
    public static void write(BundleProblem problem, Path target) throws IOException {
        AtomicFiles.writeText(target, out -> write(problem, out));
    }

    /** Writes to a stream (not atomic). */
    public static void write(BundleProblem p, Writer out) throws IOException {
        out.write(p.cameraCount() + " " + p.pointCount() + " " + p.observationCount() + "\n");
        int[] oc = p.observationCameras();
        int[] op = p.observationPoints();
        double[] xy = p.observations();
        for (int k = 0; k < oc.length; k++) {
            out.write(oc[k] + " " + op[k] + " " + xy[2 * k] + " " + xy[2 * k + 1] + "\n");
        }
        for (double v : p.cameras()) {
            out.write(v + "\n");
        }
        for (double v : p.points()) {
            out.write(v + "\n");
        }
    }
}
