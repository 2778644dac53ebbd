package org.corenn.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.corenn.internal.exec.LayerInstance;
import org.corenn.nn.Graph;
import org.corenn.nn.ShapeInference;
import org.corenn.nn.ValueInfo;
import org.corenn.tensor.Shape;

/** The text of {@link Model#describe()}: one line per layer, then totals. */
final class ModelDescription {
    private ModelDescription() {
    }

    static String describe(Model model, Map<String, Shape> inputShapes) {
        Graph graph = model.executionGraph();
        List<LayerInstance> instances = model.instances();
        StringBuilder s = new StringBuilder();
        s.append(String.format("%-20s %-48s %-20s %-48s %s%n", "layer", "type", "output", "kernel", "MFLOP"));
        long[] totalFlops = {0};
        int[] index = {0};
        ShapeInference.run(graph, inputShapes, (node, in, out) -> {
            LayerInstance instance = instances.get(index[0]++);
            long flops = instance.flops(in, out);
            totalFlops[0] += flops;
            List<String> shapes = new ArrayList<>();
            for (ValueInfo v : out) {
                shapes.add(v.isConstant() ? "const" + v.shape() : v.shape().toString());
            }
            s.append(String.format("%-20s %-48s %-20s %-48s %.3f%n", node.name(), node.layer(), String.join(" ", shapes),
                    instance.kernel(), flops / 1e6));
        });
        Plan plan = model.plan(inputShapes);
        s.append(String.format("inputs %s; %d layers, %d steps per call; %.3f GFLOP per call%n", inputShapes,
                graph.nodes().size(), plan.steps.size(), totalFlops[0] / 1e9));
        s.append(String.format("memory per predictor: %.1f KiB intermediate values (shared by liveness), %.1f KiB workspace%n",
                plan.arenaFloats * 4 / 1024.0, plan.workspaceBytes / 1024.0));
        s.append("threads: ").append(model.options().threads()).append(", isa: ").append(model.options().isa());
        return s.toString();
    }
}
