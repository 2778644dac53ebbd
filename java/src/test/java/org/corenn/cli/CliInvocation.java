package org.corenn.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

/** One run of the corenn command line in-process: exit code and everything printed. */
record CliInvocation(int exitCode, String out, String err) {
    static final Path FIXTURES = Path.of("src/test/resources/fixtures/onnx");

    static CliInvocation run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Corenn.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliInvocation(code, out.toString(), err.toString());
    }

    static String fixture(String model, String file) {
        return FIXTURES.resolve(model).resolve(file).toString();
    }

    /** What a failed run printed, for assertion messages. */
    String describe() {
        return "exit " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
}
