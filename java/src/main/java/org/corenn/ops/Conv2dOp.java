package org.corenn.ops;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.corenn.internal.ConvNative;
import org.corenn.internal.ConvNative.corenn_conv2d;
import org.corenn.internal.ConvNative.corenn_conv2d_desc;
import org.corenn.internal.CorennNative;
import org.corenn.internal.NativeHandle;
import org.corenn.internal.Status;
import org.corenn.runtime.Options;
import org.corenn.tensor.Shape;
import org.corenn.tensor.Tensor;

/**
 * A convolution with PyTorch's semantics and a fused epilogue: x {@code [N, C, H, W]}, weight
 * {@code [O, C / groups, kh, kw]} ({@code nn.Conv2d.weight}), bias {@code [O]}, y {@code [N, O, outH,
 * outW]}; per output channel {@code t = (acc + bias) * scale + shift}, then the activation and the
 * residual add as {@link Conv2dParams} says. A Conv1d ({@link #createConv1d}) takes x {@code [N, C, L]}
 * and weight {@code [O, C / groups, k]}.
 *
 * <p>The weights are copied and prepacked once; the op is immutable, accepts any input size, and may
 * be run from many threads at once. {@link #run(Tensor, Tensor, Tensor, Workspace)} with a reused
 * {@link Workspace} allocates no native memory; the shorter {@code run} overloads allocate the scratch per call.
 */
public final class Conv2dOp implements AutoCloseable {
    /** Largest input height or width the native kernels accept (2^24). */
    private static final int MAX_EXTENT = 1 << 24;

    private final String name;
    private final int inChannels;
    private final int outChannels;
    private final Conv2dParams params;
    private final Options options;
    private final NativeHandle<corenn_conv2d> handle;

    private Conv2dOp(String name, int inChannels, int outChannels, Conv2dParams params, Options options,
            NativeHandle<corenn_conv2d> handle) {
        this.name = name;
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.params = params;
        this.options = options;
        this.handle = handle;
    }

    /**
     * @param weight {@code [outChannels][inChannels / groups][kernelH][kernelW]}, row-major
     * @param bias {@code [outChannels]}, or null for none
     */
    public static Conv2dOp create(float[] weight, float[] bias, int inChannels, int outChannels, Conv2dParams params,
            Options options) {
        NativeArgs.requireNonNull(params, "conv2d", "params");
        if (params.isConv1d()) {
            throw new IllegalArgumentException("conv2d: params describe a conv1d; use Conv2dOp.createConv1d");
        }
        return build("conv2d", weight, bias, inChannels, outChannels, params, options);
    }

    /**
     * A Conv1d over {@code [N, C, L]}; {@code params} come from {@link Conv2dParams#conv1d(int)}.
     *
     * @param weight {@code [outChannels][inChannels / groups][kernel]}, row-major
     * @param bias {@code [outChannels]}, or null for none
     */
    public static Conv2dOp createConv1d(float[] weight, float[] bias, int inChannels, int outChannels,
            Conv2dParams params, Options options) {
        NativeArgs.requireNonNull(params, "conv1d", "params");
        if (!params.isConv1d()) {
            throw new IllegalArgumentException("conv1d: params describe a conv2d; use Conv2dParams.conv1d(kernel)");
        }
        return build("conv1d", weight, bias, inChannels, outChannels, params, options);
    }

