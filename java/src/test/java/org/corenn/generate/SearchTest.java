package org.corenn.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class SearchTest {
    private static final int START = 0;
    private static final int END = 1;

    /**
     * Tokens: 0 start, 1 end, 2 A, 3 B, 4 C, 5 x, 6 y. First A (0.6) or B (0.4); after A: C 0.4, x 0.3,
     * y 0.3; after B: C 0.9, x 0.1; then surely the end. Greedy: A C = 0.24; the best: B C = 0.36.
     */
    private static double[][][] trap() {
        double[][] first = new double[7][7];
        double[][] second = new double[7][7];
        for (int k = 0; k < 7; k++) {
            set(first[k], 2, 0.6, 3, 0.4);
            set(second[k], END, 1.0);
        }
        set(second[2], 4, 0.4, 5, 0.3, 6, 0.3);
        set(second[3], 4, 0.9, 5, 0.1);
        return new double[][][] {first, second, endRow(7)};
    }

    private static void set(double[] r, Object... pairs) {
        java.util.Arrays.fill(r, Math.log(1e-9));
        for (int i = 0; i < pairs.length; i += 2) {
            r[(int) pairs[i]] = Math.log((double) pairs[i + 1]);
        }
    }

    @Test
    void greedyTakesTheLocallyBestToken_beamFindsTheBetterSequence() {
        double[][][] table = trap();
        Hypothesis greedy = GreedySearch.decode(new TableDecoder(table, 1), new int[] {START}, END, 5);
        assertArrayEquals(new int[] {2, 4}, greedy.tokens());
        assertTrue(greedy.finished());
        assertEquals(Math.log(0.24), greedy.logProbability(), 1e-6);

        List<Hypothesis> beam = new BeamSearch(2).decode(new TableDecoder(table, 2), new int[] {START}, END, 5);
        assertEquals(2, beam.size());
        assertArrayEquals(new int[] {3, 4}, beam.get(0).tokens());
        assertEquals(Math.log(0.36), beam.get(0).logProbability(), 1e-6);
        assertArrayEquals(new int[] {2, 4}, beam.get(1).tokens());
    }

    /** From position 1 on, every token is followed by the end token. */
    private static double[][] endRow(int v) {
        double[][] row = new double[v][v];
        for (double[] r : row) {
            java.util.Arrays.fill(r, Math.log(1e-9));
            r[END] = 0;
        }
        return row;
    }

    @Test
    void beamAsWideAsTheTree_findsTheExactBestSequence() {
        SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 20; trial++) {
            int v = 4;
            int maxLength = 3;
            double[][][] table = randomTable(random, 4, v);
            TableDecoder exact = new TableDecoder(table, 1);
            double best = Double.NEGATIVE_INFINITY;
            for (int[] seq : allSequences(v, maxLength)) {
                if (!containsEnd(seq)) {
                    best = Math.max(best, exact.score(seq, END, true));
                }
            }
            int width = 128;    // >= every candidate at every depth (27 live prefixes x 4 tokens)
            List<Hypothesis> found = new BeamSearch(width).decode(new TableDecoder(table, width), new int[] {START}, END,
                    maxLength);
            assertEquals(best, found.get(0).logProbability(), 1e-5, "trial " + trial);
            for (Hypothesis h : found) {
                assertEquals(exact.score(h.tokens(), END, true), h.logProbability(), 1e-5);
            }
            for (int i = 1; i < found.size(); i++) {
                assertTrue(found.get(i - 1).logProbability() >= found.get(i).logProbability());
            }
        }
    }

    @Test
    void beamOfOne_isGreedy() {
        SplittableRandom random = new SplittableRandom(11);
        for (int trial = 0; trial < 20; trial++) {
            double[][][] table = randomTable(random, 6, 9);
            Hypothesis greedy = GreedySearch.decode(new TableDecoder(table, 1), new int[] {START}, END, 8);
            Hypothesis beam = new BeamSearch(1).decode(new TableDecoder(table, 1), new int[] {START}, END, 8).get(0);
            assertArrayEquals(greedy.tokens(), beam.tokens(), "trial " + trial);
            assertEquals(greedy.logProbability(), beam.logProbability(), 1e-9);
            assertEquals(greedy.finished(), beam.finished());
        }
    }

    @Test
    void lengthLimit_cutsHypothesesAndMarksThemUnfinished() {
        double[][] row = new double[3][3];
        for (double[] r : row) {
            set(r, 2, 0.99, END, 0.01);
        }
        double[][][] table = {row};
        Hypothesis greedy = GreedySearch.decode(new TableDecoder(table, 1), new int[] {START}, END, 4);
        assertArrayEquals(new int[] {2, 2, 2, 2}, greedy.tokens());
        assertFalse(greedy.finished());
        List<Hypothesis> beam = new BeamSearch(2).decode(new TableDecoder(table, 2), new int[] {START}, END, 4);
        assertTrue(beam.get(0).finished(), "within the limit some hypotheses end: " + beam);
        assertTrue(beam.get(0).length() <= 4);
    }

    @Test
    void lengthPenalty_favoursLongerFinishedHypotheses() {
        // End now with p 0.5, or continue with 2 (0.5) and end surely: equal log-probability (log 0.5)
        // at lengths 0 and 1, so alpha 0 keeps the shorter (found first), alpha 1 the longer.
        double[][] first = new double[3][3];
        for (double[] r : first) {
            set(r, END, 0.5, 2, 0.5);
        }
        double[][][] table = {first, endRow(3)};
        List<Hypothesis> plain = new BeamSearch(2).decode(new TableDecoder(table, 2), new int[] {START}, END, 4);
        assertEquals(0, plain.get(0).length());
        List<Hypothesis> penalised = new BeamSearch(2).lengthPenalty(1.0)
                .decode(new TableDecoder(table, 2), new int[] {START}, END, 4);
        assertEquals(1, penalised.get(0).length());
    }

    @Test
    void sampler_atTemperatureZeroOrTopOne_isGreedy_andOtherwiseFollowsTheDistribution() {
        SplittableRandom random = new SplittableRandom(3);
        double[][][] table = randomTable(random, 5, 6);
        Hypothesis greedy = GreedySearch.decode(new TableDecoder(table, 1), new int[] {START}, -1, 6);
        assertArrayEquals(greedy.tokens(), new TemperatureSampler(0)
                .sample(new TableDecoder(table, 1), new int[] {START}, -1, 6, new Random(1)).tokens());
        assertArrayEquals(greedy.tokens(), new TemperatureSampler(1.0, 1)
                .sample(new TableDecoder(table, 1), new int[] {START}, -1, 6, new Random(1)).tokens());

        // The first token's frequencies over many draws at T = 1 match softmax(logits).
        double[] p = new double[6];
        double sum = 0;
        for (int k = 0; k < 6; k++) {
            p[k] = Math.exp(table[0][START][k]);
            sum += p[k];
        }
        int n = 20000;
        int[] counts = new int[6];
        Random r = new Random(5);
        TemperatureSampler sampler = new TemperatureSampler(1.0);
        for (int i = 0; i < n; i++) {
            counts[sampler.sample(new TableDecoder(table, 1), new int[] {START}, -1, 1, r).tokens()[0]]++;
        }
        for (int k = 0; k < 6; k++) {
            double want = p[k] / sum;
            assertEquals(want, counts[k] / (double) n, 4 * Math.sqrt(want * (1 - want) / n) + 1e-3, "token " + k);
        }
        // topK = 2: only the two most likely first tokens ever appear.
        TemperatureSampler top2 = new TemperatureSampler(1.0, 2);
        int[] sortedIdx = java.util.stream.IntStream.range(0, 6).boxed()
                .sorted((a, b) -> Double.compare(table[0][START][b], table[0][START][a])).mapToInt(i -> i).toArray();
        for (int i = 0; i < 2000; i++) {
            int t = top2.sample(new TableDecoder(table, 1), new int[] {START}, -1, 1, r).tokens()[0];
            assertTrue(t == sortedIdx[0] || t == sortedIdx[1], "token " + t);
        }
    }

    @Test
    void badArguments_throwNamingTheParameter() {
        TableDecoder d = new TableDecoder(trap(), 2);
        assertThrows(IllegalArgumentException.class, () -> new BeamSearch(0));
        assertThrows(IllegalArgumentException.class, () -> new BeamSearch(2).lengthPenalty(Double.NaN));
        IllegalArgumentException wide = assertThrows(IllegalArgumentException.class,
                () -> new BeamSearch(3).decode(d, new int[] {START}, END, 4));
        assertTrue(wide.getMessage().contains("capacity"), wide.getMessage());
        IllegalArgumentException prompt = assertThrows(IllegalArgumentException.class,
                () -> GreedySearch.decode(d, new int[] {START, 9}, END, 4));
        assertTrue(prompt.getMessage().contains("prompt[1]"), prompt.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GreedySearch.decode(d, new int[0], END, 4));
        assertThrows(IllegalArgumentException.class, () -> GreedySearch.decode(d, new int[] {START}, 7, 4));
        assertThrows(IllegalArgumentException.class, () -> GreedySearch.decode(d, new int[] {START}, END, 0));
        assertThrows(IllegalArgumentException.class, () -> new TemperatureSampler(-1));
        assertThrows(NullPointerException.class, () -> new TemperatureSampler(1).sample(d, new int[] {START}, END, 3, null));
    }

    private static double[][][] randomTable(SplittableRandom random, int positions, int v) {
        double[][][] t = new double[positions][v][v];
        for (double[][] pos : t) {
            for (double[] row : pos) {
                double sum = 0;
                for (int k = 0; k < v; k++) {
                    row[k] = Math.exp(3 * random.nextDouble());
                    sum += row[k];
                }
                for (int k = 0; k < v; k++) {
                    row[k] = Math.log(row[k] / sum);
                }
            }
        }
        return t;
    }

    private static List<int[]> allSequences(int v, int maxLength) {
        List<int[]> out = new ArrayList<>();
        out.add(new int[0]);
        List<int[]> frontier = List.of(new int[0]);
        for (int len = 1; len <= maxLength; len++) {
            List<int[]> next = new ArrayList<>();
            for (int[] prefix : frontier) {
                for (int k = 0; k < v; k++) {
                    int[] s = java.util.Arrays.copyOf(prefix, len);
                    s[len - 1] = k;
                    next.add(s);
                }
            }
            out.addAll(next);
            frontier = next;
        }
        return out;
    }

    private static boolean containsEnd(int[] seq) {
        for (int t : seq) {
            if (t == END) {
                return true;
            }
        }
        return false;
    }
}
