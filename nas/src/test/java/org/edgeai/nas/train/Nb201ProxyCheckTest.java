package org.edgeai.nas.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.edgeai.kernel.Progress;
import org.edgeai.kernel.testing.TestData;
import org.edgeai.nas.data.IdxImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our proxies against NASLib's published scores on real NAS-Bench-201 rows (the reference implementation's
 * output, {@code ../shared/data/nas}): synflow does not depend on the data, so its ranking must agree almost
 * exactly; NASWOT (batch statistics, batch 32 as published) closely; and a resumed run must reproduce the
 * journaled scores.
 */
class Nb201ProxyCheckTest {
    @TempDir
    Path tmp;

    @Test
    void ranksTheFirstArchitecturesAsNasLibDoesAndResumes() throws Exception {
        Path proxies = TestData.require("nas/nb201_zero_cost_proxies_cifar10.csv");
        IdxImages images = IdxImages.fashion(TestData.require("vision"), IdxImages.FASHION_TEST_2K);
        Path journal = tmp.resolve("j.csv");
        Nb201ProxyCheck.Result r = Nb201ProxyCheck.run(proxies, images, 32, 12, 10, 1, journal, Progress.NONE);
        assertEquals(12, r.rows().size());
        assertTrue(r.oursVsPublished().synflow() > 0.97, "synflow rho " + r.oursVsPublished().synflow());
        assertTrue(r.oursVsPublished().naswot() > 0.9, "naswot rho " + r.oursVsPublished().naswot());
        assertTrue(r.oursVsPublished().jacobCov() > 0.5, "jacob_cov rho " + r.oursVsPublished().jacobCov());
        for (Nb201ProxyCheck.Row row : r.rows()) {
            // same code, other initial weights: log synflow within a few percent of the published value
            assertEquals(row.published().synflow(), row.ours().synflow(), 0.05 * Math.abs(row.published().synflow()), row.arch());
        }
        assertEquals(13, Files.readAllLines(journal).size(), "the settings line and 12 rows");
        assertTrue(Files.readAllLines(journal).get(0).equals("# settings: classes=10 batch=32 seed=1 images=2000"),
                Files.readAllLines(journal).get(0));
        Nb201ProxyCheck.Result again = Nb201ProxyCheck.run(proxies, images, 32, 12, 10, 1, journal, Progress.NONE);
        assertEquals(r.rows(), again.rows(), "resumed from the journal");
        assertEquals(r.oursVsAccuracy(), again.oursVsAccuracy());
    }

    @Test
    void inputCentresEachImageInAThreeChannelFrame() {
        float[][] img = {new float[28 * 28], new float[28 * 28]};
        img[1][0] = 5; // row 0, column 0 of image 1
        img[1][28 * 28 - 1] = 7; // row 27, column 27
        IdxImages images = new IdxImages(img, new int[] {0, 1}, 28, 28);
        float[] x = Nb201ProxyCheck.input(images, 2);
        assertEquals(2 * 3 * 32 * 32, x.length);
        for (int c = 0; c < 3; c++) {
            int base = (3 + c) * 1024;
            assertEquals(5, x[base + 2 * 32 + 2]);
            assertEquals(7, x[base + 29 * 32 + 29]);
        }
        double sum = 0;
        for (float v : x) {
            sum += v;
        }
        assertEquals(3 * 12, sum, 0, "nothing else is set");
    }
}
