#include <cmath>

#include "kernels/pool/window-taps.h"

namespace corenn {

// PyTorch's rule: a NaN tap wins and stays (once m is NaN, `x > m` is false for every x).
void f32_maxpool2d__scalar(const PhasePlane& p, float* y) {
    for (int oh = 0; oh < p.out_h; ++oh) {
        const float* base = p.phases + static_cast<size_t>(oh) * p.stride_h * p.row_stride;
        for (int ow = 0; ow < p.out_w; ++ow) {
            float m = -INFINITY;
            for (int kh = 0; kh < p.kernel_h; ++kh) {
                const float* row = base + static_cast<size_t>(kh) * p.dilation_h * p.row_stride + ow;
                WindowTaps taps(p);
                for (int kw = 0; kw < p.kernel_w; ++kw, taps.next()) {
                    const float x = row[taps.offset()];
                    if (x > m || std::isnan(x)) m = x;
                }
            }
            y[static_cast<size_t>(oh) * p.out_w + ow] = m;
        }
    }
}

}  // namespace corenn
