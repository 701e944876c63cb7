package org.edgeai.platform.accel;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.edgeai.accel.AcceleratorConfig;
import org.edgeai.accel.AcceleratorConfigs;
import org.edgeai.accel.FusionPolicy;
import org.edgeai.accel.LayerReport;
import org.edgeai.accel.NeuralEngineSimulator;
import org.edgeai.accel.SimulationReport;
import org.edgeai.accel.SystolicArray;
import org.edgeai.accel.scalesim.ScaleSimConfig;
import org.edgeai.accel.scalesim.ScaleSimMemory;
import org.edgeai.accel.scalesim.ScaleSimTopology;
import org.edgeai.accel.zoo.ModelZoo;
import org.edgeai.kernel.graph.ModelGraph;
import org.edgeai.kernel.graph.OpNode;
import org.edgeai.platform.proto.AcceleratorGrpc;
import org.edgeai.platform.proto.LayerCost;
import org.edgeai.platform.proto.ScaleSimTraffic;
import org.edgeai.platform.proto.SimulateRequest;
import org.edgeai.platform.proto.SimulateResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code edgeai.v1.Accelerator}: the proto adapter of {@link NeuralEngineSimulator}.
 *
 * @implNote Thread-safe: stateless; every call parses its own graph and configuration and builds
 *           its own simulator on the server executor's thread.
 */
public final class AcceleratorGrpcService extends AcceleratorGrpc.AcceleratorImplBase {
    private static final Logger LOG = LoggerFactory.getLogger(AcceleratorGrpcService.class);
    /** Largest topology accepted, layers. */
    public static final int MAX_LAYERS = 100_000;
    /** Largest number of SRAM reads one request may have traced with {@code scalesim_memory} (about 10 s). */
    public static final long MAX_TRACED_READS = 1_000_000_000L;

    /**
     * Simulates one execution of the request's network and answers with the totals and one
     * {@code LayerCost} per layer (cycles, latency in s, utilization as a fraction, DRAM
     * traffic in bytes, energy in J). Defaults: preset {@code npu-small}, fusion {@code declared},
     * precision {@code int8} (named models only).
     *
     * <p>Errors: {@code INVALID_ARGUMENT} when neither {@code model} nor {@code scalesim_csv} is set,
     * for an unknown model, preset, fusion or precision, or for a malformed topology CSV, depthwise
     * side file or {@code .cfg} (the message names the field and line); {@code RESOURCE_EXHAUSTED}
     * when {@code scalesim_csv} has more than {@link #MAX_LAYERS} lines after its header;
     * {@code INVALID_ARGUMENT} for {@code scalesim_memory} on a configuration that is not a systolic array, and
     * {@code RESOURCE_EXHAUSTED} when its layers would trace more than {@link #MAX_TRACED_READS} SRAM reads (checked
     * before any tracing); {@code CANCELLED} when the call is cancelled or its deadline passes between traced
     * layers; {@code INTERNAL} for any other failure (logged).
     *
     * <p>With {@code scalesim_memory}, every convolution and matrix product also gets its
     * {@link ScaleSimMemory} counts in {@code LayerCost.scalesim}.
     */
    @Override
    public void simulate(SimulateRequest request, StreamObserver<SimulateResponse> response) {
        try {
            response.onNext(run(request));
            response.onCompleted();
        } catch (TooLargeException e) {
            response.onError(Status.RESOURCE_EXHAUSTED.withDescription(e.getMessage()).asRuntimeException());
        } catch (CancelledException e) {
            response.onError(Status.CANCELLED.withDescription(e.getMessage()).asRuntimeException());
        } catch (IllegalArgumentException e) {
            response.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
        } catch (RuntimeException e) {
            LOG.error("Simulate failed", e);
            response.onError(Status.INTERNAL.withDescription("simulation failed: " + e).asRuntimeException());
        }
    }

    private static final class TooLargeException extends RuntimeException {
        TooLargeException(String message) {
            super(message);
        }
    }

    private static final class CancelledException extends RuntimeException {
        CancelledException(String message) {
            super(message);
        }
    }

