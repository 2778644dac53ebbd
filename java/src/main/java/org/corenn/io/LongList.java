package org.corenn.io;

import java.util.Arrays;

/**
 * A growable list of primitive longs for repeated protobuf fields. Float and double values are kept as
 * their raw bits, so one list type serves every numeric field. Its size grows only with elements
 * actually decoded, so it never outruns the bytes that encode them.
 */
final class LongList {
    private long[] values = new long[8];
    private int size;

    void add(long value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, values.length * 2);
        }
        values[size++] = value;
    }

    int size() {
        return size;
    }

    long get(int index) {
        return values[index];
    }

    long[] toArray() {
        return Arrays.copyOf(values, size);
    }
}
