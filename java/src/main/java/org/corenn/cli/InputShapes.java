package org.corenn.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.corenn.nn.Graph;
import org.corenn.runtime.CorennException;
import org.corenn.tensor.Shape;

/** Checks {@code --shape NAME=DIMS} values against the model's inputs. */
final class InputShapes {
    private InputShapes() {
    }

    /** The shapes given, by input name; inputs not given are absent. */
    static Map<String, Shape> resolve(ModelFile model, List<InputShapeSpec> specs) {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        for (InputShapeSpec spec : specs) {
            Graph.Input input = model.inputNamedBy(spec.name(), "--shape", "1x3x32x32");
            if (shapes.containsKey(input.name())) {
                throw new CorennException("input '" + input.name() + "' is given twice");
            }
            if (!input.accepts(spec.shape())) {
                throw new CorennException("input '" + input.name() + "': --shape " + spec.shape()
                        + " does not fit the model's " + input.describe() + " (? = any size)");
            }
            shapes.put(input.name(), spec.shape());
        }
        return shapes;
    }
}
