// Library-wide entry points: version, CPU and dispatch information, aligned memory.
#include <cblas.h>

#include <cstring>
#include <string>

#include "common/error.h"
#include "common/memory.h"
#include "config/cpu.h"
#include "config/kernels.h"

using namespace corenn;

extern "C" {

const char* corenn_version(void) { return CORENN_VERSION; }

int corenn_isa_best(void) { return static_cast<int>(isa_best()); }
int corenn_isa_default(void) { return static_cast<int>(isa_default()); }

const char* corenn_isa_name(int isa) {
    if (isa < 0 || isa >= kIsaCount) return "unknown";
    return corenn::isa_name(static_cast<Isa>(isa));
}

const char* corenn_cpu_name(void) { return cpu_info().name.c_str(); }
const char* corenn_cpu_features(void) { return cpu_info().features.c_str(); }
int corenn_physical_cores(void) { return cpu_info().physical_cores; }

const char* corenn_openblas_config(void) {
    static const std::string config = [] {
        std::string s = openblas_get_config();
        s += " (core " + std::string(openblas_get_corename()) + ")";
        return s;
    }();
    return config.c_str();
}

const char* corenn_kernel_report(int isa) {
    thread_local std::string report;
    report.clear();
    corenn_status status = guard([&] { report = kernel_report(resolve_isa(isa)); });
    return status == CORENN_OK ? report.c_str() : "";
}

void* corenn_aligned_alloc(size_t bytes) {
    void* p = nullptr;
    guard([&] {
        p = aligned_alloc_bytes(bytes);
        std::memset(p, 0, bytes);
    });
    return p;
}

void corenn_aligned_free(void* p) { aligned_free(p); }

int64_t corenn_live_allocations(void) { return live_allocations(); }

}  // extern "C"
