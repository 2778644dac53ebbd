package org.corenn.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds the engines by name. The peers exist only in a {@code -Ppeers} build. When several share a
 * JVM they must be created in {@link #ORDER}: libtorch before ONNX Runtime, since loading ONNX
 * Runtime first makes libjnitorch's load die with SIGSEGV.
 */
public final class Engines {
    /** Creation (and native load) order. */
    public static final List<String> ORDER = List.of("libtorch", "onnxruntime", "corenn", "corenn-onnx");

    private static final Map<String, String> CLASSES = Map.of(
            "libtorch", "org.corenn.benchmarks.peers.TorchEngine",
            "onnxruntime", "org.corenn.benchmarks.peers.OrtEngine",
            "corenn", "org.corenn.benchmarks.CorennEngine",
            "corenn-onnx", "org.corenn.benchmarks.CorennOnnxEngine");

    private Engines() {
    }

    /** Creates (and loads the natives of) one engine. */
    public static Engine create(String name) {
        String className = CLASSES.get(name);
        if (className == null) {
            throw new IllegalArgumentException("unknown engine '" + name + "'; known: " + ORDER);
        }
        try {
            return (Engine) Class.forName(className).getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("engine '" + name + "' is not in this build: build with -Ppeers", e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("engine '" + name + "' failed to load: " + e.getCause(), e);
        }
    }

    /** The requested engines that this build has, created in {@link #ORDER}. */
    public static List<Engine> createAvailable(List<String> wanted) {
        List<Engine> engines = new ArrayList<>();
        for (String name : ORDER) {
            if (wanted.contains(name) && isBuilt(name)) {
                engines.add(create(name));
            }
        }
        return engines;
    }

    private static boolean isBuilt(String name) {
        try {
            Class.forName(CLASSES.get(name), false, Engines.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
