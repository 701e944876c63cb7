package org.edgeai.nas.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.edgeai.kernel.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TablesTest {
    @TempDir
    Path tmp;

    @Test
    void readsTheSharedNb201TableAndMatchesTheReadme() {
        Nb201Table t = Nb201Table.read(TestData.require("nas/" + Nb201Table.FILE));
        assertEquals(12_500, t.size());
        int row = -1;
        for (int r = 0; r < t.size(); r++) {
            if (t.index(r) == 0) {
                row = r;
            }
        }
        assertTrue(row >= 0);
        // README: index 0 has raspi4 10.48198, pixel3 3.60585, eyeriss 3.64562, fpga 2.57296 (HW-NAS-Bench).
        assertEquals(3.60585, t.latencyMs()[row][t.deviceColumn("pixel3")], 1e-5);
        assertEquals(10.482, t.latencyMs()[row][t.deviceColumn("raspi4")], 1e-3);
        assertEquals(3.64562, t.latencyMs()[row][t.deviceColumn("eyeriss")], 1e-5);
        assertEquals(2.57296, t.latencyMs()[row][t.deviceColumn("fpga")], 1e-5);
        assertEquals(27, t.devices().size());
    }

    @Test
    void readsTheSharedFbnetTable() {
        FbnetTable t = FbnetTable.read(TestData.require("nas/" + FbnetTable.FILE));
        assertEquals(3977, t.size());
        assertEquals(FbnetBlock.K5_E1_G2, t.blocks()[0][0]);
        assertEquals(17.1345, t.latency("pixel3")[0], 1e-4);
    }

    @Test
    void malformedRowsNameFileAndLine() throws Exception {
        Path f = tmp.resolve("bad.csv");
        Files.writeString(f, "nb201_index,arch_str,lat_ms_pixel3\n"
                + "3,|none~0|+|none~0|none~1|+|none~0|none~1|skip_connect~2|,1.5\n"
                + "4,|none~0|+|none~0|none~1|+|none~0|none~1|conv~2|,1.5\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Nb201Table.read(f));
        assertTrue(e.getMessage().contains("bad.csv:3"), e.getMessage());
        Files.writeString(f, "nb201_index,arch_str,lat_ms_pixel3\n3,|none~0|+|none~0|none~1|+|none~0|none~1|none~2|,abc\n");
        e = assertThrows(IllegalArgumentException.class, () -> Nb201Table.read(f));
        assertTrue(e.getMessage().contains("bad.csv:2") && e.getMessage().contains("lat_ms_pixel3"), e.getMessage());
        Files.writeString(f, "nb201_index,arch_str\n3\n");
        e = assertThrows(IllegalArgumentException.class, () -> Nb201Table.read(f));
        assertTrue(e.getMessage().contains("bad.csv:2"), e.getMessage());
        Files.writeString(f, "sample_id,layer01\n1,k3_e1\n");
        e = assertThrows(IllegalArgumentException.class, () -> FbnetTable.read(f));
        assertTrue(e.getMessage().contains("layer02"), e.getMessage());
    }

    @Test
    void queryFilesNeedNoLatency() throws Exception {
        Path f = tmp.resolve("q.csv");
        Files.writeString(f, "nb201_index,op_1_0,op_2_0,op_2_1,op_3_0,op_3_1,op_3_2\n7,none,none,none,skip_connect,none,none\n");
        Nb201Table t = Nb201Table.read(f);
        assertEquals(7, t.indices()[0]);
        assertEquals(Nb201Op.SKIP_CONNECT, t.cells().get(0).op(3));
    }

    @Test
    void trainingLatenciesMustBeMeasured() throws Exception {
        Path f = tmp.resolve("train.csv");
        Files.writeString(f, "nb201_index,arch_str,lat_ms_pixel3,lat_ms_raspi4\n"
                + "3,|none~0|+|none~0|none~1|+|none~0|none~1|skip_connect~2|,1.5,\n"
                + "4,|none~0|+|none~0|none~1|+|none~0|none~1|none~2|,0,2.5\n");
        Nb201Table t = Nb201Table.read(f);
        assertTrue(Double.isNaN(t.latency("raspi4")[0]), "an empty cell reads as missing");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.measuredLatency("raspi4"));
        assertTrue(e.getMessage().contains("train.csv") && e.getMessage().contains("nb201_index 3")
                && e.getMessage().contains("lat_ms_raspi4 is empty"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> t.measuredLatency("pixel3"));
        assertTrue(e.getMessage().contains("nb201_index 4") && e.getMessage().contains("must be positive"), e.getMessage());
        assertEquals(1.5, t.subset(new int[] {0}).measuredLatency("pixel3")[0]);

        Path g = tmp.resolve("fb.csv");
        StringBuilder s = new StringBuilder("sample_id");
        for (int l = 1; l <= FbnetTable.LAYERS; l++) {
            s.append(String.format(",layer%02d", l));
        }
        s.append(",lat_ms_pixel3\n42");
        for (int l = 1; l <= FbnetTable.LAYERS; l++) {
            s.append(",k3_e1");
        }
        s.append(",\n");
        Files.writeString(g, s.toString());
        e = assertThrows(IllegalArgumentException.class, () -> FbnetTable.read(g).measuredLatency("pixel3"));
        assertTrue(e.getMessage().contains("sample_id 42") && e.getMessage().contains("lat_ms_pixel3 is empty"), e.getMessage());
    }

    @Test
    void tablesOwnTheirArrays() {
        int[] idx = {5, 9};
        double[][] acc = {{70.0}, {80.0}};
        double[][] lat = {{1.5, 2.5}, {3.5, 4.5}};
        java.util.List<Nb201Cell> cells = java.util.List.of(Nb201Cell.ofCode(5), Nb201Cell.ofCode(9));
        Nb201Table t = new Nb201Table("t", idx, cells, java.util.List.of("acc"), acc, java.util.List.of("a", "b"), lat);
        idx[0] = -1;
        acc[0][0] = -1;
        lat[1][1] = -1;
        t.indices()[1] = -1;
        t.accuracy()[1][0] = -1;
        t.latencyMs()[0][0] = -1;
        assertEquals(5, t.index(0));
        assertEquals(9, t.index(1));
        assertEquals(70.0, t.accuracy(0, 0));
        assertEquals(80.0, t.accuracy(1, 0));
        assertEquals(1.5, t.latencyMs(0, 0));
        assertEquals(4.5, t.latencyMs(1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Nb201Table("t", new int[1], cells, java.util.List.of(), new double[2][0],
                java.util.List.of(), new double[2][0]));
        assertThrows(IllegalArgumentException.class, () -> new Nb201Table("t", new int[2], cells, java.util.List.of("acc"), new double[2][0],
                java.util.List.of(), new double[2][0]));

        FbnetBlock[][] blocks = new FbnetBlock[1][FbnetTable.LAYERS];
        java.util.Arrays.fill(blocks[0], FbnetBlock.K5_E1_G2);
        int[] ids = {42};
        double[][] fl = {{7.0}};
        FbnetTable f = new FbnetTable("f", ids, blocks, java.util.List.of("pixel3"), fl);
        blocks[0][0] = null;
        ids[0] = 0;
        fl[0][0] = 0;
        f.blocks()[0][1] = null;
        f.blocks(0)[2] = null;
        f.latencyMs()[0][0] = 0;
        f.sampleIds()[0] = 0;
        assertEquals(42, f.sampleId(0));
        assertEquals(7.0, f.latencyMs(0, 0));
        for (FbnetBlock b : f.blocks(0)) {
            assertEquals(FbnetBlock.K5_E1_G2, b);
        }
        assertThrows(IllegalArgumentException.class, () -> new FbnetTable("f", new int[1], new FbnetBlock[1][3], java.util.List.of(),
                new double[1][0]));
    }
}
