package org.corenn.demo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * CTC decoding of per-step log-probabilities {@code [T, C]} (class 0 = blank) into label sequences:
 * greedy (best class per step, merge repeats, drop blanks) and prefix beam search.
 */
public final class CtcDecoder {
    private static final double NONE = Double.NEGATIVE_INFINITY;

    private CtcDecoder() {
    }

    /** logProbs: [T, C] row-major. */
    public static List<Integer> greedy(float[] logProbs, int steps, int classes) {
        check(logProbs, steps, classes);
        List<Integer> labels = new ArrayList<>();
        int previous = 0;
        for (int t = 0; t < steps; t++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (logProbs[t * classes + c] > logProbs[t * classes + best]) {
                    best = c;
                }
            }
            if (best != previous && best != 0) {
                labels.add(best);
            }
            previous = best;
        }
        return labels;
    }

    /**
     * Prefix beam search: keeps the {@code width} most probable label prefixes, each with the
     * probability of its paths ending in a blank and in its last label, summed in log space.
     * logProbs: [T, C] row-major.
     */
    public static List<Integer> beamSearch(float[] logProbs, int steps, int classes, int width) {
        check(logProbs, steps, classes);
        if (width < 1) {
            throw new IllegalArgumentException("ctc beam search: width must be >= 1, got " + width);
        }
        Prefix root = new Prefix(null, 0);
        root.blank = 0;
        List<Prefix> beams = List.of(root);
        List<Prefix> candidates = new ArrayList<>();
        Comparator<Prefix> mostProbableFirst = Comparator.comparingDouble((Prefix p) -> p.nextTotal).reversed();
        for (int t = 0; t < steps; t++) {
            int row = t * classes;
            candidates.clear();
            for (Prefix prefix : beams) {
                double total = prefix.total();
                prefix.touch(t, candidates);
                prefix.nextBlank = logAdd(prefix.nextBlank, total + logProbs[row]);
                if (prefix != root) {
                    // A repeated label without a blank in between merges into the same prefix.
                    prefix.nextLabel = logAdd(prefix.nextLabel, prefix.label + logProbs[row + prefix.last]);
                }
                for (int c = 1; c < classes; c++) {
                    Prefix extended = prefix.child(c, classes);
                    extended.touch(t, candidates);
                    double from = c == prefix.last ? prefix.blank : total;
                    extended.nextLabel = logAdd(extended.nextLabel, from + logProbs[row + c]);
                }
            }
            for (Prefix candidate : candidates) {
                candidate.nextTotal = logAdd(candidate.nextBlank, candidate.nextLabel);
            }
            // Stable sort: equal scores keep their first-seen order, so the result is deterministic.
            Collections.sort(candidates, mostProbableFirst);
            List<Prefix> kept = new ArrayList<>(candidates.subList(0, Math.min(width, candidates.size())));
            for (Prefix prefix : kept) {
                prefix.blank = prefix.nextBlank;
                prefix.label = prefix.nextLabel;
            }
            beams = kept;
        }
        Prefix best = beams.get(0);
        for (Prefix prefix : beams) {
            if (prefix.total() > best.total()) {
                best = prefix;
            }
        }
        return best.labels();
    }

    /**
     * A node of the prefix trie: each label sequence is one object for the whole search, so beams that
     * reach the same prefix by different paths add up in one place.
     */
    private static final class Prefix {
        final Prefix parent;
        final int last;
        Prefix[] children;
        double blank = NONE;
        double label = NONE;
        double nextBlank;
        double nextLabel;
        double nextTotal;
        int touchedAt = -1;

        Prefix(Prefix parent, int last) {
            this.parent = parent;
            this.last = last;
        }

        Prefix child(int c, int classes) {
            if (children == null) {
                children = new Prefix[classes];   // only the prefixes that make a beam ever get children
            }
            if (children[c] == null) {
                children[c] = new Prefix(this, c);
            }
            return children[c];
        }

        /** First visit in step t: starts the next scores at zero probability and enrols as a candidate. */
        void touch(int t, List<Prefix> candidates) {
            if (touchedAt != t) {
                touchedAt = t;
                nextBlank = NONE;
                nextLabel = NONE;
                candidates.add(this);
            }
        }

        double total() {
            return logAdd(blank, label);
        }

        List<Integer> labels() {
            List<Integer> labels = new ArrayList<>();
            for (Prefix p = this; p.parent != null; p = p.parent) {
                labels.add(p.last);
            }
            Collections.reverse(labels);
            return labels;
        }
    }

    private static void check(float[] logProbs, int steps, int classes) {
        if (logProbs == null) {
            throw new NullPointerException("ctc decoder: logProbs must not be null");
        }
        if (steps < 0 || classes < 1 || (long) steps * classes > logProbs.length) {
            throw new IllegalArgumentException("ctc decoder: logProbs must hold [steps, classes] = [" + steps + ", "
                    + classes + "] values, got " + logProbs.length);
        }
    }

    static double logAdd(double a, double b) {
        if (a == NONE) {
            return b;
        }
        if (b == NONE) {
            return a;
        }
        double max = Math.max(a, b);
        return max + Math.log1p(Math.exp(-Math.abs(a - b)));
    }
}
