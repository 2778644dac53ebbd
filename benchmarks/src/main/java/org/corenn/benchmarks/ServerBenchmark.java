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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The server scenario: 4 request threads share one model per engine, loaded once with 1 intra-op
 * thread (Corenn: one {@code Model}, a {@code Predictor} per thread; ONNX Runtime: one session, intra-
 * and inter-op 1; libtorch: one module, {@code set_num_threads(1)}), each calling it back to back on
 * its own inputs. SampleTime gives the latency percentiles over all threads' calls; results_to_md.py
 * reports the throughput as threads / mean latency (closed loop: every thread always has a call in
 * flight). Every thread's output is checked against PyTorch's before timing.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(4)
public class ServerBenchmark {
    /** The model, loaded once for all request threads. */
    @State(Scope.Benchmark)
    public static class Shared {
        @Param({"corenn", "corenn-onnx"})
        String engine;

        @Param({"cnn28-b1", "lstm-b1", "gru-b1", "crnn-b1", "chargru-step"})
        String model;

        BenchCase benchCase;
        LoadedModel loaded;

        @Setup(Level.Trial)
        public void load() throws Exception {
            benchCase = BenchCase.load(model);
            Engine e = Engines.create(engine);
            if (!e.supports(benchCase)) {
                throw new IllegalArgumentException(engine + " cannot run " + model + " (no model file for it)");
            }
            loaded = e.load(benchCase, 1);
        }

        @TearDown(Level.Trial)
        public void close() {
            loaded.close();
        }
    }

    /** One request thread's client of the shared model. */
    @State(Scope.Thread)
    public static class Client {
        Runner runner;

        @Setup(Level.Trial)
        public void open(Shared shared) throws Exception {
            runner = shared.loaded.newClient();
            runner.run();
            OutputCheck.verify(shared.benchCase, shared.engine, runner.outputs());
        }

        @TearDown(Level.Trial)
        public void close() {
            runner.close();
        }
    }

    @Benchmark
    public void run(Client client) {
        client.runner.run();
    }
}
