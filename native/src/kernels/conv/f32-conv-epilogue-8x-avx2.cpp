#include "kernels/conv/avx2-epilogue.h"

namespace corenn {

namespace {

// Eight pixels of one channel per step; the tail uses masked loads and stores so no row is read or
// written past `count` (the next row may belong to another thread).
template <typename Epilogue>
void apply_row(float* row, const float* res, int count, const Epilogue& epilogue) {
    const __m256i all = _mm256_set1_epi32(-1);
    int j = 0;
    for (; j + 8 <= count; j += 8)
        _mm256_storeu_ps(row + j, epilogue(_mm256_loadu_ps(row + j), res != nullptr ? res + j : nullptr, all));
    if (j < count) {
        const __m256i tail = avx2::tail_mask(count - j);
        const __m256 acc = _mm256_maskload_ps(row + j, tail);
        _mm256_maskstore_ps(row + j, tail, epilogue(acc, res != nullptr ? res + j : nullptr, tail));
    }
}

}  // namespace

void f32_conv_epilogue_8x__avx2(float* y, const float* residual, size_t ld, int rows, int count, const float* scale,
                                const float* shift, const ConvEpilogue& e) {
    for (int r = 0; r < rows; ++r) {
        float* row = y + r * ld;
        const float* res = residual != nullptr ? residual + r * ld : nullptr;
        avx2::with_epilogue(e, scale[r], shift[r], [&](const auto& epilogue) { apply_row(row, res, count, epilogue); });
    }
}

}  // namespace corenn
