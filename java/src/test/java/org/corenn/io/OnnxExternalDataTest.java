package org.corenn.io;

import static org.corenn.io.OnnxProtos.FLOAT;
import static org.corenn.io.OnnxProtos.model;
import static org.corenn.io.OnnxProtos.tensor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import org.corenn.runtime.CorennException;
import org.corenn.tensor.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** External data is found beside the model, read from the stated range, and never from outside the folder. */
class OnnxExternalDataTest {
    @TempDir
    Path dir;

    /** A model whose only initializer 'w' (FLOAT [2, 2]) has the given external_data entries. */
    private Path writeModel(Path folder, String... keyValues) throws IOException {
        Proto w = tensor("w", FLOAT, 2, 2).varint(14, 1);
        for (int i = 0; i < keyValues.length; i += 2) {
            w.message(13, Proto.message().string(1, keyValues[i]).string(2, keyValues[i + 1]));
        }
        Files.createDirectories(folder);
        Path file = folder.resolve("model.onnx");
        Files.write(file, model(Proto.message().message(5, w)).toBytes());
        return file;
    }

    /** Writes {@code padding} junk bytes then the floats 1, 2, 3, 4. */
    private static void writeWeights(Path file, int padding) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(padding + 16).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < padding; i++) {
            bytes.put((byte) 0x7f);
        }
        bytes.putFloat(1).putFloat(2).putFloat(3).putFloat(4);
        Files.createDirectories(file.getParent());
        Files.write(file, bytes.array());
    }

    private String errorOf(Path model) {
        return assertThrows(CorennException.class, () -> OnnxModel.read(model)).getMessage();
    }

    private static void assertContains(String message, String part) {
        assertTrue(message.contains(part), () -> "expected '" + part + "' in: " + message);
    }

    private static final HostArray EXPECTED = HostArray.ofFloat32(new float[] {1, 2, 3, 4}, Shape.of(2, 2));

    @Test
    void offsetAndLength_readTheRange() throws IOException {
        writeWeights(dir.resolve("weights.bin"), 8);
        Path model = writeModel(dir, "location", "weights.bin", "offset", "8", "length", "16");
        assertEquals(EXPECTED, OnnxModel.read(model).graph().initializers().get("w"));
    }

    @Test
    void noOffsetOrLength_meansTheWholeFile() throws IOException {
        writeWeights(dir.resolve("data/w.bin"), 0);
        Path model = writeModel(dir, "location", "data/w.bin", "checksum", "ignored");
        assertEquals(EXPECTED, OnnxModel.read(model).graph().initializers().get("w"));
    }

    @Test
    void symlinkInsideTheFolder_isFollowed() throws IOException {
        writeWeights(dir.resolve("real.bin"), 0);
        Files.createSymbolicLink(dir.resolve("link.bin"), dir.resolve("real.bin"));
        assertEquals(EXPECTED, OnnxModel.read(writeModel(dir, "location", "link.bin")).graph().initializers().get("w"));
    }

    @Test
    void absolutePath_rejected() throws IOException {
        writeWeights(dir.resolve("weights.bin"), 0);
        String absolute = dir.resolve("weights.bin").toAbsolutePath().toString();
        assertContains(errorOf(writeModel(dir, "location", absolute)), "is absolute");
        assertContains(errorOf(writeModel(dir, "location", "C:\\weights.bin")), "is absolute");
        assertContains(errorOf(writeModel(dir, "location", "\\\\server\\share")), "is absolute");
    }

    @Test
    void dotDotEscapes_rejected() throws IOException {
        writeWeights(dir.resolve("secret.bin"), 0);
        Path inner = dir.resolve("models");
        assertContains(errorOf(writeModel(inner, "location", "../secret.bin")),
                "initializer 'w': external data location '../secret.bin' contains '..'");
        assertContains(errorOf(writeModel(inner, "location", "sub/../../secret.bin")), "contains '..'");
        assertContains(errorOf(writeModel(inner, "location", "sub\\..\\..\\secret.bin")), "contains '..'");
    }

    @Test
    void symlinkLeadingOutside_rejected() throws IOException {
        writeWeights(dir.resolve("secret.bin"), 0);
        Path inner = dir.resolve("models");
        Files.createDirectories(inner);
        Files.createSymbolicLink(inner.resolve("w.bin"), dir.resolve("secret.bin"));
        assertContains(errorOf(writeModel(inner, "location", "w.bin")), "symbolic link");
        Files.createSymbolicLink(inner.resolve("up"), dir);
        assertContains(errorOf(writeModel(inner, "location", "up/secret.bin")), "outside the model folder");
    }

    @Test
    void rangeOutsideTheFile_rejected() throws IOException {
        writeWeights(dir.resolve("w.bin"), 0);
        assertContains(errorOf(writeModel(dir, "location", "w.bin", "offset", "17")), "offset 17 is past the end");
        assertContains(errorOf(writeModel(dir, "location", "w.bin", "offset", "8", "length", "16")),
                "range [8, 8 + 16) is outside the file (16 bytes)");
        assertContains(errorOf(writeModel(dir, "location", "w.bin", "offset", "4")),
                "has 12 bytes, dims [2, 2] need 16");
    }

    @Test
    void malformedNumbers_rejected() throws IOException {
        writeWeights(dir.resolve("w.bin"), 0);
        assertContains(errorOf(writeModel(dir, "location", "w.bin", "offset", "-1")),
                "offset '-1' must be a non-negative decimal integer");
        assertContains(errorOf(writeModel(dir, "location", "w.bin", "length", "99999999999999999999")),
                "length '99999999999999999999'");
        assertContains(errorOf(writeModel(dir, "location", "w.bin", "length", "16 ")), "length '16 '");
    }

    @Test
    void missingFileOrFolderOrLocation_rejected() throws IOException {
        assertContains(errorOf(writeModel(dir, "location", "absent.bin")), "does not exist in the model folder");
        Files.createDirectories(dir.resolve("folder.bin"));
        assertContains(errorOf(writeModel(dir, "location", "folder.bin")), "is not a regular file");
        assertContains(errorOf(writeModel(dir, "offset", "0")), "external_data has no 'location' entry");
        assertContains(errorOf(writeModel(dir, "location", "")), "is empty");
    }

    @Test
    void externalEntriesWithoutExternalLocation_rejected() throws IOException {
        Proto w = tensor("w", FLOAT, 1).message(13, Proto.message().string(1, "location").string(2, "w.bin"));
        Path file = dir.resolve("model.onnx");
        Files.write(file, model(Proto.message().message(5, w)).toBytes());
        assertContains(errorOf(file), "data_location is not EXTERNAL");
    }
}
