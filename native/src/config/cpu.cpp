#include "config/cpu.h"

#include <cpuid.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <set>
#include <utility>

#include "common/error.h"

namespace corenn {

namespace {

struct Regs { unsigned a = 0, b = 0, c = 0, d = 0; };

Regs cpuid(unsigned leaf, unsigned sub = 0) {
    Regs r;
    __cpuid_count(leaf, sub, r.a, r.b, r.c, r.d);
    return r;
}

// The OS must save the vector state on context switches or AVX faults: XCR0 bits 1 and 2 for YMM,
// and bits 5-7 (opmask and the upper ZMM halves and registers) for AVX-512.
unsigned xcr0() {
    unsigned lo, hi;
    __asm__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return lo;
}

std::string brand_string() {
    if (cpuid(0x80000000).a < 0x80000004) return "unknown x86-64";
    char buf[49] = {};
    for (unsigned i = 0; i < 3; ++i) {
        Regs r = cpuid(0x80000002 + i);
        std::memcpy(buf + 16 * i, &r, 16);
    }
    std::string s(buf);
    size_t first = s.find_first_not_of(' ');
    return first == std::string::npos ? "unknown x86-64" : s.substr(first);
}

// Physical cores from /proc/cpuinfo's (physical id, core id) pairs; falls back to online CPUs.
int count_physical_cores() {
    std::ifstream in("/proc/cpuinfo");
    std::set<std::pair<int, int>> cores;
    std::string line;
    int physical = 0;
    while (std::getline(in, line)) {
        if (line.rfind("physical id", 0) == 0) physical = std::atoi(line.c_str() + line.find(':') + 1);
        if (line.rfind("core id", 0) == 0) cores.insert({physical, std::atoi(line.c_str() + line.find(':') + 1)});
    }
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    if (cores.empty()) return online > 0 ? static_cast<int>(online) : 1;
    return static_cast<int>(cores.size());
}

CpuInfo detect() {
    CpuInfo info;
    info.name = brand_string();
    Regs l1 = cpuid(1);
    Regs l7 = cpuid(0) .a >= 7 ? cpuid(7, 0) : Regs{};
    bool osxsave = (l1.c >> 27) & 1;
    const unsigned saved = osxsave ? xcr0() : 0;
    bool ymm = (saved & 0x6) == 0x6;
    bool zmm = ymm && (saved & 0xe0) == 0xe0;
    struct Flag { const char* name; bool on; };
    const Flag flags[] = {
        {"sse4.1", ((l1.c >> 19) & 1) != 0}, {"sse4.2", ((l1.c >> 20) & 1) != 0},
        {"avx", ymm && ((l1.c >> 28) & 1)},  {"f16c", ymm && ((l1.c >> 29) & 1)},
        {"fma", ymm && ((l1.c >> 12) & 1)},  {"avx2", ymm && ((l7.b >> 5) & 1)},
        {"avx512f", zmm && ((l7.b >> 16) & 1)}, {"avx512dq", zmm && ((l7.b >> 17) & 1)},
        {"avx512cd", zmm && ((l7.b >> 28) & 1)}, {"avx512bw", zmm && ((l7.b >> 30) & 1)},
        {"avx512vl", zmm && ((l7.b >> 31) & 1)},
    };
    int avx512_parts = 0;
    for (const Flag& f : flags) {
        if (!f.on) continue;
        if (!info.features.empty()) info.features += ' ';
        info.features += f.name;
        if (std::strncmp(f.name, "avx512", 6) == 0) ++avx512_parts;
    }
    auto has = [&](const char* name) {
        for (const Flag& f : flags)
            if (std::strcmp(f.name, name) == 0) return f.on;
        return false;
    };
    info.avx2_fma = has("avx2") && has("fma") && has("f16c");
    info.avx512 = info.avx2_fma && avx512_parts == 5;
    info.physical_cores = count_physical_cores();
    return info;
}

Isa isa_from_env() {
    Isa best = isa_best();
    const char* env = std::getenv("CORENN_ISA");
    if (env == nullptr || *env == '\0') return best;
    Isa wanted = best;
    if (std::strcmp(env, "generic") == 0) wanted = Isa::generic;
    else if (std::strcmp(env, "avx2") == 0) wanted = Isa::avx2;
    else if (std::strcmp(env, "avx512") == 0) wanted = Isa::avx512;
    else std::fprintf(stderr, "corenn: ignoring CORENN_ISA=%s (expected generic, avx2 or avx512)\n", env);
    if (static_cast<int>(wanted) > static_cast<int>(best)) {
        std::fprintf(stderr, "corenn: CORENN_ISA=%s but this CPU supports only %s\n", env, isa_name(best));
        return best;
    }
    return wanted;
}

}  // namespace

const CpuInfo& cpu_info() {
    static const CpuInfo info = detect();
    return info;
}

Isa isa_best() {
    const CpuInfo& cpu = cpu_info();
    return cpu.avx512 ? Isa::avx512 : cpu.avx2_fma ? Isa::avx2 : Isa::generic;
}

Isa isa_default() {
    static const Isa isa = isa_from_env();
    return isa;
}

Isa resolve_isa(int isa) {
    if (isa == CORENN_ISA_AUTO) return isa_default();
    CORENN_REQUIRE(isa >= 0 && isa < kIsaCount, "isa must be -1 (auto), 0 (generic), 1 (avx2) or 2 (avx512), got %d", isa);
    if (isa > static_cast<int>(isa_best()))
        fail(CORENN_UNSUPPORTED, "isa %s requested but this CPU supports only %s",
             isa_name(static_cast<Isa>(isa)), isa_name(isa_best()));
    return static_cast<Isa>(isa);
}

const char* isa_name(Isa isa) {
    switch (isa) {
        case Isa::generic: return "generic";
        case Isa::avx2: return "avx2";
        case Isa::avx512: return "avx512";
    }
    return "unknown";
}

bool verbose() {
    static const bool on = [] {
        const char* v = std::getenv("CORENN_VERBOSE");
        return v != nullptr && *v != '\0' && std::strcmp(v, "0") != 0;
    }();
    return on;
}

}  // namespace corenn
