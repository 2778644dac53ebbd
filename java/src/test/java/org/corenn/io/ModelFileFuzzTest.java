package org.corenn.io;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

import org.corenn.runtime.CorennException;
import org.corenn.tensor.Shape;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutation fuzzing of the three readers (issue 7): every truncation of small valid files, random
 * byte flips and splices of "interesting" bytes into larger ones, structure-aware ONNX mutations that
 * keep the protobuf framing valid (huge or negative dims, odd data types, dropped or repeated fields),
 * and random garbage. Each input must
 * either parse or throw {@link CorennException}; any other exception or error fails with the seed and
 * case to reproduce it. Each parse's heap allocation is also bounded by the input's size, so a
 * declared length can never buy more memory than the bytes behind it.
 *
 * <p>CI runs a few thousand cases per format; {@code -Dcorenn.fuzz.cases=100000} runs a long form and
 * {@code -Dcorenn.fuzz.seed=N} changes the seed.
 */
class ModelFileFuzzTest {
    private static final long SEED = Long.getLong("corenn.fuzz.seed", 0x5EED);
    private static final int CASES = Integer.getInteger("corenn.fuzz.cases", 3000);
    /** Parser bookkeeping (names, lists, messages) for an input of n bytes stays far below this. */
    private static final long FIXED_ALLOWANCE = 4L << 20;
    private static final long PER_BYTE_ALLOWANCE = 256;
    private static final byte[] INTERESTING = {0, 1, 0x7f, (byte) 0x80, (byte) 0xff, 0x08, 0x0a, 0x12, 0x22, 0x3a};

