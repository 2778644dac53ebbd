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
// With `spill`, a partial last vector is stored whole: its extra lanes land on the start of the
// next output row, which is computed afterwards and overwrites them. That avoids a masked store
// per row (microcoded and slow on AMD); the plane's last row never spills (past it lies another
// thread's plane).
template <int Vectors, typename Epilogue>
inline void dwconv_3x3_block(const float* const row[3], const size_t column[3], const __m256 wv[9], int ow,
                             int valid, bool spill, const Epilogue& epilogue, const float* res, float* out) {
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
        const __m256 r = epilogue(acc[v], res != nullptr ? res + at : nullptr, mask);
        if (lanes >= 8 || spill) _mm256_storeu_ps(out + at, r);
        else _mm256_maskstore_ps(out + at, mask, r);
    }
}

template <typename Epilogue>
void dwconv_3x3(const PhasePlane& p, const float* w, const Epilogue& epilogue, const float* residual, float* y) {
    __m256 wv[9];
    for (int t = 0; t < 9; ++t) wv[t] = _mm256_broadcast_ss(w + t);
    size_t column[3];
    for (int kw = 0; kw < 3; ++kw) column[kw] = tap_offset(p, 0, kw);
    for (int oh = 0; oh < p.out_h; ++oh) {
        const float* row[3];
        for (int kh = 0; kh < 3; ++kh)
            row[kh] = p.phases + (static_cast<size_t>(oh) * p.stride_h + static_cast<size_t>(kh) * p.dilation_h) * p.row_stride;
        float* out = y + static_cast<size_t>(oh) * p.out_w;
        const float* res = residual != nullptr ? residual + static_cast<size_t>(oh) * p.out_w : nullptr;
        // Spill only while the rest of the plane has room for a whole vector.
        const bool spill = static_cast<int64_t>(p.out_h - oh - 1) * p.out_w >= 8;
        int ow = 0;
        for (; ow + 32 <= p.out_w; ow += 32) dwconv_3x3_block<4>(row, column, wv, ow, 32, false, epilogue, res, out);
        const int left = p.out_w - ow;
        if (left > 24) dwconv_3x3_block<4>(row, column, wv, ow, left, spill, epilogue, res, out);
        else if (left > 16) dwconv_3x3_block<3>(row, column, wv, ow, left, spill, epilogue, res, out);
        else if (left > 8) dwconv_3x3_block<2>(row, column, wv, ow, left, spill, epilogue, res, out);
        else if (left > 0) dwconv_3x3_block<1>(row, column, wv, ow, left, spill, epilogue, res, out);
    }
}

// Any other shape: the output row is the accumulator, one tap at a time over the whole row (the
// row stays in L1), then the epilogue runs over it. Only the row's last partial vector uses
// masked loads and stores.
inline __m256 load_row(const float* p, int lanes, __m256i tail) {
    return lanes >= 8 ? _mm256_loadu_ps(p) : _mm256_maskload_ps(p, tail);
}

inline void store_row(float* p, __m256 v, int lanes, __m256i tail) {
    if (lanes >= 8) _mm256_storeu_ps(p, v);
    else _mm256_maskstore_ps(p, tail, v);
}

void dwconv_any(const PhasePlane& p, const float* w, float scale, float shift, const float* residual, float* y,
                const ConvEpilogue& e) {
    const __m256 s = _mm256_set1_ps(scale), b = _mm256_set1_ps(shift);
    const __m256i all = _mm256_set1_epi32(-1), tail = avx2::tail_mask(p.out_w % 8);
    for (int oh = 0; oh < p.out_h; ++oh) {
        const float* base = p.phases + static_cast<size_t>(oh) * p.stride_h * p.row_stride;
        float* out = y + static_cast<size_t>(oh) * p.out_w;
        const float* res = residual != nullptr ? residual + static_cast<size_t>(oh) * p.out_w : nullptr;
        for (int ow = 0; ow < p.out_w; ow += 8) store_row(out + ow, _mm256_setzero_ps(), p.out_w - ow, tail);
        for (int kh = 0; kh < p.kernel_h; ++kh)
            for (int kw = 0; kw < p.kernel_w; ++kw) {
                const float* x = base + tap_offset(p, kh, kw);
                const __m256 wv = _mm256_broadcast_ss(w + kh * p.kernel_w + kw);
                for (int ow = 0; ow < p.out_w; ow += 8) {
                    const int lanes = p.out_w - ow;
                    const __m256 acc = load_row(out + ow, lanes, tail);
                    store_row(out + ow, _mm256_fmadd_ps(wv, _mm256_loadu_ps(x + ow), acc), lanes, tail);
                }
            }
        for (int ow = 0; ow < p.out_w; ow += 8) {
            const int lanes = p.out_w - ow;
            const __m256 v = avx2::conv_epilogue(load_row(out + ow, lanes, tail), s, b,
                                                 res != nullptr ? res + ow : nullptr, lanes >= 8 ? all : tail, e);
            store_row(out + ow, v, lanes, tail);
        }
    }
}

}  // namespace

void f32_dwconv2d_8w__avx2(const PhasePlane& p, const float* w, float scale, float shift, const float* residual,
                           float* y, const ConvEpilogue& e) {
    if (p.kernel_h == 3 && p.kernel_w == 3)
        avx2::with_epilogue(e, scale, shift, [&](const auto& epilogue) { dwconv_3x3(p, w, epilogue, residual, y); });
    else
        dwconv_any(p, w, scale, shift, residual, y, e);
}

}  // namespace corenn
