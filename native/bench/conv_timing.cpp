// Times conv2d on the `bench` problems of tests/lists/conv2d.txt through the public C API.
// Not part of the build or the tests; build by hand against a built library:
//   g++ -O2 -std=c++17 -I native/include -I native/tests $PWD/native/bench/conv_timing.cpp \
//       -L $BUILD -lcorenn -Wl,-rpath,$BUILD -o /tmp/conv_timing && /tmp/conv_timing [threads] [filter]
// (filter: only problems whose descriptor contains it). On a shared machine, wall-clock medians
// move by 2x, so with 1 thread the times are the calling thread's CPU time (the run executes on
// it), which leaves out the time other processes hold the core.
// The first line is the FMA peak of one core at the ISA level the run uses (CORENN_ISA, else the
// best: 512-bit FMAs with AVX-512, 256-bit below), measured in the same run (best of several
// FMA-only loops), and each problem's GFLOP/s is also given as a percentage of it.
#include <corenn/corenn.h>
#include <immintrin.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "problem_list.h"

using corenn::test::Problem;

namespace {

// Seconds of the calling thread's CPU time with one thread, of wall-clock time otherwise.
double now(int threads) {
    if (threads > 1)
        return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

// 12 independent FMA chains (2 ports x latency 4, with room to spare), nothing else in the loop.
__attribute__((target("avx2,fma"))) float fma_loop(long iterations) {
    __m256 acc[12];
    for (int i = 0; i < 12; ++i) acc[i] = _mm256_set1_ps(static_cast<float>(i));
    const __m256 a = _mm256_set1_ps(0.999f), b = _mm256_set1_ps(0.001f);
    for (long n = 0; n < iterations; ++n)
#pragma GCC unroll 12
        for (int i = 0; i < 12; ++i) acc[i] = _mm256_fmadd_ps(acc[i], a, b);
    __m256 sum = acc[0];
    for (int i = 1; i < 12; ++i) sum = _mm256_add_ps(sum, acc[i]);
    return _mm256_cvtss_f32(sum);
}

// The same with 512-bit FMAs (2 ports x latency 4 on AVX-512 Xeons).
__attribute__((target("avx512f"))) float fma_loop_512(long iterations) {
    __m512 acc[12];
    for (int i = 0; i < 12; ++i) acc[i] = _mm512_set1_ps(static_cast<float>(i));
    const __m512 a = _mm512_set1_ps(0.999f), b = _mm512_set1_ps(0.001f);
    for (long n = 0; n < iterations; ++n)
#pragma GCC unroll 12
        for (int i = 0; i < 12; ++i) acc[i] = _mm512_fmadd_ps(acc[i], a, b);
    __m512 sum = acc[0];
    for (int i = 1; i < 12; ++i) sum = _mm512_add_ps(sum, acc[i]);
    return _mm512_reduce_add_ps(sum);
}

// GFLOP/s of one core at the vector width of `isa`: the best of 20 runs of 1.2 (2.4) GFLOP each.
double fma_peak(int isa) {
    const long iterations = 5000000;
    const bool wide = isa >= CORENN_ISA_AVX512;
    double best = 0;
    float sink = 0;
    for (int run = 0; run < 20; ++run) {
        const double t0 = now(1);
        sink += wide ? fma_loop_512(iterations) : fma_loop(iterations);
        const double s = now(1) - t0;
        best = std::max(best, iterations * 12 * (wide ? 32 : 16) / s / 1e9);
    }
    if (sink == 12345.0f) std::printf(" ");
    return best;
}

}  // namespace

int main(int argc, char** argv) {
    const int threads = argc > 1 ? std::atoi(argv[1]) : 1;
    const std::string filter = argc > 2 ? argv[2] : "";
    const int isa = corenn_isa_default();
    const double peak = fma_peak(isa);
    std::printf("FMA peak (%s), one core: %.1f GFLOP/s\n", corenn_isa_name(isa), peak);
    for (const Problem& p : corenn::test::read_problem_list("conv2d.txt")) {
        if (!p.has("bench") || p.text().find(filter) == std::string::npos) continue;
        corenn_conv2d_desc d{};
        d.groups = static_cast<int>(p.get("g", 1));
        d.in_channels = static_cast<int>(p.get("ic", 1));
        d.out_channels = static_cast<int>(p.get("oc", 1));
        d.kernel_h = static_cast<int>(p.get("kh", 1));
        d.kernel_w = static_cast<int>(p.get_any({"kw", "kh"}, 1));
        d.stride_h = static_cast<int>(p.get("sh", 1));
        d.stride_w = static_cast<int>(p.get_any({"sw", "sh"}, 1));
        d.dilation_h = static_cast<int>(p.get("dh", 1));
        d.dilation_w = static_cast<int>(p.get_any({"dw", "dh"}, 1));
        d.pad_top = d.pad_bottom = static_cast<int>(p.get_any({"pt", "ph"}, 0));
        d.pad_left = d.pad_right = static_cast<int>(p.get_any({"pl", "pw", "ph"}, 0));
        const int batch = static_cast<int>(p.get("mb", 1)), ih = static_cast<int>(p.get("ih", 1));
        const int iw = static_cast<int>(p.get_any({"iw", "ih"}, 1));
        int oh = 0, ow = 0;
        corenn_conv2d_output_shape(&d, ih, iw, &oh, &ow);
        const size_t wn = static_cast<size_t>(d.out_channels) * (d.in_channels / d.groups) * d.kernel_h * d.kernel_w;
        std::vector<float> w(wn, 0.01f), x(static_cast<size_t>(batch) * d.in_channels * ih * iw, 1.0f);
        std::vector<float> y(static_cast<size_t>(batch) * d.out_channels * oh * ow);
        corenn_conv2d* op = nullptr;
        if (corenn_conv2d_create(&d, w.data(), nullptr, CORENN_ISA_AUTO, &op) != CORENN_OK) {
            std::printf("%s: %s\n", p.text().c_str(), corenn_last_error());
            continue;
        }
        void* ws = corenn_aligned_alloc(corenn_conv2d_workspace_size(op, batch, ih, iw));
        std::vector<double> us;
        for (int i = 0; i < 60; ++i) {
            const double t0 = now(threads);
            corenn_conv2d_run(op, batch, ih, iw, x.data(), nullptr, y.data(), ws, threads);
            us.push_back((now(threads) - t0) * 1e6);
        }
        std::sort(us.begin(), us.end());
        const double flops = 2.0 * batch * d.out_channels * oh * ow * (d.in_channels / d.groups) * d.kernel_h * d.kernel_w;
        const double median = flops / us[us.size() / 2] / 1e3, best = flops / us[0] / 1e3;
        std::printf("%-40s %-40s median %8.1f us  min %8.1f us  %6.1f GFLOP/s (%3.0f%% of peak; min: %3.0f%%)\n",
                    p.text().c_str(), corenn_conv2d_kernel(op), us[us.size() / 2], us[0], median,
                    100 * median / (peak * threads), 100 * best / (peak * threads));
        corenn_aligned_free(ws);
        corenn_conv2d_destroy(op);
    }
}
