package org.edgeai.platform.accel;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.edgeai.accel.LayerReport;
import org.edgeai.accel.SimulationReport;
import org.edgeai.kernel.io.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/** Per-layer latency bar chart (PNG) of a {@link SimulationReport}, rendered with XChart. */
final class LatencyPlot {
    private LatencyPlot() {
    }

    /**
     * Writes the chart atomically (temporary file in the same directory, then a move).
     *
     * @param report the simulation. Not modified.
     * @param png    destination
     * @throws IOException if the file cannot be written
     */
    static void write(SimulationReport report, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<String> names = new ArrayList<>();
        List<Double> compute = new ArrayList<>();
        List<Double> stall = new ArrayList<>();
        double toMicros = 1e6 / report.clockHz();
        for (LayerReport l : report.layers()) {
            names.add(l.name());
            compute.add((l.computeCycles() + l.launchCycles()) * toMicros);
            stall.add(l.stallCycles() * toMicros);
        }
        int width = Math.max(800, Math.min(4000, 60 + 22 * names.size()));
        CategoryChart chart = new CategoryChartBuilder().width(width).height(600)
                .title(report.model() + " on " + report.accelerator() + " (" + report.arrayDescription() + "): "
                        + String.format("%.3f ms", report.latencySeconds() * 1e3))
                .xAxisTitle("layer").yAxisTitle("latency (us)").build();
        chart.getStyler().setStacked(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setXAxisLabelRotation(90);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setSeriesColors(new Color[] {new Color(0x1f77b4), new Color(0xd62728)});
        chart.addSeries("compute + launch", names, compute);
        chart.addSeries("DRAM stall", names, stall);
        byte[] bytes = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        Path target = png.toAbsolutePath();
        Path dir = target.getParent();
        Files.createDirectories(dir);
        AtomicFiles.write(target, bytes);
    }
}
