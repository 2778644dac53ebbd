package org.corenn.onnx;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

import org.corenn.io.DataType;
import org.corenn.io.OnnxDimension;
import org.corenn.io.OnnxGraph;
import org.corenn.io.OnnxModel;
import org.corenn.io.OnnxNode;
import org.corenn.io.OnnxValueInfo;
import org.corenn.nn.Graph;
import org.corenn.nn.Weights;
import org.corenn.runtime.CorennException;
import org.corenn.runtime.Model;
import org.corenn.runtime.Options;
import org.corenn.tensor.Shape;

/**
 * Loads models exported by {@code torch.onnx.export} (opsets 11–17) as a Corenn {@link Graph} and
 * {@link Weights}. Every node is mapped at load; an op type, attribute or input form Corenn cannot run
 * fails here with a message naming the node, never later with a wrong answer.
 *
 * <pre>{@code
 * try (Model model = OnnxImporter.load(Path.of("model.onnx"), Options.defaults());
 *      Predictor p = model.newPredictor()) { ... }
 * }</pre>
 */
public final class OnnxImporter {
    /** The converted model: graph, weights, and the element types of the ONNX inputs and outputs. */
    public record Imported(Graph graph, Weights weights, Map<String, DataType> inputTypes,
            Map<String, DataType> outputTypes) {

        /** Compiles with dynamic dimensions set to 1 (or to the fixed sizes in {@code exampleShapes}). */
        public Model compile(Options options, Map<String, Shape> exampleShapes) {
            return Model.compile(graph, weights, options, exampleShapes);
        }
    }

    private static final Map<String, Converter> CONVERTERS = new HashMap<>();

    static {
        NeuralConverters.register(CONVERTERS);
        DenseConverters.register(CONVERTERS);
        ShapeConverters.register(CONVERTERS);
        RecurrentConverter.register(CONVERTERS);
    }

    private OnnxImporter() {
    }

    public static Imported read(Path file) throws IOException {
        return convert(OnnxModel.read(file));
    }

    /** Reads and compiles; dynamic dimensions are planned at 1 and re-planned on first use of other sizes. */
    public static Model load(Path file, Options options) throws IOException {
        Imported imported = read(file);
        return Model.compile(imported.graph(), imported.weights(), options);
    }

    public static Imported convert(OnnxModel model) {
        OptionalLong version = model.opsetVersion(OnnxModel.DEFAULT_DOMAIN);
        long opset = version.orElse(13);
        if (opset < 7 || opset > 21) {
            throw new CorennException("onnx: opset " + opset + " is outside the supported range 7..21 (tested: 11..17)");
        }
        OnnxGraph onnx = model.graph();
        ImportContext context = new ImportContext(onnx, opset);
        Map<String, DataType> inputTypes = new LinkedHashMap<>();
        for (OnnxValueInfo in : onnx.runtimeInputs()) {
            context.define(in.name(), context.graph.input(in.name(), dims(in)));
            inputTypes.put(in.name(), in.dataType().orElse(DataType.FLOAT32));
        }
        DenseConverters.findBiasAdds(onnx, context);
        for (OnnxNode node : onnx.nodes()) {
            if (!node.domain().isEmpty() && !node.domain().equals("ai.onnx")) {
                throw new CorennException("onnx: node '" + node.name() + "': unsupported domain '" + node.domain()
                        + "' (op " + node.opType() + ")");
            }
            Converter converter = CONVERTERS.get(node.opType());
            if (converter == null) {
                throw new CorennException("onnx: node '" + node.name() + "': unsupported op type " + node.opType());
            }
            try {
                converter.convert(node, context);
            } catch (IllegalArgumentException e) {
                throw new CorennException("onnx: node '" + node.name() + "' (" + node.opType() + "): " + e.getMessage(), e);
            }
        }
        Map<String, DataType> outputTypes = new LinkedHashMap<>();
        for (OnnxValueInfo out : onnx.outputs()) {
            context.graph.output(out.name(), context.output(out.name()));
            outputTypes.put(out.name(), out.dataType().orElse(DataType.FLOAT32));
        }
        return new Imported(context.graph.buildUnchecked(), context.weights.build(), inputTypes, outputTypes);
    }

    private static int[] dims(OnnxValueInfo in) {
        if (!in.hasShape()) {
            throw new CorennException("onnx: graph input '" + in.name() + "' has no shape");
        }
        int[] dims = new int[in.dims().size()];
        int k = 0;
        for (OnnxDimension d : in.dims()) {
            if (d.isFixed() && (d.value() < 0 || d.value() > Integer.MAX_VALUE)) {
                throw new CorennException("onnx: graph input '" + in.name() + "' has dimension " + d.value());
            }
            dims[k++] = d.isFixed() ? (int) d.value() : -1;
        }
        return dims;
    }
}
