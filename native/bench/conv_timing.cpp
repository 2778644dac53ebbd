// Times conv2d on the `bench` problems of tests/lists/conv2d.txt through the public C API.
// Not part of the build or the tests; build by hand against a built library:
//   g++ -O3 -std=c++17 -I native/include -I native/tests $PWD/native/bench/conv_timing.cpp \
//       -L $BUILD -lcorenn -Wl,-rpath,$BUILD -o /tmp/conv_timing && /tmp/conv_timing [threads] [filter]
// (filter: only problems whose descriptor contains it). A third argument VAR=value (an override such
// as CORENN_CONV_FIRST=off or CORENN_CONV1X1=sgemm) also creates each problem with that variable
// set and times the two ops alternately in the same run, printing both and the ratio of medians
// (baseline / override); isa=generic|avx2|avx512 instead creates the second op at that ISA level.
// On a shared machine, wall-clock medians move by 2x, so with 1 thread the times are the calling
// thread's CPU time (the run executes on it), which leaves out the time other processes hold the core.
// The first line is the FMA peak of one core at the ISA level in use (256-bit FMAs at avx2,
// 512-bit at avx512) and at AVX2, measured in the same run (best of several FMA-only loops); each
// problem's GFLOP/s is also given as a percentage of the level's peak.
// The 1x1 comparison of our GEMM with OpenBLAS is the override CORENN_CONV1X1=sgemm.
#include <corenn/corenn.h>
#include <immintrin.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "fma_peak.h"
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

struct Timing {
    double median_us, min_us;
};

// Median and minimum of `runs` calls, one call of each op per round so both see the same load.
std::vector<Timing> time_alternately(const std::vector<corenn_conv2d*>& ops, const std::vector<void*>& workspaces,
                                     int batch, int ih, int iw, const float* x, float* y, int threads) {
    const int runs = 60;
    std::vector<std::vector<double>> us(ops.size());
    for (int i = 0; i < runs; ++i)
        for (size_t k = 0; k < ops.size(); ++k) {
            const double t0 = now(threads);
            corenn_conv2d_run(ops[k], batch, ih, iw, x, nullptr, y, workspaces[k], threads);
            us[k].push_back((now(threads) - t0) * 1e6);
        }
    std::vector<Timing> out;
    for (std::vector<double>& u : us) {
        std::sort(u.begin(), u.end());
        out.push_back({u[u.size() / 2], u[0]});
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    const int threads = argc > 1 ? std::atoi(argv[1]) : 1;
    const std::string filter = argc > 2 ? argv[2] : "";
    const std::string override_var = argc > 3 ? argv[3] : "";
    const size_t equals = override_var.find('=');
    const bool wide = corenn_isa_default() >= CORENN_ISA_AVX512;
    const double peak = corenn::bench::fma_peak_gflops(wide),
                 avx2_peak = wide ? corenn::bench::fma_peak_gflops(false) : peak;
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
        std::vector<corenn_conv2d*> ops;
        for (int variant = 0; variant < (equals == std::string::npos ? 1 : 2); ++variant) {
            const std::string name = override_var.substr(0, equals), value = override_var.substr(equals + 1);
            int isa = CORENN_ISA_AUTO;
            if (variant == 1 && name == "isa")
                isa = value == "generic" ? CORENN_ISA_GENERIC : value == "avx2" ? CORENN_ISA_AVX2 : CORENN_ISA_AVX512;
            else if (variant == 1)
                setenv(name.c_str(), value.c_str(), 1);
            corenn_conv2d* op = nullptr;
            if (corenn_conv2d_create(&d, w.data(), nullptr, isa, &op) != CORENN_OK)
                std::printf("%s: %s\n", p.text().c_str(), corenn_last_error());
            else
                ops.push_back(op);
            if (variant == 1 && name != "isa") unsetenv(name.c_str());
        }
        std::vector<void*> workspaces;
        for (corenn_conv2d* op : ops) workspaces.push_back(corenn_aligned_alloc(corenn_conv2d_workspace_size(op, batch, ih, iw)));
        const std::vector<Timing> times = time_alternately(ops, workspaces, batch, ih, iw, x.data(), y.data(), threads);
        const double flops = 2.0 * batch * d.out_channels * oh * ow * (d.in_channels / d.groups) * d.kernel_h * d.kernel_w;
        for (size_t k = 0; k < ops.size(); ++k) {
            const double median = flops / times[k].median_us / 1e3, best = flops / times[k].min_us / 1e3;
            std::printf("%-40s %-40s median %8.1f us  min %8.1f us  %6.1f GFLOP/s (%3.0f%% of peak; min: %3.0f%%)\n",
                        p.text().c_str(), corenn_conv2d_kernel(ops[k]), times[k].median_us, times[k].min_us, median,
                        100 * median / (peak * threads), 100 * best / (peak * threads));
        }
        if (ops.size() == 2)
            std::printf("%-40s ratio of medians (without / with %s): %.2f\n", p.text().c_str(), override_var.c_str(),
                        times[0].median_us / times[1].median_us);
        for (size_t k = 0; k < ops.size(); ++k) {
            corenn_aligned_free(workspaces[k]);
            corenn_conv2d_destroy(ops[k]);
        }
    }
}
