#include "kernels/conv/avx2-epilogue.h"

namespace corenn {

// Eight pixels of one channel per step; the tail uses masked loads and stores so no row is read or
// written past `count` (the next row may belong to another thread).
void f32_conv_epilogue_8x__avx2(float* y, const float* residual, size_t ld, int rows, int count, const float* scale,
                                const float* shift, const ConvEpilogue& e) {
    const __m256i all = _mm256_set1_epi32(-1);
    const __m256i tail = avx2::tail_mask(count % 8);
    for (int r = 0; r < rows; ++r) {
        float* row = y + r * ld;
        const float* res = residual != nullptr ? residual + r * ld : nullptr;
        const __m256 s = _mm256_set1_ps(scale[r]), t = _mm256_set1_ps(shift[r]);
        int j = 0;
        for (; j + 8 <= count; j += 8)
            _mm256_storeu_ps(row + j, avx2::conv_epilogue(_mm256_loadu_ps(row + j), s, t, res != nullptr ? res + j : nullptr, all, e));
        if (j < count) {
            const __m256 acc = _mm256_maskload_ps(row + j, tail);
            _mm256_maskstore_ps(row + j, tail, avx2::conv_epilogue(acc, s, t, res != nullptr ? res + j : nullptr, tail, e));
        }
    }
}

}  // namespace corenn
