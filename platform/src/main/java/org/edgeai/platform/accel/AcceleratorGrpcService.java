package org.edgeai.platform.accel;

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
import org.edgeai.accel.scalesim.ScaleSimConfig;
import org.edgeai.accel.scalesim.ScaleSimTopology;
import org.edgeai.accel.zoo.ModelZoo;
import org.edgeai.kernel.graph.ModelGraph;
import org.edgeai.platform.proto.AcceleratorGrpc;
import org.edgeai.platform.proto.LayerCost;
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
     * {@code INTERNAL} for any other failure (logged).
     */
    @Override
    public void simulate(SimulateRequest request, StreamObserver<SimulateResponse> response) {
        try {
            response.onNext(run(request));
            response.onCompleted();
        } catch (TooLargeException e) {
            response.onError(Status.RESOURCE_EXHAUSTED.withDescription(e.getMessage()).asRuntimeException());
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
        SimulationReport r = new NeuralEngineSimulator(config, fusion).simulate(graph);
        SimulateResponse.Builder b = SimulateResponse.newBuilder().setModel(r.model()).setAccelerator(r.accelerator())
                .setArray(r.arrayDescription()).setMacs(r.macs()).setComputeCycles(r.computeCycles())
                .setStallCycles(r.stallCycles()).setTotalCycles(r.totalCycles()).setLatencySeconds(r.latencySeconds())
                .setUtilization(r.utilization()).setPeakActivationBytes(r.peakActivationBytes())
                .setParameterBytes(r.parameterBytes()).setEnergyJoules(r.energyJoules()).setDramReadBytes(r.dramReadBytes())
                .setDramWriteBytes(r.dramWriteBytes());
        for (LayerReport l : r.layers()) {
            b.addLayers(LayerCost.newBuilder().setName(l.name()).setKind(l.kind().name()).setUnit(l.unit().name())
                    .setPrecision(l.precision().name()).setMacs(l.macs()).setComputeCycles(l.computeCycles())
                    .setStallCycles(l.stallCycles()).setTotalCycles(l.totalCycles()).setLatencySeconds(l.latencySeconds())
                    .setUtilization(l.utilization()).setDramReadBytes(l.dramReadBytes()).setDramWriteBytes(l.dramWriteBytes())
                    .setEnergyJoules(l.energyJoules()));
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
