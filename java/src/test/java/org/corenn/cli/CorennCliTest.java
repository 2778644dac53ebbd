package org.corenn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

class CorennCliTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Corenn.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void info_printsVersionCpuIsaAndKernels() {
        assertEquals(0, run("info"), err.toString());
        String text = out.toString();
        assertTrue(text.startsWith("corenn 0.1.0"), text);
        for (String expected : new String[] {"cpu ", "features ", "isa ", "threads ", "openblas ", "f32_gemv: ",
            "dense: batch 1-3 -> "}) {
            assertTrue(text.contains(expected), "missing '" + expected + "' in:\n" + text);
        }
    }

    @Test
    void badUsage_exitsWith2() {
        assertEquals(2, run("no-such-command"));
        assertEquals(2, run());
        assertEquals(2, run("info", "--no-such-flag"));
    }
}
