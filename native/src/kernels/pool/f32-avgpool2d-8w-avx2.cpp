#include <immintrin.h>

#include "kernels/activation/avx2-math.h"
#include "kernels/pool/window-taps.h"

namespace corenn {

// Eight output columns per vector; plain adds in (kh, kw) order and a true division, so the
// result equals the scalar kernel's bit for bit.
void f32_avgpool2d_8w__avx2(const PhasePlane& p, const float* rows, const float* cols, float* y) {
    const __m256i tail = avx2::tail_mask(p.out_w % 8);
    for (int oh = 0; oh < p.out_h; ++oh) {
        const float* base = p.phases + static_cast<size_t>(oh) * p.stride_h * p.row_stride;
        float* out = y + static_cast<size_t>(oh) * p.out_w;
        const __m256 row_count = _mm256_set1_ps(rows[oh]);
        for (int ow = 0; ow < p.out_w; ow += 8) {
            __m256 sum = _mm256_setzero_ps();
            for (int kh = 0; kh < p.kernel_h; ++kh) {
                const float* row = base + static_cast<size_t>(kh) * p.dilation_h * p.row_stride + ow;
                WindowTaps taps(p);
                for (int kw = 0; kw < p.kernel_w; ++kw, taps.next())
                    sum = _mm256_add_ps(sum, _mm256_loadu_ps(row + taps.offset()));
            }
            const __m256 v = _mm256_div_ps(sum, _mm256_mul_ps(row_count, _mm256_loadu_ps(cols + ow)));
            if (ow + 8 <= p.out_w) _mm256_storeu_ps(out + ow, v);
            else _mm256_maskstore_ps(out + ow, tail, v);
        }
    }
}

}  // namespace corenn
