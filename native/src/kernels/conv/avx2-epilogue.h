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

// The same epilogue as function objects, so a kernel can be compiled once per common case
// (no residual; identity, relu or relu6) with no branch per vector: the general version's
// switches cost a quarter of a depthwise conv's time. Called as f(acc, residual, mask).
struct EpilogueLinear {
    __m256 scale, shift;
    __m256 operator()(__m256 acc, const float*, __m256i) const { return _mm256_fmadd_ps(acc, scale, shift); }
};

struct EpilogueRelu {
    __m256 scale, shift;
    __m256 operator()(__m256 acc, const float*, __m256i) const {
        return _mm256_max_ps(_mm256_setzero_ps(), _mm256_fmadd_ps(acc, scale, shift));
    }
};

struct EpilogueRelu6 {
    __m256 scale, shift;
    __m256 operator()(__m256 acc, const float*, __m256i) const {
        return clip(_mm256_fmadd_ps(acc, scale, shift), _mm256_setzero_ps(), _mm256_set1_ps(6.0f));
    }
};

struct EpilogueGeneral {
    __m256 scale, shift;
    const ConvEpilogue* e;
    __m256 operator()(__m256 acc, const float* residual, __m256i mask) const {
        return conv_epilogue(acc, scale, shift, residual, mask, *e);
    }
};

// Calls body(epilogue) with the most specialised function object for e.
template <typename Body>
inline void with_epilogue(const ConvEpilogue& e, float scale, float shift, Body&& body) {
    const __m256 s = _mm256_set1_ps(scale), t = _mm256_set1_ps(shift);
    if (e.residual == CORENN_RESIDUAL_NONE) {
        switch (e.activation.kind) {
            case CORENN_ACT_IDENTITY: return body(EpilogueLinear{s, t});
            case CORENN_ACT_RELU: return body(EpilogueRelu{s, t});
            case CORENN_ACT_RELU6: return body(EpilogueRelu6{s, t});
            default: break;
        }
    }
    body(EpilogueGeneral{s, t, &e});
}

}  // namespace corenn::avx2
