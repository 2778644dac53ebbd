package org.corenn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.corenn.runtime.CorennException;
import org.corenn.tensor.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
    @TempDir
    Path dir;

    /** A version-1 .npy file with the given header dict and data bytes. */
    static byte[] npy(String dict, byte[] data) {
        byte[] header = (dict + "\n").getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer out = ByteBuffer.allocate(10 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length);
        return out.put(header).put(data).array();
    }

    private static String errorOf(byte[] bytes) {
        return assertThrows(CorennException.class, () -> Npy.read(bytes)).getMessage();
    }

    private static void assertContains(String message, String part) {
        assertTrue(message.contains(part), () -> "expected '" + part + "' in: " + message);
    }

    @Test
    void float32_roundTrip_throughFile() throws IOException {
        HostArray array = HostArray.ofFloat32(new float[] {1.5f, -2f, Float.NaN, 0f, 1e-40f, 7f}, Shape.of(2, 3));
        Path file = dir.resolve("a.npy");
        Npy.write(file, array);
        assertEquals(array, Npy.read(file));
        assertEquals(0, (Files.size(file) - 24) % 64, "NumPy starts the data on a 64-byte boundary");
    }

    @Test
    void int64_roundTrip_scalarAndEmptyAndRank1() {
        for (Shape shape : new Shape[] {Shape.of(), Shape.of(0, 3), Shape.of(4)}) {
            long[] values = new long[shape.size()];
            Arrays.fill(values, Long.MIN_VALUE);
            HostArray array = HostArray.ofInt64(values, shape);
            assertEquals(array, Npy.read(Npy.toBytes(array)));
        }
    }

    @Test
    void write_headerIsWhatNumpyWrites() {
        byte[] bytes = Npy.toBytes(HostArray.ofFloat32(new float[3], Shape.of(3)));
        String header = new String(bytes, 10, bytes.length - 10 - 12, StandardCharsets.ISO_8859_1);
        assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", header.trim());
        assertEquals(0, (10 + header.length()) % 64);
    }

    @Test
    void write_otherTypes_rejected() {
        HostArray bool = HostArray.ofLongs(DataType.BOOL, new long[] {1}, Shape.of(1));
        assertThrows(IllegalArgumentException.class, () -> Npy.toBytes(bool));
    }

    @Test
    void read_headerVariants_pythonTwoLongsAndDoubleQuotesAndKeyOrder() {
        byte[] data = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(1).putFloat(2).array();
        HostArray expected = HostArray.ofFloat32(new float[] {1, 2}, Shape.of(1, 2));
        assertEquals(expected, Npy.read(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1L, 2L), }", data)));
        String reordered = "{\"shape\": (1, 2), \"fortran_order\": False, \"descr\": \"<f4\"}  ";
        assertEquals(expected, Npy.read(npy(reordered, data)));
    }

    @Test
    void fortranOrder_rejectedWithAdvice() {
        assertContains(errorOf(npy("{'descr': '<f4', 'fortran_order': True, 'shape': (1,), }", new byte[4])),
                "fortran_order is True; only C-order arrays are supported");
    }

    @Test
    void dataSize_mustMatchShape() {
        assertEquals("npy: data has 7 bytes, shape [2] of FLOAT32 needs 8",
                errorOf(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", new byte[7])));
        assertContains(errorOf(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", new byte[9])),
                "data has 9 bytes");
    }

    @Test
    void hugeOrNegativeShapes_rejected() {
        assertContains(errorOf(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (100000, 100000), }",
                new byte[8])), "more than 2^31-1 elements");
        assertContains(errorOf(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (-1,), }", new byte[8])),
                "shape dimensions must be >= 0");
        assertContains(errorOf(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999,), }",
                new byte[8])), "is too large");
    }

    @Test
    void badHeaders_rejected() {
        assertContains(errorOf(npy("{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", new byte[8])),
                "descr '<c8' is not supported");
        assertContains(errorOf(npy("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }", new byte[4])),
                "expected a string, a tuple, True or False");
        assertContains(errorOf(npy("{'descr': '<f4', 'fortran_order': False}", new byte[4])), "key 'shape' is missing");
        assertContains(errorOf(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': 1}", new byte[4])),
                "expected a string, a tuple, True or False");
        assertContains(errorOf(npy("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (1,)}",
                new byte[4])), "appears twice");
        assertContains(errorOf(npy("{'descr': '<f4', 'fortran_order': 'no', 'shape': (1,)}", new byte[4])),
                "'fortran_order' must be True or False");
        assertContains(errorOf(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,)} junk", new byte[4])),
                "unexpected text after the dictionary");
    }

    @Test
    void badPrefix_rejected() {
        assertContains(errorOf(new byte[] {1, 2, 3}), "too short");
        assertContains(errorOf("NOTNUMPY0000".getBytes(StandardCharsets.US_ASCII)), "missing the magic string");
        byte[] v9 = npy("{}", new byte[0]);
        v9[6] = 9;
        assertContains(errorOf(v9), "format version 9.0 is not supported");
        byte[] longHeader = npy("{}", new byte[0]);
        longHeader[8] = (byte) 0xff;
        longHeader[9] = (byte) 0x7f;
        assertContains(errorOf(longHeader), "header needs bytes [10, 10 + 32767) but the input has");
        byte[] noNewline = npy("{}", new byte[0]);
        noNewline[noNewline.length - 1] = ' ';
        assertContains(errorOf(noNewline), "header must end with a newline");
    }

    @Test
    void version2_headerLengthOverLimit_rejected() {
        byte[] bytes = npy("{}", new byte[0]);
        bytes[6] = 2;
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(8, Integer.MAX_VALUE);
        assertContains(errorOf(bytes), "header length 2147483647 exceeds the limit");
    }

    @Test
    void readFloat_asLongs_isAnError() {
        HostArray array = Npy.read(Npy.toBytes(HostArray.ofFloat32(new float[] {1}, Shape.of(1))));
        assertThrows(IllegalStateException.class, array::toLongArray);
        assertArrayEquals(new float[] {1}, array.toFloatArray());
    }
}
