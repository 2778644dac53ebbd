package org.corenn.reliability;

import java.util.Random;

/**
 * Random arguments for the fuzz tests: usually ordinary, sometimes hostile (zero, negative and huge
 * sizes; NaN, infinities, signed zeros, denormals and large magnitudes in data).
 */
final class HostileValues {
    private static final int[] HOSTILE_SIZES = {0, -1, -7, Integer.MIN_VALUE, Integer.MAX_VALUE, 1 << 16, 1 << 30};
    private static final float[] HOSTILE_FLOATS = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f,
        -0f, Float.MIN_VALUE, Float.MIN_NORMAL, 1e30f, -1e30f};

    private final Random random;

    HostileValues(Random random) {
        this.random = random;
    }

    Random random() {
        return random;
    }

    boolean chance(double p) {
        return random.nextDouble() < p;
    }

    /** In [1, max] most of the time, a hostile size with probability {@code hostile}. */
    int size(int max, double hostile) {
        return chance(hostile) ? HOSTILE_SIZES[random.nextInt(HOSTILE_SIZES.length)] : 1 + random.nextInt(max);
    }

    /** Values in [-1, 1]; with {@code hostile} > 0 some are NaN, infinite, denormal or huge. */
    float[] floats(int n, double hostile) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = chance(hostile) ? HOSTILE_FLOATS[random.nextInt(HOSTILE_FLOATS.length)] : random.nextFloat() * 2 - 1;
        }
        return v;
    }

    static boolean allFinite(float[] values) {
        for (float v : values) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
