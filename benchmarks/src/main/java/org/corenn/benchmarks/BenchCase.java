package org.corenn.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.corenn.io.HostArray;
import org.corenn.io.Npy;

/**
 * One benchmark model as {@code benchmarks/tools/make_bench_models.py} wrote it: a folder with
 * {@code model.onnx}, {@code model.pt}, {@code weights.safetensors}, {@code input*.npy},
 * {@code output*.npy} (PyTorch's reference) and {@code meta.json}.
 */
public final class BenchCase {
    /** Every case, in the order of the results table. */
    public static final List<String> NAMES = List.of("lstm-b1", "lstm-b32", "gru-b1", "gru-b32", "bilstm2-b1",
            "conv3x3-64-56", "conv1x1-256-56", "dwconv3x3-128-28", "crnn-b1", "cnn28-b1", "cnn28-b64",
            "chargru-step", "conv3x3-64-56-b32", "conv1x1-256-56-b32", "conv3x3s2-3-32-224", "conv1d-64-k3-1000",
            "lstm-step-h1024", "gru-ds2-h800", "convlstm-64-16");

    private static final Pattern FLOPS = Pattern.compile("\"flops\"\\s*:\\s*(\\d+)");

    private final String name;
    private final Path dir;
    private final List<HostArray> inputs;
    private final List<HostArray> expected;
    private final long flops;

    private BenchCase(String name, Path dir, List<HostArray> inputs, List<HostArray> expected, long flops) {
        this.name = name;
        this.dir = dir;
        this.inputs = inputs;
        this.expected = expected;
        this.flops = flops;
    }

    /**
     * The folder of the models: {@code -Dcorenn.models=DIR}, else {@code benchmarks/models} or
     * {@code models} under the working directory.
     */
    public static Path modelsDir() {
        String configured = System.getProperty("corenn.models");
        if (configured != null) {
            return Path.of(configured);
        }
        Path fromRoot = Path.of("benchmarks", "models");
        return Files.isDirectory(fromRoot) ? fromRoot : Path.of("models");
    }

    public static BenchCase load(String name) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown benchmark model '" + name + "'; known: " + NAMES);
        }
        Path dir = modelsDir().resolve(name);
        if (!Files.isRegularFile(dir.resolve("weights.safetensors"))) {
            throw new IllegalStateException("no " + dir.resolve("weights.safetensors")
                    + ": run /usr/bin/python3 benchmarks/tools/make_bench_models.py first (or set -Dcorenn.models)");
        }
        try {
            Matcher m = FLOPS.matcher(Files.readString(dir.resolve("meta.json")));
            if (!m.find()) {
                throw new IllegalStateException(dir.resolve("meta.json") + " has no \"flops\"");
            }
            return new BenchCase(name, dir, readNumbered(dir, "input"), readNumbered(dir, "output"),
                    Long.parseLong(m.group(1)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code prefix.npy}, {@code prefix1.npy}, {@code prefix2.npy}, ... while they exist. */
    private static List<HostArray> readNumbered(Path dir, String prefix) throws IOException {
        List<HostArray> arrays = new ArrayList<>();
        arrays.add(Npy.read(dir.resolve(prefix + ".npy")));
        for (int i = 1; Files.exists(dir.resolve(prefix + i + ".npy")); i++) {
            arrays.add(Npy.read(dir.resolve(prefix + i + ".npy")));
        }
        return List.copyOf(arrays);
    }

    public String name() {
        return name;
    }

    public Path file(String fileName) {
        return dir.resolve(fileName);
    }

    /** Whether the case has this file (cases no peer can run have no model.onnx and model.pt). */
    public boolean hasFile(String fileName) {
        return Files.isRegularFile(dir.resolve(fileName));
    }

    /** The model's inputs in argument order. */
    public List<HostArray> inputs() {
        return inputs;
    }

    /** PyTorch's outputs for {@link #inputs()}. */
    public List<HostArray> expected() {
        return expected;
    }

    /** Multiply-adds x 2 of one call. */
    public long flops() {
        return flops;
    }
}
