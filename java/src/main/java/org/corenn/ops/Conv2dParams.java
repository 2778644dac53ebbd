package org.corenn.ops;

import java.util.Arrays;

/**
 * Everything that defines a convolution besides its weights and channel counts: kernel, stride,
 * dilation, groups, the four zero pads, and the fused epilogue (a folded BatchNorm scale/shift, an
 * activation, a residual add). Immutable; each {@code with}-style method returns a modified copy and
 * rejects a bad value at once, naming it.
 *
 * <p>{@link #conv1d(int)} describes a Conv1d over {@code [N, C, L]}: then the one-argument
 * {@link #stride(int)}, {@link #dilation(int)} and {@link #padding(int)} act on the length axis only,
 * and the vertical fields stay at kernel 1, stride 1, dilation 1, no padding.
 *
 * <pre>{@code
 * Conv2dParams p = Conv2dParams.of(3).stride(2).padding(1).activation(Activation.RELU);
 * }</pre>
 */
public final class Conv2dParams {
    private static final String OP = "conv2d";

    private final boolean oneDimensional;
    private final int kernelH, kernelW, strideH, strideW, dilationH, dilationW, groups;
    private final int padTop, padLeft, padBottom, padRight;
    private final float[] scale;
    private final float[] shift;
    private final Activation activation;
    private final Residual residual;
    private final Layout inputLayout;
    private final Layout outputLayout;

    private Conv2dParams(boolean oneDimensional, int kernelH, int kernelW, int strideH, int strideW, int dilationH,
            int dilationW, int groups, int padTop, int padLeft, int padBottom, int padRight, float[] scale,
            float[] shift, Activation activation, Residual residual, Layout inputLayout, Layout outputLayout) {
        this.oneDimensional = oneDimensional;
        this.kernelH = kernelH;
        this.kernelW = kernelW;
        this.strideH = strideH;
        this.strideW = strideW;
        this.dilationH = dilationH;
        this.dilationW = dilationW;
        this.groups = groups;
        this.padTop = padTop;
        this.padLeft = padLeft;
        this.padBottom = padBottom;
        this.padRight = padRight;
        this.scale = scale;
        this.shift = shift;
        this.activation = activation;
        this.residual = residual;
        this.inputLayout = inputLayout;
        this.outputLayout = outputLayout;
    }

    /** A square {@code kernel x kernel} conv2d: stride 1, dilation 1, one group, no padding, no epilogue. */
    public static Conv2dParams of(int kernel) {
        return of(kernel, kernel);
    }

    public static Conv2dParams of(int kernelH, int kernelW) {
        positive("kernel", kernelH, kernelW);
        return new Conv2dParams(false, kernelH, kernelW, 1, 1, 1, 1, 1, 0, 0, 0, 0, null, null, Activation.IDENTITY,
                Residual.NONE, Layout.NCHW, Layout.NCHW);
    }

    /** A Conv1d of this kernel length over {@code [N, C, L]} (runs as a conv2d over {@code [N, C, 1, L]}). */
    public static Conv2dParams conv1d(int kernel) {
        positive("kernel", 1, kernel);
        return new Conv2dParams(true, 1, kernel, 1, 1, 1, 1, 1, 0, 0, 0, 0, null, null, Activation.IDENTITY,
                Residual.NONE, Layout.NCHW, Layout.NCHW);
    }

    /** The same stride on both axes (on the length axis only for a Conv1d). */
    public Conv2dParams stride(int stride) {
        return oneDimensional ? stride(1, stride) : stride(stride, stride);
    }

    public Conv2dParams stride(int strideH, int strideW) {
        positive("stride", strideH, strideW);
        requireFlatAxis("stride", strideH, 1);
        return new Conv2dParams(oneDimensional, kernelH, kernelW, strideH, strideW, dilationH, dilationW, groups,
                padTop, padLeft, padBottom, padRight, scale, shift, activation, residual, inputLayout, outputLayout);
    }

    /** The same dilation on both axes (on the length axis only for a Conv1d). */
    public Conv2dParams dilation(int dilation) {
        return oneDimensional ? dilation(1, dilation) : dilation(dilation, dilation);
    }

    public Conv2dParams dilation(int dilationH, int dilationW) {
        positive("dilation", dilationH, dilationW);
        requireFlatAxis("dilation", dilationH, 1);
        return new Conv2dParams(oneDimensional, kernelH, kernelW, strideH, strideW, dilationH, dilationW, groups,
                padTop, padLeft, padBottom, padRight, scale, shift, activation, residual, inputLayout, outputLayout);
    }

    /** The same zero padding on every side (both ends of the length axis for a Conv1d). */
    public Conv2dParams padding(int pad) {
        return oneDimensional ? padding(0, pad, 0, pad) : padding(pad, pad, pad, pad);
    }

    /** Per-side zero padding, in ONNX's {@code pads} order for 2-D: begin H, begin W, end H, end W. */
    public Conv2dParams padding(int top, int left, int bottom, int right) {
        if (top < 0 || left < 0 || bottom < 0 || right < 0) {
            throw new IllegalArgumentException(OP + ": pads must be >= 0, got [top " + top + ", left " + left
                    + ", bottom " + bottom + ", right " + right + "]");
        }
        requireFlatAxis("vertical padding", top + bottom, 0);
        return new Conv2dParams(oneDimensional, kernelH, kernelW, strideH, strideW, dilationH, dilationW, groups, top,
                left, bottom, right, scale, shift, activation, residual, inputLayout, outputLayout);
    }

