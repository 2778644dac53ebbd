// Times, for the `bench` problems of tests/lists/conv2d.txt, the conv2d implementation chosen for
// NCHW against the direct NCHW8c path with both sides blocked (what a chain inside a model runs)
// and with both sides NCHW (conversions in the workspace). Build by hand like conv_timing.cpp:
//   g++ -O2 -std=c++17 -I native/include -I native/tests $PWD/native/bench/conv_nchw8c_timing.cpp \
//       -L $BUILD -lcorenn -Wl,-rpath,$BUILD -o /tmp/conv_nchw8c_timing && /tmp/conv_nchw8c_timing [threads] [filter]
// Medians of 40 runs, interleaved per problem so machine noise hits every variant alike. With one
// thread the time is the calling thread's CPU time (CLOCK_THREAD_CPUTIME_ID), which other tenants'
// load does not inflate the way it inflates wall-clock time; with more threads it is wall-clock.
#include <corenn/corenn.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <time.h>

#include "problem_list.h"

using corenn::test::Problem;

namespace {


corenn_conv2d_desc desc_of(const Problem& p) {
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
    return d;
}

double now_us(int threads) {
    if (threads > 1)
        return std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now().time_since_epoch()).count();
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

}  // namespace

int main(int argc, char** argv) {
    const int threads = argc > 1 ? std::atoi(argv[1]) : 1;
    const std::string filter = argc > 2 ? argv[2] : "";
    for (const Problem& p : corenn::test::read_problem_list("conv2d.txt")) {
        if (!p.has("bench") || p.text().find(filter) == std::string::npos) continue;
        corenn_conv2d_desc base = desc_of(p);
        const int batch = static_cast<int>(p.get("mb", 1)), ih = static_cast<int>(p.get("ih", 1));
        const int iw = static_cast<int>(p.get_any({"iw", "ih"}, 1));
        int oh = 0, ow = 0;
        corenn_conv2d_output_shape(&base, ih, iw, &oh, &ow);
        const size_t wn = static_cast<size_t>(base.out_channels) * (base.in_channels / base.groups) * base.kernel_h *
                          base.kernel_w;
        std::vector<float> w(wn, 0.01f);
        std::vector<float> x(corenn_layout_floats(CORENN_LAYOUT_NCHW8C, batch, base.in_channels, ih, iw), 1.0f);
        std::vector<float> y(corenn_layout_floats(CORENN_LAYOUT_NCHW8C, batch, base.out_channels, oh, ow));
        struct Run {
            std::string label;
            corenn_conv2d* op;
            void* ws;
            std::vector<double> us;
        };
        std::vector<Run> runs;
        const int layouts[][2] = {{CORENN_LAYOUT_NCHW, CORENN_LAYOUT_NCHW},
                                  {CORENN_LAYOUT_NCHW8C, CORENN_LAYOUT_NCHW8C},
                                  {CORENN_LAYOUT_NCHW, CORENN_LAYOUT_NCHW8C},
                                  {CORENN_LAYOUT_NCHW8C, CORENN_LAYOUT_NCHW}};
        for (const auto& l : layouts) {
            corenn_conv2d_desc d = base;
            d.input_layout = l[0];
            d.output_layout = l[1];
            corenn_conv2d* op = nullptr;
            if (corenn_conv2d_create(&d, w.data(), nullptr, CORENN_ISA_AUTO, &op) != CORENN_OK) continue;
            const char* names[] = {"nchw", "nchw8c"};
            runs.push_back({std::string(names[l[0]]) + "->" + names[l[1]] + " " + corenn_conv2d_kernel(op), op,
                            corenn_aligned_alloc(corenn_conv2d_workspace_size(op, batch, ih, iw) + 64), {}});
        }
        for (int i = 0; i < 40; ++i)
            for (Run& r : runs) {
                const double t0 = now_us(threads);
                corenn_conv2d_run(r.op, batch, ih, iw, x.data(), nullptr, y.data(), r.ws, threads);
                r.us.push_back(now_us(threads) - t0);
            }
        const double flops = 2.0 * batch * base.out_channels * oh * ow * (base.in_channels / base.groups) *
                             base.kernel_h * base.kernel_w;
        for (Run& r : runs) {
            std::sort(r.us.begin(), r.us.end());
            const double median = r.us[r.us.size() / 2];
            std::printf("%-36s %-64s median %8.1f us  min %8.1f us  %6.1f GFLOP/s\n", p.text().c_str(), r.label.c_str(),
                        median, r.us[0], flops / median / 1e3);
            corenn_aligned_free(r.ws);
            corenn_conv2d_destroy(r.op);
        }
    }
}
