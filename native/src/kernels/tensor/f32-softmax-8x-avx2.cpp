#include <cmath>

#include "config/kernels.h"
#include "kernels/activation/avx2-math.h"

namespace corenn {

namespace {

float horizontal_max(__m256 v) {
    __m128 m = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    m = _mm_max_ps(m, _mm_movehl_ps(m, m));
    m = _mm_max_ss(m, _mm_movehdup_ps(m));
    return _mm_cvtss_f32(m);
}

float horizontal_sum(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

// stride == 1: the axis is contiguous, so the vectors run along it. Masked-off tail lanes load as
// 0, so the max starts from -inf lanes blended in and the tail's exp terms are masked out.
void softmax_row(const float* x, float* y, int n, bool log) {
    const __m256i tail = avx2::tail_mask(n % 8);
    const int full = n / 8 * 8;
    __m256 vmax = _mm256_set1_ps(-INFINITY);
    for (int i = 0; i < full; i += 8) vmax = _mm256_max_ps(vmax, _mm256_loadu_ps(x + i));
    if (full < n)
        vmax = _mm256_max_ps(vmax, _mm256_blendv_ps(_mm256_set1_ps(-INFINITY), _mm256_maskload_ps(x + full, tail),
                                                    _mm256_castsi256_ps(tail)));
    const float max = horizontal_max(vmax);
    const __m256 vm = _mm256_set1_ps(max);
    __m256 vsum = _mm256_setzero_ps();
    for (int i = 0; i < full; i += 8) vsum = _mm256_add_ps(vsum, avx2::exp(_mm256_sub_ps(_mm256_loadu_ps(x + i), vm)));
    if (full < n) {
        const __m256 e = avx2::exp(_mm256_sub_ps(_mm256_maskload_ps(x + full, tail), vm));
        vsum = _mm256_add_ps(vsum, _mm256_and_ps(e, _mm256_castsi256_ps(tail)));
    }
    const float sum = horizontal_sum(vsum);
    auto out = [&](__m256 v) {
        // (x - max) first: exact for the large entries, so log(sum) is not lost in max's rounding.
        return log ? _mm256_sub_ps(_mm256_sub_ps(v, vm), _mm256_set1_ps(std::log(sum)))
                   : _mm256_mul_ps(avx2::exp(_mm256_sub_ps(v, vm)), _mm256_set1_ps(1.0f / sum));
    };
    for (int i = 0; i < full; i += 8) _mm256_storeu_ps(y + i, out(_mm256_loadu_ps(x + i)));
    if (full < n) _mm256_maskstore_ps(y + full, tail, out(_mm256_maskload_ps(x + full, tail)));
}

// stride > 1: eight adjacent columns per vector, three passes down the axis.
void softmax_columns(const float* x, float* y, int n, size_t stride, size_t col, __m256i mask, bool log) {
    __m256 vmax = _mm256_maskload_ps(x + col, mask);
    for (int i = 1; i < n; ++i) vmax = _mm256_max_ps(vmax, _mm256_maskload_ps(x + i * stride + col, mask));
    __m256 vsum = _mm256_setzero_ps();
    for (int i = 0; i < n; ++i)
        vsum = _mm256_add_ps(vsum, avx2::exp(_mm256_sub_ps(_mm256_maskload_ps(x + i * stride + col, mask), vmax)));
    if (log) {
        // Eight scalar logs per column block: negligible next to the n exps.
        alignas(32) float sums[8], logs[8];
        _mm256_store_ps(sums, vsum);
        for (int l = 0; l < 8; ++l) logs[l] = std::log(sums[l]);
        const __m256 log_sum = _mm256_load_ps(logs);
        for (int i = 0; i < n; ++i) {
            const __m256 centered = _mm256_sub_ps(_mm256_maskload_ps(x + i * stride + col, mask), vmax);
            _mm256_maskstore_ps(y + i * stride + col, mask, _mm256_sub_ps(centered, log_sum));
        }
        return;
    }
    const __m256 inverse = _mm256_div_ps(_mm256_set1_ps(1.0f), vsum);
    for (int i = 0; i < n; ++i) {
        const __m256 e = avx2::exp(_mm256_sub_ps(_mm256_maskload_ps(x + i * stride + col, mask), vmax));
        _mm256_maskstore_ps(y + i * stride + col, mask, _mm256_mul_ps(e, inverse));
    }
}

}  // namespace

void f32_softmax_8x__avx2(const float* x, float* y, int n, size_t stride, size_t columns, bool log) {
    if (stride == 1) {
        softmax_row(x, y, n, log);
        return;
    }
    const __m256i all = _mm256_set1_epi32(-1);
    size_t col = 0;
    for (; col + 8 <= columns; col += 8) softmax_columns(x, y, n, stride, col, all, log);
    if (col < columns) softmax_columns(x, y, n, stride, col, avx2::tail_mask(static_cast<int>(columns - col)), log);
}

}  // namespace corenn
