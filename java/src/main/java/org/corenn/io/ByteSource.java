package org.corenn.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.corenn.runtime.CorennException;

/**
 * Random access to the bytes of a file or an in-memory array, where every read is checked against the
 * real size first. Readers size their buffers from what is actually present, never from a length the
 * file declares.
 */
abstract class ByteSource implements Closeable {
    private final String name;
    /** "input" or "file", for messages. */
    private final String container;

    private ByteSource(String name, String container) {
        this.name = name;
        this.container = container;
    }

    static ByteSource of(byte[] bytes, String name) {
        return new ArraySource(bytes, name);
    }

    static ByteSource open(Path file, String name) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return new ChannelSource(channel, name);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Total bytes available. */
    abstract long size();

    /**
     * {@code length} bytes from {@code offset}, positioned at 0. {@code what} names the part of the file
     * being read for the error message when the range is not inside the source.
     */
    final ByteBuffer read(long offset, long length, String what) throws IOException {
        long size = size();
        if (offset < 0 || length < 0 || offset > size || length > size - offset) {
            throw new CorennException(name + ": " + what + " needs bytes [" + offset + ", " + offset + " + "
                    + length + ") but the " + container + " has " + size
                    + " bytes");
        }
        if (length > ElementCodec.MAX_BUFFER_BYTES) {
            throw new CorennException(name + ": " + what + " has " + length + " bytes, more than the "
                    + ElementCodec.MAX_BUFFER_BYTES + " one read can hold");
        }
        return readChecked(offset, (int) length, what);
    }

    abstract ByteBuffer readChecked(long offset, int length, String what) throws IOException;

    final String name() {
        return name;
    }

    private static final class ArraySource extends ByteSource {
        private final byte[] bytes;

        ArraySource(byte[] bytes, String name) {
            super(name, "input");
            this.bytes = bytes;
        }

        @Override
        long size() {
            return bytes.length;
        }

        @Override
        ByteBuffer readChecked(long offset, int length, String what) {
            return ByteBuffer.wrap(bytes, (int) offset, length).slice();
        }

        @Override
        public void close() {
        }
    }

    private static final class ChannelSource extends ByteSource {
        private final FileChannel channel;
        private final long size;

        ChannelSource(FileChannel channel, String name) throws IOException {
            super(name, "file");
            this.channel = channel;
            this.size = channel.size();
        }

        @Override
        long size() {
            return size;
        }

        @Override
        ByteBuffer readChecked(long offset, int length, String what) throws IOException {
            ByteBuffer buffer = ByteBuffer.allocate(length);
            while (buffer.hasRemaining()) {
                int read = channel.read(buffer, offset + buffer.position());
                if (read < 0) {
                    // The file shrank after we measured it.
                    throw new CorennException(name() + ": " + what + ": file ended at byte "
                            + (offset + buffer.position()) + ", expected " + length + " bytes from " + offset);
                }
            }
            return buffer.flip();
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
