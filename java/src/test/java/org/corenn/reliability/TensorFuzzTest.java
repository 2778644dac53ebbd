package org.corenn.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Random;

import org.corenn.tensor.Shape;
import org.corenn.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of {@link Tensor}: creation from random and hostile shapes, data and buffers, then
 * random sequences of element access, bulk copies (including from closed, aliased and mis-sized
 * sources) and closes. A shadow {@code float[]} holds what the tensor must contain; every successful
 * read is compared with it bit for bit.
 */
class TensorFuzzTest {
    @Test
    void tensor_randomOperationSequences_matchShadowArrayOrThrowDocumentedExceptions() {
        Random random = new Random(OpsFuzzTest.SEED + 2);
        int computed = 0;
        for (int n = 0; n < OpsFuzzTest.CASES; n++) {
            long caseSeed = random.nextLong();
            computed += FuzzCase.run("tensor case " + n + " (case seed " + caseSeed + ")",
                    () -> tensorCase(new HostileValues(new Random(caseSeed)))) ? 1 : 0;
        }
        assertTrue(computed > 0 && computed < OpsFuzzTest.CASES, computed + " tensor cases computed");
    }

    private static Shape shape(HostileValues v) {
        int rank = v.random().nextInt(5);
        int[] dims = new int[rank];
        for (int i = 0; i < rank; i++) {
            dims[i] = v.random().nextInt(5);
        }
        if (rank > 0 && v.chance(0.05)) {
            // Negative, or too many elements for an int: never a shape the test would have to allocate.
            dims[v.random().nextInt(rank)] = v.chance(0.5) ? -1 - v.random().nextInt(3) : Integer.MIN_VALUE;
        } else if (rank > 1 && v.chance(0.05)) {
            dims[0] = 1 << 16;
            dims[1] = 1 << 16;
        }
        return Shape.of(dims);
    }

    private static Tensor create(HostileValues v, Shape shape, float[] shadow) {
        switch (v.random().nextInt(4)) {
            case 0:
                return Tensor.zeros(shape);
            case 1: {
                float[] data = v.chance(0.05) ? v.floats(shape.size() + 1, 0.2) : v.floats(shape.size(), 0.2);
                Tensor t = Tensor.of(data, shape);
                System.arraycopy(data, 0, shadow, 0, shadow.length);
                return t;
            }
            case 2: {
                int capacity = v.chance(0.05) ? Math.max(0, shape.size() - 1) : shape.size() + v.random().nextInt(3);
                ByteBuffer bytes = ByteBuffer.allocateDirect(capacity * Float.BYTES);
                FloatBuffer buffer = bytes.order(v.chance(0.05) ? ByteOrder.BIG_ENDIAN : ByteOrder.nativeOrder())
                        .asFloatBuffer();
                return Tensor.wrap(v.chance(0.03) ? buffer.asReadOnlyBuffer() : buffer, shape);
            }
            default:
                return Tensor.wrap(v.chance(0.05) ? FloatBuffer.allocate(shape.size()) : null, shape);
        }
    }

    private static void tensorCase(HostileValues v) {
        Shape shape = shape(v);
        float[] shadow = new float[shape.size()];
        Tensor t = create(v, shape, shadow);
        try (Tensor other = Tensor.zeros(v.chance(0.1) ? shape(v) : shape)) {
            int steps = 1 + v.random().nextInt(12);
            for (int s = 0; s < steps; s++) {
                step(v, t, other, shadow);
            }
        } finally {
            t.close();
            t.close();
        }
        assertTrue(t.isClosed());
    }

    private static void step(HostileValues v, Tensor t, Tensor other, float[] shadow) {
        int size = shadow.length;
        int index = v.chance(0.1) ? v.size(size + 2, 1) : (size == 0 ? 0 : v.random().nextInt(size));
        switch (v.random().nextInt(9)) {
            case 0: {
                float value = v.floats(1, 0.3)[0];
                t.setFlat(index, value);
                shadow[index] = value;
                break;
            }
            case 1: {
                float got = t.getFlat(index);
                assertEquals(Float.floatToIntBits(shadow[index]), Float.floatToIntBits(got));
                break;
            }
            case 2: {
                int[] at = new int[v.chance(0.1) ? t.shape().rank() + 1 : t.shape().rank()];
                for (int i = 0; i < at.length; i++) {
                    int dim = i < t.shape().rank() ? t.shape().dim(i) : 1;
                    at[i] = v.chance(0.05) ? -1 : v.random().nextInt(Math.max(1, dim));
                }
                t.get(at);
                break;
            }
            case 3: {
                float[] source = v.floats(v.chance(0.1) ? size + 1 : size, 0.3);
                t.copyFrom(v.chance(0.03) ? null : source);
                System.arraycopy(source, 0, shadow, 0, size);
                break;
            }
            case 4:
                other.copyFrom(v.floats(other.size(), 0.3));
                if (v.chance(0.1)) {
                    other.close();
                }
                t.copyFrom(other);
                System.arraycopy(other.toArray(), 0, shadow, 0, size);
                break;
            case 5:
                t.copyFrom(t);
                break;
            case 6: {
                float[] out = new float[v.chance(0.1) ? size + 1 : size];
                t.copyTo(out);
                assertArrayEquals(shadow, out);
                break;
            }
            case 7:
                assertArrayEquals(shadow, t.toArray());
                break;
            default:
                if (v.chance(0.3)) {
                    t.close();
                }
                assertEquals(t.isClosed(), t.toString().endsWith("(closed)"));
                break;
        }
    }
}
