#include "config/kernels.h"
#include "kernels/activation/avx2-math.h"

namespace corenn {

void f32_affine_8x__avx2(const float* x, float* y, size_t n, float scale, float shift, const corenn_activation_desc& act) {
    const __m256 s = _mm256_set1_ps(scale), t = _mm256_set1_ps(shift);
    size_t i = 0;
    for (; i + 8 <= n; i += 8)
        _mm256_storeu_ps(y + i, avx2::activate(act, _mm256_fmadd_ps(_mm256_loadu_ps(x + i), s, t)));
    if (i < n) {
        const __m256i mask = avx2::tail_mask(static_cast<int>(n - i));
        _mm256_maskstore_ps(y + i, mask, avx2::activate(act, _mm256_fmadd_ps(_mm256_maskload_ps(x + i, mask), s, t)));
    }
}

}  // namespace corenn
