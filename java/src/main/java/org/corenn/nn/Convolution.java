package org.corenn.nn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bytedeco.javacpp.FloatPointer;
import org.corenn.internal.ConvNative;
import org.corenn.internal.ConvNative.corenn_conv2d;
import org.corenn.internal.ConvNative.corenn_conv2d_desc;
import org.corenn.internal.CorennNative.corenn_activation_desc;
import org.corenn.internal.Status;
import org.corenn.internal.exec.LayerInstance;
import org.corenn.internal.exec.Step;
import org.corenn.internal.exec.Steps;
import org.corenn.runtime.Options;
import org.corenn.tensor.Shape;

/**
 * The common part of {@link Conv2d} and {@link Conv1d}: PyTorch semantics (NCHW / NCL input, OIHW /
 * OIL weights), stride, dilation, groups (depthwise included), explicit or SAME padding, and the
 * epilogue the model compiler fuses in (folded BatchNorm, activation, residual add). Conv1d runs as
 * a conv2d over N×C×1×L, which has the same memory layout.
 */
public abstract class Convolution extends Layer {
    final ConvSpec spec;

    Convolution(ConvSpec spec) {
        this.spec = spec.validate();
    }

    abstract Convolution with(ConvSpec spec);

    /** Same layer with a folded BatchNorm, an activation and a residual mode (model compiler). */
    Convolution fused(org.corenn.ops.Activation activation, int residualMode, boolean batchNorm) {
        return with(spec.withFused(activation, residualMode, batchNorm));
    }

    public int outChannels() {
        return spec.outChannels();
    }

    @Override
    public int minInputs() {
        return spec.residual() == 0 ? 1 : 2;
    }

    @Override
    public int maxInputs() {
        return minInputs();
    }

    private int rank() {
        return spec.oneDimensional() ? 3 : 4;
    }

    @Override
    public Map<String, Shape> parameters(List<Shape> inputs) {
        int inChannels = inputs.get(0).dim(1);
        Map<String, Shape> p = new LinkedHashMap<>();
        int perGroup = inChannels / spec.groups();
        p.put("weight", spec.oneDimensional() ? Shape.of(spec.outChannels(), perGroup, spec.kernelW())
                : Shape.of(spec.outChannels(), perGroup, spec.kernelH(), spec.kernelW()));
        if (spec.bias()) {
            p.put("bias", Shape.of(spec.outChannels()));
        }
        return p;
    }

    @Override
    public List<ValueInfo> infer(List<ValueInfo> inputs) {
        Shape in = inputs.get(0).shape();
        String layout = spec.oneDimensional() ? "[N, C, L]" : "[N, C, H, W]";
        require(in.rank() == rank(), "input must be " + layout + ", got " + in);
        int c = in.dim(1);
        require(c % spec.groups() == 0, "input channels " + c + " must be divisible by groups " + spec.groups());
        int inH = spec.oneDimensional() ? 1 : in.dim(2);
        int inW = in.dim(-1);
        int[] pads = pads(inH, inW);
        int outH = outSize(inH, pads[0] + pads[2], spec.kernelH(), spec.strideH(), spec.dilationH());
        int outW = outSize(inW, pads[1] + pads[3], spec.kernelW(), spec.strideW(), spec.dilationW());
        require(outH >= 1 && outW >= 1, "input " + in + " is smaller than the dilated kernel " + spec.kernelH() + "x"
                + spec.kernelW() + " with padding " + spec.padding());
        Shape out = spec.oneDimensional() ? Shape.of(in.dim(0), spec.outChannels(), outW)
                : Shape.of(in.dim(0), spec.outChannels(), outH, outW);
        if (spec.residual() != 0) {
            require(inputs.get(1).shape().equals(out), "residual input must have the output's shape " + out + ", got "
                    + inputs.get(1).shape());
        }
        return single(out);
    }

    private int[] pads(int inH, int inW) {
        int[] p = spec.padding().resolve(inH, inW, spec.kernelH(), spec.kernelW(), spec.strideH(), spec.strideW(),
                spec.dilationH(), spec.dilationW());
        if (spec.oneDimensional()) {
            p[0] = 0;
            p[2] = 0;
        }
        return p;
    }

    private static int outSize(int in, int pad, int kernel, int stride, int dilation) {
        long span = (long) dilation * (kernel - 1) + 1;
        return (int) ((in + pad - span) / stride + 1);
    }

    @Override
    public LayerInstance instantiate(List<Shape> inputs, Map<String, float[]> weights, Options options) {
        return instantiate(inputs, weights, options, ConvNative.CORENN_LAYOUT_NCHW, ConvNative.CORENN_LAYOUT_NCHW);
    }

    /**
     * As {@link #instantiate(List, Map, Options)} with x in {@code inputLayout} and y (and the residual) in
     * {@code outputLayout} ({@code corenn_layout}); the shapes stay logical NCHW (see {@link Nchw8cLayer}).
     */
    LayerInstance instantiate(List<Shape> inputs, Map<String, float[]> weights, Options options, int inputLayout,
            int outputLayout) {
        Shape in = inputs.get(0);
        int[] pads = pads(spec.oneDimensional() ? 1 : in.dim(2), in.dim(-1));
        org.corenn.ops.Activation a = spec.activation();
        corenn_activation_desc act = new corenn_activation_desc().kind(a.kind().ordinal()).alpha(a.alpha())
                .beta(a.beta());
        corenn_conv2d op = new corenn_conv2d();
        try (FloatPointer w = new FloatPointer(weights.get("weight"));
                FloatPointer b = spec.bias() ? new FloatPointer(weights.get("bias")) : null;
                FloatPointer scale = spec.foldedBatchNorm() ? new FloatPointer(weights.get("bn_scale")) : null;
                FloatPointer shift = spec.foldedBatchNorm() ? new FloatPointer(weights.get("bn_shift")) : null) {
            corenn_conv2d_desc desc = new corenn_conv2d_desc().in_channels(in.dim(1)).out_channels(spec.outChannels())
                    .groups(spec.groups()).kernel_h(spec.kernelH()).kernel_w(spec.kernelW())
                    .stride_h(spec.strideH()).stride_w(spec.strideW()).dilation_h(spec.dilationH())
                    .dilation_w(spec.dilationW()).pad_top(pads[0]).pad_left(pads[1]).pad_bottom(pads[2])
                    .pad_right(pads[3]).scale(scale).shift(shift).activation(act).residual(spec.residual())
                    .input_layout(inputLayout).output_layout(outputLayout);
            Status.check(ConvNative.corenn_conv2d_create(desc, w, b, options.isa().code(), op));
        }
        return new Instance(op, pads, in.dim(1));
    }

