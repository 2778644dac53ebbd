package org.corenn.runtime;

/** Instruction-set levels the native kernels are built for. */
public enum Isa {
    /** The process default: {@code CORENN_ISA} from the environment, else the best the CPU has. */
    AUTO(-1),
    /** The x86-64 baseline: portable C++ kernels. */
    GENERIC(0),
    /** AVX2 + FMA (+ F16C) kernels. */
    AVX2(1),
    /** AVX2 + AVX-512 F, CD, BW, DQ and VL; slots without a 512-bit kernel use the AVX2 one. */
    AVX512(2);

    private final int code;

    Isa(int code) {
        this.code = code;
    }

    /** The value {@code corenn.h} uses for this level. */
    public int code() {
        return code;
    }

    static Isa fromCode(int code) {
        for (Isa isa : values()) {
            if (isa.code == code) {
                return isa;
            }
        }
        throw new CorennException("native library reported unknown ISA level " + code);
    }
}
