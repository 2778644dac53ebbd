package org.corenn.ops;

import org.bytedeco.javacpp.Pointer;
import org.corenn.internal.ConvNative;
import org.corenn.internal.ConvNative.corenn_pool2d;
import org.corenn.internal.ConvNative.corenn_pool2d_desc;
import org.corenn.internal.CorennNative;
import org.corenn.internal.NativeHandle;
import org.corenn.internal.Status;
import org.corenn.runtime.Options;
import org.corenn.tensor.Shape;
import org.corenn.tensor.Tensor;

/**
 * Max or average pooling over {@code [N, C, H, W]} ({@code [N, C, L]} for 1-D and optionally for
 * global pooling) with PyTorch's semantics: max ignores padding and propagates NaN; average divides
 * by the window clipped to the input, or to input + padding with {@code countIncludePad}. Immutable
 * and safe to run from many threads; {@link #run(Tensor, Tensor, Workspace)} allocates no native memory.
 */
public final class Pool2dOp implements AutoCloseable {
    private static final String OP = "pool2d";
    private static final int MAX_EXTENT = 1 << 24;

    private final Pool2dParams params;
    private final Options options;
    private final NativeHandle<corenn_pool2d> handle;

    private Pool2dOp(Pool2dParams params, Options options, NativeHandle<corenn_pool2d> handle) {
        this.params = params;
        this.options = options;
        this.handle = handle;
    }

    public static Pool2dOp create(Pool2dParams params, Options options) {
        NativeArgs.requireNonNull(params, OP, "params");
        NativeArgs.requireNonNull(options, OP, "options");
        params.validatePads();
        CorennNative.load();
        int[] pads = params.pads();
        corenn_pool2d_desc desc = new corenn_pool2d_desc()
                .kind(params.isMax() ? ConvNative.CORENN_POOL_MAX : ConvNative.CORENN_POOL_AVG)
                .global(params.isGlobal() ? 1 : 0).kernel_h(params.kernelH()).kernel_w(params.kernelW())
                .stride_h(params.strideH()).stride_w(params.strideW()).dilation_h(params.dilationH())
                .dilation_w(params.dilationW()).pad_top(pads[0]).pad_left(pads[1]).pad_bottom(pads[2])
                .pad_right(pads[3]).ceil_mode(params.ceilMode() ? 1 : 0)
                .count_include_pad(params.countIncludePad() ? 1 : 0).layout(params.layout().code());
        corenn_pool2d op = new corenn_pool2d();
        Status.check(ConvNative.corenn_pool2d_create(desc, options.isa().code(), op));
        Pool2dOp pool = new Pool2dOp(params, options,
                new NativeHandle<>(op, ConvNative::corenn_pool2d_destroy, params.toString()));
        pool.handle.cleanWhenUnreachable(pool);
        return pool;
    }

    public Pool2dParams params() {
        return params;
    }

    /** The kernel chosen at create, e.g. {@code f32-maxpool2d-8w-avx2}. */
    public String kernel() {
        return handle.query(ConvNative::corenn_pool2d_kernel);
    }

    /**
     * The output shape for this input shape (both in the op's layout), or an exception saying why the
     * input does not fit.
     */
    public Shape outputShape(Shape input) {
        int[] d = inputDims(input);
        Shape logical = logicalOutputShape(input, d);
        return params.layout() == Layout.NCHW ? logical : params.layout().shapeOf(logical);
    }

    private Shape logicalOutputShape(Shape input, int[] d) {
        boolean flatInput = input.rank() == (params.layout() == Layout.NCHW ? 3 : 4);
        if (params.isGlobal()) {
            return flatInput ? Shape.of(d[0], d[1], 1) : Shape.of(d[0], d[1], 1, 1);
        }
        int[] pads = params.pads();
        long outH = Pool2dParams.outSize(d[2], pads[0], pads[2], params.kernelH(), params.strideH(),
                params.dilationH(), params.ceilMode());
        long outW = Pool2dParams.outSize(d[3], pads[1], pads[3], params.kernelW(), params.strideW(),
                params.dilationW(), params.ceilMode());
        if (outH < 1 || outW < 1) {
            throw new IllegalArgumentException(OP + ": the dilated kernel " + span(params.kernelH(),
                    params.dilationH()) + "x" + span(params.kernelW(), params.dilationW())
                    + " does not fit the padded input " + ((long) d[2] + pads[0] + pads[2]) + "x"
                    + ((long) d[3] + pads[1] + pads[3]) + " of x " + input);
        }
        return flatInput ? Shape.of(d[0], d[1], (int) outW) : Shape.of(d[0], d[1], (int) outH, (int) outW);
    }

