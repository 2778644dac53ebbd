package org.corenn.runtime;

import java.util.Arrays;
import java.util.List;

import org.corenn.internal.CorennNative;

/** What the native library detected about this CPU, and which kernels it picked. */
public final class CpuInfo {
    private static volatile CpuInfo current;

    private final String name;
    private final List<String> features;
    private final Isa bestIsa;
    private final Isa defaultIsa;
    private final int physicalCores;

    private CpuInfo(String name, List<String> features, Isa bestIsa, Isa defaultIsa, int physicalCores) {
        this.name = name;
        this.features = features;
        this.bestIsa = bestIsa;
        this.defaultIsa = defaultIsa;
        this.physicalCores = physicalCores;
    }

    /** Detected once per process (loading the native library on first use). */
    public static CpuInfo current() {
        CpuInfo info = current;
        if (info == null) {
            CorennNative.load();
            String features = CorennNative.corenn_cpu_features();
            info = new CpuInfo(CorennNative.corenn_cpu_name(),
                    features.isEmpty() ? List.of() : List.copyOf(Arrays.asList(features.split(" "))),
                    Isa.fromCode(CorennNative.corenn_isa_best()), Isa.fromCode(CorennNative.corenn_isa_default()),
                    Math.max(1, CorennNative.corenn_physical_cores()));
            current = info;
        }
        return info;
    }

    public String name() {
        return name;
    }

    /** Flags that matter to Corenn's kernels, e.g. {@code [sse4.2, avx, avx2, fma]}. */
    public List<String> features() {
        return features;
    }

    public Isa bestIsa() {
        return bestIsa;
    }

    /** What {@link Isa#AUTO} resolves to ({@code CORENN_ISA} may lower it). */
    public Isa defaultIsa() {
        return defaultIsa;
    }

    public int physicalCores() {
        return physicalCores;
    }

    public static String version() {
        CorennNative.load();
        return CorennNative.corenn_version();
    }

    /** OpenBLAS's build configuration and the core type it chose. */
    public static String openBlasConfig() {
        CorennNative.load();
        return CorennNative.corenn_openblas_config();
    }

    /** One "slot: kernel" line per microkernel slot at the given level ({@link Isa#AUTO} = default). */
    public static String kernelReport(Isa isa) {
        CorennNative.load();
        return CorennNative.corenn_kernel_report(isa.code());
    }

    /** Native buffers and ops currently alive; for leak tests. */
    public static long liveNativeAllocations() {
        CorennNative.load();
        return CorennNative.corenn_live_allocations();
    }
}
