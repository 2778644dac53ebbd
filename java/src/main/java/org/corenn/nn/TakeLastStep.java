package org.corenn.nn;

import java.util.List;
import java.util.Map;

import org.corenn.internal.exec.LayerInstance;
import org.corenn.internal.exec.Step;
import org.corenn.runtime.Options;
import org.corenn.tensor.Shape;

/**
 * The last timestep of a sequence: {@code [T, B, F] → [B, F]} ({@code [B, T, F] → [B, F]} when
 * batch-first), e.g. between an LSTM and a classifier ({@code output[-1]} in PyTorch).
 */
public final class TakeLastStep extends Layer {
    private final boolean batchFirst;

    public TakeLastStep() {
        this(false);
    }

    public TakeLastStep(boolean batchFirst) {
        this.batchFirst = batchFirst;
    }

    @Override
    public String kind() {
        return "TakeLastStep";
    }

    @Override
    public List<ValueInfo> infer(List<ValueInfo> inputs) {
        Shape x = inputs.get(0).shape();
        require(x.rank() == 3, "input must be a sequence of rank 3, got " + x);
        require((batchFirst ? x.dim(1) : x.dim(0)) > 0, "the sequence is empty: " + x);
        return single(batchFirst ? Shape.of(x.dim(0), x.dim(2)) : Shape.of(x.dim(1), x.dim(2)));
    }

    @Override
    public LayerInstance instantiate(List<Shape> inputs, Map<String, float[]> weights, Options options) {
        return new LayerInstance() {
            @Override
            public Step plan(int[] in, List<ValueInfo> inInfo, int[] out, List<ValueInfo> outInfo) {
                Shape x = inInfo.get(0).shape();
                int features = x.dim(2);
                int x0 = in[0];
                int y = out[0];
                if (!batchFirst) {
                    int offset = (x.dim(0) - 1) * x.dim(1) * features;
                    int count = x.dim(1) * features;
                    return frame -> frame.view(y).put(0, frame.view(x0), offset, count);
                }
                int batch = x.dim(0);
                int steps = x.dim(1);
                return frame -> {
                    for (int b = 0; b < batch; b++) {
                        frame.view(y).put(b * features, frame.view(x0), ((b + 1) * steps - 1) * features, features);
                    }
                };
            }

            @Override
            public String kernel() {
                return "copy";
            }
        };
    }
}
