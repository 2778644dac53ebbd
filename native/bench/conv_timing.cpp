// Times conv2d on the `bench` problems of tests/lists/conv2d.txt through the public C API.
// Not part of the build or the tests; build by hand against a built library:
//   g++ -O2 -std=c++17 -I native/include -I native/tests $PWD/native/bench/conv_timing.cpp \
//       -L $BUILD -lcorenn -Wl,-rpath,$BUILD -o /tmp/conv_timing && /tmp/conv_timing [threads]
#include <corenn/corenn.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "problem_list.h"

using corenn::test::Problem;

int main(int argc, char** argv) {
    const int threads = argc > 1 ? std::atoi(argv[1]) : 1;
    for (const Problem& p : corenn::test::read_problem_list("conv2d.txt")) {
        if (!p.has("bench")) continue;
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
            const auto t0 = std::chrono::steady_clock::now();
            corenn_conv2d_run(op, batch, ih, iw, x.data(), nullptr, y.data(), ws, threads);
            us.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count());
        }
        std::sort(us.begin(), us.end());
        const double flops = 2.0 * batch * d.out_channels * oh * ow * (d.in_channels / d.groups) * d.kernel_h * d.kernel_w;
        std::printf("%-40s %-48s median %8.1f us  min %8.1f us  %6.1f GFLOP/s\n", p.text().c_str(),
                    corenn_conv2d_kernel(op), us[us.size() / 2], us[0], flops / us[us.size() / 2] / 1e3);
        corenn_aligned_free(ws);
        corenn_conv2d_destroy(op);
    }
}
