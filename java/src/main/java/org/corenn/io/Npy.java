package org.corenn.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

import org.corenn.runtime.CorennException;
import org.corenn.tensor.Shape;

/**
 * NumPy's {@code .npy} format (versions 1.0, 2.0 and 3.0): a magic string, a version, a header length,
 * a Python-literal header and the raw C-order data. Reads f2/f4/f8, i1/u1/i2/i4/i8 and b1 in either
 * byte order; writes FLOAT32 as {@code <f4} and INT64 as {@code <i8}.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** NumPy itself refuses headers over 10000 bytes by default; this leaves room for very high ranks. */
    static final int MAX_HEADER_BYTES = 1 << 16;
    private static final int ALIGNMENT = 64;

    private Npy() {
    }

    /** Reads one array; content errors throw {@link CorennException}, I/O errors {@link IOException}. */
    public static HostArray read(Path file) throws IOException {
        Objects.requireNonNull(file, "npy: file must not be null");
        try (ByteSource source = ByteSource.open(file, "npy " + file.getFileName())) {
            return read(source);
        }
    }

    /** Reads one array from the bytes of a whole .npy file. */
    public static HostArray read(byte[] bytes) {
        Objects.requireNonNull(bytes, "npy: bytes must not be null");
        try (ByteSource source = ByteSource.of(bytes, "npy")) {
            return read(source);
        } catch (IOException e) {
            throw new UncheckedIOException("npy: an in-memory read cannot fail", e);
        }
    }

    private static HostArray read(ByteSource source) throws IOException {
        String name = source.name();
        if (source.size() < MAGIC.length + 4) {
            throw new CorennException(name + ": " + source.size() + " bytes is too short for the magic string,"
                    + " version and header length");
        }
        ByteBuffer prefix = source.read(0, MAGIC.length + 2, "magic string").order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < MAGIC.length; i++) {
            if (prefix.get(i) != MAGIC[i]) {
                throw new CorennException(name + ": missing the magic string \\x93NUMPY at the start;"
                        + " not a .npy file");
            }
        }
        int major = prefix.get(6);
        int lengthBytes;
        if (major == 1) {
            lengthBytes = 2;
        } else if (major == 2 || major == 3) {
            lengthBytes = 4;
        } else {
            throw new CorennException(name + ": format version " + major + "." + prefix.get(7)
                    + " is not supported; expected 1.0, 2.0 or 3.0");
        }
        ByteBuffer lengthField = source.read(8, lengthBytes, "header length").order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = lengthBytes == 2 ? lengthField.getShort(0) & 0xffff : lengthField.getInt(0) & 0xffffffffL;
        if (headerLength > MAX_HEADER_BYTES) {
            throw new CorennException(name + ": header length " + headerLength + " exceeds the limit of "
                    + MAX_HEADER_BYTES + " bytes");
        }
        long headerStart = 8 + lengthBytes;
        String text = decodeHeader(name, major, source.read(headerStart, headerLength, "header"));
        NpyHeader header = NpyHeader.parse(text);

        Shape shape = ElementCodec.shape(name + ": shape", header.dims);
        long dataStart = headerStart + headerLength;
        long expected = ElementCodec.byteCount(header.dataType, shape);
        long present = source.size() - dataStart;
        if (present != expected) {
            throw new CorennException(name + ": data has " + present + " bytes, shape "
                    + ElementCodec.describeDims(shape) + " of " + header.dataType + " needs " + expected);
        }
        ByteBuffer data = source.read(dataStart, expected, "data");
        return ElementCodec.decode(header.dataType, header.order, data, shape);
    }

    /** Versions 1 and 2 use latin-1 (NumPy writes only ASCII there); version 3 uses UTF-8. */
    private static String decodeHeader(String name, int major, ByteBuffer bytes) {
        CharsetDecoder decoder = (major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1).newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        String text;
        try {
            text = decoder.decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new CorennException(name + ": header of a format 3.0 file is not valid UTF-8");
        }
        if (!text.endsWith("\n")) {
            throw new CorennException(name + ": header must end with a newline, found "
                    + (text.isEmpty() ? "an empty header" : "code point " + (int) text.charAt(text.length() - 1)));
        }
        return text.substring(0, text.length() - 1);
    }

    /** Writes a FLOAT32 or INT64 array; other types are rejected rather than converted silently. */
    public static void write(Path file, HostArray array) throws IOException {
        Objects.requireNonNull(file, "npy: file must not be null");
        Objects.requireNonNull(array, "npy: array must not be null");
        byte[] data = ElementCodec.encodeLittleEndian("npy", array);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(header(array));
            out.write(data);
        }
    }

    /** The bytes of a .npy file holding a FLOAT32 or INT64 array. */
    public static byte[] toBytes(HostArray array) {
        Objects.requireNonNull(array, "npy: array must not be null");
        byte[] data = ElementCodec.encodeLittleEndian("npy", array);
        byte[] header = header(array);
        if (data.length > ElementCodec.MAX_BUFFER_BYTES - header.length) {
            throw new IllegalArgumentException("npy: " + array + " is too large for one byte array; use write");
        }
        byte[] file = Arrays.copyOf(header, header.length + data.length);
        System.arraycopy(data, 0, file, header.length, data.length);
        return file;
    }

    /** Magic, version (1.0 unless the header needs 2.0), header length and the padded header. */
    private static byte[] header(HostArray array) {
        String descr = array.dataType() == DataType.FLOAT32 ? "<f4" : "<i8";
        String dict = NpyHeader.format(descr, array.shape().dims());
        int lengthBytes = MAGIC.length + 4 + dict.length() + 1 + ALIGNMENT > 0xffff ? 4 : 2;
        int prefixLength = MAGIC.length + 2 + lengthBytes;
        // NumPy pads with spaces so the data starts on a 64-byte boundary, then ends the header with \n.
        int headerLength = dict.length() + 1;
        headerLength += (ALIGNMENT - (prefixLength + headerLength) % ALIGNMENT) % ALIGNMENT;
        ByteBuffer out = ByteBuffer.allocate(prefixLength + headerLength).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) (lengthBytes == 2 ? 1 : 2)).put((byte) 0);
        if (lengthBytes == 2) {
            out.putShort((short) headerLength);
        } else {
            out.putInt(headerLength);
        }
        out.put(dict.getBytes(StandardCharsets.US_ASCII));
        while (out.position() < out.capacity() - 1) {
            out.put((byte) ' ');
        }
        return out.put((byte) '\n').array();
    }
}
