package org.corenn.cli;

import static org.corenn.cli.CliInvocation.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.corenn.io.HostArray;
import org.corenn.io.Npy;
import org.corenn.tensor.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every mistake a user can make ends with exit 1 or 2 and one "error: ..." line, never a stack trace. */
class CliUserErrorsTest {
    private static final String MLP = fixture("mlp", "model.onnx");
    private static final String LSTM = fixture("lstm_states", "model.onnx");

    @TempDir
    Path dir;

    private static void assertOneLineError(int exitCode, String expectedFragment, String... args) {
        CliInvocation result = CliInvocation.run(args);
        assertEquals(exitCode, result.exitCode(), result.describe());
        String err = result.err();
        assertTrue(err.startsWith("error: ") && err.endsWith("\n") && err.indexOf('\n') == err.length() - 1,
                "one error line expected:\n" + result.describe());
        assertFalse(err.contains("\tat ") || err.contains("Exception"), "no stack trace expected:\n" + err);
        assertTrue(err.contains(expectedFragment), "expected '" + expectedFragment + "' in: " + err);
    }

    @Test
    void missingModelFile_exits1() {
        assertOneLineError(1, "no-such-model.onnx does not exist", "run", "--model", "no-such-model.onnx");
        assertOneLineError(1, "does not exist", "bench", "--model", "no-such-model.onnx");
        assertOneLineError(1, "does not exist", "describe", "--model", "no-such-model.onnx");
    }

    @Test
    void missingModelOption_exits2() {
        assertOneLineError(2, "--model", "run");
        assertOneLineError(2, "--model", "bench", "--iterations", "3");
    }

    @Test
    void fileThatIsNotOnnx_exits1() {
        assertOneLineError(1, "is not an ONNX model", "describe", "--model", fixture("mlp", "input_x.npy"));
    }

    @Test
    void badNpyFile_exits1NamingTheInput() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.npy"), "not numpy");
        assertOneLineError(1, "input 'x'", "run", "--model", MLP, "--input", "x=" + bad);
        assertOneLineError(1, "not a valid .npy file", "run", "--model", MLP, "--input", "x=" + bad);
        assertOneLineError(1, "does not exist", "run", "--model", MLP, "--input", "x=" + dir.resolve("absent.npy"));
    }

    @Test
    void unsupportedNpyType_exits1() throws IOException {
        Path int8 = NpyFiles.writeInt8(dir.resolve("x8.npy"), new byte[20], Shape.of(1, 20));
        assertOneLineError(1, "float32, float64, int32 or int64", "run", "--model", MLP, "--input", "x=" + int8);
    }

    @Test
    void wrongShape_exits1WithTheExpectedShape() throws IOException {
        Path wide = dir.resolve("wide.npy");
        Npy.write(wide, HostArray.ofFloat32(new float[21], Shape.of(1, 21)));
        assertOneLineError(1, "has shape [1, 21], the model expects [?, 20]", "run", "--model", MLP,
                "--input", "x=" + wide, "--output-dir", dir.toString());
        assertOneLineError(1, "does not fit the model's [?, 20]", "bench", "--model", MLP, "--shape", "x=1x21");
    }

    @Test
    void unknownInputName_exits1ListingTheInputs() {
        assertOneLineError(1, "unknown input 'y'; the model takes x [?, 20]", "run", "--model", MLP,
                "--input", "y=" + fixture("mlp", "input_x.npy"));
        assertOneLineError(1, "unknown input 'hidden'", "bench", "--model", LSTM, "--shape", "hidden=2x1x16");
    }

    @Test
    void missingInput_exits1NamingIt() {
        assertOneLineError(1, "missing input 'h0' [2, ?, 16]", "run", "--model", LSTM,
                "--input", "x=" + fixture("lstm_states", "input_x.npy"));
        assertOneLineError(1, "missing input 'x'", "run", "--model", MLP);
    }

    @Test
    void unnamedInputForMultiInputModel_exits1() {
        assertOneLineError(1, "the model has 3 inputs", "run", "--model", LSTM,
                "--input", fixture("lstm_states", "input_x.npy"));
    }

    @Test
    void badShapeSyntax_exits2() {
        assertOneLineError(2, "expected NAME=DIMS", "bench", "--model", MLP, "--shape", "x=1xa");
        assertOneLineError(2, "expected NAME=DIMS", "bench", "--model", MLP, "--shape", "x=");
        assertOneLineError(2, "expected NAME=DIMS", "describe", "--model", MLP, "--shape", "=1x20");
        assertOneLineError(2, "at least 1", "bench", "--model", MLP, "--shape", "x=0x20");
    }

    @Test
    void badNumbers_exit2() {
        assertOneLineError(2, "--threads", "run", "--model", MLP, "--threads", "0");
        assertOneLineError(2, "--iterations", "bench", "--model", MLP, "--iterations", "0");
        assertOneLineError(2, "--seconds", "bench", "--model", MLP, "--seconds", "-1");
        assertOneLineError(2, "--warmup", "bench", "--model", MLP, "--warmup", "-1");
        assertOneLineError(2, "mutually exclusive", "bench", "--model", MLP, "--iterations", "5", "--seconds", "1");
        assertOneLineError(2, "--threads", "bench", "--model", MLP, "--threads", "many");
    }

    @Test
    void outputDirThatIsAFile_exits1() throws IOException {
        Path file = Files.writeString(dir.resolve("taken"), "");
        assertOneLineError(1, "cannot create the output directory", "run", "--model", MLP,
                "--input", "x=" + fixture("mlp", "input_x.npy"), "--output-dir", file.toString());
    }

    @Test
    void debugFlag_addsTheStackTrace() {
        CliInvocation result = CliInvocation.run("run", "--debug", "--model", "no-such-model.onnx");
        assertEquals(1, result.exitCode(), result.describe());
        assertTrue(result.err().contains("\tat org.corenn.cli."), result.describe());
        assertTrue(result.err().strip().endsWith("error: model file no-such-model.onnx does not exist"),
                result.describe());
    }

    @Test
    void usageErrors_pointToHelpThatWorks() {
        assertOneLineError(2, "(see 'corenn help bench')", "bench", "--model", MLP, "--warmup", "-1");
        assertOneLineError(2, "(see 'corenn --help')", "no-such-command");
        String[][] helpRequests = {{"help", "bench"}, {"bench", "--help"}, {"run", "-h"}, {"describe", "--help"}};
        for (String[] help : helpRequests) {
            CliInvocation result = CliInvocation.run(help);
            assertEquals(0, result.exitCode(), result.describe());
            assertTrue(result.out().startsWith("Usage: corenn "), result.describe());
        }
    }
}
