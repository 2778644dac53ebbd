#include "kernels/pool/window-taps.h"

namespace corenn {

void f32_avgpool2d__scalar(const PhasePlane& p, const float* rows, const float* cols, float* y) {
    for (int oh = 0; oh < p.out_h; ++oh) {
        const float* base = p.phases + static_cast<size_t>(oh) * p.stride_h * p.row_stride;
        for (int ow = 0; ow < p.out_w; ++ow) {
            float sum = 0.0f;
            for (int kh = 0; kh < p.kernel_h; ++kh) {
                const float* row = base + static_cast<size_t>(kh) * p.dilation_h * p.row_stride + ow;
                WindowTaps taps(p);
                for (int kw = 0; kw < p.kernel_w; ++kw, taps.next()) sum += row[taps.offset()];
            }
            y[static_cast<size_t>(oh) * p.out_w + ow] = sum / (rows[oh] * cols[ow]);
        }
    }
}

}  // namespace corenn
