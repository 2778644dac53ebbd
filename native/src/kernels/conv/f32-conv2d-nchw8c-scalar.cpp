// Direct convolution over NCHW8c, one pixel and one output block at a time: the portable
// fallback and the model of the AVX2 kernel (same tap order, see kernel-types-convblk.h).
#include "kernels/conv/scalar-epilogue.h"
#include "kernels/conv/nchw8c-row-geometry.h"

namespace corenn {

void f32_conv2d_nchw8c__scalar(const Nchw8cConvGeometry& g, const float* x, const float* w, int oh, int out_blocks,
                               const float* scale, const float* shift, const float* keep, const float* residual,
                               float* y, const ConvEpilogue& e) {
    const TapRange rows = valid_taps(oh, g.in_h, g.kernel_h, g.stride_h, g.dilation_h, g.pad_top);
    for (int ob = 0; ob < out_blocks; ++ob) {
        const float* wo = w + ob * g.w_block_stride;
        const size_t row_at = ob * g.y_block_stride + static_cast<size_t>(oh) * g.out_w * 8;
        for (int ow = 0; ow < g.out_w; ++ow) {
            const TapRange cols = valid_taps(ow, g.in_w, g.kernel_w, g.stride_w, g.dilation_w, g.pad_left);
            float acc[8] = {};
            for (int cb = 0; cb < g.in_blocks; ++cb)
                for (int kh = rows.begin; kh < rows.end; ++kh) {
                    const int ih = oh * g.stride_h - g.pad_top + kh * g.dilation_h;
                    for (int kw = cols.begin; kw < cols.end; ++kw) {
                        const int iw = ow * g.stride_w - g.pad_left + kw * g.dilation_w;
                        const float* xp = x + cb * g.x_block_stride + (static_cast<size_t>(ih) * g.in_w + iw) * 8;
                        const float* wp = wo + ((static_cast<size_t>(cb) * g.kernel_h + kh) * g.kernel_w + kw) * 64;
                        for (int lane = 0; lane < 8; ++lane)
                            for (int o = 0; o < 8; ++o) acc[o] += xp[lane] * wp[lane * 8 + o];
                    }
                }
            const size_t at = row_at + static_cast<size_t>(ow) * 8;
            for (int o = 0; o < 8; ++o) {
                const int c = ob * 8 + o;
                const float v = conv_epilogue_scalar(acc[o], scale[c], shift[c],
                                                     residual != nullptr ? residual + at + o : nullptr, e);
                y[at + o] = keep[c] != 0.0f ? v : 0.0f;
            }
        }
    }
}

}  // namespace corenn
