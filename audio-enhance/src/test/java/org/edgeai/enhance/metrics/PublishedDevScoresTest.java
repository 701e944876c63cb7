package org.edgeai.enhance.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.edgeai.kernel.audio.AudioIo;
import org.edgeai.kernel.testing.TestData;
import org.junit.jupiter.api.Test;

/**
 * The noisy input's mean scores over the 20 dev pairs, as published in the data set's README
 * (measured there with independent tools: SI-SDR 3.73 dB, STOI 0.853, ESTOI 0.636).
 */
class PublishedDevScoresTest {

    @Test
    void noisyDevScoresMatchThePublishedReference() throws Exception {
        Path dev = TestData.require("audio/dev/pairs.csv").getParent();
        List<String> ids = Files.readAllLines(dev.resolve("pairs.csv")).stream().skip(1).filter(l -> !l.isBlank())
                .map(l -> l.split(",")[0]).toList();
        assertEquals(20, ids.size());
        double sdr = 0;
        double stoi = 0;
        double estoi = 0;
        for (String id : ids) {
            float[] clean = AudioIo.read(dev.resolve("clean/" + id + ".wav")).channels()[0];
            float[] noisy = AudioIo.read(dev.resolve("noisy/" + id + ".wav")).channels()[0];
            sdr += SiSdr.compute(clean, noisy);
            stoi += Stoi.stoi(clean, noisy, 16000);
            estoi += Stoi.estoi(clean, noisy, 16000);
        }
        assertEquals(3.73, sdr / ids.size(), 0.005);
        assertEquals(0.853, stoi / ids.size(), 0.0005);
        assertEquals(0.636, estoi / ids.size(), 0.0005);
    }
}
