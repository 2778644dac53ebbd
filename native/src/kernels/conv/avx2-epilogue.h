// The conv epilogue for 8 lanes of one output channel (formula in corenn.h). AVX2 files only.
#pragma once

#include "config/kernels.h"
#include "kernels/activation/avx2-math.h"

namespace corenn::avx2 {

// `residual` points at the 8 (or, with a tail mask, fewer) residual values; unused for NONE.
inline __m256 conv_epilogue(__m256 acc, __m256 scale, __m256 shift, const float* residual, __m256i mask,
                            const ConvEpilogue& e) {
    __m256 t = _mm256_fmadd_ps(acc, scale, shift);
    if (e.residual == CORENN_RESIDUAL_BEFORE_ACTIVATION) t = _mm256_add_ps(t, _mm256_maskload_ps(residual, mask));
    t = activate(e.activation, t);
    if (e.residual == CORENN_RESIDUAL_AFTER_ACTIVATION) t = _mm256_add_ps(t, _mm256_maskload_ps(residual, mask));
    return t;
}

}  // namespace corenn::avx2
