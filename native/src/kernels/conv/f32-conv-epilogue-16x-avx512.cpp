#include "kernels/conv/avx512-epilogue.h"

namespace corenn {

namespace {

// Sixteen pixels of one channel per step; the tail is masked so no row is read or written past
// `count` (the next row may belong to another thread).
template <typename Epilogue>
void apply_row(float* row, const float* res, int count, const Epilogue& epilogue) {
    int j = 0;
    for (; j + 16 <= count; j += 16)
        _mm512_storeu_ps(row + j, epilogue(_mm512_loadu_ps(row + j), res != nullptr ? res + j : nullptr, 0xffff));
    if (j < count) {
        const __mmask16 tail = avx512::tail_mask(count - j);
        const __m512 acc = _mm512_maskz_loadu_ps(tail, row + j);
        _mm512_mask_storeu_ps(row + j, tail, epilogue(acc, res != nullptr ? res + j : nullptr, tail));
    }
}

}  // namespace

void f32_conv_epilogue_16x__avx512(float* y, const float* residual, size_t ld, int rows, int count, const float* scale,
                                   const float* shift, const ConvEpilogue& e) {
    for (int r = 0; r < rows; ++r) {
        float* row = y + r * ld;
        const float* res = residual != nullptr ? residual + r * ld : nullptr;
        avx512::with_epilogue(e, scale[r], shift[r],
                              [&](const auto& epilogue) { apply_row(row, res, count, epilogue); });
    }
}

}  // namespace corenn
