// Times conv2d on the `bench` problems of tests/lists/conv2d.txt through the public C API.
// Not part of the build or the tests; build by hand against a built library:
//   g++ -O2 -std=c++17 -I native/include -I native/tests $PWD/native/bench/conv_timing.cpp \
//       -L $BUILD -lcorenn -Wl,-rpath,$BUILD -o /tmp/conv_timing && /tmp/conv_timing [threads] [filter]
//   (or /tmp/conv_timing threads filter 1x1: see below)
// (filter: only problems whose descriptor contains it). On a shared machine, wall-clock medians
// move by 2x, so with 1 thread the times are the calling thread's CPU time (the run executes on
// it), which leaves out the time other processes hold the core.
// The first line is the FMA peak of one core at the ISA level in use (256-bit FMAs at avx2,
// 512-bit at avx512) and at AVX2, measured in the same run (best of several FMA-only loops); each
// problem's GFLOP/s is also given as a percentage of the level's peak.
// With a third argument `1x1`, each unpadded 1x1 problem is created twice, with CORENN_CONV1X1=own
// and =sgemm, and the two ops are timed alternately (run by run), so both see the same load.
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

// The same with 512-bit FMAs (16 lanes).
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

// GFLOP/s of one core: the best of 20 runs of 1.2 GFLOP (256-bit) or 2.4 GFLOP (512-bit) each.
double fma_peak(bool wide) {
    const long iterations = 5000000;
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

// Median and best of one op's run times.
void report(const Problem& p, corenn_conv2d* op, std::vector<double> us, double flops, double peak, int threads) {
    std::sort(us.begin(), us.end());
    const double median = flops / us[us.size() / 2] / 1e3, best = flops / us[0] / 1e3;
    std::printf("%-40s %-40s median %8.1f us  min %8.1f us  %6.1f GFLOP/s (%3.0f%% of peak; min: %3.0f%%)\n",
                p.text().c_str(), corenn_conv2d_kernel(op), us[us.size() / 2], us[0], median,
                100 * median / (peak * threads), 100 * best / (peak * threads));
}

}  // namespace

int main(int argc, char** argv) {
    const int threads = argc > 1 ? std::atoi(argv[1]) : 1;
    const std::string filter = argc > 2 ? argv[2] : "";
    const bool both_1x1 = argc > 3 && std::string(argv[3]) == "1x1";
    const bool wide = corenn_isa_default() >= CORENN_ISA_AVX512;
    const double peak = fma_peak(wide), avx2_peak = wide ? fma_peak(false) : peak;
    std::printf("FMA peak at %s, one core: %.1f GFLOP/s (AVX2: %.1f)\n", corenn_isa_name(corenn_isa_default()), peak,
                avx2_peak);
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
        const bool unpadded_1x1 = d.kernel_h == 1 && d.kernel_w == 1 && p.get_any({"ph", "pt", "pl"}, 0) == 0;
        std::vector<const char*> paths{nullptr};
        if (both_1x1 && unpadded_1x1) paths = {"own", "sgemm"};
        std::vector<corenn_conv2d*> ops;
        size_t ws_bytes = 0;
        for (const char* path : paths) {
            if (path != nullptr) setenv("CORENN_CONV1X1", path, 1);
            corenn_conv2d* op = nullptr;
            if (corenn_conv2d_create(&d, w.data(), nullptr, CORENN_ISA_AUTO, &op) != CORENN_OK) {
                std::printf("%s: %s\n", p.text().c_str(), corenn_last_error());
                return 1;
            }
            if (path != nullptr) unsetenv("CORENN_CONV1X1");
            ops.push_back(op);
            ws_bytes = std::max(ws_bytes, corenn_conv2d_workspace_size(op, batch, ih, iw));
        }
        void* ws = corenn_aligned_alloc(ws_bytes);
        std::vector<std::vector<double>> us(ops.size());
        for (int i = 0; i < 60; ++i)
            for (size_t o = 0; o < ops.size(); ++o) {
                const double t0 = now(threads);
                corenn_conv2d_run(ops[o], batch, ih, iw, x.data(), nullptr, y.data(), ws, threads);
                us[o].push_back((now(threads) - t0) * 1e6);
            }
        const double flops = 2.0 * batch * d.out_channels * oh * ow * (d.in_channels / d.groups) * d.kernel_h * d.kernel_w;
        for (size_t o = 0; o < ops.size(); ++o) report(p, ops[o], us[o], flops, peak, threads);
        if (ops.size() == 2) {
            for (auto& times : us) std::sort(times.begin(), times.end());
            std::printf("%-40s own / sgemm: median %.2f  min %.2f\n", p.text().c_str(),
                        us[0][us[0].size() / 2] / us[1][us[1].size() / 2], us[0][0] / us[1][0]);
        }
        corenn_aligned_free(ws);
        for (corenn_conv2d* op : ops) corenn_conv2d_destroy(op);
    }
}
