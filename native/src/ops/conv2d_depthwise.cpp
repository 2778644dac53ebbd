// Depthwise conv2d (groups == in_channels, out_channels = multiplier * in_channels): each input
// plane is copied once into the calling thread's scratch, zero-padded and split by column phase
// (DwconvPlane in config/kernel-types-conv.h), and the multiplier output planes that read it are
// computed from that copy while it is hot in L1/L2.
#include <algorithm>

#include "common/parallel.h"
#include "ops/conv2d.h"

namespace corenn {

namespace {

struct PlaneLayout {
    int rows;        // padded rows the outputs read
    int row_stride;  // floats per phase row: the vector-rounded output width plus the widest tap
    size_t phase_stride;
};

PlaneLayout plane_layout(const corenn_conv2d_desc& d, const ConvShape& s) {
    PlaneLayout l;
    l.rows = (s.out_h - 1) * d.stride_h + (d.kernel_h - 1) * d.dilation_h + 1;
    const int width = (s.out_w + 7) / 8 * 8 + (d.kernel_w - 1) * d.dilation_w / d.stride_w;
    l.row_stride = (width + 7) / 8 * 8;
    l.phase_stride = static_cast<size_t>(l.rows) * l.row_stride;
    return l;
}

// Fills the phase-split copy of plane x: [in_h, in_w]; padding and the columns past the input are 0.
void split_plane(const corenn_conv2d_desc& d, const ConvShape& s, const PlaneLayout& l, const float* x, float* dst) {
    const int sw = d.stride_w;
    for (int p = 0; p < sw; ++p)
        for (int r = 0; r < l.rows; ++r) {
            float* row = dst + p * l.phase_stride + static_cast<size_t>(r) * l.row_stride;
            const int ih = r - d.pad_top;
            if (ih < 0 || ih >= s.in_h) {
                std::fill(row, row + l.row_stride, 0.0f);
                continue;
            }
            const float* src = x + static_cast<size_t>(ih) * s.in_w;
            for (int j = 0; j < l.row_stride; ++j) {
                const int iw = j * sw + p - d.pad_left;
                row[j] = iw >= 0 && iw < s.in_w ? src[iw] : 0.0f;
            }
        }
}

}  // namespace

size_t depthwise_scratch_floats(const corenn_conv2d& op, const ConvShape& s) {
    return plane_layout(op.desc, s).phase_stride * op.desc.stride_w;
}

void depthwise_run(const corenn_conv2d& op, const ConvShape& s, const float* x, const float* residual, float* y,
                   float* scratch, size_t scratch_floats, int threads) {
    const corenn_conv2d_desc& d = op.desc;
    const PlaneLayout l = plane_layout(d, s);
    const int channels = d.in_channels, multiplier = d.out_channels / d.in_channels;
    const size_t in_plane = static_cast<size_t>(s.in_h) * s.in_w, out_plane = static_cast<size_t>(s.out_h) * s.out_w;
    const int taps = d.kernel_h * d.kernel_w;
    const f32_dwconv2d_fn kernel = op.kernels->f32_dwconv2d;
    parallel_for(threads, int64_t{s.batch} * channels, [&](int64_t u0, int64_t u1) {
        float* phases = scratch + static_cast<size_t>(omp_thread_index()) * scratch_floats;
        const DwconvPlane plane{phases, l.phase_stride, l.row_stride, d.kernel_h, d.kernel_w, d.stride_h,
                                d.stride_w, d.dilation_h, d.dilation_w, s.out_h, s.out_w};
        for (int64_t u = u0; u < u1; ++u) {
            const int64_t n = u / channels, c = u % channels;
            split_plane(d, s, l, x + static_cast<size_t>(u) * in_plane, phases);
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