    /** HotSpot's per-thread allocation counter; on JVMs without it the allocation bound is not checked. */
    private static final com.sun.management.ThreadMXBean THREADS =
            ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean
                    && ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                            .isThreadAllocatedMemorySupported()
                    ? (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean() : null;

    @Test
    void onnx_truncationsFlipsAndGarbage() throws IOException {
        byte[] handBuilt = OnnxProtos.model(OnnxProtos.convReluGraph()).toBytes();
        byte[] fixture = Files.readAllBytes(Fixtures.path("io/onnx/small.onnx"));
        byte[] exported = Files.readAllBytes(Fixtures.path("onnx/lstm_states/model.onnx"));
        Consumer<byte[]> parse = OnnxModel::parse;
        everyTruncation("onnx hand-built", handBuilt, parse);
        everyTruncation("onnx small.onnx", fixture, parse);
        mutations("onnx small.onnx", fixture, parse, CASES);
        mutations("onnx lstm_states", exported, parse, CASES / 3);
        structuralMutations("onnx small.onnx", fixture, parse, CASES);
        structuralMutations("onnx lstm_states", exported, parse, CASES / 10);
        garbage("onnx", parse);
    }

    @Test
    void safetensors_truncationsFlipsAndGarbage() throws IOException {
        byte[] fixture = Files.readAllBytes(Fixtures.path("io/safetensors/all_dtypes.safetensors"));
        byte[] written = Safetensors.toBytes(Map.of("w", HostArray.ofFloat32(new float[] {1, 2, 3}, Shape.of(3)),
                "n", HostArray.ofInt64(new long[] {4}, Shape.of())), Map.of("k", "v"));
        Consumer<byte[]> parse = Safetensors::read;
        everyTruncation("safetensors all_dtypes", fixture, parse);
        everyTruncation("safetensors written", written, parse);
        mutations("safetensors all_dtypes", fixture, parse, CASES);
        garbage("safetensors", parse);
    }

    @Test
    void npy_truncationsFlipsAndGarbage() throws IOException {
        Consumer<byte[]> parse = Npy::read;
        for (String name : new String[] {"f4_be", "i8_le", "b1", "v2_f4", "v3_f4", "scalar_f4"}) {
            byte[] bytes = Files.readAllBytes(Fixtures.path("io/npy/" + name + ".npy"));
            everyTruncation("npy " + name, bytes, parse);
            mutations("npy " + name, bytes, parse, CASES / 6);
        }
        garbage("npy", parse);
    }

    private static void everyTruncation(String what, byte[] valid, Consumer<byte[]> parse) {
        for (int length = 0; length < valid.length; length++) {
            check(what + " truncated to " + length + " bytes", Arrays.copyOf(valid, length), parse);
        }
    }

    /** Replaces 1-4 bytes, or splices in a run of 0xff (a huge varint or length). */
    private static void mutations(String what, byte[] valid, Consumer<byte[]> parse, int cases) {
        Random random = new Random(SEED ^ what.hashCode());
        int parsed = 0;
        for (int n = 0; n < cases; n++) {
            byte[] bytes = valid.clone();
            List<String> edits = new ArrayList<>();
            int kind = random.nextInt(4);
            if (kind == 3) {
                int at = random.nextInt(bytes.length);
                int run = 1 + random.nextInt(10);
                for (int i = at; i < Math.min(bytes.length, at + run); i++) {
                    bytes[i] = (byte) 0xff;
                }
                edits.add(run + "x0xff at " + at);
            } else {
                for (int edit = 0; edit <= kind; edit++) {
                    int at = random.nextInt(bytes.length);
                    byte value = random.nextBoolean() ? (byte) random.nextInt(256)
                            : INTERESTING[random.nextInt(INTERESTING.length)];
                    bytes[at] = value;
                    edits.add(at + "=" + (value & 0xff));
                }
            }
            parsed += check(what + " case " + n + " (seed " + SEED + ", edits " + edits + ")", bytes, parse) ? 1 : 0;
        }
        // Both outcomes must occur, or the mutations are not reaching past the first bytes (or not hurting).
        assertTrue(parsed > 0 && parsed < cases, what + ": " + parsed + " of " + cases + " mutants parsed");
    }

    /** Mutations that keep the protobuf framing valid (see {@link WireMutator}). */
    private static void structuralMutations(String what, byte[] valid, Consumer<byte[]> parse, int cases) {
        Random random = new Random(SEED ^ what.hashCode() ^ 2);
        WireMutator mutator = new WireMutator(valid);
        int parsed = 0;
        for (int n = 0; n < cases; n++) {
            List<String> edits = new ArrayList<>();
            byte[] bytes = mutator.mutate(random, edits);
            parsed += check(what + " structural case " + n + " (seed " + SEED + ", " + edits + ")", bytes, parse)
                    ? 1 : 0;
        }
        assertTrue(parsed > 0 && parsed < cases, what + ": " + parsed + " of " + cases + " structural mutants parsed");
    }

    private static void garbage(String what, Consumer<byte[]> parse) {
        Random random = new Random(SEED ^ what.hashCode() ^ 1);
        for (int n = 0; n < CASES / 3; n++) {
            byte[] bytes = new byte[random.nextInt(300)];
            random.nextBytes(bytes);
            check(what + " garbage case " + n + " (seed " + SEED + ")", bytes, parse);
        }
    }

    /** True if the input parsed, false if it was rejected with a CorennException. */
    private static boolean check(String what, byte[] bytes, Consumer<byte[]> parse) {
        long thread = Thread.currentThread().getId();
        long before = THREADS != null ? THREADS.getThreadAllocatedBytes(thread) : 0;
        boolean parsed = false;
        try {
            parse.accept(bytes);
            parsed = true;
        } catch (CorennException expected) {
            assertTrue(expected.getMessage() != null && !expected.getMessage().isEmpty(), what + ": empty message");
        } catch (Throwable unexpected) {
            StringWriter trace = new StringWriter();
            unexpected.printStackTrace(new PrintWriter(trace));
            fail(what + ": expected success or CorennException, got " + trace);
        }
        long allocated = THREADS != null ? THREADS.getThreadAllocatedBytes(thread) - before : 0;
        long allowed = FIXED_ALLOWANCE + PER_BYTE_ALLOWANCE * bytes.length;
        if (allocated > allowed) {
            fail(what + ": allocated " + allocated + " bytes for a " + bytes.length + "-byte input (allowed " + allowed
                    + ")");
        }
        return parsed;
    }
}
