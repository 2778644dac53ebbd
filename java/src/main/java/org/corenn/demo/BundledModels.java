package org.corenn.demo;

import java.io.IOException;
import java.io.InputStream;

import org.corenn.io.HostArray;
import org.corenn.io.Npy;
import org.corenn.io.OnnxModel;
import org.corenn.nn.Weights;
import org.corenn.onnx.OnnxImporter;
import org.corenn.runtime.CorennException;

/**
 * The demo models and samples that ship inside the jar (the repository's models/ folder), read from
 * the classpath so {@code corenn demo} needs no files and no network.
 */
public final class BundledModels {
    private BundledModels() {
    }

    public static byte[] bytes(String model, String file) throws IOException {
        String path = "/models/" + model + "/" + file;
        try (InputStream in = BundledModels.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new CorennException("bundled file " + path + " is missing from the jar");
            }
            return in.readAllBytes();
        }
    }

    public static OnnxImporter.Imported onnx(String model) throws IOException {
        return OnnxImporter.convert(OnnxModel.parse(bytes(model, "model.onnx")));
    }

    /** A bundled model's {@code model.safetensors} (a PyTorch state_dict). */
    public static Weights weights(String model) throws IOException {
        return Weights.readSafetensors(bytes(model, "model.safetensors"));
    }

    public static HostArray npy(String model, String file) throws IOException {
        return Npy.read(bytes(model, file));
    }
}
