package org.corenn.nn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.corenn.internal.exec.LayerInstance;
import org.corenn.internal.exec.Step;
import org.corenn.runtime.Options;
import org.corenn.tensor.Shape;

/**
 * {@code nn.BatchNorm1d/2d} at inference: y = (x - running_mean) / sqrt(running_var + eps) * weight
 * + bias per channel (dimension 1). The model compiler folds it into a preceding convolution; on its
 * own it runs as a depthwise 1×1 convolution whose epilogue applies the same scale and shift.
 */
public final class BatchNorm extends Layer {
    private final float eps;
    private final boolean affine;

    public BatchNorm() {
        this(1e-5f, true);
    }

    public BatchNorm(float eps, boolean affine) {
        require(eps >= 0 && Float.isFinite(eps), "BatchNorm: eps must be finite and >= 0, got " + eps);
        this.eps = eps;
        this.affine = affine;
    }

    public float eps() {
        return eps;
    }

    @Override
    public String kind() {
        return "BatchNorm";
    }

    @Override
    public Map<String, Shape> parameters(List<Shape> inputs) {
        Shape c = Shape.of(inputs.get(0).dim(1));
        Map<String, Shape> p = new LinkedHashMap<>();
        if (affine) {
            p.put("weight", c);
            p.put("bias", c);
        }
        p.put("running_mean", c);
        p.put("running_var", c);
        return p;
    }

    @Override
    public List<ValueInfo> infer(List<ValueInfo> inputs) {
        Shape in = inputs.get(0).shape();
        require(in.rank() >= 2, "input must be [N, C, ...], got " + in);
        return single(in);
    }

    /** Per-channel {scale, shift} equivalent to this layer with these weights. */
    float[][] scaleAndShift(Map<String, float[]> weights) {
        float[] mean = weights.get("running_mean");
        float[] var = weights.get("running_var");
        float[] scale = new float[mean.length];
        float[] shift = new float[mean.length];
        for (int c = 0; c < mean.length; c++) {
            double gamma = affine ? weights.get("weight")[c] : 1;
            double beta = affine ? weights.get("bias")[c] : 0;
            double s = gamma / Math.sqrt((double) var[c] + eps);
            scale[c] = (float) s;
            shift[c] = (float) (beta - mean[c] * s);
        }
        return new float[][] {scale, shift};
    }

    @Override
    public LayerInstance instantiate(List<Shape> inputs, Map<String, float[]> weights, Options options) {
        Shape in = inputs.get(0);
        int channels = in.dim(1);
        float[][] ss = scaleAndShift(weights);
        float[] ones = new float[channels];
        java.util.Arrays.fill(ones, 1f);
        Map<String, float[]> depthwise = Map.of("weight", ones, "bn_scale", ss[0], "bn_shift", ss[1]);
        Convolution conv = new Conv2d(channels, 1).groups(channels).bias(false)
                .fused(org.corenn.ops.Activation.IDENTITY, 0, true);
        LayerInstance inner = conv.instantiate(List.of(asPlanes(in)), depthwise, options);
        return new LayerInstance() {
            @Override
            public Step plan(int[] inIds, List<ValueInfo> inInfo, int[] out, List<ValueInfo> outInfo) {
                return inner.plan(inIds, asPlanes(inInfo), out, asPlanes(outInfo));
            }

            @Override
            public long workspaceBytes(List<ValueInfo> inInfo) {
                return inner.workspaceBytes(asPlanes(inInfo));
            }

            @Override
            public String kernel() {
                return inner.kernel();
            }

            @Override
            public long flops(List<ValueInfo> inInfo, List<ValueInfo> outInfo) {
                return 2L * inInfo.get(0).shape().size();
            }

            @Override
            public void close() {
                inner.close();
            }
        };
    }

    /** [N, C, ...] as [N, C, 1, spatial]: the same memory, in the shape the conv kernels take. */
    private static Shape asPlanes(Shape s) {
        int n = s.dim(0);
        int c = s.dim(1);
        return Shape.of(n, c, 1, n * c == 0 ? 0 : s.size() / (n * c));
    }

    private static List<ValueInfo> asPlanes(List<ValueInfo> values) {
        return List.of(ValueInfo.of(asPlanes(values.get(0).shape())));
    }
}
