// The conv epilogue for 16 lanes of one output channel (formula in corenn.h), the AVX-512 twin of
// avx2-epilogue.h with the same function objects. AVX-512 files only.
#pragma once

#include "config/kernels.h"
#include "kernels/activation/avx512-math.h"

namespace corenn::avx512 {

// `residual` points at the 16 (or, with a tail mask, fewer) residual values; unused for NONE.
inline __m512 conv_epilogue(__m512 acc, __m512 scale, __m512 shift, const float* residual, __mmask16 mask,
                            const ConvEpilogue& e) {
    __m512 t = _mm512_fmadd_ps(acc, scale, shift);
    if (e.residual == CORENN_RESIDUAL_BEFORE_ACTIVATION) t = _mm512_add_ps(t, _mm512_maskz_loadu_ps(mask, residual));
    t = activate(e.activation, t);
    if (e.residual == CORENN_RESIDUAL_AFTER_ACTIVATION) t = _mm512_add_ps(t, _mm512_maskz_loadu_ps(mask, residual));
    return t;
}

// Compiled once per common case (no residual; identity, relu or relu6) with no branch per vector.
// Called as f(acc, residual, mask).
struct EpilogueLinear {
    __m512 scale, shift;
    __m512 operator()(__m512 acc, const float*, __mmask16) const { return _mm512_fmadd_ps(acc, scale, shift); }
};

struct EpilogueRelu {
    __m512 scale, shift;
    __m512 operator()(__m512 acc, const float*, __mmask16) const {
        return _mm512_max_ps(_mm512_setzero_ps(), _mm512_fmadd_ps(acc, scale, shift));
    }
};

struct EpilogueRelu6 {
    __m512 scale, shift;
    __m512 operator()(__m512 acc, const float*, __mmask16) const {
        return clip(_mm512_fmadd_ps(acc, scale, shift), _mm512_setzero_ps(), _mm512_set1_ps(6.0f));
    }
};

struct EpilogueGeneral {
    __m512 scale, shift;
    const ConvEpilogue* e;
    __m512 operator()(__m512 acc, const float* residual, __mmask16 mask) const {
        return conv_epilogue(acc, scale, shift, residual, mask, *e);
    }
};

// Calls body(epilogue) with the most specialised function object for e.
template <typename Body>
inline void with_epilogue(const ConvEpilogue& e, float scale, float shift, Body&& body) {
    const __m512 s = _mm512_set1_ps(scale), t = _mm512_set1_ps(shift);
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

}  // namespace corenn::avx512
