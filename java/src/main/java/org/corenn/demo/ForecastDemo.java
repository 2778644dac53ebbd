package org.corenn.demo;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

import javax.imageio.ImageIO;

import org.corenn.runtime.Model;
import org.corenn.runtime.Predictor;
import org.corenn.tensor.Shape;
import org.corenn.tensor.Tensor;

/**
 * Multi-step time-series forecasting: an LSTM trained with PyTorch (tools/models/train_forecast.py) on a
 * synthetic series (three seasons + trend + noise) reads 48 steps and predicts the next 12; compared with
 * the naive forecast that repeats the last observed value.
 */
public final class ForecastDemo implements Demo {
    static final String MODEL = "forecast";
    static final int WINDOW = 48;
    static final int HORIZON = 12;

    @Override
    public String name() {
        return "forecast";
    }

    @Override
    public String summary() {
        return "LSTM forecaster: 48 steps of a seasonal series in, the next 12 out, vs a last-value baseline";
    }

    /** The bundled windows, PyTorch-free: forecasts from Corenn, truth and the last-value baseline. */
    record Result(float[] windows, float[] truth, float[] forecast, int count, LatencyRecorder latency) {
        double modelMae() {
            double sum = 0;
            for (int i = 0; i < truth.length; i++) {
                sum += Math.abs(forecast[i] - truth[i]);
            }
            return sum / truth.length;
        }

        double lastValueMae() {
            double sum = 0;
            for (int s = 0; s < count; s++) {
                float last = windows[s * WINDOW + WINDOW - 1];
                for (int k = 0; k < HORIZON; k++) {
                    sum += Math.abs(last - truth[s * HORIZON + k]);
                }
            }
            return sum / truth.length;
        }
    }

    static Result forecastAll(Predictor predictor) throws IOException {
        float[] windows = BundledModels.npy(MODEL, "samples.npy").toFloatArray();
        float[] truth = BundledModels.npy(MODEL, "targets.npy").toFloatArray();
        int n = windows.length / WINDOW;
        float[] forecast = new float[n * HORIZON];
        LatencyRecorder latency = new LatencyRecorder(n);
        float[] one = new float[WINDOW];
        try (Tensor x = Tensor.zeros(1, WINDOW, 1)) {
            for (int warm = 0; warm < 10; warm++) {
                predictor.predict(Map.of("window", x));
            }
            for (int s = 0; s < n; s++) {
                System.arraycopy(windows, s * WINDOW, one, 0, WINDOW);
                x.copyFrom(one);
                long start = System.nanoTime();
                Tensor y = predictor.predict(Map.of("window", x)).get("forecast");
                latency.record(System.nanoTime() - start);
                for (int k = 0; k < HORIZON; k++) {
                    forecast[s * HORIZON + k] = y.getFlat(k);
                }
            }
        }
        return new Result(windows, truth, forecast, n, latency);
    }

    @Override
    public void run(DemoContext context) throws IOException {
        PrintWriter out = context.out();
        out.println("== forecast: " + summary());
        try (Model model = BundledModels.onnx(MODEL).compile(context.options(),
                Map.of("window", Shape.of(1, WINDOW, 1))); Predictor predictor = model.newPredictor()) {
            Result r = forecastAll(predictor);
            out.println("window 0, the 12 steps after its last observed value " + r.windows[WINDOW - 1] + ":");
            out.printf("%-6s %8s %8s %8s%n", "step", "truth", "LSTM", "last");
            for (int k = 0; k < HORIZON; k++) {
                out.printf("t+%-4d %8.3f %8.3f %8.3f%n", k + 1, r.truth[k], r.forecast[k], r.windows[WINDOW - 1]);
            }
            out.printf("MAE over the %d bundled test windows x %d steps: LSTM %.3f, last-value baseline %.3f%n",
                    r.count, HORIZON, r.modelMae(), r.lastValueMae());
            Path png = context.outputDir().resolve("forecast.png");
            ImageIO.write(plot(r, 4), "png", png.toFile());
            out.println("plot of the first 4 windows (history grey, truth black, LSTM red): " + png);
            out.println("latency per 48-step window (batch 1, " + context.options().threads() + " threads): "
                    + r.latency.summary());
            out.println("kernels: " + Kernels.summary(model));
        }
    }

    /** One panel per window, side by side: the 48 observed steps, then truth and forecast for 12. */
    static BufferedImage plot(Result r, int panels) {
        int pw = 300;
        int ph = 200;
        int margin = 10;
        BufferedImage image = new BufferedImage(pw * panels, ph, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), ph);
        for (int p = 0; p < Math.min(panels, r.count); p++) {
            float[] history = new float[WINDOW];
            float[] truth = new float[HORIZON + 1];
            float[] forecast = new float[HORIZON + 1];
            System.arraycopy(r.windows, p * WINDOW, history, 0, WINDOW);
            truth[0] = forecast[0] = history[WINDOW - 1];
            System.arraycopy(r.truth, p * HORIZON, truth, 1, HORIZON);
            System.arraycopy(r.forecast, p * HORIZON, forecast, 1, HORIZON);
            float lo = Float.MAX_VALUE;
            float hi = -Float.MAX_VALUE;
            for (float[] a : new float[][] {history, truth, forecast}) {
                for (float v : a) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
            int x0 = p * pw + margin;
            double dx = (pw - 2.0 * margin) / (WINDOW + HORIZON - 1);
            double scale = (ph - 2.0 * margin) / Math.max(1e-6, hi - lo);
            g.setColor(new Color(230, 230, 230));
            g.drawLine(x0 + (int) ((WINDOW - 1) * dx), margin, x0 + (int) ((WINDOW - 1) * dx), ph - margin);
            g.setStroke(new BasicStroke(1.5f));
            line(g, history, 0, x0, dx, hi, scale, margin, Color.GRAY);
            line(g, truth, WINDOW - 1, x0, dx, hi, scale, margin, Color.BLACK);
            line(g, forecast, WINDOW - 1, x0, dx, hi, scale, margin, Color.RED);
        }
        g.dispose();
        return image;
    }

    private static void line(Graphics2D g, float[] values, int firstStep, int x0, double dx, float hi, double scale,
            int margin, Color color) {
        g.setColor(color);
        for (int i = 1; i < values.length; i++) {
            g.drawLine(x0 + (int) Math.round((firstStep + i - 1) * dx), margin + (int) Math.round((hi - values[i - 1]) * scale),
                    x0 + (int) Math.round((firstStep + i) * dx), margin + (int) Math.round((hi - values[i]) * scale));
        }
    }
}
