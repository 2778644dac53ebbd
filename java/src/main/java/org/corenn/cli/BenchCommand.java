package org.corenn.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;

import org.corenn.io.HostArray;
import org.corenn.runtime.CorennException;
import org.corenn.runtime.Model;
import org.corenn.runtime.Predictor;
import org.corenn.tensor.Shape;
import org.corenn.tensor.Tensor;
import org.corenn.runtime.LatencyStats;

import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code corenn bench}: latency percentiles and throughput of one predictor. Only the predict calls
 * are timed; the loop writes each duration into a preallocated array and allocates nothing else.
 */
@Command(name = "bench",
        description = {"Measure the latency and throughput of a model.",
        "Inputs come from .npy files (--input), or are random with the given (--shape) or declared shape: "
                + "floats in [-1, 1), integer ids below the size of the embedding table they index (or below "
                + RandomInputs.DEFAULT_ID_RANGE + " when the model shows none). A dynamic dimension of an input "
                + "not given takes the size of the same-named dimension (\"batch\") of a given input, else 1."})
final class BenchCommand implements Callable<Integer> {
    /** Longest duration array a --seconds run preallocates (80 MB); a run stops early when it is full. */
    static final int MAX_RECORDED_CALLS = 10_000_000;
    private static final long PROGRESS_BAR_AFTER_NANOS = 2_000_000_000L;
    private static final long RANDOM_SEED = 42;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--input", paramLabel = "NAME=FILE.npy", converter = InputFileSpec.Converter.class,
            description = "Feed an input from a .npy file (NAME= may be left out when there is one input).")
    List<InputFileSpec> inputFiles = new ArrayList<>();

    @Option(names = "--shape", paramLabel = "NAME=DIMS", converter = InputShapeSpec.Converter.class,
            description = "Feed an input random values of this shape, e.g. input=1x3x32x32.")
    List<InputShapeSpec> inputShapes = new ArrayList<>();

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "10",
            description = "Untimed calls before measuring (default: ${DEFAULT-VALUE}).")
    int warmup;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Length length = new Length();

    @Option(names = "--json", description = "Print the results as one JSON object on stdout.")
    boolean json;

    @Spec
    CommandSpec spec;

    private final Set<String> inputsFromFiles = new HashSet<>();

    /** How long to measure: a call count or a time. */
    static final class Length {
        @Option(names = "--iterations", paramLabel = "N", description = "Timed calls.")
        Integer iterations;

        @Option(names = "--seconds", paramLabel = "S", description = "Time to measure for (default: 3).")
        Double seconds;
    }

    @Override
    public Integer call() {
        int threads = modelOptions.threads();
        checkArguments();
        ModelFile modelFile = modelOptions.read();
        Map<String, HostArray> arrays = inputs(modelFile);
        Map<String, Shape> shapes = new LinkedHashMap<>();
        arrays.forEach((name, array) -> shapes.put(name, array.shape()));
        Tensor[] tensors = new Tensor[arrays.size()];
        try (Model model = modelFile.compile(threads, shapes); Predictor predictor = model.newPredictor(threads)) {
            int k = 0;
            for (HostArray array : arrays.values()) {
                tensors[k++] = Tensor.of(array.toFloatArray(), array.shape());
            }
            long fastestWarmupNanos = Long.MAX_VALUE;
            for (int i = 0; i < warmup; i++) {
                long before = System.nanoTime();
                predictor.predict(tensors);
                fastestWarmupNanos = Math.min(fastestWarmupNanos, System.nanoTime() - before);
            }
            long[] durations = new long[capacity(fastestWarmupNanos)];
            int calls = measure(predictor, tensors, durations, fastestWarmupNanos);
            if (length.iterations == null && calls == durations.length) {
                spec.commandLine().getErr().println("note: stopped after " + calls
                        + " calls, the most this run preallocated room for");
            }
            report(modelFile, threads, shapes, LatencyStats.of(durations, calls));
        } finally {
            for (Tensor t : tensors) {
                if (t != null) {
                    t.close();
                }
            }
        }
        return Corenn.EXIT_OK;
    }

    private void checkArguments() {
        if (warmup < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--warmup must be at least 0, got " + warmup);
        }
        if (length.iterations != null && (length.iterations < 1 || length.iterations > MAX_RECORDED_CALLS)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--iterations must be in [1, " + MAX_RECORDED_CALLS + "], got " + length.iterations);
        }
        if (length.seconds != null && !(length.seconds > 0 && length.seconds <= 86_400)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--seconds must be more than 0 and at most 86400, got " + length.seconds);
        }
    }

    /**
     * Every declared input, in declaration order: from its file, or random of its --shape or of its
     * completed declared shape.
     */
    private Map<String, HostArray> inputs(ModelFile modelFile) {
        Map<String, HostArray> files = InputFiles.read(modelFile, inputFiles);
        inputsFromFiles.addAll(files.keySet());
        Map<String, Shape> given = InputShapes.resolve(modelFile, inputShapes);
        for (Map.Entry<String, HostArray> file : files.entrySet()) {
            if (given.put(file.getKey(), file.getValue().shape()) != null) {
                throw new CorennException("input '" + file.getKey()
                        + "' is given by both --input and --shape; use one");
            }
        }
        Random random = new Random(RANDOM_SEED);
        Map<String, HostArray> arrays = new LinkedHashMap<>();
        modelFile.completeShapes(given).forEach((name, shape) -> arrays.put(name,
                files.containsKey(name) ? files.get(name) : RandomInputs.generate(modelFile, name, shape, random)));
        return arrays;
    }

    private double seconds() {
        return length.seconds != null ? length.seconds : 3;
    }

    /**
     * Room for every timed call: exact for --iterations; for --seconds, enough for calls as fast as the
     * fastest warm-up call (or 1 µs each without warm-up), with a margin.
     */
    private int capacity(long fastestWarmupNanos) {
        if (length.iterations != null) {
            return length.iterations;
        }
        double perCallNanos = warmup > 0 ? Math.max(1, fastestWarmupNanos) : 1_000;
        double expected = seconds() * 1e9 / perCallNanos;
        return (int) Math.min(MAX_RECORDED_CALLS, Math.ceil(expected * 1.5) + 16);
    }

    /** The timed loop; returns the number of calls recorded. */
    private int measure(Predictor predictor, Tensor[] tensors, long[] durations, long fastestWarmupNanos) {
        boolean timeBounded = length.iterations == null;
        long budgetNanos = timeBounded ? (long) (seconds() * 1e9)
                : warmup > 0 ? fastestWarmupNanos * durations.length : 0;
        ProgressBar bar = System.console() != null && budgetNanos > PROGRESS_BAR_AFTER_NANOS
                ? new ProgressBar(spec.commandLine().getErr()) : null;
        long start = System.nanoTime();
        int calls = 0;
        while (calls < durations.length) {
            long before = System.nanoTime();
            predictor.predict(tensors);
            long after = System.nanoTime();
            durations[calls++] = after - before;
            if (bar != null) {
                double done = timeBounded ? (double) (after - start) / budgetNanos : (double) calls / durations.length;
                bar.update(done, after);
            }
            if (timeBounded && after - start >= budgetNanos) {
                break;
            }
        }
        if (bar != null) {
            bar.clear();
        }
        return calls;
    }

    /** Items per call: the first dimension of the first input. */
    private static int batch(Map<String, Shape> shapes) {
        if (shapes.isEmpty()) {
            return 1;
        }
        Shape first = shapes.values().iterator().next();
        return first.rank() == 0 ? 1 : first.dim(0);
    }

    private void report(ModelFile modelFile, int threads, Map<String, Shape> shapes, LatencyStats stats) {
        PrintWriter out = spec.commandLine().getOut();
        int batch = batch(shapes);
        double callsPerSecond = stats.callsPerSecond();
        if (json) {
            JsonWriter w = new JsonWriter().beginObject();
            w.name("model").value(modelFile.path().toString());
            w.name("threads").value(threads);
            w.name("warmup").value(warmup);
            w.name("iterations").value(stats.calls());
            w.name("batch").value(batch);
            w.name("inputs").beginObject();
            for (Map.Entry<String, Shape> input : shapes.entrySet()) {
                w.name(input.getKey()).beginArray();
                for (int d : input.getValue().dims()) {
                    w.value(d);
                }
                w.endArray();
            }
            w.endObject();
            w.name("latency_us").beginObject();
            w.name("min").value(stats.minMicros()).name("median").value(stats.medianMicros());
            w.name("p90").value(stats.p90Micros()).name("p99").value(stats.p99Micros());
            w.name("max").value(stats.maxMicros()).name("mean").value(stats.meanMicros());
            w.endObject();
            w.name("seconds_in_predict").value(stats.totalNanos() / 1e9);
            w.name("calls_per_second").value(callsPerSecond);
            w.name("items_per_second").value(callsPerSecond * batch);
            out.println(w.endObject());
        } else {
            out.println("model       " + modelFile.path());
            out.println("inputs      " + describe(shapes));
            out.println("threads     " + threads);
            out.printf(Locale.ROOT, "calls       %d timed (%.1f ms inside predict) after %d warm-up%n", stats.calls(),
                    stats.totalNanos() / 1e6, warmup);
            out.printf(Locale.ROOT, "latency us  min %.1f  median %.1f  p90 %.1f  p99 %.1f  max %.1f  (mean %.1f)%n",
                    stats.minMicros(), stats.medianMicros(), stats.p90Micros(), stats.p99Micros(), stats.maxMicros(),
                    stats.meanMicros());
            out.printf(Locale.ROOT, "throughput  %.1f calls/s, %.1f items/s (batch %d)%n", callsPerSecond,
                    callsPerSecond * batch, batch);
        }
        out.flush();
    }

    private String describe(Map<String, Shape> shapes) {
        StringBuilder s = new StringBuilder();
        for (Map.Entry<String, Shape> input : shapes.entrySet()) {
            String name = input.getKey();
            s.append(s.length() > 0 ? ", " : "").append(name).append(' ').append(input.getValue())
                    .append(inputsFromFiles.contains(name) ? " (file)" : " (random)");
        }
        return s.toString();
    }
}
