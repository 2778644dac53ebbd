package org.corenn.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import org.corenn.io.DataType;
import org.corenn.io.HostArray;
import org.corenn.io.OnnxModel;
import org.corenn.io.OnnxNode;
import org.corenn.io.OnnxValueInfo;
import org.corenn.nn.Graph;
import org.corenn.onnx.OnnxImporter;
import org.corenn.runtime.CorennException;
import org.corenn.runtime.Model;
import org.corenn.runtime.Options;
import org.corenn.tensor.Shape;

/**
 * An ONNX file given with {@code --model}: the imported graph, and the ONNX graph it came from for the
 * hints the import does not keep (how many rows an embedding table has).
 */
final class ModelFile {
    private final Path path;
    private final OnnxModel onnx;
    private final OnnxImporter.Imported imported;

    private ModelFile(Path path, OnnxModel onnx, OnnxImporter.Imported imported) {
        this.path = path;
        this.onnx = onnx;
        this.imported = imported;
    }

    static ModelFile read(Path path) {
        if (!Files.exists(path)) {
            throw new CorennException("model file " + path + " does not exist");
        }
        if (!Files.isRegularFile(path)) {
            throw new CorennException("model file " + path + " is not a regular file (expected an .onnx file)");
        }
        OnnxModel onnx;
        try {
            onnx = OnnxModel.read(path);
        } catch (IOException e) {
            throw new CorennException("cannot read model file " + path + ": " + FileErrors.describe(e), e);
        } catch (CorennException e) {
            throw new CorennException(path + " is not an ONNX model Corenn can read: " + e.getMessage(), e);
        }
        try {
            return new ModelFile(path, onnx, OnnxImporter.convert(onnx));
        } catch (CorennException e) {
            throw new CorennException(path + ": " + e.getMessage(), e);
        }
    }

    Path path() {
        return path;
    }

    List<Graph.Input> inputs() {
        return imported.graph().inputs();
    }

    /** The ONNX element type of an input (FLOAT32 when the file does not say). */
    DataType inputType(String name) {
        return imported.inputTypes().getOrDefault(name, DataType.FLOAT32);
    }

    /** The ONNX element type of an output (FLOAT32 when the file does not say). */
    DataType outputType(String name) {
        return imported.outputTypes().getOrDefault(name, DataType.FLOAT32);
    }

    /** Compiled for the given input shapes; inputs not listed take their declared dims, dynamic ones at 1. */
    Model compile(int threads, Map<String, Shape> exampleShapes) {
        return imported.compile(Options.defaults().withThreads(threads), exampleShapes);
    }

    /**
     * The number of rows of the embedding table an integer input indexes, when the input feeds a
     * Gather (how {@code torch.onnx.export} writes nn.Embedding) straight from an initializer.
     */
    OptionalInt embeddingRows(String inputName) {
        Map<String, HostArray> initializers = onnx.graph().initializers();
        for (OnnxNode node : onnx.graph().nodes()) {
            if (node.opType().equals("Gather") && node.inputs().size() == 2 && node.inputs().get(1).equals(inputName)
                    && node.intAttribute("axis", 0) == 0) {
                HostArray table = initializers.get(node.inputs().get(0));
                if (table != null && table.shape().rank() > 0 && table.shape().dim(0) > 0) {
                    return OptionalInt.of(table.shape().dim(0));
                }
            }
        }
        return OptionalInt.empty();
    }

    /**
     * Shapes for every input: those given, and for the others the declared dims, where each dynamic
     * dim named like one of a given input ("batch") takes that size and any other dynamic dim is 1.
     */
    Map<String, Shape> completeShapes(Map<String, Shape> given) {
        Map<String, Integer> symbolSizes = new HashMap<>();
        for (OnnxValueInfo input : onnx.graph().runtimeInputs()) {
            Shape shape = given.get(input.name());
            for (int i = 0; shape != null && i < input.dims().size() && i < shape.rank(); i++) {
                Optional<String> symbol = input.dims().get(i).symbol();
                if (symbol.isPresent()) {
                    symbolSizes.putIfAbsent(symbol.get(), shape.dim(i));
                }
            }
        }
        Map<String, Shape> shapes = new LinkedHashMap<>();
        for (OnnxValueInfo input : onnx.graph().runtimeInputs()) {
            Shape shape = given.get(input.name());
            if (shape == null) {
                int[] dims = input(input.name()).exampleShape().dims();
                for (int i = 0; i < dims.length; i++) {
                    Optional<String> symbol = input.dims().get(i).symbol();
                    if (symbol.isPresent() && symbolSizes.containsKey(symbol.get())) {
                        dims[i] = symbolSizes.get(symbol.get());
                    }
                }
                shape = Shape.of(dims);
            }
            shapes.put(input.name(), shape);
        }
        return shapes;
    }

    /** {@code x [?, 20], h0 [2, ?, 16]}: the inputs as error messages list them. */
    String describeInputs() {
        StringBuilder s = new StringBuilder();
        for (Graph.Input input : inputs()) {
            s.append(s.length() > 0 ? ", " : "").append(input.name()).append(' ').append(input.describe());
        }
        return s.toString();
    }

    /** The declared input of that name, or an error listing the inputs the model has. */
    Graph.Input input(String name) {
        for (Graph.Input input : inputs()) {
            if (input.name().equals(name)) {
                return input;
            }
        }
        throw new CorennException("unknown input '" + name + "'; the model takes " + describeInputs());
    }

    /**
     * The input a {@code --input} or {@code --shape} value names; a value without a name means the only
     * input of a single-input model. {@code option} and {@code valueExample} ("--input", "FILE.npy")
     * show how to name one.
     */
    Graph.Input inputNamedBy(String nameOrNull, String option, String valueExample) {
        if (nameOrNull != null) {
            return input(nameOrNull);
        }
        if (inputs().isEmpty()) {
            throw new CorennException("the model takes no inputs; leave out " + option);
        }
        if (inputs().size() != 1) {
            throw new CorennException("the model has " + inputs().size() + " inputs (" + describeInputs()
                    + "); name each one, as in " + option + " " + inputs().get(0).name() + "=" + valueExample);
        }
        return inputs().get(0);
    }
}
