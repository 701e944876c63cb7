package org.edgeai.enhance.model;

import java.util.ArrayList;
import java.util.List;
import org.edgeai.kernel.DType;
import org.edgeai.kernel.graph.Activation;
import org.edgeai.kernel.graph.ModelGraph;
import org.edgeai.kernel.graph.OpNode;
import org.edgeai.kernel.nn.CausalConv1d;
import org.edgeai.kernel.nn.Dense;
import org.edgeai.kernel.nn.GruCell;

/**
 * One stream of the {@link PercepNetModel} network on the kernel's streaming layers: one call per
 * 10 ms frame.
 *
 * @implNote Owns the layers' state and scratch: one instance per stream, not thread-safe;
 * allocation-free per frame.
 */
public final class GainNetwork {
    private final PercepNetModel.Architecture arch;
    private final DType type;
    private final CausalConv1d conv1;
    private final CausalConv1d conv2;
    private final GruCell gru1;
    private final GruCell gru2;
    private final Dense out;
    private final float[] c1;
    private final float[] c2;
    private final float[] h;
    private final float[] o;
    private final GainCalibration calibration;

    GainNetwork(PercepNetModel m, DType type) {
        this.arch = m.architecture();
        this.type = type;
        PercepNetModel.Architecture a = arch;
        conv1 = CausalConv1d.of(type, a.featureSize(), a.conv1(), 3, 1, m.weight("conv1.weight"), m.weight("conv1.bias"), Activation.TANH);
        conv2 = CausalConv1d.of(type, a.conv1(), a.conv2(), 3, 1, m.weight("conv2.weight"), m.weight("conv2.bias"), Activation.TANH);
        gru1 = GruCell.of(type, a.conv2(), a.gru1(), m.weight("gru1.weight_ih"), m.weight("gru1.weight_hh"),
                m.weight("gru1.bias_ih"), m.weight("gru1.bias_hh"));
        gru2 = GruCell.of(type, a.gru1(), a.gru2(), m.weight("gru2.weight_ih"), m.weight("gru2.weight_hh"),
                m.weight("gru2.bias_ih"), m.weight("gru2.bias_hh"));
        out = Dense.of(type, a.gru1() + a.gru2(), 2 * a.bands(), m.weight("out.weight"), m.weight("out.bias"), Activation.SIGMOID);
        c1 = new float[a.conv1()];
        c2 = new float[a.conv2()];
        h = new float[a.gru1() + a.gru2()];
        o = new float[2 * a.bands()];
        calibration = m.calibration();
    }

    /** @return weight precision */
    public DType weightType() {
        return type;
    }

    /**
     * Runs one frame.
     *
     * @param features {@code [F]}. Not modified.
     * @param gains    {@code [B]} receives g_b of the frame two steps back (after the model's
     *                 {@link GainCalibration}, if it has one). Modified.
     * @param strength {@code [B]} receives r_b. Modified.
     */
    public void forward(float[] features, float[] gains, float[] strength) {
        conv1.forward(features, 0, c1, 0);
        conv2.forward(c1, 0, c2, 0);
        gru1.forward(c2, 0, h, 0);
        gru2.forward(h, 0, h, arch.gru1());
        out.forward(h, 0, o, 0);
        int nb = arch.bands();
        System.arraycopy(o, 0, gains, 0, nb);
        System.arraycopy(o, nb, strength, 0, nb);
        if (calibration != null) {
            calibration.apply(gains, gains);
        }
    }

    /** Clears the recurrent and convolution state. */
    public void reset() {
        conv1.reset();
        conv2.reset();
        gru1.reset();
        gru2.reset();
    }

    /** @return the network as a kernel model graph (for NPU pricing) */
    public ModelGraph graph(String name) {
        List<OpNode> nodes = new ArrayList<>();
        nodes.addAll(conv1.describe("conv1"));
        nodes.addAll(conv2.describe("conv2"));
        nodes.addAll(gru1.describe("gru1"));
        nodes.addAll(gru2.describe("gru2"));
        nodes.addAll(out.describe("out"));
        return new ModelGraph(name, nodes);
    }
}
