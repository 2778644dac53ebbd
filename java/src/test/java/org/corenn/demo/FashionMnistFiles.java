package org.corenn.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** The real Fashion-MNIST files of Debian's dataset-fashion-mnist (which .ci/run installs), as IDX bytes. */
final class FashionMnistFiles {
    static final Path DATA = Path.of("/usr/share/datasets/fashion-mnist");
    static final Path TEST_IMAGES = DATA.resolve("t10k-images-idx3-ubyte.gz");
    static final Path TEST_LABELS = DATA.resolve("t10k-labels-idx1-ubyte.gz");

    private FashionMnistFiles() {
    }

    /** The data bytes of a gzipped IDX file, after checking its magic number. */
    static byte[] idx(Path file, int magic, int headerInts) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(new GZIPInputStream(raw))) {
            assertEquals(magic, in.readInt(), "IDX magic of " + file);
            long count = 1;
            for (int i = 0; i < headerInts; i++) {
                count *= in.readInt();
            }
            byte[] data = new byte[Math.toIntExact(count)];
            in.readFully(data);
            return data;
        }
    }

    /** The 10,000 test images, uint8 {@code [10000, 28, 28]}. */
    static byte[] testImages() throws IOException {
        return idx(TEST_IMAGES, 2051, 3);
    }
}
