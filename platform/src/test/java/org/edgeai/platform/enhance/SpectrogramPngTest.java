package org.edgeai.platform.enhance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.edgeai.enhance.eval.DevEvaluation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpectrogramPngTest {

    @Test
    void writesOnePanelPerSpectrogramWithLoudCellsBrighterThanSilence(@TempDir Path tmp) throws Exception {
        float[] tone = new float[16000];
        for (int i = 8000; i < tone.length; i++) {
            tone[i] = (float) (0.5 * Math.sin(2 * Math.PI * 1000 * i / 16000.0)); // silence, then 1 kHz
        }
        DevEvaluation.Spectrogram s = DevEvaluation.spectrogram("tone", tone);
        Path png = tmp.resolve("sub/plot.png");
        SpectrogramPng.write(png, List.of(s, s, s));
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(3 * (200 + 18), img.getHeight());
        int w = img.getWidth();
        // row of 1 kHz in the first panel: 1000/8000 of the height from the bottom
        int y = 18 + 200 - 1 - (int) (200 * 1000.0 / 8000);
        int loud = img.getRGB(w - 10, y) & 0xFFFFFF;
        int quiet = img.getRGB(10, y) & 0xFFFFFF;
        assertNotEquals(loud, quiet);
        assertEquals(0x000004, quiet, "silence maps to the bottom of the colour ramp");
    }
}
