package org.corenn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import org.corenn.io.DataType;
import org.corenn.io.HostArray;
import org.corenn.io.Npy;
import org.corenn.runtime.CorennException;
import org.corenn.runtime.Model;
import org.corenn.runtime.Predictor;
import org.corenn.tensor.Shape;
import org.corenn.tensor.Tensor;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code corenn run}: runs a model once on .npy inputs and writes every graph output as
 * {@code DIR/<output name>.npy}, float32, or int64 where the ONNX graph declares an integer output.
 */
@Command(name = "run",
        description = {"Run a model on .npy inputs and write each output as DIR/<output name>.npy.",
        "Inputs may be float32, float64, int32 or int64 (C order). Characters of an output name other than "
                + "letters, digits, '.', '-' and '_' become '_' in its file name."})
final class RunCommand implements Callable<Integer> {
    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--input", paramLabel = "NAME=FILE.npy", converter = InputFileSpec.Converter.class,
            description = "An input of the model; repeat for each input (NAME= may be left out when there is one).")
    List<InputFileSpec> inputs = new ArrayList<>();

    @Option(names = "--output-dir", paramLabel = "DIR", defaultValue = ".",
            description = "Where the outputs are written (created if missing; default: the current directory).")
    Path outputDir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        int threads = modelOptions.threads();
        ModelFile modelFile = modelOptions.read();
        Map<String, HostArray> arrays = InputFiles.read(modelFile, inputs);
        InputFiles.requireAll(modelFile, arrays);
        Map<String, Shape> shapes = new LinkedHashMap<>();
        arrays.forEach((name, array) -> shapes.put(name, array.shape()));
        Map<String, HostArray> results = new LinkedHashMap<>();
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        try (Model model = modelFile.compile(threads, shapes); Predictor predictor = model.newPredictor(threads)) {
            arrays.forEach((name, array) -> tensors.put(name, Tensor.of(array.toFloatArray(), array.shape())));
            for (Map.Entry<String, Tensor> output : predictor.predict(tensors).entrySet()) {
                results.put(output.getKey(), toOutputArray(output.getValue(), modelFile.outputType(output.getKey())));
            }
        } finally {
            tensors.values().forEach(Tensor::close);
        }
        write(results);
        return Corenn.EXIT_OK;
    }

    private static HostArray toOutputArray(Tensor tensor, DataType declared) {
        float[] values = tensor.toArray();
        if (declared.isFloatingPoint()) {
            return HostArray.ofFloat32(values, tensor.shape());
        }
        long[] integers = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            integers[i] = Math.round(values[i]);
        }
        return HostArray.ofInt64(integers, tensor.shape());
    }

    private void write(Map<String, HostArray> results) {
        PrintWriter out = spec.commandLine().getOut();
        try {
            Files.createDirectories(outputDir);
        } catch (IOException e) {
            throw new CorennException("cannot create the output directory " + outputDir + ": "
                    + FileErrors.describe(e), e);
        }
        Set<String> used = new HashSet<>();
        for (Map.Entry<String, HostArray> result : results.entrySet()) {
            Path file = outputDir.resolve(fileName(result.getKey(), used));
            try {
                Npy.write(file, result.getValue());
            } catch (IOException e) {
                throw new CorennException("cannot write output '" + result.getKey() + "' to " + file + ": "
                        + FileErrors.describe(e), e);
            }
            HostArray array = result.getValue();
            out.println(result.getKey() + " " + array.shape() + " " + array.dataType().name().toLowerCase()
                    + " -> " + file);
        }
        out.flush();
    }

    /** A file name inside the output directory for any output name ("/fc/Gemm_output_0" included). */
    private static String fileName(String outputName, Set<String> used) {
        String base = outputName.replaceAll("[^A-Za-z0-9._-]", "_");
        if (base.isEmpty() || base.chars().allMatch(c -> c == '.')) {
            base = "_" + base;
        }
        String name = base;
        for (int n = 2; !used.add(name); n++) {
            name = base + "_" + n;
        }
        return name + ".npy";
    }
}
