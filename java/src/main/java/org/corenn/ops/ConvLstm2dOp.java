package org.corenn.ops;

import java.util.ArrayList;
import java.util.List;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.corenn.internal.CorennNative;
import org.corenn.internal.NativeHandle;
import org.corenn.internal.RnnNative;
import org.corenn.internal.RnnNative.corenn_convlstm2d;
import org.corenn.internal.RnnNative.corenn_convlstm2d_desc;
import org.corenn.internal.Status;
import org.corenn.runtime.Options;
import org.corenn.tensor.Shape;
import org.corenn.tensor.Tensor;

/**
 * ConvLSTM2d (Shi et al., 2015, no peepholes) over a whole sequence: gates from a "same"-padded,
 * stride-1 convolution over {@code [x_t, h_{t-1}]}, gate blocks i, f, g, o as in an LSTM. x
 * {@code [T, B, Cin, H, W]}, y {@code [T, B, Ch, H, W]} (h of every step), h0 / c0 / h_n / c_n
 * {@code [B, Ch, H, W]}. Weight {@code [4*Ch, Cin + Ch, kh, kw]} (input channels x first, then h), bias
 * {@code [4*Ch]}. The weights are copied and prepacked once; immutable and safe to run from many
 * threads; a run with a reused {@link Workspace} allocates no native memory.
 */
public final class ConvLstm2dOp implements AutoCloseable {
    private static final String OP = "convlstm2d";

    private final int inChannels;
    private final int hiddenChannels;
    private final Options options;
    private final NativeHandle<corenn_convlstm2d> handle;

    private ConvLstm2dOp(int inChannels, int hiddenChannels, Options options, NativeHandle<corenn_convlstm2d> handle) {
        this.inChannels = inChannels;
        this.hiddenChannels = hiddenChannels;
        this.options = options;
        this.handle = handle;
    }

    /**
     * @param weight {@code [4*hiddenChannels][inChannels + hiddenChannels][kernelH][kernelW]}, row-major
     * @param bias {@code [4*hiddenChannels]}, or null for none
     * @param kernelH odd, so that "same" padding is symmetric; likewise kernelW
     */
    public static ConvLstm2dOp create(float[] weight, float[] bias, int inChannels, int hiddenChannels, int kernelH,
            int kernelW, Options options) {
        NativeArgs.requireNonNull(weight, OP, "weight");
        NativeArgs.requireNonNull(options, OP, "options");
        if (inChannels < 1 || hiddenChannels < 1) {
            throw new IllegalArgumentException(OP + ": inChannels and hiddenChannels must be >= 1, got " + inChannels
                    + " and " + hiddenChannels);
        }
        if (kernelH < 1 || kernelW < 1 || kernelH % 2 == 0 || kernelW % 2 == 0) {
            throw new IllegalArgumentException(OP + ": kernel must be odd and >= 1 for same padding, got " + kernelH
                    + "x" + kernelW);
        }
        long want = 4L * hiddenChannels * (inChannels + hiddenChannels) * kernelH * kernelW;
        if (weight.length != want) {
            throw new IllegalArgumentException(OP + ": weight must have [" + 4L * hiddenChannels + ", "
                    + ((long) inChannels + hiddenChannels) + ", " + kernelH + ", " + kernelW + "] = " + want
                    + " values, got " + weight.length);
        }
        if (bias != null && bias.length != 4L * hiddenChannels) {
            throw new IllegalArgumentException(OP + ": bias must have 4 * hiddenChannels = " + 4L * hiddenChannels
                    + " values, got " + bias.length);
        }
        CorennNative.load();
        corenn_convlstm2d_desc desc = new corenn_convlstm2d_desc().in_channels(inChannels)
                .hidden_channels(hiddenChannels).kernel_h(kernelH).kernel_w(kernelW);
        corenn_convlstm2d op = new corenn_convlstm2d();
        try (FloatPointer w = new FloatPointer(weight); FloatPointer b = bias == null ? null : new FloatPointer(bias)) {
            Status.check(RnnNative.corenn_convlstm2d_create(desc, w, b, options.isa().code(), op));
        }
        String description = OP + " " + inChannels + "->" + hiddenChannels + " k" + kernelH + "x" + kernelW;
        ConvLstm2dOp lstm = new ConvLstm2dOp(inChannels, hiddenChannels, options,
                new NativeHandle<>(op, RnnNative::corenn_convlstm2d_destroy, description));
        lstm.handle.cleanWhenUnreachable(lstm);
        return lstm;
    }

    public int inChannels() {
        return inChannels;
    }

    public int hiddenChannels() {
        return hiddenChannels;
    }

    /** "x: conv kernel, h: conv kernel, gates: kernel". */
    public String kernel() {
        return handle.query(RnnNative::corenn_convlstm2d_kernel);
    }

    /** y's shape {@code [T, B, Ch, H, W]} for x {@code [T, B, Cin, H, W]}. */
    public Shape outputShape(Shape x) {
        int[] d = dims(x);
        return Shape.of(d[0], d[1], hiddenChannels, d[2], d[3]);
    }

