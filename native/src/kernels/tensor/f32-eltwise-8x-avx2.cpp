#include "config/kernels.h"
#include "kernels/activation/avx2-math.h"

namespace corenn {

namespace {

// A broadcast operand (step 0) is one register for the whole run.
template <typename Op>
void apply(Op op, const float* a, int a_step, const float* b, int b_step, float* y, size_t n) {
    const __m256 a_fixed = _mm256_set1_ps(*a), b_fixed = _mm256_set1_ps(*b);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        const __m256 va = a_step != 0 ? _mm256_loadu_ps(a + i) : a_fixed;
        const __m256 vb = b_step != 0 ? _mm256_loadu_ps(b + i) : b_fixed;
        _mm256_storeu_ps(y + i, op(va, vb));
    }
    if (i < n) {
        const __m256i mask = avx2::tail_mask(static_cast<int>(n - i));
        const __m256 va = a_step != 0 ? _mm256_maskload_ps(a + i, mask) : a_fixed;
        const __m256 vb = b_step != 0 ? _mm256_maskload_ps(b + i, mask) : b_fixed;
        _mm256_maskstore_ps(y + i, mask, op(va, vb));
    }
}

}  // namespace

void f32_eltwise_8x__avx2(int kind, const float* a, int a_step, const float* b, int b_step, float* y, size_t n) {
    if (kind == CORENN_ELTWISE_ADD)
        apply([](__m256 u, __m256 v) { return _mm256_add_ps(u, v); }, a, a_step, b, b_step, y, n);
    else
        apply([](__m256 u, __m256 v) { return _mm256_mul_ps(u, v); }, a, a_step, b, b_step, y, n);
}

}  // namespace corenn
