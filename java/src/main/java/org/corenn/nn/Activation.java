package org.corenn.nn;

import java.util.List;
import java.util.Map;

import org.corenn.internal.CorennNative;
import org.corenn.internal.CorennNative.corenn_activation_desc;
import org.corenn.internal.exec.LayerInstance;
import org.corenn.internal.exec.Step;
import org.corenn.internal.exec.Steps;
import org.corenn.runtime.Options;
import org.corenn.tensor.Shape;

/**
 * An element-wise activation layer (relu, relu6, leaky relu, sigmoid, tanh, hardswish, clip). When it
 * follows a Dense or convolution, the model compiler fuses it into that layer's epilogue.
 */
public final class Activation extends Layer {
    public static final Activation RELU = new Activation(org.corenn.ops.Activation.RELU);
    public static final Activation RELU6 = new Activation(org.corenn.ops.Activation.RELU6);
    public static final Activation SIGMOID = new Activation(org.corenn.ops.Activation.SIGMOID);
    public static final Activation TANH = new Activation(org.corenn.ops.Activation.TANH);
    public static final Activation HARDSWISH = new Activation(org.corenn.ops.Activation.HARDSWISH);

    private final org.corenn.ops.Activation function;

    public Activation(org.corenn.ops.Activation function) {
        if (function == null) {
            throw new NullPointerException("Activation: function must not be null");
        }
        this.function = function;
    }

    public static Activation leakyRelu(float negativeSlope) {
        return new Activation(org.corenn.ops.Activation.leakyRelu(negativeSlope));
    }

    public static Activation clip(float min, float max) {
        return new Activation(org.corenn.ops.Activation.clip(min, max));
    }

    public org.corenn.ops.Activation function() {
        return function;
    }

    @Override
    public String kind() {
        return "Activation";
    }

    @Override
    public String toString() {
        return "Activation(" + function + ")";
    }

    @Override
    public List<ValueInfo> infer(List<ValueInfo> inputs) {
        return single(inputs.get(0).shape());
    }

    @Override
    public LayerInstance instantiate(List<Shape> inputs, Map<String, float[]> weights, Options options) {
        corenn_activation_desc desc = new corenn_activation_desc().kind(function.kind().ordinal())
                .alpha(function.alpha()).beta(function.beta());
        int isa = options.isa().code();
        return new LayerInstance() {
            @Override
            public Step plan(int[] in, List<ValueInfo> inInfo, int[] out, List<ValueInfo> outInfo) {
                long n = inInfo.get(0).shape().size();
                int x = in[0];
                int y = out[0];
                return frame -> Steps.check(CorennNative.corenn_activation_run(desc, frame.pointer(x),
                        frame.pointer(y), n, isa, frame.threads()));
            }

            @Override
            public String kernel() {
                return "f32-activation";
            }
        };
    }
}
