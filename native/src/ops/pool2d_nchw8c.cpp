// Pool2d over NCHW8c: one (image, channel block) per work unit, each output pixel the max or sum
// of its window's in-input taps, 8 channels at once (a loop over the 8 lanes the compiler
// vectorises). Padding taps are skipped rather than read from a padded copy; they would add
// -inf to a max or 0 to a sum, so the results equal the NCHW kernels' (same (kh, kw) order).
#include <algorithm>
#include <cmath>

#include "common/parallel.h"
#include "ops/layout_nchw8c.h"
#include "ops/phase_plane.h"
#include "ops/pool2d.h"

namespace corenn {

namespace {

// Taps k in [0, kernel) whose input index o * stride - pad + k * dilation is inside [0, in).
struct Taps {
    int begin, end;
};

Taps inside(int o, int in, int kernel, int stride, int dilation, int pad) {
    const int first = o * stride - pad;
    const int begin = first >= 0 ? 0 : (-first + dilation - 1) / dilation;
    const int last = in - 1 - first;
    return {begin, last < 0 ? 0 : std::min(kernel, last / dilation + 1)};
}

}  // namespace

void pool2d_nchw8c_run(const corenn_pool2d_desc& d, const WindowGeometry& g, int pad_bottom, int pad_right,
                       int batch, int channels, const float* x, float* y, int threads) {
    const bool max = d.kind == CORENN_POOL_MAX, include_pad = d.count_include_pad != 0 && !d.global;
    const int blocks = channel_blocks(channels);
    const size_t in_block = static_cast<size_t>(g.in_h) * g.in_w * kChannelBlock;
    const size_t out_block = static_cast<size_t>(g.out_h) * g.out_w * kChannelBlock;
    parallel_for(threads, int64_t{batch} * blocks, [&](int64_t u0, int64_t u1) {
        for (int64_t u = u0; u < u1; ++u) {
            const float* xb = x + static_cast<size_t>(u) * in_block;
            float* yb = y + static_cast<size_t>(u) * out_block;
            for (int oh = 0; oh < g.out_h; ++oh) {
                const Taps rows = inside(oh, g.in_h, g.kernel_h, g.stride_h, g.dilation_h, g.pad_top);
                const float row_count = max ? 1.0f
                                            : pool_window_count(oh, g.in_h, g.pad_top, pad_bottom, g.kernel_h,
                                                                g.stride_h, include_pad);
                for (int ow = 0; ow < g.out_w; ++ow) {
                    const Taps cols = inside(ow, g.in_w, g.kernel_w, g.stride_w, g.dilation_w, g.pad_left);
                    float acc[kChannelBlock];
                    for (float& a : acc) a = max ? -INFINITY : 0.0f;
                    for (int kh = rows.begin; kh < rows.end; ++kh) {
                        const int ih = oh * g.stride_h - g.pad_top + kh * g.dilation_h;
                        for (int kw = cols.begin; kw < cols.end; ++kw) {
                            const int iw = ow * g.stride_w - g.pad_left + kw * g.dilation_w;
                            const float* v = xb + (static_cast<size_t>(ih) * g.in_w + iw) * kChannelBlock;
                            if (max) {
                                // PyTorch's rule: a NaN tap wins and stays.
                                for (int l = 0; l < kChannelBlock; ++l)
                                    if (v[l] > acc[l] || std::isnan(v[l])) acc[l] = v[l];
                            } else {
                                for (int l = 0; l < kChannelBlock; ++l) acc[l] += v[l];
                            }
                        }
                    }
                    float* out = yb + (static_cast<size_t>(oh) * g.out_w + ow) * kChannelBlock;
                    if (max) {
                        for (int l = 0; l < kChannelBlock; ++l) out[l] = acc[l];
                    } else {
                        const float divisor =
                            row_count *
                            pool_window_count(ow, g.in_w, g.pad_left, pad_right, g.kernel_w, g.stride_w, include_pad);
                        for (int l = 0; l < kChannelBlock; ++l) out[l] = acc[l] / divisor;
                    }
                }
            }
        }
    });
}

}  // namespace corenn
