package org.corenn.ops;

/** Plain-Java references the op tests compare the native kernels with (double accumulation). */
public final class Reference {
    private Reference() {
    }

    /** Element-wise {@code |want - got| <= tolerance * (1 + |want|)}; NaN must meet NaN. */
    static void assertClose(float[] want, float[] got, double tolerance, String what) {
        org.junit.jupiter.api.Assertions.assertEquals(want.length, got.length, what + ": length");
        for (int i = 0; i < want.length; i++) {
            boolean ok = Float.isNaN(want[i]) ? Float.isNaN(got[i])
                    : Math.abs(want[i] - got[i]) <= tolerance * (1 + Math.abs(want[i]));
            if (!ok) {
                org.junit.jupiter.api.Assertions.fail(what + ": at " + i + " want " + want[i] + ", got " + got[i]);
            }
        }
    }

    /** PyTorch's activation in double; NaN stays NaN. */
    public static double activate(Activation a, double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        switch (a.kind()) {
            case RELU:
                return x > 0 ? x : 0;
            case LEAKY_RELU:
                return x > 0 ? x : a.alpha() * x;
            case SIGMOID:
                return 1 / (1 + Math.exp(-x));
            case TANH:
                return Math.tanh(x);
            case RELU6:
                return Math.min(Math.max(x, 0), 6);
            case HARDSWISH:
                return x * Math.min(Math.max(x + 3, 0), 6) / 6;
            case CLIP:
                return Math.min(Math.max(x, a.alpha()), a.beta());
            default:
                return x;
        }
    }

    static float[] dense(float[] x, float[] w, float[] b, int batch, int in, int out, Activation a) {
        float[] y = new float[batch * out];
        for (int n = 0; n < batch; n++) {
            for (int o = 0; o < out; o++) {
                double sum = b == null ? 0 : b[o];
                for (int i = 0; i < in; i++) {
                    sum += (double) x[n * in + i] * w[o * in + i];
                }
                y[n * out + o] = (float) activate(a, sum);
            }
        }
        return y;
    }
}
