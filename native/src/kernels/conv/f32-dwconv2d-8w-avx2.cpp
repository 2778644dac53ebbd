#include "kernels/conv/avx2-epilogue.h"

namespace corenn {

namespace {

// Offset of tap (kh, kw) from the top-left of an output row's window in the phase-split plane.
size_t tap_offset(const PhasePlane& p, int kh, int kw) {
    const int column = kw * p.dilation_w;
    return static_cast<size_t>(kh) * p.dilation_h * p.row_stride + (column % p.stride_w) * p.phase_stride +
           column / p.stride_w;
}

// 3x3, the common case: the nine weights stay in registers and up to four vectors (32 output
// columns) of one output row are computed together, so four independent FMA chains hide the FMA
// latency. Taps address as row pointer (kh) + column offset (kw), six integers in registers.
template <int Vectors>
inline void dwconv_3x3_block(const float* const row[3], const size_t column[3], const __m256 wv[9], int ow,
                             int valid, __m256 scale, __m256 shift, const float* res, float* out,
                             const ConvEpilogue& e) {
    __m256 acc[Vectors];
    for (int v = 0; v < Vectors; ++v) acc[v] = _mm256_setzero_ps();
    for (int kh = 0; kh < 3; ++kh)
        for (int kw = 0; kw < 3; ++kw) {
            const float* x = row[kh] + column[kw] + ow;
            for (int v = 0; v < Vectors; ++v) acc[v] = _mm256_fmadd_ps(wv[kh * 3 + kw], _mm256_loadu_ps(x + 8 * v), acc[v]);
        }
    for (int v = 0; v < Vectors; ++v) {
        const int at = ow + 8 * v;
        const int lanes = valid - 8 * v;
        const __m256i mask = avx2::tail_mask(lanes >= 8 ? 8 : lanes);
        const __m256 r = avx2::conv_epilogue(acc[v], scale, shift, res != nullptr ? res + at : nullptr, mask, e);
        if (lanes >= 8) _mm256_storeu_ps(out + at, r);
        else _mm256_maskstore_ps(out + at, mask, r);
    }
}

void dwconv_3x3(const PhasePlane& p, const float* w, float scale, float shift, const float* residual, float* y,
                const ConvEpilogue& e) {
    __m256 wv[9];
    for (int t = 0; t < 9; ++t) wv[t] = _mm256_broadcast_ss(w + t);
    size_t column[3];
    for (int kw = 0; kw < 3; ++kw) column[kw] = tap_offset(p, 0, kw);
    const __m256 s = _mm256_set1_ps(scale), b = _mm256_set1_ps(shift);
    for (int oh = 0; oh < p.out_h; ++oh) {
        const float* row[3];
        for (int kh = 0; kh < 3; ++kh)
            row[kh] = p.phases + (static_cast<size_t>(oh) * p.stride_h + static_cast<size_t>(kh) * p.dilation_h) * p.row_stride;
        float* out = y + static_cast<size_t>(oh) * p.out_w;
        const float* res = residual != nullptr ? residual + static_cast<size_t>(oh) * p.out_w : nullptr;
        int ow = 0;
        for (; ow + 32 <= p.out_w; ow += 32) dwconv_3x3_block<4>(row, column, wv, ow, 32, s, b, res, out, e);
        const int left = p.out_w - ow;
        if (left > 24) dwconv_3x3_block<4>(row, column, wv, ow, left, s, b, res, out, e);
        else if (left > 16) dwconv_3x3_block<3>(row, column, wv, ow, left, s, b, res, out, e);
        else if (left > 8) dwconv_3x3_block<2>(row, column, wv, ow, left, s, b, res, out, e);
        else if (left > 0) dwconv_3x3_block<1>(row, column, wv, ow, left, s, b, res, out, e);
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
