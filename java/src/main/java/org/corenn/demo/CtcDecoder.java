package org.corenn.demo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CTC decoding of per-step log-probabilities {@code [T, C]} (class 0 = blank) into label sequences:
 * greedy (best class per step, merge repeats, drop blanks) and prefix beam search.
 */
public final class CtcDecoder {
    private CtcDecoder() {
    }

    /** logProbs: [T, C] row-major. */
    public static List<Integer> greedy(float[] logProbs, int steps, int classes) {
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
     */
    public static List<Integer> beamSearch(float[] logProbs, int steps, int classes, int width) {
        record Score(double blank, double label) {
            double total() {
                return logAdd(blank, label);
            }
        }
        double none = Double.NEGATIVE_INFINITY;
        Map<List<Integer>, Score> beams = new HashMap<>();
        beams.put(List.of(), new Score(0, none));
        for (int t = 0; t < steps; t++) {
            Map<List<Integer>, double[]> next = new HashMap<>();
            for (Map.Entry<List<Integer>, Score> e : beams.entrySet()) {
                List<Integer> prefix = e.getKey();
                Score s = e.getValue();
                int last = prefix.isEmpty() ? -1 : prefix.get(prefix.size() - 1);
                double[] same = next.computeIfAbsent(prefix, k -> new double[] {none, none});
                same[0] = logAdd(same[0], s.total() + logProbs[t * classes]);
                if (last > 0) {
                    same[1] = logAdd(same[1], s.label() + logProbs[t * classes + last]);
                }
                for (int c = 1; c < classes; c++) {
                    List<Integer> extended = new ArrayList<>(prefix);
                    extended.add(c);
                    double[] target = next.computeIfAbsent(List.copyOf(extended), k -> new double[] {none, none});
                    double from = c == last ? s.blank() : s.total();
                    target[1] = logAdd(target[1], from + logProbs[t * classes + c]);
                }
            }
            beams = new HashMap<>();
            List<Map.Entry<List<Integer>, double[]>> ranked = new ArrayList<>(next.entrySet());
            ranked.sort((a, b) -> Double.compare(logAdd(b.getValue()[0], b.getValue()[1]),
                    logAdd(a.getValue()[0], a.getValue()[1])));
            for (int i = 0; i < Math.min(width, ranked.size()); i++) {
                beams.put(ranked.get(i).getKey(), new Score(ranked.get(i).getValue()[0], ranked.get(i).getValue()[1]));
            }
        }
        List<Integer> best = List.of();
        double bestScore = Double.NEGATIVE_INFINITY;
        for (Map.Entry<List<Integer>, Score> e : beams.entrySet()) {
            if (e.getValue().total() > bestScore) {
                bestScore = e.getValue().total();
                best = e.getKey();
            }
        }
        return best;
    }

    static double logAdd(double a, double b) {
        if (a == Double.NEGATIVE_INFINITY) {
            return b;
        }
        if (b == Double.NEGATIVE_INFINITY) {
            return a;
        }
        double max = Math.max(a, b);
        return max + Math.log1p(Math.exp(-Math.abs(a - b)));
    }
}
