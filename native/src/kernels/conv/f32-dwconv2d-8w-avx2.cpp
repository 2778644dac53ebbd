#include "kernels/conv/avx2-epilogue.h"

namespace corenn {

namespace {

// Offset of tap (kh, kw) from the top-left of an output row's window in the phase-split plane.
size_t tap_offset(const PhasePlane& p, int kh, int kw) {
    const int column = kw * p.dilation_w;
    return static_cast<size_t>(kh) * p.dilation_h * p.row_stride + (column % p.stride_w) * p.phase_stride +
           column / p.stride_w;
}

// 3x3, the common case: the nine weights and tap offsets stay in registers, eight output columns
// per vector, one FMA chain per vector (independent vectors overlap in the out-of-order window).
void dwconv_3x3(const PhasePlane& p, const float* w, float scale, float shift, const float* residual, float* y,
                const ConvEpilogue& e) {
    __m256 wv[9];
    size_t offset[9];
    for (int t = 0; t < 9; ++t) {
        wv[t] = _mm256_broadcast_ss(w + t);
        offset[t] = tap_offset(p, t / 3, t % 3);
    }
    const __m256 s = _mm256_set1_ps(scale), b = _mm256_set1_ps(shift);
    const __m256i all = _mm256_set1_epi32(-1), tail = avx2::tail_mask(p.out_w % 8);
    for (int oh = 0; oh < p.out_h; ++oh) {
        const float* base = p.phases + static_cast<size_t>(oh) * p.stride_h * p.row_stride;
        float* out = y + static_cast<size_t>(oh) * p.out_w;
        const float* res = residual != nullptr ? residual + static_cast<size_t>(oh) * p.out_w : nullptr;
        for (int ow = 0; ow < p.out_w; ow += 8) {
            const float* x = base + ow;
            __m256 acc = _mm256_mul_ps(wv[0], _mm256_loadu_ps(x + offset[0]));
            for (int t = 1; t < 9; ++t) acc = _mm256_fmadd_ps(wv[t], _mm256_loadu_ps(x + offset[t]), acc);
            const bool full = ow + 8 <= p.out_w;
            const __m256 v = avx2::conv_epilogue(acc, s, b, res != nullptr ? res + ow : nullptr, full ? all : tail, e);
            if (full) _mm256_storeu_ps(out + ow, v);
            else _mm256_maskstore_ps(out + ow, tail, v);
        }
    }
}

// Any other shape: the output row is the accumulator, one tap at a time over the whole row (the
// row stays in L1), then the epilogue runs over it.
void dwconv_any(const PhasePlane& p, const float* w, float scale, float shift, const float* residual, float* y,
                const ConvEpilogue& e) {
    const __m256 s = _mm256_set1_ps(scale), b = _mm256_set1_ps(shift);
    const __m256i all = _mm256_set1_epi32(-1), tail = avx2::tail_mask(p.out_w % 8);
    for (int oh = 0; oh < p.out_h; ++oh) {
        const float* base = p.phases + static_cast<size_t>(oh) * p.stride_h * p.row_stride;
        float* out = y + static_cast<size_t>(oh) * p.out_w;
        const float* res = residual != nullptr ? residual + static_cast<size_t>(oh) * p.out_w : nullptr;
        for (int ow = 0; ow < p.out_w; ow += 8) {
            const __m256i mask = ow + 8 <= p.out_w ? all : tail;
            _mm256_maskstore_ps(out + ow, mask, _mm256_setzero_ps());
        }
        for (int kh = 0; kh < p.kernel_h; ++kh)
            for (int kw = 0; kw < p.kernel_w; ++kw) {
                const float* x = base + tap_offset(p, kh, kw);
                const __m256 wv = _mm256_broadcast_ss(w + kh * p.kernel_w + kw);
                for (int ow = 0; ow < p.out_w; ow += 8) {
                    const __m256i mask = ow + 8 <= p.out_w ? all : tail;
                    const __m256 acc = _mm256_maskload_ps(out + ow, mask);
                    _mm256_maskstore_ps(out + ow, mask, _mm256_fmadd_ps(wv, _mm256_loadu_ps(x + ow), acc));
                }
            }
        for (int ow = 0; ow < p.out_w; ow += 8) {
            const __m256i mask = ow + 8 <= p.out_w ? all : tail;
            const __m256 v = avx2::conv_epilogue(_mm256_maskload_ps(out + ow, mask), s, b,
                                                 res != nullptr ? res + ow : nullptr, mask, e);
            _mm256_maskstore_ps(out + ow, mask, v);
        }
    }
}

}  // namespace

void f32_dwconv2d_8w__avx2(const PhasePlane& p, const float* w, float scale, float shift, const float* residual,
                           float* y, const ConvEpilogue& e) {
    if (p.kernel_h == 3 && p.kernel_w == 3) dwconv_3x3(p, w, scale, shift, residual, y, e);
    else dwconv_any(p, w, scale, shift, residual, y, e);
}

}  // namespace corenn
