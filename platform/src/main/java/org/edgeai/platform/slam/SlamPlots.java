package org.edgeai.platform.slam;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.edgeai.kernel.io.AtomicFiles;
import org.edgeai.slam.eval.ErrorDistribution;
import org.edgeai.slam.eval.RigidAlignment;
import org.edgeai.slam.graph.PoseGraph;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG plots for the slam commands (XChart, headless): trajectories (x-y; 3D graphs are shown from
 * above) and cumulative error histograms. Files are written atomically.
 */
final class SlamPlots {
    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private SlamPlots() {
    }

    /** A named trajectory to draw. */
    record Track(String label, PoseGraph graph, RigidAlignment alignToGroundTruth) {
    }

    /**
     * Draws each track's positions as a line, in vertex order. A track with an alignment is mapped
     * into the ground-truth frame first.
     */
    static void trajectory(Path png, String title, List<Track> tracks) throws IOException {
        XYChart chart = new XYChartBuilder().width(1000).height(900).title(title).xAxisTitle("x [m]")
                .yAxisTitle("y [m]").build();
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        Color[] colors = {new Color(160, 160, 160), new Color(0, 90, 200), new Color(220, 60, 30), new Color(0, 150, 60)};
        int ci = 0;
        for (Track t : tracks) {
            PoseGraph g = t.graph();
            int ps = g.poseSize();
            int dim = g.dimension();
            double[] p = g.poses();
            int n = g.vertexCount();
            double[] xs = new double[n];
            double[] ys = new double[n];
            double[] tmp = new double[3];
            for (int i = 0; i < n; i++) {
                if (t.alignToGroundTruth() != null) {
                    t.alignToGroundTruth().apply(p, i * ps, tmp, 0, dim);
                    xs[i] = tmp[0];
                    ys[i] = tmp[1];
                } else {
                    xs[i] = p[i * ps];
                    ys[i] = p[i * ps + 1];
                }
            }
            XYSeries s = chart.addSeries(t.label(), xs, ys);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(colors[ci++ % colors.length]);
            s.setLineStyle(new BasicStroke(1.2f));
        }
        write(png, chart);
    }

    /** Cumulative error histograms: percentage of poses with error at most x, one curve per label. */
    static void cumulative(Path png, String title, String xLabel, List<String> labels, List<ErrorDistribution> dists)
            throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(650).title(title).xAxisTitle(xLabel)
                .yAxisTitle("poses with error <= x [%]").build();
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(100.0);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
        // overlapping curves stay visible: solid, dashed, dotted
        java.awt.BasicStroke[] strokes = {new BasicStroke(2.5f),
            new BasicStroke(1.8f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 6f}, 0f),
            new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {2f, 4f}, 0f)};
        for (int k = 0; k < labels.size(); k++) {
            double[] e = dists.get(k).sortedErrors();
            if (e.length == 0) {
                continue;
            }
            // the empirical CDF sampled at errors x_i = max (i/n)^1.5 (finer near 0). Neither axis may hold
            // equally spaced values: XChart then labels the data values instead of round ticks.
            int grid = 600;
            double max = e[e.length - 1];
            double[] xs = new double[grid + 1];
            double[] ys = new double[grid + 1];
            for (int i = 0; i <= grid; i++) {
                xs[i] = max * Math.pow((double) i / grid, 1.5);
                ys[i] = 100 * dists.get(k).fractionAtMost(xs[i]);
            }
            int j = grid + 1;
            XYSeries s = chart.addSeries(labels.get(k), java.util.Arrays.copyOf(xs, j), java.util.Arrays.copyOf(ys, j));
            s.setMarker(SeriesMarkers.NONE);
            s.setLineStyle(strokes[k % strokes.length]);
        }
        write(png, chart);
    }

    private static void write(Path png, XYChart chart) throws IOException {
        byte[] bytes = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        Path abs = png.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        AtomicFiles.write(abs, bytes);
    }
}
