#include "kernels/conv/scalar-epilogue.h"
#include "kernels/conv/winograd43-math.h"

namespace corenn {

void f32_winograd43_output__scalar(const float* m, size_t m_stride, int rows, int tiles_w, int out_row0, int out_h,
                                   int out_w, float scale, float shift, const float* residual, float* y,
                                   const ConvEpilogue& e) {
    for (int r = 0; r < rows; ++r)
        for (int t = 0; t < tiles_w; ++t) {
            float products[36], out[16];
            for (int k = 0; k < 36; ++k) products[k] = m[k * m_stride + static_cast<size_t>(r) * tiles_w + t];
            winograd43::output_tile(products, out);
            for (int i = 0; i < 4; ++i) {
                const int oh = out_row0 + 4 * r + i;
                if (oh >= out_h) break;
                for (int j = 0; j < 4 && 4 * t + j < out_w; ++j) {
                    const size_t at = static_cast<size_t>(oh) * out_w + 4 * t + j;
                    y[at] = conv_epilogue_scalar(out[i * 4 + j], scale, shift,
                                                 residual != nullptr ? residual + at : nullptr, e);
                }
            }
        }
}

}  // namespace corenn
