package org.corenn.benchmarks;

import java.util.List;

import org.corenn.io.HostArray;

/** Compares an engine's outputs with PyTorch's reference before anything is timed. */
public final class OutputCheck {
    static final double ABSOLUTE = 1e-4;
    static final double RELATIVE = 1e-3;

    private OutputCheck() {
    }

    /**
     * Throws unless every output has the reference's element count and every element is within
     * {@code 1e-4 + 1e-3 * |reference|}; returns the largest absolute difference.
     */
    public static double verify(BenchCase benchCase, String engine, List<float[]> actual) {
        List<HostArray> expected = benchCase.expected();
        if (actual.size() < expected.size()) {
            throw new IllegalStateException(engine + " on " + benchCase.name() + ": " + actual.size()
                    + " outputs, the reference has " + expected.size());
        }
        double worst = 0;
        for (int o = 0; o < expected.size(); o++) {
            float[] want = expected.get(o).toFloatArray();
            float[] got = actual.get(o);
            if (got.length != want.length) {
                throw new IllegalStateException(engine + " on " + benchCase.name() + ": output " + o + " has "
                        + got.length + " values, the reference " + expected.get(o).shape() + " has " + want.length);
            }
            for (int i = 0; i < want.length; i++) {
                double diff = Math.abs((double) got[i] - want[i]);
                if (!(diff <= ABSOLUTE + RELATIVE * Math.abs(want[i]))) {
                    throw new IllegalStateException(engine + " on " + benchCase.name() + ": output " + o + "[" + i
                            + "] = " + got[i] + ", PyTorch gives " + want[i]);
                }
                worst = Math.max(worst, diff);
            }
        }
        return worst;
    }
}
