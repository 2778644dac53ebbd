package org.corenn.cli;

import static org.corenn.cli.CliInvocation.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.corenn.io.DataType;
import org.corenn.io.HostArray;
import org.corenn.io.Npy;
import org.corenn.tensor.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {
    @TempDir
    Path outputDir;

    private void assertRunMatchesFixture(String model, String[] inputs, String[] outputs, String... extraArgs)
            throws IOException {
        List<String> args = new ArrayList<>(List.of("run", "--model", fixture(model, "model.onnx"),
                "--output-dir", outputDir.toString()));
        for (String input : inputs) {
            args.add("--input");
            args.add(input + "=" + fixture(model, "input_" + input + ".npy"));
        }
        args.addAll(List.of(extraArgs));
        CliInvocation result = CliInvocation.run(args.toArray(String[]::new));
        assertEquals(0, result.exitCode(), result.describe());
        assertEquals("", result.err());
        for (String output : outputs) {
            assertTrue(result.out().contains(output + " "), result.describe());
            assertClose(Npy.read(Path.of(fixture(model, "output_" + output + ".npy"))),
                    Npy.read(outputDir.resolve(output + ".npy")), model + " " + output);
        }
    }

    private static void assertClose(HostArray expected, HostArray actual, String what) {
        assertEquals(DataType.FLOAT32, actual.dataType(), what);
        assertEquals(expected.shape(), actual.shape(), what);
        float[] want = expected.toFloatArray();
        float[] have = actual.toFloatArray();
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], have[i], 1e-4 * Math.max(1, Math.abs(want[i])), what + " at " + i);
        }
    }

    @Test
    void run_mlp_writesPyTorchOutput() throws IOException {
        assertRunMatchesFixture("mlp", new String[] {"x"}, new String[] {"y"});
    }

    @Test
    void run_textCnnBilstm_int64Tokens_writesPyTorchOutput() throws IOException {
        assertRunMatchesFixture("text_cnn_bilstm", new String[] {"tokens"}, new String[] {"logits"}, "--threads", "2");
    }

    @Test
    void run_lstmStates_threeInputsThreeOutputs_writesEachOutput() throws IOException {
        assertRunMatchesFixture("lstm_states", new String[] {"x", "h0", "c0"}, new String[] {"y", "hn", "cn"},
                "--threads", "1");
    }

    @Test
    void run_singleInputModel_acceptsFileWithoutName() throws IOException {
        CliInvocation result = CliInvocation.run("run", "--model", fixture("mlp", "model.onnx"),
                "--input", fixture("mlp", "input_x.npy"), "--output-dir", outputDir.toString());
        assertEquals(0, result.exitCode(), result.describe());
        assertClose(Npy.read(Path.of(fixture("mlp", "output_y.npy"))), Npy.read(outputDir.resolve("y.npy")), "mlp y");
    }

    @Test
    void run_float64AndInt32Files_areConvertedToFloat32() throws IOException {
        HostArray x = Npy.read(Path.of(fixture("mlp", "input_x.npy")));
        float[] values = x.toFloatArray();
        double[] doubles = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            doubles[i] = values[i];
        }
        Path float64 = NpyFiles.writeFloat64(outputDir.resolve("x64.npy"), doubles, x.shape());
        CliInvocation result = CliInvocation.run("run", "--model", fixture("mlp", "model.onnx"),
                "--input", "x=" + float64, "--output-dir", outputDir.resolve("out").toString());
        assertEquals(0, result.exitCode(), result.describe());
        assertClose(Npy.read(Path.of(fixture("mlp", "output_y.npy"))),
                Npy.read(outputDir.resolve("out").resolve("y.npy")), "mlp y from float64");

        HostArray tokens = Npy.read(Path.of(fixture("text_cnn_bilstm", "input_tokens.npy")));
        Path int32 = NpyFiles.writeInt32(outputDir.resolve("tokens32.npy"), tokens.toLongArray(), tokens.shape());
        result = CliInvocation.run("run", "--model", fixture("text_cnn_bilstm", "model.onnx"),
                "--input", "tokens=" + int32, "--output-dir", outputDir.toString());
        assertEquals(0, result.exitCode(), result.describe());
        assertClose(Npy.read(Path.of(fixture("text_cnn_bilstm", "output_logits.npy"))),
                Npy.read(outputDir.resolve("logits.npy")), "text_cnn_bilstm logits from int32");
    }

    @Test
    void run_integerOutput_writesInt64UnderASafeFileName() throws IOException {
        Path model = CastModelFile.write(outputDir.resolve("cast.onnx"));
        Path x = outputDir.resolve("x.npy");
        Npy.write(x, HostArray.ofFloat32(new float[] {0, 1.5f, -2.5f, 7, 3.99f, -0.5f, 12, 100}, Shape.of(2, 4)));
        CliInvocation result = CliInvocation.run("run", "--model", model.toString(), "--input", x.toString(),
                "--output-dir", outputDir.toString());
        assertEquals(0, result.exitCode(), result.describe());
        assertTrue(result.out().contains(CastModelFile.OUTPUT + " [2, 4] int64 -> "), result.describe());
        HostArray ids = Npy.read(outputDir.resolve("_head_ids_0.npy"));
        assertEquals(HostArray.ofInt64(new long[] {0, 1, -2, 7, 3, 0, 12, 100}, Shape.of(2, 4)), ids);
    }
}
