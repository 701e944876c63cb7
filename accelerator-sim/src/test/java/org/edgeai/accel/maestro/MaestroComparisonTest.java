package org.edgeai.accel.maestro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.edgeai.kernel.testing.TestData;
import org.junit.jupiter.api.Test;

class MaestroComparisonTest {
    private static final Path DIR = TestData.require("accel/maestro");

    @Test
    void bundledShapesReproduceMaestroMacCounts() throws IOException {
        for (String net : List.of("MobileNetV2", "mnasnet")) {
            MaestroComparison.NetworkComparison c = MaestroComparison.compare(DIR.resolve("maestro_" + net + "_kcp_ws_256pe.csv"), null);
            for (MaestroComparison.LayerComparison l : c.layers()) {
                assertEquals(l.maestroMacs(), l.macs(), net + " " + l.layer());
                assertEquals(l.layer().contains("Residual"), !l.comparable(), l.layer());
            }
        }
        MaestroComparison.NetworkComparison os = MaestroComparison.compare(DIR.resolve("maestro_MobileNetV2_yxp_os_256pe.csv"), null);
        // yxp_os counts strided depthwise layers and the stem differently: those are excluded
        assertTrue(os.layers().stream().anyMatch(l -> !l.comparable() && !l.layer().contains("Residual")));
        assertFalse(os.layers().stream().filter(MaestroComparison.LayerComparison::comparable)
                .anyMatch(l -> l.macs() != l.maestroMacs()));
    }

    @Test
    void everyRunIsComparedOnTheSystolicArrayAndOnLanes() throws IOException {
        List<MaestroComparison.NetworkComparison> all = MaestroComparison.compareAll(DIR);
        assertEquals(6, all.size());
        for (MaestroComparison.NetworkComparison c : all) {
            assertTrue(c.comparableLayers() >= 45, c.network() + " " + c.mapping());
            double logMean = c.layers().stream().filter(MaestroComparison.LayerComparison::comparable)
                    .mapToDouble(l -> Math.log(l.simulatedCycles() / (double) l.maestroCycles())).average().orElseThrow();
            assertEquals(Math.exp(logMean), c.geometricMeanRatio(), 1e-9);
        }
    }

    @Test
    void spearmanRanks() {
        assertEquals(1.0, MaestroComparison.spearman(List.of(new double[] {1, 10}, new double[] {2, 20}, new double[] {3, 25})), 1e-12);
        assertEquals(-1.0, MaestroComparison.spearman(List.of(new double[] {1, 3}, new double[] {2, 2}, new double[] {3, 1})), 1e-12);
        // ties get average ranks: x ranks 1, 2.5, 2.5, 4; y ranks 1, 2, 3, 4
        double r = MaestroComparison.spearman(List.of(new double[] {1, 1}, new double[] {2, 2}, new double[] {2, 3},
                new double[] {5, 4}));
        double mx = 2.5;
        double[] x = {1, 2.5, 2.5, 4};
        double[] y = {1, 2, 3, 4};
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < 4; i++) {
            sxy += (x[i] - mx) * (y[i] - 2.5);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - 2.5) * (y[i] - 2.5);
        }
        assertEquals(sxy / Math.sqrt(sxx * syy), r, 1e-12);
    }

    @Test
    void unknownNetworkIsReported() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MaestroComparison.shapes("vgg16"));
        assertTrue(e.getMessage().contains("mnasnet"), e.getMessage());
    }
}
