#include <immintrin.h>

#include <cmath>

#include "kernels/activation/avx2-math.h"
#include "kernels/pool/window-taps.h"

namespace corenn {

// Eight output columns per vector. _mm256_max_ps drops a NaN in its first operand, so NaN taps
// are collected in a separate mask and written back at the end (PyTorch propagates NaN).
void f32_maxpool2d_8w__avx2(const PhasePlane& p, float* y) {
    const __m256i tail = avx2::tail_mask(p.out_w % 8);
    for (int oh = 0; oh < p.out_h; ++oh) {
        const float* base = p.phases + static_cast<size_t>(oh) * p.stride_h * p.row_stride;
        float* out = y + static_cast<size_t>(oh) * p.out_w;
        for (int ow = 0; ow < p.out_w; ow += 8) {
            __m256 m = _mm256_set1_ps(-INFINITY), seen_nan = _mm256_setzero_ps();
            for (int kh = 0; kh < p.kernel_h; ++kh) {
                const float* row = base + static_cast<size_t>(kh) * p.dilation_h * p.row_stride + ow;
                WindowTaps taps(p);
                for (int kw = 0; kw < p.kernel_w; ++kw, taps.next()) {
                    const __m256 x = _mm256_loadu_ps(row + taps.offset());
                    m = _mm256_max_ps(x, m);
                    seen_nan = _mm256_or_ps(seen_nan, _mm256_cmp_ps(x, x, _CMP_UNORD_Q));
                }
            }
            m = _mm256_blendv_ps(m, _mm256_set1_ps(NAN), seen_nan);
            if (ow + 8 <= p.out_w) _mm256_storeu_ps(out + ow, m);
            else _mm256_maskstore_ps(out + ow, tail, m);
        }
    }
}

}  // namespace corenn
