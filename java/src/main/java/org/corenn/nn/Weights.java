package org.corenn.nn;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.corenn.io.HostArray;
import org.corenn.io.Safetensors;
import org.corenn.tensor.Shape;

/**
 * Named float32 weights, keyed by PyTorch state_dict names ({@code 0.weight},
 * {@code rnn.weight_ih_l0_reverse}, {@code bn.running_var}). Immutable once built.
 */
public final class Weights {
    /** One named array and its shape. */
    public static final class Entry {
        private final Shape shape;
        private final float[] data;

        Entry(Shape shape, float[] data) {
            this.shape = shape;
            this.data = data;
        }

        public Shape shape() {
            return shape;
        }

        /** The values (a copy). */
        public float[] data() {
            return data.clone();
        }

        float[] dataUnsafe() {
            return data;
        }
    }

    private final Map<String, Entry> entries;

    private Weights(Map<String, Entry> entries) {
        this.entries = Collections.unmodifiableMap(entries);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static Weights empty() {
        return new Weights(new LinkedHashMap<>());
    }

    /**
     * Weights for every parameter a graph declares, uniformly random in ±1/sqrt(fan-in) as PyTorch
     * initialises Linear/Conv (BatchNorm statistics get mean 0, variance 1). For tests and benchmarks.
     */
    public static Weights random(Graph graph, long seed) {
        Random rng = new Random(seed);
        Builder b = builder();
        for (Map.Entry<String, Shape> p : graph.parameterShapes().entrySet()) {
            Shape s = p.getValue();
            float[] v = new float[s.size()];
            String name = p.getKey();
            if (name.endsWith("running_var")) {
                java.util.Arrays.fill(v, 1f);
            } else if (!name.endsWith("running_mean") && !name.endsWith("num_batches_tracked")) {
                int fanIn = s.rank() >= 2 ? s.size() / s.dim(0) : Math.max(1, s.size());
                double bound = 1 / Math.sqrt(fanIn);
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
                }
            }
            b.put(name, s, v);
        }
        return b.build();
    }

    /**
     * Reads a safetensors file (e.g. {@code safetensors.torch.save_file(model.state_dict(), path)});
     * every tensor becomes float32; integer tensors such as {@code num_batches_tracked} are skipped.
     */
    public static Weights readSafetensors(Path file) throws IOException {
        return fromArrays(Safetensors.read(file));
    }

    /** As {@link #readSafetensors(Path)}, from the file's bytes (e.g. a classpath resource). */
    public static Weights readSafetensors(byte[] bytes) {
        return fromArrays(Safetensors.read(bytes));
    }

    private static Weights fromArrays(Map<String, HostArray> arrays) {
        Builder b = builder();
        for (Map.Entry<String, HostArray> e : arrays.entrySet()) {
            HostArray a = e.getValue();
            if (a.dataType().isFloatingPoint()) {
                b.put(e.getKey(), a.shape(), a.toFloatArray());
            }
        }
        return b.build();
    }

    /** Writes these weights as float32 safetensors, readable by {@code safetensors.torch.load_file}. */
    public void writeSafetensors(Path file) throws IOException {
        Map<String, HostArray> arrays = new LinkedHashMap<>();
        entries.forEach((name, e) -> arrays.put(name, HostArray.ofFloat32(e.data, e.shape)));
        Safetensors.write(file, arrays, Map.of("format", "pt"));
    }

    /**
     * The entries whose names start with {@code prefix}, with the prefix removed: maps a submodule's
     * state_dict ({@code net.0.weight}) onto a Sequential's layer names ({@code 0.weight}).
     */
    public Weights withoutPrefix(String prefix) {
        Builder b = builder();
        entries.forEach((name, e) -> {
            if (name.startsWith(prefix)) {
                b.put(name.substring(prefix.length()), e.shape, e.data);
            }
        });
        return b.build();
    }

    public Set<String> names() {
        return entries.keySet();
    }

    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    /** The entry, or null. */
    public Entry get(String name) {
        return entries.get(name);
    }

    public int size() {
        return entries.size();
    }

    /** Collects entries; later puts of the same name replace earlier ones. */
    public static final class Builder {
        private final Map<String, Entry> entries = new LinkedHashMap<>();

        public Builder put(String name, Shape shape, float[] data) {
            if (name == null || shape == null || data == null) {
                throw new NullPointerException("weights: name, shape and data must not be null");
            }
            if (data.length != shape.size()) {
                throw new IllegalArgumentException("weights: '" + name + "' has " + data.length
                        + " values but shape " + shape + " needs " + shape.size());
            }
            entries.put(name, new Entry(shape, data.clone()));
            return this;
        }

        public Weights build() {
            return new Weights(new LinkedHashMap<>(entries));
        }
    }
}
