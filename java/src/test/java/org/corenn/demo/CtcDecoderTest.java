package org.corenn.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

class CtcDecoderTest {
    @Test
    void beamSearch_sumsPathsThatGreedyCannot() {
        // Two steps, classes {blank, a}: best path is "blank blank" (0.36), but "a" collects
        // a·a, a·blank and blank·a = 0.16 + 0.24 + 0.24 = 0.64.
        float[] lp = {(float) Math.log(0.6), (float) Math.log(0.4), (float) Math.log(0.6), (float) Math.log(0.4)};
        assertEquals(List.of(), CtcDecoder.greedy(lp, 2, 2));
        assertEquals(List.of(1), CtcDecoder.beamSearch(lp, 2, 2, 4));
    }

    @Test
    void beamSearch_wideBeam_findsMostProbableLabelling_asBruteForceOverAllPaths() {
        Random random = new Random(3);
        for (int trial = 0; trial < 200; trial++) {
            int steps = 1 + random.nextInt(5);
            int classes = 2 + random.nextInt(3);
            float[] lp = randomLogProbs(random, steps, classes);
            Map<List<Integer>, Double> exact = labellingProbabilities(lp, steps, classes);
            List<Integer> best = exact.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            // A beam as wide as the number of labellings keeps them all: beam search is then exact.
            assertEquals(best, CtcDecoder.beamSearch(lp, steps, classes, 1000), "trial " + trial);
        }
    }

    @Test
    void beamSearch_repeatedLabelNeedsABlankBetween() {
        // Steps: a, blank, a (each certain) -> "aa"; a, a, a -> "a".
        float hi = 0f;
        float lo = -30f;
        assertEquals(List.of(1, 1), CtcDecoder.beamSearch(new float[] {lo, hi, hi, lo, lo, hi}, 3, 2, 4));
        assertEquals(List.of(1), CtcDecoder.beamSearch(new float[] {lo, hi, lo, hi, lo, hi}, 3, 2, 4));
        assertEquals(List.of(1, 1), CtcDecoder.greedy(new float[] {lo, hi, hi, lo, lo, hi}, 3, 2));
    }

    @Test
    void badArguments_namedInTheMessage() {
        float[] lp = new float[6];
        IllegalArgumentException shortInput = assertThrows(IllegalArgumentException.class,
                () -> CtcDecoder.greedy(lp, 4, 2));
        assertTrue(shortInput.getMessage().contains("logProbs"), shortInput.getMessage());
        IllegalArgumentException width = assertThrows(IllegalArgumentException.class,
                () -> CtcDecoder.beamSearch(lp, 3, 2, 0));
        assertTrue(width.getMessage().contains("width"), width.getMessage());
        assertThrows(NullPointerException.class, () -> CtcDecoder.beamSearch(null, 3, 2, 4));
    }

    private static float[] randomLogProbs(Random random, int steps, int classes) {
        float[] lp = new float[steps * classes];
        for (int t = 0; t < steps; t++) {
            double[] e = new double[classes];
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                e[c] = Math.exp(2 * random.nextGaussian());
                sum += e[c];
            }
            for (int c = 0; c < classes; c++) {
                lp[t * classes + c] = (float) Math.log(e[c] / sum);
            }
        }
        return lp;
    }

    /** Every path of classes^steps, collapsed (merge repeats, drop blanks), its probability summed per labelling. */
    private static Map<List<Integer>, Double> labellingProbabilities(float[] lp, int steps, int classes) {
        Map<List<Integer>, Double> sums = new HashMap<>();
        int paths = (int) Math.pow(classes, steps);
        for (int path = 0; path < paths; path++) {
            List<Integer> labels = new ArrayList<>();
            double p = 1;
            int previous = 0;
            for (int t = 0, rest = path; t < steps; t++, rest /= classes) {
                int c = rest % classes;
                p *= Math.exp(lp[t * classes + c]);
                if (c != 0 && c != previous) {
                    labels.add(c);
                }
                previous = c;
            }
            sums.merge(labels, p, Double::sum);
        }
        return sums;
    }
}
