package org.corenn.nn;

/**
 * {@code nn.AvgPool2d} over NCHW. The stride defaults to the kernel, as in PyTorch. Configure by
 * copies: {@code new AvgPool2d(3).stride(2).padding(1).countIncludePad(false)}.
 */
public final class AvgPool2d extends Pooling {
    public AvgPool2d(int kernel) {
        this(kernel, kernel);
    }

    public AvgPool2d(int kernelH, int kernelW) {
        this(new Spec(false, false, false, kernelH, kernelW, kernelH, kernelW, 1, 1, Padding.VALID, false, true));
    }

    private AvgPool2d(Spec spec) {
        super(spec);
    }

    public AvgPool2d stride(int stride) {
        return stride(stride, stride);
    }

    public AvgPool2d stride(int h, int w) {
        return new AvgPool2d(new Spec(false, false, false, spec.kernelH(), spec.kernelW(), h, w, spec.dilationH(),
                spec.dilationW(), spec.padding(), spec.ceilMode(), spec.countIncludePad()));
    }

    public AvgPool2d padding(int padding) {
        return padding(Padding.of(padding));
    }

    public AvgPool2d padding(Padding padding) {
        return new AvgPool2d(new Spec(false, false, false, spec.kernelH(), spec.kernelW(), spec.strideH(),
                spec.strideW(), spec.dilationH(), spec.dilationW(), padding, spec.ceilMode(), spec.countIncludePad()));
    }

    public AvgPool2d ceilMode(boolean ceilMode) {
        return new AvgPool2d(new Spec(false, false, false, spec.kernelH(), spec.kernelW(), spec.strideH(),
                spec.strideW(), spec.dilationH(), spec.dilationW(), spec.padding(), ceilMode, spec.countIncludePad()));
    }

    public AvgPool2d countIncludePad(boolean include) {
        return new AvgPool2d(new Spec(false, false, false, spec.kernelH(), spec.kernelW(), spec.strideH(),
                spec.strideW(), 1, 1, spec.padding(), spec.ceilMode(), include));
    }

    @Override
    public String kind() {
        return "AvgPool2d";
    }
}
