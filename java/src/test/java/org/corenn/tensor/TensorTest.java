package org.corenn.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

import org.corenn.runtime.CpuInfo;
import org.junit.jupiter.api.Test;

class TensorTest {
    @Test
    void of_copiesData_andIndexesInCOrder() {
        float[] data = {1, 2, 3, 4, 5, 6};
        try (Tensor t = Tensor.of(data, 2, 3)) {
            data[0] = 100;
            assertEquals(1f, t.get(0, 0));
            assertEquals(6f, t.get(1, 2));
            assertEquals(4f, t.getFlat(3));
            t.set(-1f, 1, 0);
            assertArrayEquals(new float[] {1, 2, 3, -1, 5, 6}, t.toArray());
            assertEquals(Shape.of(2, 3), t.shape());
        }
    }

    @Test
    void zeros_isZeroFilled() {
        try (Tensor t = Tensor.zeros(3, 5)) {
            for (float v : t.toArray()) {
                assertEquals(0f, v);
            }
        }
    }

    @Test
    void wrap_directBuffer_sharesMemoryWithoutCopying() {
        FloatBuffer buffer = ByteBuffer.allocateDirect(6 * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        buffer.put(0, 7f);
        try (Tensor t = Tensor.wrap(buffer, Shape.of(2, 3))) {
            assertEquals(7f, t.getFlat(0));
            t.setFlat(5, 9f);
            assertEquals(9f, buffer.get(5));
        }
    }

    @Test
    void wrap_rejectsHeapReadOnlyWrongOrderAndShortBuffers() {
        Shape shape = Shape.of(4);
        assertThrows(IllegalArgumentException.class, () -> Tensor.wrap(FloatBuffer.allocate(4), shape));
        FloatBuffer direct = ByteBuffer.allocateDirect(16).order(ByteOrder.nativeOrder()).asFloatBuffer();
        assertThrows(IllegalArgumentException.class, () -> Tensor.wrap(direct.asReadOnlyBuffer(), shape));
        FloatBuffer bigEndian = ByteBuffer.allocateDirect(16).order(ByteOrder.BIG_ENDIAN).asFloatBuffer();
        IllegalArgumentException order = assertThrows(IllegalArgumentException.class,
                () -> Tensor.wrap(bigEndian, shape));
        assertTrue(order.getMessage().contains("native byte order"), order.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.wrap(direct, Shape.of(5)));
    }

    @Test
    void close_secondCloseHarmless_useAfterCloseThrows() {
        Tensor t = Tensor.zeros(2, 2);
        t.close();
        assertDoesNotThrow(t::close);
        assertTrue(t.isClosed());
        IllegalStateException e = assertThrows(IllegalStateException.class, t::toArray);
        assertTrue(e.getMessage().contains("tensor [2, 2] is closed"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> t.getFlat(0));
        assertThrows(IllegalStateException.class, () -> t.copyFrom(new float[4]));
        assertEquals("Tensor[2, 2] (closed)", t.toString());
    }

    @Test
    void badArguments_nameTheProblem() {
        try (Tensor t = Tensor.zeros(2, 3)) {
            IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
                    () -> Tensor.of(new float[5], 2, 3));
            assertTrue(length.getMessage().contains("5 values but shape [2, 3] needs 6"), length.getMessage());
            assertThrows(IndexOutOfBoundsException.class, () -> t.get(2, 0));
            assertThrows(IndexOutOfBoundsException.class, () -> t.getFlat(-1));
            assertThrows(IllegalArgumentException.class, () -> t.get(1));
            assertThrows(IllegalArgumentException.class, () -> t.copyFrom(new float[7]));
            assertThrows(NullPointerException.class, () -> t.copyTo(null));
            assertThrows(NullPointerException.class, () -> Tensor.of(null, Shape.of(1)));
        }
    }

    @Test
    void closing_freesNativeMemory() {
        long before = CpuInfo.liveNativeAllocations();
        Tensor[] tensors = new Tensor[10];
        for (int i = 0; i < tensors.length; i++) {
            tensors[i] = Tensor.zeros(100, i + 1);
        }
        assertEquals(before + tensors.length, CpuInfo.liveNativeAllocations());
        for (Tensor t : tensors) {
            t.close();
        }
        assertEquals(before, CpuInfo.liveNativeAllocations());
    }
}
