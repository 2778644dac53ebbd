#include "config/kernels.h"
#include "kernels/activation/avx512-math.h"

namespace corenn {

namespace {

// The kind is fixed per call, so each loop body is specialised instead of switching per vector.
template <typename F>
void map(const float* x, float* y, size_t n, F f) {
    size_t i = 0;
    for (; i + 16 <= n; i += 16) _mm512_storeu_ps(y + i, f(_mm512_loadu_ps(x + i)));
    if (i < n) {
        const __mmask16 mask = avx512::tail_mask(static_cast<int>(n - i));
        _mm512_mask_storeu_ps(y + i, mask, f(_mm512_maskz_loadu_ps(mask, x + i)));
    }
}

}  // namespace

void f32_activation__avx512(const corenn_activation_desc& act, const float* x, float* y, size_t n) {
    switch (act.kind) {
        case CORENN_ACT_SIGMOID: return map(x, y, n, [](__m512 v) { return avx512::sigmoid(v); });
        case CORENN_ACT_TANH: return map(x, y, n, [](__m512 v) { return avx512::tanh(v); });
        case CORENN_ACT_RELU: {
            const __m512 zero = _mm512_setzero_ps();
            return map(x, y, n, [zero](__m512 v) { return _mm512_max_ps(zero, v); });
        }
        default: return map(x, y, n, [&act](__m512 v) { return avx512::activate(act, v); });
    }
}

}  // namespace corenn
