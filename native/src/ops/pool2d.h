// Pool2d (max / average, windowed or global) over NCHW planes through the phase-split plane
// (ops/phase_plane.h): max pads with -inf, average with 0 and divides by PyTorch's window count.
#pragma once

#include <corenn/corenn.h>

#include <string>

#include "common/memory.h"
#include "config/kernels.h"

// A created pool2d op: immutable, shared by every caller thread.
struct corenn_pool2d {
    corenn_pool2d_desc desc{};
    const corenn::KernelTable* kernels = nullptr;
    std::string name;
    corenn::LiveObject live;
};

namespace corenn {

void pool2d_output_shape(const corenn_pool2d_desc& d, int in_h, int in_w, int* out_h, int* out_w);
corenn_pool2d* pool2d_create(const corenn_pool2d_desc& desc, Isa isa);
size_t pool2d_workspace_size(const corenn_pool2d& op, int in_h, int in_w);
// Average divisor along one axis (PyTorch's avg_pool2d).
float pool_window_count(int o, int in, int pad_begin, int pad_end, int kernel, int stride, bool include_pad);
// The NCHW8c run (pool2d_nchw8c.cpp) over the effective geometry g (global: one whole-plane window).
struct WindowGeometry;
void pool2d_nchw8c_run(const corenn_pool2d_desc& d, const WindowGeometry& g, int pad_bottom, int pad_right,
                       int batch, int channels, const float* x, float* y, int threads);
void pool2d_run(const corenn_pool2d& op, int batch, int channels, int in_h, int in_w, const float* x, float* y,
                void* workspace, int threads);

}  // namespace corenn