    /** Groups {@code >= 1}; they must divide both channel counts (checked at create). */
    public Conv2dParams groups(int groups) {
        if (groups < 1) {
            throw new IllegalArgumentException(OP + ": groups must be >= 1, got " + groups);
        }
        return new Conv2dParams(oneDimensional, kernelH, kernelW, strideH, strideW, dilationH, dilationW, groups,
                padTop, padLeft, padBottom, padRight, scale, shift, activation, residual, inputLayout, outputLayout);
    }

    /**
     * A BatchNorm folded into the epilogue, {@code t = (acc + bias) * scale[c] + shift[c]}, one value per
     * output channel (copied); {@code null, null} removes it.
     */
    public Conv2dParams foldedBatchNorm(float[] scale, float[] shift) {
        if ((scale == null) != (shift == null)) {
            throw new IllegalArgumentException(OP + ": folded batchnorm needs both scale and shift, or neither");
        }
        if (scale != null && scale.length != shift.length) {
            throw new IllegalArgumentException(OP + ": folded batchnorm scale and shift must have the same length, got "
                    + scale.length + " and " + shift.length);
        }
        return new Conv2dParams(oneDimensional, kernelH, kernelW, strideH, strideW, dilationH, dilationW, groups,
                padTop, padLeft, padBottom, padRight, scale == null ? null : scale.clone(),
                shift == null ? null : shift.clone(), activation, residual, inputLayout, outputLayout);
    }

    public Conv2dParams activation(Activation activation) {
        NativeArgs.requireNonNull(activation, OP, "activation");
        return new Conv2dParams(oneDimensional, kernelH, kernelW, strideH, strideW, dilationH, dilationW, groups,
                padTop, padLeft, padBottom, padRight, scale, shift, activation, residual, inputLayout, outputLayout);
    }

    /** A residual input added before or after the activation; {@code run} then takes it. */
    public Conv2dParams residual(Residual residual) {
        NativeArgs.requireNonNull(residual, OP, "residual");
        return new Conv2dParams(oneDimensional, kernelH, kernelW, strideH, strideW, dilationH, dilationW, groups,
                padTop, padLeft, padBottom, padRight, scale, shift, activation, residual, inputLayout, outputLayout);
    }

    /**
     * The layouts of x and of y (and the residual): {@link Layout#NCHW8C} on either side needs groups 1,
     * or channels per group that are multiples of 8 (checked at create), and always runs the direct
     * convolution over the blocked layout.
     */
    public Conv2dParams layouts(Layout input, Layout output) {
        NativeArgs.requireNonNull(input, OP, "input layout");
        NativeArgs.requireNonNull(output, OP, "output layout");
        return new Conv2dParams(oneDimensional, kernelH, kernelW, strideH, strideW, dilationH, dilationW, groups,
                padTop, padLeft, padBottom, padRight, scale, shift, activation, residual, input, output);
    }

    public Layout inputLayout() {
        return inputLayout;
    }

    public Layout outputLayout() {
        return outputLayout;
    }

    public boolean isConv1d() {
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

    public int groups() {
        return groups;
    }

    /** {@code [top, left, bottom, right]}. */
    public int[] pads() {
        return new int[] {padTop, padLeft, padBottom, padRight};
    }

    /** The folded BatchNorm scale (a copy), or null. */
    public float[] scale() {
        return scale == null ? null : scale.clone();
    }

    /** The folded BatchNorm shift (a copy), or null. */
    public float[] shift() {
        return shift == null ? null : shift.clone();
    }

    public Activation activation() {
        return activation;
    }

    public Residual residual() {
        return residual;
    }

    /** Output height for this input height: {@code (in + pads - dilation * (kernel - 1) - 1) / stride + 1}. */
    long outHeight(int inH) {
        return outSize(inH, padTop + padBottom, kernelH, strideH, dilationH);
    }

    long outWidth(int inW) {
        return outSize(inW, padLeft + padRight, kernelW, strideW, dilationW);
    }

    private static long outSize(int in, int pads, int kernel, int stride, int dilation) {
        long span = (long) dilation * (kernel - 1) + 1;
        long room = (long) in + pads - span;
        return room < 0 ? 0 : room / stride + 1;
    }

    float[] rawScale() {
        return scale;
    }

    float[] rawShift() {
        return shift;
    }

    private static void positive(String what, int h, int w) {
        if (h < 1 || w < 1) {
            throw new IllegalArgumentException(OP + ": " + what + " must be >= 1, got " + h + "x" + w);
        }
    }

    private void requireFlatAxis(String what, int value, int flat) {
        if (oneDimensional && value != flat) {
            throw new IllegalArgumentException("conv1d: " + what + " on the height axis must be " + flat + ", got "
                    + value);
        }
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(oneDimensional ? "conv1d(k=" + kernelW : "conv2d(k=" + kernelH + "x"
                + kernelW);
        s.append(", s=").append(strideH).append('x').append(strideW);
        s.append(", d=").append(dilationH).append('x').append(dilationW);
        s.append(", pads=").append(Arrays.toString(pads()));
        if (groups != 1) {
            s.append(", groups=").append(groups);
        }
        if (scale != null) {
            s.append(", +bn");
        }
        if (activation.kind() != Activation.Kind.IDENTITY) {
            s.append(", +").append(activation);
        }
        if (residual != Residual.NONE) {
            s.append(", residual ").append(residual.name().toLowerCase(java.util.Locale.ROOT));
        }
        if (inputLayout != Layout.NCHW || outputLayout != Layout.NCHW) {
            s.append(", ").append(inputLayout).append("->").append(outputLayout);
        }
        return s.append(')').toString();
    }
}
