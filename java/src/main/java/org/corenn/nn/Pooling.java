package org.corenn.nn;

import java.util.List;
import java.util.Map;

import org.bytedeco.javacpp.IntPointer;
import org.corenn.internal.ConvNative;
import org.corenn.internal.ConvNative.corenn_pool2d;
import org.corenn.internal.ConvNative.corenn_pool2d_desc;
import org.corenn.internal.Status;
import org.corenn.internal.exec.LayerInstance;
import org.corenn.internal.exec.Step;
import org.corenn.internal.exec.Steps;
import org.corenn.runtime.Options;
import org.corenn.tensor.Shape;

/**
 * Max and average pooling over NCHW (2-d) or NCL (1-d, run as N×C×1×L), with PyTorch's semantics for
 * padding, dilation (max), {@code ceil_mode} and {@code count_include_pad}; global pooling takes the
 * whole plane (GlobalAveragePool, AdaptiveAvgPool2d(1)).
 */
public abstract class Pooling extends Layer {
    /** Window geometry; kernel etc. are ignored when {@code global}. */
    record Spec(boolean max, boolean global, boolean oneDimensional, int kernelH, int kernelW, int strideH,
            int strideW, int dilationH, int dilationW, Padding padding, boolean ceilMode, boolean countIncludePad) {
    }

    final Spec spec;

    Pooling(Spec spec) {
        require(spec.global() || spec.kernelH() > 0 && spec.kernelW() > 0, "pooling: kernel must be > 0");
        require(spec.global() || spec.strideH() > 0 && spec.strideW() > 0, "pooling: stride must be > 0");
        require(spec.dilationH() > 0 && spec.dilationW() > 0, "pooling: dilation must be > 0");
        require(spec.max() || spec.dilationH() == 1 && spec.dilationW() == 1, "pooling: average takes no dilation");
        if (spec.padding() == null) {
            throw new NullPointerException("pooling: padding must not be null");
        }
        this.spec = spec;
    }

    /** 1-d layers, and global pooling over an [N, C, L] input, run as N×C×1×L. */
    private boolean flat(Shape in) {
        return spec.oneDimensional() || spec.global() && in.rank() == 3;
    }

    private corenn_pool2d_desc describe(int inH, int inW, int layout) {
        int[] p = spec.padding().resolve(inH, inW, spec.kernelH(), spec.kernelW(), spec.strideH(), spec.strideW(),
                spec.dilationH(), spec.dilationW());
        if (spec.oneDimensional()) {
            p[0] = 0;
            p[2] = 0;
        }
        return new corenn_pool2d_desc().kind(spec.max() ? ConvNative.CORENN_POOL_MAX : ConvNative.CORENN_POOL_AVG)
                .global(spec.global() ? 1 : 0).kernel_h(spec.kernelH()).kernel_w(spec.kernelW())
                .stride_h(spec.strideH()).stride_w(spec.strideW()).dilation_h(spec.dilationH())
                .dilation_w(spec.dilationW()).pad_top(p[0]).pad_left(p[1]).pad_bottom(p[2]).pad_right(p[3])
                .ceil_mode(spec.ceilMode() ? 1 : 0).count_include_pad(spec.countIncludePad() ? 1 : 0).layout(layout);
    }

    @Override
    public List<ValueInfo> infer(List<ValueInfo> inputs) {
        Shape in = inputs.get(0).shape();
        boolean acceptsBoth = spec.global();
        int rank = spec.oneDimensional() ? 3 : 4;
        require(in.rank() == rank || acceptsBoth && in.rank() == 3,
                "input must be " + (rank == 3 ? "[N, C, L]" : "[N, C, H, W]") + ", got " + in);
        int inH = flat(in) ? 1 : in.dim(2);
        int inW = in.dim(-1);
        try (IntPointer outH = new IntPointer(1); IntPointer outW = new IntPointer(1)) {
            int status = ConvNative.corenn_pool2d_output_shape(describe(inH, inW, ConvNative.CORENN_LAYOUT_NCHW), inH, inW,
                    outH, outW);
            if (status != 0) {
                throw new IllegalArgumentException(org.corenn.internal.CorennNative.corenn_last_error() + " (input "
                        + in + ")");
            }
            return single(flat(in) ? Shape.of(in.dim(0), in.dim(1), outW.get())
                    : Shape.of(in.dim(0), in.dim(1), outH.get(), outW.get()));
        }
    }

    @Override
    public LayerInstance instantiate(List<Shape> inputs, Map<String, float[]> weights, Options options) {
        return instantiate(inputs, options, ConvNative.CORENN_LAYOUT_NCHW);
    }

    /** With x and y in {@code layout} ({@code corenn_layout}); the shapes stay logical (see {@link Nchw8cLayer}). */
    LayerInstance instantiate(List<Shape> inputs, Options options, int layout) {
        Shape in = inputs.get(0);
        int inH = flat(in) ? 1 : in.dim(2);
        corenn_pool2d op = new corenn_pool2d();
        Status.check(ConvNative.corenn_pool2d_create(describe(inH, in.dim(-1), layout), options.isa().code(), op));
        return new LayerInstance() {
            @Override
            public Step plan(int[] inIds, List<ValueInfo> inInfo, int[] out, List<ValueInfo> outInfo) {
                Shape s = inInfo.get(0).shape();
                int n = s.dim(0);
                int c = s.dim(1);
                int h = flat(s) ? 1 : s.dim(2);
                int w = s.dim(-1);
                int x = inIds[0];
                int y = out[0];
                return frame -> Steps.check(ConvNative.corenn_pool2d_run(op, n, c, h, w, frame.pointer(x),
                        frame.pointer(y), frame.workspace(), frame.threads()));
            }

            @Override
            public long workspaceBytes(List<ValueInfo> inInfo) {
                Shape s = inInfo.get(0).shape();
                return ConvNative.corenn_pool2d_workspace_size(op, flat(s) ? 1 : s.dim(2), s.dim(-1));
            }

            @Override
            public String kernel() {
                return ConvNative.corenn_pool2d_kernel(op);
            }

            @Override
            public void close() {
                ConvNative.corenn_pool2d_destroy(op);
            }
        };
    }

    @Override
    public String toString() {
        if (spec.global()) {
            return kind();
        }
        StringBuilder s = new StringBuilder(kind()).append("(k=")
                .append(spec.oneDimensional() ? "" + spec.kernelW() : spec.kernelH() + "x" + spec.kernelW());
        if (spec.strideW() != spec.kernelW()) {
            s.append(", s=").append(spec.strideW());
        }
        if (!spec.padding().equals(Padding.VALID)) {
            s.append(", p=").append(spec.padding());
        }
        if (spec.ceilMode()) {
            s.append(", ceil");
        }
        return s.append(')').toString();
    }
}
