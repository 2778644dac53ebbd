package org.corenn.demo;

import java.util.SplittableRandom;

/**
 * Moving-MNIST-style sequences made of Fashion-MNIST items, the data of the {@code nextframe} demo: the
 * generator of tools/models/train_next_frame.py (same rules, not the same random numbers). Two items, each
 * a Fashion-MNIST image shrunk to 14x14, start at uniform random positions on a black 32x32 canvas and move
 * in a uniform random direction at 1 to 2.5 pixels per frame, bouncing off the borders; where they overlap
 * the brighter pixel wins.
 */
public final class MovingFashionMnist {
    public static final int CANVAS = 32;
    public static final int ITEM = 14;
    static final int ITEMS_PER_SEQUENCE = 2;
    static final double SPEED_MIN = 1.0;
    static final double SPEED_MAX = 2.5;
    private static final int LIMIT = CANVAS - ITEM;

    private final byte[] items;
    private final int itemCount;

    /** @param items uint8 {@code [n, 14, 14]} (see {@link #shrink}) */
    public MovingFashionMnist(byte[] items) {
        if (items == null || items.length == 0 || items.length % (ITEM * ITEM) != 0) {
            throw new IllegalArgumentException("moving fashion-mnist: items must hold n >= 1 images of 14x14 bytes, got "
                    + (items == null ? "null" : items.length + " bytes"));
        }
        this.items = items.clone();
        this.itemCount = items.length / (ITEM * ITEM);
    }

    /** uint8 28x28 images (IDX order) to 14x14: the mean of each 2x2 block, rounded half up, as the script does. */
    public static byte[] shrink(byte[] images) {
        if (images == null || images.length % (28 * 28) != 0) {
            throw new IllegalArgumentException("moving fashion-mnist: images must be whole 28x28 images");
        }
        int n = images.length / (28 * 28);
        byte[] out = new byte[n * ITEM * ITEM];
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < ITEM; r++) {
                for (int c = 0; c < ITEM; c++) {
                    int at = i * 784 + 2 * r * 28 + 2 * c;
                    int sum = (images[at] & 0xff) + (images[at + 1] & 0xff) + (images[at + 28] & 0xff)
                            + (images[at + 29] & 0xff);
                    out[(i * ITEM + r) * ITEM + c] = (byte) ((sum + 2) / 4);
                }
            }
        }
        return out;
    }

    public int itemCount() {
        return itemCount;
    }

    /** One sequence, {@code [frames][32][32]} with values in [0, 1] (uint8 / 255). */
    public float[] sequence(SplittableRandom random, int frames) {
        if (frames < 1) {
            throw new IllegalArgumentException("moving fashion-mnist: frames must be >= 1, got " + frames);
        }
        int[] canvas = new int[frames * CANVAS * CANVAS];
        for (int k = 0; k < ITEMS_PER_SEQUENCE; k++) {
            int item = random.nextInt(itemCount);
            double[] pos = {random.nextDouble(0, LIMIT), random.nextDouble(0, LIMIT)};   // row, column
            double angle = random.nextDouble(0, 2 * Math.PI);
            double speed = random.nextDouble(SPEED_MIN, SPEED_MAX);
            double[] vel = {speed * Math.sin(angle), speed * Math.cos(angle)};
            for (int t = 0; t < frames; t++) {
                draw(item, (int) Math.floor(pos[0] + 0.5), (int) Math.floor(pos[1] + 0.5), canvas, t);
                for (int d = 0; d < 2; d++) {
                    pos[d] += vel[d];
                    if (pos[d] < 0) {
                        pos[d] = -pos[d];
                        vel[d] = -vel[d];
                    } else if (pos[d] > LIMIT) {
                        pos[d] = 2 * LIMIT - pos[d];
                        vel[d] = -vel[d];
                    }
                }
            }
        }
        float[] out = new float[canvas.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = canvas[i] / 255f;
        }
        return out;
    }

    private void draw(int item, int top, int left, int[] canvas, int frame) {
        for (int r = 0; r < ITEM; r++) {
            int row = (frame * CANVAS + top + r) * CANVAS + left;
            for (int c = 0; c < ITEM; c++) {
                canvas[row + c] = Math.max(canvas[row + c], items[(item * ITEM + r) * ITEM + c] & 0xff);
            }
        }
    }
}
