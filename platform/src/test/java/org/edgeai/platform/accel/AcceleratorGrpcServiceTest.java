package org.edgeai.platform.accel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.edgeai.kernel.testing.TestData;
import org.edgeai.platform.proto.AcceleratorGrpc;
import org.edgeai.platform.proto.ScaleSimTraffic;
import org.edgeai.platform.proto.SimulateRequest;
import org.edgeai.platform.proto.SimulateResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AcceleratorGrpcServiceTest {
    private Server server;
    private ManagedChannel channel;
    private AcceleratorGrpc.AcceleratorBlockingStub stub;

    @BeforeEach
    void start() throws Exception {
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name).directExecutor().addService(new AcceleratorGrpcService()).build().start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
        stub = AcceleratorGrpc.newBlockingStub(channel);
    }

    @AfterEach
    void stop() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private AcceleratorGrpc.AcceleratorBlockingStub call() {
        return stub.withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    @Test
    void simulatesScaleSimTextAsScaleSimDoes() throws Exception {
        Path dir = TestData.require("accel/scalesim");
        SimulateResponse r = call().simulate(SimulateRequest.newBuilder()
                .setScalesimCsv(Files.readString(dir.resolve("topologies/mobilenetv2_padded.csv")))
                .setScalesimDwMeta(Files.readString(dir.resolve("topologies/mobilenetv2_padded_dwmeta.csv")))
                .setScalesimCfg(Files.readString(dir.resolve("configs/arr32_ws.cfg"))).build());
        assertEquals(53, r.getLayersCount());
        // SCALE-Sim: 3,600,256 (summary.csv) + 1 per simulated layer (36 plain + 7,172 depthwise channels)
        assertEquals(3_607_428, r.getComputeCycles());
        assertEquals("DEPTHWISE_CONV2D", r.getLayers(1).getKind());
        assertEquals("32x32 systolic, ws", r.getArray());
    }

    @Test
    void tracesScaleSimMemoryAsScaleSimCountsIt() throws Exception {
        Path dir = TestData.require("accel/scalesim");
        SimulateResponse r = call().simulate(SimulateRequest.newBuilder()
                .setScalesimCsv(Files.readString(dir.resolve("topologies/rnn_gemm.csv")))
                .setScalesimCfg(Files.readString(dir.resolve("configs/arr16_os.cfg"))).setScalesimMemory(true).build());
        List<String> ref = Files.readAllLines(dir.resolve("rnn_gemm__16x16_os.csv"));
        List<String> header = List.of(ref.getFirst().split(","));
        assertEquals(ref.size() - 1, r.getLayersCount());
        for (int i = 1; i < ref.size(); i++) {
            String[] row = ref.get(i).split(",");
            ScaleSimTraffic t = r.getLayers(i - 1).getScalesim();
            assertEquals(Long.parseLong(row[header.indexOf("DRAM IFMAP Reads")]), t.getIfmapDramReads());
            assertEquals(Long.parseLong(row[header.indexOf("DRAM Filter Reads")]), t.getFilterDramReads());
            assertEquals(Long.parseLong(row[header.indexOf("SRAM OFMAP Writes")]), t.getOfmapSramWrites());
        }
        // without the flag the field is absent
        SimulateResponse plain = call().simulate(SimulateRequest.newBuilder()
                .setScalesimCsv(Files.readString(dir.resolve("topologies/rnn_gemm.csv"))).setPreset("arr16_os").build());
        assertFalse(plain.getLayers(0).hasScalesim());
    }

    @Test
    void scaleSimMemoryRequestsAreCheckedBeforeTracing() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> call().simulate(SimulateRequest.newBuilder()
                .setModel("mobilenetv2").setPreset("npu-small").setScalesimMemory(true).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("systolic-array configuration"), e.getStatus().getDescription());
        // 2e10 SRAM reads to trace: refused at once, nothing traced
        e = assertThrows(StatusRuntimeException.class, () -> call().simulate(SimulateRequest.newBuilder()
                .setScalesimCsv("Layer,M,N,K,\nbig,100000,32,100000,\n").setPreset("arr16_os").setScalesimMemory(true).build()));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("big"), e.getStatus().getDescription());
    }

    @Test
    void simulatesANamedModelOnAPreset() {
        SimulateResponse r = call().simulate(SimulateRequest.newBuilder().setModel("gru-kws").setPreset("npu-small")
                .setFusion("auto").setPrecision("fp16").build());
        assertEquals(4, r.getLayersCount());
        assertEquals("FP16", r.getLayers(1).getPrecision());
        assertTrue(r.getLatencySeconds() > 0 && r.getEnergyJoules() > 0);
    }

    @Test
    void badRequestsAreInvalidArgument() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> call().simulate(SimulateRequest.newBuilder().setScalesimCsv("Layer,M,N,K,\ng,1,x,3,\n").build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("scalesim_csv:2"), e.getStatus().getDescription());
        e = assertThrows(StatusRuntimeException.class, () -> call().simulate(SimulateRequest.getDefaultInstance()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        e = assertThrows(StatusRuntimeException.class,
                () -> call().simulate(SimulateRequest.newBuilder().setModel("mobilenetv2").setFusion("always").build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        e = assertThrows(StatusRuntimeException.class,
                () -> call().simulate(SimulateRequest.newBuilder().setModel("mobilenetv2").setPreset("gpu").build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    }

    @Test
    void oversizedTopologyIsResourceExhausted() {
        StringBuilder csv = new StringBuilder("Layer,M,N,K,\n");
        for (int i = 0; i <= AcceleratorGrpcService.MAX_LAYERS; i++) {
            csv.append("g").append(i).append(",1,1,1,\n");
        }
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> call().simulate(SimulateRequest.newBuilder().setScalesimCsv(csv.toString()).build()));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
    }
}
