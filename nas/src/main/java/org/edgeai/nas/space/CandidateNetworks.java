package org.edgeai.nas.space;

import java.util.ArrayList;
import java.util.List;
import org.edgeai.kernel.DType;
import org.edgeai.kernel.graph.Activation;
import org.edgeai.kernel.graph.ModelGraph;
import org.edgeai.kernel.graph.OpNode;
import org.edgeai.kernel.nn.Conv2d;
import org.edgeai.kernel.nn.Dense;
import org.edgeai.kernel.nn.DepthwiseConv2d;
import org.edgeai.kernel.nn.GlobalAvgPool2d;
import org.edgeai.kernel.nn.Layer;
import org.edgeai.kernel.nn.Residual;
import org.edgeai.kernel.nn.Sequential;

/**
 * Builds a {@link NetworkSpec} into kernel layers ({@code org.edgeai.kernel.nn}): the same
 * description yields the executable network (for CPU inference and for trained weights) and its
 * {@link ModelGraph} for the accelerator simulator.
 *
 * <p>Top-level layer order (and op-name index): 0 stem, 1..n blocks, then the head conv (if any),
 * pooling, classifier. Each block's ops carry the fusion group {@code <name>.<index>}, so a
 * simulator honouring declared fusion keeps a block's intermediates on chip.
 *
 * @implNote Stateless; thread-safe as long as concurrent {@link #build} calls do not share a stateful
 *           {@link WeightSource} ({@link #graph} uses the stateless {@link WeightSource#ZEROS}).
 */
public final class CandidateNetworks {
    private CandidateNetworks() {
    }

    /**
     * @param spec    the candidate
     * @param type    weight precision of convs and dense (F32 or I8; depthwise supports F32/I8)
     * @param weights parameter source
     * @return the network {@code [inC*H*W] -> [classes]} logits
     */
    public static Sequential build(NetworkSpec spec, DType type, WeightSource weights) {
        List<Layer> layers = new ArrayList<>();
        int c = spec.inChannels();
        int h = spec.inHeight();
        int w = spec.inWidth();
        int sk = spec.stemKernel();
        layers.add(Conv2d.of(type, c, h, w, spec.stemChannels(), sk, spec.stemStride(), sk / 2,
                weights.get("stem.weight", spec.stemChannels() * c * sk * sk, c * sk * sk),
                weights.get("stem.bias", spec.stemChannels(), 1), Activation.RELU6));
        c = spec.stemChannels();
        h = NetworkSpec.outSize(h, sk, spec.stemStride());
        w = NetworkSpec.outSize(w, sk, spec.stemStride());
        for (int i = 0; i < spec.blocks().size(); i++) {
            BlockSpec b = spec.blocks().get(i);
            String p = "b" + (i + 1);
            Layer block = block(p, b, c, h, w, type, weights);
            layers.add(block);
            c = b.outChannels();
            h = NetworkSpec.outSize(h, b.kernel(), b.stride());
            w = NetworkSpec.outSize(w, b.kernel(), b.stride());
        }
        if (spec.headChannels() > 0) {
            layers.add(Conv2d.pointwise(type, c, h, w, spec.headChannels(),
                    weights.get("head.weight", spec.headChannels() * c, c), weights.get("head.bias", spec.headChannels(), 1),
                    Activation.RELU6));
            c = spec.headChannels();
        }
        layers.add(new GlobalAvgPool2d(c, h, w));
        layers.add(Dense.of(type, c, spec.classes(), weights.get("fc.weight", spec.classes() * c, c),
                weights.get("fc.bias", spec.classes(), 1), Activation.NONE));
        return new Sequential(layers);
    }

    private static Layer block(String p, BlockSpec b, int cin, int h, int w, DType type, WeightSource weights) {
        int k = b.kernel();
        int mid = cin * b.expansion();
        int oh = NetworkSpec.outSize(h, k, b.stride());
        int ow = NetworkSpec.outSize(w, k, b.stride());
        List<Layer> ops = new ArrayList<>();
        if (b.kind() == BlockKind.IBN) {
            if (b.expansion() > 1) {
                ops.add(Conv2d.pointwise(type, cin, h, w, mid, weights.get(p + ".expand.weight", mid * cin, cin),
                        weights.get(p + ".expand.bias", mid, 1), Activation.RELU6));
            }
            ops.add(DepthwiseConv2d.of(type == DType.F16 ? DType.F32 : type, mid, h, w, k, b.stride(), k / 2,
                    weights.get(p + ".dw.weight", mid * k * k, k * k), weights.get(p + ".dw.bias", mid, 1), Activation.RELU6));
        } else {
            ops.add(Conv2d.of(type, cin, h, w, mid, k, b.stride(), k / 2, weights.get(p + ".fused.weight", mid * cin * k * k, cin * k * k),
                    weights.get(p + ".fused.bias", mid, 1), Activation.RELU6));
        }
        ops.add(Conv2d.pointwise(type, mid, oh, ow, b.outChannels(), weights.get(p + ".project.weight", b.outChannels() * mid, mid),
                weights.get(p + ".project.bias", b.outChannels(), 1), Activation.NONE));
        Layer body = new Sequential(ops);
        return b.stride() == 1 && cin == b.outChannels() ? new Residual(body) : body;
    }

    /** @return true if block {@code i} (0-based) of {@code spec} has a residual connection */
    public static boolean residual(NetworkSpec spec, int i) {
        int cin = i == 0 ? spec.stemChannels() : spec.blocks().get(i - 1).outChannels();
        BlockSpec b = spec.blocks().get(i);
        return b.stride() == 1 && cin == b.outChannels();
    }

    /**
     * The candidate's model graph (int8 weights and activations, the accelerator's native precision),
     * with one fusion group per block.
     *
     * @param spec the candidate
     * @return the graph named {@code spec.name()}
     */
    public static ModelGraph graph(NetworkSpec spec) {
        return graph(spec, DType.I8);
    }

    /**
     * @param spec the candidate
     * @param type weight precision
     * @return the graph with block fusion groups
     */
    public static ModelGraph graph(NetworkSpec spec, DType type) {
        ModelGraph g = build(spec, type, WeightSource.ZEROS).toGraph(spec.name());
        List<OpNode> ops = new ArrayList<>(g.ops().size());
        String prefix = spec.name() + ".";
        for (OpNode op : g.ops()) {
            String rest = op.name().substring(prefix.length());
            int dot = rest.indexOf('.');
            int idx = Integer.parseInt(dot < 0 ? rest : rest.substring(0, dot));
            ops.add(idx >= 1 && idx <= spec.blocks().size() ? op.withFusionGroup(prefix + idx) : op);
        }
        return new ModelGraph(g.name(), ops);
    }
}
