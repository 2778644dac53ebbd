package org.corenn.generate;

/**
 * A test decoder whose next-token log-probabilities depend only on (position, last token), read from
 * a table: every hypothesis's state is just those two numbers, so searches can be checked exactly.
 */
final class TableDecoder implements TokenDecoder {
    private final double[][][] logp;
    private final int capacity;
    private final int[] position;
    private final int[] last;
    int steps;

    /** logp[position][last token][next token]; positions past the table reuse its last one. */
    TableDecoder(double[][][] logp, int capacity) {
        this.logp = logp;
        this.capacity = capacity;
        this.position = new int[capacity];
        this.last = new int[capacity];
    }

    @Override
    public int vocabularySize() {
        return logp[0][0].length;
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public void step(int[] tokens, int count, float[] logits) {
        steps++;
        int v = vocabularySize();
        for (int i = 0; i < count; i++) {
            last[i] = tokens[i];
            double[] row = logp[Math.min(position[i], logp.length - 1)][last[i]];
            position[i]++;
            for (int k = 0; k < v; k++) {
                logits[i * v + k] = (float) row[k];
            }
        }
    }

    @Override
    public void reorder(int[] sources, int count) {
        int[] p = position.clone();
        int[] l = last.clone();
        for (int i = 0; i < count; i++) {
            position[i] = p[sources[i]];
            last[i] = l[sources[i]];
        }
    }

    /** The exact log-probability of a sequence (start token 0 first), for brute-force checks. */
    double score(int[] tokens, int end, boolean finished) {
        double s = 0;
        int prev = 0;
        int t = 0;
        for (; t < tokens.length; t++) {
            s += logp[Math.min(t, logp.length - 1)][prev][tokens[t]];
            prev = tokens[t];
        }
        if (finished) {
            s += logp[Math.min(t, logp.length - 1)][prev][end];
        }
        return s;
    }
}
