package org.edgeai.platform.enhance;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.edgeai.enhance.eval.DevEvaluation;
import org.edgeai.kernel.io.AtomicFiles;

/**
 * Renders stacked spectrograms (e.g. noisy, enhanced, clean) as one PNG: time to the right, frequency
 * up, 80 dB of range below the loudest cell of all panels, a perceptual dark-to-bright colour ramp.
 * Written atomically.
 *
 * @implNote Stateless; thread-safe: each call renders into its own image.
 */
public final class SpectrogramPng {
    private static final int PANEL_HEIGHT = 200;
    private static final int TITLE = 18;
    private static final double RANGE_DB = 80;

    private SpectrogramPng() {
    }

    /**
     * @param file   PNG to write; its parent directories are created
     * @param panels spectrograms with equal frame and bin counts (power in dB, frame-major:
     *               {@code powerDb[frame * bins + bin]}), one panel each, top to bottom. Not modified.
     * @throws IOException if writing fails
     */
    public static void write(Path file, List<DevEvaluation.Spectrogram> panels) throws IOException {
        int frames = panels.stream().mapToInt(DevEvaluation.Spectrogram::frames).max().orElse(1);
        int width = Math.max(200, Math.min(2000, frames * 2));
        int height = panels.size() * (PANEL_HEIGHT + TITLE);
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        float max = -1000;
        for (DevEvaluation.Spectrogram s : panels) {
            for (float v : s.powerDb()) {
                max = Math.max(max, v);
            }
        }
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        for (int p = 0; p < panels.size(); p++) {
            DevEvaluation.Spectrogram s = panels.get(p);
            int top = p * (PANEL_HEIGHT + TITLE);
            g.setColor(Color.BLACK);
            g.drawString(String.format("%s  (0-%.0f Hz, %.1f s)", s.title(), s.maxHz(), s.frames() * s.hopSeconds()), 4, top + 14);
            for (int x = 0; x < width; x++) {
                int t = (int) ((long) x * s.frames() / width);
                for (int y = 0; y < PANEL_HEIGHT; y++) {
                    int k = (int) ((long) (PANEL_HEIGHT - 1 - y) * s.bins() / PANEL_HEIGHT);
                    double v = t < s.frames() ? s.powerDb()[t * s.bins() + k] : max - RANGE_DB;
                    double u = Math.max(0, Math.min(1, (v - (max - RANGE_DB)) / RANGE_DB));
                    img.setRGB(x, top + TITLE + y, ramp(u));
                }
            }
        }
        g.dispose();
        Path abs = file.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        AtomicFiles.write(abs, out -> {
            if (!ImageIO.write(img, "png", out)) {
                throw new IOException("no PNG writer in javax.imageio");
            }
        });
    }

    /** Dark blue -> purple -> orange -> light yellow ("inferno"-like), u in [0, 1]. */
    private static int ramp(double u) {
        double[][] stops = {{0, 0, 4}, {87, 16, 110}, {188, 55, 84}, {249, 142, 9}, {252, 255, 164}};
        double pos = u * (stops.length - 1);
        int i = Math.min(stops.length - 2, (int) pos);
        double f = pos - i;
        int r = (int) (stops[i][0] + f * (stops[i + 1][0] - stops[i][0]));
        int gg = (int) (stops[i][1] + f * (stops[i + 1][1] - stops[i][1]));
        int b = (int) (stops[i][2] + f * (stops[i + 1][2] - stops[i][2]));
        return (r << 16) | (gg << 8) | b;
    }
}
