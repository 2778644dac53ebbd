// The FMA peak of one core, measured: shared by the native timing programs so each prints its
// "% of peak" against the same loop. Header-only; the program needs no ISA flags (the loops carry
// their own target attributes and run only where the CPU has them). Build with -O3, as the CMake
// bench build and the conv_timing build line do: at -O2 GCC leaves the accumulators in memory.
#pragma once

#include <immintrin.h>
#include <time.h>

#include <algorithm>

namespace corenn::bench {

inline double thread_cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

// Seconds of thread CPU time for `iterations` rounds of 12 independent FMA chains (2 per cycle at 4
// cycles latency need 8), 256-bit or 512-bit wide.
__attribute__((target("avx2,fma"))) inline double fma_chains_256(long iterations) {
    __m256 acc[12];
    for (int i = 0; i < 12; ++i) acc[i] = _mm256_set1_ps(static_cast<float>(i));
    const __m256 scale = _mm256_set1_ps(0.999999f), add = _mm256_set1_ps(1e-6f);
    const double start = thread_cpu_seconds();
    for (long n = 0; n < iterations; ++n) {
#pragma GCC unroll 12
        for (int i = 0; i < 12; ++i) acc[i] = _mm256_fmadd_ps(acc[i], scale, add);
        __asm__ volatile("" : "+x"(acc[0]), "+x"(acc[1]), "+x"(acc[2]), "+x"(acc[3]), "+x"(acc[4]), "+x"(acc[5]),
                         "+x"(acc[6]), "+x"(acc[7]), "+x"(acc[8]), "+x"(acc[9]), "+x"(acc[10]), "+x"(acc[11]));
    }
    return thread_cpu_seconds() - start;
}

__attribute__((target("avx512f"))) inline double fma_chains_512(long iterations) {
    __m512 acc[12];
    for (int i = 0; i < 12; ++i) acc[i] = _mm512_set1_ps(static_cast<float>(i));
    const __m512 scale = _mm512_set1_ps(0.999999f), add = _mm512_set1_ps(1e-6f);
    const double start = thread_cpu_seconds();
    for (long n = 0; n < iterations; ++n) {
#pragma GCC unroll 12
        for (int i = 0; i < 12; ++i) acc[i] = _mm512_fmadd_ps(acc[i], scale, add);
        __asm__ volatile("" : "+v"(acc[0]), "+v"(acc[1]), "+v"(acc[2]), "+v"(acc[3]), "+v"(acc[4]), "+v"(acc[5]),
                         "+v"(acc[6]), "+v"(acc[7]), "+v"(acc[8]), "+v"(acc[9]), "+v"(acc[10]), "+v"(acc[11]));
    }
    return thread_cpu_seconds() - start;
}

// GFLOP/s of one core running only FMAs, 512-bit when `wide` (the avx512 level) else 256-bit, so
// "% peak" compares a level's kernels with what that level can do. Thread CPU time, so a busy
// machine's time slicing does not lower it; best of several runs.
inline double fma_peak_gflops(bool wide) {
    const long iterations = 2000000;
    double best = 0;
    for (int run = 0; run < 10; ++run) {
        const double seconds = wide ? fma_chains_512(iterations) : fma_chains_256(iterations);
        best = std::max(best, iterations * 12.0 * (wide ? 32.0 : 16.0) / seconds * 1e-9);
    }
    return best;
}

}  // namespace corenn::bench
