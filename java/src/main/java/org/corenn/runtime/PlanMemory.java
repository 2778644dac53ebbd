package org.corenn.runtime;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.corenn.internal.CorennNative;
import org.corenn.internal.TensorAccess;
import org.corenn.internal.exec.Frame;
import org.corenn.tensor.Tensor;

/**
 * One Predictor's memory for one Plan: the arena (constants filled in), the workspace, the output
 * tensors and the Frame the steps run in. Allocated when the Predictor first sees these shapes and
 * reused by every call with them.
 */
final class PlanMemory implements AutoCloseable {
    final Plan plan;
    final Frame frame;
    final List<Tensor> outputs;
    private final Tensor arena;
    private final Pointer workspace;
    private final int[] outputValues;
    private final boolean[] outputNeedsCopy;

    PlanMemory(Plan plan, Map<String, Integer> graphOutputs, int threads) {
        this.plan = plan;
        if (plan.arenaFloats > Integer.MAX_VALUE) {
            throw new CorennException("model: intermediate values need " + plan.arenaFloats
                    + " floats, more than one buffer can hold (2^31-1)");
        }
        this.arena = Tensor.zeros(Math.max(1, (int) plan.arenaFloats));
        List<Tensor> outs = new ArrayList<>();
        this.outputValues = new int[graphOutputs.size()];
        this.outputNeedsCopy = new boolean[graphOutputs.size()];
        Pointer ws = null;
        try {
            if (plan.workspaceBytes > 0) {
                ws = CorennNative.corenn_aligned_alloc(plan.workspaceBytes);
                if (ws == null || ws.isNull()) {
                    throw new CorennException("model: cannot allocate " + plan.workspaceBytes + " bytes of workspace");
                }
            }
            FloatPointer[] pointers = new FloatPointer[plan.storages.size()];
            FloatBuffer[] views = new FloatBuffer[plan.storages.size()];
            FloatPointer arenaPointer = TensorAccess.acquire(arena);
            FloatBuffer arenaView = TensorAccess.view(arena);
            TensorAccess.release(arena);
            for (Plan.Storage s : plan.storages) {
                if (s.kind == Plan.Kind.CONSTANT || s.kind == Plan.Kind.ARENA) {
                    pointers[s.index] = new FloatPointer(arenaPointer).position(s.offset).capacity(s.offset + s.size);
                    views[s.index] = arenaView.slice((int) s.offset, s.size);
                    if (s.constant != null) {
                        for (int i = 0; i < s.size; i++) {
                            views[s.index].put(i, (float) s.constant[i]);
                        }
                    }
                }
            }
            int k = 0;
            for (Map.Entry<String, Integer> o : graphOutputs.entrySet()) {
                int value = o.getValue();
                Tensor t = Tensor.zeros(plan.values[value].shape());
                outs.add(t);
                outputValues[k] = value;
                int storage = plan.storageOf[value];
                if (storage >= 0 && plan.storages.get(storage).kind == Plan.Kind.OUTPUT) {
                    pointers[storage] = TensorAccess.acquire(t);
                    views[storage] = TensorAccess.view(t);
                    TensorAccess.release(t);
                } else if (storage < 0) {
                    double[] c = plan.values[value].constant();
                    for (int i = 0; i < c.length; i++) {
                        t.setFlat(i, (float) c[i]);
                    }
                } else {
                    outputNeedsCopy[k] = true;
                }
                k++;
            }
            this.workspace = ws;
            this.outputs = Collections.unmodifiableList(outs);
            this.frame = new Frame(pointers, views, plan.storageOf, ws, threads);
        } catch (RuntimeException e) {
            arena.close();
            outs.forEach(Tensor::close);
            if (ws != null) {
                CorennNative.corenn_aligned_free(ws);
            }
            throw e;
        }
    }

    /** Copies outputs that live in the arena or in an input into their output tensors. */
    void finishOutputs() {
        for (int k = 0; k < outputValues.length; k++) {
            if (outputNeedsCopy[k]) {
                Tensor t = outputs.get(k);
                TensorAccess.view(t).put(0, frame.view(outputValues[k]), 0, t.size());
            }
        }
    }

    @Override
    public void close() {
        arena.close();
        outputs.forEach(Tensor::close);
        if (workspace != null) {
            CorennNative.corenn_aligned_free(workspace);
        }
    }
}
