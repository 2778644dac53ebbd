package org.corenn.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShapeTest {
    @Test
    void of_sizeRankAndNegativeAxes() {
        Shape s = Shape.of(2, 3, 4);
        assertEquals(24, s.size());
        assertEquals(3, s.rank());
        assertEquals(4, s.dim(-1));
        assertEquals(2, s.dim(0));
        assertEquals("[2, 3, 4]", s.toString());
        assertEquals(Shape.of(2, 3, 4), s);
        assertEquals(1, Shape.of().size());
        assertEquals(Shape.of(2, 5, 4), s.withDim(1, 5));
    }

    @Test
    void dims_isACopy() {
        int[] dims = {1, 2};
        Shape s = Shape.of(dims);
        dims[0] = 9;
        s.dims()[1] = 9;
        assertArrayEquals(new int[] {1, 2}, s.dims());
    }

    @Test
    void invalid_throwsWithTheReason() {
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> Shape.of(2, -1));
        assertTrue(negative.getMessage().contains("dimension 1 must be >= 0"), negative.getMessage());
        IllegalArgumentException huge = assertThrows(IllegalArgumentException.class,
                () -> Shape.of(65536, 65536));
        assertTrue(huge.getMessage().contains("2^31-1"), huge.getMessage());
        assertThrows(NullPointerException.class, () -> Shape.of((int[]) null));
        IllegalArgumentException axis = assertThrows(IllegalArgumentException.class, () -> Shape.of(2, 3).dim(2));
        assertTrue(axis.getMessage().contains("axis 2"), axis.getMessage());
    }
}
