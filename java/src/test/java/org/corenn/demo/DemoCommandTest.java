package org.corenn.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import org.corenn.cli.Corenn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Corenn.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void list_namesEveryDemo() {
        assertEquals(0, run("demo", "--list"));
        for (String name : Demos.all().keySet()) {
            assertTrue(out.toString().contains(name), out.toString());
        }
    }

    @Test
    void fashion_printsPredictionsAccuracyLatencyAndKernels() {
        assertEquals(0, run("demo", "fashion", "--threads", "1", "--output-dir", dir.toString()), err.toString());
        String text = out.toString();
        assertTrue(text.contains("accuracy on the 64 bundled test images: 0.9"), text);
        assertTrue(text.contains("latency per image") && text.contains("p99"), text);
        assertTrue(text.contains("kernels: "), text);
    }

    @Test
    void unknownDemo_isUsageError() {
        assertEquals(2, run("demo", "nope"));
        assertTrue(err.toString().contains("unknown demo 'nope'"), err.toString());
    }
}
