package org.corenn.benchmarks;

import java.util.concurrent.TimeUnit;

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
 * One inference of a benchmark model per call, on one engine at a thread count. Each combination
 * runs in its own JVM fork; the engine's output is checked against PyTorch's before timing.
 * {@code corenn} runs the graph built with the Java API, {@code corenn-onnx} the same {@code model.onnx}
 * the peers run, through Corenn's ONNX importer. Peers:
 * {@code -p engine=corenn,onnxruntime,libtorch} with a {@code -Ppeers} build.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ModelBenchmark {
    @Param({"corenn", "corenn-onnx"})
    String engine;

    @Param({"lstm-b1", "lstm-b32", "gru-b1", "gru-b32", "bilstm2-b1", "conv3x3-64-56", "conv1x1-256-56",
            "dwconv3x3-128-28", "crnn-b1", "cnn28-b1", "cnn28-b64", "chargru-step", "conv3x3-64-56-b32",
            "conv1x1-256-56-b32", "conv3x3s2-3-32-224", "conv1d-64-k3-1000", "lstm-step-h1024", "gru-ds2-h800",
            "convlstm-64-16"})
    String model;

    @Param({"1", "2"})
    int threads;

    private Runner runner;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        BenchCase c = BenchCase.load(model);
        Engine e = Engines.create(engine);
        if (!e.supports(c)) {
            throw new IllegalArgumentException(engine + " cannot run " + model + " (no model file for it)");
        }
        runner = e.open(c, threads);
        runner.run();
        OutputCheck.verify(c, engine, runner.outputs());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        runner.close();
    }

    @Benchmark
    public void run() {
        runner.run();
    }
}
