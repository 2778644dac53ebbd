package org.corenn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.corenn.demo.Demo;
import org.corenn.demo.DemoContext;
import org.corenn.demo.Demos;
import org.corenn.runtime.Options;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code corenn demo [--list] [NAME...]}: runs the applications on the models bundled in the jar. */
@Command(name = "demo", description = "Run the bundled demo models (all, or the NAMEs given).")
final class DemoCommand implements java.util.concurrent.Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--list", description = "List the demos and exit.")
    boolean list;

    @Option(names = "--output-dir", description = "Where demos write pictures (default: ${DEFAULT-VALUE}).",
            defaultValue = "corenn-demo-output")
    Path outputDir;

    @Option(names = "--threads", description = "Threads per call (default: physical cores).")
    Integer threads;

    @Parameters(arity = "0..*", paramLabel = "NAME", description = "Demos to run (default: all).")
    List<String> names = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Demo> demos = Demos.all();
        if (list) {
            demos.values().forEach(d -> out.printf("%-12s %s%n", d.name(), d.summary()));
            out.flush();
            return Corenn.EXIT_OK;
        }
        List<Demo> chosen = new ArrayList<>();
        for (String name : names) {
            Demo d = demos.get(name);
            if (d == null) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "unknown demo '" + name + "'; available: " + String.join(", ", demos.keySet()));
            }
            chosen.add(d);
        }
        if (chosen.isEmpty()) {
            chosen.addAll(demos.values());
        }
        Options options = threads == null ? Options.defaults() : Options.defaults().withThreads(threads);
        Files.createDirectories(outputDir);
        DemoContext context = new DemoContext(out, outputDir, options);
        for (Demo d : chosen) {
            d.run(context);
            out.println();
            out.flush();
        }
        return Corenn.EXIT_OK;
    }
}