    private static SimulateResponse run(SimulateRequest request) {
        ModelGraph graph = switch (request.getTopologyCase()) {
            case MODEL -> ModelZoo.build(request.getModel(), precision(request.getPrecision()).type);
            case SCALESIM_CSV -> {
                List<String> lines = request.getScalesimCsv().lines().toList();
                if (lines.size() > MAX_LAYERS + 1) {
                    throw new TooLargeException("topology has " + (lines.size() - 1) + " lines, the limit is " + MAX_LAYERS
                            + " layers");
                }
                Map<String, Integer> dw = request.getScalesimDwMeta().isBlank() ? Map.of()
                        : ScaleSimTopology.parseDepthwiseMeta("scalesim_dw_meta", request.getScalesimDwMeta().lines().toList());
                yield ScaleSimTopology.parse("request", "scalesim_csv", lines, null, dw);
            }
            case TOPOLOGY_NOT_SET -> throw new IllegalArgumentException("set model or scalesim_csv");
        };
        AcceleratorConfig config = switch (request.getAcceleratorCase()) {
            case PRESET -> AcceleratorConfigs.byName(request.getPreset());
            case SCALESIM_CFG -> ScaleSimConfig.parse("request", "scalesim_cfg", request.getScalesimCfg().lines().toList());
            case ACCELERATOR_NOT_SET -> AcceleratorConfigs.neuralEngineSmall();
        };
        FusionPolicy fusion = request.getFusion().isBlank() ? FusionPolicy.DECLARED : parse(FusionPolicy.class, request.getFusion(),
                "fusion");
        SystolicArray traceArray = null;
        if (request.getScalesimMemory()) {
            if (!(config.array() instanceof SystolicArray a)) {
                throw new IllegalArgumentException("scalesim_memory needs a systolic-array configuration (arr16_os, "
                        + "arr16_ws, arr32_os, arr32_ws, arr16_is, arr32_is or a SCALE-Sim .cfg); " + config.name() + " is " + config.array().describe());
            }
            traceArray = a;
            long reads = 0;
            for (OpNode op : graph.ops()) {
                reads += Math.min(MAX_TRACED_READS + 1, ScaleSimMemory.tracedReads(op, a));
                if (reads > MAX_TRACED_READS) {
                    throw new TooLargeException("scalesim_memory would trace more than " + MAX_TRACED_READS
                            + " SRAM reads (reached at layer " + op.name() + ")");
                }
            }
        }
        SimulationReport r = new NeuralEngineSimulator(config, fusion).simulate(graph);
        SimulateResponse.Builder b = SimulateResponse.newBuilder().setModel(r.model()).setAccelerator(r.accelerator())
                .setArray(r.arrayDescription()).setMacs(r.macs()).setComputeCycles(r.computeCycles())
                .setStallCycles(r.stallCycles()).setTotalCycles(r.totalCycles()).setLatencySeconds(r.latencySeconds())
                .setUtilization(r.utilization()).setPeakActivationBytes(r.peakActivationBytes())
                .setParameterBytes(r.parameterBytes()).setEnergyJoules(r.energyJoules()).setDramReadBytes(r.dramReadBytes())
                .setDramWriteBytes(r.dramWriteBytes());
        for (int i = 0; i < r.layers().size(); i++) {
            LayerReport l = r.layers().get(i);
            LayerCost.Builder lc = LayerCost.newBuilder().setName(l.name()).setKind(l.kind().name()).setUnit(l.unit().name())
                    .setPrecision(l.precision().name()).setMacs(l.macs()).setComputeCycles(l.computeCycles())
                    .setStallCycles(l.stallCycles()).setTotalCycles(l.totalCycles()).setLatencySeconds(l.latencySeconds())
                    .setUtilization(l.utilization()).setDramReadBytes(l.dramReadBytes()).setDramWriteBytes(l.dramWriteBytes())
                    .setEnergyJoules(l.energyJoules());
            OpNode op = graph.ops().get(i);
            if (traceArray != null && ScaleSimMemory.tracedReads(op, traceArray) > 0) {
                if (Context.current().isCancelled()) {
                    throw new CancelledException("cancelled while tracing layer " + op.name());
                }
                ScaleSimMemory.Layer m = ScaleSimMemory.of(op, traceArray, config.memory().ifmapSramBytes(),
                        config.memory().filterSramBytes());
                ScaleSimMemory.Traffic t = m.total();
                lc.setScalesim(ScaleSimTraffic.newBuilder().setSimulatedLayers(m.simulatedLayers())
                        .setIfmapSramReads(t.ifmapSramReads()).setFilterSramReads(t.filterSramReads())
                        .setOfmapSramWrites(t.ofmapSramWrites()).setIfmapDramReads(t.ifmapDramReads())
                        .setFilterDramReads(t.filterDramReads()).setOfmapDramWrites(t.ofmapDramWrites()));
            }
            b.addLayers(lc);
        }
        return b.build();
    }

    private static SimInputs.ModelPrecision precision(String p) {
        return p.isBlank() ? SimInputs.ModelPrecision.INT8 : parse(SimInputs.ModelPrecision.class, p, "precision");
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value, String field) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + " must be one of " + java.util.Arrays.toString(type.getEnumConstants())
                    .toLowerCase(Locale.ROOT) + ", got '" + value + "'", e);
        }
    }
}
