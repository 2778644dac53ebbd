#include "kernels/conv/scalar-epilogue.h"

namespace corenn {

// Taps in (kh, kw) order, one accumulator per output pixel.
void f32_dwconv2d__scalar(const PhasePlane& p, const float* w, float scale, float shift, const float* residual,
                          float* y, const ConvEpilogue& e) {
    for (int oh = 0; oh < p.out_h; ++oh) {
        const float* base = p.phases + static_cast<size_t>(oh) * p.stride_h * p.row_stride;
        for (int ow = 0; ow < p.out_w; ++ow) {
            float acc = 0.0f;
            for (int kh = 0; kh < p.kernel_h; ++kh) {
                const float* row = base + static_cast<size_t>(kh) * p.dilation_h * p.row_stride + ow;
                for (int kw = 0; kw < p.kernel_w; ++kw) {
                    const int column = kw * p.dilation_w;
                    const float x = row[(column % p.stride_w) * p.phase_stride + column / p.stride_w];
                    acc += w[kh * p.kernel_w + kw] * x;
                }
            }
            const size_t at = static_cast<size_t>(oh) * p.out_w + ow;
            y[at] = conv_epilogue_scalar(acc, scale, shift, residual != nullptr ? residual + at : nullptr, e);
        }
    }
}

}  // namespace corenn
