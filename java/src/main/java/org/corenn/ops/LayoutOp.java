package org.corenn.ops;

import org.corenn.internal.ConvNative;
import org.corenn.internal.CorennNative;
import org.corenn.internal.Status;
import org.corenn.runtime.Options;
import org.corenn.tensor.Shape;
import org.corenn.tensor.Tensor;

/**
 * Converts activations between {@link Layout#NCHW} and {@link Layout#NCHW8C}, e.g. at the two ends of
 * a chain of convolutions created with {@link Conv2dParams#layouts(Layout, Layout)}.
 *
 * <pre>{@code
 * try (Tensor xb = LayoutOp.toNchw8c(x, 1); Tensor yb = conv.apply(xb); Tensor y = LayoutOp.toNchw(yb, 64, 1)) { ... }
 * }</pre>
 */
public final class LayoutOp {
    private static final String OP = "layout";

    private LayoutOp() {
    }

    /** x {@code [N, C, H, W]} or {@code [N, C, L]} in a new NCHW8c tensor the caller owns. */
    public static Tensor toNchw8c(Tensor x, int threads) {
        NativeArgs.requireNonNull(x, OP, "x");
        Shape logical = x.shape();
        return NativeArgs.intoNew(Layout.NCHW8C.shapeOf(logical),
                y -> convert(x, Layout.NCHW, y, Layout.NCHW8C, logical.dim(1), threads));
    }

    /** An NCHW8c tensor holding {@code channels} channels, in a new NCHW tensor the caller owns. */
    public static Tensor toNchw(Tensor x, int channels, int threads) {
        NativeArgs.requireNonNull(x, OP, "x");
        return NativeArgs.intoNew(Layout.NCHW8C.logicalShape(x.shape(), channels),
                y -> convert(x, Layout.NCHW8C, y, Layout.NCHW, channels, threads));
    }

    /** Copies x (layout {@code from}) into y (layout {@code to}); both hold {@code channels} channels. */
    public static void convert(Tensor x, Layout from, Tensor y, Layout to, int channels, int threads) {
        NativeArgs.requireNonNull(x, OP, "x");
        NativeArgs.requireNonNull(y, OP, "y");
        NativeArgs.requireNonNull(from, OP, "from");
        NativeArgs.requireNonNull(to, OP, "to");
        NativeArgs.requireOpen(x, OP, "x");
        if (channels < 1) {
            throw new IllegalArgumentException(OP + ": channels must be >= 1, got " + channels);
        }
        if (threads < 1 || threads > Options.MAX_THREADS) {
            throw new IllegalArgumentException(OP + ": threads must be in [1, " + Options.MAX_THREADS + "], got "
                    + threads);
        }
        Shape logical = from.logicalShape(x.shape(), channels);
        if (logical.rank() != 3 && logical.rank() != 4 || logical.dim(1) != channels) {
            throw new IllegalArgumentException(OP + ": x must be [N, " + channels + ", H, W] or [N, " + channels
                    + ", L], got " + x.shape());
        }
        Shape want = to.shapeOf(logical);
        NativeArgs.requireShape(y, want, OP, "y", want.toString());
        if (x == y) {
            throw new IllegalArgumentException(OP + ": y must not be the same tensor as x");
        }
        int h = logical.rank() == 4 ? logical.dim(2) : 1;
        CorennNative.load();
        try (NativeArgs.Pinned p = new NativeArgs.Pinned(x, y)) {
            Status.check(ConvNative.corenn_layout_convert(from.code(), to.code(), logical.dim(0), channels, h,
                    logical.dim(-1), p.get(0), p.get(1), threads));
        }
    }
}
