package org.corenn.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class MovingFashionMnistTest {
    private static final int FRAME = MovingFashionMnist.CANVAS * MovingFashionMnist.CANVAS;
    private static final int ITEM_PIXELS = MovingFashionMnist.ITEM * MovingFashionMnist.ITEM;

    @Test
    void shrink_averagesEach2x2Block_roundingHalfUp() {
        byte[] image = new byte[2 * 28 * 28];
        image[0] = 1;
        image[1] = 2;
        image[28] = 3;
        image[29] = 4;       // (1 + 2 + 3 + 4 + 2) / 4 = 3
        image[784 + 2 * 28 * 13 + 2 * 13] = (byte) 255;
        image[784 + 2 * 28 * 13 + 2 * 13 + 29] = (byte) 255;   // (510 + 2) / 4 = 128
        byte[] small = MovingFashionMnist.shrink(image);
        assertEquals(2 * ITEM_PIXELS, small.length);
        assertEquals(3, small[0]);
        assertEquals(128, small[2 * ITEM_PIXELS - 1] & 0xff);
        assertEquals(2, countNonZero(small));
    }

    @Test
    void solidItems_stayWholeOnTheCanvas_andMove() {
        byte[] solid = new byte[3 * ITEM_PIXELS];
        Arrays.fill(solid, (byte) 255);
        MovingFashionMnist data = new MovingFashionMnist(solid);
        SplittableRandom random = new SplittableRandom(7);
        for (int s = 0; s < 50; s++) {
            float[] frames = data.sequence(random, 40);
            for (int t = 0; t < 40; t++) {
                int lit = 0;
                for (int i = 0; i < FRAME; i++) {
                    float v = frames[t * FRAME + i];
                    assertTrue(v == 0f || v == 1f, "pixel " + v);
                    lit += v > 0 ? 1 : 0;
                }
                // two 14x14 items that never leave the 32x32 canvas light 196 (full overlap) to 392 pixels
                assertTrue(lit >= ITEM_PIXELS && lit <= 2 * ITEM_PIXELS, "sequence " + s + " frame " + t + ": " + lit);
            }
            assertFalse(Arrays.equals(Arrays.copyOfRange(frames, 0, FRAME), Arrays.copyOfRange(frames, FRAME, 2 * FRAME)),
                    "items move at least one pixel per frame");
        }
    }

    @Test
    void sameSeed_sameSequence() {
        byte[] items = new byte[5 * ITEM_PIXELS];
        new SplittableRandom(1).nextBytes(items);
        MovingFashionMnist data = new MovingFashionMnist(items);
        assertArrayEquals(data.sequence(new SplittableRandom(3), 11), data.sequence(new SplittableRandom(3), 11));
        assertFalse(Arrays.equals(data.sequence(new SplittableRandom(3), 11), data.sequence(new SplittableRandom(4), 11)));
    }

    @Test
    void badArguments_areRejectedByName() {
        assertThrows(IllegalArgumentException.class, () -> new MovingFashionMnist(new byte[100]));
        assertThrows(IllegalArgumentException.class, () -> MovingFashionMnist.shrink(new byte[100]));
        MovingFashionMnist data = new MovingFashionMnist(new byte[ITEM_PIXELS]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> data.sequence(new SplittableRandom(1), 0));
        assertTrue(e.getMessage().contains("frames"), e.getMessage());
    }

    private static int countNonZero(byte[] a) {
        int n = 0;
        for (byte b : a) {
            n += b != 0 ? 1 : 0;
        }
        return n;
    }
}
