package org.corenn.nn;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.corenn.tensor.Shape;

/**
 * The model compiler's fusions, done once at load so a conv block is one pass over memory:
 * <ul>
 * <li>Convolution → BatchNorm: the BatchNorm becomes the convolution's per-channel scale and shift;</li>
 * <li>→ Add(other) → Activation: a residual added before the activation (ResNet's relu(bn(conv) + x)),
 *     or → Activation → Add(other): added after it;</li>
 * <li>Convolution or Dense → Activation: the activation runs in the epilogue.</li>
 * </ul>
 * Nodes whose outputs reach no graph output are dropped first.
 * A value is only fused away when its single consumer is the next layer of the pattern and it is not
 * a graph output; a residual is only fused when it is computed before the convolution runs.
 */
public final class Fusion {
    /** A rewritten graph and its weights by node name. */
    public record Result(Graph graph, Map<String, Map<String, float[]>> weights) {
    }

    private final Graph graph;
    private final List<Graph.Node> nodes;
    private final Map<String, Map<String, float[]>> weights;
    private final Map<Integer, List<Integer>> consumers = new HashMap<>();
    private final Map<Integer, Integer> producer = new HashMap<>();
    private final Set<Integer> graphOutputs;
    private final ValueInfo[] values;
    private final boolean[] removed;

    private Fusion(Graph graph, Map<String, Map<String, float[]>> weights, Map<String, Shape> inputShapes) {
        this.graph = graph;
        this.nodes = graph.nodes();
        this.weights = new HashMap<>(weights);
        this.graphOutputs = new HashSet<>(graph.outputs().values());
        this.values = ShapeInference.run(graph, inputShapes, (n, in, out) -> { });
        this.removed = new boolean[nodes.size()];
        for (int k = 0; k < nodes.size(); k++) {
            for (int v : nodes.get(k).inputs()) {
                consumers.computeIfAbsent(v, x -> new ArrayList<>()).add(k);
            }
            for (int v : nodes.get(k).outputs()) {
                producer.put(v, k);
            }
        }
    }

    /** Fuses, judging shapes at {@code inputShapes}. */
    public static Result apply(Graph graph, Map<String, Map<String, float[]>> weights, Map<String, Shape> inputShapes) {
        return new Fusion(graph, weights, inputShapes).run();
    }

    private Result run() {
        removeDeadNodes();
        List<Graph.Node> out = new ArrayList<>();
        for (int k = 0; k < nodes.size(); k++) {
            if (removed[k]) {
                continue;
            }
            Graph.Node node = nodes.get(k);
            Layer layer = node.layer();
            if (layer instanceof Convolution && ((Convolution) layer).spec.residual() == 0) {
                out.add(fuseConvolution(k, (Convolution) layer));
            } else if (layer instanceof Dense) {
                out.add(fuseDense(k, (Dense) layer));
            } else {
                out.add(node);
            }
        }
        return new Result(graph.withNodes(out), weights);
    }

    /** Drops nodes none of whose outputs reach a graph output (e.g. an exporter's unused branches). */
    private void removeDeadNodes() {
        Set<Integer> live = new HashSet<>(graphOutputs);
        for (int k = nodes.size() - 1; k >= 0; k--) {
            boolean used = false;
            for (int v : nodes.get(k).outputs()) {
                used |= live.contains(v);
            }
            if (!used) {
                removed[k] = true;
                continue;
            }
            for (int v : nodes.get(k).inputs()) {
                live.add(v);
            }
        }
    }

    private Graph.Node fuseDense(int k, Dense dense) {
        Graph.Node node = nodes.get(k);
        int value = node.outputs()[0];
        int next = soleConsumer(value);
        if (dense.activation().kind() == org.corenn.ops.Activation.Kind.IDENTITY && next >= 0
                && nodes.get(next).layer() instanceof Activation) {
            removed[next] = true;
            Dense fused = dense.withActivation(((Activation) nodes.get(next).layer()).function());
            return new Graph.Node(node.name(), fused, node.inputs(), nodes.get(next).outputs());
        }
        return node;
    }

    private Graph.Node fuseConvolution(int k, Convolution conv) {
        Graph.Node node = nodes.get(k);
        Map<String, float[]> w = new HashMap<>(weights.getOrDefault(node.name(), Map.of()));
        int value = node.outputs()[0];
        boolean batchNorm = conv.spec.foldedBatchNorm();
        int next = soleConsumer(value);
        if (!batchNorm && next >= 0 && nodes.get(next).layer() instanceof BatchNorm) {
            float[][] ss = ((BatchNorm) nodes.get(next).layer()).scaleAndShift(weights.get(nodes.get(next).name()));
            w.put("bn_scale", ss[0]);
            w.put("bn_shift", ss[1]);
            batchNorm = true;
            removed[next] = true;
            value = nodes.get(next).outputs()[0];
            next = soleConsumer(value);
        }
        org.corenn.ops.Activation activation = conv.spec.activation();
        int residual = -1;
        int mode = 0;
        boolean canActivate = activation.kind() == org.corenn.ops.Activation.Kind.IDENTITY;
        int other = residualPartner(next, value, k);
        if (other >= 0) {
            residual = other;
            mode = 1;
            removed[next] = true;
            value = nodes.get(next).outputs()[0];
            next = soleConsumer(value);
        }
        if (canActivate && next >= 0 && nodes.get(next).layer() instanceof Activation) {
            activation = ((Activation) nodes.get(next).layer()).function();
            removed[next] = true;
            value = nodes.get(next).outputs()[0];
            next = soleConsumer(value);
            if (residual < 0) {
                other = residualPartner(next, value, k);
                if (other >= 0) {
                    residual = other;
                    mode = 2;
                    removed[next] = true;
                    value = nodes.get(next).outputs()[0];
                }
            }
        }
        if (!batchNorm && residual < 0 && activation == conv.spec.activation()) {
            return node;
        }
        weights.put(node.name(), w);
        int[] inputs = residual < 0 ? node.inputs() : new int[] {node.inputs()[0], residual};
        return new Graph.Node(node.name(), conv.fused(activation, mode, batchNorm), inputs, new int[] {value});
    }

    /**
     * If node {@code add} is an element-wise Add of {@code value} and a same-shaped value computed before
     * node {@code before}, that other value; else -1.
     */
    private int residualPartner(int add, int value, int before) {
        if (add < 0 || !(nodes.get(add).layer() instanceof Add) || ((Add) nodes.get(add).layer()).op() != Add.Op.ADD) {
            return -1;
        }
        int[] in = nodes.get(add).inputs();
        int other = in[0] == value ? in[1] : in[0];
        if (other == value || values[other].isConstant()) {
            return -1;
        }
        Shape a = values[value].shape();
        if (!a.equals(values[other].shape())) {
            return -1;
        }
        Integer p = producer.get(other);
        return p == null || p < before ? other : -1;
    }

    /** The node that is {@code value}'s only reader (reading it once), unless the value is a graph output. */
    private int soleConsumer(int value) {
        if (graphOutputs.contains(value)) {
            return -1;
        }
        List<Integer> readers = consumers.get(value);
        if (readers == null || readers.size() != 1 || removed[readers.get(0)]) {
            return -1;
        }
        return readers.get(0);
    }
}
