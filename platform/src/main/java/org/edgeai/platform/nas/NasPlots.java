package org.edgeai.platform.nas;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.edgeai.kernel.io.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG plots of NAS results (XChart), written atomically.
 *
 * @implNote Stateless; thread-safe: each call builds its own chart.
 */
public final class NasPlots {
    private NasPlots() {
    }

    /**
     * A named x/y series.
     *
     * @param name  legend
     * @param x     x values (not copied)
     * @param y     y values (same length; not copied)
     * @param line  true for a line, false for scatter markers
     */
    public record Series(String name, double[] x, double[] y, boolean line) {
    }

    /**
     * Writes a chart as PNG (temp file, then atomic move).
     *
     * @param file   target {@code .png} (900 x 600 px); its parent directories are created
     * @param title  chart title
     * @param xLabel x axis title
     * @param yLabel y axis title
     * @param series series to draw (those without points are skipped). Not modified.
     * @throws IOException if the file cannot be written
     */
    public static void write(Path file, String title, String xLabel, String yLabel, List<Series> series) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(600).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
        for (Series s : series) {
            if (s.x().length == 0) {
                continue;
            }
            XYSeries xy = chart.addSeries(s.name(), s.x(), s.y());
            if (s.line()) {
                xy.setMarker(SeriesMarkers.NONE);
            } else {
                xy.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            }
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        AtomicFiles.write(file, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
    }

    /**
     * Writes CSV text atomically.
     *
     * @param file target; its parent directories are created
     * @param text content
     * @throws IOException if it cannot be written
     */
    public static void writeText(Path file, String text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        AtomicFiles.writeText(file, w -> w.write(text));
    }
}
