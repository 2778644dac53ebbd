// What the CPU can do, read once with cpuid, and which ISA level ops use by default.
#pragma once

#include <string>

namespace corenn {

enum class Isa : int { generic = 0, avx2 = 1, avx512 = 2 };
constexpr int kIsaCount = 3;

struct CpuInfo {
    std::string name;      // brand string
    std::string features;  // space-separated flags we care about
    bool avx2_fma = false; // AVX2 + FMA + F16C with OS support for YMM state
    bool avx512 = false;   // the above + AVX-512 F/CD/BW/DQ/VL with OS support for ZMM state
    int physical_cores = 1;
};

const CpuInfo& cpu_info();
Isa isa_best();
Isa isa_default();          // CORENN_ISA if set (clamped to what the CPU has), else isa_best()
Isa resolve_isa(int isa);   // CORENN_ISA_AUTO -> default; throws if the CPU lacks the level
const char* isa_name(Isa isa);
bool verbose();             // CORENN_VERBOSE=1

}  // namespace corenn