    /** Scratch bytes a call with this input shape needs (see {@link Workspace}). */
    public long workspaceBytes(Shape input) {
        outputShape(input);
        int[] d = inputDims(input);
        return handle.query(op -> ConvNative.corenn_pool2d_workspace_size(op, d[2], d[3]));
    }

    /** Pools x into y, which must have {@link #outputShape}; allocates the scratch for this call. */
    public void run(Tensor x, Tensor y) {
        NativeArgs.requireNonNull(x, OP, "x");
        try (Workspace ws = Workspace.allocate(workspaceBytes(x.shape()))) {
            run(x, y, ws);
        }
    }

    /** As {@link #run(Tensor, Tensor)} with scratch from {@code workspace}: no native allocation. */
    public void run(Tensor x, Tensor y, Workspace workspace) {
        NativeArgs.requireNonNull(x, OP, "x");
        NativeArgs.requireOpen(x, OP, "x");
        Shape out = outputShape(x.shape());
        NativeArgs.requireShape(y, out, OP, "y", out.toString());
        if (x == y) {
            throw new IllegalArgumentException(OP + ": y must not be the same tensor as x");
        }
        NativeArgs.requireNonNull(workspace, OP, "workspace");
        int[] d = inputDims(x.shape());
        corenn_pool2d op = handle.acquire();
        try {
            Pointer ws = workspace.acquire(OP, ConvNative.corenn_pool2d_workspace_size(op, d[2], d[3]));
            try (NativeArgs.Pinned p = new NativeArgs.Pinned(x, y)) {
                Status.check(ConvNative.corenn_pool2d_run(op, d[0], d[1], d[2], d[3], p.get(0), p.get(1), ws,
                        options.threads()));
            } finally {
                workspace.release();
            }
        } finally {
            handle.release();
        }
    }

    /** Pools x into a new tensor the caller owns. */
    public Tensor apply(Tensor x) {
        NativeArgs.requireNonNull(x, OP, "x");
        return NativeArgs.intoNew(outputShape(x.shape()), y -> run(x, y));
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
        return "Pool2dOp[" + params + "]";
    }

    /**
     * {batch, channels, height, width} of an input, checked against the layout. An NCHW8c input's
     * channels are its blocks times 8: the zero padding lanes pool to zero.
     */
    private int[] inputDims(Shape input) {
        NativeArgs.requireNonNull(input, OP, "input shape");
        if (params.layout() == Layout.NCHW8C) {
            if ((input.rank() != 4 && input.rank() != 5) || input.dim(-1) != Layout.BLOCK) {
                throw new IllegalArgumentException(OP + ": an NCHW8c x must have shape [batch, channel blocks, height,"
                        + " width, 8] (or [batch, channel blocks, length, 8]), got " + input);
            }
            input = Layout.NCHW8C.logicalShape(input, input.dim(1) * Layout.BLOCK);
        }
        boolean flat = params.isOneDimensional() || (params.isGlobal() && input.rank() == 3);
        if (params.isOneDimensional() && input.rank() != 3) {
            throw new IllegalArgumentException(OP + ": x must have shape [batch, channels, length], got " + input);
        }
        if (!flat && input.rank() != 4) {
            throw new IllegalArgumentException(OP + ": x must have shape [batch, channels, height, width]"
                    + (params.isGlobal() ? " or [batch, channels, length]" : "") + ", got " + input);
        }
        int h = flat ? 1 : input.dim(2);
        int w = input.dim(-1);
        if (h < 1 || w < 1 || h > MAX_EXTENT || w > MAX_EXTENT) {
            throw new IllegalArgumentException(OP + ": x spatial size must be in [1, 2^24], got " + input);
        }
        return new int[] {input.dim(0), input.dim(1), h, w};
    }

    private static long span(int kernel, int dilation) {
        return (long) dilation * (kernel - 1) + 1;
    }
}
