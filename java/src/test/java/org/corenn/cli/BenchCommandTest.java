package org.corenn.cli;

import static org.corenn.cli.CliInvocation.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class BenchCommandTest {
    @Test
    void bench_json_printsOneObjectWithLatencyAndThroughput() {
        CliInvocation result = CliInvocation.run("bench", "--model", fixture("mlp", "model.onnx"), "--shape", "x=4x20",
                "--warmup", "3", "--iterations", "20", "--threads", "1", "--json");
        assertEquals(0, result.exitCode(), result.describe());
        assertEquals("", result.err());
        String text = result.out().strip();
        assertTrue(!text.contains("\n"), "one line of JSON expected:\n" + text);
        Map<?, ?> json = (Map<?, ?>) StrictJson.parse(text);
        for (String key : List.of("model", "threads", "warmup", "iterations", "batch", "inputs", "latency_us",
                "seconds_in_predict", "calls_per_second", "items_per_second")) {
            assertTrue(json.containsKey(key), "missing key " + key + " in " + text);
        }
        assertEquals(20, ((Number) json.get("iterations")).intValue());
        assertEquals(4, ((Number) json.get("batch")).intValue());
        assertEquals(List.of(4, 20), ((List<?>) ((Map<?, ?>) json.get("inputs")).get("x")).stream()
                .map(d -> ((Number) d).intValue()).toList());
        Map<?, ?> latency = (Map<?, ?>) json.get("latency_us");
        double previous = 0;
        for (String key : List.of("min", "median", "p90", "p99", "max")) {
            double value = ((Number) latency.get(key)).doubleValue();
            assertTrue(value > 0 && value >= previous, key + " out of order in " + text);
            previous = value;
        }
        double calls = ((Number) json.get("calls_per_second")).doubleValue();
        double items = ((Number) json.get("items_per_second")).doubleValue();
        assertEquals(4 * calls, items, 1e-3 * items + 0.01);
    }

    @Test
    void bench_text_reportsPercentilesAndRates_andSizesOtherInputsByDimensionName() {
        CliInvocation result = CliInvocation.run("bench", "--model", fixture("lstm_states", "model.onnx"),
                "--input", "x=" + fixture("lstm_states", "input_x.npy"), "--iterations", "5", "--threads", "1");
        assertEquals(0, result.exitCode(), result.describe());
        for (String expected : List.of("x [6, 2, 8] (file)", "h0 [2, 2, 16] (random)", "c0 [2, 2, 16] (random)",
                "min ", "median ", "p90 ", "p99 ", "max ", "calls/s", "items/s (batch 6)")) {
            assertTrue(result.out().contains(expected), "missing '" + expected + "' in:\n" + result.out());
        }
    }

    @Test
    void bench_int64Input_drawsIdsWithinTheEmbeddingTable() {
        CliInvocation result = CliInvocation.run("bench", "--model", fixture("text_cnn_bilstm", "model.onnx"),
                "--shape", "tokens=2x12", "--seconds", "0.2", "--warmup", "1", "--threads", "1");
        assertEquals(0, result.exitCode(), result.describe());
        assertTrue(result.out().contains("tokens [2, 12] (random)"), result.out());
    }
}
