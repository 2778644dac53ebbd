package org.corenn.testing;

import java.util.ArrayList;
import java.util.List;

import org.corenn.runtime.CpuInfo;
import org.corenn.runtime.Isa;
import org.corenn.runtime.Options;

/** The option sets every op test covers: each ISA level this CPU has, at 1 and 2 threads. */
public final class IsaLevels {
    private IsaLevels() {
    }

    public static List<Isa> available() {
        List<Isa> isas = new ArrayList<>();
        for (Isa isa : Isa.values()) {
            if (isa != Isa.AUTO && isa.code() <= CpuInfo.current().bestIsa().code()) {
                isas.add(isa);
            }
        }
        return isas;
    }

    public static List<Options> everyIsaAndThreadCount() {
        List<Options> all = new ArrayList<>();
        for (Isa isa : available()) {
            for (int threads : new int[] {1, 2}) {
                all.add(Options.defaults().withIsa(isa).withThreads(threads));
            }
        }
        return all;
    }
}
