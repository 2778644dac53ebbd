package org.corenn.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.corenn.runtime.Model;
import org.corenn.runtime.Options;
import org.corenn.runtime.Predictor;
import org.corenn.tensor.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForecastDemoTest {
    @TempDir
    Path dir;

    @Test
    void bundledWindows_matchTorch_andBeatLastValueBaseline() throws IOException {
        float[] torch = BundledModels.npy(ForecastDemo.MODEL, "torch_forecast.npy").toFloatArray();
        try (Model model = BundledModels.onnx(ForecastDemo.MODEL).compile(Options.defaults().withThreads(1),
                Map.of("window", Shape.of(1, ForecastDemo.WINDOW, 1))); Predictor predictor = model.newPredictor()) {
            ForecastDemo.Result r = ForecastDemo.forecastAll(predictor);
            assertEquals(torch.length, r.forecast().length);
            for (int i = 0; i < torch.length; i++) {
                assertEquals(torch[i], r.forecast()[i], 1e-4, "forecast value " + i);
            }
            assertTrue(r.modelMae() < r.lastValueMae(), r.modelMae() + " vs last value " + r.lastValueMae());
        }
    }

    @Test
    void demo_printsMaeLatencyAndWritesPlot() throws IOException {
        StringWriter text = new StringWriter();
        new ForecastDemo().run(new DemoContext(new PrintWriter(text, true), dir, Options.defaults().withThreads(1)));
        assertTrue(text.toString().contains("last-value baseline") && text.toString().contains("p99"), text.toString());
        assertTrue(Files.size(dir.resolve("forecast.png")) > 1000);
    }
}
