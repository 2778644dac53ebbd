package org.corenn.reliability;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.corenn.io.OnnxModel;
import org.corenn.io.Safetensors;
import org.corenn.runtime.CorennException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutation fuzz over every PyTorch-exported fixture in {@code fixtures/onnx/<model>/}: each ONNX and
 * safetensors file is truncated at every structural boundary (protobuf field starts and ends down to
 * nodes and initializers; the safetensors length prefix, header end and every tensor's data range),
 * one byte either side of it, has random bytes flipped, and has huge, negative and overflowing
 * dimensions planted in initializers, graph inputs and safetensors headers. Every mutant read through
 * {@link OnnxModel#read} / {@link Safetensors#read} must succeed or throw {@link CorennException}.
 * The byte-level fuzz of small hand-made files lives in {@code org.corenn.io.ModelFileFuzzTest}.
 */
class FixtureModelFileFuzzTest {
    private static final int FLIPS_PER_FILE = Math.max(20, OpsFuzzTest.CASES / 30);
    private static final long[][] HOSTILE_DIMS = {{1L << 40}, {Long.MAX_VALUE}, {-1}, {1L << 31}, {0},
        {1 << 20, 1 << 20, 1 << 20}, {Integer.MAX_VALUE, 2}, {-(1L << 62), -(1L << 62)}};

    @TempDir
    Path temp;

    @Test
    void onnxFixtures_truncatedFlippedAndHugeDims_readOrThrowCorennException() throws Exception {
        for (Path folder : fixtureFolders()) {
            byte[] valid = Files.readAllBytes(folder.resolve("model.onnx"));
            String what = "onnx " + folder.getFileName();
            Consumer<byte[]> read = bytes -> readOnnxFile(bytes);
            for (int cut : onnxBoundaries(valid)) {
                check(what + " truncated to " + cut, java.util.Arrays.copyOf(valid, cut), read);
            }
            flips(what, valid, read);
            Random random = new Random(OpsFuzzTest.SEED ^ what.hashCode());
            for (int n = 0; n < 24; n++) {
                long[] dims = HOSTILE_DIMS[random.nextInt(HOSTILE_DIMS.length)];
                byte[] mutant = withHugeDims(valid, random, dims);
                check(what + " dims " + java.util.Arrays.toString(dims) + " (case " + n + ")", mutant, read);
            }
        }
    }

    @Test
    void safetensorsFixtures_truncatedFlippedAndHugeDims_readOrThrowCorennException() throws Exception {
        for (Path folder : fixtureFolders()) {
            byte[] valid = Files.readAllBytes(folder.resolve("model.safetensors"));
            String what = "safetensors " + folder.getFileName();
            Consumer<byte[]> read = bytes -> readSafetensorsFile(bytes);
            for (int cut : safetensorsBoundaries(valid)) {
                check(what + " truncated to " + cut, java.util.Arrays.copyOf(valid, cut), read);
            }
            flips(what, valid, read);
            Random random = new Random(OpsFuzzTest.SEED ^ what.hashCode());
            for (int n = 0; n < 24; n++) {
                long[] dims = HOSTILE_DIMS[random.nextInt(HOSTILE_DIMS.length)];
                check(what + " shape " + java.util.Arrays.toString(dims), withHugeShape(valid, random, dims), read);
            }
        }
    }

    private void readOnnxFile(byte[] bytes) {
        try {
            OnnxModel.read(Files.write(temp.resolve("model.onnx"), bytes));
        } catch (IOException e) {
            throw new AssertionError("writing or reading the temporary model failed", e);
        }
    }

    private void readSafetensorsFile(byte[] bytes) {
        try {
            Safetensors.read(Files.write(temp.resolve("model.safetensors"), bytes));
        } catch (IOException e) {
            throw new AssertionError("writing or reading the temporary model failed", e);
        }
    }

    private static List<Path> fixtureFolders() throws IOException, URISyntaxException {
        Path root = Path.of(FixtureModelFileFuzzTest.class.getResource("/fixtures/onnx").toURI());
        List<Path> folders = new ArrayList<>();
        try (Stream<Path> list = Files.list(root)) {
            list.filter(p -> Files.exists(p.resolve("model.onnx")) && Files.exists(p.resolve("model.safetensors")))
                    .sorted().forEach(folders::add);
        }
        assertTrue(folders.size() >= 5, "expected the exported fixtures, found " + folders);
        return folders;
    }

    /** Every field start and end of the model, its graph, and the graph's nodes, initializers and I/O. */
    private static TreeSet<Integer> onnxBoundaries(byte[] model) {
        TreeSet<Integer> cuts = new TreeSet<>();
        for (ProtoFields.Field f : ProtoFields.parse(model)) {
            addWithNeighbours(cuts, f.start, model.length);
            addWithNeighbours(cuts, f.end, model.length);
            if (f.number == 7 && f.wireType == ProtoFields.LEN) {
                int graphStart = f.end - f.payload.length;
                for (ProtoFields.Field g : ProtoFields.parse(f.payload)) {
                    addWithNeighbours(cuts, graphStart + g.start, model.length);
                    addWithNeighbours(cuts, graphStart + g.end, model.length);
                    if (g.wireType == ProtoFields.LEN && (g.number == 1 || g.number == 5 || g.number == 11)) {
                        int inner = graphStart + g.end - g.payload.length;
                        for (ProtoFields.Field h : ProtoFields.parse(g.payload)) {
                            addWithNeighbours(cuts, inner + h.start, model.length);
                        }
                    }
                }
            }
        }
        return cuts;
    }

    private static final Pattern DATA_OFFSETS = Pattern.compile("\"data_offsets\":\\[(\\d+),(\\d+)\\]");
    private static final Pattern SHAPE = Pattern.compile("\"shape\":\\[[0-9, ]*\\]");

    private static TreeSet<Integer> safetensorsBoundaries(byte[] file) {
        TreeSet<Integer> cuts = new TreeSet<>();
        for (int i = 0; i <= 8; i++) {
            cuts.add(i);
        }
        int headerEnd = 8 + (int) littleEndianLong(file);
        addWithNeighbours(cuts, headerEnd, file.length);
        Matcher m = DATA_OFFSETS.matcher(header(file));
        while (m.find()) {
            addWithNeighbours(cuts, headerEnd + Integer.parseInt(m.group(1)), file.length);
            addWithNeighbours(cuts, headerEnd + Integer.parseInt(m.group(2)), file.length);
        }
        return cuts;
    }

    private static void addWithNeighbours(TreeSet<Integer> cuts, int at, int length) {
        for (int d = -1; d <= 1; d++) {
            if (at + d >= 0 && at + d < length) {
                cuts.add(at + d);
            }
        }
    }

    private static void flips(String what, byte[] valid, Consumer<byte[]> read) {
        Random random = new Random(OpsFuzzTest.SEED ^ what.hashCode() ^ 1);
        for (int n = 0; n < FLIPS_PER_FILE; n++) {
            byte[] mutant = valid.clone();
            int edits = 1 + random.nextInt(4);
            StringBuilder described = new StringBuilder();
            for (int e = 0; e < edits; e++) {
                // Half the flips land in the first 4 KiB, where the structure (not the weights) lives.
                int at = random.nextInt(random.nextBoolean() ? Math.min(4096, mutant.length) : mutant.length);
                mutant[at] ^= (byte) (1 << random.nextInt(8));
                described.append(at).append(' ');
            }
            check(what + " flips at " + described, mutant, read);
        }
    }

    /** The model with one initializer's dims (or one graph input's first dim) replaced. */
    private static byte[] withHugeDims(byte[] model, Random random, long[] dims) {
        List<ProtoFields.Field> modelFields = ProtoFields.parse(model);
        for (ProtoFields.Field f : modelFields) {
            if (f.number != 7 || f.wireType != ProtoFields.LEN) {
                continue;
            }
            List<ProtoFields.Field> graph = ProtoFields.parse(f.payload);
            boolean initializer = random.nextInt(4) != 0;
            List<ProtoFields.Field> targets = new ArrayList<>();
            for (ProtoFields.Field g : graph) {
                if (g.wireType == ProtoFields.LEN && g.number == (initializer ? 5 : 11)) {
                    targets.add(g);
                }
            }
            ProtoFields.Field target = targets.get(random.nextInt(targets.size()));
            target.payload = initializer ? tensorWithDims(target.payload, dims)
                    : valueInfoWithDim(target.payload, dims[0]);
            f.payload = ProtoFields.serialize(graph);
        }
        return ProtoFields.serialize(modelFields);
    }

    /** TensorProto: dims are field 1 (packed or not); replaced by one packed field. */
    private static byte[] tensorWithDims(byte[] tensor, long[] dims) {
        List<ProtoFields.Field> fields = new ArrayList<>();
        fields.add(new ProtoFields.Field(1, ProtoFields.LEN, 0, ProtoFields.packVarints(dims), 0, 0));
        for (ProtoFields.Field f : ProtoFields.parse(tensor)) {
            if (f.number != 1) {
                fields.add(f);
            }
        }
        return ProtoFields.serialize(fields);
    }

    /** ValueInfoProto.type(2).tensor_type(1).shape(2).dim(1).dim_value(1) of the first dim. */
    private static byte[] valueInfoWithDim(byte[] valueInfo, long value) {
        return rewrite(valueInfo, new int[] {2, 1, 2, 1, 1}, 0, value);
    }

    private static byte[] rewrite(byte[] message, int[] path, int depth, long value) {
        List<ProtoFields.Field> fields = ProtoFields.parse(message);
        for (ProtoFields.Field f : fields) {
            if (f.number != path[depth]) {
                continue;
            }
            if (depth == path.length - 1 && f.wireType == ProtoFields.VARINT) {
                f.varint = value;
            } else if (depth < path.length - 1 && f.wireType == ProtoFields.LEN) {
                f.payload = rewrite(f.payload, path, depth + 1, value);
            }
            break;
        }
        return ProtoFields.serialize(fields);
    }

    private static byte[] withHugeShape(byte[] file, Random random, long[] dims) {
        String header = header(file);
        List<int[]> shapes = new ArrayList<>();
        Matcher m = SHAPE.matcher(header);
        while (m.find()) {
            shapes.add(new int[] {m.start(), m.end()});
        }
        int[] at = shapes.get(random.nextInt(shapes.size()));
        StringBuilder shape = new StringBuilder("\"shape\":[");
        for (int i = 0; i < dims.length; i++) {
            shape.append(i > 0 ? "," : "").append(dims[i]);
        }
        byte[] edited = (header.substring(0, at[0]) + shape + "]" + header.substring(at[1]))
                .getBytes(StandardCharsets.UTF_8);
        int headerEnd = 8 + (int) littleEndianLong(file);
        byte[] out = new byte[8 + edited.length + file.length - headerEnd];
        long length = edited.length;
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (length >>> (8 * i));
        }
        System.arraycopy(edited, 0, out, 8, edited.length);
        System.arraycopy(file, headerEnd, out, 8 + edited.length, file.length - headerEnd);
        return out;
    }

    private static String header(byte[] file) {
        return new String(file, 8, (int) littleEndianLong(file), StandardCharsets.UTF_8);
    }

    private static long littleEndianLong(byte[] b) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = v << 8 | (b[i] & 0xff);
        }
        return v;
    }

    private static void check(String what, byte[] bytes, Consumer<byte[]> read) {
        try {
            read.accept(bytes);
        } catch (CorennException expected) {
            if (expected.getMessage() == null || expected.getMessage().isBlank()) {
                fail(what + ": CorennException without a message");
            }
        } catch (Throwable unexpected) {
            StringWriter trace = new StringWriter();
            unexpected.printStackTrace(new PrintWriter(trace));
            fail(what + ": expected success or CorennException, got " + trace);
        }
    }
}
