package org.corenn.nn;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.corenn.runtime.Options;
import org.corenn.tensor.Shape;

/**
 * The model compiler's layout pass, run after {@link Fusion}: chains of convolutions (with whatever
 * was fused into them) and poolings keep their intermediate values in the channel-blocked layout
 * NCHW8c, so only the chain's first op converts from NCHW (in its workspace) and its last op
 * converts back.
 *
 * <p>A value is blocked when the layer producing it and every layer reading it can run on NCHW8c and
 * it is not a graph output. A pooling has one layout for x and y, and a convolution's residual has
 * its output's layout, so a value that would break either rule goes back to NCHW, until nothing
 * changes. Layers touching a blocked value are wrapped in {@link Nchw8cLayer}; everything else is
 * left as it was.
 */
public final class ChannelBlocking {
    private final List<Graph.Node> nodes;
    private final ValueInfo[] values;
    private final Set<Integer> graphOutputs;
    private final boolean[] capable;
    private final boolean[] blocked;

    private final Options options;

    private ChannelBlocking(Graph graph, Map<String, Shape> inputShapes, Options options) {
        this.options = options;
        this.nodes = graph.nodes();
        this.values = ShapeInference.run(graph, inputShapes, (n, in, out) -> { });
        this.graphOutputs = new HashSet<>(graph.outputs().values());
        this.capable = new boolean[nodes.size()];
        this.blocked = new boolean[graph.valueCount()];
    }

    /** The graph with blocked chains wrapped, judging shapes at {@code inputShapes} and kernels at the options' ISA. */
    public static Graph apply(Graph graph, Map<String, Shape> inputShapes, Options options) {
        return new ChannelBlocking(graph, inputShapes, options).run(graph);
    }

    private Graph run(Graph graph) {
        Map<Integer, Integer> producer = new HashMap<>();
        Map<Integer, List<Integer>> readers = new HashMap<>();
        for (int k = 0; k < nodes.size(); k++) {
            capable[k] = canRunBlocked(nodes.get(k));
            for (int v : nodes.get(k).outputs()) {
                producer.put(v, k);
            }
            for (int v : nodes.get(k).inputs()) {
                readers.computeIfAbsent(v, x -> new ArrayList<>()).add(k);
            }
        }
        for (Map.Entry<Integer, Integer> p : producer.entrySet()) {
            int v = p.getKey();
            List<Integer> r = readers.getOrDefault(v, List.of());
            blocked[v] = capable[p.getValue()] && !graphOutputs.contains(v) && !r.isEmpty()
                    && r.stream().allMatch(k -> capable[k]);
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Graph.Node node : nodes) {
                boolean pooling = node.layer() instanceof Pooling;
                if (pooling || node.layer() instanceof Convolution && node.inputs().length > 1) {
                    int a = pooling ? node.inputs()[0] : node.inputs()[1];
                    int b = node.outputs()[0];
                    if (blocked[a] != blocked[b]) {
                        blocked[a] = false;
                        blocked[b] = false;
                        changed = true;
                    }
                }
            }
        }
        List<Graph.Node> out = new ArrayList<>();
        for (int k = 0; k < nodes.size(); k++) {
            out.add(capable[k] ? rewrite(nodes.get(k)) : nodes.get(k));
        }
        return graph.withNodes(out);
    }

    /**
     * Convolutions the native library says gain from the blocked layout (those that would otherwise run
     * as im2col + GEMM; Winograd, 1x1 GEMM and depthwise stay on NCHW), or with BlockedLayout.ALL every
     * one the direct kernel supports; and 1-d / 2-d max and average pooling.
     */
    private boolean canRunBlocked(Graph.Node node) {
        Layer layer = node.layer();
        Shape in = values[node.inputs()[0]].shape();
        if (layer instanceof Convolution) {
            Convolution conv = (Convolution) layer;
            return options.blockedLayout() == Options.BlockedLayout.ALL ? conv.supportsNchw8c(in.dim(1))
                    : conv.prefersNchw8c(in, options);
        }
        return layer instanceof Pooling && (in.rank() == 3 || in.rank() == 4);
    }

    private Graph.Node rewrite(Graph.Node node) {
        int[] in = node.inputs();
        boolean any = blocked[node.outputs()[0]];
        boolean[] blockedInputs = new boolean[in.length];
        int[] channels = new int[in.length];
        for (int i = 0; i < in.length; i++) {
            blockedInputs[i] = blocked[in[i]];
            channels[i] = values[in[i]].shape().dim(1);
            any |= blockedInputs[i];
        }
        if (!any) {
            return node;
        }
        int outChannels = values[node.outputs()[0]].shape().dim(1);
        return new Graph.Node(node.name(), new Nchw8cLayer(node.layer(), blockedInputs, channels,
                blocked[node.outputs()[0]], outChannels), in, node.outputs());
    }
}
