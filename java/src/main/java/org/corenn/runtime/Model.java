package org.corenn.runtime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.corenn.internal.CorennNative;
import org.corenn.internal.exec.LayerInstance;
import org.corenn.nn.ChannelBlocking;
import org.corenn.nn.Fusion;
import org.corenn.nn.Graph;
import org.corenn.nn.ShapeInference;
import org.corenn.nn.ValueInfo;
import org.corenn.nn.Weights;
import org.corenn.tensor.Shape;

/**
 * A graph bound to its weights and compiled for inference: every layer's native ops created and
 * weights prepacked once. Immutable and shared by all threads; each thread calls it through its own
 * {@link Predictor}. Closing it while predictions run is safe: the native ops are freed when the last
 * running call returns.
 */
public final class Model implements AutoCloseable {
    private final Graph graph;
    private final Graph exec;
    private final Map<String, Shape> exampleShapes;
    private final List<LayerInstance> instances;
    private final Options options;
    private final Map<Map<String, Shape>, Plan> plans = new ConcurrentHashMap<>();
    private final AtomicInteger references = new AtomicInteger(1);
    private final AtomicBoolean closed = new AtomicBoolean();

    private Model(Graph graph, Graph exec, List<LayerInstance> instances, Options options,
            Map<String, Shape> exampleShapes) {
        this.graph = graph;
        this.exec = exec;
        this.exampleShapes = Map.copyOf(exampleShapes);
        this.instances = instances;
        this.options = options;
    }

    /**
     * Checks every weight the graph needs (name and shape) and creates the native ops.
     *
     * @throws CorennException naming the missing or mis-shaped weight, or the layer that failed
     */
    public static Model compile(Graph graph, Weights weights, Options options) {
        if (graph == null) {
            throw new NullPointerException("model: graph must not be null");
        }
        return compile(graph, weights, options, graph.exampleShapes());
    }

    /**
     * Compiles for example input shapes (by input name; missing ones take the declared dims with
     * dynamic ones at 1). Layers take their channel and feature counts from these shapes; other
     * sizes of the dynamic dims are planned when predict first sees them.
     */
    public static Model compile(Graph graph, Weights weights, Options options, Map<String, Shape> exampleShapes) {
        if (graph == null || weights == null || options == null || exampleShapes == null) {
            throw new NullPointerException("model: graph, weights, options and shapes must not be null");
        }
        CorennNative.load();
        Map<String, Shape> shapes = new java.util.LinkedHashMap<>(graph.exampleShapes());
        shapes.putAll(exampleShapes);
        Fusion.Result fused = Fusion.apply(graph, bindWeights(graph, weights, shapes), shapes);
        Graph exec = options.blockedLayout() == Options.BlockedLayout.OFF ? fused.graph()
                : ChannelBlocking.apply(fused.graph(), shapes, options);
        List<LayerInstance> instances = new ArrayList<>();
        try {
            ShapeInference.run(exec, shapes, (node, in, out) -> {
                List<Shape> inShapes = new ArrayList<>();
                for (ValueInfo v : in) {
                    inShapes.add(v.shape());
                }
                try {
                    instances.add(node.layer().instantiate(inShapes,
                            fused.weights().getOrDefault(node.name(), Map.of()), options));
                } catch (IllegalArgumentException e) {
                    throw new CorennException("layer '" + node.name() + "' (" + node.layer().kind() + "): "
                            + e.getMessage(), e);
                }
            });
            Model model = new Model(graph, exec, Collections.unmodifiableList(instances), options, shapes);
            model.plan(shapes);
            return model;
        } catch (RuntimeException e) {
            instances.forEach(LayerInstance::close);
            throw e;
        }
    }

    /** Every node's weights by local name, after checking each name and shape the layer asks for. */
    private static Map<String, Map<String, float[]>> bindWeights(Graph graph, Weights weights,
            Map<String, Shape> shapes) {
        Map<String, Map<String, float[]>> bound = new HashMap<>();
        ShapeInference.run(graph, shapes, (node, in, out) -> {
            List<Shape> inShapes = new ArrayList<>();
            for (ValueInfo v : in) {
                inShapes.add(v.shape());
            }
            Map<String, float[]> local = new HashMap<>();
            for (Map.Entry<String, Shape> p : node.layer().parameters(inShapes).entrySet()) {
                String name = node.name() + "." + p.getKey();
                Weights.Entry w = weights.get(name);
                if (w == null) {
                    throw new CorennException("model: missing weight '" + name + "' " + p.getValue() + " for layer '"
                            + node.name() + "' (" + node.layer().kind() + ")");
                }
                if (!w.shape().equals(p.getValue())) {
                    throw new CorennException("model: weight '" + name + "' has shape " + w.shape() + ", layer '"
                            + node.name() + "' (" + node.layer().kind() + ") expects " + p.getValue());
                }
                local.put(p.getKey(), w.data());
            }
            bound.put(node.name(), local);
        });
        return bound;
    }

    public Graph graph() {
        return graph;
    }

    public Options options() {
        return options;
    }

    /** A new predictor with this model's thread count; one per calling thread. */
    public Predictor newPredictor() {
        return new Predictor(this, options.threads());
    }

    /** A new predictor with its own thread count (e.g. 1 in a server with many request threads). */
    public Predictor newPredictor(int threads) {
        if (threads < 1 || threads > Options.MAX_THREADS) {
            throw new IllegalArgumentException("model: threads must be in [1, " + Options.MAX_THREADS + "], got "
                    + threads);
        }
        return new Predictor(this, threads);
    }

    /**
     * Layers, output shapes, kernels, FLOPs and memory for the example input shapes.
     *
     * @throws IllegalStateException if the model is closed (its native ops are gone)
     */
    public String describe() {
        acquire();
        try {
            return ModelDescription.describe(this, exampleShapes);
        } finally {
            release();
        }
    }

    /**
     * The kernel each executed layer runs on, by layer name, in execution order (after fusion).
     *
     * @throws IllegalStateException if the model is closed (its native ops are gone)
     */
    public Map<String, String> kernels() {
        acquire();
        try {
            Map<String, String> out = new java.util.LinkedHashMap<>();
            List<Graph.Node> nodes = exec.nodes();
            for (int i = 0; i < nodes.size(); i++) {
                String kernel = instances.get(i).kernel();
                if (!kernel.isEmpty()) {
                    out.put(nodes.get(i).name(), kernel);
                }
            }
            return out;
        } finally {
            release();
        }
    }

    /** The input shapes the model was compiled (and planned first) for. */
    public Map<String, Shape> exampleShapes() {
        return exampleShapes;
    }

    Plan plan(Map<String, Shape> inputShapes) {
        Plan plan = plans.get(inputShapes);
        if (plan == null) {
            plan = new Plan(exec, instances, inputShapes);
            if (plans.size() < 64) {
                plans.put(Map.copyOf(inputShapes), plan);
            }
        }
        return plan;
    }

    /** The graph as it runs: after fusion. */
    Graph executionGraph() {
        return exec;
    }

    List<LayerInstance> instances() {
        return instances;
    }

    void acquire() {
        while (true) {
            int count = references.get();
            if (count == 0 || closed.get()) {
                throw new IllegalStateException("model is closed");
            }
            if (references.compareAndSet(count, count + 1)) {
                return;
            }
        }
    }

    void release() {
        if (references.decrementAndGet() == 0) {
            instances.forEach(LayerInstance::close);
        }
    }

    public boolean isClosed() {
        return closed.get();
    }

    /** Frees the native ops once no prediction is running; idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            release();
        }
    }
}
