package org.corenn.nn;

/** Naive double-precision forward passes of single layers, for checking whole models in tests. */
final class NaiveNet {
    private NaiveNet() {
    }

    /** x [n, c, h, w], w [o, c/g, kh, kw]; symmetric padding p; returns [n, o, oh, ow]. */
    static double[] conv2d(double[] x, int n, int c, int h, int w, float[] weight, float[] bias, int o, int k,
            int stride, int pad, int groups) {
        int oh = (h + 2 * pad - k) / stride + 1;
        int ow = (w + 2 * pad - k) / stride + 1;
        int cg = c / groups;
        int og = o / groups;
        double[] y = new double[n * o * oh * ow];
        for (int b = 0; b < n; b++) {
            for (int oc = 0; oc < o; oc++) {
                int g = oc / og;
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double s = bias == null ? 0 : bias[oc];
                        for (int ic = 0; ic < cg; ic++) {
                            for (int ki = 0; ki < k; ki++) {
                                for (int kj = 0; kj < k; kj++) {
                                    int yi = i * stride - pad + ki;
                                    int xj = j * stride - pad + kj;
                                    if (yi < 0 || yi >= h || xj < 0 || xj >= w) {
                                        continue;
                                    }
                                    int cin = g * cg + ic;
                                    s += x[((b * c + cin) * h + yi) * w + xj]
                                            * weight[((oc * cg + ic) * k + ki) * k + kj];
                                }
                            }
                        }
                        y[((b * o + oc) * oh + i) * ow + j] = s;
                    }
                }
            }
        }
        return y;
    }

    static double[] batchNorm(double[] x, int n, int c, int plane, float[] gamma, float[] beta, float[] mean,
            float[] var, double eps) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            int ch = (i / plane) % c;
            y[i] = (x[i] - mean[ch]) / Math.sqrt(var[ch] + eps) * gamma[ch] + beta[ch];
        }
        return y;
    }

    static double[] relu(double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.max(0, x[i]);
        }
        return y;
    }

    static double[] add(double[] a, double[] b) {
        double[] y = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            y[i] = a[i] + b[i];
        }
        return y;
    }

    /** Max pool with kernel = stride = k, no padding. */
    static double[] maxPool(double[] x, int n, int c, int h, int w, int k) {
        int oh = h / k;
        int ow = w / k;
        double[] y = new double[n * c * oh * ow];
        for (int p = 0; p < n * c; p++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    double m = Double.NEGATIVE_INFINITY;
                    for (int a = 0; a < k; a++) {
                        for (int b = 0; b < k; b++) {
                            m = Math.max(m, x[(p * h + i * k + a) * w + j * k + b]);
                        }
                    }
                    y[(p * oh + i) * ow + j] = m;
                }
            }
        }
        return y;
    }

    static double[] globalAvg(double[] x, int planes, int size) {
        double[] y = new double[planes];
        for (int p = 0; p < planes; p++) {
            double s = 0;
            for (int i = 0; i < size; i++) {
                s += x[p * size + i];
            }
            y[p] = s / size;
        }
        return y;
    }

    static double[] dense(double[] x, int rows, int in, float[] w, float[] b, int out) {
        double[] y = new double[rows * out];
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < out; o++) {
                double s = b[o];
                for (int i = 0; i < in; i++) {
                    s += x[r * in + i] * w[o * in + i];
                }
                y[r * out + o] = s;
            }
        }
        return y;
    }
}
