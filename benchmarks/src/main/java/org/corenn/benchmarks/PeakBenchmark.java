package org.corenn.benchmarks;

import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.corenn.nn.Conv2d;
import org.corenn.nn.Graph;
import org.corenn.nn.Layer;
import org.corenn.nn.Weights;
import org.corenn.ops.Activation;
import org.corenn.ops.DenseOp;
import org.corenn.runtime.Model;
import org.corenn.runtime.Options;
import org.corenn.runtime.Predictor;
import org.corenn.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Attainable FLOP/s: the most FMA-bound work Corenn does (an FMA-only loop cannot be written in
 * Java). {@code results_to_md.py} divides each case's FLOPs by the median time and compares the
 * GFLOP/s with the FMA peak (AVX2, 2 x 8-wide FMA per cycle per core).
 * <ul>
 *   <li>{@code dense-b64-1024}: Dense 1024 → 1024 at batch 64 (OpenBLAS sgemm), 134.2 MFLOP;</li>
 *   <li>{@code conv1x1-256-256-56}: 1×1 conv 256 → 256 over 56×56, 411.0 MFLOP;</li>
 *   <li>{@code conv3x3-128-128-56}: 3×3 conv 128 → 128 over 56×56 (direct-convolution FLOPs; a
 *       Winograd kernel does fewer), 924.8 MFLOP.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PeakBenchmark {
    @Param({"dense-b64-1024", "conv1x1-256-256-56", "conv3x3-128-128-56"})
    String kernel;

    @Param({"1", "2"})
    int threads;

    private DenseOp dense;
    private Model model;
    private Predictor predictor;
    private Tensor x;
    private Tensor y;

    @Setup(Level.Trial)
    public void setUp() {
        Options options = Options.defaults().withThreads(threads);
        switch (kernel) {
            case "dense-b64-1024" -> {
                float[] w = new float[1024 * 1024];
                Random rng = new Random(1);
                for (int i = 0; i < w.length; i++) {
                    w[i] = rng.nextFloat() - 0.5f;
                }
                dense = DenseOp.create(w, new float[1024], 1024, 1024, Activation.IDENTITY, options);
                x = Tensor.zeros(64, 1024);
                y = Tensor.zeros(64, 1024);
            }
            case "conv1x1-256-256-56" -> compile(new Conv2d(256, 1), 256, options);
            case "conv3x3-128-128-56" -> compile(new Conv2d(128, 3).padding(1), 128, options);
            default -> throw new IllegalArgumentException("unknown kernel " + kernel);
        }
    }

    private void compile(Layer conv, int inChannels, Options options) {
        Graph.Builder b = Graph.builder();
        b.output("y", b.add("conv", conv, b.input("x", 1, inChannels, 56, 56)));
        Graph g = b.build();
        model = Model.compile(g, Weights.random(g, 1), options);
        predictor = model.newPredictor();
        x = Tensor.zeros(1, inChannels, 56, 56);
        float[] values = new float[x.size()];
        Random rng = new Random(2);
        for (int i = 0; i < values.length; i++) {
            values[i] = rng.nextFloat() - 0.5f;
        }
        x.copyFrom(values);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (AutoCloseable c : new AutoCloseable[] {dense, predictor, model, x, y}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    @Benchmark
    public Object run() {
        if (dense != null) {
            dense.run(x, y);
            return y;
        }
        return predictor.predict(x);
    }
}