    /** Whether the direct NCHW8c kernel supports this conv: groups 1, or whole blocks of 8 channels per group. */
    boolean supportsNchw8c(int inChannels) {
        int groups = spec.groups();
        return groups == 1 || (inChannels / groups) % 8 == 0 && (spec.outChannels() / groups) % 8 == 0;
    }

    /** Whether this conv, on input {@code in}, is worth running inside a chain of NCHW8c values. */
    boolean prefersNchw8c(Shape in, Options options) {
        int[] pads = pads(spec.oneDimensional() ? 1 : in.dim(2), in.dim(-1));
        corenn_conv2d_desc desc = new corenn_conv2d_desc().in_channels(in.dim(1)).out_channels(spec.outChannels())
                .groups(spec.groups()).kernel_h(spec.kernelH()).kernel_w(spec.kernelW()).stride_h(spec.strideH())
                .stride_w(spec.strideW()).dilation_h(spec.dilationH()).dilation_w(spec.dilationW())
                .pad_top(pads[0]).pad_left(pads[1]).pad_bottom(pads[2]).pad_right(pads[3]).scale(null).shift(null)
                .activation(new corenn_activation_desc()).residual(0).input_layout(0).output_layout(0);
        return ConvNative.corenn_conv2d_prefers_nchw8c(desc, options.isa().code()) == 1;
    }

    private final class Instance implements LayerInstance {
        private final corenn_conv2d op;
        private final int[] createdPads;
        private final int inChannels;

        Instance(corenn_conv2d op, int[] pads, int inChannels) {
            this.op = op;
            this.createdPads = pads;
            this.inChannels = inChannels;
        }

        private int[] dims(Shape in) {
            return new int[] {in.dim(0), spec.oneDimensional() ? 1 : in.dim(2), in.dim(-1)};
        }

        @Override
        public Step plan(int[] in, List<ValueInfo> inInfo, int[] out, List<ValueInfo> outInfo) {
            int[] d = dims(inInfo.get(0).shape());
            if (inInfo.get(0).shape().dim(1) != inChannels) {
                throw new IllegalArgumentException(kind() + ": input channels changed from " + inChannels + " to "
                        + inInfo.get(0).shape().dim(1));
            }
            if (!java.util.Arrays.equals(pads(d[1], d[2]), createdPads)) {
                throw new IllegalArgumentException("SAME padding of this input size differs from the size the model"
                        + " was built for; build the model with this input size");
            }
            int x = in[0];
            int residual = spec.residual() == 0 ? -1 : in[1];
            int y = out[0];
            return frame -> Steps.check(ConvNative.corenn_conv2d_run(op, d[0], d[1], d[2], frame.pointer(x),
                    residual < 0 ? null : frame.pointer(residual), frame.pointer(y), frame.workspace(),
                    frame.threads()));
        }

        @Override
        public long workspaceBytes(List<ValueInfo> inInfo) {
            int[] d = dims(inInfo.get(0).shape());
            return ConvNative.corenn_conv2d_workspace_size(op, d[0], d[1], d[2]);
        }

        @Override
        public String kernel() {
            return ConvNative.corenn_conv2d_kernel(op);
        }

        @Override
        public long flops(List<ValueInfo> inInfo, List<ValueInfo> outInfo) {
            int inPerGroup = inInfo.get(0).shape().dim(1) / spec.groups();
            return 2L * outInfo.get(0).shape().size() * inPerGroup * spec.kernelH() * spec.kernelW();
        }

        @Override
        public void close() {
            ConvNative.corenn_conv2d_destroy(op);
        }
    }

    String describeSpec() {
        StringBuilder s = new StringBuilder(kind()).append('(').append(spec.outChannels()).append(", k=");
        s.append(spec.oneDimensional() ? String.valueOf(spec.kernelW()) : spec.kernelH() + "x" + spec.kernelW());
        if (spec.strideH() != 1 || spec.strideW() != 1) {
            s.append(", s=").append(spec.strideW());
        }
        if (!spec.padding().equals(Padding.VALID)) {
            s.append(", p=").append(spec.padding());
        }
        if (spec.dilationW() != 1) {
            s.append(", d=").append(spec.dilationW());
        }
        if (spec.groups() != 1) {
            s.append(", g=").append(spec.groups());
        }
        if (spec.foldedBatchNorm()) {
            s.append(", +bn");
        }
        if (spec.residual() != 0) {
            s.append(", +residual");
        }
        if (spec.activation().kind() != org.corenn.ops.Activation.Kind.IDENTITY) {
            s.append(", +").append(spec.activation());
        }
        return s.append(')').toString();
    }

    @Override
    public String toString() {
        return describeSpec();
    }

}