    private static Conv2dOp build(String name, float[] weight, float[] bias, int inChannels, int outChannels,
            Conv2dParams params, Options options) {
        NativeArgs.requireNonNull(weight, name, "weight");
        NativeArgs.requireNonNull(options, name, "options");
        int groups = params.groups();
        if (inChannels < 1 || outChannels < 1) {
            throw new IllegalArgumentException(name + ": inChannels and outChannels must be >= 1, got " + inChannels
                    + " and " + outChannels);
        }
        if (inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException(name + ": groups " + groups + " must divide inChannels " + inChannels
                    + " and outChannels " + outChannels);
        }
        long want = (long) outChannels * (inChannels / groups) * params.kernelH() * params.kernelW();
        if (weight.length != want) {
            String layout = params.isConv1d() ? "[" + outChannels + ", " + inChannels / groups + ", "
                    + params.kernelW() + "]" : "[" + outChannels + ", " + inChannels / groups + ", " + params.kernelH()
                    + ", " + params.kernelW() + "]";
            throw new IllegalArgumentException(name + ": weight must have " + layout + " = " + want + " values, got "
                    + weight.length);
        }
        boolean blocked = params.inputLayout() == Layout.NCHW8C || params.outputLayout() == Layout.NCHW8C;
        if (blocked && groups != 1 && ((inChannels / groups) % Layout.BLOCK != 0
                || (outChannels / groups) % Layout.BLOCK != 0)) {
            throw new IllegalArgumentException(name + ": the NCHW8c layout needs groups 1 or a multiple of 8 input and"
                    + " output channels per group, got " + inChannels + "->" + outChannels + " in " + groups
                    + " groups");
        }
        perChannel(name, "bias", bias, outChannels);
        perChannel(name, "folded batchnorm scale", params.rawScale(), outChannels);
        perChannel(name, "folded batchnorm shift", params.rawShift(), outChannels);
        CorennNative.load();
        corenn_conv2d op = new corenn_conv2d();
        int[] pads = params.pads();
        try (FloatPointer w = new FloatPointer(weight); FloatPointer b = pointer(bias);
                FloatPointer scale = pointer(params.rawScale()); FloatPointer shift = pointer(params.rawShift())) {
            corenn_conv2d_desc desc = new corenn_conv2d_desc().in_channels(inChannels).out_channels(outChannels)
                    .groups(groups).kernel_h(params.kernelH()).kernel_w(params.kernelW()).stride_h(params.strideH())
                    .stride_w(params.strideW()).dilation_h(params.dilationH()).dilation_w(params.dilationW())
                    .pad_top(pads[0]).pad_left(pads[1]).pad_bottom(pads[2]).pad_right(pads[3]).scale(scale)
                    .shift(shift).activation(NativeArgs.describe(params.activation()))
                    .residual(params.residual().ordinal()).input_layout(params.inputLayout().code())
                    .output_layout(params.outputLayout().code());
            Status.check(ConvNative.corenn_conv2d_create(desc, w, b, options.isa().code(), op));
        }
        String description = name + " " + inChannels + "->" + outChannels;
        Conv2dOp conv = new Conv2dOp(name, inChannels, outChannels, params, options,
                new NativeHandle<>(op, ConvNative::corenn_conv2d_destroy, description));
        conv.handle.cleanWhenUnreachable(conv);
        return conv;
    }

    private static void perChannel(String name, String what, float[] values, int outChannels) {
        if (values != null && values.length != outChannels) {
            throw new IllegalArgumentException(name + ": " + what + " must have outChannels = " + outChannels
                    + " values, got " + values.length);
        }
    }

    private static FloatPointer pointer(float[] values) {
        return values == null ? null : new FloatPointer(values);
    }

    public int inChannels() {
        return inChannels;
    }

    public int outChannels() {
        return outChannels;
    }

    public Conv2dParams params() {
        return params;
    }

    /** The implementation chosen at create, e.g. {@code f32-dwconv2d-8w-avx2}. */
    public String kernel() {
        return handle.query(ConvNative::corenn_conv2d_kernel);
    }

    /**
     * The shape of y (and of the residual) for this shape of x, both in the op's layouts (see
     * {@link Layout#shapeOf}), or an exception saying why the input does not fit.
     */
    public Shape outputShape(Shape input) {
        int[] d = inputDims(input);
        long outH = params.outHeight(d[1]);
        long outW = params.outWidth(d[2]);
        if (outH < 1 || outW < 1) {
            throw new IllegalArgumentException(name + ": the dilated kernel " + span(params.kernelH(),
                    params.dilationH()) + "x" + span(params.kernelW(), params.dilationW())
                    + " does not fit the padded input " + padded(d[1], d[2]));
        }
        Shape logical = params.isConv1d() ? Shape.of(d[0], outChannels, (int) outW)
                : Shape.of(d[0], outChannels, (int) outH, (int) outW);
        return params.outputLayout().shapeOf(logical);
    }

    /** Scratch bytes a call with this input shape needs (see {@link Workspace}). */
    public long workspaceBytes(Shape input) {
        outputShape(input);
        int[] d = inputDims(input);
        return handle.query(op -> ConvNative.corenn_conv2d_workspace_size(op, d[0], d[1], d[2]));
    }

    /** {@code y = conv(x)}; the op must have no residual input. */
    public void run(Tensor x, Tensor y) {
        run(x, null, y);
    }

