package org.corenn.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.corenn.io.DataType;
import org.corenn.io.HostArray;
import org.corenn.io.Npy;
import org.corenn.nn.Graph;
import org.corenn.runtime.CorennException;

/**
 * Reads {@code --input NAME=FILE.npy} files and checks them against the model's inputs: known name,
 * given once, a supported element type, a shape the input accepts. Values become float32, the type
 * Corenn computes in; integer ids must be exact in float32 and integer inputs get whole numbers.
 */
final class InputFiles {
    /** Integers up to 2^24 are exact in float32. */
    private static final long LARGEST_EXACT_FLOAT_INTEGER = 1L << 24;

    private InputFiles() {
    }

    /** The arrays read, by input name in the order given; inputs not given are absent. */
    static Map<String, HostArray> read(ModelFile model, List<InputFileSpec> specs) {
        Map<String, HostArray> arrays = new LinkedHashMap<>();
        for (InputFileSpec spec : specs) {
            Graph.Input input = model.inputNamedBy(spec.name(), "--input", "FILE.npy");
            if (arrays.containsKey(input.name())) {
                throw new CorennException("input '" + input.name() + "' is given twice");
            }
            arrays.put(input.name(), read(model, input, spec.file()));
        }
        return arrays;
    }

    /** Fails naming the first declared input that {@code given} lacks. */
    static void requireAll(ModelFile model, Map<String, ?> given) {
        for (Graph.Input input : model.inputs()) {
            if (!given.containsKey(input.name())) {
                throw new CorennException("missing input '" + input.name() + "' " + input.describe() + " "
                        + model.inputType(input.name()).name().toLowerCase() + "; give it with --input "
                        + input.name() + "=FILE.npy (the model takes " + model.describeInputs() + ")");
            }
        }
    }

    private static HostArray read(ModelFile model, Graph.Input input, Path file) {
        String where = "input '" + input.name() + "'";
        if (!Files.isRegularFile(file)) {
            throw new CorennException(where + ": " + file
                    + (Files.exists(file) ? " is not a regular file" : " does not exist"));
        }
        HostArray array;
        try {
            array = Npy.read(file);
        } catch (IOException e) {
            throw new CorennException(where + ": cannot read " + file + ": " + FileErrors.describe(e), e);
        } catch (CorennException e) {
            throw new CorennException(where + ": " + file + " is not a valid .npy file: " + e.getMessage(), e);
        }
        DataType type = array.dataType();
        if (type != DataType.FLOAT32 && type != DataType.FLOAT64 && type != DataType.INT32 && type != DataType.INT64) {
            throw new CorennException(where + ": " + file + " holds " + type.name().toLowerCase()
                    + " values; .npy inputs must be float32, float64, int32 or int64");
        }
        if (!input.accepts(array.shape())) {
            throw new CorennException(where + ": " + file + " has shape " + array.shape() + ", the model expects "
                    + input.describe() + " (? = any size)");
        }
        return toModelValues(where + ": " + file, array, model.inputType(input.name()));
    }

    private static HostArray toModelValues(String where, HostArray array, DataType modelType) {
        if (!array.dataType().isFloatingPoint()) {
            long[] values = array.toLongArray();
            for (int i = 0; i < values.length; i++) {
                if (Math.abs(values[i]) > LARGEST_EXACT_FLOAT_INTEGER) {
                    throw new CorennException(where + ": value " + values[i] + " at index " + i
                            + " is not exact in float32, the type Corenn computes in (|value| must be at most 2^24)");
                }
            }
            return HostArray.ofFloat32(array.toFloatArray(), array.shape());
        }
        float[] values = array.toFloatArray();
        if (!modelType.isFloatingPoint()) {
            for (int i = 0; i < values.length; i++) {
                if (values[i] != Math.rint(values[i])) {
                    throw new CorennException(where + ": the model's input is " + modelType.name().toLowerCase()
                            + " but value " + values[i] + " at index " + i + " is not a whole number");
                }
            }
        }
        return HostArray.ofFloat32(values, array.shape());
    }
}
