package org.corenn.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.corenn.internal.exec.LayerInstance;
import org.corenn.internal.exec.Step;
import org.corenn.nn.Graph;
import org.corenn.nn.ShapeInference;
import org.corenn.nn.ValueInfo;
import org.corenn.tensor.Shape;

/**
 * Everything about running a Model for one set of input shapes, computed once: the steps in order,
 * which values are folded constants, and where every other value lives. Intermediate values share
 * arena buffers by liveness (greedy: a buffer is reused once its last reader has run). Immutable;
 * each Predictor instantiates its own memory from it.
 */
final class Plan {
    enum Kind { INPUT, OUTPUT, CONSTANT, ARENA }

    /** Where one storage lives: kind, float offset in the arena (CONSTANT/ARENA), size in floats. */
    static final class Storage {
        final Kind kind;
        final int size;
        long offset;
        double[] constant;
        int index = -1;

        Storage(Kind kind, int size) {
            this.kind = kind;
            this.size = size;
        }
    }

    final Map<String, Shape> inputShapes;
    final ValueInfo[] values;
    final List<Step> steps = new ArrayList<>();
    final List<String> stepNodes = new ArrayList<>();
    final int[] storageOf;
    final List<Storage> storages = new ArrayList<>();
    final long arenaFloats;
    final long workspaceBytes;

    Plan(Graph graph, List<LayerInstance> instances, Map<String, Shape> inputShapes) {
        this.inputShapes = Map.copyOf(inputShapes);
        this.values = ShapeInference.run(graph, inputShapes, (node, in, out) -> { });
        int n = graph.valueCount();
        this.storageOf = new int[n];
        Arrays.fill(storageOf, -1);
        int[] lastUse = new int[n];
        Arrays.fill(lastUse, -1);

        for (Graph.Input in : graph.inputs()) {
            storageOf[in.value()] = addStorage(Kind.INPUT, values[in.value()]);
        }
        Map<Integer, Boolean> isOutput = new HashMap<>();
        for (int id : graph.outputs().values()) {
            isOutput.put(id, true);
        }

        long workspace = 0;
        List<Graph.Node> nodes = graph.nodes();
        List<int[]> stepReads = new ArrayList<>();
        List<Integer> stepIndexOfNode = new ArrayList<>();
        for (int k = 0; k < nodes.size(); k++) {
            Graph.Node node = nodes.get(k);
            LayerInstance instance = instances.get(k);
            int[] in = node.inputs();
            int[] out = node.outputs();
            List<ValueInfo> inInfo = infos(in);
            List<ValueInfo> outInfo = infos(out);
            boolean allConstant = outInfo.stream().allMatch(ValueInfo::isConstant);
            if (allConstant) {
                stepIndexOfNode.add(-1);
                continue;
            }
            for (int o = 0; o < out.length; o++) {
                int alias = instance.aliasOf(o);
                boolean canAlias = alias >= 0 && storageOf[in[alias]] >= 0
                        && storages.get(storageOf[in[alias]]).kind == Kind.ARENA && !isOutput.containsKey(out[o]);
                if (canAlias) {
                    storageOf[out[o]] = storageOf[in[alias]];
                } else {
                    storageOf[out[o]] = addStorage(isOutput.containsKey(out[o]) ? Kind.OUTPUT : Kind.ARENA,
                            values[out[o]]);
                }
            }
            Step step = instance.plan(in, inInfo, out, outInfo);
            for (int o = 0; o < out.length; o++) {
                int alias = instance.aliasOf(o);
                if (step == null && alias >= 0 && storageOf[out[o]] != storageOf[in[alias]]) {
                    step = copyStep(in[alias], out[o], values[out[o]].shape().size());
                }
            }
            for (int id : in) {
                if (storageOf[id] < 0 && values[id].isConstant()) {
                    Storage s = storages.get(addStorage(Kind.CONSTANT, values[id]));
                    s.constant = values[id].constant();
                    storageOf[id] = storages.size() - 1;
                }
            }
            if (step != null) {
                steps.add(step);
                stepNodes.add(node.name());
                stepReads.add(in);
                workspace = Math.max(workspace, instance.workspaceBytes(inInfo));
            }
            stepIndexOfNode.add(step == null ? -1 : steps.size() - 1);
        }
        for (int s = 0; s < steps.size(); s++) {
            for (int id : stepReads.get(s)) {
                lastUse[id] = Math.max(lastUse[id], s);
            }
        }
        this.workspaceBytes = workspace;
        this.arenaFloats = assignArena(nodes, stepIndexOfNode, lastUse);
    }

