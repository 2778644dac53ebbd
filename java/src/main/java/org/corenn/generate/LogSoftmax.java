package org.corenn.generate;

/** Log-softmax over one row of logits, in double, with the max subtracted first so exp never overflows. */
final class LogSoftmax {
    private LogSoftmax() {
    }

    /** Writes log softmax(logits[offset .. offset + n)) to out[0 .. n). */
    static void row(float[] logits, int offset, int n, double[] out) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            max = Math.max(max, logits[offset + k]);
        }
        double sum = 0;
        for (int k = 0; k < n; k++) {
            sum += Math.exp(logits[offset + k] - max);
        }
        double log = max + Math.log(sum);
        for (int k = 0; k < n; k++) {
            out[k] = logits[offset + k] - log;
        }
    }
}
