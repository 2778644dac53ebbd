package org.corenn.cli;

import java.io.PrintWriter;

import org.corenn.ops.Activation;
import org.corenn.ops.DenseOp;
import org.corenn.runtime.CpuInfo;
import org.corenn.runtime.Isa;
import org.corenn.runtime.Options;

import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code corenn info}: version, CPU, chosen ISA level, threads, OpenBLAS and each op's kernel. */
@Command(name = "info", mixinStandardHelpOptions = true, description = "Print the version, CPU features, ISA level, threads and kernels.")
final class InfoCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        CpuInfo cpu = CpuInfo.current();
        out.println("corenn " + CpuInfo.version());
        out.println("java      " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        out.println("cpu       " + cpu.name());
        out.println("features  " + String.join(" ", cpu.features()));
        out.println("isa       " + cpu.defaultIsa().name().toLowerCase() + " (best available: "
                + cpu.bestIsa().name().toLowerCase() + "; CORENN_ISA=generic|avx2|avx512 overrides)");
        out.println("threads   " + cpu.physicalCores() + " by default (physical cores)");
        out.println("openblas  " + CpuInfo.openBlasConfig());
        out.println("kernels:");
        for (String line : CpuInfo.kernelReport(Isa.AUTO).split("\n")) {
            if (!line.isBlank()) {
                out.println("  " + line);
            }
        }
        out.println("ops:");
        try (DenseOp dense = DenseOp.create(new float[64 * 64], null, 64, 64, Activation.IDENTITY,
                Options.defaults())) {
            out.println("  dense: batch 1-3 -> " + dense.kernel(1) + ", larger -> " + dense.kernel(64));
        }
        out.flush();
    }
}
