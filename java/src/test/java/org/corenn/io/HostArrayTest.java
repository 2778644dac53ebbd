package org.corenn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.corenn.tensor.Shape;
import org.corenn.tensor.Tensor;
import org.junit.jupiter.api.Test;

class HostArrayTest {
    @Test
    void factories_copyTheirInput() {
        float[] values = {1, 2};
        HostArray array = HostArray.ofFloat32(values, Shape.of(2));
        values[0] = 9;
        assertEquals(1f, array.getFloat(0));
        array.toFloatArray()[1] = 9;
        assertEquals(2f, array.getFloat(1));
    }

    @Test
    void factories_checkLengthTypeAndRange() {
        assertThrows(IllegalArgumentException.class, () -> HostArray.ofFloat32(new float[3], Shape.of(2)));
        Shape one = Shape.of(1);
        assertThrows(IllegalArgumentException.class, () -> HostArray.ofFloats(DataType.INT32, new float[1], one));
        assertThrows(IllegalArgumentException.class, () -> HostArray.ofLongs(DataType.FLOAT32, new long[1], one));
        assertThrows(IllegalArgumentException.class, () -> HostArray.ofLongs(DataType.UINT8, new long[] {256}, one));
        assertThrows(IllegalArgumentException.class, () -> HostArray.ofLongs(DataType.BOOL, new long[] {2}, one));
        assertThrows(NullPointerException.class, () -> HostArray.ofFloat32(null, Shape.of(0)));
    }

    @Test
    void conversions_integersToFloat_floatsNotToLong() {
        HostArray ints = HostArray.ofLongs(DataType.INT32, new long[] {-3, 7}, Shape.of(2));
        assertArrayEquals(new float[] {-3, 7}, ints.toFloatArray());
        assertArrayEquals(new long[] {-3, 7}, ints.toLongArray());
        assertEquals(7, ints.getLong(1));
        HostArray floats = HostArray.ofFloat32(new float[] {1}, Shape.of(1));
        assertThrows(IllegalStateException.class, floats::toLongArray);
        assertThrows(IllegalStateException.class, () -> floats.getLong(0));
        assertThrows(IndexOutOfBoundsException.class, () -> floats.getFloat(1));
    }

    @Test
    void equality_byTypeShapeAndBits() {
        HostArray a = HostArray.ofFloat32(new float[] {Float.NaN, 1}, Shape.of(2));
        assertEquals(a, HostArray.ofFloat32(new float[] {Float.NaN, 1}, Shape.of(2)));
        assertEquals(a.hashCode(), HostArray.ofFloat32(new float[] {Float.NaN, 1}, Shape.of(2)).hashCode());
        assertNotEquals(a, HostArray.ofFloat32(new float[] {Float.NaN, 1}, Shape.of(1, 2)));
        assertNotEquals(a, HostArray.ofFloats(DataType.FLOAT16, new float[] {Float.NaN, 1}, Shape.of(2)));
        assertEquals("HostArray(FLOAT32 [2])", a.toString());
    }

    @Test
    void toTensor_copiesValuesAndShape_integersAsFloats() {
        HostArray ints = HostArray.ofLongs(DataType.INT8, new long[] {-1, 2, 3, 4, 5, 6}, Shape.of(2, 3));
        try (Tensor tensor = ints.toTensor()) {
            assertEquals(Shape.of(2, 3), tensor.shape());
            assertArrayEquals(new float[] {-1, 2, 3, 4, 5, 6}, tensor.toArray());
        }
    }

    @Test
    void halfFloats_specialValuesWidenExactly() {
        assertEquals(65504f, HalfFloats.float16ToFloat(0x7bff));
        assertEquals(0x1p-24f, HalfFloats.float16ToFloat(0x0001));
        assertEquals(-0f, HalfFloats.float16ToFloat(0x8000));
        assertEquals(Float.NEGATIVE_INFINITY, HalfFloats.float16ToFloat(0xfc00));
        assertEquals(Float.NaN, HalfFloats.float16ToFloat(0x7e00));
        assertEquals(0x1p-14f, HalfFloats.float16ToFloat(0x0400));
        assertEquals(3.140625f, HalfFloats.bfloat16ToFloat(0x4049));
    }
}
