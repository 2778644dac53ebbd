package org.corenn.runtime;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.corenn.internal.TensorAccess;
import org.corenn.internal.exec.Step;
import org.corenn.nn.Graph;
import org.corenn.tensor.Shape;
import org.corenn.tensor.Tensor;

/**
 * Runs a {@link Model} for one thread at a time. It owns the memory of its current plan (arena,
 * workspace, output tensors), allocated the first time it sees a set of input shapes and reused by
 * every later call with the same shapes, so {@code predict} allocates nothing in the steady state.
 * Output tensors belong to the predictor and are overwritten by its next call: copy what you keep.
 * Not thread-safe: give each thread its own predictor.
 */
public final class Predictor implements AutoCloseable {
    private final Model model;
    private final int threads;
    private final List<Graph.Input> inputs;
    private final Map<String, Shape> shapes = new LinkedHashMap<>();
    private PlanMemory memory;
    private boolean closed;

    Predictor(Model model, int threads) {
        this.model = model;
        this.threads = threads;
        this.inputs = model.graph().inputs();
    }

    /** Runs the model on inputs in declaration order; returns its outputs in declaration order. */
    public List<Tensor> predict(Tensor... in) {
        if (closed) {
            throw new IllegalStateException("predictor is closed");
        }
        if (in == null || in.length != inputs.size()) {
            throw new IllegalArgumentException("predict: the model takes " + inputs.size() + " inputs "
                    + inputNames() + ", got " + (in == null ? 0 : in.length));
        }
        boolean changed = memory == null;
        for (int i = 0; i < in.length; i++) {
            if (in[i] == null) {
                throw new NullPointerException("predict: input '" + inputs.get(i).name() + "' must not be null");
            }
            if (in[i].isClosed()) {
                throw new IllegalStateException("predict: input '" + inputs.get(i).name() + "' " + in[i] + " is closed");
            }
            Shape s = in[i].shape();
            if (!s.equals(shapes.get(inputs.get(i).name()))) {
                changed = true;
            }
        }
        if (changed) {
            replan(in);
        }
        return run(in);
    }

    /** Runs with inputs by name. */
    public Map<String, Tensor> predict(Map<String, Tensor> named) {
        if (named == null) {
            throw new NullPointerException("predict: inputs must not be null");
        }
        Tensor[] in = new Tensor[inputs.size()];
        for (int i = 0; i < in.length; i++) {
            in[i] = named.get(inputs.get(i).name());
            if (in[i] == null) {
                throw new IllegalArgumentException("predict: missing input '" + inputs.get(i).name() + "' "
                        + inputs.get(i).describe() + "; the model takes " + inputNames());
            }
        }
        if (named.size() != in.length) {
            throw new IllegalArgumentException("predict: unknown inputs in " + named.keySet() + "; the model takes "
                    + inputNames());
        }
        List<Tensor> out = predict(in);
        Map<String, Tensor> result = new LinkedHashMap<>();
        int k = 0;
        for (String name : model.graph().outputs().keySet()) {
            result.put(name, out.get(k++));
        }
        return result;
    }

    private void replan(Tensor[] in) {
        Map<String, Shape> wanted = new LinkedHashMap<>();
        for (int i = 0; i < in.length; i++) {
            wanted.put(inputs.get(i).name(), in[i].shape());
        }
        model.acquire();
        try {
            Plan plan = model.plan(wanted);
            if (memory != null) {
                memory.close();
                memory = null;
            }
            memory = new PlanMemory(plan, model.graph().outputs(), threads);
            shapes.clear();
            shapes.putAll(wanted);
        } finally {
            model.release();
        }
    }

    private List<Tensor> run(Tensor[] in) {
        model.acquire();
        int pinnedInputs = 0;
        int pinnedOutputs = 0;
        try {
            for (; pinnedInputs < in.length; pinnedInputs++) {
                Tensor t = in[pinnedInputs];
                memory.frame.bind(inputs.get(pinnedInputs).value(), TensorAccess.acquire(t), TensorAccess.view(t));
            }
            for (; pinnedOutputs < memory.outputs.size(); pinnedOutputs++) {
                TensorAccess.acquire(memory.outputs.get(pinnedOutputs));
            }
            for (Step step : memory.plan.steps) {
                step.run(memory.frame);
            }
            memory.finishOutputs();
            return memory.outputs;
        } finally {
            for (int i = 0; i < pinnedOutputs; i++) {
                TensorAccess.release(memory.outputs.get(i));
            }
            for (int i = 0; i < pinnedInputs; i++) {
                TensorAccess.release(in[i]);
            }
            model.release();
        }
    }

    private String inputNames() {
        StringBuilder s = new StringBuilder("[");
        for (Graph.Input i : inputs) {
            s.append(s.length() > 1 ? ", " : "").append(i.name()).append(' ').append(i.describe());
        }
        return s.append(']').toString();
    }

    /** Workspace and intermediate memory of the current plan, in bytes. */
    public long memoryBytes() {
        return memory == null ? 0 : memory.plan.arenaFloats * 4 + memory.plan.workspaceBytes;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (memory != null) {
                memory.close();
                memory = null;
            }
        }
    }
}
