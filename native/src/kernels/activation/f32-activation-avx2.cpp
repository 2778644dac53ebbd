#include "config/kernels.h"
#include "kernels/activation/avx2-math.h"

namespace corenn {

namespace {

// The kind is fixed per call, so each loop body is specialised instead of switching per vector.
template <typename F>
void map(const float* x, float* y, size_t n, F f) {
    size_t i = 0;
    for (; i + 8 <= n; i += 8) _mm256_storeu_ps(y + i, f(_mm256_loadu_ps(x + i)));
    if (i < n) {
        const __m256i mask = avx2::tail_mask(static_cast<int>(n - i));
        _mm256_maskstore_ps(y + i, mask, f(_mm256_maskload_ps(x + i, mask)));
    }
}

}  // namespace

void f32_activation__avx2(const corenn_activation_desc& act, const float* x, float* y, size_t n) {
    switch (act.kind) {
        case CORENN_ACT_SIGMOID: return map(x, y, n, [](__m256 v) { return avx2::sigmoid(v); });
        case CORENN_ACT_TANH: return map(x, y, n, [](__m256 v) { return avx2::tanh(v); });
        case CORENN_ACT_RELU: {
            const __m256 zero = _mm256_setzero_ps();
            return map(x, y, n, [zero](__m256 v) { return _mm256_max_ps(zero, v); });
        }
        default: return map(x, y, n, [&act](__m256 v) { return avx2::activate(act, v); });
    }
}

}  // namespace corenn
