package org.corenn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.corenn.runtime.CorennException;
import org.corenn.tensor.Shape;
import org.junit.jupiter.api.Test;

/** Files NumPy itself wrote (tools/fixtures/make_io_fixtures.py): every dtype, both byte orders, v1-v3. */
class NpyFixturesTest {
    private static final Shape SHAPE = Shape.of(2, 3);
    /** The fixtures' base array [[-2, -1, 0], [1, 2, 3]]. */
    private static final long[] BASE = {-2, -1, 0, 1, 2, 3};

    private static HostArray read(String name) throws IOException {
        return Npy.read(Fixtures.path("io/npy/" + name + ".npy"));
    }

    private static HostArray floats(DataType type, double scale) {
        float[] values = new float[BASE.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (BASE[i] * scale);
        }
        return HostArray.ofFloats(type, values, SHAPE);
    }

    private static HostArray longs(DataType type, long scale, long shift) {
        long[] values = new long[BASE.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = (BASE[i] + shift) * scale;
        }
        return HostArray.ofLongs(type, values, SHAPE);
    }

    @Test
    void floats_bothByteOrders() throws IOException {
        assertEquals(floats(DataType.FLOAT32, 0.5), read("f4_le"));
        assertEquals(floats(DataType.FLOAT32, 0.5), read("f4_be"));
        assertEquals(floats(DataType.FLOAT64, 0.25), read("f8_le"));
        assertEquals(floats(DataType.FLOAT64, 0.25), read("f8_be"));
        assertEquals(floats(DataType.FLOAT16, 0.5), read("f2_le"));
    }

    @Test
    void integersAndBool_bothByteOrders() throws IOException {
        assertEquals(longs(DataType.INT8, 1, 0), read("i1"));
        assertEquals(longs(DataType.UINT8, 50, 2), read("u1"));
        assertEquals(longs(DataType.INT16, 1000, 0), read("i2_be"));
        assertEquals(longs(DataType.INT32, 100000, 0), read("i4_le"));
        assertEquals(longs(DataType.INT32, 100000, 0), read("i4_be"));
        assertEquals(longs(DataType.INT64, 10000000000L, 0), read("i8_le"));
        assertEquals(longs(DataType.INT64, 10000000000L, 0), read("i8_be"));
        assertEquals(HostArray.ofLongs(DataType.BOOL, new long[] {0, 0, 0, 1, 1, 1}, SHAPE), read("b1"));
    }

    @Test
    void versions2And3_andScalarEmptyRank4() throws IOException {
        assertEquals(floats(DataType.FLOAT32, 0.5), read("v2_f4"));
        assertEquals(floats(DataType.FLOAT32, 0.5), read("v3_f4"));
        assertEquals(HostArray.ofFloat32(new float[] {1.5f}, Shape.of()), read("scalar_f4"));
        assertEquals(Shape.of(0, 3), read("empty_f4").shape());
        HostArray rank4 = read("rank4_f4");
        assertEquals(Shape.of(2, 3, 4, 5), rank4.shape());
        assertEquals(119f, rank4.getFloat(119));
    }

    @Test
    void fortranOrder_rejected() {
        String message = assertThrows(CorennException.class, () -> read("fortran_f4")).getMessage();
        assertTrue(message.contains("fortran_order is True"), message);
    }

    @Test
    void writtenFile_isByteIdenticalToNumpys() throws IOException {
        HostArray array = read("f4_le");
        byte[] numpy = Files.readAllBytes(Fixtures.path("io/npy/f4_le.npy"));
        assertArrayEquals(numpy, Npy.toBytes(array));
    }

    @Test
    void kernelFixtures_allRead() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(Fixtures.path("kernels"))) {
            files = walk.filter(p -> p.toString().endsWith(".npy")).collect(Collectors.toList());
        }
        assertTrue(files.size() > 50, "found " + files.size() + " kernel fixtures");
        for (Path file : files) {
            HostArray array = Npy.read(file);
            assertEquals(array.shape().size(), array.size(), file.toString());
        }
    }
}
