// Depthwise conv2d (groups == in_channels, out_channels = multiplier * in_channels), one input
// plane at a time, the multiplier output planes that read it computed while it is hot in L1/L2.
// With an f32_dwconv2d_unpadded kernel (AVX-512) the kernel reads the plane in place; otherwise
// each plane is first copied into the calling thread's scratch, zero-padded and split by column
// phase (ops/phase_plane.h), for f32_dwconv2d.
#include "common/parallel.h"
#include "ops/conv2d.h"
#include "ops/phase_plane.h"

namespace corenn {

namespace {

WindowGeometry geometry(const corenn_conv2d_desc& d, const ConvShape& s) {
    return {s.in_h,     s.in_w,       s.out_h,      s.out_w,      d.kernel_h, d.kernel_w, d.stride_h,
            d.stride_w, d.dilation_h, d.dilation_w, d.pad_top, d.pad_left};
}

void run_unpadded(const corenn_conv2d& op, const ConvShape& s, const float* x, const float* residual, float* y,
                  int threads) {
    const corenn_conv2d_desc& d = op.desc;
    const int channels = d.in_channels, multiplier = d.out_channels / d.in_channels;
    const size_t in_plane = static_cast<size_t>(s.in_h) * s.in_w, out_plane = static_cast<size_t>(s.out_h) * s.out_w;
    const int taps = d.kernel_h * d.kernel_w;
    const f32_dwconv2d_unpadded_fn kernel = op.kernels->f32_dwconv2d_unpadded;
    const DepthwisePlane plane{nullptr,      s.in_h,       s.in_w,    d.kernel_h, d.kernel_w, d.stride_h, d.stride_w,
                               d.dilation_h, d.dilation_w, d.pad_top, d.pad_left, s.out_h,    s.out_w};
    parallel_for(threads, int64_t{s.batch} * channels, [&](int64_t u0, int64_t u1) {
        DepthwisePlane p = plane;
        for (int64_t u = u0; u < u1; ++u) {
            const int64_t n = u / channels, c = u % channels;
            p.x = x + static_cast<size_t>(u) * in_plane;
            for (int m = 0; m < multiplier; ++m) {
                const int64_t o = c * multiplier + m;
                const size_t at = static_cast<size_t>(n * d.out_channels + o) * out_plane;
                kernel(p, op.weight.data() + o * taps, op.scale.data()[o], op.shift.data()[o],
                       residual != nullptr ? residual + at : nullptr, y + at, op.epilogue);
            }
        }
    });
}

}  // namespace

size_t depthwise_scratch_floats(const corenn_conv2d& op, const ConvShape& s) {
    if (op.kernels->f32_dwconv2d_unpadded != nullptr) return 0;
    return phase_layout(geometry(op.desc, s)).floats();
}

void depthwise_run(const corenn_conv2d& op, const ConvShape& s, const float* x, const float* residual, float* y,
                   float* scratch, size_t scratch_floats, int threads) {
    if (op.kernels->f32_dwconv2d_unpadded != nullptr) return run_unpadded(op, s, x, residual, y, threads);
    const corenn_conv2d_desc& d = op.desc;
    const WindowGeometry g = geometry(d, s);
    const PhaseLayout layout = phase_layout(g);
    const int channels = d.in_channels, multiplier = d.out_channels / d.in_channels;
    const size_t in_plane = static_cast<size_t>(s.in_h) * s.in_w, out_plane = static_cast<size_t>(s.out_h) * s.out_w;
    const int taps = d.kernel_h * d.kernel_w;
    const f32_dwconv2d_fn kernel = op.kernels->f32_dwconv2d;
    parallel_for(threads, int64_t{s.batch} * channels, [&](int64_t u0, int64_t u1) {
        float* phases = scratch + static_cast<size_t>(omp_thread_index()) * scratch_floats;
        fill_plane(layout, 0.0f, phases);
        for (int64_t u = u0; u < u1; ++u) {
            const int64_t n = u / channels, c = u % channels;
            const PhasePlane plane = split_plane(g, layout, x + static_cast<size_t>(u) * in_plane, phases);
            for (int m = 0; m < multiplier; ++m) {
                const int64_t o = c * multiplier + m;
                const size_t at = static_cast<size_t>(n * d.out_channels + o) * out_plane;
                kernel(plane, op.weight.data() + o * taps, op.scale.data()[o], op.shift.data()[o],
                       residual != nullptr ? residual + at : nullptr, y + at, op.epilogue);
            }
        }
    });
}

}  // namespace corenn
