// Vectorised exp, sigmoid and tanh for AVX2 + FMA. Include only from files built with -mavx2 -mfma.
//
// Accuracy (measured by tests/activation_test.cpp over a dense grid of [-20, 20] and at extremes):
// exp has a relative error under 2 ulp on [-87, 88]; sigmoid and tanh have an absolute error
// under 1e-6 everywhere. Large |x| saturate exactly to 0/1 (sigmoid) and -1/1 (tanh), and NaN in
// gives NaN out. The clamps put the NaN-carrying operand second because _mm256_min/max_ps return
// their second operand when either is NaN.
#pragma once

#include <corenn/corenn.h>
#include <immintrin.h>

namespace corenn::avx2 {

// e^x: x = n ln2 + r with |r| <= ln2/2, e^r by a degree-6 polynomial (Cephes' expf coefficients,
// a minimax fit), and 2^n built directly in the exponent bits.
inline __m256 exp(__m256 x) {
    const __m256 hi = _mm256_set1_ps(88.0f), lo = _mm256_set1_ps(-87.0f);
    x = _mm256_max_ps(lo, _mm256_min_ps(hi, x));
    const __m256 n = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(1.44269504088896341f)),
                                     _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    // Two-step ln2 (hi part exact in float) keeps r accurate for large n.
    __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693359375f), x);
    r = _mm256_fnmadd_ps(n, _mm256_set1_ps(-2.12194440e-4f), r);
    __m256 p = _mm256_set1_ps(1.9875691500e-4f);
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.3981999507e-3f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(8.3334519073e-3f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(4.1665795894e-2f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.6666665459e-1f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(5.0000001201e-1f));
    const __m256 r2 = _mm256_mul_ps(r, r);
    p = _mm256_fmadd_ps(p, r2, _mm256_add_ps(r, _mm256_set1_ps(1.0f)));
    const __m256i bits = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23);
    return _mm256_mul_ps(p, _mm256_castsi256_ps(bits));
}

inline __m256 sigmoid(__m256 x) {
    const __m256 one = _mm256_set1_ps(1.0f);
    const __m256 e = exp(_mm256_sub_ps(_mm256_setzero_ps(), x));
    return _mm256_div_ps(one, _mm256_add_ps(one, e));
}

// tanh(|x|) = 1 - 2 / (e^{2|x|} + 1), sign restored after; absolute error near 0 is ~1e-7.
inline __m256 tanh(__m256 x) {
    const __m256 sign_mask = _mm256_set1_ps(-0.0f);
    const __m256 sign = _mm256_and_ps(x, sign_mask);
    const __m256 ax = _mm256_andnot_ps(sign_mask, x);
    const __m256 one = _mm256_set1_ps(1.0f);
    const __m256 e = exp(_mm256_add_ps(ax, ax));
    const __m256 t = _mm256_sub_ps(one, _mm256_div_ps(_mm256_set1_ps(2.0f), _mm256_add_ps(e, one)));
    return _mm256_or_ps(t, sign);
}

inline __m256 clip(__m256 x, __m256 lo, __m256 hi) { return _mm256_min_ps(hi, _mm256_max_ps(lo, x)); }

// Applies an activation to 8 lanes. A switch per call: fine for epilogues that run once per tile.
inline __m256 activate(const corenn_activation_desc& act, __m256 x) {
    const __m256 zero = _mm256_setzero_ps();
    switch (act.kind) {
        case CORENN_ACT_RELU: return _mm256_max_ps(zero, x);
        case CORENN_ACT_LEAKY_RELU: {
            const __m256 negative = _mm256_cmp_ps(x, zero, _CMP_LT_OQ);
            return _mm256_blendv_ps(x, _mm256_mul_ps(x, _mm256_set1_ps(act.alpha)), negative);
        }
        case CORENN_ACT_SIGMOID: return sigmoid(x);
        case CORENN_ACT_TANH: return tanh(x);
        case CORENN_ACT_RELU6: return clip(x, zero, _mm256_set1_ps(6.0f));
        case CORENN_ACT_HARDSWISH: {
            const __m256 gate = clip(_mm256_add_ps(x, _mm256_set1_ps(3.0f)), zero, _mm256_set1_ps(6.0f));
            return _mm256_mul_ps(_mm256_mul_ps(x, gate), _mm256_set1_ps(1.0f / 6.0f));
        }
        case CORENN_ACT_CLIP: return clip(x, _mm256_set1_ps(act.alpha), _mm256_set1_ps(act.beta));
        default: return x;
    }
}

// Lane mask for the first `count` (0..8) lanes, for maskload/maskstore of tails.
inline __m256i tail_mask(int count) {
    const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(count), lanes);
}

}  // namespace corenn::avx2
