#include "config/kernels.h"
#include "kernels/activation/avx2-math.h"

namespace corenn {

// One register holds 8 rows' weights for one input (the packed layout makes that one aligned load);
// 4 independent accumulators over consecutive inputs hide the FMA latency. The summation order is
// fixed, so the result does not depend on how blocks are split between threads.
void f32_gemv_8x4__avx2(const float* w_packed, const float* bias, const float* x, float* y, int in,
                        int rows, int block_begin, int block_end, const corenn_activation_desc& act) {
    for (int b = block_begin; b < block_end; ++b) {
        const float* w = w_packed + static_cast<size_t>(b) * in * 8;
        __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
        __m256 acc2 = _mm256_setzero_ps(), acc3 = _mm256_setzero_ps();
        int i = 0;
        for (; i + 4 <= in; i += 4) {
            acc0 = _mm256_fmadd_ps(_mm256_load_ps(w + (i + 0) * 8), _mm256_broadcast_ss(x + i + 0), acc0);
            acc1 = _mm256_fmadd_ps(_mm256_load_ps(w + (i + 1) * 8), _mm256_broadcast_ss(x + i + 1), acc1);
            acc2 = _mm256_fmadd_ps(_mm256_load_ps(w + (i + 2) * 8), _mm256_broadcast_ss(x + i + 2), acc2);
            acc3 = _mm256_fmadd_ps(_mm256_load_ps(w + (i + 3) * 8), _mm256_broadcast_ss(x + i + 3), acc3);
        }
        for (; i < in; ++i)
            acc0 = _mm256_fmadd_ps(_mm256_load_ps(w + i * 8), _mm256_broadcast_ss(x + i), acc0);
        __m256 sum = _mm256_add_ps(_mm256_add_ps(acc0, acc1), _mm256_add_ps(acc2, acc3));
        sum = avx2::activate(act, _mm256_add_ps(sum, _mm256_load_ps(bias + b * 8)));
        const int valid = rows - b * 8;
        if (valid >= 8) _mm256_storeu_ps(y + b * 8, sum);
        else _mm256_maskstore_ps(y + b * 8, avx2::tail_mask(valid), sum);
    }
}

}  // namespace corenn
