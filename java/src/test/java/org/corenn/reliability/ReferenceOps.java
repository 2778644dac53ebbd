package org.corenn.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.corenn.ops.Activation;
import org.corenn.ops.Reference;

/**
 * Plain-Java references (double precision) for the fuzzed ops, and the comparison the fuzzers use:
 * NaN where PyTorch gives NaN, equal infinities, otherwise within a bound scaled by the magnitude of
 * the terms summed (so cancellation of large values is not mistaken for an error).
 */
final class ReferenceOps {
    private ReferenceOps() {
    }

    static boolean ambiguousAtInfinity(Activation a, double x) {
        return Double.isInfinite(x)
                && (a.kind() == Activation.Kind.HARDSWISH || a.kind() == Activation.Kind.LEAKY_RELU);
    }

    /** Checks {@code got} against {@code act(pre)}, {@code pre} summed from terms of total magnitude {@code scale}. */
    static void assertActivated(Activation a, double pre, double scale, float got, String where) {
        if (ambiguousAtInfinity(a, pre)) {
            return;
        }
        // Rounded to float: a huge leaky slope times a huge input overflows to infinity in the kernel too.
        double want = (float) Reference.activate(a, pre);
        if (Double.isNaN(want)) {
            assertTrue(Float.isNaN(got), where + ": want NaN, got " + got);
        } else if (Double.isInfinite(want)) {
            assertEquals(want, got, where);
        } else {
            // A leaky slope multiplies the error of the sum as well as the sum.
            double slope = a.kind() == Activation.Kind.LEAKY_RELU ? Math.max(1, Math.abs(a.alpha())) : 1;
            double tolerance = 1e-5 * (1 + scale) * slope + 1e-5 * Math.abs(want);
            assertEquals(want, got, tolerance, where);
        }
    }

    /**
     * What a native kernel reads with DAZ set: a denormal is zero, so a denormal times infinity is NaN
     * there, not infinity (docs/RELIABILITY.md).
     */
    static float flushDenormal(float x) {
        return x != 0 && Math.abs(x) < Float.MIN_NORMAL ? Math.copySign(0f, x) : x;
    }

    /** y = act(x W^T + b), x [batch, in], W [out, in]. */
    static void assertDense(float[] x, float[] w, float[] b, int batch, int in, int out, Activation a, float[] got) {
        for (int n = 0; n < batch; n++) {
            for (int o = 0; o < out; o++) {
                double sum = b == null ? 0 : flushDenormal(b[o]);
                double scale = b == null ? 0 : Math.abs(b[o]);
                boolean plusInf = sum == Double.POSITIVE_INFINITY;
                boolean minusInf = sum == Double.NEGATIVE_INFINITY;
                boolean overflows = false;
                for (int i = 0; i < in; i++) {
                    double term = (double) flushDenormal(x[n * in + i]) * flushDenormal(w[o * in + i]);
                    sum += term;
                    scale += Math.abs(term);
                    plusInf |= term == Double.POSITIVE_INFINITY;
                    minusInf |= term == Double.NEGATIVE_INFINITY;
                    overflows |= Double.isFinite(term) && Math.abs(term) > Float.MAX_VALUE;
                }
                // With FMA a finite product beyond float range overflows only if the running sum does, so
                // the result depends on the summation order: any of +-inf and NaN is right, nothing to check.
                if (overflows) {
                    continue;
                }
                // float accumulation of +inf and -inf terms is NaN in every order; double agrees.
                double pre = plusInf && minusInf ? Double.NaN : sum;
                assertActivated(a, pre, scale, got[n * out + o], "y[" + n + ", " + o + "]");
            }
        }
    }
}
