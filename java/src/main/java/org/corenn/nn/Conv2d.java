package org.corenn.nn;

/**
 * {@code nn.Conv2d} over NCHW with OIHW weights ({@code weight}, {@code bias}). Configure by copies:
 * {@code new Conv2d(64, 3).padding(Padding.of(1)).stride(2)}; in-channels come from the input shape.
 */
public final class Conv2d extends Convolution {
    public Conv2d(int outChannels, int kernel) {
        this(outChannels, kernel, kernel);
    }

    public Conv2d(int outChannels, int kernel, Padding padding) {
        this(ConvSpec.of(outChannels, kernel, kernel, false).withPadding(padding));
    }

    public Conv2d(int outChannels, int kernelH, int kernelW) {
        this(ConvSpec.of(outChannels, kernelH, kernelW, false));
    }

    private Conv2d(ConvSpec spec) {
        super(spec);
    }

    @Override
    Convolution with(ConvSpec s) {
        return new Conv2d(s);
    }

    public Conv2d stride(int stride) {
        return stride(stride, stride);
    }

    public Conv2d stride(int h, int w) {
        return new Conv2d(spec.withStride(h, w));
    }

    public Conv2d dilation(int dilation) {
        return dilation(dilation, dilation);
    }

    public Conv2d dilation(int h, int w) {
        return new Conv2d(spec.withDilation(h, w));
    }

    public Conv2d padding(Padding padding) {
        return new Conv2d(spec.withPadding(padding));
    }

    public Conv2d padding(int padding) {
        return padding(Padding.of(padding));
    }

    public Conv2d groups(int groups) {
        return new Conv2d(spec.withGroups(groups));
    }

    public Conv2d bias(boolean bias) {
        return new Conv2d(spec.withBias(bias));
    }

    @Override
    public String kind() {
        return "Conv2d";
    }
}
