package org.corenn.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;

import org.corenn.runtime.CorennException;

/**
 * Reads the fields of one protobuf message from a byte array with {@link CodedInputStream}, checking
 * every declared length against the bytes that remain before anything is sized from it. A nested
 * message gets its own reader over exactly its bytes, so a corrupt inner length can never reach past
 * its parent. Errors name the message ({@code where}), the field and the byte offset in the file.
 */
final class ProtoReader {
    private final byte[] buffer;
    private final int base;
    private final int end;
    private final CodedInputStream in;
    private final String where;
    private int field;
    private int wireType;
    private int tagOffset;

    private ProtoReader(byte[] buffer, int base, int length, String where) {
        this.buffer = buffer;
        this.base = base;
        this.end = base + length;
        this.in = CodedInputStream.newInstance(buffer, base, length);
        this.where = where;
    }

    static ProtoReader of(byte[] buffer, String where) {
        return new ProtoReader(buffer, 0, buffer.length, where);
    }

    String where() {
        return where;
    }

    /** Field number of the field {@link #next()} read. */
    int field() {
        return field;
    }

    /**
     * Moves to the next field; false at the end of the message. Groups (wire types 3 and 4) are
     * deprecated, unused by ONNX and recursive to skip, so they are rejected.
     */
    boolean next() {
        try {
            if (in.isAtEnd()) {
                return false;
            }
            tagOffset = position();
            int tag = in.readTag();
            field = WireFormat.getTagFieldNumber(tag);
            wireType = WireFormat.getTagWireType(tag);
        } catch (IOException e) {
            throw new CorennException("onnx: " + where + ": malformed field tag at byte " + tagOffset);
        }
        if (wireType != WireFormat.WIRETYPE_VARINT && wireType != WireFormat.WIRETYPE_FIXED64
                && wireType != WireFormat.WIRETYPE_LENGTH_DELIMITED && wireType != WireFormat.WIRETYPE_FIXED32) {
            throw error("field " + field, "has wire type " + wireType + "; ONNX uses only 0, 1, 2 and 5");
        }
        return true;
    }

    long varint(String label) {
        expectWireType(label, WireFormat.WIRETYPE_VARINT);
        return readVarint(label);
    }

    /** An int32 or enum field: protobuf sign-extends these to 64 bits and truncates on read. */
    int int32(String label) {
        return (int) varint(label);
    }

    float fixed32Float(String label) {
        expectWireType(label, WireFormat.WIRETYPE_FIXED32);
        return Float.intBitsToFloat(readFixed32(label));
    }

    String string(String label) {
        expectWireType(label, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        int length = readLength(label);
        int start = position();
        skipRaw(label, length);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(buffer, start, length)).toString();
        } catch (CharacterCodingException e) {
            throw error(label, "is not valid UTF-8");
        }
    }

    /** A bytes field as a little-endian view of the model buffer (no copy). */
    ByteBuffer bytes(String label) {
        expectWireType(label, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        int length = readLength(label);
        int start = position();
        skipRaw(label, length);
        return ByteBuffer.wrap(buffer, start, length).slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A nested message, read by its own reader confined to the message's bytes. */
    ProtoReader message(String label, String childWhere) {
        expectWireType(label, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        int length = readLength(label);
        int start = position();
        skipRaw(label, length);
        return new ProtoReader(buffer, start, length, childWhere);
    }

    /** A repeated float field, packed or one value per tag; values are appended as raw bits. */
    void floats(String label, LongList into) {
        if (wireType == WireFormat.WIRETYPE_FIXED32) {
            into.add(readFixed32(label));
            return;
        }
        ByteBuffer packed = packed(label, 4);
        for (int i = 0; i < packed.remaining(); i += 4) {
            into.add(packed.getInt(i));
        }
    }

    /** A repeated double field, packed or one value per tag; values are appended as raw bits. */
    void doubles(String label, LongList into) {
        if (wireType == WireFormat.WIRETYPE_FIXED64) {
            try {
                into.add(in.readRawLittleEndian64());
            } catch (IOException e) {
                throw error(label, "is truncated");
            }
            return;
        }
        ByteBuffer packed = packed(label, 8);
        for (int i = 0; i < packed.remaining(); i += 8) {
            into.add(packed.getLong(i));
        }
    }

    /** A repeated int32/int64 field, packed or one value per tag. */
    void varints(String label, LongList into) {
        if (wireType == WireFormat.WIRETYPE_VARINT) {
            into.add(readVarint(label));
            return;
        }
        ProtoReader packed = message(label, where);
        try {
            while (!packed.in.isAtEnd()) {
                into.add(packed.in.readRawVarint64());
            }
        } catch (IOException e) {
            throw error(label, "has a malformed or truncated packed varint");
        }
    }

    private ByteBuffer packed(String label, int elementSize) {
        if (wireType != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
            throw error(label, "has wire type " + wireType + ", expected " + (elementSize == 4 ? 5 : 1)
                    + " or 2 (packed)");
        }
        ByteBuffer bytes = bytes(label);
        if (bytes.remaining() % elementSize != 0) {
            throw error(label, "packed length " + bytes.remaining() + " is not a multiple of " + elementSize);
        }
        return bytes;
    }

    /** Skips a field this reader does not use. */
    void skip() {
        switch (wireType) {
            case WireFormat.WIRETYPE_VARINT:
                readVarint("field " + field);
                break;
            case WireFormat.WIRETYPE_FIXED64:
                skipRaw("field " + field, 8);
                break;
            case WireFormat.WIRETYPE_FIXED32:
                skipRaw("field " + field, 4);
                break;
            default:
                skipRaw("field " + field, readLength("field " + field));
                break;
        }
    }

    CorennException error(String label, String what) {
        return new CorennException("onnx: " + where + ": " + label + " " + what + " (field " + field + " at byte "
                + tagOffset + ")");
    }

    private void expectWireType(String label, int expected) {
        if (wireType != expected) {
            throw error(label, "has wire type " + wireType + ", expected " + expected);
        }
    }

    private long readVarint(String label) {
        try {
            return in.readRawVarint64();
        } catch (IOException e) {
            throw error(label, "is a malformed or truncated varint");
        }
    }

    private int readFixed32(String label) {
        try {
            return in.readRawLittleEndian32();
        } catch (IOException e) {
            throw error(label, "is truncated");
        }
    }

    private int readLength(String label) {
        long length = readVarint(label);
        long remaining = end - position();
        if (length < 0 || length > remaining) {
            throw error(label, "declares " + Long.toUnsignedString(length) + " bytes but only " + remaining
                    + " remain");
        }
        return (int) length;
    }

    private void skipRaw(String label, int length) {
        try {
            in.skipRawBytes(length);
        } catch (IOException e) {
            throw error(label, "is truncated");
        }
    }

    private int position() {
        return base + in.getTotalBytesRead();
    }
}
