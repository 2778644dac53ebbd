package org.corenn.ops;

/**
 * What a pooling op does, with PyTorch's semantics and defaults: max or average over a window
 * (stride defaults to the kernel, no padding, dilation 1, floor rounding, and for average
 * {@code count_include_pad = true}), or one window over the whole plane ({@link #globalMax()},
 * {@link #globalAvg()}: global / adaptive-to-1 pooling). Immutable; each modifier returns a copy.
 *
 * <p>{@link #max1d(int)} and {@link #avg1d(int)} pool {@code [N, C, L]}; their one-argument
 * modifiers act on the length axis only.
 */
public final class Pool2dParams {
    private static final String OP = "pool2d";

    private final boolean max;
    private final boolean global;
    private final boolean oneDimensional;
    private final int kernelH, kernelW, strideH, strideW, dilationH, dilationW;
    private final int padTop, padLeft, padBottom, padRight;
    private final boolean ceilMode;
    private final boolean countIncludePad;
    private final Layout layout;

    private Pool2dParams(boolean max, boolean global, boolean oneDimensional, int kernelH, int kernelW, int strideH,
            int strideW, int dilationH, int dilationW, int padTop, int padLeft, int padBottom, int padRight,
            boolean ceilMode, boolean countIncludePad, Layout layout) {
        this.max = max;
        this.global = global;
        this.oneDimensional = oneDimensional;
        this.kernelH = kernelH;
        this.kernelW = kernelW;
        this.strideH = strideH;
        this.strideW = strideW;
        this.dilationH = dilationH;
        this.dilationW = dilationW;
        this.padTop = padTop;
        this.padLeft = padLeft;
        this.padBottom = padBottom;
        this.padRight = padRight;
        this.ceilMode = ceilMode;
        this.countIncludePad = countIncludePad;
        this.layout = layout;
    }

    private static Pool2dParams window(boolean max, boolean oneDimensional, int kernelH, int kernelW) {
        if (kernelH < 1 || kernelW < 1) {
            throw new IllegalArgumentException(OP + ": kernel must be >= 1, got " + kernelH + "x" + kernelW);
        }
        return new Pool2dParams(max, false, oneDimensional, kernelH, kernelW, kernelH, kernelW, 1, 1, 0, 0, 0, 0,
                false, true, Layout.NCHW);
    }

    /** {@code nn.MaxPool2d(kernel)}. */
    public static Pool2dParams max(int kernel) {
        return window(true, false, kernel, kernel);
    }

    public static Pool2dParams max(int kernelH, int kernelW) {
        return window(true, false, kernelH, kernelW);
    }

    /** {@code nn.AvgPool2d(kernel)}. */
    public static Pool2dParams avg(int kernel) {
        return window(false, false, kernel, kernel);
    }

    public static Pool2dParams avg(int kernelH, int kernelW) {
        return window(false, false, kernelH, kernelW);
    }

    /** {@code nn.MaxPool1d(kernel)} over {@code [N, C, L]}. */
    public static Pool2dParams max1d(int kernel) {
        return window(true, true, 1, kernel);
    }

    /** {@code nn.AvgPool1d(kernel)} over {@code [N, C, L]}. */
    public static Pool2dParams avg1d(int kernel) {
        return window(false, true, 1, kernel);
    }

    /** Maximum over each whole plane ({@code AdaptiveMaxPool2d(1)}); input rank 3 or 4. */
    public static Pool2dParams globalMax() {
        return new Pool2dParams(true, true, false, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, false, true, Layout.NCHW);
    }

    /** Mean over each whole plane ({@code AdaptiveAvgPool2d(1)}); input rank 3 or 4. */
    public static Pool2dParams globalAvg() {
        return new Pool2dParams(false, true, false, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, false, true, Layout.NCHW);
    }

    /** The same stride on both axes (the length axis only for 1-D). */
    public Pool2dParams stride(int stride) {
        return oneDimensional ? stride(1, stride) : stride(stride, stride);
    }

    public Pool2dParams stride(int strideH, int strideW) {
        requireWindow("stride");
        positive("stride", strideH, strideW);
        requireFlatAxis("stride", strideH, 1);
        return new Pool2dParams(max, global, oneDimensional, kernelH, kernelW, strideH, strideW, dilationH, dilationW,
                padTop, padLeft, padBottom, padRight, ceilMode, countIncludePad, layout);
    }

    /** The same dilation on both axes (the length axis only for 1-D); max pooling only. */
    public Pool2dParams dilation(int dilation) {
        return oneDimensional ? dilation(1, dilation) : dilation(dilation, dilation);
    }

    public Pool2dParams dilation(int dilationH, int dilationW) {
        requireWindow("dilation");
        positive("dilation", dilationH, dilationW);
        requireFlatAxis("dilation", dilationH, 1);
        if (!max && (dilationH != 1 || dilationW != 1)) {
            throw new IllegalArgumentException(OP + ": average pooling needs dilation 1, got " + dilationH + "x"
                    + dilationW);
        }
        return new Pool2dParams(max, global, oneDimensional, kernelH, kernelW, strideH, strideW, dilationH, dilationW,
                padTop, padLeft, padBottom, padRight, ceilMode, countIncludePad, layout);
    }

    /** The same padding on every side (both ends of the length axis for 1-D). */
    public Pool2dParams padding(int pad) {
        return oneDimensional ? padding(0, pad, 0, pad) : padding(pad, pad, pad, pad);
    }