    /** {@code y = conv(x)} with the residual {@code r} (y's shape) when the op has one, else {@code r == null}. */
    public void run(Tensor x, Tensor residual, Tensor y) {
        NativeArgs.requireNonNull(x, name, "x");
        try (Workspace ws = Workspace.allocate(workspaceBytes(x.shape()))) {
            run(x, residual, y, ws);
        }
    }

    /** As {@link #run(Tensor, Tensor, Tensor)}, with scratch from {@code workspace}: no native allocation. */
    public void run(Tensor x, Tensor residual, Tensor y, Workspace workspace) {
        NativeArgs.requireNonNull(x, name, "x");
        NativeArgs.requireOpen(x, name, "x");
        Shape out = outputShape(x.shape());
        NativeArgs.requireShape(y, out, name, "y", out.toString());
        if (params.residual() == Residual.NONE) {
            if (residual != null) {
                throw new IllegalArgumentException(name + ": residual must be null, the op has no residual add");
            }
        } else {
            if (residual == null) {
                throw new NullPointerException(name + ": residual must not be null, the op adds it "
                        + params.residual().name().toLowerCase(java.util.Locale.ROOT));
            }
            NativeArgs.requireShape(residual, out, name, "residual", "equal to y's " + out);
        }
        if (y == x || y == residual) {
            throw new IllegalArgumentException(name + ": y must not be the same tensor as x or residual");
        }
        NativeArgs.requireNonNull(workspace, name, "workspace");
        int[] d = inputDims(x.shape());
        corenn_conv2d op = handle.acquire();
        try {
            Pointer ws = workspace.acquire(name, ConvNative.corenn_conv2d_workspace_size(op, d[0], d[1], d[2]));
            try (NativeArgs.Pinned p = new NativeArgs.Pinned(x, residual, y)) {
                Status.check(ConvNative.corenn_conv2d_run(op, d[0], d[1], d[2], p.get(0), p.get(1), p.get(2), ws,
                        options.threads()));
            } finally {
                workspace.release();
            }
        } finally {
            handle.release();
        }
    }

    /** {@code conv(x)} in a new tensor the caller owns (no residual). */
    public Tensor apply(Tensor x) {
        return apply(x, null);
    }

    /** {@code conv(x)} with the residual, in a new tensor the caller owns. */
    public Tensor apply(Tensor x, Tensor residual) {
        NativeArgs.requireNonNull(x, name, "x");
        return NativeArgs.intoNew(outputShape(x.shape()), y -> run(x, residual, y));
    }

    public boolean isClosed() {
        return handle.isClosed();
    }

    /** Frees the native op; a call still running on another thread finishes first. Idempotent. */
    @Override
    public void close() {
        handle.close();
    }

    @Override
    public String toString() {
        return "Conv2dOp[" + inChannels + " -> " + outChannels + ", " + params + "]";
    }

    /** {batch, height, width} of an input, checked against the layout and channel count. */
    private int[] inputDims(Shape input) {
        NativeArgs.requireNonNull(input, name, "input shape");
        boolean blocked = params.inputLayout() == Layout.NCHW8C;
        int storedChannels = blocked ? Layout.blocks(inChannels) : inChannels;
        String layout = (params.isConv1d() ? "[batch, " + storedChannels + ", length" : "[batch, " + storedChannels
                + ", height, width") + (blocked ? ", 8] (NCHW8c)" : "]");
        int rank = (params.isConv1d() ? 3 : 4) + (blocked ? 1 : 0);
        if (input.rank() != rank || input.dim(1) != storedChannels || blocked && input.dim(-1) != Layout.BLOCK) {
            throw new IllegalArgumentException(name + ": x must have shape " + layout + ", got " + input);
        }
        input = params.inputLayout().logicalShape(input, inChannels);
        int h = params.isConv1d() ? 1 : input.dim(2);
        int w = input.dim(-1);
        if (h < 1 || w < 1 || h > MAX_EXTENT || w > MAX_EXTENT) {
            throw new IllegalArgumentException(name + ": x spatial size must be in [1, 2^24], got " + input);
        }
        return new int[] {input.dim(0), h, w};
    }

    private static long span(int kernel, int dilation) {
        return (long) dilation * (kernel - 1) + 1;
    }

    private String padded(int inH, int inW) {
        int[] pads = params.pads();
        long w = (long) inW + pads[1] + pads[3];
        if (params.isConv1d()) {
            return "length " + w;
        }
        return ((long) inH + pads[0] + pads[2]) + "x" + w;
    }
}
