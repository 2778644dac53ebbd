// Vectorised exp, sigmoid and tanh for AVX-512. Include only from *-avx512.cpp files.
//
// The same operation sequence as avx2-math.h (same clamps, rounding, polynomial and divisions), so
// every lane gives the bit-identical result of the AVX2 version and the accuracy stated there holds:
// sigmoid and tanh absolute error under 1e-6, exact saturation for large |x|, NaN in gives NaN out
// (min/max return their second operand when either is NaN, as in AVX).
#pragma once

#include <corenn/corenn.h>
#include <immintrin.h>

namespace corenn::avx512 {

inline __m512 exp(__m512 x) {
    const __m512 hi = _mm512_set1_ps(88.0f), lo = _mm512_set1_ps(-87.0f);
    x = _mm512_max_ps(lo, _mm512_min_ps(hi, x));
    const __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(1.44269504088896341f)),
                                          _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(0.693359375f), x);
    r = _mm512_fnmadd_ps(n, _mm512_set1_ps(-2.12194440e-4f), r);
    __m512 p = _mm512_set1_ps(1.9875691500e-4f);
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.3981999507e-3f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(8.3334519073e-3f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(4.1665795894e-2f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.6666665459e-1f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(5.0000001201e-1f));
    const __m512 r2 = _mm512_mul_ps(r, r);
    p = _mm512_fmadd_ps(p, r2, _mm512_add_ps(r, _mm512_set1_ps(1.0f)));
    const __m512i bits = _mm512_slli_epi32(_mm512_add_epi32(_mm512_cvtps_epi32(n), _mm512_set1_epi32(127)), 23);
    return _mm512_mul_ps(p, _mm512_castsi512_ps(bits));
}

inline __m512 sigmoid(__m512 x) {
    const __m512 one = _mm512_set1_ps(1.0f);
    const __m512 e = exp(_mm512_sub_ps(_mm512_setzero_ps(), x));
    return _mm512_div_ps(one, _mm512_add_ps(one, e));
}

// tanh(|x|) = 1 - 2 / (e^{2|x|} + 1), sign restored after.
inline __m512 tanh(__m512 x) {
    const __m512i sign_mask = _mm512_set1_epi32(static_cast<int>(0x80000000u));
    const __m512i xi = _mm512_castps_si512(x);
    const __m512i sign = _mm512_and_si512(xi, sign_mask);
    const __m512 ax = _mm512_castsi512_ps(_mm512_andnot_si512(sign_mask, xi));
    const __m512 one = _mm512_set1_ps(1.0f);
    const __m512 e = exp(_mm512_add_ps(ax, ax));
    const __m512 t = _mm512_sub_ps(one, _mm512_div_ps(_mm512_set1_ps(2.0f), _mm512_add_ps(e, one)));
    return _mm512_castsi512_ps(_mm512_or_si512(_mm512_castps_si512(t), sign));
}

inline __m512 clip(__m512 x, __m512 lo, __m512 hi) { return _mm512_min_ps(hi, _mm512_max_ps(lo, x)); }

// Applies an activation to 16 lanes. A switch per call: fine for epilogues that run once per tile.
inline __m512 activate(const corenn_activation_desc& act, __m512 x) {
    const __m512 zero = _mm512_setzero_ps();
    switch (act.kind) {
        case CORENN_ACT_RELU: return _mm512_max_ps(zero, x);
        case CORENN_ACT_LEAKY_RELU: {
            const __mmask16 negative = _mm512_cmp_ps_mask(x, zero, _CMP_LT_OQ);
            return _mm512_mask_mul_ps(x, negative, x, _mm512_set1_ps(act.alpha));
        }
        case CORENN_ACT_SIGMOID: return sigmoid(x);
        case CORENN_ACT_TANH: return tanh(x);
        case CORENN_ACT_RELU6: return clip(x, zero, _mm512_set1_ps(6.0f));
        case CORENN_ACT_HARDSWISH: {
            const __m512 gate = clip(_mm512_add_ps(x, _mm512_set1_ps(3.0f)), zero, _mm512_set1_ps(6.0f));
            return _mm512_mul_ps(_mm512_mul_ps(x, gate), _mm512_set1_ps(1.0f / 6.0f));
        }
        case CORENN_ACT_CLIP: return clip(x, _mm512_set1_ps(act.alpha), _mm512_set1_ps(act.beta));
        default: return x;
    }
}

// Mask of the first `count` (0..16) lanes, for masked loads and stores of tails (cheap on AVX-512,
// unlike AVX2's maskstore).
inline __mmask16 tail_mask(int count) {
    return count >= 16 ? static_cast<__mmask16>(0xffff) : static_cast<__mmask16>((1u << count) - 1u);
}

}  // namespace corenn::avx512
