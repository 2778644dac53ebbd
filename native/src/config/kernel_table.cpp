#include <cstdio>
#include <string>

#include "config/kernels.h"

namespace corenn {

namespace {

// Fills each slot with the last listed kernel whose ISA the level includes, and with
// CORENN_VERBOSE=1 says what it chose and why the others lost.
KernelTable build(Isa level) {
    KernelTable t;
    const bool talk = verbose();
#define CORENN_KERNEL(slot, isa, name, function)                                                  \
    if (static_cast<int>(Isa::isa) <= static_cast<int>(level)) {                                 \
        if (talk && t.slot##_name != nullptr)                                                     \
            std::fprintf(stderr, "corenn: [%s] %s: %s supersedes %s\n", isa_name(level), #slot,  \
                         name, t.slot##_name);                                                    \
        t.slot = function;                                                                        \
        t.slot##_name = name;                                                                     \
    } else if (talk) {                                                                            \
        std::fprintf(stderr, "corenn: [%s] %s: %s rejected: needs %s\n", isa_name(level), #slot, \
                     name, #isa);                                                                 \
    }
#include "config/kernels.inc"
#undef CORENN_KERNEL
    return t;
}

}  // namespace

const KernelTable& kernels(Isa isa) {
    static const KernelTable generic = build(Isa::generic);
    if (isa == Isa::generic) return generic;
    static const KernelTable avx2 = build(Isa::avx2);
    if (isa == Isa::avx2) return avx2;
    static const KernelTable avx512 = build(Isa::avx512);
    return avx512;
}

std::string kernel_report(Isa isa) {
    const KernelTable& t = kernels(isa);
    std::string out;
    // Optional slots (f32_dwconv2d_unpadded) may have no kernel at a level.
#define CORENN_SLOT(slot) out += std::string(#slot) + ": " + (t.slot##_name != nullptr ? t.slot##_name : "none") + "\n";
#include "config/slots.inc"
#undef CORENN_SLOT
    return out;
}

}  // namespace corenn