    /**
     * Per-side padding; each pad must be at most half the dilated kernel on its axis (checked when the
     * op is created, once the dilation is known).
     */
    public Pool2dParams padding(int top, int left, int bottom, int right) {
        requireWindow("padding");
        if (top < 0 || left < 0 || bottom < 0 || right < 0) {
            throw new IllegalArgumentException(OP + ": pads must be >= 0, got [top " + top + ", left " + left
                    + ", bottom " + bottom + ", right " + right + "]");
        }
        requireFlatAxis("vertical padding", top + bottom, 0);
        return new Pool2dParams(max, global, oneDimensional, kernelH, kernelW, strideH, strideW, dilationH, dilationW,
                top, left, bottom, right, ceilMode, countIncludePad, layout);
    }

    /** Round the output size up instead of down (PyTorch's {@code ceil_mode}). */
    public Pool2dParams ceilMode(boolean ceil) {
        requireWindow("ceilMode");
        return new Pool2dParams(max, global, oneDimensional, kernelH, kernelW, strideH, strideW, dilationH, dilationW,
                padTop, padLeft, padBottom, padRight, ceil, countIncludePad, layout);
    }

    /** Average only: whether padding counts in the divisor (PyTorch's default: true). */
    public Pool2dParams countIncludePad(boolean include) {
        requireWindow("countIncludePad");
        if (max) {
            throw new IllegalArgumentException(OP + ": countIncludePad applies to average pooling only");
        }
        return new Pool2dParams(max, global, oneDimensional, kernelH, kernelW, strideH, strideW, dilationH, dilationW,
                padTop, padLeft, padBottom, padRight, ceilMode, include, layout);
    }

    /**
     * The layout of both x and y. {@link Layout#NCHW8C} pools the blocked layout directly (its zero
     * padding lanes stay zero), so a pool between two blocked convolutions needs no conversion.
     */
    public Pool2dParams layout(Layout layout) {
        NativeArgs.requireNonNull(layout, OP, "layout");
        return new Pool2dParams(max, global, oneDimensional, kernelH, kernelW, strideH, strideW, dilationH, dilationW,
                padTop, padLeft, padBottom, padRight, ceilMode, countIncludePad, layout);
    }

    public Layout layout() {
        return layout;
    }

    public boolean isMax() {
        return max;
    }

    public boolean isGlobal() {
        return global;
    }

    public boolean isOneDimensional() {
        return oneDimensional;
    }

    public int kernelH() {
        return kernelH;
    }

    public int kernelW() {
        return kernelW;
    }

    public int strideH() {
        return strideH;
    }

    public int strideW() {
        return strideW;
    }

    public int dilationH() {
        return dilationH;
    }

    public int dilationW() {
        return dilationW;
    }

    /** {@code [top, left, bottom, right]}. */
    public int[] pads() {
        return new int[] {padTop, padLeft, padBottom, padRight};
    }

    public boolean ceilMode() {
        return ceilMode;
    }

    public boolean countIncludePad() {
        return countIncludePad;
    }

    /** Checks the pads against the dilated kernel (PyTorch's rule: at most half of it). */
    void validatePads() {
        long spanH = (long) dilationH * (kernelH - 1) + 1;
        long spanW = (long) dilationW * (kernelW - 1) + 1;
        if (padTop > spanH / 2 || padBottom > spanH / 2 || padLeft > spanW / 2 || padRight > spanW / 2) {
            throw new IllegalArgumentException(OP + ": pads must be at most half the dilated kernel " + spanH + "x"
                    + spanW + ", got [top " + padTop + ", left " + padLeft + ", bottom " + padBottom + ", right "
                    + padRight + "]");
        }
    }

    /** Output extent along one axis, PyTorch's formula including the ceil-mode rule; may be < 1. */
    static long outSize(int in, int padBegin, int padEnd, int kernel, int stride, int dilation, boolean ceil) {
        long span = (long) dilation * (kernel - 1) + 1;
        long room = (long) in + padBegin + padEnd - span;
        if (room < 0) {
            return 0;
        }
        long out = (ceil ? (room + stride - 1) / stride : room / stride) + 1;
        if (ceil && (out - 1) * stride >= (long) in + padBegin) {
            out--;
        }
        return out;
    }

    private void requireWindow(String what) {
        if (global) {
            throw new IllegalArgumentException(OP + ": global pooling takes no " + what);
        }
    }

    private static void positive(String what, int h, int w) {
        if (h < 1 || w < 1) {
            throw new IllegalArgumentException(OP + ": " + what + " must be >= 1, got " + h + "x" + w);
        }
    }

    private void requireFlatAxis(String what, int value, int flat) {
        if (oneDimensional && value != flat) {
            throw new IllegalArgumentException("pool1d: " + what + " on the height axis must be " + flat + ", got "
                    + value);
        }
    }

    @Override
    public String toString() {
        String kind = max ? "max" : "avg";
        if (global) {
            return "global_" + kind + "_pool" + (layout != Layout.NCHW ? "(" + layout + ")" : "");
        }
        StringBuilder s = new StringBuilder(kind).append(oneDimensional ? "_pool1d(k=" + kernelW
                : "_pool2d(k=" + kernelH + "x" + kernelW);
        s.append(", s=").append(strideH).append('x').append(strideW);
        s.append(", pads=").append(java.util.Arrays.toString(pads()));
        if (dilationH != 1 || dilationW != 1) {
            s.append(", d=").append(dilationH).append('x').append(dilationW);
        }
        if (ceilMode) {
            s.append(", ceil_mode");
        }
        if (!max && !countIncludePad) {
            s.append(", count_include_pad=false");
        }
        if (layout != Layout.NCHW) {
            s.append(", ").append(layout);
        }
        return s.append(')').toString();
    }
}
