package org.corenn.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.corenn.runtime.Model;
import org.corenn.tensor.Shape;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code corenn describe}: the compiled model's layers, output shapes, kernels, FLOPs and memory. */
@Command(name = "describe",
        description = {"Print a model's layers, output shapes, kernels, FLOPs and memory.",
        "Shapes are for the --shape values given; other inputs take their declared shape, a dynamic dimension "
                + "taking the size of the same-named dimension (\"batch\") of a given input, else 1."})
final class DescribeCommand implements Callable<Integer> {
    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--shape", paramLabel = "NAME=DIMS", converter = InputShapeSpec.Converter.class,
            description = "Describe for this input shape, e.g. input=1x3x32x32.")
    List<InputShapeSpec> inputShapes = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        int threads = modelOptions.threads();
        ModelFile modelFile = modelOptions.read();
        Map<String, Shape> shapes = modelFile.completeShapes(InputShapes.resolve(modelFile, inputShapes));
        try (Model model = modelFile.compile(threads, shapes)) {
            PrintWriter out = spec.commandLine().getOut();
            out.println(model.describe());
            out.flush();
        }
        return Corenn.EXIT_OK;
    }
}