    /** {@code [B, Ch, H, W]}: h0, c0, h_n and c_n for x of this shape. */
    public Shape stateShape(Shape x) {
        int[] d = dims(x);
        return Shape.of(d[1], hiddenChannels, d[2], d[3]);
    }

    /** Scratch bytes a run over x of this shape needs (see {@link Workspace}). */
    public long workspaceBytes(Shape x) {
        int[] d = dims(x);
        return handle.query(op -> RnnNative.corenn_convlstm2d_workspace_size(op, d[0], d[1], d[2], d[3]));
    }

    /** The whole sequence from zero states into new tensors (output, h_n, c_n). */
    public RnnResult apply(Tensor x) {
        return apply(x, null, null);
    }

    /** The whole sequence from h0 / c0 (null: zeros) into new tensors (output, h_n, c_n). */
    public RnnResult apply(Tensor x, Tensor h0, Tensor c0) {
        NativeArgs.requireNonNull(x, OP, "x");
        List<Tensor> made = new ArrayList<>(3);
        try {
            Tensor y = Tensor.zeros(outputShape(x.shape()));
            made.add(y);
            Tensor hN = Tensor.zeros(stateShape(x.shape()));
            made.add(hN);
            Tensor cN = Tensor.zeros(stateShape(x.shape()));
            made.add(cN);
            run(x, h0, c0, y, hN, cN);
            return new RnnResult(y, hN, cN);
        } catch (RuntimeException e) {
            made.forEach(Tensor::close);
            throw e;
        }
    }

    /** Into caller tensors ({@code h0, c0, hN, cN} may be null); allocates the scratch for this call. */
    public void run(Tensor x, Tensor h0, Tensor c0, Tensor y, Tensor hN, Tensor cN) {
        NativeArgs.requireNonNull(x, OP, "x");
        try (Workspace ws = Workspace.allocate(workspaceBytes(x.shape()))) {
            run(x, h0, c0, y, hN, cN, ws);
        }
    }

    /** As {@link #run(Tensor, Tensor, Tensor, Tensor, Tensor, Tensor)} with scratch from {@code workspace}. */
    public void run(Tensor x, Tensor h0, Tensor c0, Tensor y, Tensor hN, Tensor cN, Workspace workspace) {
        NativeArgs.requireNonNull(x, OP, "x");
        NativeArgs.requireOpen(x, OP, "x");
        int[] d = dims(x.shape());
        Shape out = outputShape(x.shape());
        Shape state = stateShape(x.shape());
        NativeArgs.requireShape(y, out, OP, "y", out.toString());
        optional(h0, "h0", state);
        optional(c0, "c0", state);
        optional(hN, "hN", state);
        optional(cN, "cN", state);
        if (y == x || (hN != null && (hN == x || hN == y || hN == h0 || hN == c0))
                || (cN != null && (cN == x || cN == y || cN == h0 || cN == c0 || cN == hN))) {
            throw new IllegalArgumentException(OP + ": outputs y, hN and cN must be distinct tensors, not inputs");
        }
        NativeArgs.requireNonNull(workspace, OP, "workspace");
        corenn_convlstm2d op = handle.acquire();
        try {
            Pointer ws = workspace.acquire(OP,
                    RnnNative.corenn_convlstm2d_workspace_size(op, d[0], d[1], d[2], d[3]));
            try (NativeArgs.Pinned p = new NativeArgs.Pinned(x, h0, c0, y, hN, cN)) {
                Status.check(RnnNative.corenn_convlstm2d_run(op, d[0], d[1], d[2], d[3], p.get(0), p.get(1),
                        p.get(2), p.get(3), p.get(4), p.get(5), ws, options.threads()));
            } finally {
                workspace.release();
            }
        } finally {
            handle.release();
        }
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
        return "ConvLstm2dOp[" + inChannels + " -> " + hiddenChannels + "]";
    }

    private static void optional(Tensor t, String name, Shape want) {
        if (t != null) {
            NativeArgs.requireShape(t, want, OP, name, want.toString());
        }
    }

    /** {seq, batch, height, width} of x, checked against the layout. */
    private int[] dims(Shape x) {
        NativeArgs.requireNonNull(x, OP, "x shape");
        if (x.rank() != 5 || x.dim(2) != inChannels || x.dim(3) < 1 || x.dim(4) < 1) {
            throw new IllegalArgumentException(OP + ": x must have shape [seq, batch, " + inChannels
                    + ", height >= 1, width >= 1], got " + x);
        }
        if ((long) x.dim(3) * x.dim(4) * hiddenChannels * 4 > (1L << 31)) {
            throw new IllegalArgumentException(OP + ": planes of " + x.dim(3) + "x" + x.dim(4) + " are too large for "
                    + hiddenChannels + " hidden channels");
        }
        return new int[] {x.dim(0), x.dim(1), x.dim(3), x.dim(4)};
    }
}
