package org.corenn.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Beam search: keeps the {@code width} best live hypotheses by summed log-probability. At each step
 * every live hypothesis is extended by every token, and the {@code width} best extensions survive
 * (ties: the earlier hypothesis, then the smaller token id). An extension by the end token is
 * finished. The search stops when {@code width} hypotheses are finished and no live one can still
 * rank above the best finished one, when none is live, or at {@code maxLength} tokens.
 *
 * <p>Finished hypotheses are ranked by log-probability divided by GNMT's length penalty
 * {@code ((5 + length) / 6)^alpha}; alpha 0 (the default) ranks by log-probability alone.
 * The decoder advances all live hypotheses in one {@link TokenDecoder#step} per token.
 */
public final class BeamSearch {
    private final int width;
    private final double lengthPenalty;

    public BeamSearch(int width) {
        this(width, 0);
    }

    private BeamSearch(int width, double lengthPenalty) {
        if (width < 1) {
            throw new IllegalArgumentException("width must be >= 1, got " + width);
        }
        if (!(lengthPenalty >= 0) || Double.isInfinite(lengthPenalty)) {
            throw new IllegalArgumentException("lengthPenalty must be finite and >= 0, got " + lengthPenalty);
        }
        this.width = width;
        this.lengthPenalty = lengthPenalty;
    }

    /** The same search with GNMT's length penalty exponent alpha (0.6–1.0 favours longer outputs). */
    public BeamSearch lengthPenalty(double alpha) {
        return new BeamSearch(width, alpha);
    }

    public int width() {
        return width;
    }

    /**
     * Feeds {@code prompt} to hypothesis 0 of {@code decoder} from the state it holds, searches, and
     * returns up to {@code width} finished hypotheses, best first (the live ones, marked unfinished, if
     * none finished within {@code maxLength} tokens).
     */
    public List<Hypothesis> decode(TokenDecoder decoder, int[] prompt, int endToken, int maxLength) {
        Generation.check(decoder, prompt, endToken, maxLength);
        if (width > decoder.capacity()) {
            throw new IllegalArgumentException("width " + width + " exceeds the decoder's capacity of "
                    + decoder.capacity() + " hypotheses");
        }
        int v = decoder.vocabularySize();
        float[] logits = new float[width * v];
        double[] logp = new double[v];
        Beam live = new Beam(width, maxLength);
        Beam next = new Beam(width, maxLength);
        Candidates best = new Candidates(width);
        List<Hypothesis> finished = new ArrayList<>();
        decoder.prime(prompt, logits);
        live.count = 1;
        for (int t = 0; t <= maxLength; t++) {
            best.clear();
            for (int i = 0; i < live.count; i++) {
                LogSoftmax.row(logits, i * v, v, logp);
                for (int k = 0; k < v; k++) {
                    best.offer(live.scores[i] + logp[k], i, k);
                }
            }
            next.count = 0;
            for (int c = 0; c < best.size; c++) {
                int i = best.hypothesis[c];
                int k = best.token[c];
                if (k == endToken) {
                    finished.add(new Hypothesis(Arrays.copyOf(live.tokens[i], t), best.score[c], true));
                } else if (t < maxLength) {
                    next.extend(live, i, k, best.score[c], t);
                }
            }
            finished.sort(byRank());
            if (t == maxLength) {
                if (finished.isEmpty()) {
                    for (int i = 0; i < live.count; i++) {
                        finished.add(new Hypothesis(live.tokens[i], live.scores[i], false));
                    }
                }
                break;
            }
            Beam swap = live;
            live = next;
            next = swap;
            boolean settled = finished.size() >= width
                    && live.count > 0 && live.scores[0] / penalty(maxLength) <= rank(finished.get(0));
            if (live.count == 0 || settled) {
                break;
            }
            decoder.reorder(live.sources, live.count);
            for (int i = 0; i < live.count; i++) {
                live.last[i] = live.tokens[i][t];
            }
            decoder.step(live.last, live.count, logits);
        }
        return List.copyOf(finished.subList(0, Math.min(width, finished.size())));
    }

    private double penalty(int length) {
        return lengthPenalty == 0 ? 1 : Math.pow((5.0 + length) / 6.0, lengthPenalty);
    }

    private double rank(Hypothesis h) {
        return h.logProbability() / penalty(h.length());
    }

    private Comparator<Hypothesis> byRank() {
        return Comparator.comparingDouble((Hypothesis h) -> -rank(h));
    }

    /** The live hypotheses: token prefixes, scores, and which previous hypothesis each came from. */
    private static final class Beam {
        final int[][] tokens;
        final double[] scores;
        final int[] sources;
        final int[] last;
        int count;

        Beam(int width, int maxLength) {
            tokens = new int[width][maxLength];
            scores = new double[width];
            sources = new int[width];
            last = new int[width];
        }

        /** Appends hypothesis i of {@code from} extended by token k (its t tokens, then k). */
        void extend(Beam from, int i, int k, double score, int t) {
            System.arraycopy(from.tokens[i], 0, tokens[count], 0, t);
            tokens[count][t] = k;
            scores[count] = score;
            sources[count] = i;
            count++;
        }
    }

    /** The best {@code width} (score, hypothesis, token) triples offered, kept sorted best first. */
    private static final class Candidates {
        final double[] score;
        final int[] hypothesis;
        final int[] token;
        int size;

        Candidates(int width) {
            score = new double[width];
            hypothesis = new int[width];
            token = new int[width];
        }

        void clear() {
            size = 0;
        }

        /**
         * Inserts in order. Offers arrive in (hypothesis, token) order, so a later offer with an equal
         * score goes after the earlier one: ties keep the earlier hypothesis and the smaller token.
         */
        void offer(double s, int i, int k) {
            int capacity = score.length;
            if (size == capacity && s <= score[size - 1]) {
                return;
            }
            int at = size == capacity ? size - 1 : size;
            while (at > 0 && score[at - 1] < s) {
                score[at] = score[at - 1];
                hypothesis[at] = hypothesis[at - 1];
                token[at] = token[at - 1];
                at--;
            }
            score[at] = s;
            hypothesis[at] = i;
            token[at] = k;
            if (size < capacity) {
                size++;
            }
        }
    }
}
