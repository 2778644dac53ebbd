package org.corenn.nn;

import org.corenn.ops.Activation;

/**
 * Everything that defines a convolution layer, including what the model compiler fused into it:
 * a folded BatchNorm (weights {@code bn_scale}/{@code bn_shift}), an activation, and a residual
 * input added before or after the activation ({@code corenn_residual_mode}).
 */
record ConvSpec(int outChannels, int kernelH, int kernelW, int strideH, int strideW, int dilationH, int dilationW,
        Padding padding, int groups, boolean bias, boolean oneDimensional, Activation activation, int residual,
        boolean foldedBatchNorm) {

    static ConvSpec of(int outChannels, int kernelH, int kernelW, boolean oneDimensional) {
        return new ConvSpec(outChannels, kernelH, kernelW, 1, 1, 1, 1, Padding.VALID, 1, true, oneDimensional,
                Activation.IDENTITY, 0, false);
    }

    ConvSpec validate() {
        check(outChannels > 0, "outChannels must be > 0, got " + outChannels);
        check(kernelH > 0 && kernelW > 0, "kernel must be > 0, got " + kernelH + "x" + kernelW);
        check(strideH > 0 && strideW > 0, "stride must be > 0, got " + strideH + "x" + strideW);
        check(dilationH > 0 && dilationW > 0, "dilation must be > 0, got " + dilationH + "x" + dilationW);
        check(groups > 0 && outChannels % groups == 0, "groups must be > 0 and divide outChannels " + outChannels
                + ", got " + groups);
        if (padding == null || activation == null) {
            throw new NullPointerException("padding and activation must not be null");
        }
        return this;
    }

    ConvSpec withStride(int h, int w) {
        return new ConvSpec(outChannels, kernelH, kernelW, h, w, dilationH, dilationW, padding, groups, bias,
                oneDimensional, activation, residual, foldedBatchNorm).validate();
    }

    ConvSpec withDilation(int h, int w) {
        return new ConvSpec(outChannels, kernelH, kernelW, strideH, strideW, h, w, padding, groups, bias,
                oneDimensional, activation, residual, foldedBatchNorm).validate();
    }

    ConvSpec withPadding(Padding p) {
        return new ConvSpec(outChannels, kernelH, kernelW, strideH, strideW, dilationH, dilationW, p, groups, bias,
                oneDimensional, activation, residual, foldedBatchNorm).validate();
    }

    ConvSpec withGroups(int g) {
        return new ConvSpec(outChannels, kernelH, kernelW, strideH, strideW, dilationH, dilationW, padding, g, bias,
                oneDimensional, activation, residual, foldedBatchNorm).validate();
    }

    ConvSpec withBias(boolean b) {
        return new ConvSpec(outChannels, kernelH, kernelW, strideH, strideW, dilationH, dilationW, padding, groups, b,
                oneDimensional, activation, residual, foldedBatchNorm);
    }

    ConvSpec withFused(Activation act, int residualMode, boolean batchNorm) {
        return new ConvSpec(outChannels, kernelH, kernelW, strideH, strideW, dilationH, dilationW, padding, groups,
                bias, oneDimensional, act, residualMode, batchNorm).validate();
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException("convolution: " + message);
        }
    }
}