    private List<ValueInfo> infos(int[] ids) {
        List<ValueInfo> list = new ArrayList<>();
        for (int id : ids) {
            list.add(values[id]);
        }
        return list;
    }

    private int addStorage(Kind kind, ValueInfo info) {
        Storage s = new Storage(kind, info.shape().size());
        s.index = storages.size();
        storages.add(s);
        return s.index;
    }

    private static Step copyStep(int from, int to, int size) {
        return frame -> frame.view(to).put(0, frame.view(from), 0, size);
    }

    /**
     * Places CONSTANT storages first (they live for the whole call), then ARENA storages greedily:
     * each takes the smallest free buffer that fits (growing one if none does), and buffers return
     * to the free list after the storage's last reader.
     */
    private long assignArena(List<Graph.Node> nodes, List<Integer> stepIndexOfNode, int[] lastUse) {
        long offset = 0;
        for (Storage s : storages) {
            if (s.kind == Kind.CONSTANT) {
                s.offset = offset;
                offset += align(s.size);
            }
        }
        int[] storageLastUse = new int[storages.size()];
        int[] storageDef = new int[storages.size()];
        Arrays.fill(storageDef, Integer.MAX_VALUE);
        for (int k = 0; k < nodes.size(); k++) {
            int step = stepIndexOfNode.get(k);
            if (step < 0) {
                continue;
            }
            for (int id : nodes.get(k).outputs()) {
                int s = storageOf[id];
                if (s >= 0) {
                    storageDef[s] = Math.min(storageDef[s], step);
                }
            }
        }
        for (int id = 0; id < storageOf.length; id++) {
            if (storageOf[id] >= 0) {
                storageLastUse[storageOf[id]] = Math.max(storageLastUse[storageOf[id]], lastUse[id]);
            }
        }
        List<long[]> buffers = new ArrayList<>(); // {size, freeAfterStep}
        List<List<Storage>> members = new ArrayList<>();
        List<Storage> arena = new ArrayList<>();
        for (Storage s : storages) {
            if (s.kind == Kind.ARENA) {
                arena.add(s);
            }
        }
        arena.sort((a, b) -> Integer.compare(storageDef[a.index], storageDef[b.index]));
        for (Storage s : arena) {
            int def = storageDef[s.index];
            int best = -1;
            for (int b = 0; b < buffers.size(); b++) {
                boolean free = buffers.get(b)[1] < def;
                if (free && (best < 0 || fits(buffers.get(b), s) && !fits(buffers.get(best), s)
                        || fits(buffers.get(b), s) == fits(buffers.get(best), s)
                        && buffers.get(b)[0] < buffers.get(best)[0])) {
                    best = b;
                }
            }
            if (best < 0) {
                buffers.add(new long[] {0, -1});
                members.add(new ArrayList<>());
                best = buffers.size() - 1;
            }
            long[] buffer = buffers.get(best);
            buffer[0] = Math.max(buffer[0], align(s.size));
            buffer[1] = Math.max(storageLastUse[s.index], def);
            members.get(best).add(s);
        }
        for (int b = 0; b < buffers.size(); b++) {
            for (Storage s : members.get(b)) {
                s.offset = offset;
            }
            offset += buffers.get(b)[0];
        }
        return offset;
    }

    private static boolean fits(long[] buffer, Storage s) {
        return buffer[0] >= s.size;
    }

    /** 16 floats = 64 bytes, so every storage starts on a cache line. */
    private static long align(long floats) {
        return (floats + 15) / 16 * 16;
    }
}
