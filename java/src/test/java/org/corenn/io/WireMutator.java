package org.corenn.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;

/**
 * Structure-aware mutation of protobuf bytes for fuzzing: the input is parsed into a tree of fields
 * (a length-delimited payload counts as a message when it parses as one), one field is changed, and
 * the tree is written back with consistent lengths. Unlike byte flips, the framing stays valid, so the
 * mutations reach the semantic checks: dims, data types, attribute kinds, value references.
 */
final class WireMutator {
    private static final long[] INTERESTING = {0, 1, -1, 2, 3, 7, 11, 16, 20, 255, 1 << 20, Integer.MAX_VALUE,
        1L << 31, 1L << 32, 1L << 40, 1L << 62, Long.MAX_VALUE, Long.MIN_VALUE};

    private static final class Field {
        final int number;
        final int wireType;
        long value;
        byte[] bytes;
        List<Field> children;

        Field(int number, int wireType) {
            this.number = number;
            this.wireType = wireType;
        }
    }

    private final List<Field> root;

    WireMutator(byte[] message) {
        root = parse(message);
        if (root == null) {
            throw new IllegalArgumentException("not a protobuf message");
        }
    }

    /** One mutant: a varint set to an interesting value, or a field dropped, duplicated or cut short. */
    byte[] mutate(Random random, List<String> log) {
        List<Field> copy = copy(root);
        List<List<Field>> owners = new ArrayList<>();
        List<Field> fields = new ArrayList<>();
        collect(copy, owners, fields);
        int index = random.nextInt(fields.size());
        Field field = fields.get(index);
        List<Field> owner = owners.get(index);
        int choice = random.nextInt(4);
        if (field.wireType == WireFormat.WIRETYPE_VARINT && choice < 2) {
            field.value = INTERESTING[random.nextInt(INTERESTING.length)];
            log.add("field " + field.number + " = " + field.value);
        } else if (choice == 2) {
            owner.remove(field);
            log.add("drop field " + field.number);
        } else if (choice == 3) {
            owner.add(owner.indexOf(field), field);
            log.add("repeat field " + field.number);
        } else if (field.bytes != null && field.bytes.length > 0) {
            field.bytes = java.util.Arrays.copyOf(field.bytes, random.nextInt(field.bytes.length));
            log.add("cut bytes of field " + field.number + " to " + field.bytes.length);
        } else {
            owner.remove(field);
            log.add("drop field " + field.number);
        }
        return write(copy);
    }

    private static void collect(List<Field> fields, List<List<Field>> owners, List<Field> all) {
        for (Field field : fields) {
            owners.add(fields);
            all.add(field);
            if (field.children != null) {
                collect(field.children, owners, all);
            }
        }
    }

    /** The fields of {@code bytes}, or null if they are not a well-formed message. */
    private static List<Field> parse(byte[] bytes) {
        List<Field> fields = new ArrayList<>();
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        try {
            while (!in.isAtEnd()) {
                int tag = in.readTag();
                Field field = new Field(WireFormat.getTagFieldNumber(tag), WireFormat.getTagWireType(tag));
                switch (field.wireType) {
                    case WireFormat.WIRETYPE_VARINT: field.value = in.readRawVarint64(); break;
                    case WireFormat.WIRETYPE_FIXED64: field.value = in.readRawLittleEndian64(); break;
                    case WireFormat.WIRETYPE_FIXED32: field.value = in.readRawLittleEndian32(); break;
                    case WireFormat.WIRETYPE_LENGTH_DELIMITED:
                        field.bytes = in.readByteArray();
                        field.children = field.bytes.length > 0 ? parse(field.bytes) : null;
                        break;
                    default: return null;
                }
                fields.add(field);
            }
        } catch (IOException e) {
            return null;
        }
        return fields;
    }

    private static List<Field> copy(List<Field> fields) {
        List<Field> copy = new ArrayList<>();
        for (Field field : fields) {
            Field clone = new Field(field.number, field.wireType);
            clone.value = field.value;
            clone.bytes = field.bytes;
            clone.children = field.children == null ? null : copy(field.children);
            copy.add(clone);
        }
        return copy;
    }

    private static byte[] write(List<Field> fields) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        try {
            for (Field field : fields) {
                out.writeTag(field.number, field.wireType);
                switch (field.wireType) {
                    case WireFormat.WIRETYPE_VARINT: out.writeUInt64NoTag(field.value); break;
                    case WireFormat.WIRETYPE_FIXED64: out.writeFixed64NoTag(field.value); break;
                    case WireFormat.WIRETYPE_FIXED32: out.writeFixed32NoTag((int) field.value); break;
                    default: out.writeByteArrayNoTag(field.children != null ? write(field.children) : field.bytes);
                }
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
