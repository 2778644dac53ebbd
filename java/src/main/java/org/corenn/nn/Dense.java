package org.corenn.nn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bytedeco.javacpp.FloatPointer;
import org.corenn.internal.CorennNative;
import org.corenn.internal.CorennNative.corenn_activation_desc;
import org.corenn.internal.CorennNative.corenn_dense;
import org.corenn.internal.CorennNative.corenn_dense_desc;
import org.corenn.internal.Status;
import org.corenn.internal.exec.LayerInstance;
import org.corenn.internal.exec.Step;
import org.corenn.internal.exec.Steps;
import org.corenn.runtime.Options;
import org.corenn.tensor.Shape;

/**
 * {@code nn.Linear}: y = x W^T + b over the last dimension, any leading dimensions (so it applies per
 * timestep to a sequence). Weights {@code weight [out, in]}, {@code bias [out]}. An activation may be
 * fused (the ONNX importer and the model compiler fuse a following ReLU etc.).
 */
public final class Dense extends Layer {
    private final int outFeatures;
    private final boolean bias;
    private final org.corenn.ops.Activation activation;

    public Dense(int outFeatures) {
        this(outFeatures, true, org.corenn.ops.Activation.IDENTITY);
    }

    public Dense(int outFeatures, boolean bias) {
        this(outFeatures, bias, org.corenn.ops.Activation.IDENTITY);
    }

    public Dense(int outFeatures, boolean bias, org.corenn.ops.Activation activation) {
        require(outFeatures > 0, "Dense: outFeatures must be > 0, got " + outFeatures);
        if (activation == null) {
            throw new NullPointerException("Dense: activation must not be null");
        }
        this.outFeatures = outFeatures;
        this.bias = bias;
        this.activation = activation;
    }

    public int outFeatures() {
        return outFeatures;
    }

    public boolean hasBias() {
        return bias;
    }

    public org.corenn.ops.Activation activation() {
        return activation;
    }

    /** This layer with {@code next} fused into its epilogue. */
    public Dense withActivation(org.corenn.ops.Activation next) {
        return new Dense(outFeatures, bias, next);
    }

    @Override
    public String kind() {
        return "Dense";
    }

    @Override
    public String toString() {
        return "Dense(" + outFeatures + (bias ? "" : ", no bias")
                + (activation.kind() == org.corenn.ops.Activation.Kind.IDENTITY ? "" : ", " + activation) + ")";
    }

    @Override
    public Map<String, Shape> parameters(List<Shape> inputs) {
        Map<String, Shape> p = new LinkedHashMap<>();
        p.put("weight", Shape.of(outFeatures, inputs.get(0).dim(-1)));
        if (bias) {
            p.put("bias", Shape.of(outFeatures));
        }
        return p;
    }

    @Override
    public List<ValueInfo> infer(List<ValueInfo> inputs) {
        Shape in = inputs.get(0).shape();
        require(in.rank() >= 1, "input must have at least one dimension (features last), got " + in);
        return single(in.withDim(-1, outFeatures));
    }

    @Override
    public LayerInstance instantiate(List<Shape> inputs, Map<String, float[]> weights, Options options) {
        int inFeatures = inputs.get(0).dim(-1);
        corenn_activation_desc act = new corenn_activation_desc().kind(activation.kind().ordinal())
                .alpha(activation.alpha()).beta(activation.beta());
        corenn_dense_desc desc = new corenn_dense_desc().in_features(inFeatures).out_features(outFeatures)
                .activation(act);
        corenn_dense op = new corenn_dense();
        try (FloatPointer w = new FloatPointer(weights.get("weight"));
                FloatPointer b = bias ? new FloatPointer(weights.get("bias")) : null) {
            Status.check(CorennNative.corenn_dense_create(desc, w, b, options.isa().code(), op));
        }
        return new Instance(op, inFeatures);
    }

    private final class Instance implements LayerInstance {
        private final corenn_dense op;
        private final int inFeatures;

        Instance(corenn_dense op, int inFeatures) {
            this.op = op;
            this.inFeatures = inFeatures;
        }

        @Override
        public Step plan(int[] in, List<ValueInfo> inInfo, int[] out, List<ValueInfo> outInfo) {
            Shape shape = inInfo.get(0).shape();
            if (shape.dim(-1) != inFeatures) {
                throw new IllegalArgumentException("Dense: input features changed from " + inFeatures + " to "
                        + shape.dim(-1));
            }
            int rows = shape.size() / Math.max(1, inFeatures);
            int x = in[0];
            int y = out[0];
            return frame -> Steps.check(CorennNative.corenn_dense_run(op, rows, frame.pointer(x), frame.pointer(y),
                    frame.threads()));
        }

        @Override
        public String kernel() {
            return CorennNative.corenn_dense_kernel(op, 1);
        }

        @Override
        public long flops(List<ValueInfo> inInfo, List<ValueInfo> outInfo) {
            return 2L * inInfo.get(0).shape().size() * outFeatures;
        }

        @Override
        public void close() {
            CorennNative.corenn_dense_destroy(op);
        }
    }
}
