package org.corenn.cli;

import java.nio.file.Path;

import org.corenn.runtime.CpuInfo;
import org.corenn.runtime.Options;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code --model FILE}, {@code --threads N} and {@code --help}, shared by the commands that load a model. */
final class ModelOptions {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "The ONNX model file.")
    Path model;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads each call uses (default: the physical cores).")
    Integer threads;

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandSpec command;

    ModelFile read() {
        return ModelFile.read(model);
    }

    /** The thread count asked for, or the physical cores. */
    int threads() {
        if (threads == null) {
            return CpuInfo.current().physicalCores();
        }
        if (threads < 1 || threads > Options.MAX_THREADS) {
            throw new CommandLine.ParameterException(command.commandLine(),
                    "--threads must be in [1, " + Options.MAX_THREADS + "], got " + threads);
        }
        return threads;
    }
}
