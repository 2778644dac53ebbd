package org.corenn.ops;

/** Plain-Java convolution-family references (double accumulation) for the op tests. */
final class ConvReference {
    private ConvReference() {
    }

    /** One conv problem in benchdnn's spirit: every size and option spelled out. */
    record Problem(int batch, int inC, int outC, int inH, int inW, int kh, int kw, int sh, int sw, int dh, int dw,
            int groups, int padTop, int padLeft, int padBottom, int padRight) {
        int outH() {
            return (inH + padTop + padBottom - dh * (kh - 1) - 1) / sh + 1;
        }

        int outW() {
            return (inW + padLeft + padRight - dw * (kw - 1) - 1) / sw + 1;
        }

        Conv2dParams params() {
            return Conv2dParams.of(kh, kw).stride(sh, sw).dilation(dh, dw).groups(groups)
                    .padding(padTop, padLeft, padBottom, padRight);
        }

        @Override
        public String toString() {
            return "mb" + batch + "ic" + inC + "ih" + inH + "iw" + inW + "oc" + outC + "kh" + kh + "kw" + kw + "sh" + sh
                    + "sw" + sw + "dh" + dh + "dw" + dw + "g" + groups + "p" + padTop + "_" + padLeft + "_" + padBottom
                    + "_" + padRight;
        }
    }

    /**
     * x [N, C, H, W], w [O, C/g, kh, kw]; epilogue t = (acc + bias) * scale + shift, then activation and
     * residual as in corenn.h.
     */
    static float[] conv2d(Problem p, float[] x, float[] w, float[] bias, float[] scale, float[] shift, Activation act,
            Residual mode, float[] residual) {
        int oh = p.outH(), ow = p.outW();
        int cPerGroup = p.inC() / p.groups(), oPerGroup = p.outC() / p.groups();
        float[] y = new float[p.batch() * p.outC() * oh * ow];
        for (int n = 0; n < p.batch(); n++) {
            for (int o = 0; o < p.outC(); o++) {
                int g = o / oPerGroup;
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double acc = 0;
                        for (int c = 0; c < cPerGroup; c++) {
                            int ic = g * cPerGroup + c;
                            for (int a = 0; a < p.kh(); a++) {
                                int hi = i * p.sh() - p.padTop() + a * p.dh();
                                if (hi < 0 || hi >= p.inH()) {
                                    continue;
                                }
                                for (int b = 0; b < p.kw(); b++) {
                                    int wi = j * p.sw() - p.padLeft() + b * p.dw();
                                    if (wi < 0 || wi >= p.inW()) {
                                        continue;
                                    }
                                    acc += (double) x[((n * p.inC() + ic) * p.inH() + hi) * p.inW() + wi]
                                            * w[((o * cPerGroup + c) * p.kh() + a) * p.kw() + b];
                                }
                            }
                        }
                        int at = ((n * p.outC() + o) * oh + i) * ow + j;
                        double t = acc + (bias == null ? 0 : bias[o]);
                        if (scale != null) {
                            t = t * scale[o] + shift[o];
                        }
                        double r = residual == null ? 0 : residual[at];
                        double v = mode == Residual.BEFORE_ACTIVATION ? Reference.activate(act, t + r)
                                : Reference.activate(act, t) + r;
                        y[at] = (float) v;
                    }
                }
            }
        }
        return y;
    }

    /** PyTorch max/avg pooling over [N*C planes][H][W] with the given params and output size. */
    static float[] pool2d(Pool2dParams p, int planes, int inH, int inW, int outH, int outW, float[] x) {
        int[] pads = p.pads();
        int kh = p.isGlobal() ? inH : p.kernelH(), kw = p.isGlobal() ? inW : p.kernelW();
        int sh = p.isGlobal() ? 1 : p.strideH(), sw = p.isGlobal() ? 1 : p.strideW();
        int dh = p.dilationH(), dw = p.dilationW();
        float[] y = new float[planes * outH * outW];
        for (int q = 0; q < planes; q++) {
            for (int i = 0; i < outH; i++) {
                for (int j = 0; j < outW; j++) {
                    int h0 = i * sh - pads[0], w0 = j * sw - pads[1];
                    double acc = p.isMax() ? Double.NEGATIVE_INFINITY : 0;
                    int count = 0;
                    boolean nan = false;
                    for (int a = 0; a < kh; a++) {
                        for (int b = 0; b < kw; b++) {
                            int hi = h0 + a * dh, wi = w0 + b * dw;
                            if (hi < 0 || hi >= inH || wi < 0 || wi >= inW) {
                                continue;
                            }
                            float v = x[(q * inH + hi) * inW + wi];
                            nan |= Float.isNaN(v);
                            acc = p.isMax() ? Math.max(acc, v) : acc + v;
                            count++;
                        }
                    }
                    double out;
                    if (p.isMax()) {
                        out = nan ? Double.NaN : acc;
                    } else {
                        int divisor = count;
                        if (p.countIncludePad() && !p.isGlobal()) {
                            int hEnd = Math.min(h0 + kh, inH + pads[2]), wEnd = Math.min(w0 + kw, inW + pads[3]);
                            divisor = (hEnd - h0) * (wEnd - w0);
                        }
                        out = acc / divisor;
                    }
                    y[(q * outH + i) * outW + j] = (float) out;
                }
            }
        }
        return y;
    }
}
