package org.corenn.cli;

import static org.corenn.cli.CliInvocation.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class DescribeCommandTest {
    @Test
    void describe_resnet_printsLayersShapesAndTotals() {
        CliInvocation result = CliInvocation.run("describe", "--model", fixture("resnet_cnn", "model.onnx"),
                "--shape", "input=2x3x32x32", "--threads", "1");
        assertEquals(0, result.exitCode(), result.describe());
        for (String expected : List.of("layer", "kernel", "MFLOP", "Conv2d(16", "[2, 16, 32, 32]", "Dense(10)",
                "[2, 10]", "GFLOP per call", "memory per predictor")) {
            assertTrue(result.out().contains(expected), "missing '" + expected + "' in:\n" + result.out());
        }
    }

    @Test
    void describe_withoutShapes_usesDeclaredShapesWithDynamicDimsAtOne() {
        CliInvocation result = CliInvocation.run("describe", "--model", fixture("lstm_states", "model.onnx"));
        assertEquals(0, result.exitCode(), result.describe());
        assertTrue(result.out().contains("Lstm"), result.out());
        assertTrue(result.out().contains("x=[1, 1, 8]"), result.out());
    }

    @Test
    void describe_shapeOfOneInput_sizesTheOthersBySharedDimensionNames() {
        CliInvocation result = CliInvocation.run("describe", "--model", fixture("lstm_states", "model.onnx"),
                "--shape", "x=5x3x8");
        assertEquals(0, result.exitCode(), result.describe());
        assertTrue(result.out().contains("h0=[2, 3, 16]") && result.out().contains("c0=[2, 3, 16]"), result.out());
    }
}
